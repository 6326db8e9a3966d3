//! `drsim compare --junit`: one `<testsuite name="compare">`, one
//! `<testcase>` per plan after the first ("2. B vs 1. A"), failing exactly
//! when that plan is worse than the first beyond noise — when
//! `--fail-if-worse` exits 1 — with the paired differences and their
//! intervals in the failure.
//!
//! Missed targets are not failures here: a plan can miss a target and
//! still be the better choice, and `check --junit` is the test of targets.
//! They are listed in `<system-out>`, each plan's in its case and the
//! first plan's in the suite's, so the CI view shows them beside the
//! verdict.

use std::io;

use super::Exporter;
use super::compare_cells::{diff_parts, verdict_words};
use super::junit::missed_target;
use super::junit_xml::{self, Case, Problem, ProblemKind, Property, Suite};
use crate::format::percent;
use crate::report::compare::{CompareEntry, CompareReport, plan_label};

/// The JUnit document of one comparison.
pub struct CompareJUnit<'a>(pub &'a CompareReport);

impl Exporter for CompareJUnit<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(document(self.0).as_bytes())
    }
}

fn document(c: &CompareReport) -> String {
    let Some(first) = c.entries.first() else {
        return junit_xml::document("drsim compare", &[]);
    };
    let reference = plan_label(0, &first.name);
    let property = |name, value| Property { name, value };
    let suite = Suite {
        name: "compare".into(),
        file: first.file.clone(),
        properties: vec![
            property("iterations", c.iterations.to_string()),
            property("seed", c.seed.to_string()),
            property("noise", percent(c.noise)),
            property("reference", format!("{reference} ({})", first.file)),
        ],
        cases: c
            .entries
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(k, e)| case(c, &reference, k, e))
            .collect(),
        output: Some(format!(
            "The reference, {reference}, {}.",
            targets_summary(first)
        )),
    };
    junit_xml::document("drsim compare", &[suite])
}

/// "2. B vs 1. A": failing when B is worse than A beyond noise.
fn case(c: &CompareReport, reference: &str, index: usize, e: &CompareEntry) -> Option<Case> {
    let d = e.diff.as_ref()?;
    let label = plan_label(index, &e.name);
    let differences = format!(
        "{} (paired, 95 % intervals; noise {})",
        diff_parts(d).join("; "),
        percent(c.noise)
    );
    let problem = e.is_worse().then(|| Problem {
        kind: ProblemKind::Failure,
        message: format!(
            "{label} is worse than {reference} beyond the {} noise",
            percent(c.noise)
        ),
        detail: differences.clone(),
    });
    Some(Case {
        classname: e.file.clone(),
        name: format!("{label} vs {reference}"),
        problem,
        output: Some(format!(
            "{}: {differences}\nThis plan {}.",
            verdict_words(d.verdict),
            targets_summary(e)
        )),
    })
}

/// "misses 1 of 3 targets: RTO: p95 2d04h exceeds the target 2d (92.6 %
/// of runs meet it)", or that it meets them all.
fn targets_summary(e: &CompareEntry) -> String {
    let missed: Vec<String> = e
        .targets
        .iter()
        .filter_map(|t| missed_target(t).map(|why| format!("{}: {why}", t.target_of.label())))
        .collect();
    match (e.targets.len(), missed.len()) {
        (0, _) => "states no targets".to_string(),
        (n, 0) => format!("meets all {n} of its targets"),
        (n, m) => format!("misses {m} of {n} targets: {}", missed.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_plans_is_an_empty_document() {
        let c = CompareReport {
            schema_version: 2,
            iterations: 0,
            seed: 0,
            noise: 0.02,
            entries: Vec::new(),
        };
        let doc = CompareJUnit(&c).render();
        assert!(doc.contains("tests=\"0\" failures=\"0\""), "{doc}");
    }
}
