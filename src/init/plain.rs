//! A reStructuredText or plain-text runbook into an [`Outline`], line by
//! line: a title underlined (and maybe overlined) with a run of one
//! punctuation character, or a line starting with `#`, starts a section
//! (levels in the order the underline styles first appear, as reST
//! ranks them); `*`, `-`, `+`, `•`, `1.`, `1)` and `#.` start list items
//! (nested by indentation); `| ` line blocks, and other runs of lines,
//! are paragraphs. reST markup (`` `name`_ ``, `**bold**`) is dropped,
//! and so are directives and link targets (`.. _x: url`).

use super::outline::{BlockKind, Outline};

/// The outline of reStructuredText or plain `text`.
pub fn outline(text: &str) -> Outline {
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = Reader::default();
    let mut i = 0;
    while i < lines.len() {
        if let Some(h) = heading_at(&lines, i) {
            reader.close();
            let level = style_level(&mut reader.styles, h.style);
            reader.out.start_section(clean(h.title), level, h.line);
            i += h.lines;
        } else {
            reader.line(lines[i], i + 1);
            i += 1;
        }
    }
    reader.close();
    reader.out
}

/// A reST title: its text, underline style, line and the lines it spans.
struct Heading<'a> {
    title: &'a str,
    style: char,
    line: usize,
    lines: usize,
}

/// The title at line `i` (0-based): over- and underlined, or underlined.
fn heading_at<'a>(lines: &[&'a str], i: usize) -> Option<Heading<'a>> {
    let line = lines[i];
    let next = lines.get(i + 1).copied();
    if is_rule(line) && lines.get(i + 2).is_some_and(|l| is_rule(l)) {
        let title = next.filter(|t| !t.trim().is_empty())?;
        return Some(Heading {
            title,
            style: rule_char(line),
            line: i + 2,
            lines: 3,
        });
    }
    let under = next.filter(|n| is_rule(n) && n.trim().len() >= 3)?;
    (!line.trim().is_empty() && !is_rule(line)).then(|| Heading {
        title: line,
        style: rule_char(under),
        line: i + 1,
        lines: 2,
    })
}

#[derive(Default)]
struct Reader {
    out: Outline,
    /// Underline styles in the order of first use.
    styles: Vec<char>,
    open: Option<Open>,
    /// Indentation of the open items, outermost first.
    item_indents: Vec<usize>,
}

impl Reader {
    /// One line that is not part of a title.
    fn line(&mut self, line: &str, number: usize) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            if matches!(
                self.open,
                Some(Open {
                    kind: BlockKind::Paragraph,
                    ..
                })
            ) {
                self.close();
            }
        } else if trimmed.starts_with("..") {
            self.close();
        } else if let Some(hashes) = markdown_heading(trimmed) {
            self.close();
            self.out
                .start_section(clean(&trimmed[hashes..]), hashes, number);
        } else if let Some((ordered, rest)) = list_marker(trimmed) {
            self.close();
            self.item_indents.retain(|d| *d < indent);
            let depth = self.item_indents.len();
            self.item_indents.push(indent);
            self.open = Some(Open {
                kind: BlockKind::Item { ordered, depth },
                text: rest.to_string(),
                line: number,
            });
        } else if let Some(rest) = trimmed.strip_prefix("| ") {
            // A line block: each line its own paragraph.
            self.close();
            self.out.push(BlockKind::Paragraph, &clean(rest), number);
        } else {
            self.continued(trimmed, indent, number);
        }
    }

    /// A line of text: the open item or paragraph goes on, or a new
    /// paragraph starts.
    fn continued(&mut self, trimmed: &str, indent: usize, number: usize) {
        match &mut self.open {
            Some(o) if indent > 0 || o.kind == BlockKind::Paragraph => {
                o.text.push(' ');
                o.text.push_str(trimmed);
            }
            _ => {
                self.close();
                self.item_indents.clear();
                self.open = Some(Open {
                    kind: BlockKind::Paragraph,
                    text: trimmed.to_string(),
                    line: number,
                });
            }
        }
    }

    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            self.out.push(o.kind, &clean(&o.text), o.line);
        }
    }
}

struct Open {
    kind: BlockKind,
    text: String,
    line: usize,
}

/// A line that is one punctuation character repeated (at least 3).
fn is_rule(line: &str) -> bool {
    let t = line.trim_end();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c.is_ascii_punctuation() && t.len() >= 3 => chars.all(|d| d == c),
        _ => false,
    }
}

fn rule_char(line: &str) -> char {
    line.trim().chars().next().unwrap_or('=')
}

/// The level of an underline style: its rank in order of first use.
fn style_level(styles: &mut Vec<char>, c: char) -> usize {
    match styles.iter().position(|s| *s == c) {
        Some(i) => i + 1,
        None => {
            styles.push(c);
            styles.len()
        }
    }
}

/// `## Title` in a plain-text file: the number of `#`.
fn markdown_heading(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    (hashes > 0 && hashes <= 6 && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// A list marker at the start of `line`: numbered or not, and the rest.
fn list_marker(line: &str) -> Option<(bool, &str)> {
    for bullet in ["* ", "- ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((false, rest));
        }
    }
    if let Some(rest) = line.strip_prefix("#. ") {
        return Some((true, rest));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, rest));
        }
    }
    None
}

/// reST inline markup dropped: `` `CloudFlare`_ `` → CloudFlare,
/// `**bold**` → bold.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '*' => {}
            '_' if out.ends_with(|p: char| p != ' ')
                && chars.peek().is_none_or(|n| !n.is_alphanumeric()) => {}
            _ => out.push(c),
        }
    }
    super::outline::squeeze(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_titles_line_blocks_and_lists() {
        let text = "Disaster recovery\n#################\n\nIntro `architecture`_ here.\n\nDatabase\n--------\n\nText about\nthe DB.\n\n| RPO: 5-10 min\n| RTO: 5-10 min\n\n* DNS\n* Load balancer\n  continued\n\n  - nested\n\n.. _CloudFlare: https://x\n";
        let o = outline(text);
        assert_eq!(o.title.as_deref(), Some("Disaster recovery"));
        assert_eq!(o.sections.len(), 2);
        assert_eq!(o.sections[0].blocks[0].text, "Intro architecture here.");
        let s = &o.sections[1];
        assert_eq!((s.title.as_str(), s.level, s.line), ("Database", 2, 6));
        let texts: Vec<(&str, BlockKind)> =
            s.blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            texts,
            [
                ("Text about the DB.", BlockKind::Paragraph),
                ("RPO: 5-10 min", BlockKind::Paragraph),
                ("RTO: 5-10 min", BlockKind::Paragraph),
                (
                    "DNS",
                    BlockKind::Item {
                        ordered: false,
                        depth: 0
                    }
                ),
                (
                    "Load balancer continued",
                    BlockKind::Item {
                        ordered: false,
                        depth: 0
                    }
                ),
                (
                    "nested",
                    BlockKind::Item {
                        ordered: false,
                        depth: 1
                    }
                ),
            ]
        );
    }

    #[test]
    fn numbered_items_and_hash_headings_in_plain_text() {
        let o = outline("# Runbook\n1. Stop it\n2) Start it\n#. Check it\n");
        assert_eq!(o.title.as_deref(), Some("Runbook"));
        let ordered: Vec<bool> = o.sections[0]
            .blocks
            .iter()
            .map(|b| matches!(b.kind, BlockKind::Item { ordered: true, .. }))
            .collect();
        assert_eq!(ordered, [true, true, true]);
    }
}
