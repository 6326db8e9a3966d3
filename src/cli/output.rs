//! Writing output files whole or not at all: each into a temporary file in
//! its target's folder, all renamed into place only once every one of them
//! is complete. An error leaves no file behind, not even the ones that
//! were already complete.

use anyhow::{Context, Result, bail};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

use drsim::report::Exporter;

/// Output files being written; nothing is visible until [`Outputs::commit`].
#[derive(Default)]
pub struct Outputs {
    pending: Vec<(NamedTempFile, PathBuf)>,
}

impl Outputs {
    /// Writes the content of `path` into a temporary sibling.
    pub fn add(
        &mut self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if path.is_dir() {
            bail!("{} is a directory; give a file path", path.display());
        }
        let mut tmp = temp_file_in(dir).map_err(|e| {
            let why = match e.kind() {
                io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
                io::ErrorKind::PermissionDenied => {
                    format!("no permission to write in {}", dir.display())
                }
                kind => format!("cannot create a file in {}: {kind}", dir.display()),
            };
            anyhow::anyhow!("cannot write {}: {why}", path.display())
        })?;
        {
            let mut buffered = io::BufWriter::new(tmp.as_file_mut());
            fill(&mut buffered).with_context(|| format!("cannot write {}", path.display()))?;
            buffered
                .flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        self.pending.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Writes what `exporter` makes into a temporary sibling of `path`.
    pub fn export(&mut self, path: &Path, exporter: &dyn Exporter) -> Result<()> {
        self.add(path, |w| Ok(exporter.write_to(w)?))
    }

    /// Renames every written file into place.
    pub fn commit(self) -> Result<()> {
        for (tmp, path) in self.pending {
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// A hidden temporary file with the permissions an ordinary new file gets
/// (0666 less the umask), not the owner-only ones of temporary files.
fn temp_file_in(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".drsim-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `text` to standard output. A closed pipe (`drsim run … | head`)
/// is not an error: the reader has what it wanted.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}
