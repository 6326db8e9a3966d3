//! Parallel Monte Carlo: many simulated disasters on all cores, each drawing
//! from a random stream derived from (seed, run index) alone.
//!
//! Runs are grouped in fixed-size chunks; each chunk writes its runs' values
//! into its own slices of the per-run columns and returns integer or exact
//! tallies, so the results are identical for any thread count and any
//! chunk size. A second pass replays the tail runs to decompose them.

use rayon::prelude::*;

mod columns;
mod last;
mod results;
mod tail;
mod tally;

pub use columns::run_columns;
pub use results::*;

use crate::engine::{Engine, Run, RunKey, Workspace};
use last::LastRecovered;
use tally::ChunkTally;

/// Runs per chunk unless told otherwise.
pub const DEFAULT_CHUNK_RUNS: usize = 1024;

/// How to run a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Number of simulated disasters.
    pub iterations: u64,
    /// Seed of all random streams.
    pub seed: u64,
    /// Worker threads asked for; 0 means one per core. Never more run than
    /// there are cores or chunks of work (see [`workers`]).
    pub threads: usize,
    /// Runs per unit of parallel work (does not change results).
    pub chunk_runs: usize,
}

/// Replays run `run` alone: the same outcome it had in any batch.
pub fn replay<'w>(engine: &Engine, seed: u64, run: u64, ws: &'w mut Workspace) -> Run<'w> {
    engine.simulate(ws, RunKey { seed, run })
}

/// Error building the thread pool.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads: {source}")]
pub struct PoolError {
    threads: usize,
    source: rayon::ThreadPoolBuildError,
}

/// Runs the simulation in a pool of its own; `progress` is called with
/// the number of runs each finished chunk adds.
pub fn run(
    engine: &Engine,
    opts: &RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Results, PoolError> {
    Ok(pool(opts)?.install(|| run_in_pool(engine, opts, progress)))
}

/// [`run`] in the current rayon pool (that of [`pool`], installed), so
/// that what follows — the statistics — uses the same threads.
pub fn run_here(engine: &Engine, opts: &RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Results {
    run_in_pool(engine, opts, progress)
}

/// The thread pool of a simulation: [`workers`] threads.
pub fn pool(opts: &RunOptions) -> Result<rayon::ThreadPool, PoolError> {
    let threads = workers(opts);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| PoolError { threads, source })
}

/// The worker threads a simulation uses: as many as asked (one per core
/// for 0), but never more than the cores, which only add switching, nor
/// than the chunks of runs, which would leave threads idle. Results do
/// not depend on it.
pub fn workers(opts: &RunOptions) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let chunks = (opts.iterations as usize).div_ceil(opts.chunk_runs.max(1));
    let asked = if opts.threads == 0 {
        cores
    } else {
        opts.threads
    };
    asked.min(cores).min(chunks).max(1)
}

/// Splits a column-major buffer of `columns × runs` values into, per chunk
/// of runs, one slice of every column (an empty list for a table with no
/// columns, so the chunks still line up).
fn chunk_columns<T>(buffer: &mut [T], runs: usize, chunk_runs: usize) -> Vec<Vec<&mut [T]>> {
    let mut parts: Vec<Vec<&mut [T]>> =
        (0..runs.div_ceil(chunk_runs)).map(|_| Vec::new()).collect();
    for column in buffer.chunks_mut(runs.max(1)) {
        for (k, part) in column.chunks_mut(chunk_runs).enumerate() {
            parts[k].push(part);
        }
    }
    parts
}

/// Every per-run column of a simulation, column-major.
struct Columns {
    runs: usize,
    values: Vec<f64>,
    busy: Vec<f32>,
    role_wait: Vec<f32>,
    role_busy_wait: Vec<f32>,
    risk_fired: Vec<u8>,
    fell_back: Vec<u8>,
    world: Vec<u8>,
    correlated: Vec<f32>,
}

/// The number of `world` columns of a scenario: the part of the week (with
/// a calendar), then one per condition.
fn world_width(s: &crate::scenario::Scenario) -> usize {
    usize::from(s.calendar.is_some()) + s.conditions.len()
}

/// The steps that name a fallback, whose falling back each run records.
fn fallback_steps(s: &crate::scenario::Scenario) -> impl Iterator<Item = usize> + '_ {
    s.steps
        .iter()
        .enumerate()
        .filter(|(_, step)| step.failure.is_some_and(|f| f.fallback.is_some()))
        .map(|(i, _)| i)
}

/// The number of correlated steps.
fn correlated_width(engine: &Engine) -> usize {
    engine
        .plan()
        .correlated
        .as_ref()
        .map_or(0, |c| c.steps.len())
}

impl Columns {
    fn new(engine: &Engine, runs: usize) -> Columns {
        let s = engine.scenario();
        Columns {
            runs,
            values: vec![0.0; runs * Layout::of(s).stored()],
            busy: vec![0.0; runs * s.steps.len()],
            role_wait: vec![0.0; runs * s.roles.len()],
            role_busy_wait: vec![0.0; runs * s.roles.len()],
            risk_fired: vec![0; runs * engine.plan().risk_count],
            fell_back: vec![0; runs * fallback_steps(s).count()],
            world: vec![0; runs * world_width(s)],
            correlated: vec![0.0; runs * correlated_width(engine)],
        }
    }

    /// Per chunk of `chunk_runs` runs, its slices of every column.
    fn chunks(&mut self, chunk_runs: usize) -> Vec<ChunkColumns<'_>> {
        let runs = self.runs;
        chunk_columns(&mut self.values, runs, chunk_runs)
            .into_iter()
            .zip(chunk_columns(&mut self.busy, runs, chunk_runs))
            .zip(chunk_columns(&mut self.role_wait, runs, chunk_runs))
            .zip(chunk_columns(&mut self.role_busy_wait, runs, chunk_runs))
            .zip(chunk_columns(&mut self.risk_fired, runs, chunk_runs))
            .zip(chunk_columns(&mut self.fell_back, runs, chunk_runs))
            .zip(chunk_columns(&mut self.world, runs, chunk_runs))
            .zip(chunk_columns(&mut self.correlated, runs, chunk_runs))
            .map(
                |(
                    (
                        (((((values, busy), role_wait), role_busy_wait), risk_fired), fell_back),
                        world,
                    ),
                    correlated,
                )| ChunkColumns {
                    values,
                    busy,
                    role_wait,
                    role_busy_wait,
                    risk_fired,
                    fell_back,
                    world,
                    correlated,
                },
            )
            .collect()
    }
}

/// What a chunk needs to know to write a run's columns.
struct Writing<'a> {
    scenario: &'a crate::scenario::Scenario,
    layout: Layout,
    fallback_steps: Vec<usize>,
}

impl Writing<'_> {
    /// With a calendar, the part of the week the run struck in.
    fn part(&self, run: &Run) -> Option<u8> {
        self.scenario
            .calendar
            .as_ref()
            .map(|c| c.part(run.strikes_at_secs).index() as u8)
    }
}

/// One chunk's slices of every per-run column.
struct ChunkColumns<'a> {
    values: Vec<&'a mut [f64]>,
    busy: Vec<&'a mut [f32]>,
    role_wait: Vec<&'a mut [f32]>,
    role_busy_wait: Vec<&'a mut [f32]>,
    risk_fired: Vec<&'a mut [u8]>,
    fell_back: Vec<&'a mut [u8]>,
    world: Vec<&'a mut [u8]>,
    correlated: Vec<&'a mut [f32]>,
}

impl ChunkColumns<'_> {
    fn write(&mut self, k: usize, run: &Run, how: &Writing) {
        let n_comps = run.components.len();
        let mut set = |column, value: f64| match how.layout.slot(column, n_comps) {
            Some(slot) => self.values[slot][k] = value,
            None => debug_assert_eq!(value, 0.0, "{column:?} is always 0"),
        };
        set(Column::Rto, run.rto_secs);
        set(Column::Rpo, run.rpo_secs);
        set(Column::Makespan, run.makespan_secs);
        for (c, comp) in run.components.iter().enumerate() {
            set(Column::ComponentRto(c), comp.rto_secs);
            set(Column::ComponentRpo(c), comp.rpo_secs);
        }
        for (busy, st) in self.busy.iter_mut().zip(run.steps) {
            busy[k] = st.busy_secs as f32;
        }
        for (fell_back, &i) in self.fell_back.iter_mut().zip(&how.fallback_steps) {
            fell_back[k] = u8::from(run.steps[i].fell_back);
        }
        for ((wait, busy_wait), role) in self
            .role_wait
            .iter_mut()
            .zip(self.role_busy_wait.iter_mut())
            .zip(run.roles)
        {
            wait[k] = role.wait_secs as f32;
            busy_wait[k] = (role.wait_secs - role.engaging_secs) as f32;
        }
        for (fired, &f) in self.risk_fired.iter_mut().zip(run.risk_fired) {
            fired[k] = u8::from(f);
        }
        let cases = match how.part(run) {
            Some(part) => {
                self.world[0][k] = part;
                &mut self.world[1..]
            }
            None => &mut self.world[..],
        };
        for (case, &c) in cases.iter_mut().zip(run.cases) {
            case[k] = c;
        }
        for (drawn, &secs) in self.correlated.iter_mut().zip(run.correlated_secs) {
            drawn[k] = secs as f32;
        }
    }
}

fn run_in_pool(engine: &Engine, opts: &RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Results {
    let s = engine.scenario();
    let work = ChunkWork::new(engine, opts.seed);
    let runs = opts.iterations as usize;
    let chunk_runs = opts.chunk_runs.max(1);
    let mut columns = Columns::new(engine, runs);
    let tallies: Vec<ChunkTally> = columns
        .chunks(chunk_runs)
        .into_par_iter()
        .enumerate()
        .map_init(Workspace::default, |ws, (chunk, columns)| {
            let tally = work.simulate(ws, (chunk * chunk_runs) as u64, columns);
            progress(tally.runs);
            tally
        })
        .collect();
    let (n_steps, n_comps, n_roles) = (s.steps.len(), s.components.len(), s.roles.len());
    let mut total = ChunkTally::new(n_steps, n_roles, n_comps);
    for t in &tallies {
        total.merge(t);
    }
    let samples = Samples::new(n_comps, runs, work.writing.layout, columns.values);
    let tail = tail::tail(
        engine,
        opts.seed,
        &samples,
        s.targets.percentile,
        chunk_runs,
    );
    let per_run = |values| PerRun { runs, values };
    Results {
        samples,
        step_busy: per_run(columns.busy),
        role_wait: per_run(columns.role_wait),
        role_busy_wait: per_run(columns.role_busy_wait),
        recovered_runs: total.recovered_runs,
        risk_fired: PerRun {
            runs,
            values: columns.risk_fired,
        },
        fell_back: PerRun {
            runs,
            values: columns.fell_back,
        },
        world: PerRun {
            runs,
            values: columns.world,
        },
        correlated: PerRun {
            runs,
            values: columns.correlated,
        },
        steps: total.steps,
        roles: total.roles,
        last_recovered: total.last_recovered,
        tail,
    }
}

/// What every chunk of runs needs: the engine, the seed, how to write a
/// run's columns and tally it.
struct ChunkWork<'a> {
    engine: &'a Engine,
    seed: u64,
    writing: Writing<'a>,
    /// Per role, its units.
    units: Vec<u32>,
    last: LastRecovered,
}

impl<'a> ChunkWork<'a> {
    fn new(engine: &'a Engine, seed: u64) -> ChunkWork<'a> {
        let s = engine.scenario();
        ChunkWork {
            engine,
            seed,
            writing: Writing {
                scenario: s,
                layout: Layout::of(s),
                fallback_steps: fallback_steps(s).collect(),
            },
            units: s.roles.iter().map(|r| r.count).collect(),
            last: LastRecovered::new(s),
        }
    }

    /// Simulates the runs `first..` that `columns` has room for, writes
    /// their columns and returns their tallies.
    fn simulate(
        &self,
        ws: &mut Workspace,
        first: u64,
        mut columns: ChunkColumns<'_>,
    ) -> ChunkTally {
        let s = self.engine.scenario();
        let mut tally = ChunkTally::new(s.steps.len(), s.roles.len(), s.components.len());
        for k in 0..columns.values[0].len() {
            let key = RunKey {
                seed: self.seed,
                run: first + k as u64,
            };
            let run = self.engine.simulate(ws, key);
            columns.write(k, &run, &self.writing);
            tally.add(&run, &self.units, &self.last);
            // Each step's time on the critical path (empty when the RTO
            // never came), as the run's walk found it.
            tally.add_path(run.path);
        }
        tally
    }
}

/// Memory the system says is available (Linux's `MemAvailable`), if it says.
pub fn memory_available() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Bytes of memory a simulation of `iterations` runs needs, roughly: the
/// per-run columns and step times, the overall columns' sorted copies,
/// and what the statistics hold while they work (orders, ranks).
pub fn memory_needed(engine: &Engine, iterations: u64) -> Option<u64> {
    let s = engine.scenario();
    let width = Layout::of(s).stored() as u64;
    let (steps, roles) = (s.steps.len() as u64, s.roles.len() as u64);
    let flags = engine.plan().risk_count as u64
        + fallback_steps(s).count() as u64
        + world_width(s) as u64
        + 4 * correlated_width(engine) as u64;
    // Columns, the sorted RTO, RPO and makespan, step times, role waits
    // (all, and for a busy person), flags; the statistics' orders, ranks
    // and sort buffers.
    let per_run = width * 8 + 3 * 8 + steps * 4 + roles * 8 + flags + 64;
    iterations.checked_mul(per_run)
}
