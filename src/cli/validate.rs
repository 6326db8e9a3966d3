//! `drsim validate FILE`: check a scenario without simulating it.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use drsim::format::format_secs;
use drsim::scenario;

use super::simulate::EditArgs;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (TOML).
    file: PathBuf,
    #[command(flatten)]
    edits: EditArgs,
}

/// Checks the plan as edited; without --variant or --set, also every
/// variant it declares, each built as `--variant` would build it.
pub fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let document = scenario::Document::read(&args.file)?;
    let edits = args.edits.edits();
    let s = document.build(&edits)?;
    let mut variants = Vec::new();
    if edits == scenario::Edits::default() {
        for v in &s.variants {
            let built = document.build(&scenario::Edits {
                variant: Some(v.name.clone()),
                set: Vec::new(),
            })?;
            for warning in built.warnings.iter().filter(|w| !s.warnings.contains(w)) {
                let text = format!("warning (variant {}): {warning}", v.name);
                eprintln!("{}", super::printable(&text));
            }
            variants.push(v.name.as_str());
        }
    }
    for warning in &s.warnings {
        eprintln!("warning: {}", super::printable(&warning.to_string()));
    }
    let affected = s.affected().iter().filter(|a| **a).count();
    let mut targets = Vec::new();
    if let Some(rto) = s.targets.rto_secs {
        targets.push(format!("RTO ≤ {}", format_secs(rto)));
    }
    if let Some(rpo) = s.targets.rpo_secs {
        targets.push(format!("RPO ≤ {}", format_secs(rpo)));
    }
    let targets = if targets.is_empty() {
        "no scenario targets".to_string()
    } else {
        format!(
            "targets {} at p{}",
            targets.join(", "),
            s.targets.percentile
        )
    };
    let variants = match variants.len() {
        0 => String::new(),
        n => format!(
            "; {n} variant{} valid: {}",
            if n == 1 { "" } else { "s" },
            variants.join(", ")
        ),
    };
    super::output::print_stdout(&format!(
        "ok: {} — {}: {} steps, {} components ({} affected), {} roles; {}{variants}\n",
        drsim::input::display_text(&drsim::input::name(&args.file)),
        s.title(),
        s.steps.len(),
        s.components.len(),
        affected,
        s.roles.len(),
        targets
    ))?;
    Ok(ExitCode::SUCCESS)
}
