//! An exact, order-independent sum of seconds.
//!
//! Floating-point sums depend on the order of the terms, so a sum merged
//! from per-chunk partial sums would depend on the chunking. Rounding each
//! term to 2⁻²⁰ s (about a microsecond) and adding integers makes the sum
//! exact and associative: identical for any thread count or split.

use serde::Serialize;

const SCALE: f64 = (1u64 << 20) as f64;

/// A sum of finite, non-negative seconds and how many terms it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FixedSum {
    units: i128,
    count: u64,
}

impl FixedSum {
    /// Adds one term (seconds; must be finite).
    #[inline]
    pub fn add(&mut self, secs: f64) {
        debug_assert!(secs.is_finite());
        self.units += (secs * SCALE).round() as i128;
        self.count += 1;
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: &FixedSum) {
        self.units += other.units;
        self.count += other.count;
    }

    /// Number of terms.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The sum of the terms, seconds.
    pub fn sum(&self) -> f64 {
        self.units as f64 / SCALE
    }

    /// The mean of the terms, or `None` without terms.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.units as f64 / SCALE / self.count as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_of_parts_equals_whole_in_any_order() {
        let values: Vec<f64> = (0..1000)
            .map(|i| (i as f64 * 0.7311).sin().abs() * 1e4)
            .collect();
        let mut whole = FixedSum::default();
        values.iter().for_each(|v| whole.add(*v));
        let (mut a, mut b) = (FixedSum::default(), FixedSum::default());
        values.iter().rev().take(333).for_each(|v| a.add(*v));
        values.iter().rev().skip(333).for_each(|v| b.add(*v));
        b.merge(&a);
        assert_eq!(whole, b);
        let exact: f64 = values.iter().sum::<f64>() / 1000.0;
        // Each term is rounded by at most 2^-21 s.
        assert!((whole.mean().unwrap() - exact).abs() < 1e-6);
    }
}
