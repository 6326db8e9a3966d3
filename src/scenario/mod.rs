//! Scenario files: the TOML format of SPEC §1, read into mirror types
//! (`raw`), checked and resolved into a [`Scenario`] (`validate`), with
//! every error located at its file, line and column ([`ScenarioError`]).
//! Where each figure came from — the plan or an assumption — is each
//! input's [`Basis`] (`basis`); the plan with its assumed figures at their
//! optimistic end is [`Scenario::optimistic`].

mod basis;
mod calendar;
mod checker;
mod cycles;
mod dists;
mod document;
mod error;
mod layers;
mod model;
mod names;
mod optimistic;
mod raw;
mod schema;
mod shared;
mod sources;
mod step_edits;
mod steps;
mod toml_error;
mod validate;

pub use basis::{Grounding, Input, Place, Unbased};
pub use calendar::{Calendar, Hours, TimeOfWeek, WEEK_SECS, week_time_words};
pub use checker::MAX_ITERATIONS;
pub use document::{Document, Edits, MAX_EXTENDS};
pub use error::{Location, ScenarioError};
pub use model::*;
pub use optimistic::{OPTIMISTIC_QUANTILE, Optimistic};
pub use schema::json_schema;
pub use shared::Correlated;

/// Whether two ids are close enough to suggest one for the other.
pub(crate) use names::similar;

/// Largest scenario file drsim reads, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Parses and checks scenario text; `file` names it in errors (and a
/// file it `extends` is read relative to `file`'s folder).
pub fn parse(source: &str, file: &str) -> Result<Scenario, ScenarioError> {
    Document::new(source.to_string(), file)?.build(&Edits::default())
}

/// Reads, parses and checks a scenario file: at most [`MAX_FILE_BYTES`]
/// of it, from any kind of file (see [`crate::input`]); `-` is standard
/// input, named `<stdin>`.
pub fn load(path: &std::path::Path) -> Result<Scenario, ScenarioError> {
    load_with(path, &Edits::default())
}

/// [`load`], with a variant and `--set` edits applied.
pub fn load_with(path: &std::path::Path, edits: &Edits) -> Result<Scenario, ScenarioError> {
    Document::read(path)?.build(edits)
}
