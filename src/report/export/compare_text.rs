//! `drsim compare` as text: the plans side by side, then each plan's
//! paired difference against the first with its 95 % interval.

use std::fmt::Write;
use std::io;

use super::Exporter;
use super::compare_cells::{TargetRow, diff_parts, own_target, stat_rows, target_rows};
use crate::format::{aligned, percent, thousands};
use crate::report::TargetVerdict;
use crate::report::compare::{CompareEntry, CompareReport};
use crate::stats::Verdict;

/// The comparison of several plans.
pub struct CompareText<'a>(pub &'a CompareReport);

impl Exporter for CompareText<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = render(&mut text, self.0);
        out.write_all(text.as_bytes())
    }
}

fn render(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    writeln!(
        out,
        "{} plans · {} runs each · seed {} (common random numbers: run i of every plan shares its draws)",
        c.entries.len(),
        thousands(c.iterations),
        c.seed
    )?;
    writeln!(out)?;
    let mut rows: Vec<Vec<String>> = vec![header(c)];
    rows.extend(table(c));
    for line in aligned(&rows, "   ") {
        writeln!(out, "{}", line.trim_end())?;
    }
    let diffs: Vec<(usize, &CompareEntry)> = c.entries.iter().enumerate().skip(1).collect();
    if diffs.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "Against plan 1 (paired, 95 % intervals; noise {})",
        percent(c.noise)
    )?;
    for (k, e) in diffs {
        let Some(d) = &e.diff else { continue };
        let word = match d.verdict {
            Verdict::Regressed => "WORSE",
            Verdict::Improved => "BETTER",
            Verdict::Unchanged => "SAME",
        };
        writeln!(
            out,
            "  {:<7} plan {}: {}",
            word,
            k + 1,
            diff_parts(d).join("; ")
        )?;
    }
    Ok(())
}

fn header(c: &CompareReport) -> Vec<String> {
    let mut row = vec![String::new()];
    row.extend(
        c.entries
            .iter()
            .enumerate()
            .map(|(k, _)| format!("{}. {}", k + 1, c.short_label(k))),
    );
    row
}

/// One row per statistic, one column per plan.
fn table(c: &CompareReport) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = stat_rows(c)
        .into_iter()
        .map(|row| {
            std::iter::once(row.label.to_string())
                .chain(row.cells)
                .collect()
        })
        .collect();
    // A row per target any plan states.
    for target in target_rows(c) {
        let mut r = vec![target.label.clone()];
        r.extend(target.cells.iter().map(|t| match t {
            Some(t) => target_cell(&target, t),
            None => "–".to_string(),
        }));
        rows.push(r);
    }
    rows
}

/// "92.6 % FAIL", with the plan's own target when it differs from the row's.
fn target_cell(row: &TargetRow, t: &TargetVerdict) -> String {
    let verdict = if t.pass { "PASS" } else { "FAIL" };
    let own = own_target(row, t).map_or(String::new(), |own| format!(" (its target: {own})"));
    format!("{} {verdict}{own}", percent(t.p_meet))
}
