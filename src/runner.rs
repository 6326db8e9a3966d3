//! Parallel Monte Carlo: many simulated disasters on all cores, each drawing
//! from a random stream derived from (seed, run index) alone.
//!
//! Runs are grouped in fixed-size chunks; each chunk writes its runs' rows
//! into its own slice of the result matrix and returns integer tallies, so
//! the results are identical for any thread count and any chunk size.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::engine::{Engine, Run, Workspace};
use crate::stats::FixedSum;

/// Runs per chunk unless told otherwise.
pub const DEFAULT_CHUNK_RUNS: usize = 1024;

/// How to run a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Number of simulated disasters.
    pub iterations: u64,
    /// Seed of all random streams.
    pub seed: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Runs per unit of parallel work (does not change results).
    pub chunk_runs: usize,
}

/// Per-run values, column by column: `rto`, `rpo`, `makespan`, then the
/// RTO of each component, then the RPO of each component (seconds). Each
/// column is contiguous, so statistics read it without copying.
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

    /// All values of run `run`, in column order.
    pub fn row(&self, run: usize) -> Vec<f64> {
        (0..self.width()).map(|col| self.value(run, col)).collect()
    }
}

/// Column index of the run RTO in [`Samples`].
pub const COL_RTO: usize = 0;
/// Column index of the run RPO.
pub const COL_RPO: usize = 1;
/// Column index of the makespan.
pub const COL_MAKESPAN: usize = 2;

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
}

/// Everything the runs produced that the statistics need.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub samples: Samples,
    /// Time each step spent per run, column-major (step `i` is
    /// `step_busy[i * runs..(i + 1) * runs]`), for rank correlations.
    pub step_busy: Vec<f32>,
    pub steps: Vec<StepTally>,
    /// Per component: runs in which it was the last to recover.
    pub last_recovered: Vec<u64>,
}

/// The random stream of run `run` under `seed`.
pub fn stream(seed: u64, run: u64) -> Xoshiro256PlusPlus {
    let key = splitmix64(seed ^ 0x243F_6A88_85A3_08D3);
    Xoshiro256PlusPlus::seed_from_u64(splitmix64(key ^ run.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Replays run `run` alone: the same outcome it had in any batch.
pub fn replay<'w>(engine: &Engine, seed: u64, run: u64, ws: &'w mut Workspace) -> Run<'w> {
    engine.simulate(ws, &mut stream(seed, run))
}

/// Error building the thread pool.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads: {source}")]
pub struct PoolError {
    threads: usize,
    source: rayon::ThreadPoolBuildError,
}

/// Runs the simulation; `progress` is called with the number of runs each
/// finished chunk adds.
pub fn run(
    engine: &Engine,
    opts: &RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Results, PoolError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|source| PoolError {
            threads: opts.threads,
            source,
        })?;
    Ok(pool.install(|| run_in_pool(engine, opts, progress)))
}

fn run_in_pool(engine: &Engine, opts: &RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Results {
    let s = engine.scenario();
    let n_steps = s.steps.len();
    let n_comps = s.components.len();
    let width = 3 + 2 * n_comps;
    let runs = opts.iterations as usize;
    let chunk_runs = opts.chunk_runs.max(1);
    let mut values = vec![0.0f64; runs * width];
    let mut step_busy = vec![0.0f32; runs * n_steps];
    // Every chunk gets its own slice of every column.
    let n_chunks = runs.div_ceil(chunk_runs);
    let mut value_parts: Vec<Vec<&mut [f64]>> =
        (0..n_chunks).map(|_| Vec::with_capacity(width)).collect();
    for column in values.chunks_mut(runs.max(1)) {
        for (k, part) in column.chunks_mut(chunk_runs).enumerate() {
            value_parts[k].push(part);
        }
    }
    let mut busy_parts: Vec<Vec<&mut [f32]>> =
        (0..n_chunks).map(|_| Vec::with_capacity(n_steps)).collect();
    for column in step_busy.chunks_mut(runs.max(1)) {
        for (k, part) in column.chunks_mut(chunk_runs).enumerate() {
            busy_parts[k].push(part);
        }
    }
    let tallies: Vec<ChunkTally> = value_parts
        .into_par_iter()
        .zip(busy_parts)
        .enumerate()
        .map_init(
            Workspace::default,
            |ws, (chunk, (mut columns, mut busy))| {
                let mut tally = ChunkTally::new(n_steps, n_comps);
                let first = (chunk * chunk_runs) as u64;
                let len = columns.first().map_or(0, |c| c.len());
                for k in 0..len {
                    let run = engine.simulate(ws, &mut stream(opts.seed, first + k as u64));
                    columns[COL_RTO][k] = run.rto_secs;
                    columns[COL_RPO][k] = run.rpo_secs;
                    columns[COL_MAKESPAN][k] = run.makespan_secs;
                    for (c, comp) in run.components.iter().enumerate() {
                        columns[3 + c][k] = comp.rto_secs;
                        columns[3 + n_comps + c][k] = comp.rpo_secs;
                    }
                    for (column, st) in busy.iter_mut().zip(run.steps) {
                        column[k] = st.busy_secs as f32;
                    }
                    tally.add(&run);
                }
                progress(len as u64);
                tally
            },
        )
        .collect();
    let mut total = ChunkTally::new(n_steps, n_comps);
    for t in &tallies {
        total.merge(t);
    }
    Results {
        samples: Samples {
            components: n_comps,
            runs,
            values,
        },
        step_busy,
        steps: total.steps,
        last_recovered: total.last_recovered,
    }
}

struct ChunkTally {
    steps: Vec<StepTally>,
    last_recovered: Vec<u64>,
}

impl ChunkTally {
    fn new(n_steps: usize, n_comps: usize) -> ChunkTally {
        ChunkTally {
            steps: vec![StepTally::default(); n_steps],
            last_recovered: vec![0; n_comps],
        }
    }

    fn add(&mut self, run: &Run) {
        for (tally, st) in self.steps.iter_mut().zip(run.steps) {
            if st.attempts > 0 {
                tally.ran += 1;
                tally.attempts += u64::from(st.attempts);
                tally.busy.add(st.busy_secs);
            }
            tally.critical += u64::from(st.critical);
            tally.fell_back += u64::from(st.fell_back);
            tally.failed += u64::from(st.attempts > 0 && st.done_secs.is_infinite());
        }
        if run.rto_secs.is_finite() && run.rto_secs > 0.0 {
            if let Some(c) = run.last_recovered {
                self.last_recovered[c as usize] += 1;
            }
        }
    }

    fn merge(&mut self, other: &ChunkTally) {
        for (a, b) in self.steps.iter_mut().zip(&other.steps) {
            a.ran += b.ran;
            a.critical += b.critical;
            a.fell_back += b.fell_back;
            a.failed += b.failed;
            a.attempts += b.attempts;
            a.busy.merge(&b.busy);
        }
        for (a, b) in self.last_recovered.iter_mut().zip(&other.last_recovered) {
            *a += b;
        }
    }
}

/// Bytes of memory a simulation of `iterations` runs needs, roughly: the
/// per-run rows and step times, and the sorted copies the statistics make.
pub fn memory_needed(engine: &Engine, iterations: u64) -> Option<u64> {
    let s = engine.scenario();
    let width = 3 + 2 * s.components.len() as u64;
    let per_run = width * 8 * 2 + s.steps.len() as u64 * 4 + 48;
    iterations.checked_mul(per_run)
}

/// Memory the system says is available, if it says.
pub fn memory_available() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}
