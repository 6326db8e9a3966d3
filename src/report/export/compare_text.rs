//! `drsim compare` as text: the plans side by side, then each plan's
//! paired difference against the first with its 95 % interval.

use std::fmt::Write;
use std::io;

use super::{Exporter, share_diff, time_diff};
use crate::format::{aligned, format_secs, pct_label, percent, thousands};
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
        let mut parts = vec![
            format!("RTO p95 {}", time_diff(&d.rto_p95)),
            format!("RPO p95 {}", time_diff(&d.rpo_p95)),
        ];
        if let Some(p) = &d.p_meet_rto {
            parts.push(format!("meets the RTO target {}", share_diff(p)));
        }
        let word = match d.verdict {
            Verdict::Regressed => "WORSE",
            Verdict::Improved => "BETTER",
            Verdict::Unchanged => "SAME",
        };
        writeln!(out, "  {:<7} plan {}: {}", word, k + 1, parts.join("; "))?;
    }
    Ok(())
}

fn header(c: &CompareReport) -> Vec<String> {
    let mut row = vec![String::new()];
    row.extend(
        c.entries
            .iter()
            .enumerate()
            .map(|(k, e)| format!("{}. {}", k + 1, e.file)),
    );
    row
}

/// One row per statistic, one column per plan.
fn table(c: &CompareReport) -> Vec<Vec<String>> {
    let row = |label: &str, cell: &dyn Fn(&CompareEntry) -> String| {
        let mut r = vec![label.to_string()];
        r.extend(c.entries.iter().map(cell));
        r
    };
    let mut rows = vec![
        row("RTO p50", &|e| format_secs(e.rto.p50)),
        row("RTO p95", &|e| format_secs(e.rto.p95)),
        row("RTO p99", &|e| format_secs(e.rto.p99)),
        row("RPO p50", &|e| format_secs(e.rpo.p50)),
        row("RPO p95", &|e| format_secs(e.rpo.p95)),
        row("RPO p99", &|e| format_secs(e.rpo.p99)),
        row("Makespan p95", &|e| format_secs(e.makespan.p95)),
        row("Unrecovered", &|e| percent(e.unrecovered)),
    ];
    // A row per target the first plan has, by name.
    if let Some(first) = c.entries.first() {
        for t in &first.targets {
            let label = format!(
                "Meets {} ≤ {} ({})",
                t.target_of.label(),
                format_secs(t.target),
                pct_label(t.percentile)
            );
            rows.push(row(&label, &|e| {
                e.targets
                    .iter()
                    .find(|o| o.target_of == t.target_of)
                    .map_or("–".to_string(), |o| {
                        format!(
                            "{} {}",
                            percent(o.p_meet),
                            if o.pass { "PASS" } else { "FAIL" }
                        )
                    })
            }));
        }
    }
    rows
}
