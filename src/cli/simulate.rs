//! Loading and simulating one scenario with the options `run` and `check`
//! share: iterations, seed, threads, quiet; the memory guard (results,
//! and charts when drawn) and the progress bar. The report it builds says
//! how much rests on assumptions (a second, lighter simulation with the
//! assumed figures at their optimistic end, when the plan has any).

use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use drsim::engine::Engine;
use drsim::report::{self, RunInfo};
use drsim::runner::{self, DEFAULT_CHUNK_RUNS, Results, RunOptions};
use drsim::{review, scenario};

/// Options of a simulation.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Number of simulated disasters [default: the scenario's `iterations`].
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: Option<u64>,
    /// Seed of the random streams [default: the scenario's `seed`].
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads [default: one per core; never more than the cores,
    /// nor than chunks of 1,024 runs].
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub threads: Option<u64>,
    /// No progress bar and the shortest report; errors still go to stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// What to change in the plan before simulating it.
#[derive(Debug, Args, Default)]
pub struct EditArgs {
    /// Simulate the variant NAME the file declares (`[variants.NAME]`).
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Change one value of the plan, after --variant: PATH=VALUE, e.g.
    /// roles.ops.count=3 or 'steps.promote_db.duration="10m"' (repeatable;
    /// a VALUE that is not TOML is taken as text).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

impl EditArgs {
    /// The edits, for the scenario reader.
    pub fn edits(&self) -> scenario::Edits {
        scenario::Edits {
            variant: self.variant.clone(),
            set: self.set.clone(),
        }
    }
}

/// Everything one simulation produced, for the subcommands that report it.
pub struct Simulation {
    pub engine: Engine,
    pub results: Results,
    pub report: report::Report,
    pub info: RunInfo,
    /// The simulation's threads, for the work that follows (outputs).
    pub pool: rayon::ThreadPool,
}

/// Loads, checks and simulates the scenario in `file`, with `edits`.
pub fn simulate(file: &Path, edits: &EditArgs, args: &SimArgs) -> Result<Simulation> {
    simulate_with_charts(file, edits, args, false)
}

/// [`simulate`], counting in the memory guard the charts and HTML page
/// drawn afterwards when `charts` is true.
pub fn simulate_with_charts(
    file: &Path,
    edits: &EditArgs,
    args: &SimArgs,
    charts: bool,
) -> Result<Simulation> {
    simulate_scenario(scenario::load_with(file, &edits.edits())?, args, charts)
}

/// [`simulate_with_charts`] of a scenario already loaded.
pub fn simulate_scenario(
    scenario: scenario::Scenario,
    args: &SimArgs,
    charts: bool,
) -> Result<Simulation> {
    let engine = Engine::new(scenario);
    let options = RunOptions {
        iterations: args.iterations.unwrap_or(engine.scenario().iterations),
        seed: args.seed.unwrap_or(engine.scenario().seed),
        // 0: one per core.
        threads: args.threads.map_or(0, |t| t as usize),
        chunk_runs: DEFAULT_CHUNK_RUNS,
    };
    let threads = runner::workers(&options);
    check_memory(&engine, options.iterations, charts)?;
    let bar = progress_bar(options.iterations, args.quiet);
    let started = Instant::now();
    // The statistics run on the simulation's threads: `--threads 1` is
    // one thread throughout.
    let pool = runner::pool(&options)?;
    let (results, mut report) = pool.install(|| {
        let results = runner::run_here(&engine, &options, &|n| bar.inc(n));
        let report = report::build(engine.scenario(), &results, &options);
        (results, report)
    });
    // A second simulation: only for the review page and charts, which show it.
    if charts {
        report.assumptions = Some(report::assumptions(
            engine.scenario(),
            &report,
            &results,
            &options,
        )?);
    }
    bar.finish_and_clear();
    let info = RunInfo {
        threads,
        elapsed_secs: started.elapsed().as_secs_f64(),
    };
    Ok(Simulation {
        engine,
        results,
        report,
        info,
        pool,
    })
}

fn check_memory(engine: &Engine, iterations: u64, charts: bool) -> Result<()> {
    // The results, and the charts and page when they are drawn.
    let needed = |runs: u64| {
        let review = if charts {
            review::memory_needed(engine.scenario(), runs)
        } else {
            0
        };
        runner::memory_needed(engine, runs)?
            .checked_add(review)?
            .checked_add(report::assumptions_memory(engine.scenario(), runs))
    };
    let available = runner::memory_available().unwrap_or(4 << 30);
    // Keep a fifth of what is available for everything else.
    let budget = available / 5 * 4;
    match needed(iterations) {
        Some(bytes) if bytes <= budget && usize::try_from(bytes).is_ok() => Ok(()),
        needed_bytes => {
            let fixed = needed(0).unwrap_or(0);
            let per_run = needed(1).map_or(1, |b| b.saturating_sub(fixed)).max(1);
            bail!(
                "{} runs would need about {} of memory for their results{}, and {} is available; use --iterations {} or fewer",
                iterations,
                bytes_label(needed_bytes.map_or(f64::INFINITY, |b| b as f64)),
                if charts { " and charts" } else { "" },
                bytes_label(available as f64),
                budget.saturating_sub(fixed) / per_run
            )
        }
    }
}

fn bytes_label(bytes: f64) -> String {
    if !bytes.is_finite() {
        return "more than 16 EiB".into();
    }
    let gib = bytes / f64::from(1u32 << 30);
    if gib >= 1024.0 {
        format!("{:.1} TiB", gib / 1024.0)
    } else if gib >= 1.0 {
        format!("{gib:.1} GiB")
    } else {
        format!("{:.0} MiB", bytes / f64::from(1u32 << 20))
    }
}

fn progress_bar(iterations: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(iterations), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {human_pos}/{human_len} runs · {per_sec} · eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}
