//! Times observed in drills and incidents, as teams record them: a CSV
//! with a header row naming its columns, one observation per row — read
//! with a bound, every problem located at `file:line:col`.
//!
//! `drsim fit` reads `step,duration` rows, `drsim drill` reads
//! `measure,actual` rows; both through [`read`], which knows only "a key
//! column and a time column". Other columns (a date, the drill's name, a
//! note) are allowed and ignored; lines starting with `#` are comments;
//! blank lines are skipped. A time is a duration with units (`"2h40m"`,
//! `"95s"`) or a plain number of seconds (`"9600"`, `"12.5"`).

use std::fmt;
use std::path::Path;

use crate::duration;
use crate::input::{self, InputError, display_text};

/// The most an observations file may hold (`docs/limits.md`).
pub const MAX_OBSERVED_BYTES: u64 = 64 * 1024 * 1024;

/// One observed time.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// What was timed, as written in the key column (trimmed).
    pub key: String,
    /// How long it took, seconds.
    pub secs: f64,
    /// Where the key is: line and column (1-based) in the file.
    pub at: Place,
}

/// A line and column (1-based, in characters) in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: u64,
    pub column: u64,
}

/// Why a file of observations could not be read.
#[derive(Debug)]
pub enum ObservedError {
    /// The file itself could not be read.
    Input(InputError),
    /// A problem at a place in it.
    At {
        file: String,
        at: Place,
        message: String,
    },
}

impl fmt::Display for ObservedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObservedError::Input(e) => e.fmt(f),
            ObservedError::At { file, at, message } => write!(
                f,
                "{file}:{}:{}: {}",
                at.line,
                at.column,
                display_text(message)
            ),
        }
    }
}

impl std::error::Error for ObservedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Transparent: the input error's own cause (its Display is ours).
        match self {
            ObservedError::Input(e) => e.source(),
            ObservedError::At { .. } => None,
        }
    }
}

/// The columns a kind of observations file needs, for reading and for
/// messages.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// What the file is called in messages: "timings", "drill actuals".
    pub what: &'static str,
    /// The header of the column naming what was timed: "step".
    pub key: &'static str,
    /// The header of the column holding the time: "duration".
    pub time: &'static str,
    /// An example row, for messages: "storage_failover,2h40m".
    pub example: &'static str,
}

/// Reads the observations in the file at `path` (`-`: standard input).
pub fn read_file(path: &Path, columns: &Columns) -> Result<Vec<Observation>, ObservedError> {
    let bytes = input::read_bounded(path, MAX_OBSERVED_BYTES, columns.what)
        .map_err(ObservedError::Input)?;
    read(&bytes, &display_text(&input::name(path)), columns)
}

/// Reads observations from `bytes`, naming them `file` in errors.
pub fn read(
    bytes: &[u8],
    file: &str,
    columns: &Columns,
) -> Result<Vec<Observation>, ObservedError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        at(
            file,
            place_of(before, before.len()),
            format!("is not UTF-8 text; save the {} as UTF-8 CSV", columns.what),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut header: Option<Header> = None;
    let mut found = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(not_csv(&e, start, text, file, columns)),
        }
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let row = Row {
            text,
            file,
            columns,
            record: &record,
            offset: record.position().map_or(start, |p| p.byte()) as usize,
        };
        match header {
            None => header = Some(row.header()?),
            Some(h) => found.push(row.observation(h)?),
        }
    }
    if found.is_empty() {
        return Err(no_observations(file, columns));
    }
    Ok(found)
}

/// The CSV reader's own error, placed where it happened.
fn not_csv(e: &csv::Error, start: u64, text: &str, file: &str, columns: &Columns) -> ObservedError {
    let offset = e.position().map_or(start, |p| p.byte());
    at(
        file,
        place_of(text.as_bytes(), offset as usize),
        format!(
            "is not valid CSV ({e}); write one observation per row, e.g. {}",
            columns.example
        ),
    )
}

/// A file with a header, or nothing, and no observation.
fn no_observations(file: &str, columns: &Columns) -> ObservedError {
    at(
        file,
        Place { line: 1, column: 1 },
        format!(
            "holds no observations; write a header row and one row per observation, e.g.\n{},{}\n{}",
            columns.key, columns.time, columns.example
        ),
    )
}

/// Where the key and time columns are.
#[derive(Debug, Clone, Copy)]
struct Header {
    key: usize,
    time: usize,
}

/// One row of the file, with what it takes to place its fields.
struct Row<'a> {
    text: &'a str,
    file: &'a str,
    columns: &'a Columns,
    record: &'a csv::StringRecord,
    /// The byte where the row starts.
    offset: usize,
}

impl Row<'_> {
    /// Where field `i` starts.
    fn place(&self, i: usize) -> Place {
        place_of(self.text.as_bytes(), field_start(self.text, self.offset, i))
    }

    fn error(&self, field: usize, message: String) -> ObservedError {
        at(self.file, self.place(field), message)
    }

    /// The row as the header, which names the key and time columns.
    fn header(&self) -> Result<Header, ObservedError> {
        let c = self.columns;
        let position = |name: &str| {
            self.record
                .iter()
                .position(|field| field.trim().eq_ignore_ascii_case(name))
        };
        match (position(c.key), position(c.time)) {
            (Some(key), Some(time)) => Ok(Header { key, time }),
            _ => Err(self.error(
                0,
                format!(
                    "the first row must name the columns `{},{}` (other columns may follow); e.g.\n{},{}\n{}",
                    c.key, c.time, c.key, c.time, c.example
                ),
            )),
        }
    }

    /// The row as an observation.
    fn observation(&self, h: Header) -> Result<Observation, ObservedError> {
        let c = self.columns;
        let last = self.record.len() - 1;
        let key = self.record.get(h.key).unwrap_or("").trim();
        if key.is_empty() {
            return Err(self.error(
                h.key.min(last),
                format!("this row has no {}; e.g. {}", c.key, c.example),
            ));
        }
        let Some(cell) = self.record.get(h.time) else {
            return Err(self.error(
                last,
                format!(
                    "this row has no {} (column {}); e.g. {}",
                    c.time,
                    h.time + 1,
                    c.example
                ),
            ));
        };
        let secs =
            parse_time(cell).map_err(|why| self.error(h.time, format!("{}: {why}", c.time)))?;
        Ok(Observation {
            key: key.to_string(),
            secs,
            at: self.place(h.key),
        })
    }
}

/// A time as recorded: a duration with units, or a number of seconds.
pub fn parse_time(cell: &str) -> Result<f64, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Err("empty: write a duration such as \"2h40m\" or a number of seconds".into());
    }
    let secs = if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let secs: f64 = text.parse().map_err(|_| {
            format!("{text:?} is not a number of seconds nor a duration such as \"2h40m\"")
        })?;
        duration::check_range(secs).map_err(|why| format!("{text:?} seconds {why}"))?
    } else {
        duration::parse_secs(text)?
    };
    Ok(secs)
}

/// The byte offset of field `index` of the record that starts at byte
/// `record`: past `index` commas outside quotes.
fn field_start(text: &str, record: usize, index: usize) -> usize {
    let mut quoted = false;
    let mut commas = 0;
    for (i, b) in text.bytes().enumerate().skip(record) {
        if commas == index {
            return i;
        }
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    record
}

/// The line and column of byte `offset` in `bytes`.
fn place_of(bytes: &[u8], offset: usize) -> Place {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    Place { line, column }
}

fn at(file: &str, place: Place, message: String) -> ObservedError {
    ObservedError::At {
        file: file.to_string(),
        at: place,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMINGS: Columns = Columns {
        what: "timings",
        key: "step",
        time: "duration",
        example: "storage_failover,2h40m",
    };

    fn error(text: &str) -> String {
        read(text.as_bytes(), "t.csv", &TIMINGS)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_units_and_seconds_with_comments_and_extra_columns() {
        let text = "# drill of 2026-10-14\ndate,step,duration\n2026-10-14,promote_db,35m\n\n2026-11-02, promote_db ,2400\n";
        let found = read(text.as_bytes(), "t.csv", &TIMINGS).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].key, "promote_db");
        assert_eq!(found[0].secs, 2100.0);
        assert_eq!(
            found[0].at,
            Place {
                line: 3,
                column: 12
            }
        );
        assert_eq!(found[1].secs, 2400.0);
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            error("step,duration\npromote_db,35x\n"),
            "t.csv:2:12: duration: unknown unit \"x\" in duration \"35x\": use d, h, m, s or ms, e.g. \"1h30m\""
        );
        assert!(
            error("step,took\na,1m\n")
                .starts_with("t.csv:1:1: the first row must name the columns `step,duration`")
        );
        assert!(
            error("step,duration\na\n")
                .starts_with("t.csv:2:1: this row has no duration (column 2)")
        );
        assert!(error("step,duration\n,5m\n").starts_with("t.csv:2:1: this row has no step"));
        assert!(error("step,duration\na,-5m\n").starts_with("t.csv:2:3: duration:"));
        assert!(error("step,duration\n").starts_with("t.csv:1:1: holds no observations"));
        assert!(error("date,step,duration\n\"x,y\",a,5q\n").starts_with("t.csv:2:9: duration:"));
    }

    #[test]
    fn refuses_text_that_is_not_utf8() {
        let bytes = b"step,duration\na,5m\n\xff\n";
        let e = read(bytes, "t.csv", &TIMINGS).unwrap_err().to_string();
        assert!(e.starts_with("t.csv:3:1: is not UTF-8"), "{e}");
    }

    #[test]
    fn a_number_is_seconds_and_a_bad_number_says_so() {
        assert_eq!(parse_time("12.5"), Ok(12.5));
        assert_eq!(parse_time(" 1h30m "), Ok(5400.0));
        assert!(parse_time("1.2.3").unwrap_err().contains("not a number"));
        assert!(parse_time("").unwrap_err().starts_with("empty"));
    }
}
