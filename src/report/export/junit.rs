//! JUnit XML for CI test views (GitHub, GitLab, Jenkins): one
//! `<testsuite>` per scenario, one `<testcase>` per target and per
//! regression check, failures carrying the numbers.

use std::io;

use super::junit_xml::{self, Case, Problem, ProblemKind, Property, Suite};
use super::{Exporter, TargetCells};
use crate::format::{format_secs, pct_label, percent, signed_percent};
use crate::report::{ChangeKind, ChangeRecord, Report, ScenarioInfo, TargetVerdict};
use crate::stats::Verdict;

/// A checked scenario, or one that could not be checked.
pub enum Checked<'a> {
    Done(&'a Report),
    /// The file and the error that stopped it.
    Invalid {
        file: &'a str,
        error: String,
    },
}

/// The JUnit document for all scenarios of one `check`.
pub struct JUnit<'a>(pub &'a [Checked<'a>]);

impl Exporter for JUnit<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(document(self.0).as_bytes())
    }
}

fn document(items: &[Checked]) -> String {
    let suites: Vec<Suite> = items.iter().map(suite).collect();
    junit_xml::document("drsim check", &suites)
}

fn suite(item: &Checked) -> Suite {
    match item {
        Checked::Invalid { file, error } => Suite {
            name: (*file).to_string(),
            file: (*file).to_string(),
            properties: Vec::new(),
            cases: vec![Case {
                classname: (*file).to_string(),
                name: "scenario is valid".into(),
                problem: Some(Problem {
                    kind: ProblemKind::Error,
                    message: first_line(error),
                    detail: error.clone(),
                }),
                output: None,
            }],
            output: None,
        },
        Checked::Done(report) => report_suite(report),
    }
}

fn report_suite(report: &Report) -> Suite {
    let ScenarioInfo { name, file, .. } = &report.scenario;
    let mut cases = Vec::new();
    if let Some(check) = &report.check {
        cases.extend(check.targets.iter().map(|t| target_case(file, t)));
        if let Some(b) = &check.baseline {
            cases.extend(b.changes.iter().map(|c| change_case(file, c)));
        }
    }
    Suite {
        name: name.clone(),
        file: file.clone(),
        properties: vec![
            Property {
                name: "iterations",
                value: report.iterations.to_string(),
            },
            Property {
                name: "seed",
                value: report.seed.to_string(),
            },
            Property {
                name: "drsim_version",
                value: report.drsim_version.clone(),
            },
        ],
        cases,
        output: None,
    }
}

/// "RTO ≤ 2h at p95": a failure with the numbers when missed.
fn target_case(file: &str, t: &TargetVerdict) -> Case {
    let c = TargetCells::of(t);
    let p = pct_label(t.percentile);
    let problem = missed_target(t).map(|message| Problem {
        kind: ProblemKind::Failure,
        message,
        detail: format!(
            "{p} {} (95 % CI {}–{}); {} of runs meet the target (95 % CI {}–{}){}",
            c.value,
            c.value_low,
            c.value_high,
            c.p_meet,
            c.p_meet_low,
            c.p_meet_high,
            if t.marginal { "; marginal" } else { "" }
        ),
    });
    Case {
        classname: file.to_string(),
        name: format!("{} at {p}", c.target),
        problem,
        output: None,
    }
}

/// "p95 3h06m exceeds the target 2h (75.8 % of runs meet it)" when the
/// target is missed.
pub(super) fn missed_target(t: &TargetVerdict) -> Option<String> {
    (!t.pass).then(|| {
        format!(
            "{} {} exceeds the target {} ({} of runs meet it)",
            pct_label(t.percentile),
            format_secs(t.value),
            format_secs(t.target),
            percent(t.p_meet)
        )
    })
}

/// "no regression: rto p95": a failure when it regressed.
fn change_case(file: &str, c: &ChangeRecord) -> Case {
    let problem = (c.verdict == Verdict::Regressed).then(|| {
        let message = match c.kind {
            ChangeKind::Share => format!(
                "{} fell from {} to {}",
                c.name,
                percent(c.old),
                percent(c.new)
            ),
            ChangeKind::Time => {
                let by = match c.change {
                    Some(change) => signed_percent(change),
                    None if c.new.is_infinite() => "now never recovered at this percentile".into(),
                    None => "was never recovered at this percentile".into(),
                };
                format!(
                    "{} rose from {} to {} ({by})",
                    c.name,
                    format_secs(c.old),
                    format_secs(c.new)
                )
            }
        };
        Problem {
            kind: ProblemKind::Failure,
            message: message.clone(),
            detail: message,
        }
    });
    Case {
        classname: file.to_string(),
        name: format!("no regression: {}", c.name),
        problem,
        output: None,
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_scenario_is_an_error_case() {
        let doc = JUnit(&[Checked::Invalid {
            file: "bad.toml",
            error: "bad.toml:3:1: oops\nmore".into(),
        }])
        .render();
        assert!(
            doc.contains("tests=\"1\" failures=\"0\" errors=\"1\""),
            "{doc}"
        );
        assert!(
            doc.contains("<error message=\"bad.toml:3:1: oops\" type=\"invalid-scenario\">"),
            "{doc}"
        );
    }

    #[test]
    fn a_regression_to_never_says_now_never_recovered() {
        let c = ChangeRecord {
            name: "rto p95".to_string(),
            kind: ChangeKind::Time,
            old: 1485.0,
            new: f64::INFINITY,
            change: None,
            change_low: None,
            change_high: None,
            verdict: Verdict::Regressed,
        };
        let problem = change_case("a.toml", &c)
            .problem
            .expect("a regression fails");
        assert_eq!(
            problem.message,
            "rto p95 rose from 24m45s to never (now never recovered at this percentile)"
        );
    }
}
