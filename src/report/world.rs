//! Results split by what held in a disaster — the part of the week it
//! struck in, each condition's case — and the rank correlation the
//! `[[correlation]]` groups achieved.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::insight::share;
use super::secs;
use crate::runner::{Column, Results};
use crate::scenario::{Scenario, TimeOfWeek};
use crate::stats::{Order, Sorted, spearman_f32};

/// The runs in which one thing held, and their results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupReport {
    /// `"in_hours"`, `"night"`, `"weekend"`, or a case's name.
    pub key: String,
    /// Share of runs in the group (0–1) and their number.
    pub share: f64,
    pub runs: u64,
    pub rto: GroupMetric,
    pub rpo: GroupMetric,
}

/// One quantity over a group's runs; every field `null` for an empty group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupMetric {
    /// Median, seconds.
    #[serde(with = "secs")]
    pub p50: f64,
    /// At the target percentile (nearest rank), seconds.
    #[serde(with = "secs")]
    pub at_percentile: f64,
    /// Share of the group's runs meeting the target (`null` without one).
    pub p_meet: Option<f64>,
    /// `at_percentile <= target` (`null` without a target).
    pub pass: Option<bool>,
}

/// The results of each case of one condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConditionReport {
    pub name: String,
    /// In the order the condition lists its cases.
    pub cases: Vec<GroupReport>,
}

/// One `[[correlation]]` group: what was asked and what the runs show.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CorrelationReport {
    /// Step ids, in file order.
    pub steps: Vec<String>,
    /// The requested Spearman rank correlation of every pair.
    pub rank: f64,
    /// Per pair, the Spearman rank correlation of the first attempts'
    /// durations the copula drew over all runs.
    pub achieved: Vec<PairCorrelation>,
}

/// The achieved rank correlation of two steps' durations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairCorrelation {
    pub a: String,
    pub b: String,
    /// `null` when not measured: a group of rank 0 draws its steps as
    /// without it.
    pub spearman: Option<f64>,
    /// 95 % interval of the population value from the Fisher transform
    /// with variance 1.06 / (n − 3) (Fieller, Hartley & Pearson, 1957).
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Per part of the week, the runs that struck in it; empty without a
/// calendar.
pub fn by_time_of_week(s: &Scenario, results: &Results) -> Vec<GroupReport> {
    if s.calendar.is_none() {
        return Vec::new();
    }
    let keys: Vec<&str> = TimeOfWeek::ALL.iter().map(|part| part.key()).collect();
    debug_assert!(
        TimeOfWeek::ALL
            .iter()
            .enumerate()
            .all(|(k, part)| part.index() == k)
    );
    groups(s, results, &keys, results.world.column(0))
}

/// Per condition, per case, the runs in which it held.
pub fn by_condition(s: &Scenario, results: &Results) -> Vec<ConditionReport> {
    let first = usize::from(s.calendar.is_some());
    s.conditions
        .iter()
        .enumerate()
        .map(|(k, condition)| {
            let keys: Vec<&str> = condition.cases.iter().map(|c| c.name.as_str()).collect();
            ConditionReport {
                name: condition.name.clone(),
                cases: groups(s, results, &keys, results.world.column(first + k)),
            }
        })
        .collect()
}

/// Per label `k` (the runs whose `labels` entry is `k`), its report named
/// `keys[k]`. One walk along the RTO's order (which its ranks need
/// anyway) sorts every group's RTO at once; the RPO's groups are sorted
/// one by one, which holds less than ordering every run by RPO would.
fn groups(s: &Scenario, results: &Results, keys: &[&str], labels: &[u8]) -> Vec<GroupReport> {
    let samples = &results.samples;
    let (rto, rpo) = rayon::join(
        || {
            let rto = samples.column(Column::Rto);
            samples.order(Column::Rto).groups(rto, labels, keys.len())
        },
        || {
            let rpo = samples.column(Column::Rpo);
            (0..keys.len())
                .map(|k| {
                    let group = rpo
                        .iter()
                        .zip(labels)
                        .filter(|(_, l)| usize::from(**l) == k)
                        // `+ 0.0`: a −0 is kept as the +0 an order's walk gives.
                        .map(|(v, _)| *v + 0.0)
                        .collect();
                    Sorted::new(group)
                })
                .collect::<Vec<_>>()
        },
    );
    let percentile = s.targets.percentile;
    keys.iter()
        .zip(rto.into_iter().zip(rpo))
        .map(|(key, (rto, rpo))| {
            let runs = rto.len();
            GroupReport {
                key: key.to_string(),
                share: share(runs as u64, labels.len()),
                runs: runs as u64,
                rto: group_metric(rto, s.targets.rto_secs, percentile),
                rpo: group_metric(rpo, s.targets.rpo_secs, percentile),
            }
        })
        .collect()
}

fn group_metric(sorted: Sorted, target: Option<f64>, percentile: f64) -> GroupMetric {
    if sorted.is_empty() {
        return GroupMetric {
            p50: f64::NAN,
            at_percentile: f64::NAN,
            p_meet: None,
            pass: None,
        };
    }
    let at_percentile = sorted.percentile(percentile);
    GroupMetric {
        p50: sorted.percentile(50.0),
        at_percentile,
        p_meet: target.map(|t| sorted.share_at_most(t)),
        pass: target.map(|t| at_percentile <= t),
    }
}

/// Per correlation group, the rank correlation each pair achieved.
pub fn correlation(
    s: &Scenario,
    results: &Results,
    slots: &[Option<usize>],
) -> Vec<CorrelationReport> {
    let runs = results.correlated.runs;
    s.correlations
        .iter()
        .map(|g| {
            let mut pairs = Vec::new();
            for (k, &a) in g.steps.iter().enumerate() {
                for &b in &g.steps[k + 1..] {
                    pairs.push((a, b));
                }
            }
            let achieved = pairs
                .par_iter()
                .map(|&(a, b)| {
                    let spearman = match (slots[a], slots[b]) {
                        (Some(x), Some(y)) => {
                            let y: Vec<f64> = results
                                .correlated
                                .column(y)
                                .iter()
                                .map(|v| f64::from(*v))
                                .collect();
                            let y_ranks = Order::new(&y).centred_ranks(&y);
                            spearman_f32(results.correlated.column(x), &y_ranks)
                        }
                        // Rank 0: drawn independently, as without the group.
                        _ => None,
                    };
                    let (low, high) = spearman.and_then(|r| fisher_interval(r, runs)).unzip();
                    PairCorrelation {
                        a: s.steps[a].id.clone(),
                        b: s.steps[b].id.clone(),
                        spearman,
                        low,
                        high,
                    }
                })
                .collect();
            CorrelationReport {
                steps: g.steps.iter().map(|&i| s.steps[i].id.clone()).collect(),
                rank: g.rank,
                achieved,
            }
        })
        .collect()
}

/// The 95 % interval of a Spearman correlation `r` of `n` pairs: Fisher's
/// z = atanh(r) with variance 1.06 / (n − 3), back-transformed.
pub fn fisher_interval(r: f64, n: usize) -> Option<(f64, f64)> {
    if !r.is_finite() || n < 4 {
        return None;
    }
    let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
    let half = 1.96 * (1.06 / (n as f64 - 3.0)).sqrt();
    Some(((z - half).tanh(), (z + half).tanh()))
}
