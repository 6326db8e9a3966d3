//! The human summary printed by `drsim run`: reads at a glance, durations
//! in the planner's units.

use std::fmt::Write;
use std::io;

use super::drivers::driver_lines;
use super::{Exporter, SUMMARY_COLUMNS, summary_table, unrecovered_runs};
use crate::format::{aligned, format_secs, pct_label, percent, thousands};
use crate::report::{Metric, Report, clock_phrase};

/// Facts about the run that are not part of the report (they vary with
/// the machine, so they stay out of the JSON).
#[derive(Debug, Clone, Copy)]
pub struct RunInfo {
    pub threads: usize,
    pub elapsed_secs: f64,
}

/// The summary of one simulation.
pub struct TextSummary<'a> {
    pub report: &'a Report,
    pub info: RunInfo,
}

impl Exporter for TextSummary<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = render(&mut text, self.report, &self.info);
        out.write_all(text.as_bytes())
    }
}

fn render(out: &mut String, r: &Report, info: &RunInfo) -> std::fmt::Result {
    writeln!(out, "{}", r.scenario.name)?;
    let rate = r.iterations as f64 / info.elapsed_secs.max(1e-9);
    writeln!(
        out,
        "{} runs · seed {} · {} thread{} · {:.2} s ({} runs/s)",
        thousands(r.iterations),
        r.seed,
        info.threads,
        if info.threads == 1 { "" } else { "s" },
        info.elapsed_secs,
        thousands(rate.round() as u64)
    )?;
    writeln!(out)?;
    write!(out, "{:<10}", "")?;
    for column in SUMMARY_COLUMNS {
        write!(out, "{column:>9}")?;
    }
    writeln!(out)?;
    let table = summary_table(r);
    for row in &table.rows {
        write!(out, "{:<10}", row.label)?;
        for cell in &row.cells {
            write!(out, "{cell:>9}")?;
        }
        writeln!(out)?;
    }
    for note in &table.notes {
        writeln!(out, "{note}")?;
    }
    targets(out, r)?;
    components(out, r)?;
    for line in super::world_lines(r) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    writeln!(out, "Unrecovered: {}", unrecovered_runs(r))?;
    writeln!(out)?;
    writeln!(out, "What drives the RTO")?;
    for line in driver_lines(r) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

fn targets(out: &mut String, r: &Report) -> std::fmt::Result {
    let rows = r.judged();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Targets at {}", pct_label(r.percentile))?;
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|j| {
            let m = j.metric;
            let target = m.target.unwrap_or(f64::NAN);
            vec![
                format!(
                    "{} ≤ {}{}",
                    j.name().label(),
                    format_secs(target),
                    clock_phrase(m.from.as_deref())
                ),
                format!(
                    "{} {}{}",
                    pct_label(m.percentile),
                    format_secs(m.at_percentile),
                    plus_minus(m)
                ),
                format!("meets in {}", percent(m.p_meet.unwrap_or(f64::NAN))),
                if m.pass == Some(true) { "PASS" } else { "FAIL" }.to_string(),
            ]
        })
        .collect();
    for line in aligned(&cells, "   ") {
        writeln!(out, "  {line}")?;
    }
    for (what, ids) in [("RTO", &r.left_out.rto), ("RPO", &r.left_out.rpo)] {
        if !ids.is_empty() {
            writeln!(
                out,
                "  The overall {what} leaves out {} (overall = false, or a looser target of its own).",
                ids.join(", ")
            )?;
        }
    }
    Ok(())
}

fn components(out: &mut String, r: &Report) -> std::fmt::Result {
    if r.components.0.is_empty() {
        return Ok(());
    }
    let width = r
        .components
        .0
        .iter()
        .map(|(id, _)| id.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    writeln!(out)?;
    writeln!(
        out,
        "{:<w$}  {:>9} {:>9} {:>9}",
        "Components",
        "RTO p50",
        "RTO p95",
        "RPO p95",
        w = width + 2
    )?;
    for (id, c) in &r.components.0 {
        let rpo = if c.has_data {
            format_secs(c.rpo.p95)
        } else {
            "–".to_string()
        };
        let note = if c.affected { "" } else { "  (unaffected)" };
        writeln!(
            out,
            "  {id:<width$}  {:>9} {:>9} {:>9}{note}",
            format_secs(c.rto.p50),
            format_secs(c.rto.p95),
            rpo
        )?;
    }
    Ok(())
}

/// "± 4m" from the confidence interval of the judged percentile.
fn plus_minus(m: &Metric) -> String {
    if !m.at_percentile.is_finite() {
        return String::new();
    }
    match m.half_width() {
        Some(half) => format!(" ± {}", format_secs(half)),
        None => " (+ unbounded)".into(),
    }
}
