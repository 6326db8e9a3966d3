//! The review page's "What drives the RTO": the driver sentences (steps
//! and components by the names the scenario gives them), then every step
//! (criticality, sensitivity, time, what the worst runs spend on its
//! critical path) and every role (engaging its people, waiting for busy
//! ones) in tables.

use std::fmt::Write;

use super::page::named;
use crate::format::{format_secs, percent as pct};
use crate::report::{Naming, Report, driver_lines_named, escape_markup as esc};

/// The section.
pub fn section(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"drivers\"><h2>What drives the RTO</h2><ul class=\"drivers\">"
    )?;
    for line in driver_lines_named(r, Naming::Names) {
        writeln!(out, "<li>{}</li>", esc(&line))?;
    }
    writeln!(out, "</ul>")?;
    steps(out, r)?;
    roles(out, r)?;
    writeln!(out, "</section>")
}

fn steps(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(
        out,
        "<table id=\"steps\"><tr><th rowspan=\"2\">Step</th><th rowspan=\"2\">Critical</th><th rowspan=\"2\">ρ</th><th rowspan=\"2\">SSI</th><th rowspan=\"2\">Mean time</th><th rowspan=\"2\">Fell back</th><th colspan=\"5\">On the critical path of the worst runs (mean per run)</th></tr>"
    )?;
    writeln!(
        out,
        "<tr><th>working</th><th>engaging</th><th>waiting (busy)</th><th>retrying</th><th>falling back</th></tr>"
    )?;
    for (id, s) in &r.steps.0 {
        // Two decimals, with a real minus, and no "-0.00".
        let num = |v: Option<f64>| {
            v.map_or("–".to_string(), |x| {
                let text = format!("{:.2}", x.abs());
                if x < 0.0 && text != "0.00" {
                    format!("−{text}")
                } else {
                    text
                }
            })
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            named(&s.name, id),
            pct(s.criticality),
            num(s.sensitivity),
            num(s.ssi),
            s.mean.map_or("–".to_string(), format_secs),
            pct(s.fallback_rate),
            format_secs(s.tail.working),
            format_secs(s.tail.engaging),
            format_secs(s.tail.busy_waiting()),
            format_secs(s.tail.retrying),
            format_secs(s.tail.falling_back)
        )?;
    }
    writeln!(out, "</table>")
}

fn roles(out: &mut String, r: &Report) -> std::fmt::Result {
    if r.roles.0.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<table id=\"roles\"><tr><th rowspan=\"2\">Role</th><th rowspan=\"2\">People</th><th rowspan=\"2\">Utilisation</th><th colspan=\"2\">Engaging (their response)</th><th colspan=\"3\">Waiting for a busy person</th></tr>"
    )?;
    writeln!(
        out,
        "<tr><th>on the critical path</th><th>wait per run</th><th>on the critical path</th><th>wait per run</th><th>(p95)</th></tr>"
    )?;
    for (id, role) in &r.roles.0 {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(id),
            role.count,
            pct(role.utilisation),
            pct(role.engaging_binding),
            format_secs(role.engaging_mean),
            pct(role.busy_binding),
            format_secs(role.busy_wait_mean),
            format_secs(role.busy_wait_p95)
        )?;
    }
    writeln!(out, "</table>")
}
