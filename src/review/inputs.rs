//! The review page's Inputs section: where each number came from. How
//! much of the result rests on assumptions (the tail's critical path by
//! basis; the p95 and every verdict with the assumed figures at their
//! optimistic end, in words: which verdicts would flip), the dependency
//! graph, and the inputs themselves — steps, roles, components and their
//! data sources — each with its figures in words and its basis.

use std::fmt::Write;

use super::RenderedChart;
use crate::format::{format_secs, pct_label, percent, thousands};
use crate::report::{Assumptions, Report, TargetHinge, escape_markup as esc};
use crate::scenario::{Basis, Component, Scenario, Step};

/// The graph's caption, on the page and beside `--charts`.
pub const GRAPH_CAPTION: &str = "The plan's dependencies: every step (circle) and component (diamond) in its own row, in columns by the longest chain of after, recovers and depends_on before it; each edge runs from what is waited for, down its lane, into what waits. A step's fill says where its figures came from (blue: the plan; orange: assumed; hollow: no basis); a red ring marks the steps on the critical path in at least half the runs.";

/// The section's own rules: text columns read left to right.
pub const CSS: &str = "#inputs td,#inputs th{text-align:left;vertical-align:top}#inputs td.num,#inputs th.num{text-align:right}#inputs .assumed{color:#b36b00}";

/// The graph among the rendered charts, and the others.
pub fn split_graph(charts: &[RenderedChart]) -> (Option<&RenderedChart>, Vec<RenderedChart>) {
    let is_graph = |c: &&RenderedChart| c.name == "dependency-graph";
    let graph = charts.iter().find(is_graph);
    let others = charts.iter().filter(|c| !is_graph(c)).cloned().collect();
    (graph, others)
}

/// The whole section.
pub fn section(
    out: &mut String,
    r: &Report,
    s: &Scenario,
    graph: Option<&RenderedChart>,
) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"inputs\"><h2>Inputs: where each number came from</h2>"
    )?;
    if let Some(a) = &r.assumptions {
        assumptions(out, r, a)?;
    }
    if let Some(graph) = graph {
        super::page::figure(out, graph)?;
    }
    steps(out, s)?;
    roles(out, s)?;
    components(out, s)?;
    sources(out, s)?;
    writeln!(out, "</section>")
}

/// How much rests on assumptions, in words.
fn assumptions(out: &mut String, r: &Report, a: &Assumptions) -> std::fmt::Result {
    let n = a.inputs.source + a.inputs.assumed + a.inputs.none;
    writeln!(
        out,
        "<p>{n} inputs (steps, roles, components with a target, data sources): {} from the plan, {} assumed, {} without a basis.</p>",
        a.inputs.source, a.inputs.assumed, a.inputs.none
    )?;
    let flips: Vec<&TargetHinge> = a.targets.iter().filter(|t| t.flips()).collect();
    let (ok, verdict) = verdict(a, &flips, n);
    super::page::verdict(out, ok, &verdict)?;
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
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The basis as a cell: the quote, the assumption marked, or "no basis".
fn basis_cell(basis: Option<&Basis>) -> String {
    match basis {
        Some(Basis::Source(text)) => esc(text),
        Some(Basis::Assumed(text)) => {
            format!("<span class=\"assumed\">assumed:</span> {}", esc(text))
        }
        None => "<span class=\"muted\">no basis</span>".into(),
    }
}

fn steps(out: &mut String, s: &Scenario) -> std::fmt::Result {
    writeln!(
        out,
        "<h3>Steps</h3><table><tr><th>Step</th><th>Role</th><th>Duration of an attempt</th><th class=\"num\">Fails</th><th class=\"num\">Retries</th><th>Fallback</th><th>Risks</th><th>Basis</th></tr>"
    )?;
    for step in &s.steps {
        let role = step.role.map_or("–".to_string(), |r| esc(&s.roles[r].id));
        let (fails, retries, fallback) = failure_cells(s, step);
        writeln!(
            out,
            "<tr><td>{}</td><td>{role}</td><td>{}</td><td class=\"num\">{fails}</td><td class=\"num\">{retries}</td><td>{fallback}</td><td>{}</td><td>{}</td></tr>",
            name_cell(&step.name, &step.id, step.fallback_only),
            esc(&step.duration.words()),
            risks_cell(step),
            basis_cell(step.basis.as_ref())
        )?;
    }
    writeln!(out, "</table>")
}

/// A name with its id under it when they differ.
fn name_cell(name: &str, id: &str, fallback_only: bool) -> String {
    let fallback = if fallback_only {
        " <span class=\"muted\">(fallback only)</span>"
    } else {
        ""
    };
    if name == id {
        format!("<code>{}</code>{fallback}", esc(id))
    } else {
        format!("{}<br/><code>{}</code>{fallback}", esc(name), esc(id))
    }
}

/// Failure probability, retries (and their delay), fallback.
fn failure_cells(s: &Scenario, step: &Step) -> (String, String, String) {
    match step.failure {
        None => ("–".into(), "–".into(), "–".into()),
        Some(f) => (
            percent(f.probability),
            if f.retries > 0 && f.retry_delay_secs > 0.0 {
                format!("{} ({} apart)", f.retries, format_secs(f.retry_delay_secs))
            } else {
                f.retries.to_string()
            },
            f.fallback.map_or("–".into(), |k| {
                format!("<code>{}</code>", esc(&s.steps[k].id))
            }),
        ),
    }
}

/// "cloud quota throttled: 10 %, adds uniform 30m–2h", one per line.
fn risks_cell(step: &Step) -> String {
    if step.risks.is_empty() {
        return "–".into();
    }
    step.risks
        .iter()
        .map(|r| {
            format!(
                "{}: {}, adds {}",
                esc(&r.name),
                percent(r.probability),
                esc(&r.delay.words())
            )
        })
        .collect::<Vec<_>>()
        .join("<br/>")
}

fn roles(out: &mut String, s: &Scenario) -> std::fmt::Result {
    if s.roles.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Roles</h3><table><tr><th>Role</th><th class=\"num\">People</th><th>Response (until each is engaged)</th><th>Basis</th></tr>"
    )?;
    for role in &s.roles {
        writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&role.id),
            role.count,
            role.response
                .as_ref()
                .map_or("at once".to_string(), |d| esc(&d.words())),
            basis_cell(role.basis.as_ref())
        )?;
    }
    writeln!(out, "</table>")
}

fn components(out: &mut String, s: &Scenario) -> std::fmt::Result {
    writeln!(
        out,
        "<h3>Components</h3><table><tr><th>Component</th><th>Targets</th><th>Depends on</th><th>Basis of its targets</th></tr>"
    )?;
    for comp in &s.components {
        let depends: Vec<String> = comp
            .depends_on
            .iter()
            .map(|&d| format!("<code>{}</code>", esc(&s.components[d].id)))
            .collect();
        let basis = if comp.has_target() || comp.basis.is_some() {
            basis_cell(comp.basis.as_ref())
        } else {
            "<span class=\"muted\">no target</span>".into()
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{basis}</td></tr>",
            name_cell(&comp.name, &comp.id, false),
            targets_cell(s, comp),
            if depends.is_empty() {
                "–".into()
            } else {
                depends.join(", ")
            }
        )?;
    }
    writeln!(out, "</table>")
}

/// "RTO ≤ 1h from the disaster; RPO ≤ 5m", and whether the overall
/// figures count it.
fn targets_cell(s: &Scenario, comp: &Component) -> String {
    let mut parts = Vec::new();
    if let Some(rto) = comp.rto_target_secs {
        parts.push(format!(
            "RTO ≤ {} from {}",
            format_secs(rto),
            esc(&comp.rto_from.words(&s.steps))
        ));
    }
    if let Some(rpo) = comp.rpo_target_secs {
        parts.push(format!("RPO ≤ {}", format_secs(rpo)));
    }
    if !comp.overall {
        parts.push("<span class=\"muted\">not in the overall figures</span>".into());
    }
    if parts.is_empty() {
        "–".into()
    } else {
        parts.join("; ")
    }
}

fn sources(out: &mut String, s: &Scenario) -> std::fmt::Result {
    let any = s.components.iter().any(|c| !c.sources.is_empty());
    if !any {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Data sources</h3><table><tr><th>Component</th><th>Source</th><th>Lag at the disaster</th><th>Backups</th><th>Basis</th></tr>"
    )?;
    for comp in &s.components {
        for source in &comp.sources {
            let backups = source.backup.map_or("–".to_string(), |b| {
                format!(
                    "every {}, {} succeed",
                    format_secs(b.interval_secs),
                    percent(b.success)
                )
            });
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{backups}</td><td>{}</td></tr>",
                esc(&comp.id),
                esc(&source.name),
                source
                    .lag
                    .as_ref()
                    .map_or("none".to_string(), |d| esc(&d.words())),
                basis_cell(source.basis.as_ref())
            )?;
        }
    }
    writeln!(out, "</table>")
}

/// Bytes of the section aside from the graph, at most: a row per input
/// with its texts (names, bases, risk names) escaped (up to 6 bytes a
/// byte) and its fixed markup and figures in words.
pub fn page_bytes(s: &Scenario) -> u64 {
    const ROW_BYTES: u64 = 384;
    let basis_len = |b: &Option<Basis>| b.as_ref().map_or(0, |b| b.text().len());
    let steps: usize = s
        .steps
        .iter()
        .map(|st| {
            st.name.len()
                + st.id.len()
                + basis_len(&st.basis)
                + st.risks.iter().map(|r| r.name.len() + 64).sum::<usize>()
        })
        .sum();
    let components: usize = s
        .components
        .iter()
        .map(|c| {
            c.name.len()
                + c.id.len()
                + basis_len(&c.basis)
                + c.sources
                    .iter()
                    .map(|so| so.name.len() + c.id.len() + basis_len(&so.basis))
                    .sum::<usize>()
        })
        .sum();
    let roles: usize = s
        .roles
        .iter()
        .map(|r| r.id.len() + basis_len(&r.basis))
        .sum();
    let rows = (s.steps.len() + s.roles.len() + s.components.len()) as u64
        + s.components
            .iter()
            .map(|c| c.sources.len() as u64)
            .sum::<u64>();
    rows.saturating_mul(ROW_BYTES)
        .saturating_add(6 * (steps + components + roles) as u64)
}
