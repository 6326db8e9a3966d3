//! How much of the review rests on assumptions, in words: the headline
//! (which verdicts hinge on the assumptions, or that the plan does not
//! say enough to tell), the tail's critical path by basis, the p95s with
//! every assumed figure at its optimistic end, and each target's verdict
//! both ways.

use std::fmt::Write;

use crate::format::{format_secs, pct_label, percent, thousands};
use crate::report::{Assumptions, Report, TargetHinge, escape_markup as esc};

/// How much rests on assumptions, in words.
pub(super) fn assumptions(out: &mut String, r: &Report, a: &Assumptions) -> std::fmt::Result {
    let n = a.inputs.source + a.inputs.assumed + a.inputs.none;
    let mut kinds = vec!["steps", "roles", "components with a target", "data sources"];
    if !r.by_condition.is_empty() {
        kinds.push("conditions");
    }
    if r.risks.iter().any(|k| !k.applies_to.is_empty()) {
        kinds.push("shared risks");
    }
    if !r.correlation.is_empty() {
        kinds.push("correlation groups");
    }
    writeln!(
        out,
        "<p>{n} inputs ({}): {} from the plan, {} assumed, {} without a basis.</p>",
        kinds.join(", "),
        a.inputs.source,
        a.inputs.assumed,
        a.inputs.none
    )?;
    let flips: Vec<&TargetHinge> = a.targets.iter().filter(|t| t.flips()).collect();
    let (ok, verdict) = verdict(a, &flips, n);
    super::super::page::verdict(out, ok, &verdict)?;
    writeln!(out, "<ul class=\"drivers\">")?;
    for line in assumption_lines(r, a) {
        writeln!(out, "<li>{}</li>", esc(&line))?;
    }
    writeln!(out, "</ul>")
}

/// The headline: which verdicts hinge on the assumptions, or that none
/// does, or that the plan does not say enough to tell; and whether that
/// is good news.
fn verdict(a: &Assumptions, flips: &[&TargetHinge], inputs: u64) -> (bool, String) {
    if !flips.is_empty() {
        let names: Vec<String> = flips.iter().map(|t| t.label()).collect();
        let text = format!(
            "{} {} on the assumptions: {} would change with every assumed figure at its optimistic end.",
            plural(flips.len(), "verdict"),
            if flips.len() == 1 { "hinges" } else { "hinge" },
            names.join(", ")
        );
        return (false, text);
    }
    if a.pinned.count() > 0 {
        let text = "No verdict hinges on the assumptions: every target is judged the same with every assumed figure at its optimistic end.";
        return (true, text.to_string());
    }
    if a.inputs.none > 0 {
        let text = format!(
            "No figure is marked assumed, and {} of {inputs} inputs do not say where their figures came from: this report cannot tell which verdicts hinge on guesses.",
            a.inputs.none
        );
        return (false, text);
    }
    (
        true,
        "Every input says where its figures came from, and no assumed figure varies: no verdict hinges on an assumption.".to_string(),
    )
}

/// The tail's share by basis, the optimistic p95s, and each verdict.
fn assumption_lines(r: &Report, a: &Assumptions) -> Vec<String> {
    let mut lines = Vec::new();
    let t = &r.tail;
    if let (Some(assumed), Some(none)) = (a.tail.assumed, a.tail.none) {
        let share = (t.runs + t.unrecovered) as f64 / r.iterations.max(1) as f64;
        lines.push(format!(
            "The worst {} of runs (RTO ≥ {}, {} runs) spend {} of their critical path in assumed steps and {} in steps without a basis ({} in steps the plan gives figures for; waiting for a person counts with the step that waited).",
            percent(share).replace(".0 %", " %"),
            format_secs(t.threshold),
            thousands(t.runs + t.unrecovered),
            percent(assumed),
            percent(none),
            percent(a.tail.source.unwrap_or(0.0))
        ));
    }
    let pinned = a.pinned.count();
    if pinned > 0 {
        lines.push(format!(
            "With every assumed figure at its optimistic end — {}, each at its {} ({}), with the same {} runs and seed — the p95 RTO would be {} instead of {}, the p95 RPO {} instead of {}.",
            plural(pinned, "input"),
            pct_label(a.quantile * 100.0),
            pinned_names(a),
            thousands(r.iterations),
            format_secs(a.rto_p95.optimistic),
            format_secs(a.rto_p95.today),
            format_secs(a.rpo_p95.optimistic),
            format_secs(a.rpo_p95.today)
        ));
        lines.extend(a.targets.iter().map(hinge_line));
    }
    if a.inputs.none > 0 {
        lines.push(format!(
            "{} say nothing of where their figures came from: they are as uncertain as an assumption, but the plan does not say so (drsim validate --strict lists them).",
            plural(a.inputs.none as usize, "input")
        ));
    }
    lines
}

/// One target's verdict today and optimistic, in words.
fn hinge_line(t: &TargetHinge) -> String {
    let p = pct_label(t.percentile);
    let (today, optimistic) = (shown(t.today, t.target), shown(t.optimistic, t.target));
    let label = t.label();
    match (t.pass, t.pass_optimistic) {
        (false, true) => format!(
            "{label} fails as planned ({p} {today}) but would pass with every assumed figure at its optimistic end ({p} {optimistic}): this verdict hinges on the assumptions."
        ),
        (false, false) => format!(
            "{label} fails even with every assumed figure at its optimistic end ({p} {optimistic}, {today} as planned)."
        ),
        (true, false) => format!(
            "{label} passes as planned ({p} {today}) but would fail with every assumed figure at its optimistic end ({p} {optimistic}): shorter steps change who waits for whom."
        ),
        (true, true) => format!(
            "{label} passes as planned ({p} {today}) and with every assumed figure at its optimistic end ({p} {optimistic})."
        ),
    }
}

/// A value judged against `target`: "just over 2d" when it fails but
/// reads as the target (durations are rounded to what a planner writes).
fn shown(value: f64, target: f64) -> String {
    let text = format_secs(value);
    if value > target && text == format_secs(target) {
        format!("just over {text}")
    } else {
        text
    }
}

/// "promote_db, switch_dns (steps); dba (role)".
fn pinned_names(a: &Assumptions) -> String {
    [
        (&a.pinned.steps, "step", "steps"),
        (&a.pinned.roles, "role's response", "roles' responses"),
        (&a.pinned.sources, "data source's lag", "data sources' lags"),
    ]
    .iter()
    .filter(|(ids, _, _)| !ids.is_empty())
    .map(|(ids, one, many)| {
        let kind = if ids.len() == 1 { one } else { many };
        format!("{} ({kind})", ids.join(", "))
    })
    .collect::<Vec<_>>()
    .join("; ")
}

/// "1 verdict", "3 inputs".
fn plural(n: usize, noun: &str) -> String {
    crate::format::count(n, noun)
}
