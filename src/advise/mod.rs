//! What should we change? The plan re-simulated under each single
//! intervention (generated from the scenario, `generate`) and each declared
//! variant, with the base plan's seed and runs — so with common random
//! numbers: run *i* of every version shares every draw the versions share,
//! and a change that cannot matter measures exactly 0. Each version is
//! measured against the base run by run (`measure`), ranked, and the best
//! are combined greedily, each round re-simulated, into a plan that meets
//! every target (`plan`).
//!
//! This is analysis, like `stats`: it returns plain data ([`Advice`]);
//! `report::advise` makes the serializable report and `report::export`
//! renders it.

mod candidate;
mod generate;
mod measure;
mod plan;
mod rank;
mod standing;

pub use candidate::{ApplyError, Candidate, Change, Kind, compose};
pub use generate::{PARALLELISE_CAVEAT, interventions};
pub use measure::Measured;
pub use plan::{MAX_PLAN_ROUNDS, PLAN_POOL, PlanAdvice, PlanOutcome, PlanStep};
pub use rank::{Ranked, rank};
pub use standing::{Standing, Target, targets};

use rayon::prelude::*;
use thiserror::Error;

use crate::dist::{Dist, DistError};
use crate::engine::Engine;
use crate::runner::{self, PoolError, Results, RunOptions};
use crate::scenario::Scenario;
use measure::{Context, Sampled, measure};

/// Runs per version of the plan unless told otherwise.
pub const DEFAULT_ITERATIONS: u64 = 20_000;

/// Most runs per version: memory and time grow with runs × versions.
pub const MAX_ITERATIONS: u64 = 1_000_000;

/// The duration factor of *automate* unless told otherwise.
pub const DEFAULT_AUTOMATE_FACTOR: f64 = 0.25;

/// The percentile of the RTO and RPO differences (as `compare`'s).
pub const DIFFERENCE_PERCENTILE: f64 = 95.0;

/// Versions simulated and measured together: their RTO and RPO columns
/// are held until the batch's bootstrap.
const BATCH: usize = 16;

/// How to advise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdviseOptions {
    /// Runs per version of the plan, and their seed.
    pub iterations: u64,
    pub seed: u64,
    /// Worker threads asked for; 0 means one per core (results do not
    /// depend on it).
    pub threads: usize,
    /// *automate*: a step's duration is multiplied by this.
    pub automate_factor: f64,
}

/// Progress of an advice, in simulations of versions of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many more simulations are planned.
    Planned(u64),
    /// This many finished.
    Done(u64),
}

/// Everything an advice found.
#[derive(Debug)]
pub struct Advice {
    pub options: AdviseOptions,
    /// Worker threads used (results do not depend on them).
    pub threads: usize,
    /// The base plan's targets, in `check`'s order.
    pub targets: Vec<Target>,
    /// The base plan, simulated in full (for its report).
    pub baseline: Results,
    pub baseline_standing: Standing,
    /// Every candidate, generated interventions first, then the extra ones.
    pub candidates: Vec<Candidate>,
    /// Per candidate (same order): against the base plan.
    pub measured: Vec<Measured>,
    /// Candidates that change something measured, best first.
    pub ranking: Vec<usize>,
    /// Candidates that make no difference at all (see
    /// [`Measured::no_difference`]), in candidate order.
    pub no_difference: Vec<usize>,
    /// The smallest set found that meets every target.
    pub plan: PlanAdvice,
}

/// Why an advice could not be given.
#[derive(Debug, Error)]
pub enum AdviseError {
    #[error("--automate-factor {0}")]
    Factor(#[source] DistError),
    #[error(
        "{runs} runs per intervention is more than drsim advise allows ({MAX_ITERATIONS}); use --iterations {MAX_ITERATIONS} or fewer"
    )]
    TooManyRuns { runs: u64 },
    #[error("{candidate}: {source}")]
    Apply {
        candidate: String,
        #[source]
        source: ApplyError,
    },
    #[error(transparent)]
    Pool(#[from] PoolError),
}

/// Bytes of memory an advice on `base` with `iterations` runs per version
/// needs, roughly: the plan as it is and the plan found, each simulated in
/// full ([`runner::memory_needed`]); a batch of versions' RTO and RPO (8
/// bytes a run each) with their orderings (4 bytes); and, for a version
/// being simulated on each of two threads, every column it keeps.
pub fn memory_needed(base: &Scenario, iterations: u64) -> Option<u64> {
    let full = runner::memory_needed(&Engine::new(base.clone()), iterations)?;
    let kept = 2 + targets(base).len() as u64;
    let per_run = BATCH as u64 * 24 + 2 * kept * 8;
    full.checked_mul(2)?
        .checked_add(iterations.checked_mul(per_run)?)
}

/// Advises on `base`: every generated intervention and every candidate of
/// `extra` (declared variants), measured, ranked and combined into a plan.
/// `progress` hears of every simulation of a version.
pub fn advise(
    base: &Scenario,
    extra: Vec<Candidate>,
    options: &AdviseOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Advice, AdviseError> {
    Dist::fixed(1.0)
        .scaled(options.automate_factor)
        .map_err(AdviseError::Factor)?;
    if options.iterations > MAX_ITERATIONS {
        return Err(AdviseError::TooManyRuns {
            runs: options.iterations,
        });
    }
    let run_options = RunOptions {
        iterations: options.iterations,
        seed: options.seed,
        threads: options.threads,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let threads = runner::workers(&run_options);
    let mut advice = runner::pool(&run_options)?
        .install(|| advise_in_pool(base, extra, options, &run_options, progress))?;
    advice.threads = threads;
    Ok(advice)
}

fn advise_in_pool(
    base: &Scenario,
    extra: Vec<Candidate>,
    options: &AdviseOptions,
    run_options: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Advice, AdviseError> {
    let targets = targets(base);
    let ctx = Context {
        base,
        targets: &targets,
        seed: options.seed,
        iterations: options.iterations,
        chunk_runs: run_options.chunk_runs,
    };
    let mut candidates = interventions(base, options.automate_factor);
    candidates.extend(extra);
    progress(Progress::Planned(candidates.len() as u64 + 1));
    let baseline = runner::run(&Engine::new(base.clone()), run_options, &|_| {})?;
    progress(Progress::Done(1));
    let base_sampled = ctx.sampled_from(&baseline.samples);
    let measured = measure_all(&ctx, &candidates, &base_sampled, progress)?;
    let baseline_standing = base_sampled.standing.clone();
    let Ranked {
        ranking,
        no_difference,
    } = rank(&measured, &baseline_standing);
    let plan = plan::greedy(
        &ctx,
        &candidates,
        &measured,
        &base_sampled,
        run_options,
        progress,
    )?;
    Ok(Advice {
        options: *options,
        threads: 1,
        targets,
        baseline,
        baseline_standing,
        candidates,
        measured,
        ranking,
        no_difference,
        plan,
    })
}

/// Every candidate simulated and measured against the plan as it is, in
/// batches of [`BATCH`] versions (so that only a batch's runs are held).
fn measure_all(
    ctx: &Context,
    candidates: &[Candidate],
    base_sampled: &Sampled,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Measured>, AdviseError> {
    let mut measured = Vec::with_capacity(candidates.len());
    for batch in candidates.chunks(BATCH) {
        let versions = batch
            .par_iter()
            .map(|c| {
                let s = compose(ctx.base, &[c]).map_err(|source| AdviseError::Apply {
                    candidate: c.description.clone(),
                    source,
                })?;
                let sampled = ctx.sample(s);
                progress(Progress::Done(1));
                Ok(sampled)
            })
            .collect::<Result<Vec<_>, AdviseError>>()?;
        measured.extend(measure(ctx, base_sampled, versions));
    }
    Ok(measured)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn the_memory_needed_grows_with_the_runs_and_holds_two_full_simulations() {
        let text = include_str!("../../scenarios/azure-data-platform.toml");
        let s = scenario::parse(text, "redeploy.toml").unwrap();
        let full = runner::memory_needed(&Engine::new(s.clone()), 1_000_000).unwrap();
        let needed = memory_needed(&s, 1_000_000).unwrap();
        assert!(needed > 2 * full, "{needed} vs {full}");
        // The estimate for 10⁶ runs covers the peak measured (1.08 GB,
        // docs/limits.md, `advise`) without asking for twice as much.
        assert!(
            (1_080_000_000..2_160_000_000).contains(&needed),
            "{needed} {full}"
        );
        assert_eq!(memory_needed(&s, u64::MAX), None);
    }
}
