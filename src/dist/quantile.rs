//! Quantiles of a distribution, and a distribution pinned at one: what
//! "this input at its optimistic end" means. The quantile comes from the
//! inverse CDF where it has a closed form, and otherwise (PERT, the
//! truncated normal) from [`QUANTILE_DRAWS`] sorted draws of a fixed seed,
//! so it is the same on every machine. A pinned distribution still draws
//! what the original draws and throws it away, so the stream it draws from
//! stays in step with the plan as written (common random numbers).

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::{Dist, MAX_SAMPLE_SECS};

/// Draws behind a quantile without a closed form: the 5th percentile's
/// standard error is then about √(0.05·0.95/N) = 0.07 % of the
/// distribution's mass, well below any difference a plan can state.
pub const QUANTILE_DRAWS: usize = 100_000;

/// Seed of those draws (any fixed number: the quantile must not depend on
/// the simulation's seed).
const QUANTILE_SEED: u64 = 0x5eed_0005;

impl Dist {
    /// The value at or below which a share `p` (0 < p < 1) of draws fall:
    /// the inverse CDF, nearest rank for the discrete ones, and for PERT
    /// and the truncated normal the nearest-rank quantile of
    /// [`QUANTILE_DRAWS`] draws of a fixed seed.
    pub fn quantile(&self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        let q = match self {
            Dist::Fixed(value) => *value,
            Dist::Uniform { min, span } => min + p * span,
            Dist::Triangular { min, mode, max, .. } => triangular(*min, *mode, *max, p),
            Dist::Pert { .. } | Dist::Normal { .. } => self.drawn_quantile(p),
            Dist::LogNormal { median, p95, .. } => {
                // ln X ~ N(ln median, σ²), σ = ln(p95 / median) / z95.
                let sigma = (p95 / median).ln() / super::Z95;
                median * (sigma * inverse_normal(p)).exp()
            }
            Dist::Exponential { mean } => -mean * (1.0 - p).ln(),
            Dist::Weibull { shape, scale, .. } => scale * (-(1.0 - p).ln()).powf(1.0 / shape),
            Dist::Gamma { shape, scale, .. } => super::inverse::gamma(*shape, *scale, p),
            Dist::Empirical(samples) => {
                let weights = vec![1.0; samples.len()];
                discrete(samples, &weights, p)
            }
            Dist::Choice { values, cumulative } => {
                let weights: Vec<f64> = cumulative
                    .iter()
                    .scan(0.0, |before, c| {
                        let w = c - *before;
                        *before = *c;
                        Some(w)
                    })
                    .collect();
                discrete(values, &weights, p)
            }
            Dist::Scaled { factor, inner } => factor * inner.quantile(p),
            Dist::Pinned { value, .. } => *value,
        };
        q.clamp(0.0, MAX_SAMPLE_SECS)
    }

    /// Always its quantile `p`, drawing what it draws (a fixed time stays
    /// fixed: it draws nothing). Pinning a pinned distribution pins the
    /// original anew.
    pub fn pinned(self, p: f64) -> Dist {
        match self {
            Dist::Fixed(value) => Dist::Fixed(value),
            Dist::Pinned { inner, .. } => inner.pinned(p),
            other => Dist::Pinned {
                value: other.quantile(p),
                inner: Box::new(other),
            },
        }
    }

    /// The nearest-rank quantile `p` of [`QUANTILE_DRAWS`] draws.
    fn drawn_quantile(&self, p: f64) -> f64 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(QUANTILE_SEED);
        let mut draws: Vec<f64> = (0..QUANTILE_DRAWS).map(|_| self.sample(&mut rng)).collect();
        draws.sort_by(f64::total_cmp);
        let rank = (p * QUANTILE_DRAWS as f64).ceil() as usize;
        draws[rank.clamp(1, QUANTILE_DRAWS) - 1]
    }
}

/// The triangular distribution's inverse CDF.
pub(super) fn triangular(min: f64, mode: f64, max: f64, p: f64) -> f64 {
    let width = max - min;
    let below_mode = (mode - min) / width;
    if p < below_mode {
        min + (p * width * (mode - min)).sqrt()
    } else {
        max - ((1.0 - p) * width * (max - mode)).sqrt()
    }
}

/// The smallest value whose cumulative weight reaches `p` (weights need
/// not be sorted by value nor normalised; zero weights are never chosen).
fn discrete(values: &[f64], weights: &[f64], p: f64) -> f64 {
    let mut pairs: Vec<(f64, f64)> = values
        .iter()
        .copied()
        .zip(weights.iter().copied())
        .filter(|(_, w)| *w > 0.0)
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|(_, w)| w).sum();
    let mut running = 0.0;
    for (value, weight) in &pairs {
        running += weight / total;
        // A hair of tolerance: 3 equal weights reach 1/3 at the first.
        if running >= p - 1e-12 {
            return *value;
        }
    }
    pairs.last().map_or(0.0, |(v, _)| *v)
}

/// The standard normal's inverse CDF (Acklam's rational approximation,
/// relative error below 1.2·10⁻⁹ over (0, 1)).
fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;
    use crate::dist::tests::one_of_each;

    /// The share of `n` draws at or below `q`.
    fn share_at_most(dist: &Dist, q: f64, n: usize) -> f64 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
        (0..n).filter(|_| dist.sample(&mut rng) <= q).count() as f64 / n as f64
    }

    #[test]
    fn the_5th_percentile_has_5_percent_of_draws_at_or_below_it() {
        let n = 200_000;
        // Binomial sd of the share at 5 %: √(0.05·0.95/n) = 0.0005; 5 sd,
        // plus the drawn quantiles' own error (about 0.0007 at 5 sd).
        let tolerance = 5.0 * (0.05f64 * 0.95 / n as f64).sqrt() + 0.0007;
        for dist in one_of_each() {
            let q = dist.quantile(0.05);
            let share = share_at_most(&dist, q, n);
            match &dist {
                // Discrete: at least 5 % at or below, and less just below.
                Dist::Fixed(_) | Dist::Empirical(_) | Dist::Choice { .. } => {
                    assert!(share >= 0.05 - tolerance, "{dist:?}: {share}");
                }
                _ => assert!((share - 0.05).abs() < tolerance, "{dist:?}: q {q}, {share}"),
            }
        }
    }

    #[test]
    fn closed_forms_give_the_textbook_values() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);
        assert!(close(
            Dist::uniform(60.0, 600.0).unwrap().quantile(0.05),
            87.0
        ));
        // Triangular 0–100, mode 50: F(x) = x²/5000 below the mode.
        let t = Dist::triangular(0.0, 50.0, 100.0).unwrap();
        assert!(close(t.quantile(0.05), (0.05f64 * 5000.0).sqrt()));
        assert!(close(t.quantile(0.5), 50.0));
        // Lognormal: the median and p95 it was stated by come back.
        let l = Dist::lognormal(600.0, 1800.0).unwrap();
        assert!(close(l.quantile(0.5), 600.0));
        assert!(close(l.quantile(0.95), 1800.0));
        // ... and its 5th percentile is median² / p95.
        assert!(close(l.quantile(0.05), 200.0));
        assert!(close(
            Dist::exponential(100.0).unwrap().quantile(0.5),
            100.0 * 2f64.ln()
        ));
        let w = Dist::weibull(1.0, 100.0).unwrap();
        assert!(close(w.quantile(0.5), 100.0 * 2f64.ln()));
        // Gamma of shape 1 is exponential with mean `scale`.
        let g = Dist::gamma(1.0, 100.0).unwrap();
        assert!(close(g.quantile(0.5), 100.0 * 2f64.ln()));
        assert!(close(g.quantile(0.05), -100.0 * 0.95f64.ln()));
        let e = Dist::empirical(vec![30.0, 10.0, 20.0]).unwrap();
        assert_eq!(e.quantile(0.05), 10.0);
        assert_eq!(e.quantile(1.0 / 3.0), 10.0);
        assert_eq!(e.quantile(0.5), 20.0);
        let c = Dist::choice(vec![600.0, 60.0, 3600.0], vec![5.0, 0.0, 2.0]).unwrap();
        assert_eq!(c.quantile(0.05), 600.0, "the zero weight is never chosen");
        assert_eq!(c.quantile(0.9), 3600.0);
        assert_eq!(Dist::fixed(42.0).quantile(0.05), 42.0);
        let scaled = Dist::uniform(60.0, 600.0).unwrap().scaled(0.5).unwrap();
        assert!(close(scaled.quantile(0.05), 43.5));
    }

    #[test]
    fn the_inverse_normal_matches_known_points() {
        assert!((inverse_normal(0.5)).abs() < 1e-9);
        assert!((inverse_normal(0.95) - super::super::Z95).abs() < 1e-8);
        assert!((inverse_normal(0.05) + super::super::Z95).abs() < 1e-8);
        assert!((inverse_normal(0.001) + 3.090_232_306_167_813).abs() < 1e-7);
    }

    #[test]
    fn a_pinned_distribution_returns_its_quantile_and_keeps_the_stream_in_step() {
        for dist in one_of_each() {
            let q = dist.quantile(0.05);
            let pinned = dist.clone().pinned(0.05);
            let mut a = Xoshiro256PlusPlus::seed_from_u64(3);
            let mut b = Xoshiro256PlusPlus::seed_from_u64(3);
            for _ in 0..200 {
                dist.sample(&mut a);
                assert_eq!(pinned.sample(&mut b).to_bits(), q.to_bits(), "{dist:?}");
                assert_eq!(a.random::<u64>(), b.random::<u64>(), "{dist:?}");
            }
            // Pinning again pins the original.
            let again = pinned.pinned(0.5);
            assert_eq!(again.quantile(0.3).to_bits(), dist.quantile(0.5).to_bits());
        }
    }
}
