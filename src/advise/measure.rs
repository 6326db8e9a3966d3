//! Simulating versions of the plan with the base plan's seed and runs, and
//! measuring each against the base run by run: the paired differences of
//! the p95 RTO and RPO (bootstrap intervals, a batch of versions at once)
//! and of the share meeting the RTO target. Each simulation keeps only the
//! RTO and RPO of every run once its standing is known.

use rayon::prelude::*;

use super::DIFFERENCE_PERCENTILE;
use super::standing::{Standing, Target};
use crate::engine::Engine;
use crate::runner::{Column, Samples, run_columns};
use crate::scenario::Scenario;
use crate::stats::{PairedDifference, percentile_differences_of, share_difference};

/// What every simulation of an advice shares: the base plan, its targets,
/// and the runs.
pub(super) struct Context<'a> {
    pub base: &'a Scenario,
    pub targets: &'a [Target],
    pub seed: u64,
    pub iterations: u64,
    pub chunk_runs: usize,
}

/// One version of the plan, simulated: every run's RTO and RPO, and where
/// it stands.
pub(super) struct Sampled {
    pub rto: Vec<f64>,
    pub rpo: Vec<f64>,
    pub standing: Standing,
}

impl Context<'_> {
    /// Simulates `s` with the base plan's runs.
    pub fn sample(&self, s: Scenario) -> Sampled {
        let at: Vec<Option<Column>> = self
            .targets
            .iter()
            .map(|t| t.column_in(self.base, &s))
            .collect();
        let mut columns = vec![Column::Rto, Column::Rpo];
        for column in at.iter().flatten() {
            if !columns.contains(column) {
                columns.push(*column);
            }
        }
        let engine = Engine::new(s);
        let runs = run_columns(
            &engine,
            self.seed,
            self.iterations,
            &columns,
            self.chunk_runs,
        );
        let get = |c: Column| columns.iter().position(|x| *x == c).map(|k| runs.column(k));
        let of_targets: Vec<Option<&[f64]>> = at.iter().map(|c| c.and_then(get)).collect();
        // The RTO and RPO are the first two columns.
        self.sampled(runs.column(0), runs.column(1), &of_targets)
    }

    /// The base plan's standing, from its full results.
    pub fn sampled_from(&self, samples: &Samples) -> Sampled {
        let of_targets: Vec<Option<&[f64]>> = self
            .targets
            .iter()
            .map(|t| Some(samples.column(t.column)))
            .collect();
        let (rto, rpo) = (samples.column(Column::Rto), samples.column(Column::Rpo));
        self.sampled(rto, rpo, &of_targets)
    }

    fn sampled(&self, rto: &[f64], rpo: &[f64], of_targets: &[Option<&[f64]>]) -> Sampled {
        let percentile = self.base.targets.percentile;
        Sampled {
            standing: Standing::of(self.targets, rto, rpo, of_targets, percentile),
            rto: rto.to_vec(),
            rpo: rpo.to_vec(),
        }
    }
}

/// One version of the plan against the base, run by run (this minus the base).
#[derive(Debug, Clone)]
pub struct Measured {
    /// Where it stands against the base plan's targets.
    pub standing: Standing,
    /// The p95 RTO and RPO, seconds.
    pub rto_p95: PairedDifference,
    pub rpo_p95: PairedDifference,
    /// The share of runs meeting the base plan's RTO target (`None`
    /// without one).
    pub p_meet_rto: Option<PairedDifference>,
}

impl Measured {
    /// Nothing measured moved: the three differences are exactly 0 with
    /// intervals of width 0 (a p95 that is never in the plan and in this
    /// version, whose difference is undefined, counts as unmoved), and
    /// every target is met by the same share.
    pub fn no_difference(&self, base: &Standing) -> bool {
        let nil = |x: f64| x == 0.0 || x.is_nan();
        let zero = |d: &PairedDifference| nil(d.estimate) && nil(d.low) && nil(d.high);
        zero(&self.rto_p95)
            && zero(&self.rpo_p95)
            && self.p_meet_rto.as_ref().is_none_or(zero)
            && self.standing.p_meet == base.p_meet
    }
}

/// Measures each of `versions` against `base`, paired run by run.
pub(super) fn measure(ctx: &Context, base: &Sampled, versions: Vec<Sampled>) -> Vec<Measured> {
    let rto: Vec<&[f64]> = versions.iter().map(|v| v.rto.as_slice()).collect();
    let rpo: Vec<&[f64]> = versions.iter().map(|v| v.rpo.as_slice()).collect();
    // One bootstrap for both: its resamples' run indices are drawn once.
    let groups: [(&[f64], &[&[f64]]); 2] = [(&base.rto, &rto), (&base.rpo, &rpo)];
    let [rto_diffs, rpo_diffs]: [Vec<PairedDifference>; 2] =
        percentile_differences_of(&groups, DIFFERENCE_PERCENTILE, ctx.seed)
            .try_into()
            .expect("two groups in, two out");
    let limit = ctx.base.targets.rto_secs;
    let meets =
        |rto: &[f64], limit: f64| -> Vec<bool> { rto.iter().map(|v| *v <= limit).collect() };
    let base_meets = limit.map(|l| meets(&base.rto, l));
    versions
        .into_par_iter()
        .zip(rto_diffs.into_par_iter().zip(rpo_diffs))
        .map(|(v, (rto_p95, rpo_p95))| Measured {
            p_meet_rto: limit
                .zip(base_meets.as_deref())
                .map(|(l, b)| share_difference(b, &meets(&v.rto, l))),
            standing: v.standing,
            rto_p95,
            rpo_p95,
        })
        .collect()
}
