//! `drsim run FILE`: simulate and report.

use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use drsim::engine::Workspace;
use drsim::format::pct_label;
use drsim::report::{Exporter, Json, SamplesCsv, TextSummary, Trace, TraceHeader, Verdicts};
use drsim::runner::{self, Column};

use super::output::{Outputs, print_stdout};
use super::paths::{Planned, any_stdout, check_outputs, planned};
use super::review::{Page, add_review};
use super::simulate::{EditArgs, SimArgs, Simulation, simulate_with_charts};

pub const AFTER_HELP: &str = "\
Examples:
  drsim run scenarios/proseware.toml
  drsim run scenarios/proseware.toml --iterations 200000 --threads 2
  drsim run scenarios/proseware.toml --json - --quiet > summary.json
  drsim run scenarios/proseware.toml --samples runs.csv
  drsim run scenarios/proseware.toml --trace p95

Outputs are written whole or not at all. The same file, seed and
iterations give byte-identical JSON and CSV for any --threads.";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    #[command(flatten)]
    pub edits: EditArgs,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Write the JSON summary to PATH ("-" for standard output, which then
    /// carries only it).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per run to PATH (seconds; empty cell = never; "-"
    /// for standard output).
    #[arg(long, value_name = "PATH.csv")]
    pub samples: Option<PathBuf>,
    /// Print the timeline of one run: its index (0-based), or pNN for the
    /// run at the NN-th percentile of the RTO (e.g. p95, p50).
    #[arg(long, value_name = "RUN|pNN")]
    pub trace: Option<String>,
    /// Write every chart to DIR as PNG and SVG (DIR is created if needed).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Write the self-contained HTML review report to PATH ("-" for
    /// standard output).
    #[arg(long, value_name = "PATH.html")]
    pub html: Option<PathBuf>,
}

pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let trace = args.trace.as_deref().map(TraceChoice::parse).transpose()?;
    let outputs = outputs(args);
    check_outputs(&[&args.file], &outputs)?;
    let to_stdout = any_stdout(&outputs);
    if to_stdout && trace.is_some() {
        bail!(
            "--trace prints to standard output, which an output (-) already takes: write that output to a file"
        );
    }
    let charts = args.charts.is_some() || args.html.is_some();
    let sim = simulate_with_charts(&args.file, &args.edits, &args.sim, charts)?;
    sim.pool.install(|| write_outputs(args, &sim))?;
    if args.sim.quiet && trace.is_none() {
        // The shortest report: a verdict per target, on standard error
        // when an output (-) takes standard output (as `check` does); with
        // --trace, only the trace.
        let verdicts = Verdicts {
            report: &sim.report,
        }
        .render();
        if to_stdout {
            eprint!("{verdicts}");
        } else {
            print_stdout(&verdicts)?;
        }
    } else if !args.sim.quiet && !to_stdout {
        let summary = TextSummary {
            report: &sim.report,
            info: sim.info,
        };
        print_stdout(&summary.render())?;
    }
    if let Some(choice) = trace {
        print_stdout(&trace_text(&sim, choice))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The files `run` will write.
fn outputs(args: &RunArgs) -> Vec<Planned<'_>> {
    planned(&[
        ("--json", &args.json),
        ("--samples", &args.samples),
        ("--html", &args.html),
    ])
}

/// Writes every output: all of them, or (on any error) none.
fn write_outputs(args: &RunArgs, sim: &Simulation) -> Result<()> {
    let mut files = Outputs::default();
    if let Some(path) = &args.json {
        files.export(path, &Json::One(&sim.report))?;
    }
    if let Some(path) = &args.samples {
        let csv = SamplesCsv {
            scenario: sim.engine.scenario(),
            samples: &sim.results.samples,
        };
        files.export(path, &csv)?;
    }
    let page = Page {
        html: args.html.as_deref(),
        drill: None,
    };
    add_review(&mut files, sim, args.charts.as_deref(), page)?;
    files.commit()
}

/// A run named by `--trace`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TraceChoice {
    Index(u64),
    Percentile(f64),
}

impl TraceChoice {
    fn parse(text: &str) -> Result<TraceChoice> {
        let bad = || {
            anyhow::anyhow!(
                "--trace {text:?}: give a run index such as 42, or a percentile of the RTO such as p95"
            )
        };
        match text.strip_prefix('p') {
            Some(p) => {
                let p: f64 = p.parse().map_err(|_| bad())?;
                if p > 0.0 && p <= 100.0 {
                    Ok(TraceChoice::Percentile(p))
                } else {
                    Err(bad())
                }
            }
            None => text.parse().map(TraceChoice::Index).map_err(|_| bad()),
        }
    }
}

/// Replays the chosen run and renders its timeline.
fn trace_text(sim: &Simulation, choice: TraceChoice) -> String {
    let seed = sim.report.seed;
    let (run, why) = match choice {
        TraceChoice::Index(i) => (i, None),
        TraceChoice::Percentile(p) => {
            let index = sim
                .results
                .samples
                .run_at_percentile(Column::Rto, p)
                .unwrap_or(0);
            let label = pct_label(p);
            (index as u64, Some(format!("the run at the {label} RTO")))
        }
    };
    let mut ws = Workspace::default();
    let replayed = runner::replay(&sim.engine, seed, run, &mut ws);
    let trace = Trace {
        scenario: sim.engine.scenario(),
        header: TraceHeader { run, seed, why },
        timeline: &sim.engine.timeline(&replayed),
    };
    trace.render()
}
