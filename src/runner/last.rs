//! Which component a run's RTO is put down to, "recovered last": the
//! component recovered at the RTO. Several can come back at that same
//! instant — a step that brings back a service and its data store, a
//! service that counts as recovered the moment its last dependency does —
//! and then the one a user meets is named: the furthest downstream (the
//! longest chain of `depends_on` below it), then one without data (a
//! service before its data store), then the later in the file.

use crate::engine::Run;
use crate::scenario::Scenario;

/// The preference among components recovered at the same instant.
#[derive(Debug, Clone)]
pub(super) struct LastRecovered {
    /// Per component, its preference: the greatest is named.
    preference: Vec<u64>,
}

impl LastRecovered {
    pub fn new(s: &Scenario) -> LastRecovered {
        let depth = depths(s);
        let preference = s
            .components
            .iter()
            .enumerate()
            .map(|(c, comp)| (depth[c] << 33) | (u64::from(!comp.has_data()) << 32) | c as u64)
            .collect();
        LastRecovered { preference }
    }

    /// The component `run`'s RTO is put down to; none when the RTO is 0
    /// or never came.
    #[inline]
    pub fn of(&self, run: &Run) -> Option<usize> {
        let rto = run.rto_secs;
        if !rto.is_finite() || rto <= 0.0 {
            return None;
        }
        run.components
            .iter()
            .enumerate()
            .filter(|(_, comp)| comp.rto_secs.to_bits() == rto.to_bits())
            .max_by_key(|&(c, _)| self.preference[c])
            .map(|(c, _)| c)
    }
}

/// Per component, the longest chain of `depends_on` below it (0 without
/// any); the graph has no cycle (the scenario was checked).
fn depths(s: &Scenario) -> Vec<u64> {
    let n = s.components.len();
    let mut depth: Vec<Option<u64>> = vec![None; n];
    for start in 0..n {
        // Depth-first with an explicit stack: a component is done when its
        // dependencies are.
        let mut stack = vec![start];
        while let Some(&c) = stack.last() {
            if depth[c].is_some() {
                stack.pop();
                continue;
            }
            let deps = &s.components[c].depends_on;
            let pending: Vec<usize> = deps
                .iter()
                .copied()
                .filter(|&d| depth[d].is_none())
                .collect();
            if pending.is_empty() {
                depth[c] = Some(
                    deps.iter()
                        .filter_map(|&d| depth[d])
                        .map(|d| d + 1)
                        .max()
                        .unwrap_or(0),
                );
                stack.pop();
            } else {
                stack.extend(pending);
            }
        }
    }
    depth.into_iter().map(|d| d.unwrap_or(0)).collect()
}
