//! Comparing an estimate against a baseline: is the change real, and is it
//! more than noise?
//!
//! The rule is criterion.rs's `compare_to_threshold`: a change counts only
//! when its whole 95 % confidence interval lies beyond the noise threshold.
//! The interval of a difference combines the two estimates' intervals as if
//! they were independent, which is conservative when both runs share their
//! random numbers (same seed and iterations), as then they are positively
//! correlated.

use serde::{Deserialize, Serialize};

/// An estimate with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// What a change amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Worse beyond the noise threshold, with confidence.
    Regressed,
    /// Better beyond the noise threshold, with confidence.
    Improved,
    /// Within noise, or not distinguishable from it.
    Unchanged,
}

/// A change and its confidence interval, as a fraction: relative to the
/// baseline for times, in absolute share points for shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// `None` when a value is infinite (never recovered).
    pub fraction: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub verdict: Verdict,
}

/// Times below this many seconds are compared as if they were this long,
/// so a change from 0 s is measured against one second, not divided by 0.
pub const TIME_FLOOR_SECS: f64 = 1.0;

/// Compares two times, where lower is better.
pub fn compare_times(old: Estimate, new: Estimate, noise: f64) -> Change {
    match (old.value.is_finite(), new.value.is_finite()) {
        (false, false) => return unchanged(),
        (true, false) => return infinite(Verdict::Regressed),
        (false, true) => return infinite(Verdict::Improved),
        (true, true) => {}
    }
    let scale = old.value.max(TIME_FLOOR_SECS);
    let difference = new.value - old.value;
    let below = (new.value - new.low).hypot(old.high - old.value);
    let above = (new.high - new.value).hypot(old.value - old.low);
    let low = (difference - below) / scale;
    let high = (difference + above) / scale;
    let verdict = judge(low, high, noise, Worse::Higher);
    Change {
        fraction: Some(difference / scale),
        low: low.is_finite().then_some(low),
        high: high.is_finite().then_some(high),
        verdict,
    }
}

/// Compares two shares (such as the share of runs meeting a target),
/// where higher is better; `noise` is in share points (0.02 = 2 points).
pub fn compare_shares(old: Estimate, new: Estimate, noise: f64) -> Change {
    let difference = new.value - old.value;
    let below = (new.value - new.low).hypot(old.high - old.value);
    let above = (new.high - new.value).hypot(old.value - old.low);
    let (low, high) = (difference - below, difference + above);
    let verdict = judge(low, high, noise, Worse::Lower);
    Change {
        fraction: Some(difference),
        low: Some(low),
        high: Some(high),
        verdict,
    }
}

/// Which way a change is for the worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worse {
    /// Times: longer is worse.
    Higher,
    /// Shares meeting a target: fewer is worse.
    Lower,
}

/// Criterion's rule on the interval `[low, high]` of a change: worse or
/// better only when the whole interval lies beyond `noise` that way.
pub fn judge(low: f64, high: f64, noise: f64, worse: Worse) -> Verdict {
    let (up, down) = (low > noise, high < -noise);
    match (worse, up, down) {
        (Worse::Higher, true, _) | (Worse::Lower, _, true) => Verdict::Regressed,
        (Worse::Higher, _, true) | (Worse::Lower, true, _) => Verdict::Improved,
        _ => Verdict::Unchanged,
    }
}

fn unchanged() -> Change {
    Change {
        fraction: Some(0.0),
        low: None,
        high: None,
        verdict: Verdict::Unchanged,
    }
}

fn infinite(verdict: Verdict) -> Change {
    Change {
        fraction: None,
        low: None,
        high: None,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(value: f64, half: f64) -> Estimate {
        Estimate {
            value,
            low: value - half,
            high: value + half,
        }
    }

    #[test]
    fn identical_estimates_are_unchanged() {
        let c = compare_times(est(100.0, 5.0), est(100.0, 5.0), 0.02);
        assert_eq!(c.verdict, Verdict::Unchanged);
        assert_eq!(c.fraction, Some(0.0));
    }

    #[test]
    fn a_change_counts_only_when_its_whole_interval_passes_the_threshold() {
        // +10 % with a tight interval: regressed.
        assert_eq!(
            compare_times(est(100.0, 1.0), est(110.0, 1.0), 0.02).verdict,
            Verdict::Regressed
        );
        // +10 % but intervals of ±8: the difference's interval reaches below +2 %.
        assert_eq!(
            compare_times(est(100.0, 8.0), est(110.0, 8.0), 0.02).verdict,
            Verdict::Unchanged
        );
        // +1.5 % with no uncertainty: within noise.
        assert_eq!(
            compare_times(est(100.0, 0.0), est(101.5, 0.0), 0.02).verdict,
            Verdict::Unchanged
        );
        assert_eq!(
            compare_times(est(100.0, 1.0), est(80.0, 1.0), 0.02).verdict,
            Verdict::Improved
        );
    }

    #[test]
    fn never_recovering_is_a_regression() {
        let c = compare_times(est(100.0, 1.0), est(f64::INFINITY, 0.0), 0.02);
        assert_eq!((c.verdict, c.fraction), (Verdict::Regressed, None));
        let both = compare_times(est(f64::INFINITY, 0.0), est(f64::INFINITY, 0.0), 0.02);
        assert_eq!(both.verdict, Verdict::Unchanged);
    }

    #[test]
    fn shares_compare_in_points_and_higher_is_better() {
        let drop = compare_shares(est(0.97, 0.005), est(0.90, 0.005), 0.02);
        assert_eq!(drop.verdict, Verdict::Regressed);
        let small = compare_shares(est(0.97, 0.005), est(0.96, 0.005), 0.02);
        assert_eq!(small.verdict, Verdict::Unchanged);
    }
}
