//! The shortest report, `drsim run --quiet`: one line per target, its
//! verdict first, with the same cells as `check`'s (the value at the
//! percentile and the share meeting it, each with its 95 % interval); a
//! plan without targets gets one line with its p95 RTO and RPO.

use std::io;

use super::Exporter;
use super::check_text::target_row;
use crate::format::{aligned, format_secs, pct_label};
use crate::report::{Report, target_verdicts};

/// One verdict line per target of a report.
pub struct Verdicts<'a> {
    pub report: &'a Report,
}

impl Exporter for Verdicts<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        for line in lines(self.report) {
            text.push_str(&line);
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }
}

fn lines(r: &Report) -> Vec<String> {
    let targets = target_verdicts(r);
    if targets.is_empty() {
        let p = pct_label(95.0);
        return vec![format!(
            "no targets  RTO {p} {} · RPO {p} {}",
            format_secs(r.rto.p95),
            format_secs(r.rpo.p95)
        )];
    }
    let rows: Vec<Vec<String>> = targets
        .iter()
        .map(|t| {
            // check's row ends with the verdict (and a marginal note): lead with it.
            let mut row = target_row(t);
            let verdict = row.pop().unwrap_or_default();
            let (word, note) = verdict.split_at(4.min(verdict.len()));
            let mut cells = vec![word.to_string()];
            cells.extend(row);
            cells.push(note.trim().to_string());
            cells
        })
        .collect();
    aligned(&rows, "  ")
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}
