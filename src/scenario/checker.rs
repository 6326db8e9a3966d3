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
