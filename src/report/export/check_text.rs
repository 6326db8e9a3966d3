//! The CI-log view of `drsim check`: one line per scenario with its
//! verdict, then (unless quiet) one indented line per target, regression
//! and criticality shift.

use std::fmt::Write;
use std::io;

use super::{Exporter, TargetCells};
use crate::format::{aligned, format_secs, pct_label, percent, signed_percent};
use crate::report::{BaselineComparison, ChangeKind, ChangeRecord, Report, TargetVerdict};
use crate::stats::Verdict;

/// One checked scenario: its line, and unless `quiet` its details.
pub struct CheckText<'a> {
    pub report: &'a Report,
    pub quiet: bool,
}

impl Exporter for CheckText<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let text = if self.quiet {
            check_line(self.report) + "\n"
        } else {
            let mut text = String::new();
            // Writing into a String cannot fail.
            let _ = write_details(&mut text, self.report);
            text
        };
        out.write_all(text.as_bytes())
    }
}

/// The one-line summary of a checked scenario.
fn check_line(report: &Report) -> String {
    let Some(check) = &report.check else {
        return format!("?     {}", report.scenario.file);
    };
    let failed = check.targets.iter().filter(|t| !t.pass).count();
    let marginal = check.targets.iter().filter(|t| t.marginal).count();
    let mut facts = vec![if check.targets.is_empty() {
        "no targets".to_string()
    } else {
        format!(
            "{}/{} targets met",
            check.targets.len() - failed,
            check.targets.len()
        )
    }];
    if marginal > 0 {
        facts.push(format!("{marginal} marginal"));
    }
    if let Some(b) = &check.baseline {
        facts.push(match b.regressions {
            0 => "no regression".to_string(),
            1 => "1 regression".to_string(),
            n => format!("{n} regressions"),
        });
    }
    format!(
        "{:<9} {} — {} ({}; {} runs, seed {})",
        check.verdict.word(),
        report.scenario.file,
        report.scenario.name,
        facts.join(", "),
        report.iterations,
        report.seed
    )
}

fn write_details(out: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(out, "{}", check_line(report))?;
    let Some(check) = &report.check else {
        return Ok(());
    };
    let rows: Vec<Vec<String>> = check.targets.iter().map(target_row).collect();
    for line in aligned(&rows, "  ") {
        writeln!(out, "{INDENT}{line}")?;
    }
    if let Some(b) = &check.baseline {
        baseline_lines(out, b)?;
    }
    Ok(())
}

/// Details sit under the verdict word of the scenario's line.
const INDENT: &str = "          ";

/// "RTO ≤ 2h", "p95 1h50m [1h48m–1h52m]", "meets 96.8 % [96.5–97.1 %]", "PASS".
pub(super) fn target_row(t: &TargetVerdict) -> Vec<String> {
    let c = TargetCells::of(t);
    let verdict = if t.pass { "PASS" } else { "FAIL" };
    let note = match (t.marginal, t.iterations_to_settle) {
        (true, Some(n)) => format!("{verdict}  marginal: about {n} runs would settle it"),
        (true, None) => format!("{verdict}  marginal: the plan sits on its target"),
        _ => verdict.to_string(),
    };
    vec![
        c.target,
        format!(
            "{} {} [{}–{}]",
            pct_label(t.percentile),
            c.value,
            c.value_low,
            c.value_high
        ),
        format!(
            "meets {} [{}–{}]",
            c.p_meet,
            c.p_meet_low.trim_end_matches(" %"),
            c.p_meet_high
        ),
        note,
    ]
}

/// What changed against the baseline, then the criticality shifts.
fn baseline_lines(out: &mut String, b: &BaselineComparison) -> std::fmt::Result {
    if !b.same_sampling {
        writeln!(
            out,
            "{INDENT}note: baseline used {} runs with seed {}; equal ones would compare like with like",
            b.iterations, b.seed
        )?;
    }
    for c in &b.changes {
        let word = match c.verdict {
            Verdict::Regressed => "regressed",
            Verdict::Improved => "improved",
            Verdict::Unchanged => continue,
        };
        writeln!(out, "{INDENT}{word}: {}", change_text(c))?;
    }
    for s in &b.criticality_shifts {
        writeln!(
            out,
            "{INDENT}criticality: {} {} → {}",
            s.step,
            percent(s.old),
            percent(s.new)
        )?;
    }
    Ok(())
}

/// "rto p95 1h → 1h10m (+16.7 %, 95 % CI …)" in the change's own unit.
fn change_text(c: &ChangeRecord) -> String {
    let (old, new, change) = match c.kind {
        ChangeKind::Share => (
            percent(c.old),
            percent(c.new),
            share_points(c.change, c.change_low, c.change_high),
        ),
        ChangeKind::Time => (format_secs(c.old), format_secs(c.new), relative(c)),
    };
    format!("{} {old} → {new} {change}", c.name)
}

/// "(+16.7 %, 95 % CI …)"; without a change, which side never recovered.
fn relative(c: &ChangeRecord) -> String {
    match (c.change, c.change_low, c.change_high) {
        (Some(c), Some(l), Some(h)) => format!(
            "({}, 95 % CI {} to {})",
            signed_percent(c),
            signed_percent(l),
            signed_percent(h)
        ),
        (Some(c), _, _) => format!("({})", signed_percent(c)),
        _ if c.new.is_infinite() => "(now never recovered at this percentile)".to_string(),
        _ => "(was never recovered at this percentile)".to_string(),
    }
}

fn share_points(change: Option<f64>, low: Option<f64>, high: Option<f64>) -> String {
    match (change, low, high) {
        (Some(c), Some(l), Some(h)) => {
            format!(
                "({:+.1} points, 95 % CI {:+.1} to {:+.1})",
                c * 100.0,
                l * 100.0,
                h * 100.0
            )
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(old: f64, new: f64, verdict: Verdict) -> ChangeRecord {
        ChangeRecord {
            name: "rto p95".to_string(),
            kind: ChangeKind::Time,
            old,
            new,
            change: None,
            change_low: None,
            change_high: None,
            verdict,
        }
    }

    #[test]
    fn a_change_from_or_to_never_says_which_side_never_recovered() {
        let better = change(f64::INFINITY, 1485.0, Verdict::Improved);
        assert_eq!(
            change_text(&better),
            "rto p95 never → 24m45s (was never recovered at this percentile)"
        );
        let worse = change(1485.0, f64::INFINITY, Verdict::Regressed);
        assert_eq!(
            change_text(&worse),
            "rto p95 24m45s → never (now never recovered at this percentile)"
        );
    }
}
