//! Where a version of the plan stands against the base plan's targets:
//! each target judged at its percentile as `check` judges it (the
//! nearest-rank value at most the target, exactly when that share of runs
//! meets it), the share meeting the RTO target, and the p95 RTO and RPO;
//! and the order in which the greedy plan prefers one standing to another.

use std::cmp::Ordering;

use super::DIFFERENCE_PERCENTILE;
use crate::runner::Column;
use crate::scenario::Scenario;
use crate::stats::Sorted;

/// A target of the base plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What it judges (the whole service's RTO or RPO, or a component's).
    pub column: Column,
    /// The component's id, for a component's target.
    pub component: Option<String>,
    /// At most this many seconds…
    pub limit_secs: f64,
}

/// Every target of `s`, in `check`'s order: the scenario's RTO and RPO,
/// then each component's RTO and RPO in file order.
pub fn targets(s: &Scenario) -> Vec<Target> {
    let whole = [
        (Column::Rto, s.targets.rto_secs),
        (Column::Rpo, s.targets.rpo_secs),
    ]
    .map(|(column, limit)| (column, None, limit));
    let components = s.components.iter().enumerate().flat_map(|(c, comp)| {
        [
            (Column::ComponentRto(c), comp.rto_target_secs),
            (Column::ComponentRpo(c), comp.rpo_target_secs),
        ]
        .map(|(column, limit)| (column, Some(comp.id.clone()), limit))
    });
    whole
        .into_iter()
        .chain(components)
        .filter_map(|(column, component, limit)| {
            limit.map(|limit_secs| Target {
                column,
                component,
                limit_secs,
            })
        })
        .collect()
}

/// `s` judged by the targets of `base` (a variant may state others):
/// scenario-wide ones, and each component's by id.
pub fn with_targets_of(s: &mut Scenario, base: &Scenario) {
    s.targets = base.targets.clone();
    for comp in &mut s.components {
        let same = base.components.iter().find(|b| b.id == comp.id);
        comp.rto_target_secs = same.and_then(|b| b.rto_target_secs);
        comp.rpo_target_secs = same.and_then(|b| b.rpo_target_secs);
    }
}

impl Target {
    /// The column of this target in `s` (a version of the base plan, whose
    /// components may sit elsewhere); `None` when `s` lacks the component.
    pub fn column_in(&self, base: &Scenario, s: &Scenario) -> Option<Column> {
        let find = |c: usize| {
            let id = &base.components[c].id;
            s.components.iter().position(|comp| &comp.id == id)
        };
        match self.column {
            Column::ComponentRto(c) => find(c).map(Column::ComponentRto),
            Column::ComponentRpo(c) => find(c).map(Column::ComponentRpo),
            other => Some(other),
        }
    }
}

/// Point figures of one version of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Per target (in [`targets`] order): the share of runs meeting it.
    pub p_meet: Vec<f64>,
    /// Per target: it passes at its percentile.
    pub pass: Vec<bool>,
    /// The share of runs meeting the scenario's RTO target, if it has one.
    pub p_meet_rto: Option<f64>,
    /// The nearest-rank p95 of the RTO and the RPO, seconds.
    pub rto_p95: f64,
    pub rpo_p95: f64,
    /// The percentile the targets are judged at (0–100).
    pub percentile: f64,
}

impl Standing {
    /// From the runs' RTO and RPO, and each target's column (`None`: the
    /// plan lacks it, so no run meets it), judged at `percentile`.
    pub fn of(
        targets: &[Target],
        rto: &[f64],
        rpo: &[f64],
        columns: &[Option<&[f64]>],
        percentile: f64,
    ) -> Standing {
        let (mut p_meet, mut pass) = (Vec::new(), Vec::new());
        for (target, column) in targets.iter().zip(columns) {
            let (share, passes) = match column {
                Some(values) => {
                    let sorted = Sorted::new(values.to_vec());
                    let share = sorted.share_at_most(target.limit_secs);
                    (share, sorted.percentile(percentile) <= target.limit_secs)
                }
                None => (0.0, false),
            };
            p_meet.push(share);
            pass.push(passes);
        }
        let p_meet_rto = targets
            .iter()
            .position(|t| t.column == Column::Rto)
            .map(|k| p_meet[k]);
        let p95 = |values: &[f64]| Sorted::new(values.to_vec()).percentile(DIFFERENCE_PERCENTILE);
        Standing {
            p_meet,
            pass,
            p_meet_rto,
            rto_p95: p95(rto),
            rpo_p95: p95(rpo),
            percentile,
        }
    }

    /// Targets that pass.
    pub fn met(&self) -> usize {
        self.pass.iter().filter(|p| **p).count()
    }

    /// Every target passes (true for a plan without targets).
    pub fn meets_all(&self) -> bool {
        self.pass.iter().all(|p| *p)
    }

    /// The greedy plan's preference: more targets passing; then a smaller
    /// shortfall (the share of runs the failing targets lack, summed: how
    /// far the plan is from meeting them, blind to a surplus on a target
    /// already met); then a larger share meeting the RTO target; then a
    /// smaller p95 RTO; then a smaller p95 RPO. `Greater` is better.
    pub fn preference(&self, other: &Standing) -> Ordering {
        let shortfall = |s: &Standing| s.shortfall();
        self.met()
            .cmp(&other.met())
            .then(shortfall(other).total_cmp(&shortfall(self)))
            .then(total(self.p_meet_rto).total_cmp(&total(other.p_meet_rto)))
            .then(other.rto_p95.total_cmp(&self.rto_p95))
            .then(other.rpo_p95.total_cmp(&self.rpo_p95))
    }

    /// The share of runs the targets lack to pass, summed over the targets.
    pub fn shortfall(&self) -> f64 {
        let required = self.percentile / 100.0;
        self.p_meet.iter().map(|p| (required - p).max(0.0)).sum()
    }
}

fn total(share: Option<f64>) -> f64 {
    share.unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(column: Column, limit_secs: f64) -> Target {
        Target {
            column,
            component: None,
            limit_secs,
        }
    }

    #[test]
    fn a_target_passes_exactly_when_its_share_of_runs_meets_it() {
        // 20 runs of 1..=20 minutes: the p95 (nearest rank 19) is 19m.
        let runs: Vec<f64> = (1..=20).map(|m| f64::from(m) * 60.0).collect();
        let targets = [
            target(Column::Rto, 19.0 * 60.0),
            target(Column::Rpo, 18.0 * 60.0),
        ];
        let s = Standing::of(&targets, &runs, &runs, &[Some(&runs), Some(&runs)], 95.0);
        assert_eq!(s.pass, [true, false]);
        assert_eq!(s.p_meet, [0.95, 0.90]);
        assert_eq!(s.p_meet_rto, Some(0.95));
        assert_eq!(s.rto_p95, 19.0 * 60.0);
        // The RPO target lacks 5 % of runs.
        assert!((s.shortfall() - 0.05).abs() < 1e-12);
        let missing = Standing::of(&targets, &runs, &runs, &[Some(&runs), None], 95.0);
        assert_eq!((missing.p_meet[1], missing.pass[1]), (0.0, false));
    }

    #[test]
    fn more_targets_met_come_first_then_a_smaller_shortfall_then_the_rto() {
        let base = Standing {
            p_meet: vec![0.96, 0.50],
            pass: vec![true, false],
            p_meet_rto: Some(0.96),
            rto_p95: 3600.0,
            rpo_p95: 60.0,
            percentile: 95.0,
        };
        let closer = Standing {
            p_meet: vec![0.96, 0.80],
            rto_p95: 4000.0,
            ..base.clone()
        };
        let surplus = Standing {
            p_meet: vec![0.99, 0.50],
            p_meet_rto: Some(0.99),
            ..base.clone()
        };
        let all = Standing {
            p_meet: vec![0.95, 0.95],
            pass: vec![true, true],
            rto_p95: 9000.0,
            ..base.clone()
        };
        assert_eq!(all.preference(&closer), Ordering::Greater);
        // A surplus on a target already met is not progress toward the other.
        assert_eq!(closer.preference(&surplus), Ordering::Greater);
        assert_eq!(surplus.preference(&base), Ordering::Greater);
        assert_eq!(base.preference(&base), Ordering::Equal);
    }
}
