//! `check` verdicts: every target judged at its percentile with how sure
//! the judgement is, and (against a baseline report) what got measurably
//! worse. Plain serializable structs plus the functions that build them.

use serde::{Deserialize, Serialize};

use super::model::{Bounds, Metric, Quantity, Report, TargetName};
use crate::format::{pct_label, round_up_2};
use crate::stats::{Change, Estimate, Verdict, Z_95, compare_shares, compare_times};

/// Default noise threshold: changes within 2 % (2 share points for
/// `p_meet`) are never regressions.
pub const DEFAULT_NOISE: f64 = 0.02;

/// The verdict on one checked scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckVerdict {
    /// Every target met and nothing regressed.
    Pass,
    /// A target missed (whether or not something also regressed).
    Fail,
    /// Every target met, but something got measurably worse.
    Regressed,
}

impl CheckVerdict {
    /// "PASS", "FAIL" or "REGRESSED", as CI logs show it.
    pub fn word(self) -> &'static str {
        match self {
            CheckVerdict::Pass => "PASS",
            CheckVerdict::Fail => "FAIL",
            CheckVerdict::Regressed => "REGRESSED",
        }
    }
}

/// The outcome of checking one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckResult {
    /// True when every target passes and nothing regressed.
    pub passed: bool,
    /// The verdict in one word.
    pub verdict: CheckVerdict,
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
    /// What it judges: `quantity` (`rto`, `rpo`) of `component` (`null`:
    /// the whole service).
    #[serde(flatten)]
    pub target_of: TargetName,
    /// The target, seconds.
    pub target: f64,
    /// The percentile it is judged at (0–100).
    pub percentile: f64,
    /// The value at the percentile and its 95 % interval (seconds; `null` = never).
    #[serde(with = "super::model::secs")]
    pub value: f64,
    pub interval: Bounds,
    /// Share of runs meeting the target (0–1) and its 95 % Wilson interval.
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
    /// Where an RTO target's clock starts, as written (see `Metric::from`);
    /// absent for the disaster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl TargetVerdict {
    /// "db RTO ≤ 10m from the end of diagnose".
    pub fn label(&self) -> String {
        format!(
            "{} ≤ {}{}",
            self.target_of.label(),
            crate::format::format_secs(self.target),
            super::model::clock_phrase(self.from.as_deref())
        )
    }
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

/// What a compared quantity measures, and so its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A percentile of a time: `old` and `new` in seconds, the change
    /// relative to `old`.
    Time,
    /// The share of runs meeting a target: `old` and `new` from 0 to 1,
    /// the change in share points (fractions).
    Share,
}

/// One quantity compared with the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// E.g. `rto p95`, `db rpo p99`, `p_meet rto`.
    pub name: String,
    /// What it measures, which gives the unit of `old`, `new` and `change`.
    pub kind: ChangeKind,
    /// Before and after: seconds (`"never"` when infinite) for a time, a
    /// share for `p_meet`.
    #[serde(with = "super::model::secs")]
    pub old: f64,
    #[serde(with = "super::model::secs")]
    pub new: f64,
    /// Relative change for times, share points for `p_meet`; `null` when
    /// a side is never.
    pub change: Option<f64>,
    pub change_low: Option<f64>,
    pub change_high: Option<f64>,
    pub verdict: Verdict,
}

impl ChangeRecord {
    fn new(name: String, kind: ChangeKind, old: Estimate, new: Estimate, c: Change) -> Self {
        ChangeRecord {
            name,
            kind,
            old: old.value,
            new: new.value,
            change: c.fraction,
            change_low: c.low,
            change_high: c.high,
            verdict: c.verdict,
        }
    }
}

/// A step's criticality then and now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CriticalityShift {
    pub step: String,
    /// Share of runs (0–1) with the step on the critical path, in the
    /// baseline and now.
    pub old: f64,
    pub new: f64,
}

/// Judges every target of `report`, and compares with `baseline` if given.
pub fn check(report: &Report, baseline: Option<&Report>, noise: f64) -> CheckResult {
    let targets = target_verdicts(report);
    let baseline = baseline.map(|b| compare(b, report, noise));
    let missed = targets.iter().any(|t| !t.pass);
    let regressed = baseline.as_ref().is_some_and(|b| b.regressions > 0);
    let verdict = match (missed, regressed) {
        (false, false) => CheckVerdict::Pass,
        (true, _) => CheckVerdict::Fail,
        (false, true) => CheckVerdict::Regressed,
    };
    CheckResult {
        passed: verdict == CheckVerdict::Pass,
        verdict,
        targets,
        baseline,
    }
}

/// Every target of `report` judged, scenario-wide first, then per
/// component in file order.
pub fn target_verdicts(report: &Report) -> Vec<TargetVerdict> {
    report
        .judged()
        .into_iter()
        .map(|j| {
            let m = j.metric;
            let required = m.percentile / 100.0;
            let p_meet = m.p_meet.unwrap_or(0.0);
            let marginal = m.is_marginal();
            let target_of = j.name();
            TargetVerdict {
                name: target_of.key(),
                target_of,
                target: m.target.unwrap_or(f64::NAN),
                percentile: m.percentile,
                value: m.at_percentile,
                interval: Bounds {
                    low: m.at_percentile_low,
                    high: m.at_percentile_high,
                },
                p_meet,
                p_meet_low: m.p_meet_low.unwrap_or(p_meet),
                p_meet_high: m.p_meet_high.unwrap_or(p_meet),
                pass: m.pass == Some(true),
                marginal,
                iterations_to_settle: if marginal {
                    iterations_to_settle(p_meet, required)
                } else {
                    None
                },
                from: m.from.clone(),
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
    Some(round_up_2(n))
}

fn compare(old: &Report, new: &Report, noise: f64) -> BaselineComparison {
    let mut changes = Vec::new();
    let mut not_compared = Vec::new();
    time_changes(&mut changes, Quantity::Rto.key(), &old.rto, &new.rto, noise);
    time_changes(&mut changes, Quantity::Rpo.key(), &old.rpo, &new.rpo, noise);
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
    let old_targets = old.judged();
    for j in new.judged() {
        let name = j.name();
        match old_targets.iter().find(|o| o.name() == name) {
            Some(o) => changes.push(share_change(
                &format!("p_meet {}", name.key()),
                o.metric,
                j.metric,
                noise,
            )),
            None => not_compared.push(format!("target {} (new)", name.key())),
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
    let estimate = |value: f64, b: Bounds| Estimate {
        value,
        low: b.low,
        high: b.high,
    };
    let compared = |m: &Metric| {
        [
            (50.0, estimate(m.p50, m.ci.p50)),
            (95.0, estimate(m.p95, m.ci.p95)),
            (99.0, estimate(m.p99, m.ci.p99)),
        ]
    };
    for ((p, o), (_, n)) in compared(old).into_iter().zip(compared(new)) {
        let name = format!("{name} {}", pct_label(p));
        let change = compare_times(o, n, noise);
        out.push(ChangeRecord::new(name, ChangeKind::Time, o, n, change));
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
    let change = compare_shares(o, n, noise);
    ChangeRecord::new(name.to_string(), ChangeKind::Share, o, n, change)
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
