//! `drsim init PLAN`: a draft scenario from a prose DR plan, checked
//! (it must validate) and written beside the plan, to `-o`, or to
//! standard output.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::init::{self, Format};
use drsim::input::{self, display_text};
use drsim::scenario;

use super::output::{Outputs, print_stdout};
use super::paths::{check_outputs, planned};

pub const AFTER_HELP: &str = "\
Examples:
  drsim init runbook.md -o plan.toml
  drsim init scenarios/runbooks/api-platform.rst --stdout
  drsim init notes.txt --format markdown -o plan.toml

Then edit the draft (every `# check:` is a guess), and:
  drsim validate plan.toml --strict
  drsim run plan.toml

drsim init reads headings, numbered lists, bulleted actions and timings
such as \"Time to diagnose: 5-30 min\", \"RTO: 5-10 min\", \"RPO: 10-20 min\".
It cannot infer roles, parallel work, failure rates or alternatives.";

/// Most bytes of a plan read.
const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The DR plan: Markdown, reStructuredText or plain text ("-" for
    /// standard input).
    pub plan: PathBuf,
    /// Where to write the draft [default: the plan's name with .toml,
    /// beside it].
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "stdout")]
    pub output: Option<PathBuf>,
    /// Print the draft instead of writing a file.
    #[arg(long)]
    pub stdout: bool,
    /// Read the plan as this markup [default: from its name and content].
    #[arg(long, value_name = "markdown|rst")]
    pub format: Option<FormatArg>,
    /// Replace the output file when it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Markdown,
    Rst,
}

pub fn init(args: &InitArgs) -> Result<ExitCode> {
    let out = destination(args)?;
    let outputs = planned(&[("-o", &out)]);
    check_outputs(&[&args.plan], &outputs)?;
    let file = display_text(&input::name(&args.plan));
    let bytes = input::read_bounded(&args.plan, MAX_PLAN_BYTES, "plan")?;
    let text = String::from_utf8_lossy(&bytes);
    let format = match args.format {
        Some(FormatArg::Markdown) => Format::Markdown,
        Some(FormatArg::Rst) => Format::Text,
        None => Format::detect(&file, &text),
    };
    let out_name = out
        .as_ref()
        .filter(|p| p.as_os_str() != "-")
        .map_or_else(|| "plan.toml".to_string(), |p| p.display().to_string());
    let draft = init::draft(&text, format, &file, &out_name)?;
    // A draft that does not validate is drsim init's mistake, not the plan's.
    scenario::parse(&draft.toml, &out_name).context(
        "drsim init drafted a scenario that does not validate; this is a bug in drsim init, please report it with the plan",
    )?;
    match &out {
        Some(path) if path.as_os_str() != "-" => {
            if path.exists() && !args.force {
                bail!(
                    "{} exists; give another file with -o, or --force to replace it",
                    path.display()
                );
            }
            let mut files = Outputs::default();
            files.add(path, |w| Ok(w.write_all(draft.toml.as_bytes())?))?;
            files.commit()?;
            eprintln!(
                "wrote {}: {} ({} with a placeholder time), {}; every `# check:` is a guess",
                path.display(),
                drsim::format::count(draft.plan.steps.len(), "step"),
                draft.guessed_times(),
                drsim::format::count(draft.plan.components.len(), "component")
            );
        }
        _ => print_stdout(&draft.toml)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The output path: `-o`, `-` for `--stdout`, or the plan's name with
/// `.toml` beside it (`None` only for a plan read from standard input,
/// which prints).
fn destination(args: &InitArgs) -> Result<Option<PathBuf>> {
    if args.stdout {
        return Ok(Some(PathBuf::from("-")));
    }
    if let Some(path) = &args.output {
        return Ok(Some(path.clone()));
    }
    if args.plan.as_os_str() == input::STDIN {
        return Ok(Some(PathBuf::from("-")));
    }
    let beside = args.plan.with_extension("toml");
    if beside == args.plan {
        bail!(
            "{} already ends in .toml; give the draft's name with -o",
            Path::new(&args.plan).display()
        );
    }
    Ok(Some(beside))
}
