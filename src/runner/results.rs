//! What a batch of runs produces: per-run columns (contiguous, so the
//! statistics read them without copying) and tallies over all runs.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::engine::ACTIVITIES;
use crate::scenario::Scenario;
use crate::stats::{FixedSum, Order, Sorted};

/// A per-run quantity [`Samples`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The run's RTO: when the last affected component was recovered.
    Rto,
    /// The run's RPO: the largest data loss over components with data.
    Rpo,
    /// End of the last attempt of any step.
    Makespan,
    /// The RTO of component `c` (file order).
    ComponentRto(usize),
    /// The RPO of component `c` (file order).
    ComponentRpo(usize),
}

/// Per-run values, seconds, stored column by column (so the statistics
/// read a column without copying); only this type knows the layout:
/// `rto`, `rpo`, `makespan`, then each component's RTO, then each
/// component's RPO. Each column is sorted at most once, on first use.
///
/// A column the plan leaves at 0 in every run (see `Layout`) is not
/// stored: it reads as one shared column of zeros, which is never
/// written, so its memory pages are never made.
#[derive(Debug, Clone)]
pub struct Samples {
    components: usize,
    runs: usize,
    layout: Layout,
    /// The stored columns, in layout order, `runs` each.
    values: Vec<f64>,
    /// `runs` zeros, read for every column that is always 0.
    zeros: Vec<f64>,
    /// Per column, its values sorted, kept from the first use of
    /// [`Samples::sorted`].
    sorted: Vec<OnceLock<Sorted>>,
    /// Per column, its runs in order of value, made on first use.
    orders: Vec<OnceLock<Order>>,
}

impl PartialEq for Samples {
    fn eq(&self, other: &Self) -> bool {
        self.components == other.components
            && self.runs == other.runs
            && self.layout == other.layout
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

/// Which columns of a scenario's [`Samples`] are stored: all but those
/// the plan leaves at 0 in every run — the RTO and RPO of a component no
/// step brings back (the disaster does not touch it), and the RPO of a
/// component without data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Per column in layout order: its place among the stored columns,
    /// or `None` when it is always 0.
    slots: Vec<Option<usize>>,
    stored: usize,
}

impl Layout {
    pub(crate) fn of(s: &Scenario) -> Layout {
        let affected = s.affected();
        let zero = [false, false, false]
            .into_iter()
            .chain(affected.iter().map(|a| !a))
            .chain(
                s.components
                    .iter()
                    .zip(&affected)
                    .map(|(comp, a)| !a || !comp.has_data()),
            );
        let mut stored = 0;
        let slots = zero
            .map(|zero| {
                (!zero).then(|| {
                    stored += 1;
                    stored - 1
                })
            })
            .collect();
        Layout { slots, stored }
    }

    /// Number of stored columns.
    pub(crate) fn stored(&self) -> usize {
        self.stored
    }

    /// Where `column` is stored among the stored columns of a scenario
    /// with `components` components; `None` when it is always 0.
    pub(crate) fn slot(&self, column: Column, components: usize) -> Option<usize> {
        self.slots[Samples::position(column, components)]
    }
}

impl Samples {
    /// Samples laid out as [`Samples::index`] says, `runs` per stored
    /// column of `layout`.
    pub(crate) fn new(components: usize, runs: usize, layout: Layout, values: Vec<f64>) -> Samples {
        debug_assert_eq!(values.len(), runs * layout.stored());
        Samples {
            components,
            runs,
            layout,
            values,
            zeros: vec![0.0; runs],
            sorted: (0..Samples::width_for(components))
                .map(|_| OnceLock::new())
                .collect(),
            orders: (0..Samples::width_for(components))
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// Number of columns for a scenario with `components` components.
    pub(crate) fn width_for(components: usize) -> usize {
        3 + 2 * components
    }

    /// The position of `column` in the layout.
    fn index(&self, column: Column) -> usize {
        Samples::position(column, self.components)
    }

    /// The position of `column` in the layout of a scenario with
    /// `components` components.
    pub(crate) fn position(column: Column, components: usize) -> usize {
        match column {
            Column::Rto => 0,
            Column::Rpo => 1,
            Column::Makespan => 2,
            Column::ComponentRto(c) => 3 + c,
            Column::ComponentRpo(c) => 3 + components + c,
        }
    }

    /// Every column, in layout order.
    pub fn columns(&self) -> Vec<Column> {
        let per_component = |make: fn(usize) -> Column| (0..self.components).map(make);
        [Column::Rto, Column::Rpo, Column::Makespan]
            .into_iter()
            .chain(per_component(Column::ComponentRto))
            .chain(per_component(Column::ComponentRpo))
            .collect()
    }

    /// Number of runs.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// Number of components.
    pub fn components(&self) -> usize {
        self.components
    }

    /// A column across all runs, in run order.
    pub fn column(&self, column: Column) -> &[f64] {
        match self.layout.slot(column, self.components) {
            Some(k) => &self.values[k * self.runs..(k + 1) * self.runs],
            None => &self.zeros,
        }
    }

    /// The value of `column` in run `run`.
    pub fn value(&self, run: usize, column: Column) -> f64 {
        self.column(column)[run]
    }

    /// A column sorted, kept for later calls (sorted once, on the first).
    pub fn sorted(&self, column: Column) -> &Sorted {
        self.sorted[self.index(column)].get_or_init(|| self.sort(column))
    }

    /// A column sorted: the one kept if [`Samples::sorted`] made it, else
    /// made for this use alone, so that a report's many columns need not
    /// all be held sorted at once.
    pub fn sorted_once(&self, column: Column) -> Cow<'_, Sorted> {
        match self.sorted[self.index(column)].get() {
            Some(sorted) => Cow::Borrowed(sorted),
            None => Cow::Owned(self.sort(column)),
        }
    }

    /// The column sorted: from its order when that was made, else by
    /// sorting a copy.
    fn sort(&self, column: Column) -> Sorted {
        let values = self.column(column);
        match self.orders[self.index(column)].get() {
            Some(order) => order.sorted(values),
            None => Sorted::of(values),
        }
    }

    /// A column's runs in ascending order of value (made once, on the
    /// first call): the sorted values of any group of runs, and ranks.
    pub fn order(&self, column: Column) -> &Order {
        self.orders[self.index(column)].get_or_init(|| Order::new(self.column(column)))
    }

    /// The first run (lowest index) whose value in `column` is the
    /// nearest-rank `percent` of that column; `None` without runs.
    pub fn run_at_percentile(&self, column: Column, percent: f64) -> Option<usize> {
        let at = self.sorted(column).percentile(percent);
        self.column(column)
            .iter()
            .position(|v| v.to_bits() == at.to_bits())
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
    /// Per [`crate::engine::Activity`]: its time on the critical path of
    /// the RTO, over all runs that recovered.
    pub path: [FixedSum; ACTIVITIES],
}

/// Per-role tallies over all runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleTally {
    /// Unit-time spent in attempts.
    pub busy: FixedSum,
    /// Unit-time available: units × makespan, summed over runs.
    pub capacity: FixedSum,
    /// Time steps waited for a person of the role to respond, per run.
    pub engaging: FixedSum,
    /// Runs in which waiting for the role lay on the critical path.
    pub binding: u64,
    /// Runs in which waiting for a person of the role to respond lay on it.
    pub engaging_binding: u64,
    /// Runs in which waiting for a busy unit of the role lay on it.
    pub busy_binding: u64,
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
    /// Per role: time steps waited for a busy unit of it (not for a person
    /// to respond), per run.
    pub role_busy_wait: PerRun<f32>,
    /// Runs whose RTO came (whose critical paths `steps[i].path` sums).
    pub recovered_runs: u64,
    /// Per risk (all steps' risks in file order): 1 when it struck.
    pub risk_fired: PerRun<u8>,
    /// Per step that names a fallback, in file order: 1 when it fell back.
    pub fell_back: PerRun<u8>,
    /// What held in each run: with a calendar, first the part of the week
    /// it struck in (`TimeOfWeek::index`); then per condition the index of
    /// its case.
    pub world: PerRun<u8>,
    /// Per correlated step (`Correlated::steps`): the first attempt's
    /// duration the copula drew, per run.
    pub correlated: PerRun<f32>,
    pub steps: Vec<StepTally>,
    pub roles: Vec<RoleTally>,
    /// Per component: runs in which it was the last to recover (on a tie,
    /// the one a user meets: see `last`).
    pub last_recovered: Vec<u64>,
    /// The decomposition of the tail runs' critical paths.
    pub tail: Tail,
}
