//! Scenario files: the TOML format of SPEC §1, read into mirror types
//! (`raw`), checked and resolved into a [`Scenario`] (`validate`), with
//! every error located at its file, line and column ([`ScenarioError`]).

mod checker;
mod cycles;
mod dists;
mod error;
mod model;
mod names;
mod raw;
mod steps;
mod toml_error;
mod validate;

pub use checker::MAX_ITERATIONS;
pub use error::{Location, ScenarioError};
pub use model::*;

use crate::input;
use checker::Checker;

/// Largest scenario file drsim reads, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Parses and checks scenario text; `file` names it in errors.
pub fn parse(source: &str, file: &str) -> Result<Scenario, ScenarioError> {
    let checker = Checker { file, source };
    let raw: raw::RawFile =
        toml::from_str(source).map_err(|e| toml_error::from_toml(file, source, &e))?;
    validate::build(raw, &checker)
}

/// Reads, parses and checks a scenario file: at most [`MAX_FILE_BYTES`]
/// of it, from any kind of file (see [`crate::input`]); `-` is standard
/// input, named `<stdin>`.
pub fn load(path: &std::path::Path) -> Result<Scenario, ScenarioError> {
    let file = input::name(path);
    let bytes = input::read_bounded(path, MAX_FILE_BYTES, "scenario")
        .map_err(|e| ScenarioError::whole_file(&file, e.message()))?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        ScenarioError::not_utf8(&file, e.as_bytes(), valid_up_to)
    })?;
    parse(&source, &file)
}
