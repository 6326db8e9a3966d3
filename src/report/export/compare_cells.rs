//! A comparison's numbers formatted once for every format that shows it
//! (the text, the JUnit XML, the HTML page): signed differences with their
//! intervals, verdicts in words, the statistics and the targets of all
//! plans as rows.

use std::fmt;

use crate::format::{format_secs, pct_label, percent};
use crate::report::TargetVerdict;
use crate::report::compare::{
    COMPARE_PERCENTILE, CompareEntry, CompareReport, Difference, EntryDiff,
};
use crate::stats::Verdict;

/// A difference and its 95 % interval, signed: "+12m30s" from "+9m" to
/// "+16m"; "+3.1 points" from "+2.5" to "+3.7" for a share. Displayed as
/// "+12m30s [+9m to +16m]".
pub struct DiffCell {
    pub estimate: String,
    pub low: String,
    pub high: String,
}

impl DiffCell {
    /// A difference of times (seconds).
    pub fn time(d: &Difference) -> DiffCell {
        DiffCell {
            estimate: signed_secs(d.estimate),
            low: signed_secs(d.ci[0].0),
            high: signed_secs(d.ci[1].0),
        }
    }

    /// A difference of shares (0–1), in percentage points.
    pub fn share(d: &Difference) -> DiffCell {
        let points = |share: f64| format!("{:+.1}", share * 100.0);
        DiffCell {
            estimate: format!("{} points", points(d.estimate)),
            low: points(d.ci[0].0),
            high: points(d.ci[1].0),
        }
    }
}

impl fmt::Display for DiffCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{} to {}]", self.estimate, self.low, self.high)
    }
}

/// "+12m30s", "-3m", "+never"; "–" when undefined.
fn signed_secs(secs: f64) -> String {
    if secs.is_nan() {
        "–".to_string()
    } else if secs < 0.0 {
        format!("-{}", format_secs(-secs))
    } else {
        format!("+{}", format_secs(secs))
    }
}

/// The differences of one plan against the first, each named:
/// "RTO p95 +12m [+9m to +16m]", "RPO p95 …", "meets the RTO target …".
pub fn diff_parts(d: &EntryDiff) -> Vec<String> {
    let p = pct_label(COMPARE_PERCENTILE);
    let mut parts = vec![
        format!("RTO {p} {}", DiffCell::time(&d.rto_p95)),
        format!("RPO {p} {}", DiffCell::time(&d.rpo_p95)),
    ];
    if let Some(m) = &d.p_meet_rto {
        parts.push(format!("meets the RTO target {}", DiffCell::share(m)));
    }
    parts
}

/// The verdict in words: "worse beyond noise", "better beyond noise",
/// "no difference beyond noise".
pub fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Regressed => "worse beyond noise",
        Verdict::Improved => "better beyond noise",
        Verdict::Unchanged => "no difference beyond noise",
    }
}

/// A statistic of every plan, formatted: "RTO p95", one cell per plan.
pub struct StatRow {
    pub label: &'static str,
    pub cells: Vec<String>,
}

/// The statistics shown side by side: p50/p95/p99 of RTO and RPO, the
/// p95 makespan and the share of runs with a component never recovered.
pub fn stat_rows(c: &CompareReport) -> Vec<StatRow> {
    let row = |label, cell: &dyn Fn(&CompareEntry) -> String| StatRow {
        label,
        cells: c.entries.iter().map(cell).collect(),
    };
    vec![
        row("RTO p50", &|e| format_secs(e.rto.p50)),
        row("RTO p95", &|e| format_secs(e.rto.p95)),
        row("RTO p99", &|e| format_secs(e.rto.p99)),
        row("RPO p50", &|e| format_secs(e.rpo.p50)),
        row("RPO p95", &|e| format_secs(e.rpo.p95)),
        row("RPO p99", &|e| format_secs(e.rpo.p99)),
        row("Makespan p95", &|e| format_secs(e.makespan.p95)),
        row("Unrecovered", &|e| percent(e.unrecovered)),
    ]
}

/// A target some plan states, and each plan's verdict on it.
pub struct TargetRow<'a> {
    /// "Meets RTO ≤ 2d (p95)", as the first plan stating it has it.
    pub label: String,
    /// One per plan: `None` where the plan states no such target.
    pub cells: Vec<Option<&'a TargetVerdict>>,
}

/// A row per target (by what it judges: the RTO, a component's RPO, …)
/// that any plan states, in order of first appearance.
pub fn target_rows(c: &CompareReport) -> Vec<TargetRow<'_>> {
    let mut rows: Vec<TargetRow> = Vec::new();
    let all = c.entries.iter().flat_map(|e| &e.targets);
    for t in all {
        if rows
            .iter()
            .any(|r| r.cells.iter().flatten().any(|o| o.target_of == t.target_of))
        {
            continue;
        }
        rows.push(TargetRow {
            label: format!(
                "Meets {} ≤ {} ({})",
                t.target_of.label(),
                format_secs(t.target),
                pct_label(t.percentile)
            ),
            cells: c
                .entries
                .iter()
                .map(|e| e.targets.iter().find(|o| o.target_of == t.target_of))
                .collect(),
        });
    }
    rows
}

/// "≤ 1h at p99": the plan's own target, when it differs in value or
/// percentile from the row's label (the first stating plan's).
pub fn own_target(row: &TargetRow, t: &TargetVerdict) -> Option<String> {
    let first = row.cells.iter().flatten().next()?;
    (first.target != t.target || first.percentile != t.percentile)
        .then(|| format!("≤ {} at {}", format_secs(t.target), pct_label(t.percentile)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::compare::Bound;

    #[test]
    fn differences_are_signed_with_their_interval() {
        let time = Difference {
            estimate: -90.0,
            ci: [Bound(-120.0), Bound(30.0)],
        };
        assert_eq!(DiffCell::time(&time).to_string(), "-1m30s [-2m to +30s]");
        let share = Difference {
            estimate: 0.031,
            ci: [Bound(0.025), Bound(0.037)],
        };
        assert_eq!(
            DiffCell::share(&share).to_string(),
            "+3.1 points [+2.5 to +3.7]"
        );
        let undefined = Difference {
            estimate: f64::NAN,
            ci: [Bound(f64::NAN), Bound(f64::NAN)],
        };
        assert_eq!(DiffCell::time(&undefined).to_string(), "– [– to –]");
    }
}
