//! `drsim advise` as text a planner can paste into a review: the targets
//! today, the best interventions with their paired differences, those
//! that change nothing, the plan to meet the targets, and the targets the
//! plan meets as it is.

use std::fmt::Write;
use std::io;

use super::check_text::target_row;
use super::compare_cells::DiffCell;
use super::{Exporter, RunInfo};
use crate::format::{aligned, format_secs, pct_label, percent, thousands};
use crate::report::advise::{AdviseReport, After, Intervention, Named, PlanReport};
use crate::report::compare::Difference;
use crate::report::{Quantity, TargetVerdict};

/// The advice on one plan; `top` interventions are listed.
pub struct AdviseText<'a> {
    pub report: &'a AdviseReport,
    pub info: RunInfo,
    pub top: usize,
}

impl Exporter for AdviseText<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = render(&mut text, self);
        out.write_all(text.as_bytes())
    }
}

fn render(out: &mut String, a: &AdviseText) -> std::fmt::Result {
    let r = a.report;
    let tried = r.interventions.len() + r.no_difference.len();
    writeln!(out, "What to change: {}", r.scenario.name)?;
    writeln!(
        out,
        "{} · {} interventions · {} runs each · seed {} · {} thread{} · {:.1} s",
        r.scenario.file,
        tried,
        thousands(r.iterations),
        r.seed,
        a.info.threads,
        if a.info.threads == 1 { "" } else { "s" },
        a.info.elapsed_secs
    )?;
    writeln!(
        out,
        "Each intervention is simulated with the plan's own runs (common random numbers) and compared with the plan run by run; [95 % intervals]."
    )?;
    writeln!(out)?;
    targets_today(out, r)?;
    interventions(out, r, a.top)?;
    plan(out, r)?;
    minimal_targets(out, r)
}

fn target_lines(out: &mut String, targets: &[TargetVerdict], indent: &str) -> std::fmt::Result {
    let rows: Vec<Vec<String>> = targets.iter().map(target_row).collect();
    for line in aligned(&rows, "  ") {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

fn targets_today(out: &mut String, r: &AdviseReport) -> std::fmt::Result {
    let b = &r.baseline;
    if b.targets.is_empty() {
        writeln!(
            out,
            "The plan states no targets: interventions are ranked by the p95 RTO, then the p95 RPO."
        )?;
        return writeln!(out);
    }
    writeln!(
        out,
        "Today: {} of {} targets met at {}",
        b.targets_met,
        b.targets.len(),
        pct_label(r.percentile)
    )?;
    target_lines(out, &b.targets, "  ")?;
    writeln!(out)
}

/// "meets RTO ≤ 2h" when the plan has an RTO target.
fn rto_target_label(r: &AdviseReport) -> Option<String> {
    r.baseline
        .rto
        .target
        .map(|t| format!("meets RTO ≤ {}", format_secs(t)))
}

fn interventions(out: &mut String, r: &AdviseReport, top: usize) -> std::fmt::Result {
    let shown = r.interventions.len().min(top);
    let order = match rto_target_label(r) {
        Some(_) => "by the gain in the share meeting the RTO target, then p95 RTO, then p95 RPO",
        None => "by the p95 RTO, then the p95 RPO (the plan has no RTO target)",
    };
    if r.interventions.is_empty() {
        writeln!(out, "No intervention changes anything measured.")?;
    } else {
        writeln!(
            out,
            "Best interventions ({shown} of {} that change something; ranked {order})",
            r.interventions.len()
        )?;
    }
    for (k, i) in r.interventions.iter().take(top).enumerate() {
        intervention(out, r, k + 1, i)?;
    }
    if !r.no_difference.is_empty() {
        let names: Vec<String> = r.no_difference.iter().map(short_name).collect();
        let n = r.no_difference.len();
        writeln!(
            out,
            "  {} no difference (p95 RTO, p95 RPO and every target's share exactly as today): {}",
            if n == 1 {
                "1 intervention makes".to_string()
            } else {
                format!("{n} interventions make")
            },
            names.join("; ")
        )?;
    }
    writeln!(out)
}

fn intervention(
    out: &mut String,
    r: &AdviseReport,
    k: usize,
    i: &Intervention,
) -> std::fmt::Result {
    writeln!(out, "  {k:>2}. {}", i.name.description)?;
    let mut first = Vec::new();
    if let (Some(label), Some(d)) = (rto_target_label(r), &i.p_meet_rto) {
        let now = i.after.p_meet_rto.map(percent).unwrap_or_default();
        first.push(format!("{label}: {} → {now}", share_or_none(d)));
    }
    if !r.baseline.targets.is_empty() {
        first.push(format!(
            "{} of {} targets met",
            i.after.targets_met,
            r.baseline.targets.len()
        ));
    }
    if !first.is_empty() {
        writeln!(out, "      {}", first.join(" · "))?;
    }
    let rto = match time_or_none(&i.rto_p95) {
        change if i.rto_p95.estimate.is_nan() => change,
        change => format!("{change} → {}", format_secs(i.after.rto_p95)),
    };
    writeln!(
        out,
        "      RTO p95 {rto} · RPO p95 {}",
        time_or_none(&i.rpo_p95)
    )?;
    caveat(out, &i.name)
}

fn caveat(out: &mut String, n: &Named) -> std::fmt::Result {
    match &n.caveat {
        Some(caveat) => writeln!(out, "      ({caveat})"),
        None => Ok(()),
    }
}

fn is_zero(d: &Difference) -> bool {
    d.estimate == 0.0 && d.ci[0].0 == 0.0 && d.ci[1].0 == 0.0
}

/// "-12m [-15m to -9m]", "no change", or how a time that never came changed.
fn time_or_none(d: &Difference) -> String {
    if is_zero(d) {
        "no change".into()
    } else if d.estimate == f64::NEG_INFINITY {
        "from never".into()
    } else if d.estimate == f64::INFINITY {
        "to never".into()
    } else if d.estimate.is_nan() {
        "still never".into()
    } else {
        DiffCell::time(d).to_string()
    }
}

fn share_or_none(d: &Difference) -> String {
    if is_zero(d) {
        "no change".into()
    } else {
        DiffCell::share(d).to_string()
    }
}

/// "automate post_status", "remove_risk deploy_shop: quota".
fn short_name(n: &Named) -> String {
    format!("{} {}", n.kind.key(), n.target)
}

/// "1 intervention", "3 interventions".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "this change", "these 3 changes".
fn these_changes(n: usize) -> String {
    if n == 1 {
        "this change".to_string()
    } else {
        format!("these {n} changes")
    }
}

fn plan(out: &mut String, r: &AdviseReport) -> std::fmt::Result {
    let p = &r.plan;
    if r.baseline.targets.is_empty() {
        return Ok(());
    }
    if p.interventions.is_empty() && p.meets_all {
        writeln!(
            out,
            "Plan: none needed — the plan meets every target as it is."
        )?;
        return writeln!(out);
    }
    writeln!(
        out,
        "Plan to meet every target (found greedily: each round re-simulates the choices so far with each candidate)"
    )?;
    for (k, c) in p.interventions.iter().enumerate() {
        writeln!(out, "  {:>2}. {}", k + 1, c.name.description)?;
        writeln!(out, "      → {}", after_line(r, &c.after))?;
        caveat(out, &c.name)?;
    }
    if p.meets_all {
        writeln!(
            out,
            "  With {} every target passes:",
            these_changes(p.interventions.len())
        )?;
    } else if p.interventions.is_empty() {
        writeln!(
            out,
            "  None found: no intervention alone improves on the plan, so none was combined."
        )?;
        return writeln!(out);
    } else {
        writeln!(
            out,
            "  None found meets every target: the best set found ({}) meets {} of {}:",
            count(p.interventions.len(), "change", "changes"),
            p.targets_met,
            p.targets.len()
        )?;
    }
    plan_targets(out, r, p)?;
    if !p.alternatives.is_empty() {
        let names: Vec<String> = p
            .alternatives
            .iter()
            .map(|a| format!("#{} {}", a.rank, short_name(&a.name)))
            .collect();
        let these = if names.len() == 1 {
            "this also meets"
        } else {
            "these also meet"
        };
        writeln!(out, "  Alone, {these} every target: {}", names.join("; "))?;
    }
    writeln!(out)
}

fn after_line(r: &AdviseReport, a: &After) -> String {
    let mut parts = vec![format!(
        "{} of {} targets met",
        a.targets_met,
        r.baseline.targets.len()
    )];
    if let (Some(label), Some(p)) = (rto_target_label(r), a.p_meet_rto) {
        parts.push(format!("{label} in {}", percent(p)));
    }
    parts.push(format!("RTO p95 {}", format_secs(a.rto_p95)));
    parts.push(format!("RPO p95 {}", format_secs(a.rpo_p95)));
    parts.join(", ")
}

fn plan_targets(out: &mut String, r: &AdviseReport, p: &PlanReport) -> std::fmt::Result {
    target_lines(out, &p.targets, "    ")?;
    if let Some(d) = &p.difference {
        let mut parts = vec![
            format!("RTO p95 {}", time_or_none(&d.rto_p95)),
            format!("RPO p95 {}", time_or_none(&d.rpo_p95)),
        ];
        if let (Some(label), Some(s)) = (rto_target_label(r), &d.p_meet_rto) {
            parts.insert(0, format!("{label} {}", share_or_none(s)));
        }
        writeln!(out, "    Against the plan today: {}", parts.join("; "))?;
    }
    Ok(())
}

fn minimal_targets(out: &mut String, r: &AdviseReport) -> std::fmt::Result {
    let m = &r.minimal_targets;
    let mut shown = vec![("RTO".to_string(), m.rto)];
    if r.baseline.rpo.target.is_some() || m.rpo != 0.0 {
        shown.push(("RPO".to_string(), m.rpo));
    }
    for (id, c) in &m.components.0 {
        for (quantity, secs) in [(Quantity::Rto, c.rto), (Quantity::Rpo, c.rpo)] {
            if !secs.is_nan() {
                shown.push((format!("{id} {}", quantity.label()), secs));
            }
        }
    }
    // A target no value meets: too many runs never recover (or lose all data).
    let (met, never): (Vec<_>, Vec<_>) = shown.into_iter().partition(|(_, secs)| secs.is_finite());
    let met: Vec<String> = met
        .iter()
        .map(|(name, secs)| format!("{name} ≤ {}", format_secs(*secs)))
        .collect();
    let pct = pct_label(m.percentile);
    if !met.is_empty() {
        let lead = if r.baseline.targets_met < r.baseline.targets.len() {
            "Or change the targets: as it is, the plan meets"
        } else {
            "The tightest targets the plan meets as it is:"
        };
        writeln!(out, "{lead} {} at {pct}.", met.join(", "))?;
    }
    if !never.is_empty() {
        let names: Vec<&str> = never.iter().map(|(name, _)| name.as_str()).collect();
        writeln!(
            out,
            "No {} target is met at {pct} as the plan is, however large: too many runs never get there.",
            names.join(", ")
        )?;
    }
    Ok(())
}
