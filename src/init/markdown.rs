//! A Markdown runbook into an [`Outline`], through pulldown-cmark's
//! CommonMark events: headings start sections; list items (numbered or
//! not, and how deep) and paragraphs are blocks; code blocks, images and
//! HTML are left out; a list inside a quote (a note) is read as text. An
//! HTML comment holding a list (a part of the plan "work in progress") is
//! read too, its blocks marked as commented out.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::outline::{BlockKind, Outline};

/// The outline of Markdown `text`.
pub fn outline(text: &str) -> Outline {
    let lines = LineIndex::new(text);
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, lines.line_of(range.start));
    }
    reader.flush();
    reader.outline
}

#[derive(Default)]
struct Reader {
    outline: Outline,
    /// Per open list: numbered or not.
    lists: Vec<bool>,
    /// Open items, counted so that a paragraph inside one stays with it.
    items: usize,
    quotes: usize,
    code: bool,
    heading: Option<(usize, usize)>,
    /// An HTML block being read, and its first line.
    html: Option<(String, usize)>,
    /// The block being read, and where it started.
    open: Option<(BlockKind, usize)>,
    buffer: String,
}

impl Reader {
    fn event(&mut self, event: Event, line: usize) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) if !self.code => self.buffer.push_str(&t),
            Event::Html(t) => {
                if let Some((html, _)) = &mut self.html {
                    html.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.buffer.push(' '),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, line: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some((heading_level(level), line));
            }
            Tag::List(first) => {
                // The text of an item before its nested list is its own.
                self.flush();
                self.lists.push(first.is_some());
            }
            Tag::Item => {
                self.flush();
                self.items += 1;
                let kind = if self.quotes > 0 {
                    BlockKind::Paragraph
                } else {
                    BlockKind::Item {
                        ordered: self.lists.last().copied().unwrap_or(false),
                        depth: self.lists.len().saturating_sub(1),
                    }
                };
                self.open = Some((kind, line));
            }
            Tag::Paragraph if self.open.is_none() => {
                self.open = Some((BlockKind::Paragraph, line));
            }
            Tag::BlockQuote(_) => {
                // A note inside an item is not the item's words.
                self.flush();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => self.code = true,
            Tag::Image { .. } => self.code = true,
            Tag::HtmlBlock => self.html = Some((String::new(), line)),
            _ => {}
        }
    }

    /// The lists in an HTML comment, as commented-out blocks.
    fn comment(&mut self) {
        let Some((html, line)) = self.html.take() else {
            return;
        };
        let Some(inner) = html
            .split_once("<!--")
            .and_then(|(_, rest)| rest.split_once("-->"))
            .map(|(inner, _)| inner)
        else {
            return;
        };
        for section in outline(inner).sections {
            for b in section.blocks {
                self.outline
                    .push_block(b.kind, &b.text, b.line + line - 1, true);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, line)) = self.heading.take() {
                    let title = super::outline::squeeze(&std::mem::take(&mut self.buffer));
                    self.outline.start_section(title, level, line);
                }
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::Paragraph if self.items == 0 => self.flush(),
            TagEnd::BlockQuote(_) => self.quotes = self.quotes.saturating_sub(1),
            TagEnd::CodeBlock | TagEnd::Image => self.code = false,
            TagEnd::HtmlBlock => self.comment(),
            _ => {}
        }
    }

    /// Ends the open block, if any.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buffer);
        if let Some((kind, line)) = self.open.take() {
            self.outline.push(kind, &text, line);
        }
    }
}

fn heading_level(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte offsets → line numbers (1-based).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::outline::Block;

    #[test]
    fn headings_items_and_paragraphs_with_their_lines() {
        let text = "# Plan\n\nIntro text\nmore.\n\n## Steps\n\n1. Stop writes\n   1. Check lag\n2. Promote `db`\n\n- note\n\n```sh\nrm -rf /\n```\n\n> - quoted item\n";
        let o = outline(text);
        assert_eq!(o.title.as_deref(), Some("Plan"));
        assert_eq!(o.sections.len(), 2);
        let blocks = &o.sections[1].blocks;
        let item = |ordered, depth| BlockKind::Item { ordered, depth };
        let got: Vec<(BlockKind, &str, usize)> = blocks
            .iter()
            .map(
                |Block {
                     kind, text, line, ..
                 }| (*kind, text.as_str(), *line),
            )
            .collect();
        assert_eq!(
            got,
            [
                (item(true, 0), "Stop writes", 8),
                (item(true, 1), "Check lag", 9),
                (item(true, 0), "Promote db", 10),
                (item(false, 0), "note", 12),
                (BlockKind::Paragraph, "quoted item", 18),
            ]
        );
        assert_eq!(o.sections[0].blocks[0].text, "Intro text more.");
        assert_eq!(o.sections[0].blocks[0].line, 3);
    }

    #[test]
    fn a_list_in_an_html_comment_is_read_as_commented_out() {
        let o = outline("# Plan\n\n1. Stop\n\n<!-- later\n\n1. restore the replica\n-->\n");
        let blocks = &o.sections[0].blocks;
        let got: Vec<(&str, usize, bool)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.line, b.commented))
            .collect();
        assert_eq!(
            got,
            [
                ("Stop", 3, false),
                ("later", 5, true),
                ("restore the replica", 7, true)
            ]
        );
    }
}
