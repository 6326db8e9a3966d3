//! toml's messages, located and explained: where toml only names a
//! problem (`duplicate key`, `invalid type: map, expected a sequence`,
//! `recursion limit` without a place), the message says what is wrong in
//! scenario terms — `[steps]` where `[[steps]]` belongs, the line a key
//! was first given, the key too deep to read — and what to write instead.

use std::ops::Range;

use super::ScenarioError;
use super::error::char_floor;

/// How deep the TOML reader (the `toml` crate) nests dotted keys, arrays
/// and inline tables; beyond it, it stops with a short message (for a
/// dotted key, without a place).
const TOML_DEPTH_LIMIT: usize = 80;

/// What a scenario's deepest key and value look like, for messages.
const DEEPEST_KEY: &str = "`components.<id>.data.<source>.lag.dist` (6 parts)";
const DEEPEST_VALUE: &str =
    "`risks = [{ delay = { dist = \"empirical\", samples = [\"5m\"] } }]` (4 levels)";

/// toml's error, located, in one line that says what to write where toml
/// only names the problem.
pub fn from_toml(file: &str, source: &str, e: &toml::de::Error) -> ScenarioError {
    from_parts(file, source, e.span(), e.message())
}

/// [`from_toml`] of a message and its span in `source`.
pub fn from_parts(
    file: &str,
    source: &str,
    span: Option<Range<usize>>,
    message: &str,
) -> ScenarioError {
    let message = tidy(message);
    match span {
        Some(span) => {
            let message = explain(source, span.clone(), message);
            ScenarioError::at(file, source, span, message)
        }
        None if message == "recursion limit" => deep_key(file, source),
        None => ScenarioError::whole_file(file, message),
    }
}

/// toml's messages end with a newline; ours are one line, and say how to
/// fix what toml only names.
fn tidy(message: &str) -> String {
    let message = message.trim().replace('\n', "; ");
    if message.contains("as i128, expected i64") || message.contains("as u64, expected i64") {
        return format!(
            "{message}: the number is too large; use a whole number below 9223372036854775808"
        );
    }
    message
}

/// toml's `message` about the text at `span`, with what to write instead
/// when the line shows what went wrong: a table header written with the
/// wrong number of brackets, a key given twice, nesting beyond the limit.
fn explain(source: &str, span: Range<usize>, message: String) -> String {
    let at = char_floor(source, span.start);
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[line_start..line_end];
    let before = &source[..line_start];
    if line.trim_start().starts_with("[[[") {
        return "a table header has one bracket (`[components.db]`) or two (`[[steps]]`), \
                not three or more"
            .to_string();
    }
    if message.starts_with("cannot recurse further") {
        return format!(
            "arrays and inline tables nest more than {TOML_DEPTH_LIMIT} deep here, more than \
             the TOML reader takes; scenario values nest at most as deep as {DEEPEST_VALUE}: \
             look for an unclosed or repeated `[` or `{{`"
        );
    }
    if let Some(c) = source[at..].chars().next().filter(|c| c.is_control())
        && message.starts_with("invalid")
        && message.contains("string")
    {
        return format!(
            "{message}: a control character (U+{:04X}) cannot stand in a string as it is; \
             write it as \\u{:04X}, or remove it",
            u32::from(c),
            u32::from(c)
        );
    }
    let span_end = char_floor(source, span.end.clamp(at, line_end));
    let Some(header) = Header::parse(line) else {
        if message == "duplicate key" {
            return duplicate_key(before, source[at..span_end].trim());
        }
        return message;
    };
    // The key of the header the error is about: all of it, or a table it
    // passes through (`steps` of `[[steps.after]]`).
    let up_to_span = &source[line_start..span_end];
    let key = key_path(up_to_span);
    if up_to_span.ends_with(']') || key == header.path {
        return explain_header(before, &header, message);
    }
    if message.starts_with("invalid type: map, expected a sequence") {
        return format!(
            "`{}` makes `{key}` a single table, but `{key}` is a list: {}",
            line.trim(),
            how_to_write(&key)
        );
    }
    if message == "duplicate key" {
        return format!(
            "duplicate key: `{key}` is already defined above (by a key, a dotted key or an \
             inline table): define it once"
        );
    }
    message
}

/// toml's `message` about the header `h` as a whole.
fn explain_header(before: &str, h: &Header, message: String) -> String {
    let p = &h.path;
    if message == "duplicate key" {
        duplicate_header(before, h)
    } else if !h.array && message.starts_with("invalid type: map, expected a sequence") {
        format!(
            "`[{p}]` opens a single table, but `{p}` is a list: {}",
            how_to_write(p)
        )
    } else if h.array && message.starts_with("invalid type:") {
        format!(
            "`[[{p}]]` starts an entry of an array of tables, but `{p}` is not an array of \
             tables: {}",
            how_to_write(p)
        )
    } else {
        message
    }
}

/// A table header, `[a.b]` or `[[a.b]]`, with its key path as written
/// (spaces around the dots dropped).
struct Header {
    path: String,
    array: bool,
}

impl Header {
    fn parse(line: &str) -> Option<Header> {
        let line = line.trim_start();
        let (array, rest) = match line.strip_prefix("[[") {
            Some(rest) => (true, rest),
            None => (false, line.strip_prefix('[')?),
        };
        let end = rest.find(if array { "]]" } else { "]" })?;
        Some(Header {
            path: key_path(&rest[..end]),
            array,
        })
    }
}

/// The key path of a header's text, `[` left out and spaces around the
/// dots dropped: `[[ steps . risks` → `steps.risks`.
fn key_path(text: &str) -> String {
    let parts: Vec<&str> = text
        .trim_start()
        .trim_start_matches('[')
        .split('.')
        .map(str::trim)
        .collect();
    parts.join(".")
}

/// The last part of a key path: `steps` of `steps`, `risks` of `steps.risks`.
fn last_part(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Whether the scenario format makes `path` an array of tables.
fn is_array_of_tables(path: &str) -> bool {
    matches!(last_part(path), "steps" | "risks")
}

/// How the scenario format wants `path` written.
fn how_to_write(path: &str) -> String {
    match last_part(path) {
        "steps" | "risks" => {
            format!("write `[[{path}]]` (two brackets) at the start of each entry")
        }
        "components" => {
            "write `[components.<id>]` for each component (e.g. `[components.db]`)".to_string()
        }
        "roles" => "write `[roles]` once, with one line per role (e.g. `dba = 1`)".to_string(),
        "data" => format!(
            "write `[{path}.<source>]` for each data source (e.g. `[components.db.data.backup]`)"
        ),
        list @ ("after" | "recovers" | "depends_on" | "samples" | "values" | "weights") => {
            format!("write `{list} = [...]` in its table")
        }
        _ => format!("write `[{path}]` (one bracket)"),
    }
}

/// A table header toml found given twice: where it was first, and which
/// of the two to change. `before` is the text up to the header's line.
fn duplicate_header(before: &str, h: &Header) -> String {
    let p = &h.path;
    let lines: Vec<&str> = before.lines().collect();
    for (index, line) in lines.iter().enumerate().rev() {
        let Some(other) = Header::parse(line) else {
            continue;
        };
        let n = index + 1;
        if other.path == *p {
            let array = is_array_of_tables(p);
            return match (other.array, h.array) {
                (false, true) if array => format!(
                    "duplicate key: `[[{p}]]` starts an entry of an array of tables, but `[{p}]` \
                     at line {n} made `{p}` a single table: write `[[{p}]]` at line {n} too \
                     (two brackets start each entry)"
                ),
                (false, true) => format!(
                    "duplicate key: `[{p}]` at line {n} already opened `{p}`, a single table: \
                     put these keys under it and drop `[[{p}]]`"
                ),
                (true, false) if array => format!(
                    "duplicate key: `[{p}]` opens a single table, but `[[{p}]]` at line {n} \
                     made `{p}` an array of tables: write `[[{p}]]` to start another entry"
                ),
                (true, false) => format!(
                    "duplicate key: `{p}` is a single table: write `[{p}]` (one bracket) at \
                     line {n}, and only there"
                ),
                _ => format!(
                    "duplicate key: `[{p}]` is already opened at line {n}: write its keys \
                     under one `[{p}]`"
                ),
            };
        }
        // An earlier entry of an enclosing array of tables is another entry.
        if other.array && p.starts_with(&format!("{}.", other.path)) {
            break;
        }
    }
    format!(
        "duplicate key: `{p}` is already defined above (by a dotted key or an inline table): \
         define it once"
    )
}

/// A key toml found given twice in one table: where it was first set.
fn duplicate_key(before: &str, key: &str) -> String {
    let lines: Vec<&str> = before.lines().collect();
    for (index, line) in lines.iter().enumerate().rev() {
        if Header::parse(line).is_some() {
            break;
        }
        let set = line.split('=').next().map(str::trim);
        if set == Some(key) {
            return format!(
                "duplicate key: `{key}` is already set at line {} of this table: keep one of them",
                index + 1
            );
        }
    }
    format!("duplicate key: `{key}` is already set in this table: keep one of them")
}

/// toml stops at a dotted key of more than [`TOML_DEPTH_LIMIT`] parts
/// without saying where: find it.
fn deep_key(file: &str, source: &str) -> ScenarioError {
    let what = format!(
        "more than the {TOML_DEPTH_LIMIT} the TOML reader takes; scenario keys have at most as \
         many as {DEEPEST_KEY}: write the key as docs/spec.md §1 describes"
    );
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let key = key_text(line);
        let parts = dotted_parts(key);
        if parts > TOML_DEPTH_LIMIT {
            let start = offset + (key.as_ptr() as usize - line.as_ptr() as usize);
            let message = format!("this key has {parts} dotted parts, {what}");
            return ScenarioError::at(file, source, start..start + key.len(), message);
        }
        offset += line.len();
    }
    ScenarioError::whole_file(file, format!("a key has too many dotted parts, {what}"))
}

/// The key of a line: a header's path, or what comes before `=`.
fn key_text(line: &str) -> &str {
    let line = line.trim_start().trim_start_matches('[');
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '=' | ']') => return line[..i].trim_end(),
            _ => {}
        }
    }
    line.trim_end()
}

/// Parts of a dotted key (dots in quotes do not separate).
fn dotted_parts(key: &str) -> usize {
    let mut quote = None;
    let mut parts = 1;
    for c in key.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '.') => parts += 1,
            _ => {}
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message `scenario::parse` gives for `text`.
    fn message(text: &str) -> String {
        super::super::parse(text, "t.toml").unwrap_err().message
    }

    #[test]
    fn a_table_of_an_earlier_entry_is_not_the_one_given_twice() {
        let text = "[scenario]\nname = \"t\"\n[[steps]]\nid = \"a\"\n[steps.failure]\n\
                    probability = 0.1\n[[steps]]\nid = \"b\"\n[steps.failure]\nprobability = 0.1\n\
                    [steps.failure]\n";
        assert_eq!(
            message(text),
            "duplicate key: `[steps.failure]` is already opened at line 9: write its keys under \
             one `[steps.failure]`"
        );
    }

    #[test]
    fn a_table_a_header_passes_through_is_named() {
        let text = "[scenario]\nname = \"t\"\n[[steps.after]]\n";
        assert_eq!(
            message(text),
            "`[[steps.after]]` makes `steps` a single table, but `steps` is a list: write \
             `[[steps]]` (two brackets) at the start of each entry"
        );
    }

    #[test]
    fn a_raw_control_character_in_a_string_says_how_to_write_it() {
        let text = "[scenario]\nname = \"a\u{7}b\"\n";
        assert!(
            message(text).ends_with(
                "a control character (U+0007) cannot stand in a string as \
                 it is; write it as \\u0007, or remove it"
            ),
            "{}",
            message(text)
        );
    }

    #[test]
    fn dotted_keys_are_counted_outside_quotes() {
        assert_eq!(dotted_parts("a.b . c"), 3);
        assert_eq!(dotted_parts("\"a.b\".c"), 2);
        assert_eq!(key_text("  a.\"=\".b = 1\n"), "a.\"=\".b");
        assert_eq!(key_text("[[ steps . risks ]]\n"), " steps . risks");
        assert_eq!(key_path("[[ steps . risks"), "steps.risks");
    }
}
