//! The analysis behind "what drives the RTO": per-step criticality,
//! sensitivity, SSI and tail decomposition; roles; risks; fallbacks — as
//! report data (the statistics themselves are in [`crate::stats`]).

use rayon::prelude::*;

use super::model::*;
use crate::engine::{ACTIVITIES, Activity};
use crate::runner::{Column, Results};
use crate::scenario::Scenario;
use crate::stats::{FixedSum, Sorted, sd, spearman_f32, ssi};

/// `count` as a share of `runs` (0 without runs).
pub(super) fn share(count: u64, runs: usize) -> f64 {
    if runs == 0 {
        0.0
    } else {
        count as f64 / runs as f64
    }
}

/// How a step's time spent varies over runs.
#[derive(Clone, Copy)]
struct StepSpread {
    /// Spearman ρ with the RTO.
    rho: Option<f64>,
    /// Standard deviation, seconds.
    sd: Option<f64>,
}

/// Per-step reports, in file order.
pub fn steps(s: &Scenario, results: &Results) -> Entries<StepReport> {
    let runs = results.samples.runs();
    let rto = results.samples.column(Column::Rto);
    let rto_ranks = results.samples.order(Column::Rto).centred_ranks(rto);
    let rto_sd = if rto.iter().all(|v| v.is_finite()) {
        sd(rto.iter().copied())
    } else {
        None
    };
    let tail_runs = results.tail.runs;
    let recovered_runs = results.recovered_runs;
    let spreads: Vec<StepSpread> = (0..s.steps.len())
        .into_par_iter()
        .map(|i| {
            let busy = results.step_busy.column(i);
            StepSpread {
                rho: spearman_f32(busy, &rto_ranks),
                sd: sd(busy.iter().map(|v| f64::from(*v))),
            }
        })
        .collect();
    let entries = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let tally = &results.steps[i];
            let spread = spreads[i];
            let criticality = share(tally.critical, runs);
            let tail = activity_times(&results.tail.steps[i], tail_runs);
            let path = activity_times(&tally.path, recovered_runs);
            let report = StepReport {
                name: step.name.clone(),
                mean: tally.busy.mean(),
                ran: share(tally.ran, runs),
                criticality,
                sensitivity: spread.rho,
                fallback_rate: share(tally.fell_back, runs),
                failed: share(tally.failed, runs),
                attempts_mean: (tally.ran > 0).then(|| tally.attempts as f64 / tally.ran as f64),
                wait_mean: tally.wait.mean(),
                ssi: ssi(criticality, spread.sd, rto_sd),
                tail,
                path,
            };
            (step.id.clone(), report)
        })
        .collect();
    Entries(entries)
}

/// Mean seconds per run by activity, from sums over `runs` runs (0
/// without runs); waiting for a person to respond counts in `waiting`
/// and, again, in `engaging`.
fn activity_times(sums: &[FixedSum; ACTIVITIES], runs: u64) -> ActivityTimes {
    let mean = |activity: Activity| {
        if runs == 0 {
            0.0
        } else {
            sums[activity.index()].sum() / runs as f64
        }
    };
    ActivityTimes {
        working: mean(Activity::Working),
        waiting: mean(Activity::Waiting) + mean(Activity::Engaging),
        engaging: mean(Activity::Engaging),
        retrying: mean(Activity::Retrying),
        falling_back: mean(Activity::FallingBack),
    }
}

/// Per-role reports, in file order.
pub fn roles(s: &Scenario, results: &Results) -> Entries<RoleReport> {
    let runs = results.samples.runs();
    Entries(
        s.roles
            .par_iter()
            .enumerate()
            .map(|(r, role)| {
                let tally = &results.roles[r];
                let sorted =
                    |column: &[f32]| Sorted::new(column.iter().map(|v| f64::from(*v)).collect());
                let waits = sorted(results.role_wait.column(r));
                let busy_waits = sorted(results.role_busy_wait.column(r));
                let capacity = tally.capacity.sum();
                let report = RoleReport {
                    count: role.count,
                    utilisation: if capacity > 0.0 {
                        tally.busy.sum() / capacity
                    } else {
                        0.0
                    },
                    wait_mean: waits.mean(),
                    wait_p95: waits.percentile(95.0),
                    binding: share(tally.binding, runs),
                    engaging_mean: tally.engaging.mean().unwrap_or(0.0),
                    engaging_binding: share(tally.engaging_binding, runs),
                    busy_wait_mean: busy_waits.mean(),
                    busy_wait_p95: busy_waits.percentile(95.0),
                    busy_binding: share(tally.busy_binding, runs),
                };
                (role.id.clone(), report)
            })
            .collect(),
    )
}

/// Per-risk reports, in file order.
pub fn risks(s: &Scenario, results: &Results) -> Vec<RiskReport> {
    let rto = results.samples.column(Column::Rto);
    let order = results.samples.order(Column::Rto);
    let p = s.targets.percentile;
    // Each step's risks, then the shared ones: (step, applies_to, name, probability).
    let all: Vec<(String, Vec<String>, &str, f64)> = s
        .steps
        .iter()
        .flat_map(|step| {
            step.risks
                .iter()
                .map(move |r| (step.id.clone(), Vec::new(), r.name.as_str(), r.probability))
        })
        .chain(s.shared_risks.iter().map(|r| {
            (
                String::new(),
                r.applies_to.clone(),
                r.name.as_str(),
                r.probability,
            )
        }))
        .collect();
    all.par_iter()
        .enumerate()
        .map(|(k, (step, applies_to, name, probability))| {
            let fired = results.risk_fired.column(k);
            let split = order.split_percentile(rto, fired, p);
            RiskReport {
                step: step.clone(),
                applies_to: applies_to.clone(),
                name: name.to_string(),
                probability: *probability,
                fired: share(fired.iter().map(|f| u64::from(*f)).sum(), rto.len()),
                rto_when_fired: split.when,
                rto_when_not: split.when_not,
            }
        })
        .collect()
}

/// Per-fallback reports, for every step that names a fallback.
pub fn fallbacks(s: &Scenario, results: &Results) -> Vec<FallbackReport> {
    let rto = results.samples.column(Column::Rto);
    let order = results.samples.order(Column::Rto);
    let p = s.targets.percentile;
    let with_fallback: Vec<(usize, usize)> = s
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, step)| step.failure.and_then(|f| f.fallback).map(|f| (i, f)))
        .collect();
    with_fallback
        .par_iter()
        .enumerate()
        .map(|(k, &(i, f))| {
            // `fell_back` has a column per step that names a fallback.
            let flag = results.fell_back.column(k);
            let split = order.split_percentile(rto, flag, p);
            FallbackReport {
                step: s.steps[i].id.clone(),
                fallback: s.steps[f].id.clone(),
                rate: share(results.steps[i].fell_back, rto.len()),
                rto_when_fell_back: split.when,
                rto_when_not: split.when_not,
            }
        })
        .collect()
}

/// The tail's description.
pub fn tail(s: &Scenario, results: &Results) -> TailReport {
    TailReport {
        threshold: results.tail.threshold_secs(),
        percentile: s.targets.percentile,
        runs: results.tail.runs,
        unrecovered: results.tail.unrecovered,
    }
}
