//! `drsim drill FILE ACTUALS.csv`: a real drill scored against the model —
//! each actual's percentile in the simulated distribution of its measure,
//! the ones outside the model's 5–95 % band, and the calibration over all
//! of them. The actuals are read and checked against the plan before
//! anything is simulated.

use anyhow::{Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::drill::{self, Resolved, Verdict};
use drsim::input::{self, display_text};
use drsim::report::drill::{DrillReport, drill_report};
use drsim::report::{DrillText, Exporter, Json};
use drsim::scenario;

use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};
use super::simulate::{EditArgs, SimArgs, Simulation, simulate_scenario};

pub const AFTER_HELP: &str = "\
Examples:
  drsim drill scenarios/proseware.toml scenarios/proseware-drill.csv
  drsim drill plan.toml drill-2026-10.csv --strict
  drsim drill plan.toml drill.csv --json drill.json --quiet

ACTUALS.csv has a header row naming a `measure` and an `actual` column
(other columns are ignored; lines starting with # are comments), then one
row per measure:
  measure,actual
  rto,4h10m
  rpo,9m
  rto.postgres,1h05m
  step.storage_failover,2h40m
Measures: rto, rpo, rto.<component>, rpo.<component>, step.<step id>.
Times with units (2h40m) or in seconds (9600).

Exit status: 0 scored; 1 with --strict when an actual is outside the
model's 5-95 % band; 2 invalid input or usage.";

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// What the drill measured: a CSV with `measure` and `actual` columns
    /// ("-" for standard input).
    #[arg(value_name = "ACTUALS.csv")]
    pub actuals: PathBuf,
    #[command(flatten)]
    pub edits: EditArgs,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the scores as JSON to PATH ("-" for standard output, which
    /// then carries only it).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Exit 1 when any actual falls outside the model's 5–95 % band.
    #[arg(long)]
    pub strict: bool,
}

/// Exit code of `--strict` when an actual is outside the band.
const EXIT_OUTSIDE: u8 = 1;

pub fn drill(args: &DrillArgs) -> Result<ExitCode> {
    if args.file.as_os_str() == input::STDIN && args.actuals.as_os_str() == input::STDIN {
        bail!(
            "FILE and ACTUALS.csv both name standard input (-); give at least one of them as a file"
        );
    }
    let outputs = planned(&[("--json", &args.json)]);
    check_outputs(&[&args.file, &args.actuals], &outputs)?;
    let plan = scenario::load_with(&args.file, &args.edits.edits())?;
    let actuals = drill::read(&args.actuals, &plan)?;
    let sim = simulate_scenario(plan, &args.sim, false)?;
    let report = scored(&sim, &args.actuals, &actuals);
    let mut files = Outputs::default();
    if let Some(path) = &args.json {
        files.export(path, &Json::Drill(&report))?;
    }
    files.commit()?;
    let text = DrillText {
        report: &report,
        info: sim.info,
        quiet: args.sim.quiet,
    };
    // As `run` does: an output on standard output carries only it; the
    // shortest report then goes to standard error.
    if !any_stdout(&outputs) {
        print_stdout(&text.render())?;
    } else if args.sim.quiet {
        eprint!("{}", text.render());
    }
    let outside = report.actuals.iter().any(|a| a.verdict != Verdict::Within);
    Ok(if args.strict && outside {
        ExitCode::from(EXIT_OUTSIDE)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report of the drill whose `actuals` were read from `path`, scored
/// against the simulation `sim`.
pub fn scored(sim: &Simulation, path: &Path, actuals: &[Resolved]) -> DrillReport {
    let scored = sim.pool.install(|| drill::score(&sim.results, actuals));
    let file = display_text(&input::name(path));
    drill_report(&sim.report, sim.engine.scenario(), &scored, &file)
}
