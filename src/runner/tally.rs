//! Integer and exact-sum tallies a chunk of runs accumulates and the chunks
//! merge: order-independent, so results do not depend on the split.

use super::last::LastRecovered;
use super::results::{RoleTally, StepTally};
use crate::engine::{Run, Segment};

/// Tallies of one chunk of runs.
pub(super) struct ChunkTally {
    pub steps: Vec<StepTally>,
    pub roles: Vec<RoleTally>,
    pub last_recovered: Vec<u64>,
    /// Runs whose RTO came.
    pub recovered_runs: u64,
    /// Runs added.
    pub runs: u64,
}

impl ChunkTally {
    pub fn new(n_steps: usize, n_roles: usize, n_comps: usize) -> ChunkTally {
        ChunkTally {
            steps: vec![StepTally::default(); n_steps],
            roles: vec![RoleTally::default(); n_roles],
            last_recovered: vec![0; n_comps],
            recovered_runs: 0,
            runs: 0,
        }
    }

    /// Adds one run; `units` is the unit count of each role, `last` names
    /// the component recovered last.
    pub fn add(&mut self, run: &Run, units: &[u32], last: &LastRecovered) {
        for (tally, st) in self.steps.iter_mut().zip(run.steps) {
            if st.attempts > 0 {
                tally.ran += 1;
                tally.attempts += u64::from(st.attempts);
                tally.busy.add(st.busy_secs);
                tally.wait.add(st.wait_secs);
            }
            tally.critical += u64::from(st.critical);
            tally.fell_back += u64::from(st.fell_back);
            tally.failed += u64::from(st.attempts > 0 && st.done_secs.is_infinite());
        }
        for ((tally, role), &count) in self.roles.iter_mut().zip(run.roles).zip(units) {
            tally.busy.add(role.busy_secs);
            tally.capacity.add(f64::from(count) * run.makespan_secs);
            tally.engaging.add(role.engaging_secs);
            tally.binding += u64::from(role.binding);
            tally.engaging_binding += u64::from(role.engaging_binding);
            tally.busy_binding += u64::from(role.busy_binding);
        }
        self.runs += 1;
        self.recovered_runs += u64::from(run.rto_secs.is_finite());
        if let Some(c) = last.of(run) {
            self.last_recovered[c] += 1;
        }
    }

    /// Adds the critical path of a run, `path` (empty when it has none).
    pub fn add_path(&mut self, path: &[Segment]) {
        for seg in path {
            self.steps[seg.step as usize].path[seg.activity.index()]
                .add(seg.end_secs - seg.start_secs);
        }
    }

    pub fn merge(&mut self, other: &ChunkTally) {
        for (a, b) in self.steps.iter_mut().zip(&other.steps) {
            a.ran += b.ran;
            a.critical += b.critical;
            a.fell_back += b.fell_back;
            a.failed += b.failed;
            a.attempts += b.attempts;
            a.busy.merge(&b.busy);
            a.wait.merge(&b.wait);
            for (x, y) in a.path.iter_mut().zip(&b.path) {
                x.merge(y);
            }
        }
        for (a, b) in self.roles.iter_mut().zip(&other.roles) {
            a.busy.merge(&b.busy);
            a.capacity.merge(&b.capacity);
            a.engaging.merge(&b.engaging);
            a.binding += b.binding;
            a.engaging_binding += b.engaging_binding;
            a.busy_binding += b.busy_binding;
        }
        self.runs += other.runs;
        self.recovered_runs += other.recovered_runs;
        for (a, b) in self.last_recovered.iter_mut().zip(&other.last_recovered) {
            *a += b;
        }
    }
}
