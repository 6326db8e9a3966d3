//! Writing output files whole or not at all, without ever destroying
//! anything that is not a regular file.
//!
//! Where an output goes depends on what its path is ([`Destination`]):
//! - a regular file, or nothing yet: a temporary file in the same folder,
//!   renamed over the path once every output is complete, so an error (or
//!   a signal, see `interrupt`) leaves no file behind and no old one
//!   half-overwritten; a symlink is followed and its target replaced;
//! - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named
//!   pipe): written through, never replaced — the content is buffered
//!   until every output is complete, then written into it;
//! - `-`: standard output, written last;
//! - a folder, a block device or a socket: refused.

use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

use drsim::report::Exporter;

use super::interrupt;

/// Where an output path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-`).
    Stdout,
    /// A regular file (existing or not), replaced atomically; symlinks
    /// already followed.
    Replace(PathBuf),
    /// A character device or FIFO, written through.
    Through(PathBuf),
}

/// Most symlinks followed from one output path (as the kernel's limit).
const MAX_LINKS: usize = 40;

/// Where output `path` leads, or why it cannot be written.
pub fn destination(path: &Path) -> Result<Destination> {
    if path.as_os_str() == "-" {
        return Ok(Destination::Stdout);
    }
    // `metadata` follows symlinks the way the kernel does, including the
    // magic links of /proc (`/dev/stdout` → `/proc/self/fd/1` → a pipe).
    match std::fs::metadata(path) {
        // Nothing there, or a dangling symlink: create what it points to.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Ok(Destination::Replace(follow_links(path)?))
        }
        Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_file() {
                let target = std::fs::canonicalize(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(Destination::Replace(target))
            } else if kind.is_dir() {
                bail!("{} is a directory; give a file path", path.display())
            } else if is_char_device_or_fifo(&kind) {
                Ok(Destination::Through(path.to_path_buf()))
            } else {
                bail!(
                    "{} is neither a regular file, a character device nor a FIFO; drsim does not write there",
                    path.display()
                )
            }
        }
    }
}

#[cfg(unix)]
fn is_char_device_or_fifo(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn is_char_device_or_fifo(_kind: &std::fs::FileType) -> bool {
    false
}

/// The path a chain of symlinks ends at, which does not exist yet.
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .with_context(|| format!("cannot read the link {}", current.display()))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    bail!(
        "{}: more than {MAX_LINKS} symlinks in a row; give the file's real path",
        path.display()
    )
}

/// An output in a temporary sibling of `target`, to be renamed over it.
struct Replaced {
    tmp: NamedTempFile,
    target: PathBuf,
    name: String,
}

/// An output buffered for the device or FIFO `target`.
struct WrittenThrough {
    buffer: File,
    target: PathBuf,
    name: String,
}

/// Output files being written; nothing is visible until [`Outputs::commit`].
#[derive(Default)]
pub struct Outputs {
    replaced: Vec<Replaced>,
    through: Vec<WrittenThrough>,
    /// Buffered for standard output (at most one, see `paths`).
    stdout: Vec<File>,
}

impl Outputs {
    /// Writes the content of `path` where it will wait for [`Outputs::commit`].
    pub fn add(
        &mut self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let name = path.display().to_string();
        let failed = || format!("cannot write {name}");
        match destination(path)? {
            Destination::Replace(target) => {
                let mut tmp = temp_sibling(&target, &name)?;
                interrupt::created(tmp.path());
                if let Err(e) = fill_buffered(tmp.as_file_mut(), fill) {
                    interrupt::removed(tmp.path());
                    return Err(e.context(failed()));
                }
                self.replaced.push(Replaced { tmp, target, name });
            }
            Destination::Through(target) => {
                let mut buffer = tempfile::tempfile().with_context(failed)?;
                fill_buffered(&mut buffer, fill).with_context(failed)?;
                self.through.push(WrittenThrough {
                    buffer,
                    target,
                    name,
                });
            }
            Destination::Stdout => {
                let mut buffer = tempfile::tempfile().with_context(failed)?;
                fill_buffered(&mut buffer, fill).with_context(failed)?;
                self.stdout.push(buffer);
            }
        }
        Ok(())
    }

    /// Writes what `exporter` makes for `path`.
    pub fn export(&mut self, path: &Path, exporter: &dyn Exporter) -> Result<()> {
        self.add(path, |w| Ok(exporter.write_to(w)?))
    }

    /// Puts every output in place: devices and FIFOs first (a failure there
    /// leaves no file behind), then the renames, then standard output.
    pub fn commit(mut self) -> Result<()> {
        for mut out in std::mem::take(&mut self.through) {
            write_through(&mut out.buffer, &out.target)
                .with_context(|| format!("cannot write {}", out.name))?;
            interrupt::written(&out.name);
        }
        // One at a time, so that those not renamed yet stay registered
        // (and are removed by `drop`) if a rename fails.
        while !self.replaced.is_empty() {
            let Replaced { tmp, target, name } = self.replaced.remove(0);
            let temporary = tmp.path().to_path_buf();
            interrupt::settle(&temporary, &name, || tmp.persist(&target))
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {name}"))?;
        }
        for mut buffer in std::mem::take(&mut self.stdout) {
            buffer.rewind().context("cannot write to standard output")?;
            copy_to_stdout(&mut buffer)?;
        }
        Ok(())
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        // Not committed: the temporary files go (NamedTempFile removes them).
        for out in &self.replaced {
            interrupt::removed(out.tmp.path());
        }
    }
}

/// Runs `fill` into `file` through a buffer, flushed.
fn fill_buffered(file: &mut File, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut buffered = io::BufWriter::new(file);
    fill(&mut buffered)?;
    buffered.flush()?;
    Ok(())
}

/// Copies `buffer` into the device or FIFO at `target`, which is opened
/// for writing only: never created, truncated or replaced.
fn write_through(buffer: &mut File, target: &Path) -> io::Result<()> {
    buffer.rewind()?;
    let mut out = OpenOptions::new().write(true).open(target)?;
    io::copy(buffer, &mut out)?;
    out.flush()
}

/// A closed pipe (`drsim … | head`) is not an error.
fn copy_to_stdout(buffer: &mut File) -> Result<()> {
    let mut out = io::stdout().lock();
    match io::copy(buffer, &mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// A hidden temporary file beside `target`, with the permissions an
/// ordinary new file gets (0666 less the umask), not the owner-only ones
/// of temporary files.
fn temp_sibling(target: &Path, name: &str) -> Result<NamedTempFile> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".drsim-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(|e| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
            io::ErrorKind::PermissionDenied => {
                format!("no permission to write in {}", dir.display())
            }
            kind => format!("cannot create a file in {}: {kind}", dir.display()),
        };
        anyhow::anyhow!("cannot write {name}: {why}")
    })
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
