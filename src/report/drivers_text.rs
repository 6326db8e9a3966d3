//! "What drives the RTO": the part of the summary that tells a planner what
//! to fix, in sentences with numbers.

use std::fmt::Write;

use super::text::{pct_label, percent, round_up_2, thousands};
use super::{ActivityTimes, Report};
use crate::duration::format_secs;

/// Writes the section.
pub(super) fn drivers(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "What drives the RTO")?;
    for line in driver_lines(r) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// The section's sentences, one per line, for any format.
pub fn driver_lines(r: &Report) -> Vec<String> {
    let mut text = String::new();
    let out = &mut text;
    let _ = critical(out, r)
        .and_then(|()| sensitive(out, r))
        .and_then(|()| tail(out, r))
        .and_then(|()| people(out, r))
        .and_then(|()| risks_and_fallbacks(out, r))
        .and_then(|()| last_component(out, r))
        .and_then(|()| precision(out, r));
    text.lines().map(|l| l.trim_start().to_string()).collect()
}

fn critical(out: &mut String, r: &Report) -> std::fmt::Result {
    // Most often critical first; among equals, the one that takes longest.
    let mut steps: Vec<(&String, f64, f64)> = r
        .steps
        .0
        .iter()
        .filter(|(_, s)| s.criticality >= 0.005)
        .map(|(id, s)| (id, s.criticality, s.mean.unwrap_or(0.0)))
        .collect();
    steps.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)));
    let list: Vec<String> = steps
        .iter()
        .take(5)
        .map(|(id, c, _)| format!("{id} {}", percent(*c)))
        .collect();
    if list.is_empty() {
        writeln!(out, "  On the critical path: –")
    } else {
        writeln!(
            out,
            "  On the critical path (share of runs): {}",
            list.join(", ")
        )
    }
}

fn sensitive(out: &mut String, r: &Report) -> std::fmt::Result {
    let mut steps: Vec<(&String, f64, Option<f64>)> = r
        .steps
        .0
        .iter()
        .filter_map(|(id, s)| {
            s.sensitivity
                .filter(|rho| rho.abs() >= 0.05)
                .map(|rho| (id, rho, s.ssi))
        })
        .collect();
    steps.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let list: Vec<String> = steps
        .iter()
        .take(3)
        .map(|(id, rho, ssi)| match ssi {
            Some(ssi) => format!("{id} (ρ {rho:.2}, SSI {ssi:.2})"),
            None => format!("{id} (ρ {rho:.2})"),
        })
        .collect();
    if list.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  Most sensitive (rank correlation with the RTO): {}",
        list.join(", ")
    )
}

fn tail(out: &mut String, r: &Report) -> std::fmt::Result {
    let t = &r.tail;
    if t.runs == 0 {
        return Ok(());
    }
    let mut steps: Vec<(&String, &ActivityTimes)> = r
        .steps
        .0
        .iter()
        .map(|(id, s)| (id, &s.tail))
        .filter(|(_, a)| a.total() >= 1.0)
        .collect();
    steps.sort_by(|a, b| b.1.total().total_cmp(&a.1.total()));
    let parts: Vec<String> = steps
        .iter()
        .take(4)
        .map(|(id, a)| format!("{id} {}", breakdown(a)))
        .collect();
    writeln!(
        out,
        "  The worst {} of runs (RTO ≥ {}, {} runs) spend their critical path in: {}",
        percent(1.0 - t.percentile / 100.0).replace(".0 %", " %"),
        format_secs(t.threshold),
        thousands(t.runs),
        parts.join("; ")
    )
}

/// "1h02m" or "48m (31m working, 17m waiting)".
fn breakdown(a: &ActivityTimes) -> String {
    let parts: Vec<String> = [
        (a.working, "working"),
        (a.waiting, "waiting for its role"),
        (a.retrying, "retrying"),
        (a.falling_back, "falling back"),
    ]
    .iter()
    .filter(|(secs, _)| *secs >= 1.0)
    .map(|(secs, what)| format!("{} {what}", format_secs(*secs)))
    .collect();
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("{} ({})", format_secs(a.total()), parts.join(", "))
    }
}

fn people(out: &mut String, r: &Report) -> std::fmt::Result {
    let binding = r
        .roles
        .0
        .iter()
        .filter(|(_, role)| role.binding >= 0.01)
        .max_by(|a, b| a.1.binding.total_cmp(&b.1.binding));
    if let Some((id, role)) = binding {
        writeln!(
            out,
            "  People: waiting for {id} ({} of them) is on the critical path in {} of runs; steps wait for {id} {} per run on average (p95 {}); utilisation {}",
            role.count,
            percent(role.binding),
            format_secs(role.wait_mean),
            format_secs(role.wait_p95),
            percent(role.utilisation)
        )?;
    }
    Ok(())
}

fn risks_and_fallbacks(out: &mut String, r: &Report) -> std::fmt::Result {
    let p = pct_label(r.percentile);
    let mut risks: Vec<_> = r
        .risks
        .iter()
        .filter(|k| k.fired > 0.0 && k.rto_when_fired.is_finite())
        .collect();
    risks.sort_by(|a, b| {
        (b.rto_when_fired - b.rto_when_not).total_cmp(&(a.rto_when_fired - a.rto_when_not))
    });
    for k in risks.iter().take(2) {
        writeln!(
            out,
            "  Risk \"{}\" ({}) struck in {} of runs: RTO {p} {} when it struck, {} when not",
            k.name,
            k.step,
            percent(k.fired),
            format_secs(k.rto_when_fired),
            format_secs(k.rto_when_not)
        )?;
    }
    let mut fallbacks: Vec<_> = r.fallbacks.iter().filter(|f| f.rate > 0.0).collect();
    fallbacks.sort_by(|a, b| b.rate.total_cmp(&a.rate));
    for f in fallbacks.iter().take(2) {
        writeln!(
            out,
            "  {} fell back to {} in {} of runs: RTO {p} {} when it did, {} when not",
            f.step,
            f.fallback,
            percent(f.rate),
            format_secs(f.rto_when_fell_back),
            format_secs(f.rto_when_not)
        )?;
    }
    let failed: Vec<String> = r
        .steps
        .0
        .iter()
        .filter(|(_, s)| s.failed > 0.0)
        .map(|(id, s)| format!("{id} in {}", percent(s.failed)))
        .collect();
    if !failed.is_empty() {
        writeln!(out, "  Never completed: {}", failed.join(", "))?;
    }
    Ok(())
}

fn last_component(out: &mut String, r: &Report) -> std::fmt::Result {
    let mut comps: Vec<(&String, f64)> = r
        .components
        .0
        .iter()
        .filter(|(_, c)| c.last_recovered >= 0.01)
        .map(|(id, c)| (id, c.last_recovered))
        .collect();
    comps.sort_by(|a, b| b.1.total_cmp(&a.1));
    if comps.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = comps
        .iter()
        .take(3)
        .map(|(id, s)| format!("{id} {}", percent(*s)))
        .collect();
    writeln!(out, "  Recovered last: {}", list.join(", "))
}

/// "p95 RTO ± 2m07s at 95 % confidence; ± 1m would take 90,000 runs".
fn precision(out: &mut String, r: &Report) -> std::fmt::Result {
    let m = &r.rto;
    if !(m.at_percentile.is_finite() && m.at_percentile_high.is_finite()) {
        return Ok(());
    }
    let half = (m.at_percentile - m.at_percentile_low).max(m.at_percentile_high - m.at_percentile);
    let p = pct_label(r.percentile);
    if half <= 0.0 {
        return writeln!(
            out,
            "  Precision: RTO {p} is exact at {} runs",
            thousands(r.iterations)
        );
    }
    let goal = nice_below(half / 2.0);
    let needed = r.iterations as f64 * (half / goal).powi(2);
    writeln!(
        out,
        "  Precision: RTO {p} ± {} at 95 % confidence; ± {} would take about {} runs",
        format_secs(half),
        format_secs(goal),
        thousands(round_up_2(needed))
    )
}

/// The largest round duration at most `secs` (at least one second).
fn nice_below(secs: f64) -> f64 {
    const NICE: [f64; 16] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0,
        14_400.0, 43_200.0,
    ];
    NICE.iter()
        .rev()
        .copied()
        .find(|n| *n <= secs)
        .unwrap_or(1.0)
}
