//! The dependency graph's data: every step and component of a plan as a
//! node — a step with where its figures came from and how often it was on
//! the critical path — and every `after`, `recovers` and `depends_on` as
//! an edge from what is waited for to what waits.

use super::CRITICAL_SHARE;
use super::layout::Edge;
use crate::report::Report;
use crate::scenario::{Dep, Grounding, Scenario};

/// A plan's steps and components and what joins them.
#[derive(Debug, Clone)]
pub struct GraphData {
    /// The scenario's name.
    pub title: String,
    /// Steps in file order, then components in file order.
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// A step or a component.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    pub id: String,
    pub kind: NodeKind,
    /// The share of runs it was on the critical path (0–1); for a
    /// component, the largest of the steps that recover it. Nodes with
    /// the highest are kept when not all fit.
    pub score: f64,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Step {
        grounding: Grounding,
        fallback_only: bool,
    },
    Component {
        /// Something in the plan brings it back.
        affected: bool,
    },
}

/// `to` waits for `from`; `fallback` when a fallback-only step recovers a
/// component (only when a step falls back to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphEdge {
    pub edge: Edge,
    pub fallback: bool,
}

impl GraphNode {
    /// A step on the critical path in at least [`CRITICAL_SHARE`] of runs.
    pub fn is_critical(&self) -> bool {
        matches!(self.kind, NodeKind::Step { .. }) && self.score >= CRITICAL_SHARE
    }

    /// A component nothing brings back: drawn muted.
    pub fn is_muted(&self) -> bool {
        matches!(self.kind, NodeKind::Component { affected: false })
    }
}

impl GraphData {
    /// The graph of `s`, with the criticality of each step from `report`.
    pub fn from_scenario(s: &Scenario, report: &Report) -> GraphData {
        let n_steps = s.steps.len();
        let criticality: Vec<f64> = (0..n_steps)
            .map(|i| report.steps.0.get(i).map_or(0.0, |(_, r)| r.criticality))
            .collect();
        let affected = s.affected();
        let mut nodes: Vec<GraphNode> = s
            .steps
            .iter()
            .zip(&criticality)
            .map(|(step, c)| GraphNode {
                id: step.id.clone(),
                kind: NodeKind::Step {
                    grounding: Grounding::of(step.basis.as_ref()),
                    fallback_only: step.fallback_only,
                },
                score: *c,
            })
            .collect();
        nodes.extend(s.components.iter().enumerate().map(|(c, comp)| GraphNode {
            id: comp.id.clone(),
            kind: NodeKind::Component {
                affected: affected[c],
            },
            score: 0.0,
        }));
        let edges = edges(s);
        for e in &edges {
            if e.edge.to >= n_steps && e.edge.from < n_steps {
                let c = &mut nodes[e.edge.to].score;
                *c = c.max(criticality[e.edge.from]);
            }
        }
        GraphData {
            title: report.scenario.name.clone(),
            nodes,
            edges,
        }
    }
}

/// Every edge of `s`: steps are nodes `0..steps`, components follow.
fn edges(s: &Scenario) -> Vec<GraphEdge> {
    let n_steps = s.steps.len();
    let plain = |from, to| GraphEdge {
        edge: Edge { from, to },
        fallback: false,
    };
    let mut edges = Vec::new();
    for (i, step) in s.steps.iter().enumerate() {
        for dep in &step.after {
            edges.push(match *dep {
                Dep::Step(j) => plain(j, i),
                Dep::Component(c) => plain(n_steps + c, i),
            });
        }
        for r in &step.recovers {
            edges.push(GraphEdge {
                edge: Edge {
                    from: i,
                    to: n_steps + r.component,
                },
                fallback: step.fallback_only,
            });
        }
    }
    for (c, comp) in s.components.iter().enumerate() {
        for &d in &comp.depends_on {
            edges.push(plain(n_steps + d, n_steps + c));
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_after_recovers_and_depends_on_is_an_edge_from_what_is_waited_for() {
        let s = crate::scenario::parse(
            r#"
[scenario]
name = "g"
[components.db]
[components.web]
depends_on = ["db"]
[[steps]]
id = "a"
duration = "1m"
failure = { probability = 0.5, fallback = "b" }
recovers = ["db"]
source = "plan: 'a'"
[[steps]]
id = "b"
fallback_only = true
duration = "1m"
recovers = ["db"]
assumed = "b"
[[steps]]
id = "c"
after = ["a", "db"]
duration = "1m"
recovers = ["web"]
"#,
            "g.toml",
        )
        .unwrap();
        let pairs: Vec<(usize, usize, bool)> = edges(&s)
            .iter()
            .map(|e| (e.edge.from, e.edge.to, e.fallback))
            .collect();
        // Steps a, b, c are 0–2; components db, web are 3, 4.
        assert_eq!(
            pairs,
            vec![
                (0, 3, false),
                (1, 3, true),
                (0, 2, false),
                (3, 2, false),
                (2, 4, false),
                (3, 4, false),
            ]
        );
        let kinds: Vec<Grounding> = s
            .steps
            .iter()
            .map(|st| Grounding::of(st.basis.as_ref()))
            .collect();
        assert_eq!(
            kinds,
            vec![Grounding::Plan, Grounding::Assumed, Grounding::Missing]
        );
    }
}
