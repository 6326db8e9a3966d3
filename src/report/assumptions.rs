//! How much of a result rests on assumptions, so a board can see which
//! verdicts hinge on guesses: the inputs by basis; over the tail runs (the
//! worst runs the report already decomposes), the share of critical-path
//! time spent in steps whose figures are assumed, from the plan, or
//! without a basis; and the plan re-simulated with every assumed figure at
//! its optimistic end ([`Scenario::optimistic`]) — same seed, same runs,
//! common random numbers — with the p95 RTO and RPO and every target's
//! verdict beside today's. The JSON's `assumptions`.

use serde::{Deserialize, Serialize};

use super::model::{Quantity, Report, secs};
use crate::engine::Engine;
use crate::runner::{self, Column, PoolError, Results, RunOptions, run_columns};
use crate::scenario::{Grounding, Input, OPTIMISTIC_QUANTILE, Scenario};
use crate::stats::Sorted;

/// How much of the result rests on assumptions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assumptions {
    /// The inputs (steps, roles, components with a target, data sources,
    /// conditions, shared risks, correlation groups)
    /// by basis, counts.
    pub inputs: ByBasis<u64>,
    /// Over the tail runs, the share (0–1) of their critical-path time
    /// spent in steps by basis (waiting for a person counts with the step
    /// that waited); each `null` when no tail run recovered.
    pub tail: ByBasis<Option<f64>>,
    /// The quantile every assumed duration, response and lag is pinned at
    /// for the optimistic figures (0.05: its 5th percentile).
    pub quantile: f64,
    /// The assumed inputs pinned (those whose figure varies): step and
    /// role ids, data sources as `<component>.<source>`.
    pub pinned: Pinned,
    /// The p95 RTO today and with every assumed figure at its optimistic
    /// end, seconds (`"never"` when infinite); equal when nothing is pinned.
    pub rto_p95: TodayAndOptimistic,
    /// The same for the p95 RPO.
    pub rpo_p95: TodayAndOptimistic,
    /// Every target, judged today and with every assumed figure at its
    /// optimistic end; scenario-wide first, then per component.
    pub targets: Vec<TargetHinge>,
}

/// A figure per basis: `source` (the plan says so), `assumed`, `none`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ByBasis<T> {
    pub source: T,
    pub assumed: T,
    pub none: T,
}

/// The assumed inputs pinned at their optimistic end, by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pinned {
    pub steps: Vec<String>,
    pub roles: Vec<String>,
    pub sources: Vec<String>,
}

impl Pinned {
    /// How many inputs were pinned.
    pub fn count(&self) -> usize {
        self.steps.len() + self.roles.len() + self.sources.len()
    }
}

/// A time today and with the assumptions at their optimistic end, seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TodayAndOptimistic {
    #[serde(with = "secs")]
    pub today: f64,
    #[serde(with = "secs")]
    pub optimistic: f64,
}

/// One target's verdict today and with the assumptions at their
/// optimistic end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetHinge {
    /// The component's id; `null` for the scenario-wide target.
    pub component: Option<String>,
    pub quantity: Quantity,
    /// The target, seconds, judged at `percentile` (0–100).
    pub target: f64,
    pub percentile: f64,
    /// The value at the percentile today and optimistic, seconds.
    #[serde(with = "secs")]
    pub today: f64,
    #[serde(with = "secs")]
    pub optimistic: f64,
    /// Whether it passes today and with every assumed figure optimistic.
    pub pass: bool,
    pub pass_optimistic: bool,
    /// For an RTO whose clock does not start at the disaster, where it
    /// starts, as in the metric's `from`; absent for the disaster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl TargetHinge {
    /// The verdict changes when the assumptions are at their optimistic end.
    pub fn flips(&self) -> bool {
        self.pass != self.pass_optimistic
    }

    /// "RTO ≤ 2h", "db RTO ≤ 10m from the start of diagnose".
    pub fn label(&self) -> String {
        let name = super::TargetName {
            component: self.component.clone(),
            quantity: self.quantity,
        };
        format!(
            "{} ≤ {}{}",
            name.label(),
            crate::format::format_secs(self.target),
            super::clock_phrase(self.from.as_deref())
        )
    }
}

/// Bytes the optimistic re-simulation of `s` over `runs` runs needs at
/// most: its columns (the RTO, the RPO and each component target's) as
/// simulated and sorted, and the sort keys of one while it is sorted.
pub fn assumptions_memory(s: &Scenario, runs: u64) -> u64 {
    let columns = 2 + s
        .components
        .iter()
        .map(|c| u64::from(c.rto_target_secs.is_some()) + u64::from(c.rpo_target_secs.is_some()))
        .sum::<u64>();
    runs.saturating_mul(8).saturating_mul(2 * columns + 1)
}

/// How much of `report` (of `s`, from `results`, run with `opts`) rests on
/// assumptions: re-simulates the plan with its assumed figures pinned, in
/// a pool of `opts.threads` (when nothing is pinned, nothing is re-run:
/// the optimistic figures are today's).
pub fn assumptions(
    s: &Scenario,
    report: &Report,
    results: &Results,
    opts: &RunOptions,
) -> Result<Assumptions, PoolError> {
    let optimistic = s.optimistic(OPTIMISTIC_QUANTILE);
    let judged = report.judged();
    let columns: Vec<Column> = [Column::Rto, Column::Rpo]
        .into_iter()
        .chain(judged.iter().map(|j| column(s, j.component, j.quantity)))
        .collect();
    let pinned = pinned(s, &optimistic.pinned);
    // Nothing pinned: the optimistic runs are today's, nothing is re-run.
    let simulated: Vec<Sorted> = if optimistic.pinned.is_empty() {
        Vec::new()
    } else {
        let values = simulate(optimistic.scenario, &columns, opts)?;
        values.into_iter().map(Sorted::new).collect()
    };
    let at = |k: usize, percentile: f64| match simulated.get(k) {
        Some(sorted) => sorted.percentile(percentile),
        None => results.samples.sorted(columns[k]).percentile(percentile),
    };
    let targets = judged
        .iter()
        .enumerate()
        .map(|(k, j)| {
            let m = j.metric;
            let target = m.target.unwrap_or(f64::NAN);
            let optimistic = at(2 + k, m.percentile);
            TargetHinge {
                component: j.component.map(str::to_string),
                quantity: j.quantity,
                target,
                percentile: m.percentile,
                today: m.at_percentile,
                optimistic,
                pass: m.pass == Some(true),
                pass_optimistic: optimistic <= target,
                from: m.from.clone(),
            }
        })
        .collect();
    let pair = |today: f64, k: usize| TodayAndOptimistic {
        today,
        optimistic: at(k, 95.0),
    };
    Ok(Assumptions {
        inputs: inputs(s),
        tail: tail(s, results),
        quantile: OPTIMISTIC_QUANTILE,
        pinned,
        rto_p95: pair(report.rto.p95, 0),
        rpo_p95: pair(report.rpo.p95, 1),
        targets,
    })
}

/// `columns` of every run of `s`, with `opts`' seed and runs, in a pool
/// of its threads.
fn simulate(
    s: Scenario,
    columns: &[Column],
    opts: &RunOptions,
) -> Result<Vec<Vec<f64>>, PoolError> {
    let engine = Engine::new(s);
    let per_run = runner::pool(opts)?.install(|| {
        run_columns(
            &engine,
            opts.seed,
            opts.iterations,
            columns,
            opts.chunk_runs,
        )
    });
    Ok((0..columns.len())
        .map(|k| per_run.column(k).to_vec())
        .collect())
}

/// The per-run column of a target's quantity.
fn column(s: &Scenario, component: Option<&str>, quantity: Quantity) -> Column {
    let index = component.and_then(|id| s.components.iter().position(|c| c.id == id));
    match (index, quantity) {
        (None, Quantity::Rto) => Column::Rto,
        (None, Quantity::Rpo) => Column::Rpo,
        (Some(c), Quantity::Rto) => Column::ComponentRto(c),
        (Some(c), Quantity::Rpo) => Column::ComponentRpo(c),
    }
}

/// The inputs by basis.
fn inputs(s: &Scenario) -> ByBasis<u64> {
    let mut counts = ByBasis::default();
    for input in s.inputs() {
        *pick(&mut counts, Grounding::of(s.basis_of(input))) += 1;
    }
    counts
}

/// The tail runs' critical-path time by the basis of the step it was in.
fn tail(s: &Scenario, results: &Results) -> ByBasis<Option<f64>> {
    let mut secs = ByBasis::<f64>::default();
    for (step, sums) in s.steps.iter().zip(&results.tail.steps) {
        let time: f64 = sums.iter().map(|sum| sum.sum()).sum();
        *pick(&mut secs, Grounding::of(step.basis.as_ref())) += time;
    }
    let total = secs.source + secs.assumed + secs.none;
    let share = |x: f64| (results.tail.runs > 0 && total > 0.0).then(|| x / total);
    ByBasis {
        source: share(secs.source),
        assumed: share(secs.assumed),
        none: share(secs.none),
    }
}

fn pick<T>(by: &mut ByBasis<T>, grounding: Grounding) -> &mut T {
    match grounding {
        Grounding::Plan => &mut by.source,
        Grounding::Assumed => &mut by.assumed,
        Grounding::Missing => &mut by.none,
    }
}

/// The pinned inputs' ids, by kind.
fn pinned(s: &Scenario, inputs: &[Input]) -> Pinned {
    let mut pinned = Pinned::default();
    for input in inputs {
        match *input {
            Input::Step(i) => pinned.steps.push(s.steps[i].id.clone()),
            Input::Role(r) => pinned.roles.push(s.roles[r].id.clone()),
            Input::Source { component, source } => {
                let comp = &s.components[component];
                let name = &comp.sources[source].name;
                pinned.sources.push(format!("{}.{name}", comp.id));
            }
            Input::Component(_)
            | Input::Condition(_)
            | Input::SharedRisk(_)
            | Input::Correlation(_) => {}
        }
    }
    pinned
}
