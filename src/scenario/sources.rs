//! The texts a scenario is built from — its file, the files it
//! `extends`, each `--set` of the command line — as one space of byte
//! offsets, so that every span in the merged document names its own text:
//! text *k* occupies offsets `base..base + len`, and the next one starts a
//! byte later. Each text is parsed with `base` spaces in front of it, so
//! the spans toml reports are already in that space, and an error at any
//! of them is located in the text it came from.

use sha2::{Digest, Sha256};
use std::ops::Range;
use toml::Spanned;
use toml::de::DeTable;

use super::error::char_floor;
use super::toml_error;
use super::{Location, ScenarioError};

/// One text: a file, or a `--set` argument.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file as given, or `--set` for the command line.
    pub name: String,
    pub text: String,
    /// Offset of its first byte in the shared space.
    base: usize,
    /// The same text, after `base` spaces: what is parsed.
    padded: String,
    /// Offsets where its lines start, computed on first use, so that
    /// placing many spans costs a search each, not a scan of the text.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// Every text of a scenario, the file first.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    list: Vec<SourceText>,
}

impl Sources {
    /// Adds a text and returns its index.
    pub fn push(&mut self, name: &str, text: String) -> usize {
        let base = self
            .list
            .last()
            .map_or(0, |last| last.base + last.text.len() + 1);
        let padded = format!("{}{text}", " ".repeat(base));
        self.list.push(SourceText {
            name: name.to_string(),
            text,
            base,
            padded,
            line_starts: std::sync::OnceLock::new(),
        });
        self.list.len() - 1
    }

    /// How many texts there are.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// The file's own text (the first).
    pub fn main(&self) -> &SourceText {
        &self.list[0]
    }

    /// Parses text `index` as a TOML document whose spans are in the
    /// shared space.
    pub fn parse(&self, index: usize) -> Result<Spanned<DeTable<'_>>, ScenarioError> {
        DeTable::parse(&self.list[index].padded).map_err(|e| self.toml_error(&e))
    }

    /// The text a span lies in, and the span within it.
    pub fn locate(&self, span: Range<usize>) -> (&SourceText, Range<usize>) {
        let at = self
            .list
            .iter()
            .rposition(|s| s.base <= span.start)
            .unwrap_or(0);
        let source = &self.list[at];
        let local = |offset: usize| offset.saturating_sub(source.base).min(source.text.len());
        (source, local(span.start)..local(span.end))
    }

    /// The file and the 1-based line and column of `span`'s start: what
    /// [`Sources::error`] reports, without its message and source line.
    pub fn location(&self, span: Range<usize>) -> (&str, Location) {
        let (source, local) = self.locate(span);
        let starts = source.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let at = char_floor(&source.text, local.start);
        let line = starts.partition_point(|&s| s <= at);
        let column = source.text[starts[line - 1]..at].chars().count() + 1;
        (&source.name, Location { line, column })
    }

    /// An error at `span`, located in its own text.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        let (source, local) = self.locate(span);
        ScenarioError::at(&source.name, &source.text, local, message)
    }

    /// A toml error (syntax or type), located in its own text.
    pub fn toml_error(&self, e: &toml::de::Error) -> ScenarioError {
        match e.span() {
            Some(span) => {
                let (source, local) = self.locate(span);
                toml_error::from_parts(&source.name, &source.text, Some(local), e.message())
            }
            None => toml_error::from_toml(&self.main().name, &self.main().text, e),
        }
    }

    /// "line 12" in the same text as `here`, "base.toml:12" in another.
    pub fn place(&self, span: Range<usize>, here: Range<usize>) -> String {
        let (name, at) = self.location(span.clone());
        if std::ptr::eq(self.locate(span).0, self.locate(here).0) {
            format!("line {}", at.line)
        } else {
            format!("{name}:{}", at.line)
        }
    }

    /// SHA-256 of the file's text alone when it is the only text; else of
    /// every text with its name, so that any change to what the scenario
    /// is built from changes it.
    pub fn sha256_hex(&self) -> String {
        let mut hasher = Sha256::new();
        if let [only] = self.list.as_slice() {
            hasher.update(only.text.as_bytes());
        } else {
            for s in &self.list {
                for part in [s.name.as_bytes(), s.text.as_bytes()] {
                    hasher.update((part.len() as u64).to_le_bytes());
                    hasher.update(part);
                }
            }
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Sources;

    #[test]
    fn sha256_of_one_text_is_that_of_the_text() {
        let mut sources = Sources::default();
        sources.push("a.toml", "abc".into());
        // The SHA-256 test vector for "abc".
        assert_eq!(
            sources.sha256_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn spans_are_located_in_their_own_text() {
        let mut sources = Sources::default();
        sources.push("a.toml", "x = 1\ny = 2\n".into());
        let set = sources.push("--set", "z = [".into());
        let e = sources.parse(set).expect_err("unclosed array");
        assert_eq!(e.file, "--set");
        assert_eq!(e.location.map(|l| l.line), Some(1));
        let doc = sources.parse(0).expect("valid");
        let y = doc.get_ref().get("y").expect("y").span();
        let located = sources.error(y.clone(), "here");
        assert_eq!(located.file, "a.toml");
        assert_eq!(located.location.map(|l| (l.line, l.column)), Some((2, 5)));
        let (file, at) = sources.location(y);
        assert_eq!((file, at.line, at.column), ("a.toml", 2, 5));
    }
}
