//! The most memory drawing the dependency graph takes: its data (a node
//! per step and component, an edge per `after`, `recovers` and
//! `depends_on`, and the layout's vectors over all of them) and its SVG
//! text, bounded by the rows it draws ([`GRAPH_ROWS`]) and the edges
//! those rows can have between them.

use super::GRAPH_ROWS;
use crate::scenario::Scenario;

/// A node's data and layout entries, its id aside.
const NODE_BYTES: u64 = 160;
/// An edge's data and layout entries.
const EDGE_BYTES: u64 = 48;
/// SVG of one drawn element at most, its text aside.
const ELEMENT_SVG_BYTES: u64 = 192;
/// Elements of a row (band, label, marker, ring) and of an edge (its
/// path and arrowhead).
const ROW_ELEMENTS: u64 = 4;
const EDGE_ELEMENTS: u64 = 2;
/// Caption, subtitle, legend and note.
const FRAME_SVG_BYTES: u64 = 16 << 10;
/// A label's text at most (34 characters of up to 4 bytes and its
/// criticality).
const LABEL_BYTES: u64 = 34 * 4 + 32;

/// The most memory drawing the dependency graph takes, by what holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphMemory {
    /// Its data and layout, alive while it renders.
    pub data_bytes: u64,
    /// Its SVG text at most (the page copies it).
    pub svg_bytes: u64,
}

/// The most memory drawing the graph of `s` takes.
pub fn graph_memory(s: &Scenario) -> GraphMemory {
    let nodes = (s.steps.len() + s.components.len()) as u64;
    let edges = s
        .steps
        .iter()
        .map(|st| (st.after.len() + st.recovers.len()) as u64)
        .sum::<u64>()
        + s.components
            .iter()
            .map(|c| c.depends_on.len() as u64)
            .sum::<u64>();
    let ids = s.steps.iter().map(|st| st.id.len() as u64).sum::<u64>()
        + s.components.iter().map(|c| c.id.len() as u64).sum::<u64>();
    let rows = GRAPH_ROWS as u64;
    // Edges between the rows drawn: at most every pair, at most all edges.
    let drawn_edges = edges.min(rows * rows);
    let svg = rows * (ROW_ELEMENTS * ELEMENT_SVG_BYTES + LABEL_BYTES)
        + drawn_edges * EDGE_ELEMENTS * ELEMENT_SVG_BYTES
        + FRAME_SVG_BYTES;
    GraphMemory {
        data_bytes: nodes
            .saturating_mul(NODE_BYTES)
            .saturating_add(edges.saturating_mul(EDGE_BYTES))
            .saturating_add(ids),
        svg_bytes: svg,
    }
}
