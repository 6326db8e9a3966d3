//! Command-line interface: clap definitions, one file per subcommand.
//!
//! Exit codes: 0 success; 1 a target or regression failed in `check`,
//! an input without a basis in `validate --strict`, or an actual outside
//! the model's band in `drill --strict`; 2 invalid input or usage (errors
//! name file:line:col where there is one).

mod advise;
mod check;
mod compare;
mod drill;
mod fit;
mod init;
mod interrupt;
mod output;
mod paths;
mod review;
mod run;
mod schema;
mod simulate;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit code for invalid input or usage.
pub const EXIT_INVALID: u8 = 2;

const AFTER_HELP: &str = "\
Examples:
  drsim validate scenarios/proseware.toml
  drsim run scenarios/proseware.toml
  drsim run scenarios/proseware.toml --iterations 100000 --seed 42 --json result.json
  drsim run scenarios/proseware.toml --samples runs.csv --quiet
  drsim check scenarios/*.toml --junit drsim-junit.xml
  drsim compare scenarios/example.toml scenarios/example-failing.toml
  drsim advise scenarios/example-failing.toml
  drsim init scenarios/runbooks/api-platform.rst -o plan.toml
  drsim fit scenarios/proseware-timings.csv
  drsim drill scenarios/proseware.toml scenarios/proseware-drill.csv
  drsim report scenarios/proseware.toml -o proseware.html --charts charts/
  drsim schema > drsim.schema.json

Exit status: 0 ok; 1 `check` found a missed target or a regression,
`validate --strict` an input without a basis, or `drill --strict` an
actual outside the model's band; 2 invalid input or usage.";

/// Simulate disaster-recovery plans: RTO/RPO distributions, targets, drivers.
#[derive(Debug, Parser)]
#[command(name = "drsim", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario and print RTO/RPO percentiles, targets and drivers.
    #[command(after_help = run::AFTER_HELP)]
    Run(run::RunArgs),
    /// Judge every target for CI; compare with a baseline; write JUnit.
    /// Exit 1 when a target is missed or a regression found.
    #[command(after_help = check::AFTER_HELP)]
    Check(check::CheckArgs),
    /// Compare plans side by side, with paired differences against the first.
    #[command(after_help = compare::AFTER_HELP)]
    Compare(compare::CompareArgs),
    /// What to change: every single intervention re-simulated with common
    /// random numbers, ranked, and a plan to meet every target.
    #[command(after_help = advise::AFTER_HELP)]
    Advise(advise::AdviseArgs),
    /// Draft a scenario from a prose DR plan (Markdown, reST, text); every
    /// guess is marked `# check:`.
    #[command(after_help = init::AFTER_HELP)]
    Init(init::InitArgs),
    /// Fit drill timings (CSV of step,duration) to distributions, ranked by
    /// AICc; print the `duration = {…}` to paste, or --write it into a plan.
    #[command(after_help = fit::AFTER_HELP)]
    Fit(fit::FitArgs),
    /// Score a real drill against the model: each actual's percentile,
    /// those outside the 5–95 % band, and the calibration.
    #[command(after_help = drill::AFTER_HELP)]
    Drill(drill::DrillArgs),
    /// Write a self-contained HTML review report (and charts) for a scenario.
    #[command(after_help = review::AFTER_HELP)]
    Report(review::ReportArgs),
    /// Check a scenario file and report the first problem, with its place;
    /// --strict also lists the inputs without a basis (exit 1).
    #[command(after_help = validate::AFTER_HELP)]
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema of the scenario format, for editors'
    /// completion and validation (`#:schema` in Taplo / Even Better TOML).
    #[command(after_help = schema::AFTER_HELP)]
    Schema(schema::SchemaArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_INVALID } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Err(e) = interrupt::install() {
        // Without the handler, an interrupt can leave temporary files.
        eprintln!("warning: cannot handle SIGINT and SIGTERM: {e}");
    }
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Check(args) => check::check(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Advise(args) => advise::advise(&args),
        Command::Init(args) => init::init(&args),
        Command::Fit(args) => fit::fit(&args),
        Command::Drill(args) => drill::drill(&args),
        Command::Report(args) => review::report(&args),
        Command::Validate(args) => validate::validate(&args),
        Command::Schema(args) => schema::schema(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", printable(&format!("{e:#}")));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// A message as the terminal may show it: control characters (an escape
/// sequence in a file name, say) replaced, line breaks and tabs kept.
pub fn printable(message: &str) -> String {
    drsim::input::replace_controls(message, &['\n', '\t'])
}
