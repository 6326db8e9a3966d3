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
    let mut out = Outline::default();
    let mut styles: Vec<char> = Vec::new();
    let mut open: Option<Open> = None;
    let mut item_indents: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        // An overline: the title is the next line, underlined below it.
        if is_rule(line)
            && i + 2 < lines.len()
            && is_rule(lines[i + 2])
            && !lines[i + 1].trim().is_empty()
        {
            close(&mut out, &mut open);
            let level = style_level(&mut styles, rule_char(line));
            out.start_section(clean(lines[i + 1]), level, number + 1);
            i += 3;
            continue;
        }
        if !line.trim().is_empty()
            && !is_rule(line)
            && i + 1 < lines.len()
            && is_rule(lines[i + 1])
            && lines[i + 1].trim().len() >= 3
        {
            close(&mut out, &mut open);
            let level = style_level(&mut styles, rule_char(lines[i + 1]));
            out.start_section(clean(line), level, number);
            i += 2;
            continue;
        }
        i += 1;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            if matches!(
                open,
                Some(Open {
                    kind: BlockKind::Paragraph,
                    ..
                })
            ) {
                close(&mut out, &mut open);
            }
            continue;
        }
        if trimmed.starts_with("..") {
            close(&mut out, &mut open);
            continue;
        }
        if let Some(hashes) = markdown_heading(trimmed) {
            close(&mut out, &mut open);
            out.start_section(clean(&trimmed[hashes..]), hashes, number);
            continue;
        }
        if let Some((ordered, rest)) = list_marker(trimmed) {
            close(&mut out, &mut open);
            item_indents.retain(|d| *d < indent);
            let depth = item_indents.len();
            item_indents.push(indent);
            open = Some(Open {
                kind: BlockKind::Item { ordered, depth },
                text: rest.to_string(),
                line: number,
            });
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("| ") {
            // A line block: each line its own paragraph.
            close(&mut out, &mut open);
            out.push(BlockKind::Paragraph, &clean(rest), number);
            continue;
        }
        match &mut open {
            // A continuation of the open item or paragraph.
            Some(o) if indent > 0 || o.kind == BlockKind::Paragraph => {
                o.text.push(' ');
                o.text.push_str(trimmed);
            }
            _ => {
                close(&mut out, &mut open);
                item_indents.clear();
                open = Some(Open {
                    kind: BlockKind::Paragraph,
                    text: trimmed.to_string(),
                    line: number,
                });
            }
        }
    }
    close(&mut out, &mut open);
    out
}

struct Open {
    kind: BlockKind,
    text: String,
    line: usize,
}

fn close(out: &mut Outline, open: &mut Option<Open>) {
    if let Some(o) = open.take() {
        out.push(o.kind, &clean(&o.text), o.line);
    }
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
