//! JUnit XML for CI test views (GitHub, GitLab, Jenkins): one
//! `<testsuite>` per scenario, one `<testcase>` per target and per
//! regression check, failures carrying the numbers.

use std::fmt::Write;
use std::io;

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
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let errors: usize = suites.iter().map(Suite::errors).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"drsim check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">"
    );
    for s in &suites {
        let _ = s.write(&mut out);
    }
    out.push_str("</testsuites>\n");
    out
}

struct Case {
    name: String,
    /// What went wrong, if anything.
    problem: Option<Problem>,
}

/// A failed or errored test case.
struct Problem {
    kind: ProblemKind,
    /// One line for the CI view.
    message: String,
    /// The numbers behind it.
    detail: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ProblemKind {
    /// A target missed or a regression: `<failure type="drsim">`.
    Failure,
    /// The scenario could not be checked: `<error type="invalid-scenario">`.
    Error,
}

impl ProblemKind {
    fn element(self) -> &'static str {
        match self {
            ProblemKind::Failure => "failure",
            ProblemKind::Error => "error",
        }
    }

    fn type_name(self) -> &'static str {
        match self {
            ProblemKind::Failure => "drsim",
            ProblemKind::Error => "invalid-scenario",
        }
    }
}

impl Case {
    fn is(&self, kind: ProblemKind) -> bool {
        self.problem.as_ref().is_some_and(|p| p.kind == kind)
    }
}

struct Suite {
    name: String,
    file: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

impl Suite {
    fn failures(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.is(ProblemKind::Failure))
            .count()
    }

    fn errors(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.is(ProblemKind::Error))
            .count()
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\" file=\"{}\">",
            xml(&self.name),
            self.cases.len(),
            self.failures(),
            self.errors(),
            xml(&self.file)
        )?;
        if !self.properties.is_empty() {
            writeln!(out, "    <properties>")?;
            for (k, v) in &self.properties {
                writeln!(out, "      <property name=\"{k}\" value=\"{}\"/>", xml(v))?;
            }
            writeln!(out, "    </properties>")?;
        }
        for c in &self.cases {
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                xml(&self.file),
                xml(&c.name)
            );
            match &c.problem {
                None => writeln!(out, "{open}/>")?,
                Some(p) => {
                    writeln!(out, "{open}>")?;
                    writeln!(
                        out,
                        "      <{kind} message=\"{}\" type=\"{}\">{}</{kind}>",
                        xml(&p.message),
                        p.kind.type_name(),
                        xml(&p.detail),
                        kind = p.kind.element(),
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")
    }
}

fn suite(item: &Checked) -> Suite {
    match item {
        Checked::Invalid { file, error } => Suite {
            name: (*file).to_string(),
            file: (*file).to_string(),
            properties: Vec::new(),
            cases: vec![Case {
                name: "scenario is valid".into(),
                problem: Some(Problem {
                    kind: ProblemKind::Error,
                    message: first_line(error),
                    detail: error.clone(),
                }),
            }],
        },
        Checked::Done(report) => report_suite(report),
    }
}

fn report_suite(report: &Report) -> Suite {
    let ScenarioInfo { name, file, .. } = &report.scenario;
    let mut cases = Vec::new();
    if let Some(check) = &report.check {
        cases.extend(check.targets.iter().map(target_case));
        if let Some(b) = &check.baseline {
            cases.extend(b.changes.iter().map(change_case));
        }
    }
    Suite {
        name: name.clone(),
        file: file.clone(),
        properties: vec![
            ("iterations", report.iterations.to_string()),
            ("seed", report.seed.to_string()),
            ("drsim_version", report.drsim_version.clone()),
        ],
        cases,
    }
}

/// "RTO ≤ 2h at p95": a failure with the numbers when missed.
fn target_case(t: &TargetVerdict) -> Case {
    let c = TargetCells::of(t);
    let p = pct_label(t.percentile);
    let problem = (!t.pass).then(|| Problem {
        kind: ProblemKind::Failure,
        message: format!(
            "{p} {} exceeds the target {} ({} of runs meet it)",
            c.value,
            format_secs(t.target),
            c.p_meet
        ),
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
        name: format!("{} at {p}", c.target),
        problem,
    }
}

/// "no regression: rto p95": a failure when it regressed.
fn change_case(c: &ChangeRecord) -> Case {
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
        name: format!("no regression: {}", c.name),
        problem,
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// Escapes text for XML and HTML attributes and content; characters XML
/// 1.0 cannot carry become U+FFFD.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}"
        );
    }

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
        let problem = change_case(&c).problem.expect("a regression fails");
        assert_eq!(
            problem.message,
            "rto p95 rose from 24m45s to never (now never recovered at this percentile)"
        );
    }
}
