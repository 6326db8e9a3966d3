//! Reading a baseline for `check --baseline`: the JSON an earlier `run
//! --json` or `check --json` wrote, one report or an array of them, of
//! this schema version, whose compared figures make sense.
//!
//! In three steps: the bytes, at most [`MAX_BASELINE_BYTES`] from any
//! kind of file ([`crate::input`]); the `schema_version` of every report,
//! before anything else is read (versions differ in what their fields
//! mean: in version 1 `null` meant both "never" and "no runs"), which must
//! be the number 2 — a report of another version is refused with the
//! command that writes a current one; then the reports, typed, and every
//! figure `check` compares validated as data: times are seconds from 0 up
//! or `"never"`, each interval holds its estimate, shares are 0–1. An
//! error names the field by its path in the JSON (`components.db.rto.ci.p95`;
//! `[1].rto.p95` in an array).

use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

use super::model::{Bounds, Metric, Report, SCHEMA_VERSION};
use crate::input::{self, InputError, display_text};

/// Largest baseline drsim reads, in bytes: far above the report of any
/// plan (a report grows with the steps and components of its scenario,
/// which is at most 16 MiB), far below what would strain the machine.
pub const MAX_BASELINE_BYTES: u64 = 256 * 1024 * 1024;

/// How far a share may sit outside its interval through rounding alone
/// (the Wilson bounds are computed in floating point).
const SHARE_ROUNDING: f64 = 1e-9;

/// Why a baseline cannot be used. Every message names the file, with
/// control characters replaced.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// It could not be read, or holds more than [`MAX_BASELINE_BYTES`].
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{file}:{line}:{column}: not JSON: {message}")]
    NotJson {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// `problem` names the report (in an array) and its `schema_version`.
    #[error(
        "{file}: {problem} — regenerate the baseline with this drsim (`drsim run SCENARIO --json {file}`)"
    )]
    Version { file: String, problem: String },
    #[error("{file}: not a drsim report: {message}")]
    NotReport { file: String, message: String },
    /// A compared figure that no report holds: `field` is its JSON path.
    #[error(
        "{file}: {field} {problem} — is this what `drsim run --json` wrote? Regenerate it with `drsim run SCENARIO --json {file}`"
    )]
    Invalid {
        file: String,
        field: String,
        problem: String,
    },
}

/// The reports in the baseline at `path` (`-`: standard input), read with
/// a bound of [`MAX_BASELINE_BYTES`], version-checked and validated.
pub fn read_baseline(path: &Path) -> Result<Vec<Report>, BaselineError> {
    let bytes = input::read_bounded(path, MAX_BASELINE_BYTES, "baseline")?;
    parse_baseline_bytes(&bytes, &input::name(path))
}

/// The reports in a baseline's text; `file` names it in errors.
pub fn parse_baseline(text: &str, file: &str) -> Result<Vec<Report>, BaselineError> {
    parse_baseline_bytes(text.as_bytes(), file)
}

/// A note when `baseline` seems to describe another plan than `report`:
/// its scenario name and its file both differ. The comparison is still
/// made (a plan may be renamed and moved at once); `None` when either
/// matches.
pub fn baseline_mismatch(baseline: &Report, report: &Report) -> Option<String> {
    let (old, new) = (&baseline.scenario, &report.scenario);
    (old.name != new.name && old.file != new.file).then(|| {
        display_text(&format!(
            "the baseline report is of \"{}\" ({}), not of \"{}\" ({}); compared all the same: \
             unless the plan was renamed and moved, give the baseline of this plan",
            old.name, old.file, new.name, new.file
        ))
    })
}

/// Only the version of a report, read before the rest.
#[derive(Deserialize)]
struct Head {
    /// `None` when missing; `Some(Value::Null)` when `null`.
    #[serde(default, deserialize_with = "present")]
    schema_version: Option<Value>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// The reports in `bytes`: one JSON object, or an array of them.
fn parse_baseline_bytes(bytes: &[u8], file: &str) -> Result<Vec<Report>, BaselineError> {
    let file = display_text(file);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let many = match first {
        None => {
            return Err(BaselineError::NotReport {
                file,
                message: "the file is empty; give the JSON that `drsim run SCENARIO --json FILE` \
                          writes"
                    .to_string(),
            });
        }
        Some(b'[') => true,
        Some(_) => false,
    };
    let shape = "a baseline is one report (a JSON object) or an array of them, as `drsim run \
                 --json` writes";
    let heads: Vec<Head> = from_json(bytes, many, &file, Some(shape))?;
    for (index, head) in heads.iter().enumerate() {
        if let Some(problem) = version_problem(head.schema_version.as_ref()) {
            return Err(BaselineError::Version {
                problem: format!("{}{problem}", which(many, index, " ")),
                file,
            });
        }
    }
    let reports: Vec<Report> = from_json(bytes, many, &file, None)?;
    for (index, report) in reports.iter().enumerate() {
        validate(report).map_err(|fault| BaselineError::Invalid {
            file: file.clone(),
            field: display_text(&format!("{}{}", which(many, index, "."), fault.field)),
            problem: display_text(&fault.problem),
        })?;
    }
    Ok(reports)
}

/// `[index]` and `then` for a report in an array, nothing for one alone.
fn which(many: bool, index: usize, then: &str) -> String {
    if many {
        format!("[{index}]{then}")
    } else {
        String::new()
    }
}

/// One `T` or an array of them, as a list; errors located. A `T` of
/// the wrong JSON type is explained as `shape` when given.
fn from_json<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
    many: bool,
    file: &str,
    shape: Option<&str>,
) -> Result<Vec<T>, BaselineError> {
    let parsed = if many {
        serde_json::from_slice::<Vec<T>>(bytes)
    } else {
        serde_json::from_slice::<T>(bytes).map(|one| vec![one])
    };
    parsed.map_err(|e| match e.classify() {
        serde_json::error::Category::Data => BaselineError::NotReport {
            file: file.to_string(),
            message: display_text(&match shape {
                Some(shape) => format!("{shape} (line {}, column {})", e.line(), e.column()),
                None => e.to_string(),
            }),
        },
        _ => BaselineError::NotJson {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: display_text(&e.to_string()),
        },
    })
}

/// What is wrong with a `schema_version`, if anything.
fn version_problem(version: Option<&Value>) -> Option<String> {
    let must = format!("it must be the number {SCHEMA_VERSION}");
    let found = match version {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => return None,
        Some(Value::Number(n)) => {
            return Some(format!("schema_version {n} is not {SCHEMA_VERSION}"));
        }
        None => "missing".to_string(),
        Some(Value::String(s)) => format!("the string {s:?}"),
        Some(Value::Null) => "null".to_string(),
        Some(Value::Bool(b)) => format!("{b}, a boolean"),
        Some(Value::Array(_)) => "an array".to_string(),
        Some(Value::Object(_)) => "an object".to_string(),
    };
    Some(format!("schema_version is {found}; {must}"))
}

/// A figure that no report holds: where, and what is wrong.
struct Fault {
    field: String,
    problem: String,
}

fn fault(field: impl Into<String>, problem: impl Into<String>) -> Fault {
    Fault {
        field: field.into(),
        problem: problem.into(),
    }
}

/// Every figure `check` reads from a baseline: the run count, the RTO
/// and RPO of the scenario and of each component, and step criticality.
fn validate(report: &Report) -> Result<(), Fault> {
    if report.iterations == 0 {
        return Err(fault("iterations", "is 0; a report has at least one run"));
    }
    check_metric("rto", &report.rto)?;
    check_metric("rpo", &report.rpo)?;
    for (id, c) in &report.components.0 {
        check_metric(&format!("components.{id}.rto"), &c.rto)?;
        check_metric(&format!("components.{id}.rpo"), &c.rpo)?;
    }
    for (id, s) in &report.steps.0 {
        check_share(&format!("steps.{id}.criticality"), s.criticality)?;
    }
    Ok(())
}

/// The compared percentiles with their intervals, the target, and the
/// share meeting it with its interval.
fn check_metric(path: &str, m: &Metric) -> Result<(), Fault> {
    for (name, value, ci) in [
        ("p50", m.p50, m.ci.p50),
        ("p95", m.p95, m.ci.p95),
        ("p99", m.p99, m.ci.p99),
    ] {
        check_estimate(path, name, value, ci)?;
    }
    if let Some(target) = m.target
        && !(target.is_finite() && target >= 0.0)
    {
        return Err(fault(
            format!("{path}.target"),
            format!(
                "is {}; a target is a finite number of seconds, at least 0",
                shown(target)
            ),
        ));
    }
    let Some(p_meet) = m.p_meet else {
        return match m.target {
            Some(_) => Err(fault(
                format!("{path}.p_meet"),
                "is null, but the metric has a target; it is the share of runs meeting it (0–1)",
            )),
            None => Ok(()),
        };
    };
    let share = |name: &str, value: Option<f64>| {
        let field = format!("{path}.{name}");
        let value = value.ok_or_else(|| {
            fault(
                &field,
                "is missing; a share meeting a target comes with its 95 % interval",
            )
        })?;
        check_share(&field, value).map(|()| value)
    };
    let p_meet = share("p_meet", Some(p_meet))?;
    let low = share("p_meet_low", m.p_meet_low)?;
    let high = share("p_meet_high", m.p_meet_high)?;
    if !(low - SHARE_ROUNDING <= p_meet && p_meet <= high + SHARE_ROUNDING) {
        return Err(fault(
            format!("{path}.p_meet_low…p_meet_high"),
            format!(
                "[{low}, {high}] does not contain {path}.p_meet = {p_meet}; a 95 % interval \
                 holds its estimate (low ≤ value ≤ high)"
            ),
        ));
    }
    Ok(())
}

/// A percentile `name` of the metric at `path`, and its interval.
fn check_estimate(path: &str, name: &str, value: f64, ci: Bounds) -> Result<(), Fault> {
    check_time(&format!("{path}.{name}"), value)?;
    check_time(&format!("{path}.ci.{name}.low"), ci.low)?;
    check_time(&format!("{path}.ci.{name}.high"), ci.high)?;
    if ci.low <= value && value <= ci.high {
        return Ok(());
    }
    Err(fault(
        format!("{path}.ci.{name}"),
        format!(
            "[{}, {}] does not contain {path}.{name} = {}; a 95 % interval holds its estimate \
             (low ≤ value ≤ high)",
            shown(ci.low),
            shown(ci.high),
            shown(value)
        ),
    ))
}

/// Seconds from 0 up, or never.
fn check_time(field: &str, secs: f64) -> Result<(), Fault> {
    if secs >= 0.0 {
        return Ok(());
    }
    Err(fault(
        field,
        format!(
            "is {}; a time is seconds from 0 up, or \"never\"",
            shown(secs)
        ),
    ))
}

/// A share from 0 to 1.
fn check_share(field: &str, share: f64) -> Result<(), Fault> {
    if (0.0..=1.0).contains(&share) {
        return Ok(());
    }
    Err(fault(
        field,
        format!("is {}; a share is from 0 to 1", shown(share)),
    ))
}

/// A number as the JSON writes it.
fn shown(value: f64) -> String {
    if value.is_nan() {
        "null".to_string()
    } else if value == f64::INFINITY {
        "\"never\"".to_string()
    } else {
        format!("{value}")
    }
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
    fn a_version_that_is_not_a_number_says_what_it_is() {
        let cases = [
            (
                r#"{"schema_version": "2"}"#,
                r#"schema_version is the string "2"; it must be the number 2"#,
            ),
            ("{}", "schema_version is missing; it must be the number 2"),
            (
                r#"[{"schema_version": 2}, {"schema_version": null}]"#,
                "[1] schema_version is null",
            ),
        ];
        for (text, expected) in cases {
            let message = parse_baseline(text, "b.json").unwrap_err().to_string();
            assert!(
                message.starts_with(&format!("b.json: {expected}")),
                "{message}"
            );
        }
    }

    #[test]
    fn text_that_is_not_json_is_located() {
        let err = parse_baseline("{\n  oops", "b.json").unwrap_err();
        assert!(err.to_string().starts_with("b.json:2:"), "{err}");
    }

    #[test]
    fn json_that_is_not_a_report_says_what_a_baseline_is() {
        for text in ["42", "[1]", "\"x\"", "  "] {
            let err = parse_baseline(text, "b.json").unwrap_err();
            assert!(
                matches!(err, BaselineError::NotReport { .. }),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn control_characters_in_messages_are_replaced() {
        let err = parse_baseline(r#"{"schema_version": "\u001b[31m"}"#, "b\u{7}.json").unwrap_err();
        let message = err.to_string();
        assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
        assert!(message.starts_with("b\u{FFFD}.json: "), "{message}");
    }

    #[test]
    fn shares_may_miss_their_interval_by_rounding_only() {
        let mut m = metric();
        m.p_meet = Some(1.0);
        m.p_meet_high = Some(1.0 - 2e-16);
        assert!(check_metric("rto", &m).is_ok());
        m.p_meet_high = Some(0.99);
        let fault = check_metric("rto", &m).unwrap_err();
        assert_eq!(fault.field, "rto.p_meet_low…p_meet_high");
    }

    #[test]
    fn a_percentile_outside_its_interval_is_named_by_path() {
        let mut m = metric();
        m.ci.p95 = Bounds {
            low: 700.0,
            high: 800.0,
        };
        let fault = check_metric("components.db.rto", &m).unwrap_err();
        assert_eq!(fault.field, "components.db.rto.ci.p95");
        assert!(
            fault
                .problem
                .starts_with("[700, 800] does not contain components.db.rto.p95 = 600"),
            "{}",
            fault.problem
        );
        m.ci.p95 = Bounds {
            low: 500.0,
            high: f64::INFINITY,
        };
        m.p99 = -1.0;
        assert_eq!(check_metric("rto", &m).unwrap_err().field, "rto.p99");
    }

    /// A metric of 10-minute percentiles with a met target.
    fn metric() -> Metric {
        let ci = Bounds {
            low: 500.0,
            high: 700.0,
        };
        Metric {
            mean: 600.0,
            mean_recovered: 600.0,
            never: 0.0,
            p50: 600.0,
            p90: 600.0,
            p95: 600.0,
            p99: 600.0,
            max: 600.0,
            target: Some(3600.0),
            percentile: 95.0,
            at_percentile: 600.0,
            at_percentile_low: 500.0,
            at_percentile_high: 700.0,
            p_meet: Some(0.97),
            p_meet_low: Some(0.96),
            p_meet_high: Some(0.98),
            pass: Some(true),
            from: None,
            ci: super::super::model::PercentileIntervals {
                p50: ci,
                p90: ci,
                p95: ci,
                p99: ci,
            },
        }
    }
}
