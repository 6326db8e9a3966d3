//! `drsim schema`: print the JSON Schema of the scenario format, for
//! editors (completion, descriptions and validation while typing a plan).

use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drsim::scenario;

use super::output::{Outputs, print_stdout};
use super::paths::{check_outputs, planned};

pub const AFTER_HELP: &str = "\
Examples:
  drsim schema > drsim.schema.json
  drsim schema -o drsim.schema.json

Then make `#:schema ./drsim.schema.json` the first line of a scenario:
Taplo and the editors built on it (Even Better TOML in VS Code) complete,
describe and check its fields while you type. The schema is generated
from the parser's own definitions; it catches what the file's shape
gets wrong (an unknown field, a wrong type, a duration without a unit,
a distribution field of another kind), not what only the whole plan can
tell (an id that does not exist, a cycle, a probability above 1):
`drsim validate` checks those.";

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to PATH ("-" for standard output, the default).
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
}

pub fn schema(args: &SchemaArgs) -> Result<ExitCode> {
    let text = scenario::json_schema();
    match &args.output {
        Some(path) if path != Path::new("-") => {
            check_outputs(&[], &planned(&[("--output", &args.output)]))?;
            let mut files = Outputs::default();
            files.add(path, |w| Ok(w.write_all(text.as_bytes())?))?;
            files.commit()?;
        }
        _ => print_stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
