//! The HTML of the review page. Everything inline; escaped with the same
//! function as the JUnit XML.

use std::fmt::Write;

use super::page::{self, named};
use super::{RenderedChart, drill, drivers, inputs, world};
use crate::format::{format_secs, pct_label, percent as pct, thousands};
use crate::report::drill::DrillReport;
use crate::report::export::{SUMMARY_COLUMNS, TargetCells, summary_table, unrecovered_runs};
use crate::report::{Report, escape_markup as esc, target_verdicts};
use crate::scenario::Scenario;

/// The whole page of `r`, a simulation of `s`.
pub fn to_html(r: &Report, s: &Scenario, charts: &[RenderedChart]) -> String {
    let mut out = String::new();
    let _ = page(&mut out, r, s, charts, None);
    out
}

/// [`to_html`] with a "Drill against the model" section: `drill`, scored
/// against the same simulation.
pub fn to_html_with_drill(
    r: &Report,
    s: &Scenario,
    charts: &[RenderedChart],
    drill: &DrillReport,
) -> String {
    let mut out = String::new();
    let _ = page(&mut out, r, s, charts, Some(drill));
    out
}

fn page(
    out: &mut String,
    r: &Report,
    s: &Scenario,
    charts: &[RenderedChart],
    drill: Option<&DrillReport>,
) -> std::fmt::Result {
    page::head(out, &format!("DR review: {}", r.scenario.name), inputs::CSS)?;
    writeln!(out, "<header><h1>{}</h1>", esc(&r.scenario.name))?;
    if let Some(d) = &r.scenario.description {
        writeln!(out, "<p>{}</p>", esc(d))?;
    }
    writeln!(
        out,
        "<p class=\"muted\">Disaster-recovery review report by drsim: {} simulated disasters of <code>{}</code>.</p></header>",
        thousands(r.iterations),
        esc(&r.scenario.file)
    )?;
    targets(out, r)?;
    summary(out, r)?;
    if let Some(d) = drill {
        drill::section(out, d)?;
    }
    let (graph, charts) = inputs::split_graph(charts);
    let (world_charts, charts) = world::split_charts(r, &charts);
    world::section(out, r, &world_charts)?;
    drivers::section(out, r)?;
    page::charts(out, &charts)?;
    inputs::section(out, r, s, graph)?;
    parameters(out, r, drill)?;
    page::end(out)
}

fn targets(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "<section id=\"targets\"><h2>Targets</h2>")?;
    let rows = target_verdicts(r);
    if rows.is_empty() {
        return writeln!(out, "<p>The plan states no targets.</p></section>");
    }
    let p = pct_label(r.percentile);
    let failed = rows.iter().filter(|t| !t.pass).count();
    let verdict = if failed == 0 {
        format!("All {} targets are met at {p}.", rows.len())
    } else {
        format!("{failed} of {} targets are missed at {p}.", rows.len())
    };
    page::verdict(out, failed == 0, &verdict)?;
    writeln!(
        out,
        "<table><tr><th>Target</th><th>Value at {p}</th><th>95 % interval</th><th>Runs meeting it</th><th>95 % interval</th><th>Verdict</th></tr>"
    )?;
    for t in rows {
        let (class, word) = if t.pass {
            ("pass", "PASS")
        } else {
            ("fail", "FAIL")
        };
        let c = TargetCells::of(&t);
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}–{}</td><td>{}</td><td>{}–{}</td><td class=\"{class}\">{word}{}</td></tr>",
            esc(&c.target),
            c.value,
            c.value_low,
            c.value_high,
            c.p_meet,
            c.p_meet_low,
            c.p_meet_high,
            if t.marginal {
                " <span class=\"marginal\">(marginal: more runs could change it)</span>"
            } else {
                ""
            }
        )?;
    }
    writeln!(out, "</table></section>")
}

fn summary(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "<section id=\"summary\"><h2>Summary</h2>")?;
    write!(out, "<table><tr><th></th>")?;
    for column in SUMMARY_COLUMNS {
        write!(out, "<th>{column}</th>")?;
    }
    writeln!(out, "</tr>")?;
    let table = summary_table(r);
    for row in &table.rows {
        write!(out, "<tr><td>{}</td>", row.label)?;
        for cell in &row.cells {
            write!(out, "<td>{cell}</td>")?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table>")?;
    for note in &table.notes {
        writeln!(out, "<p class=\"note\">{}</p>", esc(note))?;
    }
    writeln!(
        out,
        "<p>Runs with a component never recovered: {}.</p>",
        unrecovered_runs(r)
    )?;
    writeln!(
        out,
        "<table><tr><th>Component</th><th>RTO p50</th><th>RTO p95</th><th>RPO p95</th><th>Never recovered</th><th>Recovered last</th></tr>"
    )?;
    for (id, c) in &r.components.0 {
        let rpo = if c.has_data {
            format_secs(c.rpo.p95)
        } else {
            "–".into()
        };
        let name = if c.affected {
            named(&c.name, id)
        } else {
            format!(
                "{} <span class=\"muted\">(unaffected)</span>",
                named(&c.name, id)
            )
        };
        writeln!(
            out,
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{rpo}</td><td>{}</td><td>{}</td></tr>",
            format_secs(c.rto.p50),
            format_secs(c.rto.p95),
            pct(c.unrecovered),
            pct(c.last_recovered)
        )?;
    }
    writeln!(out, "</table></section>")
}

fn parameters(out: &mut String, r: &Report, drill: Option<&DrillReport>) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"parameters\"><h2>Run parameters</h2><table>"
    )?;
    for (k, v) in [
        (
            "Scenario file",
            format!("<code>{}</code>", esc(&r.scenario.file)),
        ),
        (
            "Scenario SHA-256",
            format!("<code>{}</code>", esc(&r.scenario.sha256)),
        ),
        ("Iterations", r.iterations.to_string()),
        ("Seed", r.seed.to_string()),
        ("Percentile judged", pct_label(r.percentile)),
        ("drsim version", esc(&r.drsim_version)),
        ("JSON schema version", r.schema_version.to_string()),
    ] {
        writeln!(out, "<tr><td>{k}</td><td>{v}</td></tr>")?;
    }
    if let Some(d) = drill {
        writeln!(
            out,
            "<tr><td>Drill actuals</td><td><code>{}</code></td></tr>",
            esc(&d.actuals_file)
        )?;
    }
    writeln!(out, "</table>")?;
    let drill_option = drill.map_or(String::new(), |d| {
        format!(" --drill {}", esc(&d.actuals_file))
    });
    writeln!(
        out,
        "<p>Reproduce: <code>drsim report {} --iterations {} --seed {}{drill_option} -o report.html</code> gives the same page, byte for byte, on any machine and any number of threads.</p>",
        esc(&r.scenario.file),
        r.iterations,
        r.seed
    )?;
    writeln!(out, "</section>")
}
