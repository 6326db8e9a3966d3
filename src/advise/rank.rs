//! The order in which interventions are listed: by the gain in the share
//! of runs meeting the RTO target, then by the p95 RTO, then the p95 RPO
//! (each the paired difference's estimate); a plan without an RTO target
//! starts at the p95 RTO. Gains in the share are compared in tenths of a
//! point, as they are printed: a gain of 0.04 points is not worth more
//! than an hour off the p95. Those that make no difference at all are
//! set apart.

use std::cmp::Ordering;

use super::measure::Measured;
use super::standing::Standing;

/// Candidates in the order they are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Those that change something measured, best first.
    pub ranking: Vec<usize>,
    /// Those that make no difference at all, in candidate order.
    pub no_difference: Vec<usize>,
}

/// Ranks `measured` (per candidate) against the base plan's standing.
pub fn rank(measured: &[Measured], base: &Standing) -> Ranked {
    let (mut ranking, no_difference): (Vec<usize>, Vec<usize>) =
        (0..measured.len()).partition(|&i| !measured[i].no_difference(base));
    ranking.sort_by(|&a, &b| better_first(&measured[a], &measured[b]).then(a.cmp(&b)));
    Ranked {
        ranking,
        no_difference,
    }
}

/// `Less` when `a` is listed before `b`.
fn better_first(a: &Measured, b: &Measured) -> Ordering {
    let tenths = |m: &Measured| {
        m.p_meet_rto
            .map_or(0, |d| (d.estimate * 1000.0).round() as i64)
    };
    // Smaller is better for times; NaN (never in both) counts as no change.
    let time = |x: f64| if x.is_nan() { 0.0 } else { x };
    tenths(b)
        .cmp(&tenths(a))
        .then(time(a.rto_p95.estimate).total_cmp(&time(b.rto_p95.estimate)))
        .then(time(a.rpo_p95.estimate).total_cmp(&time(b.rpo_p95.estimate)))
        .then(b.standing.met().cmp(&a.standing.met()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::PairedDifference;

    fn diff(estimate: f64) -> PairedDifference {
        PairedDifference {
            estimate,
            low: estimate - 1.0,
            high: estimate + 1.0,
        }
    }

    fn measured(gain: f64, rto: f64, base: &Standing) -> Measured {
        Measured {
            standing: base.clone(),
            rto_p95: diff(rto),
            rpo_p95: PairedDifference {
                estimate: 0.0,
                low: 0.0,
                high: 0.0,
            },
            p_meet_rto: Some(diff(gain)),
        }
    }

    #[test]
    fn gains_in_tenths_of_a_point_then_the_p95_rto_and_no_difference_apart() {
        let base = Standing {
            p_meet: vec![0.9],
            pass: vec![false],
            p_meet_rto: Some(0.9),
            rto_p95: 3600.0,
            rpo_p95: 0.0,
            percentile: 95.0,
        };
        let zero = PairedDifference {
            estimate: 0.0,
            low: 0.0,
            high: 0.0,
        };
        let nothing = Measured {
            standing: base.clone(),
            rto_p95: zero,
            rpo_p95: zero,
            p_meet_rto: Some(zero),
        };
        let all = [
            measured(0.0204, -60.0, &base),
            measured(0.0196, -600.0, &base),
            nothing,
            measured(0.0500, -10.0, &base),
        ];
        let ranked = rank(&all, &base);
        // +2.04 and +1.96 points both print as +2.0: the p95 decides.
        assert_eq!(ranked.ranking, [3, 1, 0]);
        assert_eq!(ranked.no_difference, [2]);
    }
}
