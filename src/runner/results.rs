//! What a batch of runs produces: per-run columns (contiguous, so the
//! statistics read them without copying) and tallies over all runs.

use crate::engine::ACTIVITIES;
use crate::stats::FixedSum;

/// Column index of the run RTO in [`Samples`].
pub const COL_RTO: usize = 0;
/// Column index of the run RPO.
pub const COL_RPO: usize = 1;
/// Column index of the makespan.
pub const COL_MAKESPAN: usize = 2;

/// Per-run values, column by column: `rto`, `rpo`, `makespan`, then the
/// RTO of each component, then the RPO of each component (seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// Components in the scenario.
    pub components: usize,
    /// Number of runs (the length of every column).
    pub runs: usize,
    /// Column-major values: column `c` is `values[c * runs..(c + 1) * runs]`.
    pub values: Vec<f64>,
}

impl Samples {
    /// Number of columns.
    pub fn width(&self) -> usize {
        3 + 2 * self.components
    }

    /// Number of runs.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// Column `col` across all runs, in run order.
    pub fn column(&self, col: usize) -> &[f64] {
        &self.values[col * self.runs..(col + 1) * self.runs]
    }

    /// The value of column `col` in run `run`.
    pub fn value(&self, run: usize, col: usize) -> f64 {
        self.values[col * self.runs + run]
    }

    /// The first run (lowest index) whose value in column `col` is the
    /// nearest-rank `percent` of that column; `None` without runs.
    pub fn run_at_percentile(&self, col: usize, percent: f64) -> Option<usize> {
        let column = self.column(col);
        let at = crate::stats::Sorted::new(column.to_vec()).percentile(percent);
        column.iter().position(|v| v.to_bits() == at.to_bits())
    }

    /// All values of run `run`, in column order.
    pub fn row(&self, run: usize) -> Vec<f64> {
        (0..self.width()).map(|col| self.value(run, col)).collect()
    }
}

/// A column-major table of one value per (item, run).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PerRun<T> {
    pub runs: usize,
    pub values: Vec<T>,
}

impl<T> PerRun<T> {
    /// The values of item `item` over all runs.
    pub fn column(&self, item: usize) -> &[T] {
        &self.values[item * self.runs..(item + 1) * self.runs]
    }
}

/// Per-step tallies over all runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepTally {
    /// Runs in which the step made at least one attempt.
    pub ran: u64,
    /// Runs in which it was on the RTO's critical path.
    pub critical: u64,
    /// Runs in which it gave up (after all retries) with a fallback.
    pub fell_back: u64,
    /// Runs in which it made attempts but was never done (gave up without
    /// a fallback, or its fallback never completed).
    pub failed: u64,
    /// Attempts over all runs.
    pub attempts: u64,
    /// Time spent (attempts, risk delays, retry delays) over runs it ran.
    pub busy: FixedSum,
    /// Time spent ready but waiting for its role, over runs it ran.
    pub wait: FixedSum,
}

/// Per-role tallies over all runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleTally {
    /// Unit-time spent in attempts.
    pub busy: FixedSum,
    /// Unit-time available: units × makespan, summed over runs.
    pub capacity: FixedSum,
    /// Runs in which waiting for the role lay on the critical path.
    pub binding: u64,
}

/// What the worst runs are made of: per step and activity, the time it
/// contributed to the critical path, summed over the tail runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail {
    /// The RTO at or beyond which a run is in the tail (the target percentile).
    pub threshold_bits: u64,
    /// Tail runs with a finite RTO (their paths are summed).
    pub runs: u64,
    /// Tail runs that never recovered (no critical path).
    pub unrecovered: u64,
    /// Per step, per [`crate::engine::Activity`]: time on the path.
    pub steps: Vec<[FixedSum; ACTIVITIES]>,
}

impl Tail {
    /// The threshold RTO in seconds.
    pub fn threshold_secs(&self) -> f64 {
        f64::from_bits(self.threshold_bits)
    }
}

/// Everything the runs produced that the statistics need.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub samples: Samples,
    /// Time each step spent per run, for rank correlations.
    pub step_busy: PerRun<f32>,
    /// Per role: total time steps waited for it, per run.
    pub role_wait: PerRun<f32>,
    /// Per risk (all steps' risks in file order): 1 when it struck.
    pub risk_fired: PerRun<u8>,
    /// Per step: 1 when it fell back.
    pub fell_back: PerRun<u8>,
    pub steps: Vec<StepTally>,
    pub roles: Vec<RoleTally>,
    /// Per component: runs in which it was the last to recover.
    pub last_recovered: Vec<u64>,
    /// The decomposition of the tail runs' critical paths.
    pub tail: Tail,
}
