//! Percentiles, means and shares of one sampled quantity, from its values
//! sorted once.
//!
//! Percentiles use the nearest-rank definition (the smallest value with at
//! least p % of runs at or below it), so "p95 ≤ target" holds exactly when
//! at least 95 % of runs meet the target, and infinite values (unrecovered
//! runs) need no interpolation.

use std::borrow::Cow;

use super::rank::{from_order_key, order_key};

/// z for a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// A closed interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// Values of one quantity over all runs, sorted ascending (infinite last).
#[derive(Debug, Clone, PartialEq)]
pub struct Sorted {
    values: Values,
}

/// The sorted values, or one value repeated: a quantity that never varies
/// (an unaffected component's RTO, a data loss where there is no data) is
/// common and costs no copy.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    All(Vec<f64>),
    Same { value: f64, len: usize },
}

impl Sorted {
    /// Sorts the values (which must not be NaN).
    pub fn new(values: Vec<f64>) -> Sorted {
        // Constant columns (unaffected components, no data) are common.
        if values.is_sorted_by(|a, b| a.total_cmp(b).is_le()) {
            return Sorted::from_ascending(values);
        }
        let mut keys: Vec<u64> = values.iter().map(|v| order_key(*v)).collect();
        drop(values);
        // A radix sort of the keys' bytes: linear, and it skips the bytes
        // every key shares (the exponent's, mostly).
        radsort::sort(&mut keys);
        Sorted::from_ascending(keys.into_iter().map(from_order_key).collect())
    }

    /// Sorts a copy of `values`; a constant series is not copied.
    pub fn of(values: &[f64]) -> Sorted {
        match values.first() {
            Some(&first) if values.iter().all(|v| v.to_bits() == first.to_bits()) => Sorted {
                values: Values::Same {
                    value: first,
                    len: values.len(),
                },
            },
            _ => Sorted::new(values.to_vec()),
        }
    }

    /// Values already in ascending order (infinite last).
    pub fn from_ascending(values: Vec<f64>) -> Sorted {
        debug_assert!(values.is_sorted_by(|a, b| a.total_cmp(b).is_le()));
        Sorted {
            values: Values::All(values),
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match &self.values {
            Values::All(values) => values.len(),
            Values::Same { len, .. } => *len,
        }
    }

    /// True without values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sorted values.
    pub fn values(&self) -> Cow<'_, [f64]> {
        match &self.values {
            Values::All(values) => Cow::Borrowed(values),
            Values::Same { value, len } => Cow::Owned(vec![*value; *len]),
        }
    }

    /// The value at 0-based `index` (below `len`).
    fn at(&self, index: usize) -> f64 {
        match &self.values {
            Values::All(values) => values[index],
            Values::Same { value, .. } => *value,
        }
    }

    /// How many values come before the first one for which `after` holds
    /// (`after` being false, then true, along the values).
    fn count_before(&self, after: impl Fn(f64) -> bool) -> usize {
        match &self.values {
            Values::All(values) => values.partition_point(|v| !after(*v)),
            Values::Same { value, len } => {
                if after(*value) {
                    0
                } else {
                    *len
                }
            }
        }
    }

    /// The sum of the values, added in ascending order: the same bits for
    /// any thread count.
    fn sum(&self, len: usize) -> f64 {
        match &self.values {
            Values::All(values) => values[..len].iter().sum(),
            // Added one by one, as the values themselves would be.
            Values::Same { value, .. } => (0..len).fold(-0.0, |sum, _| sum + value),
        }
    }

    /// The value at 1-based rank `rank`, clamped to the data.
    fn at_rank(&self, rank: f64) -> f64 {
        let n = self.len();
        let index = (rank.max(1.0) as usize).min(n) - 1;
        self.at(index)
    }

    /// The nearest-rank percentile, `percent` in (0, 100].
    pub fn percentile(&self, percent: f64) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        self.at(nearest_rank(percent, self.len()) - 1)
    }

    /// A distribution-free 95 % confidence interval for the percentile,
    /// between the order statistics at ranks n·p ∓ z·√(n·p·(1−p)).
    pub fn percentile_interval(&self, percent: f64) -> Interval {
        if self.is_empty() {
            return Interval {
                low: f64::NAN,
                high: f64::NAN,
            };
        }
        let n = self.len() as f64;
        let p = percent / 100.0;
        let half = Z_95 * (n * p * (1.0 - p)).sqrt();
        Interval {
            low: self.at_rank((n * p - half).floor()),
            high: self.at_rank((n * p + half).ceil() + 1.0),
        }
    }

    /// The largest value.
    pub fn max(&self) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        self.at(self.len() - 1)
    }

    /// The mean; infinite when any value is.
    pub fn mean(&self) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        self.sum(self.len()) / self.len() as f64
    }

    /// The mean of the finite values (the runs in which the time came);
    /// NaN when there are none.
    pub fn mean_finite(&self) -> f64 {
        let finite = self.count_before(|v| !v.is_finite());
        if finite == 0 {
            return f64::NAN;
        }
        self.sum(finite) / finite as f64
    }

    /// Share of values at most `limit`.
    pub fn share_at_most(&self, limit: f64) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        self.count_before(|v| v > limit) as f64 / self.len() as f64
    }

    /// How many values are below `x` (infinite values are below no
    /// finite `x`).
    pub fn count_below(&self, x: f64) -> usize {
        self.count_before(|v| v >= x)
    }

    /// How many values are at most `x`.
    pub fn count_at_most(&self, x: f64) -> usize {
        self.count_before(|v| v > x)
    }

    /// Share of infinite values.
    pub fn share_infinite(&self) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        let finite = self.count_before(|v| !v.is_finite());
        (self.len() - finite) as f64 / self.len() as f64
    }
}

/// The 1-based rank of the nearest-rank `percent` among `n` sorted values
/// (`n` at least 1): the smallest rank with at least `percent` % at or below.
pub fn nearest_rank(percent: f64, n: usize) -> usize {
    // Subtracting a hair guards against p·n landing just above an integer.
    ((percent / 100.0 * n as f64 - 1e-9).ceil().max(1.0) as usize).min(n)
}

/// Wilson score 95 % interval for a share `p` observed in `n` trials.
pub fn wilson_interval(p: f64, n: usize) -> Interval {
    let n = n as f64;
    let z2 = Z_95 * Z_95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z_95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s = Sorted::new((1..=100).rev().map(f64::from).collect());
        assert_eq!(s.percentile(50.0), 50.0);
        assert_eq!(s.percentile(95.0), 95.0);
        assert_eq!(s.percentile(99.5), 100.0);
        assert_eq!(s.percentile(0.1), 1.0);
        assert_eq!(s.max(), 100.0);
        assert_eq!(s.mean(), 50.5);
        assert_eq!(s.share_at_most(95.0), 0.95);
    }

    #[test]
    fn the_mean_of_the_finite_values_leaves_out_the_infinite() {
        let s = Sorted::new(vec![3.0, f64::INFINITY, 1.0, 2.0]);
        assert_eq!(s.mean(), f64::INFINITY);
        assert_eq!(s.mean_finite(), 2.0);
        assert!(Sorted::new(vec![f64::INFINITY]).mean_finite().is_nan());
        assert!(Sorted::new(Vec::new()).mean_finite().is_nan());
    }

    #[test]
    fn percentile_agrees_with_share_meeting_a_target() {
        // p95 ≤ target exactly when at least 95 % of values are ≤ target.
        let s = Sorted::new((0..37).map(|i| f64::from(i * 7 % 37)).collect());
        for target in 0..40 {
            let t = f64::from(target);
            assert_eq!(
                s.percentile(95.0) <= t,
                s.share_at_most(t) >= 0.95,
                "target {t}"
            );
        }
    }

    #[test]
    fn infinite_values_sort_last() {
        let s = Sorted::new(vec![f64::INFINITY, 1.0, 2.0, 3.0]);
        assert_eq!(*s.values(), [1.0, 2.0, 3.0, f64::INFINITY]);
        assert_eq!(
            *Sorted::new(vec![2.0, -1.5, 0.0]).values(),
            [-1.5, 0.0, 2.0]
        );
        assert_eq!(s.percentile(50.0), 2.0);
        assert_eq!(s.percentile(99.0), f64::INFINITY);
        assert_eq!(s.share_infinite(), 0.25);
        assert_eq!(s.mean(), f64::INFINITY);
    }

    #[test]
    fn counts_below_and_at_most_a_value_put_infinite_values_above_it() {
        let s = Sorted::new(vec![f64::INFINITY, 1.0, 2.0, 2.0, 3.0]);
        assert_eq!((s.count_below(2.0), s.count_at_most(2.0)), (1, 3));
        assert_eq!((s.count_below(0.5), s.count_at_most(0.5)), (0, 0));
        assert_eq!((s.count_below(1e12), s.count_at_most(1e12)), (4, 4));
        let same = Sorted::of(&[300.0; 4]);
        assert_eq!((same.count_below(300.0), same.count_at_most(300.0)), (0, 4));
    }

    #[test]
    fn a_constant_series_answers_as_its_copy_would() {
        for (value, len) in [(0.0, 5), (0.1, 1001), (f64::INFINITY, 3), (1800.0, 1)] {
            let same = Sorted::of(&vec![value; len]);
            let copy = Sorted::from_ascending(vec![value; len]);
            assert!(matches!(same.values, Values::Same { .. }));
            let figures = |s: &Sorted| {
                [
                    s.percentile(95.0),
                    s.percentile_interval(50.0).low,
                    s.percentile_interval(50.0).high,
                    s.max(),
                    s.mean(),
                    s.mean_finite(),
                    s.share_at_most(0.05),
                    s.share_at_most(value),
                    s.share_infinite(),
                ]
                .map(f64::to_bits)
            };
            assert_eq!(figures(&same), figures(&copy), "{value} × {len}");
            assert_eq!(same.values(), copy.values());
        }
        assert!(Sorted::of(&[]).mean().is_nan());
        assert_eq!(*Sorted::of(&[2.0, 1.0]).values(), [1.0, 2.0]);
    }

    #[test]
    fn intervals_contain_the_estimate() {
        let s = Sorted::new((0..10_000).map(f64::from).collect());
        let ci = s.percentile_interval(95.0);
        assert!(ci.low <= s.percentile(95.0) && s.percentile(95.0) <= ci.high);
        // Half-width in ranks ≈ 1.96·√(10000·0.95·0.05) ≈ 43.
        assert!(ci.high - ci.low > 80.0 && ci.high - ci.low < 95.0, "{ci:?}");
        let w = wilson_interval(0.5, 100);
        assert!(
            (w.low - 0.4038).abs() < 1e-3 && (w.high - 0.5962).abs() < 1e-3,
            "{w:?}"
        );
    }
}
