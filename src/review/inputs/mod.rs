//! The review page's Inputs section: where each number came from. How
//! much of the result rests on assumptions (the tail's critical path by
//! basis; the p95 and every verdict with the assumed figures at their
//! optimistic end, in words: which verdicts would flip), the dependency
//! graph, and the inputs themselves — steps, roles, components and their
//! data sources, and what holds scenario-wide (shared risks, conditions,
//! correlation groups) — each with its figures in words and its basis.

mod hinges;
mod shared;
mod tables;

use std::fmt::Write;

use super::RenderedChart;
use crate::report::Report;
use crate::scenario::{Basis, Scenario};

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
        hinges::assumptions(out, r, a)?;
    }
    if let Some(graph) = graph {
        super::page::figure(out, graph)?;
    }
    tables::steps(out, s)?;
    tables::roles(out, s)?;
    tables::components(out, s)?;
    tables::sources(out, s)?;
    shared::risks(out, s)?;
    shared::conditions(out, s)?;
    shared::correlations(out, s)?;
    writeln!(out, "</section>")
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
        .saturating_add(shared::page_bytes(s))
}
