//! `drsim validate FILE`: check a scenario without simulating it.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

use drsim::format::format_secs;
use drsim::scenario;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (TOML).
    file: PathBuf,
}

pub fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let s = scenario::load(&args.file)?;
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
    super::output::print_stdout(&format!(
        "ok: {} — {}: {} steps, {} components ({} affected), {} roles; {}\n",
        drsim::input::display_text(&drsim::input::name(&args.file)),
        s.name,
        s.steps.len(),
        s.components.len(),
        affected,
        s.roles.len(),
        targets
    ))?;
    Ok(ExitCode::SUCCESS)
}
