//! "What drives the RTO" in sentences with numbers: the [`Drivers`] the
//! analysis chose, written for the text summary (steps and components by
//! id, as the plan and `--set` name them) and the HTML page (by the names
//! the scenario gives them) alike.

use crate::format::{format_secs, pct_label, percent, round_up_2, thousands};
use crate::report::drivers::{
    ALWAYS_CRITICAL, ALWAYS_CRITICAL_STEPS, Binding, Drivers, Precision, Share, TailMover,
};
use crate::report::{ActivityTimes, Report};

/// How steps and components are called in the sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// By id (the text summary: the plan's and `--set`'s words).
    Ids,
    /// By the name the scenario gives them (the review page).
    Names,
}

/// Names the steps and components of one report.
struct Namer<'a> {
    report: &'a Report,
    naming: Naming,
}

impl Namer<'_> {
    fn step<'b>(&'b self, id: &'b str) -> &'b str {
        match (self.naming, self.report.steps.get(id)) {
            (Naming::Names, Some(s)) if !s.name.is_empty() => &s.name,
            _ => id,
        }
    }

    /// Between the items of a list: names may hold commas themselves.
    fn sep(&self) -> &'static str {
        match self.naming {
            Naming::Ids => ", ",
            Naming::Names => "; ",
        }
    }

    fn component<'b>(&'b self, id: &'b str) -> &'b str {
        match (self.naming, self.report.components.get(id)) {
            (Naming::Names, Some(c)) if !c.name.is_empty() => &c.name,
            _ => id,
        }
    }
}

/// The section's sentences, one per line, steps named by id.
pub fn driver_lines(r: &Report) -> Vec<String> {
    driver_lines_named(r, Naming::Ids)
}

/// The section's sentences, one per line, steps and components named as
/// `naming` says.
pub fn driver_lines_named(r: &Report, naming: Naming) -> Vec<String> {
    let d = Drivers::of(r);
    let n = Namer { report: r, naming };
    let p = pct_label(r.percentile);
    let mut lines = Vec::new();
    lines.extend(tail_movers(&d, &n));
    lines.extend(always_critical(&d, &n));
    lines.push(critical(&d, &n));
    lines.extend(sensitive(&d, &n));
    lines.extend(tail(&d, &n));
    lines.extend(engaging(&d));
    lines.extend(contended(&d));
    lines.extend(d.risks.iter().map(|k| {
        let on = if k.applies_to.is_empty() {
            n.step(&k.step).to_string()
        } else {
            format!("shared by {}", k.applies_to.join(", "))
        };
        format!(
            "Risk \"{}\" ({on}) struck in {} of runs: RTO {p} {} when it struck, {} when not",
            k.name,
            percent(k.fired),
            format_secs(k.rto_when_fired),
            format_secs(k.rto_when_not)
        )
    }));
    lines.extend(d.fallbacks.iter().map(|f| {
        format!(
            "{} fell back to {} in {} of runs: RTO {p} {} when it did, {} when not",
            n.step(&f.step),
            n.step(&f.fallback),
            percent(f.rate),
            format_secs(f.rto_when_fell_back),
            format_secs(f.rto_when_not)
        )
    }));
    if !d.never_completed.is_empty() {
        let steps = list(&d.never_completed, " in ", n.sep(), |id| n.step(id));
        lines.push(format!("Never completed: {steps}"));
    }
    if !d.recovered_last.is_empty() {
        let components = list(&d.recovered_last, " ", n.sep(), |id| n.component(id));
        lines.push(format!("Recovered last: {components}"));
    }
    lines.extend(d.precision.map(|precision| precision_line(precision, &p)));
    lines
}

/// "What moves the tail (...): procure_compute +16h10m (ρ 0.52), ...".
fn tail_movers(d: &Drivers, n: &Namer) -> Option<String> {
    let t = d.tail.as_ref()?;
    if d.tail_movers.is_empty() {
        return None;
    }
    let steps: Vec<String> = d.tail_movers.iter().map(|m| tail_mover(m, n)).collect();
    Some(format!(
        "What moves the tail (time on the critical path of the worst {} of runs beyond an average run's): {}",
        share_words(t.share),
        steps.join(n.sep())
    ))
}

/// "procure_compute +16h10m (25h20m against 9h10m; ρ 0.52)".
fn tail_mover(m: &TailMover, n: &Namer) -> String {
    let rho = m.rho.map_or(String::new(), |rho| format!("; ρ {rho:.2}"));
    format!(
        "{} +{} ({} against {}{rho})",
        n.step(m.id),
        format_secs(m.excess_secs()),
        format_secs(m.tail_secs),
        format_secs(m.path_secs)
    )
}

/// "Always on the critical path (in ≥ 99 % of runs): a, b, c".
fn always_critical(d: &Drivers, n: &Namer) -> Option<String> {
    if d.always_critical.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = d
        .always_critical
        .iter()
        .take(ALWAYS_CRITICAL_STEPS)
        .map(|s| n.step(s.id))
        .collect();
    let more = d
        .always_critical
        .len()
        .saturating_sub(ALWAYS_CRITICAL_STEPS);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    names.dedup();
    Some(format!(
        "Always on the critical path (in ≥ {} of runs): {}{more}",
        percent(ALWAYS_CRITICAL).replace(".0 %", " %"),
        names.join(n.sep())
    ))
}

fn critical(d: &Drivers, n: &Namer) -> String {
    let label = if d.always_critical.is_empty() {
        "On the critical path"
    } else {
        "Also on the critical path"
    };
    if d.critical.is_empty() {
        format!("{label}: –")
    } else {
        let steps = list(&d.critical, " ", n.sep(), |id| n.step(id));
        format!("{label} (share of runs): {steps}")
    }
}

/// "On-call response on the critical path: ops in 99.6 % of runs (2 of
/// them; steps wait 3m10s per run for one to respond)".
fn engaging(d: &Drivers) -> Option<String> {
    if d.engaging.is_empty() {
        return None;
    }
    let roles: Vec<String> = d
        .engaging
        .iter()
        .map(|b| {
            format!(
                "{} in {} of runs ({} of them; steps wait {} per run on average for one to respond)",
                b.id,
                percent(b.role.engaging_binding),
                b.role.count,
                format_secs(b.role.engaging_mean)
            )
        })
        .collect();
    Some(format!(
        "Engaging people (their response) on the critical path: {}",
        roles.join("; ")
    ))
}

/// "Waiting for a busy person on the critical path: dba in 52.6 % of
/// runs (...)", or that no role's busy people hold the path up.
fn contended(d: &Drivers) -> Option<String> {
    if !d.has_roles {
        return None;
    }
    Some(match d.contended {
        Some(b) => people(b),
        None => {
            "Waiting for a busy person on the critical path: in under 1 % of runs for every role"
                .to_string()
        }
    })
}

fn people(b: Binding) -> String {
    format!(
        "Waiting for a busy person on the critical path: {id} in {} of runs ({} of them); steps wait for a busy {id} {} per run on average (p95 {}); utilisation {}",
        percent(b.role.busy_binding),
        b.role.count,
        format_secs(b.role.busy_wait_mean),
        format_secs(b.role.busy_wait_p95),
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

/// "a 52.8 %, b 47.2 %" (with `join` = " ") or "a in 3.0 %" (" in "),
/// items apart by `sep`, each id called as `name` says.
fn list<'a>(
    shares: &[Share<'a>],
    join: &str,
    sep: &str,
    name: impl Fn(&'a str) -> &'a str,
) -> String {
    shares
        .iter()
        .map(|s| format!("{}{join}{}", name(s.id), percent(s.share)))
        .collect::<Vec<_>>()
        .join(sep)
}

fn sensitive(d: &Drivers, n: &Namer) -> Option<String> {
    if d.sensitive.is_empty() {
        return None;
    }
    let list: Vec<String> = d
        .sensitive
        .iter()
        .map(|s| match s.ssi {
            Some(ssi) => format!("{} (ρ {:.2}, SSI {ssi:.2})", n.step(s.id), s.rho),
            None => format!("{} (ρ {:.2})", n.step(s.id), s.rho),
        })
        .collect();
    Some(format!(
        "Most sensitive (rank correlation with the RTO): {}",
        list.join(n.sep())
    ))
}

/// "5 %" (a whole share) or "2.5 %".
fn share_words(share: f64) -> String {
    percent(share).replace(".0 %", " %")
}

fn tail(d: &Drivers, n: &Namer) -> Option<String> {
    let t = d.tail.as_ref()?;
    let parts: Vec<String> = t
        .steps
        .iter()
        .map(|s| format!("{} {}", n.step(s.id), breakdown(&s.times)))
        .collect();
    Some(format!(
        "The worst {} of runs (RTO ≥ {}, {} runs) spend their critical path in: {}",
        share_words(t.share),
        format_secs(t.threshold_secs),
        thousands(t.runs),
        parts.join("; ")
    ))
}

/// "1h02m" or "48m (31m working, 5m engaging its role, 12m waiting for a
/// busy person)".
fn breakdown(a: &ActivityTimes) -> String {
    let parts: Vec<String> = [
        (a.working, "working"),
        (a.engaging, "engaging its role"),
        (a.busy_waiting(), "waiting for a busy person"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_breakdown_tells_engaging_from_waiting_for_a_busy_person() {
        let a = ActivityTimes {
            working: 600.0,
            waiting: 900.0,
            engaging: 300.0,
            retrying: 0.0,
            falling_back: 0.0,
        };
        assert_eq!(
            breakdown(&a),
            "25m (10m working, 5m engaging its role, 10m waiting for a busy person)"
        );
    }

    #[test]
    fn always_critical_reads_99_percent() {
        assert_eq!(percent(ALWAYS_CRITICAL).replace(".0 %", " %"), "99 %");
    }
}
