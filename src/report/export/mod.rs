//! Exporters: one output format per file, all of one small shape (as
//! hyperfine's are). An [`Exporter`] holds what it reads and writes the
//! whole output to any writer; it does no other I/O, so the CLI decides
//! where bytes go (a file written whole or not at all, or standard output)
//! and tests snapshot the bytes.

mod advise_text;
mod check_text;
pub mod compare_cells;
mod compare_junit;
mod compare_text;
mod csv;
mod drill_text;
pub(crate) mod drivers;
mod json;
mod junit;
mod junit_xml;
mod text;
mod trace;
mod verdicts;
mod world_text;

pub use advise_text::AdviseText;
pub use check_text::CheckText;
pub use compare_junit::CompareJUnit;
pub use compare_text::CompareText;
pub use csv::SamplesCsv;
pub use drill_text::{DRILL_CAVEAT, DrillText, drill_calibration, drill_finding, drill_percentile};
pub use drivers::{Naming, driver_lines, driver_lines_named};
pub use json::Json;
pub use junit::{Checked, JUnit};
pub use junit_xml::xml as escape_markup;
pub use text::{RunInfo, TextSummary};
pub use trace::{Trace, TraceHeader};
pub use verdicts::Verdicts;
pub use world_text::{WorldTable, world_lines, world_tables};

use std::io;

use crate::format::{format_secs, percent, runs_of, thousands};
use crate::report::{Metric, Report, TargetVerdict};

/// One output format.
pub trait Exporter {
    /// Writes the whole output.
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()>;

    /// The whole output as text.
    fn render(&self) -> String {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail, and exporters write UTF-8 text.
        let _ = self.write_to(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The statistics of the summary table, in column order.
pub const SUMMARY_COLUMNS: [&str; 6] = ["p50", "p90", "p95", "p99", "mean", "max"];

/// One row of the summary table: RTO, RPO or makespan, formatted.
pub struct SummaryRow {
    pub label: &'static str,
    /// One cell per [`SUMMARY_COLUMNS`].
    pub cells: [String; 6],
}

/// The summary table as the text summary and the review page show it,
/// with its footnotes.
pub struct SummaryTable {
    pub rows: [SummaryRow; 3],
    /// One line per row whose mean is over the runs that recovered
    /// (marked `*` in its cell): how many did and did not.
    pub notes: Vec<String>,
}

/// Marks a mean taken over the runs that recovered only.
pub const RECOVERED_MARK: &str = "*";

/// The summary table of a report. When some runs never recovered, a
/// row's mean is the mean over those that did, marked and explained in a
/// note (the mean of all runs, "never", says nothing more than the max).
pub fn summary_table(r: &Report) -> SummaryTable {
    let rows = [("RTO", &r.rto), ("RPO", &r.rpo), ("Makespan", &r.makespan)];
    let notes = rows
        .iter()
        .filter(|(_, m)| over_recovered(m))
        .map(|(label, m)| {
            let recovered = ((1.0 - m.never) * r.iterations as f64).round() as u64;
            format!(
                "{RECOVERED_MARK} {label} mean of the {} runs that recovered; {} runs ({}) never recovered",
                thousands(recovered),
                runs_of(m.never, r.iterations),
                percent(m.never)
            )
        })
        .collect();
    SummaryTable {
        rows: rows.map(|(label, m)| SummaryRow {
            label,
            cells: [
                format_secs(m.p50),
                format_secs(m.p90),
                format_secs(m.p95),
                format_secs(m.p99),
                mean_cell(m),
                format_secs(m.max),
            ],
        }),
        notes,
    }
}

/// Whether `m`'s mean is shown over the runs that recovered: some did
/// not, and some did.
fn over_recovered(m: &Metric) -> bool {
    m.never > 0.0 && m.mean_recovered.is_finite()
}

/// The mean as the table shows it: over all runs, or marked, over the
/// runs that recovered.
fn mean_cell(m: &Metric) -> String {
    if over_recovered(m) {
        format!("{}{RECOVERED_MARK}", format_secs(m.mean_recovered))
    } else {
        format_secs(m.mean)
    }
}

/// "0.01 % of runs (2 of 20,000)": the runs with a component never
/// recovered, as every format says it.
pub fn unrecovered_runs(r: &Report) -> String {
    if r.unrecovered > 0.0 {
        format!(
            "{} of runs ({})",
            percent(r.unrecovered),
            runs_of(r.unrecovered, r.iterations)
        )
    } else {
        format!("{} of runs", percent(r.unrecovered))
    }
}

/// A target's verdict, its numbers formatted, for every format to arrange.
pub struct TargetCells {
    /// "db RTO ≤ 10m".
    pub target: String,
    /// The value at the percentile and its 95 % interval.
    pub value: String,
    pub value_low: String,
    pub value_high: String,
    /// The share of runs meeting the target and its 95 % interval.
    pub p_meet: String,
    pub p_meet_low: String,
    pub p_meet_high: String,
}

impl TargetCells {
    pub fn of(t: &TargetVerdict) -> TargetCells {
        TargetCells {
            target: t.label(),
            value: format_secs(t.value),
            value_low: format_secs(t.interval.low),
            value_high: format_secs(t.interval.high),
            p_meet: percent(t.p_meet),
            p_meet_low: percent(t.p_meet_low),
            p_meet_high: percent(t.p_meet_high),
        }
    }
}
