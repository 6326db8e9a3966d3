//! `drsim check FILE...`: `run` for CI. Judges every target, compares with
//! a baseline, writes JUnit; exit 1 when a target is missed or a
//! regression found, 2 when a file is invalid, else 0.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::input::{self, display_text};
use drsim::report::{
    self, CheckText, CheckVerdict, Checked, DEFAULT_NOISE, Exporter, JUnit, Json, Report,
};

use super::EXIT_INVALID;
use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};
use super::simulate::{EditArgs, SimArgs, simulate};

pub const AFTER_HELP: &str = "\
Examples:
  drsim check scenarios/*.toml
  drsim check plan.toml --json result.json --junit drsim-junit.xml
  drsim check plan.toml --baseline main.json --noise 2

Exit status: 0 every target met and no regression; 1 a target missed or a
regression found; 2 invalid input or usage (the worst over all files).

A verdict whose confidence interval straddles the target is marked
marginal, with the number of runs that would settle it; it still passes or
fails by its estimate. A change against --baseline is a regression only
when it exceeds --noise and its whole 95 % confidence interval does too.
Use the baseline's seed and iterations (the defaults do) so that an
unchanged plan shows no difference at all.";

/// Exit code for a missed target or a regression.
const EXIT_FAILED: u8 = 1;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The scenario files (TOML).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub edits: EditArgs,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the JSON reports with their verdicts to PATH (one object for
    /// one file, an array for several; "-" for standard output, and the
    /// verdict lines then go to standard error).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Compare with the JSON written by an earlier `run --json` or `check --json`.
    #[arg(long, value_name = "PATH.json")]
    pub baseline: Option<PathBuf>,
    /// Write a JUnit XML report to PATH, for CI test views ("-" for
    /// standard output, and the verdict lines then go to standard error).
    #[arg(long, value_name = "PATH.xml")]
    pub junit: Option<PathBuf>,
    /// Noise threshold in percent: smaller changes are never regressions.
    #[arg(long, value_name = "PERCENT", default_value_t = DEFAULT_NOISE * 100.0)]
    pub noise: f64,
}

pub fn check(args: &CheckArgs) -> Result<ExitCode> {
    if !(args.noise.is_finite() && (0.0..100.0).contains(&args.noise)) {
        bail!(
            "--noise must be a percentage from 0 to below 100, not {}",
            args.noise
        );
    }
    let outputs = planned(&[("--json", &args.json), ("--junit", &args.junit)]);
    let mut inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.baseline.as_deref());
    check_outputs(&inputs, &outputs)?;
    // When an output takes standard output, the verdict lines go to
    // standard error, so that standard output parses as a whole.
    let say = |text: &str| -> Result<()> {
        if any_stdout(&outputs) {
            eprint!("{text}");
            Ok(())
        } else {
            print_stdout(text)
        }
    };
    let baselines = match &args.baseline {
        Some(path) => Some(load_baseline(path)?),
        None => None,
    };
    let mut exit = 0u8;
    let mut reports: Vec<Report> = Vec::new();
    let mut invalid: Vec<(String, String)> = Vec::new();
    for file in &args.files {
        match check_one(file, args, baselines.as_deref()) {
            Ok(report) => {
                let passed = report.check.as_ref().is_some_and(|c| c.passed);
                exit = exit.max(if passed { 0 } else { EXIT_FAILED });
                let text = CheckText {
                    report: &report,
                    quiet: args.sim.quiet,
                };
                say(&text.render())?;
                reports.push(report);
            }
            Err(e) => {
                let message = format!("{e:#}");
                eprintln!("error: {}", super::printable(&message));
                say(&format!(
                    "{:<9} {}\n",
                    "INVALID",
                    display_text(&input::name(file))
                ))?;
                invalid.push((file.display().to_string(), message));
                exit = EXIT_INVALID;
            }
        }
    }
    write_outputs(args, &reports, &invalid)?;
    say(&summary_line(&reports, invalid.len()))?;
    Ok(ExitCode::from(exit))
}

fn check_one(file: &Path, args: &CheckArgs, baselines: Option<&[Report]>) -> Result<Report> {
    let sim = simulate(file, &args.edits, &args.sim)?;
    let mut report = sim.report;
    let base = match baselines {
        Some(list) => Some(match_baseline(list, &report, args.files.len()).with_context(|| {
            format!(
                "the baseline holds no report for {} (\"{}\"): write one with `drsim run {} --json PATH`",
                display_text(&report.scenario.file),
                report.scenario.name,
                display_text(&report.scenario.file)
            )
        })?),
        None => None,
    };
    if let Some(warning) = base.and_then(|b| report::baseline_mismatch(b, &report)) {
        eprintln!("warning: {}", super::printable(&warning.to_string()));
    }
    report.check = Some(report::check(&report, base, args.noise / 100.0));
    Ok(report)
}

/// The baseline report of the same scenario: same file, else same name,
/// else the only one when only one file is checked.
fn match_baseline<'a>(list: &'a [Report], report: &Report, files: usize) -> Option<&'a Report> {
    list.iter()
        .find(|b| b.scenario.file == report.scenario.file)
        .or_else(|| {
            list.iter()
                .find(|b| b.scenario.name == report.scenario.name)
        })
        .or_else(|| (list.len() == 1 && files == 1).then(|| &list[0]))
}

/// Reads a baseline: one report or an array of them.
fn load_baseline(path: &Path) -> Result<Vec<Report>> {
    Ok(report::read_baseline(path)?)
}

fn write_outputs(args: &CheckArgs, reports: &[Report], invalid: &[(String, String)]) -> Result<()> {
    let mut files = Outputs::default();
    if let Some(path) = &args.json {
        let json = match reports {
            [one] if args.files.len() == 1 => Json::One(one),
            many => Json::Many(many),
        };
        files.export(path, &json)?;
    }
    if let Some(path) = &args.junit {
        let mut items: Vec<Checked> = reports.iter().map(Checked::Done).collect();
        items.extend(invalid.iter().map(|(file, error)| Checked::Invalid {
            file,
            error: error.clone(),
        }));
        files.export(path, &JUnit(&items))?;
    }
    files.commit()
}

fn summary_line(reports: &[Report], invalid: usize) -> String {
    let mut counts = [0usize; 3];
    for r in reports {
        match r.check.as_ref().map(|c| c.verdict) {
            Some(CheckVerdict::Pass) => counts[0] += 1,
            Some(CheckVerdict::Fail) => counts[1] += 1,
            Some(CheckVerdict::Regressed) | None => counts[2] += 1,
        }
    }
    let total = reports.len() + invalid;
    let mut parts = vec![format!("{} passed", counts[0])];
    if counts[1] > 0 {
        parts.push(format!("{} failed", counts[1]));
    }
    if counts[2] > 0 {
        parts.push(format!("{} regressed", counts[2]));
    }
    if invalid > 0 {
        parts.push(format!("{invalid} invalid"));
    }
    format!(
        "drsim check: {total} scenario{} — {}\n",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
}
