//! `check` verdicts: every target judged at its percentile with how sure
//! the judgement is, and (against a baseline report) what got measurably
//! worse. Plain serializable structs plus the functions that build them.

use serde::{Deserialize, Serialize};

use super::model::{Bounds, Metric, Report};
use crate::stats::{Estimate, Verdict, Z_95, compare_shares, compare_times};

/// Default noise threshold: changes within 2 % (2 share points for
/// `p_meet`) are never regressions.
pub const DEFAULT_NOISE: f64 = 0.02;

/// The outcome of checking one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckResult {
    /// True when every target passes and nothing regressed.
    pub passed: bool,
    /// One verdict per target, scenario-wide first, then per component.
    pub targets: Vec<TargetVerdict>,
    /// The comparison with `--baseline`, when one was given.
    pub baseline: Option<BaselineComparison>,
}

/// One target judged at its percentile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetVerdict {
    /// `rto`, `rpo`, or `<component> rto` / `<component> rpo`.
    pub name: String,
    /// The target, seconds.
    pub target: f64,
    pub percentile: f64,
    /// The value at the percentile and its 95 % interval (seconds; `null` = never).
    #[serde(with = "super::model::secs")]
    pub value: f64,
    pub interval: Bounds,
    /// Share of runs meeting the target and its 95 % Wilson interval.
    pub p_meet: f64,
    pub p_meet_low: f64,
    pub p_meet_high: f64,
    /// `value <= target` (equivalently `p_meet >= percentile / 100`).
    pub pass: bool,
    /// The interval of `p_meet` contains the required share: more runs
    /// could turn the verdict. The verdict above still stands.
    pub marginal: bool,
    /// Runs that would likely settle a marginal verdict (`null` when not
    /// marginal, or when the plan sits exactly on its target).
    pub iterations_to_settle: Option<u64>,
}

/// What changed against the baseline report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineComparison {
    /// The baseline's run size and seed; equal ones mean common random
    /// numbers, so an unchanged plan shows no difference at all.
    pub iterations: u64,
    pub seed: u64,
    pub same_sampling: bool,
    /// Noise threshold used (fraction for times, share points for `p_meet`).
    pub noise: f64,
    /// Every quantity compared.
    pub changes: Vec<ChangeRecord>,
    /// Number of changes whose verdict is `regressed`.
    pub regressions: usize,
    /// Steps whose criticality moved most (largest first, at most 5).
    pub criticality_shifts: Vec<CriticalityShift>,
    /// Components or targets present on one side only.
    pub not_compared: Vec<String>,
}

/// One quantity compared with the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// E.g. `rto p95`, `db rpo p99`, `p_meet rto`.
    pub name: String,
    #[serde(with = "super::model::secs")]
    pub old: f64,
    #[serde(with = "super::model::secs")]
    pub new: f64,
    /// Relative change for times, share points for `p_meet`; `null` when
    /// infinite.
    pub change: Option<f64>,
    pub change_low: Option<f64>,
    pub change_high: Option<f64>,
    pub verdict: Verdict,
}

/// A step's criticality then and now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CriticalityShift {
    pub step: String,
    pub old: f64,
    pub new: f64,
}

/// Judges every target of `report`, and compares with `baseline` if given.
pub fn check(report: &Report, baseline: Option<&Report>, noise: f64) -> CheckResult {
    let targets = target_verdicts(report);
    let baseline = baseline.map(|b| compare(b, report, noise));
    let passed =
        targets.iter().all(|t| t.pass) && baseline.as_ref().is_none_or(|b| b.regressions == 0);
    CheckResult {
        passed,
        targets,
        baseline,
    }
}

/// The metrics a report judges against targets, named as in the JSON
/// (`rto`, `db rpo`).
fn judged(report: &Report) -> Vec<(String, &Metric)> {
    report
        .judged()
        .into_iter()
        .map(|(label, m)| (label.to_lowercase(), m))
        .collect()
}

fn target_verdicts(report: &Report) -> Vec<TargetVerdict> {
    judged(report)
        .into_iter()
        .map(|(name, m)| {
            let required = m.percentile / 100.0;
            let p_meet = m.p_meet.unwrap_or(0.0);
            let (low, high) = (
                m.p_meet_low.unwrap_or(p_meet),
                m.p_meet_high.unwrap_or(p_meet),
            );
            let marginal = low <= required && required <= high;
            TargetVerdict {
                name,
                target: m.target.unwrap_or(f64::NAN),
                percentile: m.percentile,
                value: m.at_percentile,
                interval: Bounds {
                    low: m.at_percentile_low,
                    high: m.at_percentile_high,
                },
                p_meet,
                p_meet_low: low,
                p_meet_high: high,
                pass: m.pass == Some(true),
                marginal,
                iterations_to_settle: if marginal {
                    iterations_to_settle(p_meet, required)
                } else {
                    None
                },
            }
        })
        .collect()
}

/// Runs after which the 95 % interval of a share `p_meet` would no longer
/// reach `required`: n = z²·p(1−p) / (p_meet − required)², two significant digits.
fn iterations_to_settle(p_meet: f64, required: f64) -> Option<u64> {
    let gap = (p_meet - required).abs();
    if gap < 1e-12 {
        return None;
    }
    let n = Z_95 * Z_95 * required * (1.0 - required) / (gap * gap);
    if !n.is_finite() || n > 1e15 {
        return None;
    }
    Some(super::text::round_up_2(n))
}

fn compare(old: &Report, new: &Report, noise: f64) -> BaselineComparison {
    let mut changes = Vec::new();
    let mut not_compared = Vec::new();
    time_changes(&mut changes, "rto", &old.rto, &new.rto, noise);
    time_changes(&mut changes, "rpo", &old.rpo, &new.rpo, noise);
    for (id, c) in &new.components.0 {
        match old.components.get(id) {
            Some(o) => {
                time_changes(&mut changes, &format!("{id} rto"), &o.rto, &c.rto, noise);
                if c.has_data && o.has_data {
                    time_changes(&mut changes, &format!("{id} rpo"), &o.rpo, &c.rpo, noise);
                }
            }
            None => not_compared.push(format!("component {id} (new)")),
        }
    }
    for (id, _) in &old.components.0 {
        if new.components.get(id).is_none() {
            not_compared.push(format!("component {id} (removed)"));
        }
    }
    let old_targets = judged(old);
    for (name, m) in judged(new) {
        match old_targets.iter().find(|(n, _)| *n == name) {
            Some((_, o)) => changes.push(share_change(&format!("p_meet {name}"), o, m, noise)),
            None => not_compared.push(format!("target {name} (new)")),
        }
    }
    let regressions = changes
        .iter()
        .filter(|c| c.verdict == Verdict::Regressed)
        .count();
    BaselineComparison {
        iterations: old.iterations,
        seed: old.seed,
        same_sampling: old.iterations == new.iterations && old.seed == new.seed,
        noise,
        changes,
        regressions,
        criticality_shifts: criticality_shifts(old, new),
        not_compared,
    }
}

fn time_changes(out: &mut Vec<ChangeRecord>, name: &str, old: &Metric, new: &Metric, noise: f64) {
    let pick = |m: &Metric, p: &str| -> Estimate {
        let (value, b) = match p {
            "p50" => (m.p50, m.ci.p50),
            "p95" => (m.p95, m.ci.p95),
            _ => (m.p99, m.ci.p99),
        };
        Estimate {
            value,
            low: b.low,
            high: b.high,
        }
    };
    for p in ["p50", "p95", "p99"] {
        let (o, n) = (pick(old, p), pick(new, p));
        let c = compare_times(o, n, noise);
        out.push(ChangeRecord {
            name: format!("{name} {p}"),
            old: o.value,
            new: n.value,
            change: c.fraction,
            change_low: c.low,
            change_high: c.high,
            verdict: c.verdict,
        });
    }
}

fn share_change(name: &str, old: &Metric, new: &Metric, noise: f64) -> ChangeRecord {
    let est = |m: &Metric| {
        let v = m.p_meet.unwrap_or(0.0);
        Estimate {
            value: v,
            low: m.p_meet_low.unwrap_or(v),
            high: m.p_meet_high.unwrap_or(v),
        }
    };
    let (o, n) = (est(old), est(new));
    let c = compare_shares(o, n, noise);
    ChangeRecord {
        name: name.to_string(),
        old: o.value,
        new: n.value,
        change: c.fraction,
        change_low: c.low,
        change_high: c.high,
        verdict: c.verdict,
    }
}

fn criticality_shifts(old: &Report, new: &Report) -> Vec<CriticalityShift> {
    let mut shifts: Vec<CriticalityShift> = new
        .steps
        .0
        .iter()
        .map(|(id, s)| CriticalityShift {
            step: id.clone(),
            old: old.steps.get(id).map_or(0.0, |o| o.criticality),
            new: s.criticality,
        })
        .filter(|s| (s.new - s.old).abs() >= 0.01)
        .collect();
    shifts.sort_by(|a, b| (b.new - b.old).abs().total_cmp(&(a.new - a.old).abs()));
    shifts.truncate(5);
    shifts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settling_needs_more_runs_the_closer_the_share_is_to_the_requirement() {
        // 1.96²·0.95·0.05/0.005² ≈ 7299 → 7300.
        assert_eq!(iterations_to_settle(0.955, 0.95), Some(7300));
        assert!(iterations_to_settle(0.951, 0.95).unwrap() > 100_000);
        assert_eq!(iterations_to_settle(0.95, 0.95), None);
    }
}
