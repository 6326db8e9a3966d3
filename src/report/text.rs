//! The human summary printed by `drsim run`: reads at a glance, durations
//! in the planner's units.

use std::fmt::Write;

use super::{Metric, Report};
use crate::duration::format_secs;

/// Facts about the run that are not part of the report (they vary with
/// the machine, so they stay out of the JSON).
#[derive(Debug, Clone, Copy)]
pub struct RunInfo {
    pub threads: usize,
    pub elapsed_secs: f64,
}

/// Renders the summary.
pub fn to_text(r: &Report, info: &RunInfo) -> String {
    let mut out = String::new();
    let _ = render(&mut out, r, info);
    out
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
    writeln!(
        out,
        "{:<10}{:>9}{:>9}{:>9}{:>9}{:>9}{:>9}",
        "", "p50", "p90", "p95", "p99", "mean", "max"
    )?;
    for (label, m) in [("RTO", &r.rto), ("RPO", &r.rpo), ("Makespan", &r.makespan)] {
        writeln!(
            out,
            "{label:<10}{:>9}{:>9}{:>9}{:>9}{:>9}{:>9}",
            format_secs(m.p50),
            format_secs(m.p90),
            format_secs(m.p95),
            format_secs(m.p99),
            format_secs(m.mean),
            format_secs(m.max)
        )?;
    }
    targets(out, r)?;
    components(out, r)?;
    writeln!(out)?;
    writeln!(out, "Unrecovered: {} of runs", percent(r.unrecovered))?;
    super::drivers_text::drivers(out, r)
}

fn targets(out: &mut String, r: &Report) -> std::fmt::Result {
    let rows = r.judged();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Targets at {}", pct_label(r.percentile))?;
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|(label, m)| {
            let target = m.target.unwrap_or(f64::NAN);
            [
                format!("{label} ≤ {}", format_secs(target)),
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
    let widths: Vec<usize> = (0..4)
        .map(|k| {
            cells
                .iter()
                .map(|c| c[k].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for c in &cells {
        writeln!(
            out,
            "  {}   {}   {}   {}",
            pad(&c[0], widths[0]),
            pad(&c[1], widths[1]),
            pad(&c[2], widths[2]),
            c[3]
        )?;
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
pub(super) fn plus_minus(m: &Metric) -> String {
    if !m.at_percentile.is_finite() {
        return String::new();
    }
    if !m.at_percentile_high.is_finite() {
        return " (+ unbounded)".into();
    }
    let half = (m.at_percentile - m.at_percentile_low).max(m.at_percentile_high - m.at_percentile);
    format!(" ± {}", format_secs(half))
}

/// 95 → "p95", 99.9 → "p99.9".
pub fn pct_label(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("p{p:.0}")
    } else {
        format!("p{p}")
    }
}

/// 0.956 → "95.6 %"; near 0 or 100 % one more digit, so 99.97 % does not
/// read as 100 %.
pub(super) fn percent(share: f64) -> String {
    let near_edge = (share > 0.0 && share < 0.001) || (share > 0.999 && share < 1.0);
    if near_edge {
        format!("{:.2} %", share * 100.0)
    } else {
        format!("{:.1} %", share * 100.0)
    }
}

pub(super) fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// Rounds up to two significant digits (at least 1): 7299 → 7300.
pub(super) fn round_up_2(n: f64) -> u64 {
    if !n.is_finite() || n < 1.0 {
        return n.clamp(1.0, 1e18) as u64;
    }
    let magnitude = 10f64.powi((n.log10().floor() as i32 - 1).max(0));
    ((n / magnitude).ceil() * magnitude) as u64
}

/// 20000 → "20,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
