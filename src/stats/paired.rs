//! Differences between two plans simulated with common random numbers:
//! run *i* of one and run *i* of the other share every draw their plans
//! share, so the difference is measured run by run (paired), and a change
//! that cannot matter gives exactly 0 with an interval of width 0.
//!
//! - A percentile's difference gets a 95 % percentile-bootstrap interval:
//!   [`RESAMPLES`] resamples of the run indices (with replacement, the same
//!   indices for both plans), each from its own stream of a fixed seed, so
//!   the interval is the same for any thread count (`bootstrap`, which
//!   does many plans against one at once).
//! - A share's difference (of runs meeting a target) is a mean of paired
//!   differences of 0/1 indicators: the normal approximation
//!   d̄ ± 1.96·s/√n.

use super::Z_95;

/// Bootstrap resamples per interval.
pub const RESAMPLES: usize = 1000;

/// A difference (second minus first) and its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedDifference {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

/// The nearest-rank `percentile` of `b` minus that of `a`, where `a[i]`
/// and `b[i]` are run *i* of each plan. Infinite values (never recovered)
/// sort last; a difference involving one is infinite or NaN. (Many plans
/// against one: [`super::percentile_differences`], which this calls.)
pub fn percentile_difference(a: &[f64], b: &[f64], percentile: f64, seed: u64) -> PairedDifference {
    assert_eq!(a.len(), b.len(), "paired samples have equal runs");
    super::percentile_differences(a, &[b], percentile, seed)[0]
}

/// The share of runs where `b_meets` minus the share where `a_meets`,
/// run by run, with the normal approximation of the paired differences.
pub fn share_difference(a_meets: &[bool], b_meets: &[bool]) -> PairedDifference {
    assert_eq!(
        a_meets.len(),
        b_meets.len(),
        "paired samples have equal runs"
    );
    let n = a_meets.len() as f64;
    let d = |i: usize| f64::from(u8::from(b_meets[i])) - f64::from(u8::from(a_meets[i]));
    let mean = (0..a_meets.len()).map(d).sum::<f64>() / n;
    let var = if a_meets.len() > 1 {
        (0..a_meets.len())
            .map(|i| (d(i) - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0)
    } else {
        0.0
    };
    let half = Z_95 * (var / n).sqrt();
    PairedDifference {
        estimate: mean,
        low: mean - half,
        high: mean + half,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_plans_differ_by_exactly_zero() {
        let a: Vec<f64> = (0..500).map(|i| f64::from(i % 37) * 60.0).collect();
        let d = percentile_difference(&a, &a, 95.0, 1);
        assert_eq!((d.estimate, d.low, d.high), (0.0, 0.0, 0.0));
        let meets: Vec<bool> = a.iter().map(|v| *v < 1200.0).collect();
        let s = share_difference(&meets, &meets);
        assert_eq!((s.estimate, s.low, s.high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn a_constant_shift_is_measured_exactly() {
        let a: Vec<f64> = (0..1000).map(f64::from).collect();
        let b: Vec<f64> = a.iter().map(|v| v + 600.0).collect();
        let d = percentile_difference(&a, &b, 95.0, 2);
        assert_eq!((d.estimate, d.low, d.high), (600.0, 600.0, 600.0));
    }

    #[test]
    fn a_share_difference_is_the_mean_of_paired_indicators() {
        // 100 runs: b meets in 10 more runs than a, never fewer.
        let a: Vec<bool> = (0..100).map(|i| i < 50).collect();
        let b: Vec<bool> = (0..100).map(|i| i < 60).collect();
        let s = share_difference(&a, &b);
        assert!((s.estimate - 0.10).abs() < 1e-12);
        // d is 1 in 10 runs: sd = sqrt(0.1·0.9·100/99), half = 1.96·sd/10.
        let half = Z_95 * (0.09f64 * 100.0 / 99.0).sqrt() / 10.0;
        assert!((s.high - s.estimate - half).abs() < 1e-12);
    }

    #[test]
    fn the_interval_is_the_same_for_any_thread_count() {
        let a: Vec<f64> = (0..800).map(|i| f64::from((i * 7919) % 1000)).collect();
        let b: Vec<f64> = a.iter().map(|v| v * 1.1).collect();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let d1 = one.install(|| percentile_difference(&a, &b, 90.0, 5));
        let d2 = two.install(|| percentile_difference(&a, &b, 90.0, 5));
        assert_eq!(d1, d2);
        assert!(d1.low <= d1.estimate && d1.estimate <= d1.high);
    }
}
