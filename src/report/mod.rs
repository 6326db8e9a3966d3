//! Reports, in two halves.
//!
//! **Analysis** turns results into plain data: [`build`] makes the
//! [`Report`] (the JSON schema, `model`) — every metric against its target
//! (`build`), the per-step, role, risk and fallback analysis (`insight`) —
//! [`check()`] judges targets and compares with a baseline, and
//! [`Drivers`] chooses what drives the RTO.
//!
//! **Exporters** ([`export`]) render that data, one format per file, each
//! an [`Exporter`] that writes bytes and does no other I/O. Numbers are
//! written by [`crate::format`], so every format says the same thing.

mod baseline;
mod build;
mod check;
pub mod drivers;
pub mod export;
mod insight;
mod model;
mod trace;

pub use baseline::{BaselineError, parse_baseline};
pub use build::build;
pub use check::*;
pub use drivers::Drivers;
pub use export::{
    CheckText, Checked, Exporter, JUnit, Json, RunInfo, SamplesCsv, TextSummary, driver_lines,
    escape_markup,
};
pub use model::*;
pub use trace::{TraceHeader, trace_text};
