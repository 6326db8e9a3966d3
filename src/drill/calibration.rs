//! Calibration over all the actuals of a drill: how many fell outside
//! the model's 5–95 % band, against the tenth of them a well-calibrated
//! model leaves outside by chance, and how likely at least that many are
//! by chance alone (a binomial tail, summed exactly).
//!
//! The actuals of one drill are not independent — its RTO is made of its
//! steps — so the probability is a guide, not a test: a slow step and the
//! RTO it delays fall outside together.

use serde::Serialize;
use statrs::function::factorial::ln_binomial;

/// The share of actuals a well-calibrated model leaves outside its
/// 5–95 % band by chance: 5 % below, 5 % above.
pub const OUTSIDE_BY_CHANCE: f64 = 0.1;

/// How the actuals of a drill sit in the model's band, over all of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Calibration {
    /// Actuals scored.
    pub actuals: u64,
    /// Of them, outside the model's 5–95 % band (either side).
    pub outside: u64,
    /// How many a well-calibrated model leaves outside by chance:
    /// 0.1 × `actuals`.
    pub expected_outside: f64,
    /// The probability of `outside` or more by chance alone, X ~
    /// Binomial(`actuals`, 0.1): P(X ≥ `outside`), 0–1.
    pub probability: f64,
}

impl Calibration {
    /// The calibration of `outside` of `actuals` actuals outside the band.
    pub fn of(actuals: u64, outside: u64) -> Calibration {
        Calibration {
            actuals,
            outside,
            expected_outside: OUTSIDE_BY_CHANCE * actuals as f64,
            probability: binomial_at_least(actuals, outside, OUTSIDE_BY_CHANCE),
        }
    }
}

/// P(X ≥ `k`) for X ~ Binomial(`n`, `p`), `p` in (0, 1): the sum of the
/// terms from `k` to `n`, each from its logarithm (no cancellation, no
/// overflow of the binomial coefficient).
pub fn binomial_at_least(n: u64, k: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let (ln_p, ln_q) = (p.ln(), (-p).ln_1p());
    let sum: f64 = (k..=n)
        .map(|j| (ln_binomial(n, j) + j as f64 * ln_p + (n - j) as f64 * ln_q).exp())
        .sum();
    sum.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_of_five_outside_by_hand() {
        // P(X ≥ 2) = 1 − P(0) − P(1) = 1 − 0.9⁵ − 5·0.1·0.9⁴ = 0.08146.
        let by_hand = 1.0 - 0.9f64.powi(5) - 5.0 * 0.1 * 0.9f64.powi(4);
        let c = Calibration::of(5, 2);
        assert!((c.probability - by_hand).abs() < 1e-12, "{c:?}");
        assert!((c.expected_outside - 0.5).abs() < 1e-15);
    }

    #[test]
    fn the_tail_is_one_at_zero_and_falls_to_the_last_term() {
        assert_eq!(binomial_at_least(7, 0, 0.1), 1.0);
        assert_eq!(binomial_at_least(0, 0, 0.1), 1.0);
        assert_eq!(binomial_at_least(3, 4, 0.1), 0.0);
        // All ten outside: 0.1¹⁰.
        assert!((binomial_at_least(10, 10, 0.1) / 1e-10 - 1.0).abs() < 1e-9);
        // Decreasing in k, and no overflow for a large n.
        let tail: Vec<f64> = (0..=6)
            .map(|k| binomial_at_least(5000, 480 + k * 10, 0.1))
            .collect();
        assert!(tail.windows(2).all(|w| w[0] > w[1]), "{tail:?}");
        assert!(
            tail.iter()
                .all(|p| p.is_finite() && (0.0..=1.0).contains(p))
        );
    }
}
