//! `drsim validate FILE`: check a scenario without simulating it; with
//! `--strict`, also list every input that does not say where its figures
//! came from, and exit 1 when one does not.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use drsim::format::format_secs;
use drsim::scenario;

use super::simulate::EditArgs;

pub const AFTER_HELP: &str = "\
Examples:
  drsim validate scenarios/proseware.toml
  drsim validate scenarios/proseware.toml --strict

With --strict, every step, role, component with a target and data source
must say where its figures came from (source = \"plan: '…'\" or
assumed = \"…\"); each that does not is listed at its file:line:col.

Exit status: 0 valid (and, with --strict, every input has a basis); 1 with
--strict, some input has no basis; 2 invalid input or usage.";

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (TOML).
    file: PathBuf,
    /// Also list every input without a basis (`source` or `assumed`) and
    /// exit 1 when there is one.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    edits: EditArgs,
}

/// Checks the plan as edited; without --variant or --set, also every
/// variant it declares, each built as `--variant` would build it.
pub fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let document = scenario::Document::read(&args.file)?;
    let edits = args.edits.edits();
    let s = document.build(&edits)?;
    let mut unbased = unbased_lines(&s, &s, None);
    let variants = if edits == scenario::Edits::default() {
        check_variants(&document, &s, &mut unbased)?
    } else {
        Vec::new()
    };
    for warning in &s.warnings {
        eprintln!("warning: {}", super::printable(&warning.to_string()));
    }
    let affected = s.affected().iter().filter(|a| **a).count();
    let targets = targets_words(&s);
    let variants = match variants.len() {
        0 => String::new(),
        n => format!(
            "; {n} variant{} valid: {}",
            if n == 1 { "" } else { "s" },
            variants.join(", ")
        ),
    };
    let count = drsim::format::count;
    super::output::print_stdout(&format!(
        "ok: {} — {}: {}, {} ({} affected), {}; {}{variants}\n",
        drsim::input::display_text(&drsim::input::name(&args.file)),
        s.title(),
        count(s.steps.len(), "step"),
        count(s.components.len(), "component"),
        affected,
        count(s.roles.len(), "role"),
        targets
    ))?;
    if args.strict {
        strict(&s, &unbased, !variants.is_empty())
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Builds every variant `s` declares, as `--variant` would: prints each
/// one's own warnings, adds its unbased inputs to `unbased`, and returns
/// the names.
fn check_variants<'s>(
    document: &scenario::Document,
    s: &'s scenario::Scenario,
    unbased: &mut Vec<String>,
) -> Result<Vec<&'s str>> {
    let mut names = Vec::new();
    for v in &s.variants {
        let built = document.build(&scenario::Edits {
            variant: Some(v.name.clone()),
            set: Vec::new(),
        })?;
        for warning in built.warnings.iter().filter(|w| !s.warnings.contains(w)) {
            let text = format!("warning (variant {}): {warning}", v.name);
            eprintln!("{}", super::printable(&text));
        }
        unbased.extend(unbased_lines(&built, s, Some(&v.name)));
        names.push(v.name.as_str());
    }
    Ok(names)
}

/// "targets RTO ≤ 4h, RPO ≤ 15m at p95", or "no scenario targets".
fn targets_words(s: &scenario::Scenario) -> String {
    let mut targets = Vec::new();
    if let Some(rto) = s.targets.rto_secs {
        targets.push(format!("RTO ≤ {}", format_secs(rto)));
    }
    if let Some(rpo) = s.targets.rpo_secs {
        targets.push(format!("RPO ≤ {}", format_secs(rpo)));
    }
    if targets.is_empty() {
        "no scenario targets".to_string()
    } else {
        format!(
            "targets {} at p{}",
            targets.join(", "),
            s.targets.percentile
        )
    }
}

/// Prints the `unbased` lines and the count; exit 1 when there is one.
fn strict(s: &scenario::Scenario, unbased: &[String], variants: bool) -> Result<ExitCode> {
    let inputs = s.inputs().len();
    let mut text: String = unbased.iter().map(|line| format!("{line}\n")).collect();
    text.push_str(&match unbased.len() {
        0 => format!("strict: every input ({inputs}) says where its figures came from\n"),
        n => format!(
            "strict: {n} input{} without a basis (the plan as written has {inputs} inputs{}): give each source = \"plan: '…'\" (the plan's words) or assumed = \"…\" (why this figure)\n",
            if n == 1 { "" } else { "s" },
            if variants {
                "; its variants are included"
            } else {
                ""
            }
        ),
    });
    super::output::print_stdout(&super::printable(&text))?;
    Ok(if unbased.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One line per input of `built` without a basis, at its place: for a
/// variant, only those the plan as written (`plan`) does not list.
fn unbased_lines(
    built: &scenario::Scenario,
    plan: &scenario::Scenario,
    variant: Option<&str>,
) -> Vec<String> {
    let listed: std::collections::HashSet<String> = plan
        .unbased
        .iter()
        .map(|u| plan.input_name(u.input))
        .collect();
    built
        .unbased
        .iter()
        .filter(|u| variant.is_none() || !listed.contains(&built.input_name(u.input)))
        .map(|u| {
            let variant = variant.map_or(String::new(), |v| format!(" (variant {v})"));
            let hint = u.hint.as_ref().map_or(String::new(), |h| format!(": {h}"));
            format!(
                "{}: {}{variant} has no basis{hint}",
                u.place,
                built.input_name(u.input),
            )
        })
        .collect()
}
