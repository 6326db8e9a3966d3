//! `drsim compare A.toml B.toml …`: plans side by side, simulated with the
//! same seed and runs (so with common random numbers), each after the
//! first with its paired difference against the first; as text, JSON,
//! JUnit, an HTML page and charts. Exit 1 with `--fail-if-worse` when a
//! plan is worse than the first beyond noise.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::report::compare::{self, CompareReport, Compared};
use drsim::report::{CompareJUnit, CompareText, DEFAULT_NOISE, Exporter, Json};
use drsim::review::{self, COMPARED_QUANTITIES, CompareHtml, RenderedChart};
use drsim::{input, scenario};

use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};
use super::review::add_chart_files;
use super::simulate::{EditArgs, SimArgs, Simulation, simulate, simulate_scenario};

pub const AFTER_HELP: &str = "\
Examples:
  drsim compare scenarios/example.toml scenarios/example-failing.toml
  drsim compare plan.toml plan-automated.toml --json compare.json --fail-if-worse
  drsim compare a.toml b.toml c.toml --charts charts/
  drsim compare scenarios/azure-data-platform.toml --variants
  drsim compare scenarios/aws-ecommerce.toml --variants global_database
  drsim compare a.toml b.toml --html compare.html --junit compare.xml --fail-if-worse

Every plan is simulated with the same seed and runs (by default the first
plan's), so run i of every plan shares the draws of every step, role and
data source the plans share: differences are paired run by run, and a
change that cannot matter shows exactly 0.";

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario files (TOML); the first is the reference. With
    /// --variants, one file.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Compare the file's plan with its variants NAMES (every variant it
    /// declares when none is named), the plan as written first.
    #[arg(long, value_name = "NAMES", num_args = 0..)]
    pub variants: Option<Vec<String>>,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the comparison as JSON to PATH ("-" for standard output).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write the comparison as a self-contained HTML page to PATH ("-" for
    /// standard output): the plans side by side, the differences with
    /// their verdicts, the RTO and RPO curves.
    #[arg(long, value_name = "PATH.html")]
    pub html: Option<PathBuf>,
    /// Write JUnit XML to PATH ("-" for standard output): a test case per
    /// plan after the first, failing when it is worse beyond noise.
    #[arg(long, value_name = "PATH.xml")]
    pub junit: Option<PathBuf>,
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
    let outputs = planned(&[
        ("--json", &args.json),
        ("--html", &args.html),
        ("--junit", &args.junit),
    ]);
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
    if let Some(path) = &args.junit {
        files.export(path, &CompareJUnit(&report))?;
    }
    let pictures = Pictures {
        charts: args.charts.as_deref(),
        html: args.html.as_deref(),
    };
    add_pictures(&mut files, pictures, &plans, &report)?;
    files.commit()?;
    if !any_stdout(&outputs) {
        print_stdout(&CompareText(&report).render())?;
    }
    Ok(ExitCode::from(u8::from(
        args.fail_if_worse && report.any_worse(),
    )))
}

/// Where the charts (a folder) and the HTML page go, when asked for.
#[derive(Clone, Copy)]
struct Pictures<'a> {
    charts: Option<&'a Path>,
    html: Option<&'a Path>,
}

/// The cumulative RTO and RPO of every plan on one axis each, as PNG and
/// SVG in `charts`, and the page with them. One chart is built at a time
/// (each copies a value per run of every plan); the page holds only their
/// SVG text.
fn add_pictures(
    files: &mut Outputs,
    to: Pictures,
    plans: &[Compared],
    report: &CompareReport,
) -> Result<()> {
    if to.charts.is_none() && to.html.is_none() {
        return Ok(());
    }
    if let Some(dir) = to.charts {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let mut rendered = Vec::new();
    for quantity in COMPARED_QUANTITIES {
        let figure = review::compare_figure(plans, quantity);
        let chart = RenderedChart::of(&figure)?;
        if let Some(dir) = to.charts {
            add_chart_files(files, dir, &chart, &figure.figure.to_png()?)?;
        }
        rendered.push(chart);
    }
    if let Some(path) = to.html {
        let page = CompareHtml {
            report,
            charts: &rendered,
        };
        files.export(path, &page)?;
    }
    Ok(())
}

/// Simulates every plan with the first plan's seed and runs (unless given).
fn simulate_all(args: &CompareArgs) -> Result<Vec<Simulation>> {
    if let Some(names) = &args.variants {
        return simulate_variants(args, names);
    }
    if args.files.len() < 2 {
        bail!(
            "compare needs two plans or more: give two files or more, or one file and --variants"
        );
    }
    let first = scenario::load(&args.files[0])?;
    let sim = same_runs(&args.sim, &first);
    let mut sims = vec![simulate_scenario(first, &sim, false)?];
    for file in &args.files[1..] {
        sims.push(simulate(file, &EditArgs::default(), &sim)?);
    }
    Ok(sims)
}

/// The plan in the file as written, then each variant `names` (every
/// declared one when empty), with the plan's seed and runs.
fn simulate_variants(args: &CompareArgs, names: &[String]) -> Result<Vec<Simulation>> {
    let [file] = args.files.as_slice() else {
        bail!(
            "compare --variants takes one file, whose variants it compares; {} were given",
            args.files.len()
        );
    };
    let document = scenario::Document::read(file)?;
    let base = document.build(&scenario::Edits::default())?;
    let names: Vec<String> = if names.is_empty() {
        base.variants.iter().map(|v| v.name.clone()).collect()
    } else {
        names.to_vec()
    };
    if names.is_empty() {
        bail!(
            "{} declares no variants: add [variants.<name>] tables, or compare files",
            input::display_text(&input::name(file))
        );
    }
    let sim = same_runs(&args.sim, &base);
    let mut sims = vec![simulate_scenario(base, &sim, false)?];
    for name in names {
        let edits = scenario::Edits {
            variant: Some(name),
            set: Vec::new(),
        };
        sims.push(simulate_scenario(document.build(&edits)?, &sim, false)?);
    }
    Ok(sims)
}

/// `args` with the seed and runs of `first` where they are not given.
fn same_runs(args: &SimArgs, first: &scenario::Scenario) -> SimArgs {
    SimArgs {
        iterations: Some(args.iterations.unwrap_or(first.iterations)),
        seed: Some(args.seed.unwrap_or(first.seed)),
        threads: args.threads,
        quiet: args.quiet,
    }
}
