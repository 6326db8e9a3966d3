//! `drsim advise FILE`: what to change — the plan re-simulated under each
//! single intervention with common random numbers, ranked, a greedy plan
//! to meet every target, and the targets the plan meets as it is.

use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use drsim::advise::{self, AdviseOptions, Candidate, Progress};
use drsim::report::advise::advise_report;
use drsim::report::{AdviseText, Exporter, Json, RunInfo};
use drsim::{runner, scenario};

use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};
use super::simulate::EditArgs;

pub const AFTER_HELP: &str = "\
Examples:
  drsim advise scenarios/example-failing.toml
  drsim advise plan.toml --top 5 --automate-factor 0.5
  drsim advise plan.toml --json advice.json --quiet
  drsim advise scenarios/azure-data-platform.toml --variant warm_spare

Interventions tried: automate a step (its time x --automate-factor, no
role needed), add one person to a role, engage a role at once, make a step
reliable, remove a risk, drop an `after` edge between steps that recover
no common component (check with the team that the order is not real).
Every variant the file declares is tried too. Every one runs the plan's
runs with the same random numbers, so an intervention that cannot matter
shows exactly 0.";

#[derive(Debug, Args)]
pub struct AdviseArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    #[command(flatten)]
    pub edits: EditArgs,
    /// Runs per intervention (and for the plan as it is).
    #[arg(long, short = 'n', default_value_t = advise::DEFAULT_ITERATIONS,
          value_parser = clap::value_parser!(u64).range(1..=advise::MAX_ITERATIONS))]
    pub iterations: u64,
    /// Seed of the random streams [default: the scenario's `seed`].
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads [default: one per core]; results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub threads: Option<u64>,
    /// No progress bar and no text; errors still go to stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Interventions listed in the text (the JSON lists every one).
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,
    /// *automate*: a step's duration is multiplied by this (0 to 1 makes
    /// it faster).
    #[arg(long, value_name = "FACTOR", default_value_t = advise::DEFAULT_AUTOMATE_FACTOR)]
    pub automate_factor: f64,
    /// Write the advice as JSON to PATH ("-" for standard output).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
}

pub fn advise(args: &AdviseArgs) -> Result<ExitCode> {
    let outputs = planned(&[("--json", &args.json)]);
    check_outputs(&[&args.file], &outputs)?;
    let document = scenario::Document::read(&args.file)?;
    let base = document.build(&args.edits.edits())?;
    let variants = variant_candidates(&document, &base, &args.edits)?;
    check_memory(&base, args.iterations)?;
    let options = AdviseOptions {
        iterations: args.iterations,
        seed: args.seed.unwrap_or(base.seed),
        threads: args.threads.map_or(0, |t| t as usize),
        automate_factor: args.automate_factor,
    };
    let bar = progress_bar(args.quiet);
    let started = Instant::now();
    let advice = advise::advise(&base, variants, &options, &|p| match p {
        Progress::Planned(n) => bar.inc_length(n),
        Progress::Done(n) => bar.inc(n),
    })?;
    bar.finish_and_clear();
    let info = RunInfo {
        threads: advice.threads,
        elapsed_secs: started.elapsed().as_secs_f64(),
    };
    let report = advise_report(&base, &advice);
    let mut files = Outputs::default();
    if let Some(path) = &args.json {
        files.export(path, &Json::Advise(&report))?;
    }
    files.commit()?;
    if !args.quiet && !any_stdout(&outputs) {
        let text = AdviseText {
            report: &report,
            info,
            top: args.top,
        };
        print_stdout(&text.render())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every variant the file declares, other than the one advised on, as a
/// candidate: built as `--variant` builds it, with the same `--set` edits.
fn variant_candidates(
    document: &scenario::Document,
    base: &scenario::Scenario,
    edits: &EditArgs,
) -> Result<Vec<Candidate>> {
    let chosen = base.variant.as_ref().map(|v| v.name.as_str());
    let mut candidates = Vec::new();
    for v in base
        .variants
        .iter()
        .filter(|v| Some(v.name.as_str()) != chosen)
    {
        let scenario = document.build(&scenario::Edits {
            variant: Some(v.name.clone()),
            set: edits.set.clone(),
        })?;
        let description = match &v.description {
            Some(d) => format!("Variant {}: {d}", v.name),
            None => format!("Variant {}", v.name),
        };
        candidates.push(Candidate::variant(&v.name, &description, scenario));
    }
    Ok(candidates)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {pos}/{len} versions of the plan simulated · eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Refuses an advice that would need more than 80 % of the memory the
/// system reports available, naming the runs that would fit.
fn check_memory(base: &scenario::Scenario, iterations: u64) -> Result<()> {
    let available = runner::memory_available().unwrap_or(4 << 30);
    let budget = available / 5 * 4;
    match advise::memory_needed(base, iterations) {
        Some(needed) if needed <= budget => Ok(()),
        needed => {
            let needed = needed.unwrap_or(u64::MAX);
            let fits = (iterations as f64 * budget as f64 / needed as f64).floor();
            let mib = |bytes: u64| bytes >> 20;
            bail!(
                "{iterations} runs per intervention would need about {} MiB of memory, and {} MiB is available; use --iterations {} or fewer",
                mib(needed),
                mib(available),
                fits
            )
        }
    }
}
