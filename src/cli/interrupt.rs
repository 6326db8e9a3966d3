//! SIGINT and SIGTERM: drsim removes every temporary file it created, says
//! in one line which outputs were not written, and exits 130 (SIGINT) or
//! 143 (SIGTERM), as a shell reports a process killed by those signals.
//!
//! Output writing registers here what it is about to create: the outputs
//! a command will write (by the name the user gave), and each temporary
//! file while it exists. A thread waits for the signals (signal-hook: the
//! handler itself only wakes it, so nothing unsafe runs in signal context)
//! and cleans up under the same lock that output writing takes, so a file
//! is never removed halfway through being renamed into place.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// What is being written now.
#[derive(Default)]
struct Pending {
    /// Outputs the command will write, by the name the user gave, in order.
    outputs: Vec<String>,
    /// Outputs already in place.
    written: Vec<String>,
    /// Temporary files that exist now.
    temporary: Vec<PathBuf>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    outputs: Vec::new(),
    written: Vec::new(),
    temporary: Vec::new(),
});

fn pending() -> std::sync::MutexGuard<'static, Pending> {
    // A panic elsewhere while holding the lock leaves the lists usable.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the thread that handles SIGINT and SIGTERM.
pub fn install() -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("drsim-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                interrupted(signal);
            }
        })?;
    Ok(())
}

/// Removes the temporary files, says what was not written, and exits.
fn interrupted(signal: i32) -> ! {
    let state = pending();
    for path in &state.temporary {
        let _ = std::fs::remove_file(path);
    }
    let missing: Vec<&str> = state
        .outputs
        .iter()
        .filter(|o| !state.written.contains(o))
        .map(String::as_str)
        .collect();
    let (name, code) = if signal == SIGTERM {
        ("SIGTERM", 143)
    } else {
        ("SIGINT", 130)
    };
    let what = if missing.is_empty() {
        "no output was pending".to_string()
    } else {
        format!("not written: {}", missing.join(", "))
    };
    eprintln!("drsim: interrupted by {name}; {what}");
    std::process::exit(code)
}

/// The outputs a command is going to write, before it starts.
pub fn expect(names: impl IntoIterator<Item = String>) {
    pending().outputs.extend(names);
}

/// A temporary file now exists at `path`.
pub fn created(path: &Path) {
    pending().temporary.push(path.to_path_buf());
}

/// Runs `rename` (which moves the temporary file at `temporary` into
/// place as output `name`) so that a signal cannot interleave with it.
/// Either way the temporary file is gone afterwards (renamed, or removed
/// with the failed rename); `name` counts as written only on success.
pub fn settle<T, E>(
    temporary: &Path,
    name: &str,
    rename: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let mut state = pending();
    let result = rename();
    state.temporary.retain(|p| p != temporary);
    if result.is_ok() {
        state.written.push(name.to_string());
    }
    result
}

/// A temporary file is gone (dropped after an error).
pub fn removed(path: &Path) {
    pending().temporary.retain(|p| p != path);
}

/// Output `name`, written through (not via a temporary file), is complete.
pub fn written(name: &str) {
    pending().written.push(name.to_string());
}
