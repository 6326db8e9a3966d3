//! Scenario errors that name the file, line and column, say what is wrong
//! and how to fix it.

use std::fmt;
use std::ops::Range;

use crate::input::{display_text, replace_controls};

/// A problem with a scenario file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The file as given on the command line.
    pub file: String,
    /// 1-based line and column, when the problem has a place.
    pub location: Option<Location>,
    /// What is wrong, and how to fix it.
    pub message: String,
    /// The offending source line, for display.
    pub snippet: Option<Snippet>,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// Bytes of a long source line shown before and after the error's column.
const SNIPPET_BEFORE: usize = 60;
const SNIPPET_AFTER: usize = 60;

/// A source line (or a window of a long one) with the span to underline.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub column: usize,
    pub width: usize,
}

impl ScenarioError {
    /// An error without a place in the file (unreadable file, say).
    pub fn whole_file(file: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: file.to_string(),
            location: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// An error at a byte span of `source`.
    pub fn at(
        file: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> ScenarioError {
        let start = char_floor(source, span.start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let end = char_floor(source, span.end.clamp(start, line_end));
        // Long lines (minified or hostile input) show a window around the column.
        let window_start = char_floor(source, start.saturating_sub(SNIPPET_BEFORE).max(line_start));
        let window_end = char_floor(source, (start + SNIPPET_AFTER).min(line_end));
        let text = source[window_start..window_end]
            .trim_end_matches('\r')
            .to_string();
        let snippet_column = source[window_start..start].chars().count() + 1;
        let width = source[start..end.min(window_end)].chars().count().max(1);
        ScenarioError {
            file: file.to_string(),
            location: Some(Location { line, column }),
            message: message.into(),
            snippet: Some(Snippet {
                text,
                column: snippet_column,
                width,
            }),
        }
    }
}

/// The largest char boundary of `source` at or below `offset`.
pub(super) fn char_floor(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Shown with every control character from the scenario (in the file
/// name, a quoted key or id, the source line) replaced by U+FFFD, which
/// takes one column as the character did: the caret stays in place and
/// nothing reaches the terminal as an escape.
impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = display_text(&self.file);
        let message = display_text(&self.message);
        match self.location {
            Some(Location { line, column }) => write!(f, "{file}:{line}:{column}: {message}")?,
            None => write!(f, "{file}: {message}")?,
        }
        if let (Some(snippet), Some(Location { line, .. })) = (&self.snippet, self.location) {
            let gutter = line.to_string().len();
            // Tabs stay: the padding under the line repeats them.
            let text = replace_controls(&snippet.text, &['\t']);
            let pad: String = text
                .chars()
                .take(snippet.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {text}\n{:gutter$} | {pad}{}",
                "",
                "",
                "^".repeat(snippet.width.min(120))
            )?;
        }
        Ok(())
    }
}

impl ScenarioError {
    /// Bytes that are not UTF-8 text, located at the first bad one.
    pub(crate) fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> ScenarioError {
        let message = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            "is not UTF-8 text: it starts with the byte-order mark of UTF-16; save it as UTF-8"
                .to_string()
        } else {
            format!(
                "is not UTF-8 text: byte 0x{:02X} at offset {valid_up_to} is not part of a \
                 UTF-8 character; save the file as UTF-8",
                bytes.get(valid_up_to).copied().unwrap_or(0)
            )
        };
        // The text before the bad byte is the same in the lossy copy, so
        // the line and column are those of the file.
        let text = String::from_utf8_lossy(bytes);
        ScenarioError::at(file, &text, valid_up_to..valid_up_to + 1, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column() {
        let source = "a = 1\nbb = \"x\"\n";
        let err = ScenarioError::at("f.toml", source, 11..14, "bad");
        assert_eq!(err.location, Some(Location { line: 2, column: 6 }));
        let shown = err.to_string();
        assert!(shown.starts_with("f.toml:2:6: bad"), "{shown}");
        assert!(shown.contains("2 | bb = \"x\""), "{shown}");
        assert!(shown.contains("  |      ^^^"), "{shown}");
    }

    #[test]
    fn long_lines_show_a_window() {
        let source = format!("a = {}x{}", "[".repeat(5000), "]".repeat(5000));
        let err = ScenarioError::at("f.toml", &source, 5004..5005, "bad");
        assert_eq!(
            err.location,
            Some(Location {
                line: 1,
                column: 5005
            })
        );
        let snippet = err.snippet.unwrap();
        assert!(snippet.text.len() <= 120, "{}", snippet.text.len());
        assert_eq!(snippet.text.chars().nth(snippet.column - 1), Some('x'));
    }

    #[test]
    fn span_past_the_end_is_clamped() {
        let err = ScenarioError::at("f.toml", "abc", 10..20, "bad");
        assert_eq!(err.location, Some(Location { line: 1, column: 4 }));
    }

    #[test]
    fn control_characters_are_replaced_and_the_caret_stays_in_place() {
        let source = "id = \"\u{1b}[31m\tx\"\n";
        let shown = ScenarioError::at("f\u{7}.toml", source, 12..13, "bad \u{9b}").to_string();
        let caret = format!("{}\t^", " ".repeat(11));
        assert_eq!(
            shown,
            format!(
                "f\u{FFFD}.toml:1:13: bad \u{FFFD}\n  |\n1 | id = \"\u{FFFD}[31m\tx\"\n  | {caret}"
            )
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_located_by_line_and_column() {
        let err = ScenarioError::not_utf8("f.toml", b"a = 1\nb = \"\xe9\"\n", 11);
        assert_eq!(err.location, Some(Location { line: 2, column: 6 }));
        assert!(
            err.message.contains("byte 0xE9 at offset 11"),
            "{}",
            err.message
        );
    }
}
