//! `drsim compare A.toml B.toml …`: plans side by side, simulated with the
//! same seed and runs (so with common random numbers), each after the
//! first with its paired difference against the first. Exit 1 with
//! `--fail-if-worse` when a plan is worse than the first beyond noise.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::chart::{CompareData, Figure, Quantity};
use drsim::report::compare::{self, Compared};
use drsim::report::{CompareText, DEFAULT_NOISE, Exporter, Json};
use drsim::runner::Column;
use drsim::scenario;
use drsim::stats::Verdict;

use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};
use super::simulate::{SimArgs, Simulation, simulate, simulate_scenario};

pub const AFTER_HELP: &str = "\
Examples:
  drsim compare scenarios/azure-data-platform-redeploy.toml scenarios/azure-data-platform-warm.toml
  drsim compare plan.toml plan-automated.toml --json compare.json --fail-if-worse
  drsim compare a.toml b.toml c.toml --charts charts/

Every plan is simulated with the same seed and runs (by default the first
plan's), so run i of every plan shares the draws of every step, role and
data source the plans share: differences are paired run by run, and a
change that cannot matter shows exactly 0.";

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario files (TOML); the first is the reference.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the comparison as JSON to PATH ("-" for standard output).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write the RTO and RPO curves of every plan to DIR as PNG and SVG
    /// (`rto-compare`, `rpo-compare`; DIR is created if needed).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Exit 1 when a plan is worse than the first beyond --noise.
    #[arg(long)]
    pub fail_if_worse: bool,
    /// Noise threshold in percent: smaller differences are never "worse".
    #[arg(long, value_name = "PERCENT", default_value_t = DEFAULT_NOISE * 100.0)]
    pub noise: f64,
}

pub fn compare(args: &CompareArgs) -> Result<ExitCode> {
    if !(args.noise.is_finite() && (0.0..100.0).contains(&args.noise)) {
        bail!(
            "--noise must be a percentage from 0 to below 100, not {}",
            args.noise
        );
    }
    let outputs = planned(&[("--json", &args.json)]);
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    check_outputs(&inputs, &outputs)?;
    let sims = simulate_all(args)?;
    let plans: Vec<Compared> = sims
        .iter()
        .map(|s| Compared {
            report: &s.report,
            results: &s.results,
        })
        .collect();
    let report = compare::compare(&plans, args.noise / 100.0);
    let mut files = Outputs::default();
    if let Some(path) = &args.json {
        files.export(path, &Json::Compare(&report))?;
    }
    if let Some(dir) = &args.charts {
        add_charts(&mut files, dir, &sims)?;
    }
    files.commit()?;
    if !any_stdout(&outputs) {
        print_stdout(&CompareText(&report).render())?;
    }
    let worse = report.entries.iter().any(|e| {
        e.diff
            .as_ref()
            .is_some_and(|d| d.verdict == Verdict::Regressed)
    });
    Ok(ExitCode::from(u8::from(args.fail_if_worse && worse)))
}

/// The cumulative RTO and RPO of every plan on one axis each, as PNG and SVG.
fn add_charts(files: &mut Outputs, dir: &Path, sims: &[Simulation]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let first = &sims[0].report;
    for (quantity, column, target) in [
        (Quantity::Rto, Column::Rto, first.rto.target),
        (Quantity::Rpo, Column::Rpo, first.rpo.target),
    ] {
        let series = sims
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let label = format!("{}. {}", k + 1, s.report.scenario.name);
                (label, s.results.samples.column(column).to_vec())
            })
            .collect();
        let title = format!("{} plans", sims.len());
        let figure = Figure::Compare(CompareData::new(title, quantity, series, target));
        let (png, svg) = (figure.to_png()?, figure.to_svg()?);
        let name = figure.name();
        files.add(&dir.join(format!("{name}.png")), |w| Ok(w.write_all(&png)?))?;
        files.add(&dir.join(format!("{name}.svg")), |w| {
            Ok(w.write_all(svg.as_bytes())?)
        })?;
    }
    Ok(())
}

/// Simulates every plan with the first plan's seed and runs (unless given).
fn simulate_all(args: &CompareArgs) -> Result<Vec<Simulation>> {
    let first = scenario::load(&args.files[0])?;
    let sim = SimArgs {
        iterations: Some(args.sim.iterations.unwrap_or(first.iterations)),
        seed: Some(args.sim.seed.unwrap_or(first.seed)),
        threads: args.sim.threads,
        quiet: args.sim.quiet,
    };
    let mut sims = vec![simulate_scenario(first, &sim, false)?];
    for file in &args.files[1..] {
        sims.push(simulate(file, &sim)?);
    }
    Ok(sims)
}
