//! `drsim run FILE`: simulate and report.

use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use drsim::engine::Engine;
use drsim::report::{self, RunInfo};
use drsim::runner::{self, DEFAULT_CHUNK_RUNS, Results, RunOptions};
use drsim::scenario;

use super::output::{Outputs, print_stdout};

pub const AFTER_HELP: &str = "\
Examples:
  drsim run scenarios/proseware.toml
  drsim run scenarios/proseware.toml --iterations 200000 --threads 2
  drsim run scenarios/proseware.toml --json - --quiet > summary.json
  drsim run scenarios/proseware.toml --samples runs.csv

Outputs are written whole or not at all. The same file, seed and
iterations give byte-identical JSON and CSV for any --threads.";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Number of simulated disasters [default: the scenario's `iterations`].
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: Option<u64>,
    /// Seed of the random streams [default: the scenario's `seed`].
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads [default: one per core].
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub threads: Option<u64>,
    /// Write the JSON summary to PATH ("-" for standard output, which then
    /// carries only the JSON).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per run to PATH (seconds; empty cell = never).
    #[arg(long, value_name = "PATH.csv")]
    pub samples: Option<PathBuf>,
    /// No progress bar and no summary; only errors and requested outputs.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Everything one simulation produced, for the subcommands that report it.
pub struct Simulation {
    pub engine: Engine,
    pub results: Results,
    pub report: report::Report,
    pub info: RunInfo,
}

/// Loads, checks and simulates the scenario named by `args`.
pub fn simulate(args: &RunArgs) -> Result<Simulation> {
    let scenario = scenario::load(&args.file)?;
    let engine = Engine::new(scenario);
    let threads = match args.threads {
        Some(t) => t as usize,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let options = RunOptions {
        iterations: args.iterations.unwrap_or(engine.scenario().iterations),
        seed: args.seed.unwrap_or(engine.scenario().seed),
        threads,
        chunk_runs: DEFAULT_CHUNK_RUNS,
    };
    check_memory(&engine, options.iterations)?;
    let bar = progress_bar(options.iterations, args.quiet);
    let started = Instant::now();
    let results = runner::run(&engine, &options, &|n| bar.inc(n))?;
    let report = report::build(engine.scenario(), &results, &options);
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
    })
}

pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let json_to_stdout = args.json.as_deref().is_some_and(|p| p.as_os_str() == "-");
    let sim = simulate(args)?;
    write_outputs(args, &sim)?;
    if !args.quiet && !json_to_stdout {
        print_stdout(&report::to_text(&sim.report, &sim.info))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `--json` and `--samples`: all of them, or (on any error) none.
fn write_outputs(args: &RunArgs, sim: &Simulation) -> Result<()> {
    let mut files = Outputs::default();
    let mut json_to_stdout = None;
    if let Some(path) = &args.json {
        let text = report::to_json(&sim.report);
        if path.as_os_str() == "-" {
            json_to_stdout = Some(text);
        } else {
            files.add(path, |w| Ok(w.write_all(text.as_bytes())?))?;
        }
    }
    if let Some(path) = &args.samples {
        files.add(path, |w| {
            Ok(report::samples_csv(
                sim.engine.scenario(),
                &sim.results.samples,
                w,
            )?)
        })?;
    }
    files.commit()?;
    if let Some(text) = json_to_stdout {
        print_stdout(&text)?;
    }
    Ok(())
}

fn check_memory(engine: &Engine, iterations: u64) -> Result<()> {
    let needed = runner::memory_needed(engine, iterations);
    let available = runner::memory_available().unwrap_or(4 << 30);
    // Keep a fifth of what is available for everything else.
    let budget = available / 5 * 4;
    match needed {
        Some(bytes) if bytes <= budget && usize::try_from(bytes).is_ok() => Ok(()),
        _ => {
            let per_run = runner::memory_needed(engine, 1).unwrap_or(1).max(1);
            bail!(
                "{} runs would need about {} of memory for their results, and {} is available; use --iterations {} or fewer",
                iterations,
                bytes_label(needed.map_or(f64::INFINITY, |b| b as f64)),
                bytes_label(available as f64),
                budget / per_run
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
