//! "What drives the RTO" in sentences with numbers: the [`Drivers`] the
//! analysis chose, written for the text summary and the HTML page alike.

use crate::format::{format_secs, pct_label, percent, round_up_2, thousands};
use crate::report::drivers::{Binding, Drivers, Precision, Share};
use crate::report::{ActivityTimes, Report};

/// The section's sentences, one per line.
pub fn driver_lines(r: &Report) -> Vec<String> {
    let d = Drivers::of(r);
    let p = pct_label(r.percentile);
    let mut lines = vec![critical(&d)];
    lines.extend(sensitive(&d));
    lines.extend(tail(&d));
    lines.extend(d.binding_role.map(people));
    lines.extend(d.risks.iter().map(|k| {
        format!(
            "Risk \"{}\" ({}) struck in {} of runs: RTO {p} {} when it struck, {} when not",
            k.name,
            k.step,
            percent(k.fired),
            format_secs(k.rto_when_fired),
            format_secs(k.rto_when_not)
        )
    }));
    lines.extend(d.fallbacks.iter().map(|f| {
        format!(
            "{} fell back to {} in {} of runs: RTO {p} {} when it did, {} when not",
            f.step,
            f.fallback,
            percent(f.rate),
            format_secs(f.rto_when_fell_back),
            format_secs(f.rto_when_not)
        )
    }));
    if !d.never_completed.is_empty() {
        lines.push(format!(
            "Never completed: {}",
            list(&d.never_completed, " in ")
        ));
    }
    if !d.recovered_last.is_empty() {
        lines.push(format!("Recovered last: {}", list(&d.recovered_last, " ")));
    }
    lines.extend(d.precision.map(|precision| precision_line(precision, &p)));
    lines
}

fn people(b: Binding) -> String {
    format!(
        "People: waiting for {id} ({} of them) is on the critical path in {} of runs; steps wait for {id} {} per run on average (p95 {}); utilisation {}",
        b.role.count,
        percent(b.role.binding),
        format_secs(b.role.wait_mean),
        format_secs(b.role.wait_p95),
        percent(b.role.utilisation),
        id = b.id,
    )
}

/// "Precision: RTO p95 ± 2m07s at 95 % confidence; ± 1m would take about 90,000 runs".
fn precision_line(precision: Precision, p: &str) -> String {
    match precision {
        Precision::Exact { runs } => {
            format!("Precision: RTO {p} is exact at {} runs", thousands(runs))
        }
        Precision::Within {
            half_secs,
            goal_secs,
            runs_for_goal,
        } => format!(
            "Precision: RTO {p} ± {} at 95 % confidence; ± {} would take about {} runs",
            format_secs(half_secs),
            format_secs(goal_secs),
            thousands(round_up_2(runs_for_goal))
        ),
    }
}

/// "a 52.8 %, b 47.2 %" (with `join` = " ") or "a in 3.0 %" (" in ").
fn list(shares: &[Share], join: &str) -> String {
    shares
        .iter()
        .map(|s| format!("{}{join}{}", s.id, percent(s.share)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn critical(d: &Drivers) -> String {
    if d.critical.is_empty() {
        "On the critical path: –".to_string()
    } else {
        format!(
            "On the critical path (share of runs): {}",
            list(&d.critical, " ")
        )
    }
}

fn sensitive(d: &Drivers) -> Option<String> {
    if d.sensitive.is_empty() {
        return None;
    }
    let list: Vec<String> = d
        .sensitive
        .iter()
        .map(|s| match s.ssi {
            Some(ssi) => format!("{} (ρ {:.2}, SSI {ssi:.2})", s.id, s.rho),
            None => format!("{} (ρ {:.2})", s.id, s.rho),
        })
        .collect();
    Some(format!(
        "Most sensitive (rank correlation with the RTO): {}",
        list.join(", ")
    ))
}

fn tail(d: &Drivers) -> Option<String> {
    let t = d.tail.as_ref()?;
    let parts: Vec<String> = t
        .steps
        .iter()
        .map(|s| format!("{} {}", s.id, breakdown(&s.times)))
        .collect();
    Some(format!(
        "The worst {} of runs (RTO ≥ {}, {} runs) spend their critical path in: {}",
        percent(t.share).replace(".0 %", " %"),
        format_secs(t.threshold_secs),
        thousands(t.runs),
        parts.join("; ")
    ))
}

/// "1h02m" or "48m (31m working, 17m waiting for its role)".
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
