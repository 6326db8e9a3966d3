//! The CI-log view of `drsim check`: one line per scenario with its
//! verdict, then (unless quiet) one indented line per target, regression
//! and criticality shift.

use std::fmt::Write;

use super::text::{pad, pct_label, percent};
use super::{CheckResult, Report};
use crate::duration::format_secs;
use crate::stats::Verdict;

/// The verdict word of a checked scenario.
pub fn verdict_word(check: &CheckResult) -> &'static str {
    let failed_target = check.targets.iter().any(|t| !t.pass);
    let regressed = check.baseline.as_ref().is_some_and(|b| b.regressions > 0);
    match (failed_target, regressed) {
        (false, false) => "PASS",
        (true, _) => "FAIL",
        (false, true) => "REGRESSED",
    }
}

/// The one-line summary of a checked scenario.
pub fn check_line(report: &Report) -> String {
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
        verdict_word(check),
        report.scenario.file,
        report.scenario.name,
        facts.join(", "),
        report.iterations,
        report.seed
    )
}

/// The one-line summary and its details.
pub fn check_details(report: &Report) -> String {
    let mut out = String::new();
    let _ = write_details(&mut out, report);
    out
}

fn write_details(out: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(out, "{}", check_line(report))?;
    let Some(check) = &report.check else {
        return Ok(());
    };
    let rows: Vec<[String; 4]> = check
        .targets
        .iter()
        .map(|t| {
            let verdict = if t.pass { "PASS" } else { "FAIL" };
            let note = match (t.marginal, t.iterations_to_settle) {
                (true, Some(n)) => format!("{verdict}  marginal: about {n} runs would settle it"),
                (true, None) => format!("{verdict}  marginal: the plan sits on its target"),
                _ => verdict.to_string(),
            };
            [
                format!("{} ≤ {}", upper_label(&t.name), format_secs(t.target)),
                format!(
                    "{} {} [{}–{}]",
                    pct_label(t.percentile),
                    format_secs(t.value),
                    format_secs(t.interval.low),
                    format_secs(t.interval.high)
                ),
                format!(
                    "meets {} [{}–{}]",
                    percent(t.p_meet),
                    percent(t.p_meet_low).trim_end_matches(" %"),
                    percent(t.p_meet_high)
                ),
                note,
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..3)
        .map(|k| rows.iter().map(|r| r[k].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        writeln!(
            out,
            "          {}  {}  {}  {}",
            pad(&r[0], widths[0]),
            pad(&r[1], widths[1]),
            pad(&r[2], widths[2]),
            r[3]
        )?;
    }
    if let Some(b) = &check.baseline {
        if !b.same_sampling {
            writeln!(
                out,
                "          note: baseline used {} runs with seed {}; equal ones would compare like with like",
                b.iterations, b.seed
            )?;
        }
        for c in b.changes.iter().filter(|c| c.verdict != Verdict::Unchanged) {
            let word = if c.verdict == Verdict::Regressed {
                "regressed"
            } else {
                "improved"
            };
            let (old, new, change) = if c.name.starts_with("p_meet") {
                (
                    percent(c.old),
                    percent(c.new),
                    share_points(c.change, c.change_low, c.change_high),
                )
            } else {
                (
                    format_secs(c.old),
                    format_secs(c.new),
                    relative(c.change, c.change_low, c.change_high),
                )
            };
            writeln!(out, "          {word}: {} {old} → {new} {change}", c.name)?;
        }
        for s in &b.criticality_shifts {
            writeln!(
                out,
                "          criticality: {} {} → {}",
                s.step,
                percent(s.old),
                percent(s.new)
            )?;
        }
    }
    Ok(())
}

fn relative(change: Option<f64>, low: Option<f64>, high: Option<f64>) -> String {
    match (change, low, high) {
        (Some(c), Some(l), Some(h)) => format!(
            "({:+.1} %, 95 % CI {:+.1} % to {:+.1} %)",
            c * 100.0,
            l * 100.0,
            h * 100.0
        ),
        (Some(c), _, _) => format!("({:+.1} %)", c * 100.0),
        _ => "(now never recovered at this percentile)".to_string(),
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

/// `rto` → `RTO`, `db rpo` → `db RPO`.
pub(super) fn upper_label(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((component, quantity)) => format!("{component} {}", quantity.to_uppercase()),
        None => name.to_uppercase(),
    }
}
