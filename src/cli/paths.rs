//! The outputs a command was asked to write, checked before anything is
//! simulated: none may be one of its inputs (`run plan.toml --json
//! plan.toml`), no two may be the same file (`--json x --samples x`), and
//! at most one may be standard output (`-`). Devices such as `/dev/null`
//! may be named more than once: writing through them replaces nothing.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

use super::interrupt;
use super::output::{Destination, destination};

/// An output a command will write: the option that names it, and its path.
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    pub option: &'static str,
    pub path: &'a Path,
}

/// What a path names, to tell whether two paths are the same file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    Stdout,
    /// An existing file: its device and inode.
    Existing {
        device: u64,
        inode: u64,
    },
    /// A file not there yet: its folder's real path and its name.
    New(PathBuf),
}

/// Refuses outputs that would destroy an input or each other, or share
/// standard output; then registers them with the interrupt handler.
pub fn check_outputs(inputs: &[&Path], outputs: &[Planned]) -> Result<()> {
    let to_stdout: Vec<&str> = outputs
        .iter()
        .filter(|o| o.path.as_os_str() == "-")
        .map(|o| o.option)
        .collect();
    if to_stdout.len() > 1 {
        let both = if to_stdout.len() == 2 { "both" } else { "all" };
        bail!(
            "{} {both} name standard output (-); at most one output can go there: give the others a file path",
            to_stdout.join(" and ")
        );
    }
    let inputs: Vec<(&Path, Option<Identity>)> = inputs.iter().map(|p| (*p, identity(p))).collect();
    let mut seen: Vec<(Planned, Identity)> = Vec::new();
    for out in outputs {
        // Devices (`/dev/null`) replace nothing; a path drsim refuses to
        // write is reported when it is written.
        if !matches!(destination(out.path), Ok(Destination::Replace(_))) {
            continue;
        }
        let Some(id) = identity(out.path) else {
            continue;
        };
        if let Some((input, _)) = inputs.iter().find(|(_, i)| i.as_ref() == Some(&id)) {
            bail!(
                "{} {} is an input of this command ({}); writing it would destroy it: choose another path",
                out.option,
                out.path.display(),
                input.display()
            );
        }
        if let Some((other, _)) = seen.iter().find(|(_, i)| *i == id) {
            bail!(
                "{} {} and {} {} are the same file; each output needs its own path",
                other.option,
                other.path.display(),
                out.option,
                out.path.display()
            );
        }
        seen.push((*out, id));
    }
    interrupt::expect(outputs.iter().map(|o| o.path.display().to_string()));
    Ok(())
}

/// True when one of `outputs` is standard output.
/// The outputs given: each option with its path, when it was given.
pub fn planned<'a>(options: &[(&'static str, &'a Option<PathBuf>)]) -> Vec<Planned<'a>> {
    options
        .iter()
        .filter_map(|(option, path)| path.as_deref().map(|path| Planned { option, path }))
        .collect()
}

pub fn any_stdout(outputs: &[Planned]) -> bool {
    outputs.iter().any(|o| o.path.as_os_str() == "-")
}

/// What `path` names, following symlinks; `None` when it cannot be told.
fn identity(path: &Path) -> Option<Identity> {
    if path.as_os_str() == "-" {
        return Some(Identity::Stdout);
    }
    let target = match destination(path) {
        Ok(Destination::Replace(t) | Destination::Through(t)) => t,
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&target) {
        Ok(meta) => existing(&meta),
        Err(_) => {
            let name = target.file_name()?;
            let dir = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let dir = std::fs::canonicalize(dir).ok()?;
            Some(Identity::New(dir.join(name)))
        }
    }
}

#[cfg(unix)]
fn existing(meta: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    Some(Identity::Existing {
        device: meta.dev(),
        inode: meta.ino(),
    })
}

#[cfg(not(unix))]
fn existing(_meta: &std::fs::Metadata) -> Option<Identity> {
    None
}
