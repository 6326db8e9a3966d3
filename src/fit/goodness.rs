//! Whether a fitted family is believable at all: the Anderson–Darling
//! statistic, which weighs the tails (where a recovery budget breaks), and
//! its p-value by parametric bootstrap — samples of the same size drawn
//! from the fitted distribution and refitted the same way — because the
//! published critical values assume known parameters or one family.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::family::Family;
use crate::dist::Dist;

/// Bootstrap samples behind a p-value: its standard error is at most
/// √(0.25/500) ≈ 0.022, enough to tell 0.01 from 0.3.
pub const REPLICATES: usize = 500;

/// Most timings the bootstrap refits (500 refits of this many cost about
/// a second); beyond, A² is given without a p-value — and at such sizes
/// any family shows some misfit anyway.
pub const MAX_BOOTSTRAP_TIMINGS: usize = 5_000;

/// The Anderson–Darling check of one fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Goodness {
    /// A² of the timings against the fitted distribution.
    pub statistic: f64,
    /// The share of bootstrap samples (refitted) with an A² at least as
    /// large, (1 + count)/(1 + replicates); `None` above
    /// `MAX_BOOTSTRAP_TIMINGS` (5,000) timings.
    pub p_value: Option<f64>,
    /// Bootstrap samples that could be refitted.
    pub replicates: usize,
}

/// A² of `sorted` (ascending) against `dist`, or `None` when the
/// distribution has no CDF here.
pub fn anderson_darling(dist: &Dist, sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    // Keep ln F and ln(1 − F) finite at the ends of a bounded support.
    let clamp = |p: f64| p.clamp(1e-300, 1.0 - 1e-16);
    let mut sum = 0.0;
    for i in 0..n {
        let low = clamp(dist.cdf(sorted[i])?);
        let high = clamp(dist.cdf(sorted[n - 1 - i])?);
        sum += (2 * i + 1) as f64 * (low.ln() + (1.0 - high).ln());
    }
    Some(-(n as f64) - sum / n as f64)
}

/// A² of `sorted` against `fitted` (of `family`) and its bootstrap
/// p-value, from [`REPLICATES`] samples of a stream seeded with `seed`.
pub fn check(family: Family, fitted: &Dist, sorted: &[f64], seed: u64) -> Option<Goodness> {
    let statistic = anderson_darling(fitted, sorted)?;
    if sorted.len() > MAX_BOOTSTRAP_TIMINGS {
        return Some(Goodness {
            statistic,
            p_value: None,
            replicates: 0,
        });
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut sample = vec![0.0; sorted.len()];
    let (mut replicates, mut as_large) = (0, 0);
    for _ in 0..REPLICATES {
        for x in sample.iter_mut() {
            *x = fitted.sample(&mut rng);
        }
        sample.sort_by(f64::total_cmp);
        if sample[0] <= 0.0 || sample[0] == sample[sample.len() - 1] {
            continue;
        }
        let Some(a2) = family
            .fit(&sample)
            .ok()
            .and_then(|refit| anderson_darling(&refit, &sample))
        else {
            continue;
        };
        replicates += 1;
        if a2 >= statistic {
            as_large += 1;
        }
    }
    Some(Goodness {
        statistic,
        p_value: Some((1 + as_large) as f64 / (1 + replicates) as f64),
        replicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_at_the_distributions_own_quantiles_scores_low() {
        // Values at F⁻¹((i − ½)/n) make A² = 1/(12n)·… ≈ its minimum.
        let d = Dist::exponential(600.0).unwrap();
        let n = 50;
        let sorted: Vec<f64> = (0..n)
            .map(|i| d.quantile((f64::from(i) + 0.5) / f64::from(n)))
            .collect();
        let a2 = anderson_darling(&d, &sorted).unwrap();
        assert!(a2 < 0.05, "A² {a2}");
        // A sample from another shape scores high against it.
        let far: Vec<f64> = (0..n).map(|i| 500.0 + f64::from(i)).collect();
        assert!(anderson_darling(&d, &far).unwrap() > 5.0);
    }

    #[test]
    fn a_poor_fit_has_a_small_p_value_and_a_good_one_does_not() {
        // Two clusters: no lognormal is near it.
        let mut bimodal: Vec<f64> = (0..15).map(|i| 600.0 + f64::from(i)).collect();
        bimodal.extend((0..15).map(|i| 6000.0 + 10.0 * f64::from(i)));
        let fitted = Family::Lognormal.fit(&bimodal).unwrap();
        let poor = check(Family::Lognormal, &fitted, &bimodal, 1).unwrap();
        assert!(poor.p_value.unwrap() < 0.01, "{poor:?}");
        assert!(poor.replicates > REPLICATES * 9 / 10);
        let d = Dist::lognormal(600.0, 1800.0).unwrap();
        let good: Vec<f64> = (0..30)
            .map(|i| d.quantile((f64::from(i) + 0.5) / 30.0))
            .collect();
        let fitted = Family::Lognormal.fit(&good).unwrap();
        let p = check(Family::Lognormal, &fitted, &good, 1).unwrap().p_value;
        assert!(p.unwrap() > 0.5);
    }
}
