//! `drsim run FILE`: simulate and report.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use drsim::report;

use super::output::{Outputs, print_stdout};
use super::simulate::{SimArgs, Simulation, simulate};

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
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the JSON summary to PATH ("-" for standard output, which then
    /// carries only the JSON).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per run to PATH (seconds; empty cell = never).
    #[arg(long, value_name = "PATH.csv")]
    pub samples: Option<PathBuf>,
}

pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let json_to_stdout = args.json.as_deref().is_some_and(|p| p.as_os_str() == "-");
    let sim = simulate(&args.file, &args.sim)?;
    write_outputs(args, &sim)?;
    if !args.sim.quiet && !json_to_stdout {
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
