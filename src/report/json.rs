//! The JSON summary (`--json`): the [`Report`] as it is, times in seconds,
//! infinite times as `null`.

use super::Report;

/// Pretty-printed JSON with a trailing newline.
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serializes");
    text.push('\n');
    text
}
