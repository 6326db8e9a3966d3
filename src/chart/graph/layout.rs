//! Where the dependency graph puts things, as pure functions: each node's
//! layer (the longest chain of edges from a node nothing precedes), the
//! nodes kept when a plan has more than fit ([`GRAPH_ROWS`]), one row per
//! node — by layer, then near the rows of what it waits for — and the
//! lane in the gap right of its column that each node's edges run down.
//! An edge leaves its node to the right, runs down its lane and enters
//! the next node from the left, in that node's own row: since every row
//! holds one node and every lane lies between columns, no edge crosses a
//! node.

use std::cmp::Ordering;

/// The most rows the graph draws, the note row included: at 28 pixels a
/// row, under the 2,000-pixel ceiling with title and legend. The shipped
/// plans need at most 34.
pub const GRAPH_ROWS: usize = 60;

/// An edge between two nodes: `to` waits for `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
}

/// Where every shown node and edge goes.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphLayout {
    /// The node in each row, top to bottom.
    pub rows: Vec<usize>,
    /// Each row's column (the layers of the shown nodes, numbered densely).
    pub columns: Vec<usize>,
    /// Columns in all (at least 1).
    pub column_count: usize,
    /// The edges between shown nodes, as indices into the edges given.
    pub edges: Vec<usize>,
    /// Per row, the lane its outgoing edges run down, if it has any.
    pub lanes: Vec<Option<Lane>>,
    /// Nodes not shown.
    pub hidden: usize,
}

/// A lane in the gap right of a column: lane `index` of `of`, counted
/// from the left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lane {
    pub index: usize,
    pub of: usize,
}

impl Lane {
    /// Its place across the gap, from 0 (left) to 1 (right), never at an end.
    pub fn share(self) -> f64 {
        (self.index + 1) as f64 / (self.of + 1) as f64
    }
}

/// The layout of `n` nodes joined by `edges` (a DAG), keeping at most
/// `max_rows` (one goes to the note when some are cut): those with the
/// highest `score`, ties to the earlier node.
pub fn layout(n: usize, edges: &[Edge], score: &[f64], max_rows: usize) -> GraphLayout {
    let layer = layers(n, edges);
    let keep = if n > max_rows {
        max_rows.saturating_sub(1)
    } else {
        n
    };
    let shown = crate::chart::limit::most_important(n, keep, |a, b| score[b].total_cmp(&score[a]));
    let mut is_shown = vec![false; n];
    for &v in &shown {
        is_shown[v] = true;
    }
    let kept: Vec<usize> = (0..edges.len())
        .filter(|&e| is_shown[edges[e].from] && is_shown[edges[e].to])
        .collect();
    let rows = order(&shown, &layer, edges, &kept, n);
    let (columns, column_count) = dense_columns(&rows, &layer);
    let lanes = lanes(&rows, &columns, edges, &kept, n);
    GraphLayout {
        rows,
        columns,
        column_count,
        edges: kept,
        lanes,
        hidden: n - shown.len(),
    }
}

/// Each node's layer: 0 for a node no edge enters, else one more than
/// the largest layer of the nodes it waits for (Kahn's order; the graph is
/// acyclic, as the scenario checks).
pub fn layers(n: usize, edges: &[Edge]) -> Vec<usize> {
    let mut into = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        into[e.to] += 1;
        out[e.from].push(e.to);
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| into[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            into[w] -= 1;
            if into[w] == 0 {
                ready.push(w);
            }
        }
    }
    layer
}

/// The shown nodes top to bottom: by layer; within a layer, by the mean
/// row of the shown nodes they wait for (nodes waiting for none first),
/// then in their original order.
fn order(shown: &[usize], layer: &[usize], edges: &[Edge], kept: &[usize], n: usize) -> Vec<usize> {
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &e in kept {
        parents[edges[e].to].push(edges[e].from);
    }
    let mut by_layer = shown.to_vec();
    by_layer.sort_by_key(|&v| (layer[v], v));
    let mut row_of = vec![usize::MAX; n];
    let mut rows = Vec::with_capacity(shown.len());
    for group in by_layer.chunk_by(|a, b| layer[*a] == layer[*b]) {
        let centre = |v: usize| {
            let p = &parents[v];
            (!p.is_empty())
                .then(|| p.iter().map(|&u| row_of[u] as f64).sum::<f64>() / p.len() as f64)
        };
        let mut group: Vec<(Option<f64>, usize)> = group.iter().map(|&v| (centre(v), v)).collect();
        group.sort_by(|a, b| {
            match (a.0, b.0) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then(a.1.cmp(&b.1))
        });
        for (_, v) in group {
            row_of[v] = rows.len();
            rows.push(v);
        }
    }
    rows
}

/// Each row's column: the layers present among the rows, numbered 0, 1, …
fn dense_columns(rows: &[usize], layer: &[usize]) -> (Vec<usize>, usize) {
    let mut present: Vec<usize> = rows.iter().map(|&v| layer[v]).collect();
    present.sort_unstable();
    present.dedup();
    let columns = rows
        .iter()
        .map(|&v| present.binary_search(&layer[v]).unwrap_or(0))
        .collect();
    (columns, present.len().max(1))
}

/// Per row, the lane its outgoing edges use: the rows with outgoing edges
/// in one column share its gap, left to right in row order.
fn lanes(
    rows: &[usize],
    columns: &[usize],
    edges: &[Edge],
    kept: &[usize],
    n: usize,
) -> Vec<Option<Lane>> {
    let mut has_out = vec![false; n];
    for &e in kept {
        has_out[edges[e].from] = true;
    }
    let count = columns.iter().copied().max().map_or(0, |c| c + 1);
    let mut per_column = vec![0usize; count];
    let mut index = vec![None; rows.len()];
    for (row, &v) in rows.iter().enumerate() {
        if has_out[v] {
            index[row] = Some(per_column[columns[row]]);
            per_column[columns[row]] += 1;
        }
    }
    index
        .iter()
        .enumerate()
        .map(|(row, i)| {
            i.map(|index| Lane {
                index,
                of: per_column[columns[row]],
            })
        })
        .collect()
}

/// Pixels a column takes besides its lanes: the node's left padding and
/// diameter, the stub to the first lane, and room after the last lane for
/// the arrowhead into the next column.
pub const COLUMN_FIXED_PX: f64 = 1.0 + 12.0 + 4.0 + 9.0;
/// The widest pitch between lanes, and the most slack a column takes when
/// the graph is narrower than the room it has, pixels.
const MAX_LANE_PX: f64 = 10.0;
const MAX_SLACK_PX: f64 = 110.0;

/// Where a column starts and how wide it is, pixels from the graph's left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnSpan {
    pub left: f64,
    pub width: f64,
}

/// The columns across `room` pixels: each the fixed part and its lanes at
/// one pitch (at most [`MAX_LANE_PX`]), so a column whose nodes lead
/// somewhere gets the room its lanes need; what is left spread evenly (at
/// most [`MAX_SLACK_PX`] a column). When even the fixed parts do not fit,
/// every column gets an equal share.
pub fn column_spans(lanes: &[usize], room: f64) -> Vec<ColumnSpan> {
    let columns = lanes.len().max(1) as f64;
    let total_lanes: usize = lanes.iter().sum();
    let fixed = COLUMN_FIXED_PX * columns;
    let widths: Vec<f64> = if fixed >= room {
        vec![room / columns; lanes.len()]
    } else {
        let pitch = if total_lanes == 0 {
            0.0
        } else {
            ((room - fixed) / total_lanes as f64).min(MAX_LANE_PX)
        };
        let used = fixed + pitch * total_lanes as f64;
        let slack = ((room - used) / columns).clamp(0.0, MAX_SLACK_PX);
        lanes
            .iter()
            .map(|&n| COLUMN_FIXED_PX + pitch * n as f64 + slack)
            .collect()
    };
    let mut left = 0.0;
    widths
        .into_iter()
        .map(|width| {
            let span = ColumnSpan { left, width };
            left += width;
            span
        })
        .collect()
}

/// Lanes per column.
pub fn lanes_per_column(layout: &GraphLayout) -> Vec<usize> {
    let mut per = vec![0; layout.column_count];
    for (row, lane) in layout.lanes.iter().enumerate() {
        if lane.is_some() {
            per[layout.columns[row]] += 1;
        }
    }
    per
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize) -> Edge {
        Edge { from, to }
    }

    #[test]
    fn a_layer_is_the_longest_chain_from_a_node_nothing_precedes() {
        // 0 → 1 → 3, 0 → 3, 2 → 3: 3 is on layer 2 (through 1), not 1.
        let edges = [edge(0, 1), edge(1, 3), edge(0, 3), edge(2, 3)];
        assert_eq!(layers(4, &edges), vec![0, 1, 0, 2]);
        assert_eq!(layers(3, &[]), vec![0, 0, 0]);
    }

    #[test]
    fn rows_go_by_layer_then_near_what_they_wait_for() {
        // Layer 0: 0 and 1. Node 2 waits for 1, node 3 for 0: 3 comes
        // first in layer 1 (its parent's row is 0), then 2.
        let edges = [edge(1, 2), edge(0, 3)];
        let l = layout(4, &edges, &[0.0; 4], 60);
        assert_eq!(l.rows, vec![0, 1, 3, 2]);
        assert_eq!(l.columns, vec![0, 0, 1, 1]);
        assert_eq!(l.column_count, 2);
        assert_eq!(l.edges, vec![0, 1]);
        assert_eq!(l.hidden, 0);
    }

    #[test]
    fn every_edge_goes_down_and_right() {
        let edges = [edge(0, 2), edge(1, 2), edge(2, 3), edge(0, 4), edge(4, 3)];
        let l = layout(5, &edges, &[0.0; 5], 60);
        let row = |v: usize| l.rows.iter().position(|&x| x == v).unwrap();
        for &e in &l.edges {
            let (a, b) = (row(edges[e].from), row(edges[e].to));
            assert!(a < b && l.columns[a] < l.columns[b], "{:?}", edges[e]);
        }
    }

    #[test]
    fn nodes_with_outgoing_edges_share_their_columns_gap() {
        // 0 and 1 both lead somewhere; 2 (same column) does not.
        let edges = [edge(0, 3), edge(1, 3)];
        let l = layout(4, &edges, &[0.0; 4], 60);
        assert_eq!(l.rows, vec![0, 1, 2, 3]);
        assert_eq!(
            l.lanes,
            vec![
                Some(Lane { index: 0, of: 2 }),
                Some(Lane { index: 1, of: 2 }),
                None,
                None
            ]
        );
        assert_eq!(Lane { index: 0, of: 2 }.share(), 1.0 / 3.0);
    }

    #[test]
    fn columns_with_more_lanes_are_wider_and_all_fit_the_room() {
        let spans = column_spans(&[3, 0, 1], 300.0);
        let widths: Vec<f64> = spans.iter().map(|s| s.width).collect();
        // 3 × 26 fixed, 4 lanes at 10 px, the 182 px left spread (at most
        // 110 px a column): 60.67 each.
        let slack = 182.0 / 3.0;
        assert_eq!(
            widths,
            vec![26.0 + 30.0 + slack, 26.0 + slack, 26.0 + 10.0 + slack]
        );
        assert_eq!(spans[1].left, widths[0]);
        // Cramped: lanes share what the fixed parts leave.
        let spans = column_spans(&[4, 4], 100.0);
        assert!((spans[1].left + spans[1].width - 100.0).abs() < 1e-9);
        assert_eq!(spans[0].width, 50.0);
        // Too many columns for their fixed parts: equal shares.
        let spans = column_spans(&[1; 10], 200.0);
        assert!(spans.iter().all(|s| s.width == 20.0));
    }

    #[test]
    fn a_large_graph_keeps_the_highest_scores_and_drops_their_edges() {
        // A chain of 100 nodes; the last 10 score highest.
        let edges: Vec<Edge> = (0..99).map(|v| edge(v, v + 1)).collect();
        let score: Vec<f64> = (0..100).map(|v| if v >= 90 { 1.0 } else { 0.0 }).collect();
        let l = layout(100, &edges, &score, 20);
        // 19 rows and a note: the 10 scored, then the earliest others.
        assert_eq!(l.rows.len(), 19);
        assert_eq!(l.hidden, 81);
        assert!((90..100).all(|v| l.rows.contains(&v)));
        // Columns are numbered densely over the layers shown.
        assert_eq!(l.column_count, 19);
        // Only edges between shown nodes: 0→…→8 and 90→…→99.
        assert_eq!(l.edges.len(), 8 + 9);
    }
}
