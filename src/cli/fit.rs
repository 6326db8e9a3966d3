//! `drsim fit TIMINGS.csv`: drill timings → a `duration = {…}` per step,
//! with why; `--write FILE` puts them into a scenario in place.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::fit::{self, Family, Request, StepFit, write::Update};
use drsim::input::{self, display_text};
use drsim::observed::{self, Columns, Observation};
use drsim::{duration::format_secs, scenario};

use super::output::{Outputs, print_stdout};
use super::paths::{any_stdout, check_outputs, planned};

pub const AFTER_HELP: &str = "\
Examples:
  drsim fit scenarios/proseware-timings.csv
  drsim fit timings.csv --step storage_failover --dist lognormal
  drsim fit scenarios/proseware-timings.csv --write plan.toml
  drsim fit timings.csv --json fits.json --quiet

TIMINGS.csv has a header row naming the columns `step` and `duration`
(other columns, such as a date or the drill's name, are ignored) and one
row per observed duration: `storage_failover,2h40m` or in seconds,
`storage_failover,9600`. Lines starting with # are comments.

With 5 or more timings of a step, lognormal, gamma, Weibull and
exponential (maximum likelihood), PERT and triangular (matching the
smallest, median and largest timing) are ranked by AICc and the best is
checked by Anderson-Darling; with fewer, a PERT from min / median / max
(3 or 4 timings) or the timings themselves (1 or 2).";

/// The columns of a timings file.
const TIMINGS: Columns = Columns {
    what: "timings",
    key: "step",
    time: "duration",
    example: "storage_failover,2h40m",
};

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The timings (CSV with `step,duration` columns; `-` for standard input).
    pub timings: PathBuf,
    /// Fit only this step (repeatable) [default: every step in the timings].
    #[arg(long, value_name = "ID")]
    pub step: Vec<String>,
    /// The family to fit: auto (ranked by AICc), lognormal, gamma, weibull,
    /// exponential, pert, triangular or empirical.
    #[arg(long, value_name = "NAME", default_value = "auto", value_parser = parse_request)]
    pub dist: Request,
    /// Write each fitted duration into this scenario, in place, keeping
    /// its comments; the step's basis records the drills.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Write the fits as JSON to PATH ("-" for standard output).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// No text; errors still go to stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn parse_request(text: &str) -> Result<Request, String> {
    if text == "auto" {
        return Ok(Request::Auto);
    }
    Family::from_name(text).map(Request::Family).ok_or_else(|| {
        format!(
            "unknown family {text:?}: use one of {}",
            fit::text::family_names()
        )
    })
}

pub fn fit(args: &FitArgs) -> Result<ExitCode> {
    let outputs = planned(&[("--json", &args.json)]);
    let mut inputs: Vec<&Path> = vec![&args.timings];
    if let Some(path) = &args.write {
        if path.as_os_str() == input::STDIN {
            bail!("--write needs the path of a scenario file, not standard input");
        }
        inputs.push(path);
    }
    check_outputs(&inputs, &outputs)?;
    let timings_name = display_text(&input::name(&args.timings));
    let observations = observed::read_file(&args.timings, &TIMINGS)?;
    let steps = by_step(&observations, &args.step, &timings_name)?;
    let mut fits = Vec::new();
    for (first, secs) in &steps {
        let fitted = fit::fit_step(&first.key, secs, args.dist, fit::seed_of(&first.key)).map_err(
            |why| {
                anyhow::anyhow!(
                    "{timings_name}:{}:{}: {why}",
                    first.at.line,
                    first.at.column
                )
            },
        )?;
        fits.push(fitted);
    }
    let mut files = Outputs::default();
    let written = match &args.write {
        Some(path) => Some(write_into(path, &fits, &timings_name, &mut files)?),
        None => None,
    };
    if let Some(path) = &args.json {
        let json = fit::json::render(&fits, &timings_name);
        files.add(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &json)?;
            writeln!(w)?;
            Ok(())
        })?;
    }
    files.commit()?;
    if !args.quiet && !any_stdout(&outputs) {
        let mut text = fit::text::render(&fits, &timings_name);
        if let Some(written) = written {
            text.push('\n');
            text.push_str(&written);
        }
        print_stdout(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Each step's first observation and all its times, in the order the
/// steps first appear; only `wanted` when some are named.
fn by_step<'a>(
    observations: &'a [Observation],
    wanted: &[String],
    file: &str,
) -> Result<Vec<(&'a Observation, Vec<f64>)>> {
    let mut steps: Vec<(&Observation, Vec<f64>)> = Vec::new();
    for o in observations {
        match steps.iter_mut().find(|(first, _)| first.key == o.key) {
            Some((_, secs)) => secs.push(o.secs),
            None => steps.push((o, vec![o.secs])),
        }
    }
    if let Some(missing) = wanted
        .iter()
        .find(|w| !steps.iter().any(|(first, _)| &first.key == *w))
    {
        let present: Vec<&str> = steps.iter().map(|(f, _)| f.key.as_str()).collect();
        bail!(
            "{file} has no timings of step `{}`; it has {}",
            display_text(missing),
            display_text(&present.join(", "))
        );
    }
    if !wanted.is_empty() {
        steps.retain(|(first, _)| wanted.contains(&first.key));
    }
    Ok(steps)
}

/// Rewrites the scenario at `path` with every fit, checks that the result
/// is a valid scenario, and adds it to `files`; returns what changed, in
/// words.
fn write_into(path: &Path, fits: &[StepFit], timings: &str, files: &mut Outputs) -> Result<String> {
    let name = display_text(&input::name(path));
    let bytes = input::read_bounded(path, scenario::MAX_FILE_BYTES, "scenario")?;
    let text = String::from_utf8(bytes).with_context(|| format!("{name}: is not UTF-8 text"))?;
    // A plan that is not valid as it is would be no better written into.
    scenario::parse(&text, &path.display().to_string())?;
    let updates: Vec<Update> = fits.iter().map(|f| update(f, timings)).collect();
    let (rewritten, changes) =
        fit::write::rewrite(&text, &updates).map_err(|e| anyhow::anyhow!("{name} {e}"))?;
    scenario::parse(&rewritten, &path.display().to_string()).with_context(|| {
        format!("the fitted durations would make {name} invalid; it is unchanged")
    })?;
    files.add(path, |w| Ok(w.write_all(rewritten.as_bytes())?))?;
    let mut out = format!("Wrote {name}:\n");
    for c in changes {
        let before = if c.before.is_empty() {
            "none"
        } else {
            c.before.as_str()
        };
        out.push_str(&format!(
            "  {}: duration = {} (was {before})\n",
            c.step, c.after
        ));
    }
    Ok(out)
}

/// How the duration was found, in words: "lognormal by maximum
/// likelihood", "the timings themselves, resampled".
fn how(fit: &StepFit) -> String {
    match fit.choice.written.dist {
        drsim::dist::Dist::Fixed(_) => "the timings' one value".into(),
        drsim::dist::Dist::Empirical(_) => "the timings themselves, resampled".into(),
        _ => format!(
            "{} by {}",
            fit.choice.family.name(),
            fit::text::method_words(fit.choice.method)
        ),
    }
}

/// The update for one fit: its duration, and its basis naming the drills.
fn update<'a>(fit: &'a StepFit, timings: &str) -> Update<'a> {
    let s = &fit.sorted;
    let range = if s.len() == 1 {
        format!("1 timing, {}", format_secs(s[0]))
    } else {
        format!(
            "{} timings {}–{}",
            s.len(),
            format_secs(s[0]),
            format_secs(s[s.len() - 1])
        )
    };
    Update {
        step: &fit.step,
        duration: &fit.choice.written.toml,
        basis: format!("drills: {timings}, {range}; {} (drsim fit)", how(fit)),
    }
}
