//! Reports: the [`Report`] model (the JSON schema) built from results, and
//! one exporter per format. Exporters return text and do no I/O.

mod build;
mod csv;
mod json;
mod model;
mod text;

pub use build::build;
pub use csv::samples_csv;
pub use json::to_json;
pub use model::*;
pub use text::{RunInfo, to_text};
