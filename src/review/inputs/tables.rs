//! The inputs as tables: steps (duration, failure, retries, fallback and
//! risks in words), roles (people, response), components (targets with
//! their clocks, dependencies) and data sources (lag, backups), each with
//! its basis.

use std::fmt::Write;

use crate::format::{format_secs, percent};
use crate::report::escape_markup as esc;
use crate::scenario::{Basis, Component, Scenario, Step};

/// The basis as a cell: the quote, the assumption marked, or "no basis".
pub(super) fn basis_cell(basis: Option<&Basis>) -> String {
    match basis {
        Some(Basis::Source(text)) => esc(text),
        Some(Basis::Assumed(text)) => {
            format!("<span class=\"assumed\">assumed:</span> {}", esc(text))
        }
        None => "<span class=\"muted\">no basis</span>".into(),
    }
}

pub(super) fn steps(out: &mut String, s: &Scenario) -> std::fmt::Result {
    writeln!(
        out,
        "<h3>Steps</h3><table><tr><th>Step</th><th>Role</th><th>Duration of an attempt</th><th class=\"num\">Fails</th><th class=\"num\">Retries</th><th>Fallback</th><th>Risks</th><th>Basis</th></tr>"
    )?;
    for (k, step) in s.steps.iter().enumerate() {
        let role = step.role.map_or("–".to_string(), |r| esc(&s.roles[r].id));
        let (fails, retries, fallback) = failure_cells(s, step);
        writeln!(
            out,
            "<tr><td>{}</td><td>{role}</td><td>{}</td><td class=\"num\">{fails}</td><td class=\"num\">{retries}</td><td>{fallback}</td><td>{}</td><td>{}</td></tr>",
            name_cell(&step.name, &step.id, step.fallback_only),
            esc(&step.duration.words()),
            risks_cell(s, k),
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

/// "cloud quota throttled: 10 %, adds uniform 30m–2h", one per line,
/// then the shared risks that apply to step `k` by name.
fn risks_cell(s: &Scenario, k: usize) -> String {
    let own = s.steps[k].risks.iter().map(|r| {
        format!(
            "{}: {}, adds {}",
            esc(&r.name),
            percent(r.probability),
            esc(&r.delay.words())
        )
    });
    let lines: Vec<String> = own.chain(super::shared::step_shared_risks(s, k)).collect();
    if lines.is_empty() {
        "–".into()
    } else {
        lines.join("<br/>")
    }
}

pub(super) fn roles(out: &mut String, s: &Scenario) -> std::fmt::Result {
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
                .map_or("at once".to_string(), |d| esc(&d.words()))
                + &super::shared::hours_words(role),
            basis_cell(role.basis.as_ref())
        )?;
    }
    writeln!(out, "</table>")
}

pub(super) fn components(out: &mut String, s: &Scenario) -> std::fmt::Result {
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

pub(super) fn sources(out: &mut String, s: &Scenario) -> std::fmt::Result {
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
