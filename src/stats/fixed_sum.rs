//! An exact, order-independent sum of seconds.
//!
//! Floating-point sums depend on the order of the terms, so a sum merged
//! from per-chunk partial sums would depend on the chunking. Rounding each
//! term to 2⁻²⁰ s (about a microsecond) and adding integers makes the sum
//! exact and associative: identical for any thread count or split.

use serde::Serialize;

const SCALE: f64 = (1u64 << 20) as f64;

/// `secs` in 2⁻²⁰ s units, rounded half away from zero: the same as
/// `(secs * SCALE).round() as i128`, but below 2⁶² units (about 139,000
/// years) by integer conversions, which cost a fraction of `round` (a
/// library call on x86-64 before SSE4.1) and of a float → 128-bit
/// conversion (a software routine).
#[inline(always)]
fn units(secs: f64) -> i128 {
    const FAST: f64 = (1u64 << 62) as f64;
    let x = secs * SCALE;
    let magnitude = x.abs();
    if magnitude >= FAST {
        return x.round() as i128;
    }
    // Truncation is exact, and so is the fraction: below 2⁵² both halves
    // are representable; above, x is already an integer.
    let whole = magnitude as i64;
    let rounded = whole + i64::from(magnitude - whole as f64 >= 0.5);
    i128::from(if x < 0.0 { -rounded } else { rounded })
}

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
        // Many terms are 0 (no wait, no one to engage): nothing to convert.
        if secs != 0.0 {
            self.units += units(secs);
        }
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

    #[test]
    fn integer_rounding_equals_round_half_away_from_zero() {
        let halves = (0..2000).map(|i| f64::from(i) * 0.5 / SCALE);
        let odd = (0..2000).map(|i| (f64::from(i) * 0.7311).sin() * 1e5);
        let edges = [
            0.0,
            -0.0,
            0.499_999_999_999_999_94 / SCALE,
            4_503_599_627_370_495.5 / SCALE,
            4_503_599_627_370_497.0 / SCALE,
            1e6,
            3.7e7,
            (1u64 << 62) as f64 / SCALE,
            ((1u64 << 62) - 512) as f64 / SCALE,
            1e15,
        ];
        for secs in halves.chain(odd).chain(edges) {
            for secs in [secs, -secs] {
                let expected = (secs * SCALE).round() as i128;
                assert_eq!(units(secs), expected, "{secs}");
            }
        }
    }
}
