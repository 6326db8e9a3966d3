//! The scenario checker: the file and its text that every check turns
//! spans into located errors with, the common number checks, and the
//! limits a scenario must respect. Every part of `scenario/` that checks
//! something imports this; it imports none of them.

use std::ops::Range;
use toml::Spanned;

use super::ScenarioError;
use super::sources::Sources;

/// Names and descriptions are shown as [`crate::input`] shows any text
/// from an input: control characters become U+FFFD.
pub use crate::input::display_text;

/// Largest `iterations` a scenario file may set.
pub const MAX_ITERATIONS: u64 = 1_000_000_000_000;
/// Most retries a step may have.
pub const MAX_RETRIES: i64 = 1000;
/// Most units a role may have.
pub const MAX_ROLE_COUNT: i64 = 100_000;

/// The basis an input gives: `source` or `assumed`, not both, not empty.
pub fn basis(
    source: Option<&Spanned<String>>,
    assumed: Option<&Spanned<String>>,
    c: &Checker,
) -> Result<Option<super::Basis>, ScenarioError> {
    let text = |s: &Spanned<String>, what: &str| {
        let t = display_text(s.get_ref().trim());
        if t.is_empty() {
            Err(c.err(
                s.span(),
                format!("`{what}` is empty: quote the plan (source) or say why the figure is assumed (assumed)"),
            ))
        } else {
            Ok(t)
        }
    };
    match (source, assumed) {
        (Some(_), Some(a)) => Err(c.err(
            a.span(),
            "give one basis: `source` (the plan says so) or `assumed` (it does not), not both",
        )),
        (Some(s), None) => Ok(Some(super::Basis::Source(text(s, "source")?))),
        (None, Some(a)) => Ok(Some(super::Basis::Assumed(text(a, "assumed")?))),
        (None, None) => Ok(None),
    }
}

/// Carries the file and the texts it is built from, to turn spans into
/// located errors.
pub struct Checker<'a> {
    /// The scenario file, as given.
    pub file: &'a str,
    pub sources: &'a Sources,
}

impl Checker<'_> {
    /// An error at `span`, in whichever text it lies.
    pub fn err(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        self.sources.error(span, message)
    }

    /// A finite number, or an error naming `what`.
    pub fn finite(&self, value: &Spanned<f64>, what: &str) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.err(
                value.span(),
                format!("{what} must be a finite number, not {v}"),
            ))
        }
    }

    /// A probability in [0, 1].
    pub fn probability(&self, value: &Spanned<f64>, what: &str) -> Result<f64, ScenarioError> {
        let p = self.finite(value, what)?;
        if (0.0..=1.0).contains(&p) {
            Ok(p)
        } else {
            Err(self.err(
                value.span(),
                format!(
                    "{what} must be a probability between 0 and 1 (write 0.2 for 20 %), not {p}"
                ),
            ))
        }
    }
}
