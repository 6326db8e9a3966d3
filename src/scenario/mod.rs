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
mod validate;

pub use checker::MAX_ITERATIONS;
pub use error::{Location, ScenarioError};
pub use model::*;

use checker::Checker;

/// Largest scenario file drsim reads, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Parses and checks scenario text; `file` names it in errors.
pub fn parse(source: &str, file: &str) -> Result<Scenario, ScenarioError> {
    let checker = Checker { file, source };
    let raw: raw::RawFile = toml::from_str(source).map_err(|e| match e.span() {
        Some(span) => checker.err(span, tidy(e.message())),
        None => ScenarioError::whole_file(file, tidy(e.message())),
    })?;
    validate::build(raw, &checker)
}

/// Reads, parses and checks a scenario file.
pub fn load(path: &std::path::Path) -> Result<Scenario, ScenarioError> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| ScenarioError::whole_file(&file, format!("cannot read the scenario: {e}")))?;
    if meta.is_dir() {
        return Err(ScenarioError::whole_file(
            &file,
            "is a directory; give the path of a .toml scenario file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ScenarioError::whole_file(
            &file,
            format!(
                "is {} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ScenarioError::whole_file(&file, format!("cannot read the scenario: {e}")))?;
    let source = String::from_utf8(bytes).map_err(|e| {
        ScenarioError::whole_file(
            &file,
            format!(
                "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    parse(&source, &file)
}

/// toml's messages end with a newline; ours are one line, and say how to
/// fix what toml only names.
fn tidy(message: &str) -> String {
    let message = message.trim().replace('\n', "; ");
    if message.contains("as i128, expected i64") || message.contains("as u64, expected i64") {
        return format!(
            "{message}: the number is too large; use a whole number below 9223372036854775808"
        );
    }
    message
}
