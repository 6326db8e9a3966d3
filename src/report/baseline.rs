//! Reading a baseline for `check --baseline`: the JSON an earlier `run
//! --json` or `check --json` wrote, one report or an array of them, of
//! this schema version. A report of another version is refused with the
//! command that writes a current one: versions differ in what their
//! fields mean (in version 1 `null` meant both "never" and "no runs").

use super::model::{Report, SCHEMA_VERSION};

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{file}:{line}:{column}: not JSON: {message}")]
    NotJson {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{file}: schema_version {found} is not {SCHEMA_VERSION}: regenerate the baseline with this drsim (`drsim run SCENARIO --json {file}`)"
    )]
    Version { file: String, found: String },
    #[error("{file}: not a drsim report: {message}")]
    NotReport { file: String, message: String },
}

/// The reports in a baseline's text; `file` names it in errors.
pub fn parse_baseline(text: &str, file: &str) -> Result<Vec<Report>, BaselineError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| BaselineError::NotJson {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    items
        .into_iter()
        .map(|item| {
            let version = item
                .get("schema_version")
                .and_then(serde_json::Value::as_u64);
            if version != Some(u64::from(SCHEMA_VERSION)) {
                return Err(BaselineError::Version {
                    file: file.to_string(),
                    found: version.map_or("missing".to_string(), |v| v.to_string()),
                });
            }
            serde_json::from_value::<Report>(item).map_err(|e| BaselineError::NotReport {
                file: file.to_string(),
                message: e.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_baseline_is_refused_with_the_command_that_regenerates_it() {
        let err = parse_baseline(r#"{"schema_version": 1}"#, "main.json").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("schema_version 1 is not 2"), "{message}");
        assert!(
            message.contains("drsim run SCENARIO --json main.json"),
            "{message}"
        );
    }

    #[test]
    fn text_that_is_not_json_is_located() {
        let err = parse_baseline("{\n  oops", "b.json").unwrap_err();
        assert!(err.to_string().starts_with("b.json:2:"), "{err}");
    }
}
