//! `drsim report FILE -o PATH.html`, and the charts and HTML that `run`
//! writes with `--charts` and `--html`.

use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::review::{self, RenderedChart};

use super::output::{Outputs, print_stdout};
use super::paths::{Planned, any_stdout, check_outputs};
use super::simulate::{EditArgs, SimArgs, Simulation, simulate_with_charts};

pub const AFTER_HELP: &str = "\
Examples:
  drsim report scenarios/proseware.toml -o proseware.html
  drsim report scenarios/proseware.toml -o review/report.html --charts review/

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
    check_outputs(&[&args.file], &outputs)?;
    let sim = simulate_with_charts(&args.file, &args.edits, &args.sim, true)?;
    let mut files = Outputs::default();
    add_review(&mut files, &sim, args.charts.as_deref(), Some(&args.output))?;
    files.commit()?;
    if !args.sim.quiet && !any_stdout(&outputs) {
        print_stdout(&format!("wrote {}\n", args.output.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds the chart files (PNG and SVG in `charts`) and the HTML page to
/// `files`, rendering each chart once per format.
pub fn add_review(
    files: &mut Outputs,
    sim: &Simulation,
    charts: Option<&Path>,
    html: Option<&Path>,
) -> Result<()> {
    if charts.is_none() && html.is_none() {
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
    if let Some(path) = html {
        let page = review::to_html(&sim.report, sim.engine.scenario(), &rendered);
        files.add(path, |w| Ok(w.write_all(page.as_bytes())?))?;
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
