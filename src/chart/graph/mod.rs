//! The plan's dependency graph: every step (●) and component (◆) in its
//! own row, in columns by layer — the longest chain of `after`,
//! `recovers` and `depends_on` from a node nothing precedes — with its
//! edges. A step's fill says where its figures came from (the plan,
//! assumed, no basis); a red ring marks the steps on the critical path in
//! at least [`CRITICAL_SHARE`] of runs. A plan with more nodes than fit
//! ([`GRAPH_ROWS`]) shows those most often on the critical path and says
//! so. Where things go is in `layout`; this file draws it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod data;
mod layout;
mod memory;

pub use data::{GraphData, GraphEdge, GraphNode, NodeKind};
pub use layout::{ColumnSpan, Edge, GRAPH_ROWS, GraphLayout, Lane};
pub use memory::{GraphMemory, graph_memory};

use super::{DrawResult, style};
use crate::format::{percent, thousands};
use crate::scenario::Grounding;

/// A step on the critical path in at least this share of runs is marked.
pub const CRITICAL_SHARE: f64 = 0.5;

/// Pixels per row, above the rows (title, subtitle) and below (legend).
const ROW_PX: u32 = 28;
const TOP_PX: u32 = 92;
const LEGEND_PX: u32 = 72;
/// Room left and right of the chart, pixels.
const MARGIN_PX: i32 = 16;
/// A node's radius, pixels.
const NODE_R: i32 = 6;
/// Edges: a grey between the text and the grid.
const EDGE: RGBColor = RGBColor(120, 124, 130);
/// Longest label shown, in characters.
const LABEL_CHARS: usize = 34;

/// The tallest graph, pixels: [`GRAPH_ROWS`] rows.
pub(super) const MAX_HEIGHT: u32 = TOP_PX + ROW_PX * GRAPH_ROWS as u32 + LEGEND_PX;

/// Width and height of the graph of `d`.
pub(super) fn size(d: &GraphData) -> (u32, u32) {
    let rows = d.shown().row_count() as u32;
    (
        style::WIDTH,
        (TOP_PX + ROW_PX * rows.max(1) + LEGEND_PX).max(320),
    )
}

/// A graph as drawn: its layout and the note on what it left out.
#[derive(Debug, Clone)]
pub struct ShownGraph {
    pub layout: GraphLayout,
    /// "… and 120 more steps and components not shown: …", when some are.
    pub note: Option<String>,
}

impl ShownGraph {
    /// Rows drawn, the note's included.
    pub fn row_count(&self) -> usize {
        self.layout.rows.len() + usize::from(self.note.is_some())
    }
}

impl GraphData {
    /// What the graph draws: at most [`GRAPH_ROWS`] rows.
    pub fn shown(&self) -> ShownGraph {
        let edges: Vec<Edge> = self.edges.iter().map(|e| e.edge).collect();
        let score: Vec<f64> = self.nodes.iter().map(|n| n.score).collect();
        let layout = layout::layout(self.nodes.len(), &edges, &score, GRAPH_ROWS);
        let note = (layout.hidden > 0).then(|| {
            format!(
                "… and {} more steps and components not shown: the {} shown are those most often on the critical path (edges through the others are not drawn)",
                thousands(layout.hidden as u64),
                layout.rows.len()
            )
        });
        ShownGraph { layout, note }
    }
}

/// Where rows and columns are, pixels.
struct Frame {
    /// Left edge of the graph area (labels end left of it).
    graph_x: i32,
    columns: Vec<ColumnSpan>,
    top: i32,
}

impl Frame {
    fn row_y(&self, row: usize) -> i32 {
        self.top + ROW_PX as i32 * row as i32 + ROW_PX as i32 / 2
    }

    fn node_x(&self, column: usize) -> i32 {
        let left = self.columns.get(column).map_or(0.0, |c| c.left);
        self.graph_x + left as i32 + 1 + NODE_R
    }

    /// The x of a lane in the gap right of `column`'s node.
    fn lane_x(&self, column: usize, lane: Lane) -> i32 {
        let start = self.node_x(column) + NODE_R + 4;
        let width = self.columns.get(column).map_or(0.0, |c| c.width);
        let gap = (width - layout::COLUMN_FIXED_PX).max(0.0);
        start + (gap * lane.share()) as i32
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &GraphData,
) -> DrawResult<DB> {
    let shown = d.shown();
    let (width, _) = root.dim_in_pixel();
    let caption = style::Caption::fit(root, &format!("Dependencies — {}", d.title));
    root.draw(&Text::new(
        caption.text.clone(),
        (width as i32 / 2, 22),
        caption.style.pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    root.draw(&Text::new(
        "Each column is one more link in the longest chain of after, recovers and depends_on from the disaster; edges run right, down their lane, into the next node.".to_string(),
        (MARGIN_PX, 56),
        style::small().color(&style::MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let labels: Vec<String> = shown.layout.rows.iter().map(|&v| d.label(v)).collect();
    let label_px = (style::text_width(root, labels.iter().map(String::as_str), &style::label())
        + 16)
        .clamp(80, width * 2 / 5);
    let graph_x = MARGIN_PX + label_px as i32;
    let room = f64::from(width as i32 - MARGIN_PX - graph_x);
    let frame = Frame {
        graph_x,
        columns: layout::column_spans(&layout::lanes_per_column(&shown.layout), room),
        top: TOP_PX as i32,
    };
    draw_rows(root, &frame, &shown, &labels, d)?;
    draw_edges(root, &frame, &shown, d)?;
    draw_nodes(root, &frame, &shown, d)?;
    if let Some(note) = &shown.note {
        let y = frame.row_y(shown.layout.rows.len());
        root.draw(&Text::new(
            note.clone(),
            (MARGIN_PX, y),
            style::small().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    let legend_top = frame.top + (ROW_PX * shown.row_count() as u32) as i32 + 14;
    legend(root, legend_top)
}

/// Shaded bands on every other row, and the labels, right-aligned.
fn draw_rows<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    shown: &ShownGraph,
    labels: &[String],
    d: &GraphData,
) -> DrawResult<DB> {
    let (width, _) = root.dim_in_pixel();
    for (row, (label, &v)) in labels.iter().zip(&shown.layout.rows).enumerate() {
        let y = frame.row_y(row);
        let half = ROW_PX as i32 / 2;
        if row % 2 == 0 {
            root.draw(&Rectangle::new(
                [(MARGIN_PX, y - half), (width as i32 - MARGIN_PX, y + half)],
                style::GRID.mix(0.35).filled(),
            ))?;
        }
        let colour = if d.nodes[v].is_critical() {
            &style::TARGET
        } else if d.nodes[v].is_muted() {
            &style::MUTED
        } else {
            &style::TEXT
        };
        root.draw(&Text::new(
            label.clone(),
            (frame.graph_x - 8, y),
            style::row_label(colour),
        ))?;
    }
    Ok(())
}

/// Each edge: right from its node to the node's lane, down the lane to
/// the row of the node that waits, right into it with an arrowhead.
fn draw_edges<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    shown: &ShownGraph,
    d: &GraphData,
) -> DrawResult<DB> {
    let l = &shown.layout;
    let mut row_of = vec![usize::MAX; d.nodes.len()];
    for (row, &v) in l.rows.iter().enumerate() {
        row_of[v] = row;
    }
    for &e in &l.edges {
        let edge = &d.edges[e];
        let (from, to) = (row_of[edge.edge.from], row_of[edge.edge.to]);
        let Some(lane) = l.lanes[from] else { continue };
        let lane_x = frame.lane_x(l.columns[from], lane);
        let (y0, y1) = (frame.row_y(from), frame.row_y(to));
        let end_x = frame.node_x(l.columns[to]) - NODE_R - 2;
        let path = vec![
            (frame.node_x(l.columns[from]) + NODE_R, y0),
            (lane_x, y0),
            (lane_x, y1),
            (end_x, y1),
        ];
        let colour = if edge.fallback { style::FALLBACK } else { EDGE };
        let width = if edge.fallback { 2 } else { 1 };
        root.draw(&PathElement::new(path, colour.stroke_width(width)))?;
        root.draw(&Polygon::new(
            vec![(end_x - 7, y1 - 4), (end_x, y1), (end_x - 7, y1 + 4)],
            colour.filled(),
        ))?;
    }
    Ok(())
}

/// Steps as circles filled by basis (red ring when critical), components
/// as diamonds.
fn draw_nodes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    shown: &ShownGraph,
    d: &GraphData,
) -> DrawResult<DB> {
    let l = &shown.layout;
    for (row, &v) in l.rows.iter().enumerate() {
        let at = (frame.node_x(l.columns[row]), frame.row_y(row));
        let node = &d.nodes[v];
        match node.kind {
            NodeKind::Step { grounding, .. } => {
                if node.is_critical() {
                    root.draw(&Circle::new(at, NODE_R + 4, style::TARGET.stroke_width(3)))?;
                }
                step_marker(root, at, grounding)?;
            }
            NodeKind::Component { affected } => {
                let colour = if affected { style::TEXT } else { style::MUTED };
                root.draw(&style::diamond(at, colour))?;
            }
        }
    }
    Ok(())
}

/// A step's circle: blue from the plan, orange assumed, hollow grey
/// without a basis.
fn step_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    grounding: Grounding,
) -> DrawResult<DB> {
    match grounding {
        Grounding::Plan => root.draw(&Circle::new(at, NODE_R, style::PRIMARY.filled())),
        Grounding::Assumed => root.draw(&Circle::new(at, NODE_R, style::SECONDARY.filled())),
        Grounding::Missing => {
            root.draw(&Circle::new(at, NODE_R, style::BACKGROUND.filled()))?;
            root.draw(&Circle::new(at, NODE_R, style::MUTED.stroke_width(2)))
        }
    }
}

/// The legend, left to right from `top`, wrapped when a line is full.
fn legend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, top: i32) -> DrawResult<DB> {
    let items = [
        (Some(Grounding::Plan), "step: figures from the plan"),
        (Some(Grounding::Assumed), "step: assumed"),
        (Some(Grounding::Missing), "step: no basis"),
        (None, "component"),
    ];
    let mut x = MARGIN_PX + 8;
    let y = top;
    for (grounding, text) in items {
        match grounding {
            Some(g) => step_marker(root, (x, y), g)?,
            None => root.draw(&style::diamond((x, y), style::TEXT))?,
        }
        x = legend_text(root, (x + NODE_R + 6, y), text)?;
    }
    let y = top + 26;
    let x = MARGIN_PX + 8;
    root.draw(&Circle::new(
        (x, y),
        NODE_R + 4,
        style::TARGET.stroke_width(3),
    ))?;
    let critical = format!(
        "on the critical path in at least {} of runs (red label: that share)",
        percent(CRITICAL_SHARE).replace(".0 ", " ")
    );
    let x = legend_text(root, (x + NODE_R + 10, y), &critical)?;
    root.draw(&PathElement::new(
        vec![(x, y), (x + 22, y)],
        style::FALLBACK.stroke_width(2),
    ))?;
    legend_text(root, (x + 28, y), "recovery by a fallback step")?;
    Ok(())
}

/// Legend text at `at`; returns where the next item starts.
fn legend_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    text: &str,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    root.draw(&Text::new(
        text.to_string(),
        at,
        style::small().pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let width = style::text_width(root, [text], &style::small()) as i32;
    Ok(at.0 + width + 28)
}

impl GraphData {
    /// Row label of node `v`: its id (shortened), "(fallback)" for a
    /// fallback-only step, its criticality when marked critical.
    fn label(&self, v: usize) -> String {
        let node = &self.nodes[v];
        let id = style::shorten(&node.id, LABEL_CHARS);
        match node.kind {
            NodeKind::Step { fallback_only, .. } => {
                let fallback = if fallback_only { " (fallback)" } else { "" };
                if node.is_critical() {
                    format!("{id}{fallback} · {}", percent(node.score))
                } else {
                    format!("{id}{fallback}")
                }
            }
            NodeKind::Component { affected: true } => id,
            NodeKind::Component { affected: false } => format!("{id} (unaffected)"),
        }
    }
}
