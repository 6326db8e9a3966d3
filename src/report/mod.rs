//! Reports: the [`Report`] model (the JSON schema) built from results, and
//! one exporter per format. Exporters return text and do no I/O.

mod build;
mod check;
mod check_text;
mod csv;
mod drivers_text;
mod insight;
mod json;
mod junit;
mod model;
mod text;
mod trace;

pub use build::build;
pub use check::*;
pub use check_text::{check_details, check_line, verdict_word};
pub use csv::samples_csv;
pub use drivers_text::driver_lines;
pub use json::to_json;
pub use junit::{Checked, to_junit, xml as escape_markup};
pub use model::*;
pub use text::{RunInfo, pct_label, to_text};
pub use trace::{TraceHeader, trace_text};
