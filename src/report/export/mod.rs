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
pub(crate) mod drivers;
mod json;
mod junit;
mod junit_xml;
mod text;
mod trace;

pub use advise_text::AdviseText;
pub use check_text::CheckText;
pub use compare_junit::CompareJUnit;
pub use compare_text::CompareText;
pub use csv::SamplesCsv;
pub use drivers::driver_lines;
pub use json::Json;
pub use junit::{Checked, JUnit};
pub use junit_xml::xml as escape_markup;
pub use text::{RunInfo, TextSummary};
pub use trace::{Trace, TraceHeader};

use std::io;

use crate::format::{format_secs, percent};
use crate::report::{Report, TargetVerdict};

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

/// The summary table of a report, as the text summary and the review page
/// show it.
pub fn summary_rows(r: &Report) -> [SummaryRow; 3] {
    [("RTO", &r.rto), ("RPO", &r.rpo), ("Makespan", &r.makespan)].map(|(label, m)| SummaryRow {
        label,
        cells: [m.p50, m.p90, m.p95, m.p99, m.mean, m.max].map(format_secs),
    })
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
