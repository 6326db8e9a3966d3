//! `drsim report FILE -o PATH.html [--drill ACTUALS.csv]`, and the charts
//! and HTML that `run` writes with `--charts` and `--html`.

use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::drill;
use drsim::report::drill::DrillReport;
use drsim::review::{self, RenderedChart};
use drsim::scenario;

use super::output::{Outputs, print_stdout};
use super::paths::{Planned, any_stdout, check_outputs};
use super::simulate::{EditArgs, SimArgs, Simulation, simulate_scenario};

pub const AFTER_HELP: &str = "\
Examples:
  drsim report scenarios/proseware.toml -o proseware.html
  drsim report scenarios/proseware.toml -o review/report.html --charts review/
  drsim report scenarios/proseware.toml -o proseware.html --drill scenarios/proseware-drill.csv

The page is self-contained (inline SVG and CSS, no scripts, no network) and
printable; it lists the seed, iterations, drsim version and the scenario's
SHA-256, so a reviewer can reproduce it byte for byte.";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Where to write the HTML report ("-" for standard output).
    #[arg(long, short = 'o', value_name = "PATH.html")]
    pub output: PathBuf,
    /// Also write every chart to DIR as PNG and SVG.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Add a section scoring a real drill against the model (the actuals
    /// of `drsim drill`: a CSV with `measure` and `actual` columns).
    #[arg(long, value_name = "ACTUALS.csv")]
    pub drill: Option<PathBuf>,
    #[command(flatten)]
    pub edits: EditArgs,
    #[command(flatten)]
    pub sim: SimArgs,
}

pub fn report(args: &ReportArgs) -> Result<ExitCode> {
    let outputs = [Planned {
        option: "--output",
        path: &args.output,
    }];
    let mut inputs = vec![args.file.as_path()];
    inputs.extend(args.drill.as_deref());
    check_outputs(&inputs, &outputs)?;
    // The actuals are checked against the plan before it is simulated.
    let plan = scenario::load_with(&args.file, &args.edits.edits())?;
    let actuals = match &args.drill {
        Some(path) => Some((path, drill::read(path, &plan)?)),
        None => None,
    };
    let sim = simulate_scenario(plan, &args.sim, true)?;
    let drill = actuals.map(|(path, actuals)| super::drill::scored(&sim, path, &actuals));
    let mut files = Outputs::default();
    let page = Page {
        html: Some(&args.output),
        drill: drill.as_ref(),
    };
    add_review(&mut files, &sim, args.charts.as_deref(), page)?;
    files.commit()?;
    if !args.sim.quiet && !any_stdout(&outputs) {
        print_stdout(&format!("wrote {}\n", args.output.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The review page to write, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    /// Where to write it.
    pub html: Option<&'a Path>,
    /// A drill scored against the same simulation, for its section.
    pub drill: Option<&'a DrillReport>,
}

/// Adds the chart files (PNG and SVG in `charts`) and the HTML page to
/// `files`, rendering each chart once per format.
pub fn add_review(
    files: &mut Outputs,
    sim: &Simulation,
    charts: Option<&Path>,
    page: Page,
) -> Result<()> {
    if charts.is_none() && page.html.is_none() {
        return Ok(());
    }
    let figures = review::figures(&sim.engine, &sim.report, &sim.results);
    let rendered = review::render(&figures)?;
    if let Some(dir) = charts {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        for (c, svg) in figures.iter().zip(&rendered) {
            add_chart_files(files, dir, svg, &c.figure.to_png()?)?;
        }
    }
    if let Some(path) = page.html {
        let (r, s) = (&sim.report, sim.engine.scenario());
        let html = match page.drill {
            Some(d) => review::to_html_with_drill(r, s, &rendered, d),
            None => review::to_html(r, s, &rendered),
        };
        files.add(path, |w| Ok(w.write_all(html.as_bytes())?))?;
    }
    Ok(())
}

/// Adds a chart to `files` as `dir/NAME.png` and `dir/NAME.svg`.
pub fn add_chart_files(
    files: &mut Outputs,
    dir: &Path,
    chart: &RenderedChart,
    png: &[u8],
) -> Result<()> {
    files.add(&dir.join(format!("{}.png", chart.name)), |w| {
        Ok(w.write_all(png)?)
    })?;
    files.add(&dir.join(format!("{}.svg", chart.name)), |w| {
        Ok(w.write_all(chart.svg.as_bytes())?)
    })
}
