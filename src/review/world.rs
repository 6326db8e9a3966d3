//! The review page's "When it strikes and what holds": the results of
//! the runs in which each thing held — the part of the week the disaster
//! struck in, each condition's case — and the correlation groups, as the
//! tables the text summary shows (`world_tables`), each split's RTO chart
//! after its table. No section when nothing splits the runs.

use std::fmt::Write;

use super::RenderedChart;
use super::page;
use crate::chart::Split;
use crate::report::export::world_tables;
use crate::report::{Report, escape_markup as esc};
use crate::scenario::Scenario;

/// A row of a group's table (up to seven cells) with its markup.
const GROUP_ROW_BYTES: u64 = 384;
/// A row of the correlation table (a pair and two figures), the pair's
/// ids aside.
const PAIR_ROW_BYTES: u64 = 192;
/// The section's heading, introduction and table headers.
const SECTION_BYTES: u64 = 4 << 10;

/// The caption of a split's chart, on the page and beside `--charts`.
pub fn caption(split: &Split) -> &'static str {
    match split {
        Split::TimeOfWeek => {
            "RTO by when the disaster struck: for the runs that struck in working hours (Mon–Fri 08:00–18:00 on the scenario's clock), at night and at the weekend, the share in which the service was back within each time (further left and higher is better). The legend gives each part's share of the runs; the red line is the RTO target, and where a curve crosses the green line is that part's RTO at the judged percentile."
        }
        Split::Condition(_) => {
            "RTO by the case of the condition that held: for the runs of each case, the share in which the service was back within each time (further left and higher is better). The legend gives each case's share of the runs; the red line is the RTO target, and where a curve crosses the green line is that case's RTO at the judged percentile."
        }
    }
}

/// The charts of the section, and the others in their order.
pub fn split_charts<'a>(
    r: &Report,
    charts: &'a [RenderedChart],
) -> (Vec<&'a RenderedChart>, Vec<RenderedChart>) {
    let names: Vec<String> = Split::of(r).iter().map(Split::chart_name).collect();
    let ours = |c: &RenderedChart| names.contains(&c.name);
    let world = charts.iter().filter(|c| ours(c)).collect();
    let others = charts.iter().filter(|c| !ours(c)).cloned().collect();
    (world, others)
}

/// The section: each table with its title, and the split's chart after
/// it when `charts` has one; nothing when there are no tables.
pub fn section(out: &mut String, r: &Report, charts: &[&RenderedChart]) -> std::fmt::Result {
    let tables = world_tables(r);
    if tables.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"world\"><h2>When it strikes and what holds</h2>"
    )?;
    writeln!(
        out,
        "<p>The results again, for the runs in which one thing held: the part of the week the disaster struck in, or a condition's case. A group's runs are its share of all runs; its percentiles, and the share meeting each target, are over its own runs.</p>"
    )?;
    // The tables come in the splits' order, the correlation groups last.
    let splits = Split::of(r)
        .into_iter()
        .map(Some)
        .chain(std::iter::repeat(None));
    for (table, split) in tables.iter().zip(splits) {
        writeln!(out, "<h3>{}</h3>", esc(&table.title))?;
        write!(out, "<table>")?;
        row(out, "th", &table.header)?;
        for cells in &table.rows {
            row(out, "td", cells)?;
        }
        writeln!(out, "</table>")?;
        let chart = split.and_then(|s| {
            let name = s.chart_name();
            charts.iter().find(|c| c.name == name)
        });
        if let Some(chart) = chart {
            page::figure(out, chart)?;
        }
    }
    writeln!(out, "</section>")
}

/// A row of `cells`, each in a `tag` cell, escaped.
fn row(out: &mut String, tag: &str, cells: &[String]) -> std::fmt::Result {
    write!(out, "<tr>")?;
    for cell in cells {
        write!(out, "<{tag}>{}</{tag}>", esc(cell))?;
    }
    writeln!(out, "</tr>")
}

/// Bytes of the section at most, its charts aside: a row per part of the
/// week, per case and per correlated pair, names escaped (up to 6 bytes
/// a byte).
pub fn page_bytes(s: &Scenario) -> u64 {
    let parts = 3 * u64::from(s.calendar.is_some());
    let cases = s.conditions.iter().flat_map(|c| &c.cases);
    let case_text: usize = cases.clone().map(|k| k.name.len()).sum();
    // Each pair of a group names both steps: every step n − 1 times.
    let (pairs, pair_text) = s.correlations.iter().fold((0u64, 0u64), |(n, t), g| {
        let k = g.steps.len() as u64;
        let ids: u64 = g.steps.iter().map(|&i| s.steps[i].id.len() as u64).sum();
        (
            n.saturating_add(k * k.saturating_sub(1) / 2),
            t.saturating_add(ids.saturating_mul(k.saturating_sub(1))),
        )
    });
    let tables = u64::from(parts > 0) + s.conditions.len() as u64 + u64::from(pairs > 0);
    if tables == 0 {
        return 0;
    }
    (parts + cases.count() as u64)
        .saturating_mul(GROUP_ROW_BYTES)
        .saturating_add(pairs.saturating_mul(PAIR_ROW_BYTES))
        .saturating_add(pair_text.saturating_add(case_text as u64).saturating_mul(6))
        .saturating_add(tables.saturating_mul(SECTION_BYTES))
}
