//! What users hand drsim — a scenario, a baseline — read with a bound, and
//! their text shown back safely.
//!
//! [`read_bounded`] reads at most a limit of bytes from any path: a
//! regular file, a device (`/dev/zero` never ends), a FIFO, `/dev/stdin`
//! or `-` (standard input). More than the limit is an error that names the
//! file, the limit and what to give instead; a size check from metadata
//! alone would let a device or a pipe fill the memory.
//!
//! Decisions (`docs/limits.md`):
//! - `-` is standard input, named `<stdin>` in messages and reports.
//! - A terminal (standard input or a path such as `/dev/tty`) is refused
//!   before reading: nobody types a scenario, and a read would wait
//!   silently for an end of file the user does not know to send.
//! - A FIFO waits for a writer, as FIFO users expect, but not forever: a
//!   FIFO that no writer opens within [`FIFO_WAIT_SECS`] seconds is
//!   refused; what it delivers is read with the same bound as any file.
//!
//! [`display_text`] is how any text that came from an input (a name, a
//! key, a source line, a path) is shown: control characters, which could
//! drive a terminal or break XML, become U+FFFD.

use std::fmt;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

/// The path that means standard input.
pub const STDIN: &str = "-";

/// How standard input is named in messages and reports.
pub const STDIN_NAME: &str = "<stdin>";

/// Seconds a FIFO may take to get a writer before it is refused.
pub const FIFO_WAIT_SECS: u64 = 10;

/// Bytes read at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// Why an input could not be read.
#[derive(Debug)]
pub struct InputError {
    /// The input as named in messages (control characters replaced).
    pub file: String,
    /// What it should have been: "scenario", "baseline".
    pub what: String,
    pub problem: InputProblem,
}

/// What went wrong reading an input.
#[derive(Debug)]
pub enum InputProblem {
    /// It could not be opened or read.
    Unreadable(io::Error),
    /// It is a directory.
    Directory,
    /// It is a terminal, which drsim does not read from.
    Terminal,
    /// It is a FIFO that no writer opened in time.
    NoWriter { waited_secs: u64 },
    /// It holds more than `limit_bytes`; `size_bytes` when its size is
    /// known up front (a regular file).
    TooLarge {
        limit_bytes: u64,
        size_bytes: Option<u64>,
    },
}

impl InputError {
    /// The message without the file name: what is wrong and what to do.
    pub fn message(&self) -> String {
        let what = &self.what;
        match &self.problem {
            InputProblem::Unreadable(e) => format!("cannot read the {what}: {e}"),
            InputProblem::Directory => {
                format!("is a directory; give the path of a {what} file")
            }
            InputProblem::Terminal => format!(
                "is a terminal, and drsim does not wait for a {what} to be typed; \
                 give the path of a {what} file, or send one through a pipe or `< FILE`"
            ),
            InputProblem::NoWriter { waited_secs } => format!(
                "is a FIFO, and nothing opened it for writing within {waited_secs} s; \
                 start the program that writes the {what} first, or give a file"
            ),
            InputProblem::TooLarge {
                limit_bytes,
                size_bytes: Some(size),
            } => format!(
                "is {} ({size} bytes), more than the {} a {what} may have (docs/limits.md); \
                 give the path of a {what} file",
                bytes_label(*size),
                bytes_label(*limit_bytes)
            ),
            InputProblem::TooLarge {
                limit_bytes,
                size_bytes: None,
            } => format!(
                "gave more than {} ({limit_bytes} bytes), the most a {what} may have \
                 (docs/limits.md), and was not read further; give the path of a {what} file \
                 (a device such as /dev/zero or a stream that does not end is not one)",
                bytes_label(*limit_bytes)
            ),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, display_text(&self.message()))
    }
}

/// No source: the message already says what the operating system said,
/// and a chain printed with `{:#}` would say it twice.
impl std::error::Error for InputError {}

/// How `path` is named in messages and reports: `<stdin>` for `-`, else
/// the path as given.
pub fn name(path: &Path) -> String {
    if path == Path::new(STDIN) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// The bytes of the input at `path` (`-`: standard input), at most
/// `limit_bytes` of them; `what` ("scenario", "baseline") names it in
/// errors. Reads one byte past the limit to tell "exactly the limit" from
/// "more", and never more than that.
pub fn read_bounded(path: &Path, limit_bytes: u64, what: &str) -> Result<Vec<u8>, InputError> {
    let fail = |problem| InputError {
        file: display_text(&name(path)),
        what: what.to_string(),
        problem,
    };
    if path == Path::new(STDIN) {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Err(fail(InputProblem::Terminal));
        }
        return read_up_to(stdin.lock(), limit_bytes, 0).map_err(fail);
    }
    let file = open(path).map_err(fail)?;
    if file.is_terminal() {
        return Err(fail(InputProblem::Terminal));
    }
    let meta = file
        .metadata()
        .map_err(|e| fail(InputProblem::Unreadable(e)))?;
    if meta.is_dir() {
        return Err(fail(InputProblem::Directory));
    }
    // A regular file says its size: refuse a large one without reading it.
    let size_hint = if meta.is_file() { meta.len() } else { 0 };
    if size_hint > limit_bytes {
        return Err(fail(InputProblem::TooLarge {
            limit_bytes,
            size_bytes: Some(size_hint),
        }));
    }
    read_up_to(file, limit_bytes, size_hint).map_err(fail)
}

/// Opens `path` for reading; a FIFO waits for a writer, at most
/// [`FIFO_WAIT_SECS`] seconds.
fn open(path: &Path) -> Result<File, InputProblem> {
    if !is_fifo(path) {
        return File::open(path).map_err(InputProblem::Unreadable);
    }
    // Opening a FIFO blocks until a writer opens it: open it on a thread
    // and stop waiting after a while (the thread ends with the process).
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(File::open(owned));
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(FIFO_WAIT_SECS)) {
        Ok(opened) => opened.map_err(InputProblem::Unreadable),
        Err(_) => Err(InputProblem::NoWriter {
            waited_secs: FIFO_WAIT_SECS,
        }),
    }
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_path: &Path) -> bool {
    false
}

/// Reads `reader` to its end, or fails once it gives more than
/// `limit_bytes`. The buffer never grows past `limit_bytes + 1`.
fn read_up_to(
    reader: impl Read,
    limit_bytes: u64,
    size_hint: u64,
) -> Result<Vec<u8>, InputProblem> {
    let cap = limit_bytes.saturating_add(1);
    let mut reader = reader.take(cap);
    let mut bytes = Vec::with_capacity(to_usize(size_hint.saturating_add(1).min(cap)));
    let mut chunk = vec![0u8; CHUNK_BYTES];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(InputProblem::Unreadable(e)),
        };
        if bytes.capacity() - bytes.len() < n {
            // Grow by doubling, but never beyond the cap.
            let wanted = (bytes.len() + n)
                .max(bytes.capacity() * 2)
                .min(to_usize(cap));
            bytes.reserve_exact(wanted - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    if bytes.len() as u64 > limit_bytes {
        return Err(InputProblem::TooLarge {
            limit_bytes,
            size_bytes: None,
        });
    }
    Ok(bytes)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// "16 MiB", "1.5 GiB", "300 bytes".
fn bytes_label(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    match bytes {
        b if b >= GIB => format!("{:.1} GiB", b as f64 / GIB as f64),
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b => format!("{b} bytes"),
    }
}

/// Text from an input as messages and reports show it: control characters
/// other than newlines become U+FFFD (one character for one, so columns
/// stay where they were).
pub fn display_text(text: &str) -> String {
    replace_controls(text, &['\n'])
}

/// `text` with every control character except those in `keep` replaced
/// by U+FFFD, and so are the bidirectional formatting characters
/// (U+202A–U+202E, U+2066–U+2069), which can make a terminal or a page
/// show text in another order than it is ("Trojan Source").
pub fn replace_controls(text: &str, keep: &[char]) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() || is_bidi_control(c)) && !keep.contains(&c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A character that changes the direction text is shown in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_overrides_are_replaced_like_control_characters() {
        assert_eq!(
            display_text("a\u{202E}b\u{2066}c\u{1b}d\ne"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\ne"
        );
        assert_eq!(display_text("ρ → é"), "ρ → é", "other text stays");
    }

    fn problem(result: Result<Vec<u8>, InputProblem>) -> InputProblem {
        result.expect_err("an error")
    }

    #[test]
    fn a_reader_within_the_limit_is_read_whole() {
        let bytes = read_up_to(&b"0123456789"[..], 10, 0).unwrap();
        assert_eq!(bytes, b"0123456789");
    }

    #[test]
    fn one_byte_past_the_limit_is_refused_without_reading_further() {
        let endless = io::repeat(b'x');
        let refused = problem(read_up_to(endless, 100_000, 0));
        assert!(matches!(
            refused,
            InputProblem::TooLarge {
                limit_bytes: 100_000,
                size_bytes: None
            }
        ));
    }

    #[test]
    fn the_buffer_never_grows_past_the_limit_plus_one() {
        let limit = 3 * CHUNK_BYTES as u64 + 17;
        let bytes = read_up_to(io::repeat(0).take(limit), limit, 0).unwrap();
        assert_eq!(bytes.len() as u64, limit);
        assert!(bytes.capacity() as u64 <= limit + 1, "{}", bytes.capacity());
    }

    #[test]
    fn a_directory_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bounded(dir.path(), 10, "scenario").unwrap_err();
        assert!(matches!(err.problem, InputProblem::Directory));
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    #[test]
    fn a_large_regular_file_is_refused_from_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let file = File::create(&path).unwrap();
        file.set_len(3 << 30).unwrap(); // sparse: nothing is written or read
        let err = read_bounded(&path, 16 << 20, "scenario").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(
                "is 3.0 GiB (3221225472 bytes), more than the 16 MiB a scenario may have"
            ),
            "{message}"
        );
    }

    #[test]
    fn control_characters_in_a_file_name_are_replaced() {
        let err = read_bounded(Path::new("no\u{1b}[31mthere"), 10, "scenario").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("no\u{FFFD}[31mthere: cannot read the scenario"),
            "{message}"
        );
    }

    #[test]
    fn display_text_keeps_newlines_and_replaces_other_controls() {
        assert_eq!(
            display_text("a\u{7}b\tc\nd\u{9b}"),
            "a\u{FFFD}b\u{FFFD}c\nd\u{FFFD}"
        );
        assert_eq!(replace_controls("a\tb\u{1b}", &['\t']), "a\tb\u{FFFD}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes_label(16 << 20), "16 MiB");
        assert_eq!(bytes_label(256 << 20), "256 MiB");
        assert_eq!(bytes_label((16 << 20) + 1), "16.0 MiB");
        assert_eq!(bytes_label(1 << 30), "1.0 GiB");
        assert_eq!(bytes_label(300), "300 bytes");
    }
}
