//! Reports, in two halves.
//!
//! **Analysis** turns results into plain data: [`build`] makes the
//! [`Report`] (the JSON schema, `model`) — every metric against its target
//! (`build`), the per-step, role, risk and fallback analysis (`insight`) —
//! [`check()`] judges targets and compares with a baseline,
//! [`Drivers`] chooses what drives the RTO, and [`assumptions()`] says how
//! much of it rests on assumed figures (re-simulating the plan with them
//! at their optimistic end).
//!
//! **Exporters** ([`export`]) render that data, one format per file, each
//! an [`Exporter`] that writes bytes and does no other I/O: the text
//! summary, JSON, the per-run CSV, `check`'s text, JUnit, `compare`'s
//! text and JUnit, `drill`'s text (its data is [`drill`]), and the trace
//! of one run (which renders the engine's [`crate::engine::Timeline`]).
//! Numbers are written by [`crate::format`](mod@crate::format), so every format says the same
//! thing. The review page and the charts, which render the same data, are
//! in [`crate::review`] and [`crate::chart`].

pub mod advise;
mod assumptions;
mod baseline;
mod build;
mod check;
pub mod compare;
pub mod drill;
pub mod drivers;
mod entries;
pub mod export;
mod insight;
mod model;
pub(crate) mod secs;
mod world;

pub use assumptions::{
    Assumptions, ByBasis, Pinned, TargetHinge, TodayAndOptimistic, assumptions, assumptions_memory,
};
pub use baseline::{
    BaselineError, MAX_BASELINE_BYTES, baseline_mismatch, parse_baseline, read_baseline,
};
pub use build::build;
pub use check::*;
pub use drivers::Drivers;
pub use export::{
    AdviseText, CheckText, Checked, CompareJUnit, CompareText, DrillText, Exporter, JUnit, Json,
    Naming, RunInfo, SamplesCsv, TextSummary, Trace, TraceHeader, Verdicts, driver_lines,
    driver_lines_named, escape_markup,
};
pub use model::*;
pub use world::{
    ConditionReport, CorrelationReport, GroupMetric, GroupReport, PairCorrelation, fisher_interval,
};
