//! Fixed-seed statistical tests of every distribution against its closed
//! form, parameter checks, and determinism.
//!
//! Each statistical test draws `N` samples from a fixed seed and compares the
//! sample mean and variance with the closed forms. Tolerances come from the
//! sample size: the mean within 4 standard errors, `4·σ/√n`; the variance
//! within 5 standard errors of the sample variance, `5·√((μ₄ − σ⁴)/n)`, with
//! `μ₄` the closed-form fourth central moment. Frequencies of discrete
//! outcomes lie within `4·√(p(1−p)/n)` of their probability `p`. With a fixed
//! seed the tests are deterministic; a correct sampler would fail a 4σ check
//! for about one seed in 16 000.

use super::*;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use statrs::distribution as sd;
use statrs::statistics::Distribution as _;

/// Samples per statistical test.
const N: usize = 200_000;

/// The seed of every statistical test.
const SEED: u64 = 0x0D15_A57E_5EED;

/// Mean, variance and fourth central moment of a distribution.
#[derive(Debug, Clone, Copy)]
struct Moments {
    mean: f64,
    var: f64,
    mu4: f64,
}

impl Moments {
    /// From the raw moments `E[X]`, `E[X²]`, `E[X³]`, `E[X⁴]`.
    fn from_raw([m1, m2, m3, m4]: [f64; 4]) -> Moments {
        Moments {
            mean: m1,
            var: m2 - m1 * m1,
            mu4: m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1.powi(4),
        }
    }

    /// The moments of `offset + scale·X`.
    fn affine(self, offset: f64, scale: f64) -> Moments {
        Moments {
            mean: offset + scale * self.mean,
            var: scale.powi(2) * self.var,
            mu4: scale.powi(4) * self.mu4,
        }
    }

    /// The moments of a discrete distribution; `weights` need not sum to 1.
    fn discrete(values: &[f64], weights: &[f64]) -> Moments {
        let total: f64 = weights.iter().sum();
        let expect = |f: &dyn Fn(f64) -> f64| -> f64 {
            values
                .iter()
                .zip(weights)
                .map(|(v, w)| w / total * f(*v))
                .sum()
        };
        let mean = expect(&|v| v);
        Moments {
            mean,
            var: expect(&|v| (v - mean).powi(2)),
            mu4: expect(&|v| (v - mean).powi(4)),
        }
    }
}

/// `N` samples of `dist` from the generator seeded with `seed`.
fn draw(dist: &Dist, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..N).map(|_| dist.sample(&mut rng)).collect()
}

/// Every sample is finite and within `[lo, hi]` (and `lo >= 0`).
fn assert_support(label: &str, samples: &[f64], lo: f64, hi: f64) {
    assert!(lo >= 0.0, "{label}: test bug, lower bound {lo} below 0");
    for &x in samples {
        assert!(x.is_finite(), "{label}: sample {x} is not finite");
        assert!(
            (lo..=hi).contains(&x),
            "{label}: sample {x} outside [{lo}, {hi}]"
        );
    }
}

/// Sample mean and variance agree with the closed forms.
fn assert_moments(label: &str, samples: &[f64], expected: Moments) {
    let n = samples.len() as f64;
    let mean = samples.iter().sum::<f64>() / n;
    let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);

    // Tolerance: 4 standard errors of the sample mean, 4·σ/√n.
    let mean_tol = 4.0 * expected.var.sqrt() / n.sqrt();
    assert!(
        (mean - expected.mean).abs() <= mean_tol,
        "{label}: sample mean {mean} vs closed form {} (tolerance {mean_tol}, off by {:.2} tolerances)",
        expected.mean,
        (mean - expected.mean).abs() / mean_tol
    );

    // Tolerance: 5 standard errors of the sample variance, 5·√((μ₄ − σ⁴)/n).
    let var_tol = 5.0 * ((expected.mu4 - expected.var.powi(2)) / n).sqrt();
    assert!(
        var_tol.is_finite() && var_tol > 0.0,
        "{label}: test bug, variance tolerance {var_tol}"
    );
    assert!(
        (var - expected.var).abs() <= var_tol,
        "{label}: sample variance {var} vs closed form {} (tolerance {var_tol}, off by {:.2} tolerances)",
        expected.var,
        (var - expected.var).abs() / var_tol
    );
}

/// `a` and `b` agree to a relative `1e-9`: two closed forms of one quantity.
fn assert_same(label: &str, a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()),
        "{label}: closed forms disagree, {a} vs {b}"
    );
}

/// The fraction of samples for which `pred` holds is `p`.
fn assert_fraction(label: &str, samples: &[f64], pred: impl Fn(f64) -> bool, p: f64) {
    let n = samples.len() as f64;
    let observed = samples.iter().filter(|x| pred(**x)).count() as f64 / n;
    // Tolerance: 4 standard errors of a binomial proportion, 4·√(p(1−p)/n).
    let tol = 4.0 * (p * (1.0 - p) / n).sqrt();
    assert!(
        (observed - p).abs() <= tol,
        "{label}: observed frequency {observed} vs {p} (tolerance {tol}, off by {:.2} tolerances)",
        (observed - p).abs() / tol
    );
}

/// Frequencies of the listed `values` follow `weights` (normalised); no
/// other value appears and a zero-weight value never does.
fn assert_discrete_frequencies(label: &str, samples: &[f64], values: &[f64], weights: &[f64]) {
    let total: f64 = weights.iter().sum();
    let mut counts = vec![0_usize; values.len()];
    for &x in samples {
        let index = values
            .iter()
            .position(|v| *v == x)
            .unwrap_or_else(|| panic!("{label}: sample {x} is not one of {values:?}"));
        counts[index] += 1;
    }
    let n = samples.len() as f64;
    for ((value, weight), count) in values.iter().zip(weights).zip(&counts) {
        let p = weight / total;
        if p == 0.0 {
            assert_eq!(*count, 0, "{label}: zero-weight value {value} was drawn");
            continue;
        }
        let observed = *count as f64 / n;
        // Tolerance: 4 standard errors of a binomial proportion, 4·√(p(1−p)/n).
        let tol = 4.0 * (p * (1.0 - p) / n).sqrt();
        assert!(
            (observed - p).abs() <= tol,
            "{label}: value {value} drawn with frequency {observed} vs {p} (tolerance {tol}, off by {:.2} tolerances)",
            (observed - p).abs() / tol
        );
    }
}

/// Raw moments `E[B^k]`, k = 1..4, of Beta(α, β): `∏_{r<k} (α+r)/(α+β+r)`.
fn beta_raw(alpha: f64, beta: f64) -> [f64; 4] {
    let mut raw = [0.0; 4];
    let mut product = 1.0;
    for (r, slot) in raw.iter_mut().enumerate() {
        let r = r as f64;
        product *= (alpha + r) / (alpha + beta + r);
        *slot = product;
    }
    raw
}

/// Closed-form moments of N(mean, sd²) conditioned on being at least 0.
///
/// With `a = −mean/sd`, `λ = φ(a)/(1−Φ(a))`, the standard normal tail above
/// `a` has raw moments `m₀ = 1`, `m₁ = λ`, `m_k = a^{k−1}·λ + (k−1)·m_{k−2}`
/// (integrate `z^k φ(z)` by parts); so mean `= λ` and variance
/// `= 1 + aλ − λ²`. `1 − Φ(a)` is computed as `erfc(a/√2)/2` so that it
/// keeps its precision far in the tail.
fn truncated_normal_moments(mean: f64, sd: f64) -> Moments {
    let a = -mean / sd;
    let phi = (-a * a / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let upper_tail = 0.5 * statrs::function::erf::erfc(a / std::f64::consts::SQRT_2);
    let lambda = phi / upper_tail;
    let m1 = lambda;
    let m2 = a * lambda + 1.0;
    let m3 = a.powi(2) * lambda + 2.0 * m1;
    let m4 = a.powi(3) * lambda + 3.0 * m2;
    let standard = Moments::from_raw([m1, m2, m3, m4]);
    assert_same("truncated normal mean", standard.mean, lambda);
    assert_same(
        "truncated normal variance",
        standard.var,
        1.0 + a * lambda - lambda * lambda,
    );
    standard.affine(mean, sd)
}

// ---------------------------------------------------------------------------
// Statistical tests, one distribution (family) per test.
// ---------------------------------------------------------------------------

#[test]
fn fixed_always_returns_its_value() {
    let dist = Dist::fixed(900.0);
    assert!(matches!(dist, Dist::Fixed(_)));
    let samples = draw(&dist, SEED);
    assert!(samples.iter().all(|x| *x == 900.0));
}

#[test]
fn uniform_matches_closed_form() {
    let (min, max) = (60.0, 600.0);
    let dist = Dist::uniform(min, max).unwrap();
    // U(0, 1): E[U^k] = 1/(k+1), so variance 1/12 and μ₄ = 1/80.
    let expected =
        Moments::from_raw([1.0 / 2.0, 1.0 / 3.0, 1.0 / 4.0, 1.0 / 5.0]).affine(min, max - min);
    let statrs = sd::Uniform::new(min, max).unwrap();
    assert_same("uniform mean", expected.mean, statrs.mean().unwrap());
    assert_same("uniform variance", expected.var, statrs.variance().unwrap());
    assert_same("uniform mu4", expected.mu4, (max - min).powi(4) / 80.0);

    let samples = draw(&dist, SEED);
    assert_support("uniform", &samples, min, max);
    assert!(samples.iter().all(|x| *x < max), "uniform reached max");
    assert_moments("uniform", &samples, expected);
}

#[test]
fn triangular_matches_closed_form() {
    for (min, mode, max) in [
        (300.0, 600.0, 1800.0),
        (0.0, 0.0, 600.0),
        (60.0, 600.0, 600.0),
    ] {
        let label = format!("triangular({min}, {mode}, {max})");
        let dist = Dist::triangular(min, mode, max).unwrap();
        let statrs = sd::Triangular::new(min, max, mode).unwrap();
        let mean = statrs.mean().unwrap();
        let var = statrs.variance().unwrap();
        assert_same(&label, mean, (min + mode + max) / 3.0);
        // Every triangular distribution has excess kurtosis −3/5, so
        // μ₄ = (3 − 3/5)·σ⁴ = 2.4·σ⁴.
        let expected = Moments {
            mean,
            var,
            mu4: 2.4 * var * var,
        };

        let samples = draw(&dist, SEED);
        assert_support(&label, &samples, min, max);
        assert_moments(&label, &samples, expected);
    }
}

/// PERT(min, mode, max, shape) = min + (max − min)·Beta(α, β).
fn check_pert(min: f64, mode: f64, max: f64, shape: Option<f64>) {
    let label = format!("pert({min}, {mode}, {max}, {shape:?})");
    let dist = Dist::pert(min, mode, max, shape).unwrap();
    let s = shape.unwrap_or(4.0);
    let alpha = 1.0 + s * (mode - min) / (max - min);
    let beta = 1.0 + s * (max - mode) / (max - min);
    let expected = Moments::from_raw(beta_raw(alpha, beta)).affine(min, max - min);
    let statrs = sd::Beta::new(alpha, beta).unwrap();
    assert_same(
        &label,
        expected.mean,
        min + (max - min) * statrs.mean().unwrap(),
    );
    assert_same(
        &label,
        expected.var,
        (max - min).powi(2) * statrs.variance().unwrap(),
    );
    // The mean the spec states: (min + shape·mode + max)/(shape + 2).
    assert_same(&label, expected.mean, (min + s * mode + max) / (s + 2.0));

    let samples = draw(&dist, SEED);
    assert_support(&label, &samples, min, max);
    assert_moments(&label, &samples, expected);
}

#[test]
fn pert_default_shape_matches_closed_form() {
    check_pert(300.0, 900.0, 3600.0, None);
}

#[test]
fn pert_shape_2_matches_closed_form() {
    check_pert(300.0, 900.0, 3600.0, Some(2.0));
}

#[test]
fn pert_mode_at_an_end_matches_closed_form() {
    check_pert(0.0, 0.0, 3600.0, None);
    check_pert(60.0, 600.0, 600.0, Some(10.0));
}

fn check_normal(mean: f64, sd: f64) -> Vec<f64> {
    let label = format!("normal(mean {mean}, sd {sd})");
    let dist = Dist::normal(mean, sd).unwrap();
    let expected = truncated_normal_moments(mean, sd);
    let samples = draw(&dist, SEED);
    assert_support(&label, &samples, 0.0, f64::MAX);
    assert_moments(&label, &samples, expected);
    samples
}

#[test]
fn normal_far_above_zero_is_plain_normal() {
    let (mean, sdev) = (3600.0, 360.0);
    let expected = truncated_normal_moments(mean, sdev);
    // Truncation 10 sd below the mean (mass 7.6e-24) is negligible: the
    // plain normal's moments.
    let plain = sd::Normal::new(mean, sdev).unwrap();
    assert_same("normal mean", expected.mean, plain.mean().unwrap());
    assert_same("normal variance", expected.var, plain.variance().unwrap());
    assert_same("normal mu4", expected.mu4, 3.0 * sdev.powi(4));
    check_normal(mean, sdev);
}

#[test]
fn normal_with_mean_zero_is_half_normal() {
    let sdev = 600.0;
    let expected = truncated_normal_moments(0.0, sdev);
    // Half-normal: mean σ·√(2/π), variance σ²·(1 − 2/π).
    let pi = std::f64::consts::PI;
    assert_same("half-normal mean", expected.mean, sdev * (2.0 / pi).sqrt());
    assert_same(
        "half-normal variance",
        expected.var,
        sdev * sdev * (1.0 - 2.0 / pi),
    );
    check_normal(0.0, sdev);
}

#[test]
fn normal_slightly_below_zero_is_truncated() {
    check_normal(-300.0, 600.0);
}

#[test]
fn normal_far_below_zero_is_truncated() {
    // mean = −10·sd: only 7.6e-24 of the untruncated mass is above 0.
    let samples = check_normal(-6000.0, 600.0);
    assert!(samples.iter().any(|x| *x > 0.0));
}

/// Counts the 64-bit words a sampler takes from the generator.
struct CountingRng {
    inner: Xoshiro256PlusPlus,
    words: u64,
}

impl rand::TryRng for CountingRng {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        self.words += 1;
        Ok(self.inner.next_u32())
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.words += 1;
        Ok(self.inner.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.words += dst.len().div_ceil(8) as u64;
        self.inner.fill_bytes(dst);
        Ok(())
    }
}

#[test]
fn normal_far_below_zero_samples_quickly() {
    // "Quickly" measured deterministically: random words used per sample.
    // Naive resampling would need ~1/P(X ≥ 0) words per sample (1.3e23 at
    // mean = −10·sd); the tail sampler accepts with probability above 0.7,
    // using about 2 words per attempt: 2.0 to 2.7 words per sample here.
    for (mean, sdev) in [
        (-6000.0, 600.0),
        (-300.0, 600.0),
        (-1.0e6, 1.0),
        (-1.0, 1.0e6),
    ] {
        let dist = Dist::normal(mean, sdev).unwrap();
        let mut rng = CountingRng {
            inner: Xoshiro256PlusPlus::seed_from_u64(SEED),
            words: 0,
        };
        for _ in 0..N {
            let x = dist.sample(&mut rng);
            assert!(
                x.is_finite() && x >= 0.0,
                "normal({mean}, {sdev}) sampled {x}"
            );
        }
        let per_sample = rng.words as f64 / N as f64;
        assert!(
            per_sample < 4.0,
            "normal({mean}, {sdev}) used {per_sample} random words per sample"
        );
    }
}

#[test]
fn lognormal_matches_closed_form() {
    for (median, p95) in [(600.0, 1800.0), (300.0, 330.0)] {
        let label = format!("lognormal(median {median}, p95 {p95})");
        let dist = Dist::lognormal(median, p95).unwrap();
        let sigma = (p95 / median).ln() / Z95;
        // X/median = exp(σ·Z): E[(X/median)^k] = exp(k²σ²/2).
        let raw = [1.0, 2.0, 3.0, 4.0].map(|k: f64| (k * k * sigma * sigma / 2.0).exp());
        let expected = Moments::from_raw(raw).affine(0.0, median);
        let statrs = sd::LogNormal::new(median.ln(), sigma).unwrap();
        assert_same(&label, expected.mean, statrs.mean().unwrap());
        assert_same(&label, expected.var, statrs.variance().unwrap());

        let samples = draw(&dist, SEED);
        assert_support(&label, &samples, 0.0, f64::MAX);
        assert!(samples.iter().all(|x| *x > 0.0), "{label}: sampled 0");
        assert_moments(&label, &samples, expected);
        // The planner's reading: "usually median, 1 in 20 times p95 or more".
        assert_fraction(&label, &samples, |x| x <= median, 0.5);
        assert_fraction(&label, &samples, |x| x >= p95, 0.05);
    }
}

#[test]
fn exponential_matches_closed_form() {
    let mean = 1800.0;
    let dist = Dist::exponential(mean).unwrap();
    // Exp(1): E[X^k] = k!, so variance 1 and μ₄ = 9.
    let expected = Moments::from_raw([1.0, 2.0, 6.0, 24.0]).affine(0.0, mean);
    let statrs = sd::Exp::new(1.0 / mean).unwrap();
    assert_same("exponential mean", expected.mean, statrs.mean().unwrap());
    assert_same(
        "exponential variance",
        expected.var,
        statrs.variance().unwrap(),
    );
    assert_same("exponential mu4", expected.mu4, 9.0 * mean.powi(4));

    let samples = draw(&dist, SEED);
    assert_support("exponential", &samples, 0.0, f64::MAX);
    assert_moments("exponential", &samples, expected);
    // P(X > mean) = 1/e.
    assert_fraction("exponential", &samples, |x| x > mean, (-1.0_f64).exp());
}

#[test]
fn weibull_matches_closed_form() {
    for (shape, scale) in [(0.7, 3600.0), (2.5, 3600.0)] {
        let label = format!("weibull(shape {shape}, scale {scale})");
        let dist = Dist::weibull(shape, scale).unwrap();
        // X/scale: E[(X/scale)^k] = Γ(1 + k/shape).
        let raw =
            [1.0, 2.0, 3.0, 4.0].map(|k: f64| statrs::function::gamma::gamma(1.0 + k / shape));
        let expected = Moments::from_raw(raw).affine(0.0, scale);
        // statrs takes (shape, scale); rand_distr takes (scale, shape).
        let statrs = sd::Weibull::new(shape, scale).unwrap();
        assert_same(&label, expected.mean, statrs.mean().unwrap());
        assert_same(&label, expected.var, statrs.variance().unwrap());

        let samples = draw(&dist, SEED);
        assert_support(&label, &samples, 0.0, f64::MAX);
        assert_moments(&label, &samples, expected);
        // P(X > scale) = 1/e for every shape.
        assert_fraction(&label, &samples, |x| x > scale, (-1.0_f64).exp());
    }
}

#[test]
fn gamma_matches_closed_form() {
    for (shape, scale) in [(0.6, 3600.0), (4.0, 600.0)] {
        let label = format!("gamma(shape {shape}, scale {scale})");
        let dist = Dist::gamma(shape, scale).unwrap();
        // X/scale: E[(X/scale)^k] = Γ(shape + k) / Γ(shape).
        let g = statrs::function::gamma::ln_gamma;
        let raw = [1.0, 2.0, 3.0, 4.0].map(|k: f64| (g(shape + k) - g(shape)).exp());
        let expected = Moments::from_raw(raw).affine(0.0, scale);
        // statrs takes (shape, rate); rand_distr takes (shape, scale).
        let statrs = sd::Gamma::new(shape, 1.0 / scale).unwrap();
        assert_same(&label, expected.mean, statrs.mean().unwrap());
        assert_same(&label, expected.var, statrs.variance().unwrap());

        let samples = draw(&dist, SEED);
        assert_support(&label, &samples, 0.0, f64::MAX);
        assert_moments(&label, &samples, expected);
        // P(X > mean), from the regularised upper incomplete gamma function.
        let above = statrs::function::gamma::gamma_ur(shape, shape);
        assert_fraction(&label, &samples, |x| x > shape * scale, above);
    }
}

#[test]
fn weibull_extreme_shapes_stay_finite() {
    for shape in [0.1, 100.0] {
        let dist = Dist::weibull(shape, 3600.0).unwrap();
        let samples = draw(&dist, SEED);
        assert_support(&format!("weibull(shape {shape})"), &samples, 0.0, f64::MAX);
    }
}

#[test]
fn empirical_returns_listed_values_equally_often() {
    let values = [1200.0, 1500.0, 2100.0, 2700.0, 4000.0];
    let dist = Dist::empirical(values.to_vec()).unwrap();
    let weights = [1.0; 5];
    let samples = draw(&dist, SEED);
    assert_support("empirical", &samples, 1200.0, 4000.0);
    assert_discrete_frequencies("empirical", &samples, &values, &weights);
    assert_moments("empirical", &samples, Moments::discrete(&values, &weights));

    let single = Dist::empirical(vec![42.0]).unwrap();
    assert!(draw(&single, SEED).iter().all(|x| *x == 42.0));
}

#[test]
fn choice_follows_normalised_weights() {
    // Uneven weights with a zero weight in the middle; they sum to 10, not 1.
    let values = [600.0, 1800.0, 3600.0, 7200.0];
    let weights = [5.0, 3.0, 0.0, 2.0];
    let dist = Dist::choice(values.to_vec(), weights.to_vec()).unwrap();
    let samples = draw(&dist, SEED);
    assert_support("choice", &samples, 600.0, 7200.0);
    assert_discrete_frequencies("choice", &samples, &values, &weights);
    assert_moments("choice", &samples, Moments::discrete(&values, &weights));
}

#[test]
fn choice_zero_weights_at_the_ends_are_never_drawn() {
    let values = [0.0, 60.0, 120.0, 180.0];
    let weights = [0.0, 0.25, 0.75, 0.0];
    let dist = Dist::choice(values.to_vec(), weights.to_vec()).unwrap();
    let samples = draw(&dist, SEED);
    assert_discrete_frequencies("choice with zero ends", &samples, &values, &weights);
    assert_moments(
        "choice with zero ends",
        &samples,
        Moments::discrete(&values, &weights),
    );

    let single = Dist::choice(vec![42.0], vec![0.5]).unwrap();
    assert!(draw(&single, SEED).iter().all(|x| *x == 42.0));
}

/// A generator whose every word is `u64::MAX`, so `random::<f64>()` is the
/// largest value below 1, `1 − 2⁻⁵³`.
struct MaxRng;

impl rand::TryRng for MaxRng {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::MAX)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::MAX)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(u8::MAX);
        Ok(())
    }
}

#[test]
fn choice_trailing_zero_weight_survives_rounding() {
    // Seven equal weights sum, normalised one by one, to 1 − 2⁻⁵² rather
    // than 1; without closing the sum at the last positive weight, the
    // largest uniform draw would pick the zero-weight value.
    let mut values: Vec<f64> = (1..=8).map(|i| 60.0 * f64::from(i)).collect();
    let mut weights = vec![1.0; 7];
    weights.push(0.0);
    let running = weights.iter().fold(0.0, |sum, w| sum + w / 7.0);
    assert!(
        running < 1.0,
        "test premise: the running sum rounds below 1"
    );
    let dist = Dist::choice(values.clone(), weights).unwrap();
    assert_eq!(dist.sample(&mut MaxRng), values[6]);

    // The same with a run of trailing zeros.
    values.push(600.0);
    let weights = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0];
    let dist = Dist::choice(values.clone(), weights.to_vec()).unwrap();
    assert_eq!(dist.sample(&mut MaxRng), values[6]);
}

// ---------------------------------------------------------------------------
// Parameter checks.
// ---------------------------------------------------------------------------

/// `result` is an error about `field` with a message.
fn assert_rejected(label: &str, result: Result<Dist, DistError>, field: &str) {
    match result {
        Ok(dist) => panic!("{label}: accepted as {dist:?}, expected an error about {field:?}"),
        Err(error) => {
            assert_eq!(error.field, field, "{label}: wrong field ({error})");
            assert!(!error.message.trim().is_empty(), "{label}: empty message");
            assert_eq!(error.to_string(), error.message, "{label}: Display");
        }
    }
}

#[test]
fn uniform_rejects_bad_bounds() {
    assert_rejected("uniform min == max", Dist::uniform(60.0, 60.0), "max");
    assert_rejected("uniform min > max", Dist::uniform(600.0, 60.0), "max");
    assert_rejected("uniform NaN max", Dist::uniform(0.0, f64::NAN), "max");
    assert_rejected("uniform NaN min", Dist::uniform(f64::NAN, 60.0), "min");
    assert_rejected("uniform inf max", Dist::uniform(0.0, f64::INFINITY), "max");
    assert_rejected(
        "uniform -inf min",
        Dist::uniform(f64::NEG_INFINITY, 60.0),
        "min",
    );
}

#[test]
fn triangular_rejects_bad_parameters() {
    assert_rejected(
        "triangular mode < min",
        Dist::triangular(60.0, 30.0, 600.0),
        "mode",
    );
    assert_rejected(
        "triangular mode > max",
        Dist::triangular(60.0, 900.0, 600.0),
        "mode",
    );
    assert_rejected(
        "triangular NaN mode",
        Dist::triangular(60.0, f64::NAN, 600.0),
        "mode",
    );
    assert_rejected(
        "triangular min == max",
        Dist::triangular(60.0, 60.0, 60.0),
        "max",
    );
    assert_rejected(
        "triangular min > max",
        Dist::triangular(600.0, 300.0, 60.0),
        "max",
    );
}

#[test]
fn pert_rejects_bad_parameters() {
    assert_rejected(
        "pert shape 0",
        Dist::pert(0.0, 60.0, 600.0, Some(0.0)),
        "shape",
    );
    assert_rejected(
        "pert shape NaN",
        Dist::pert(0.0, 60.0, 600.0, Some(f64::NAN)),
        "shape",
    );
    assert_rejected(
        "pert shape < 0",
        Dist::pert(0.0, 60.0, 600.0, Some(-1.0)),
        "shape",
    );
    assert_rejected(
        "pert shape inf",
        Dist::pert(0.0, 60.0, 600.0, Some(f64::INFINITY)),
        "shape",
    );
    assert_rejected(
        "pert shape > 1000",
        Dist::pert(0.0, 60.0, 600.0, Some(1000.5)),
        "shape",
    );
    assert_rejected(
        "pert mode < min",
        Dist::pert(60.0, 0.0, 600.0, None),
        "mode",
    );
    assert_rejected(
        "pert mode > max",
        Dist::pert(60.0, 700.0, 600.0, None),
        "mode",
    );
    assert_rejected("pert min == max", Dist::pert(60.0, 60.0, 60.0, None), "max");
}

#[test]
fn normal_rejects_bad_parameters() {
    assert_rejected("normal sd 0", Dist::normal(600.0, 0.0), "sd");
    assert_rejected("normal sd < 0", Dist::normal(600.0, -60.0), "sd");
    assert_rejected("normal sd NaN", Dist::normal(600.0, f64::NAN), "sd");
    assert_rejected("normal sd inf", Dist::normal(600.0, f64::INFINITY), "sd");
    // A NaN or infinite mean would make the tail sampler loop forever.
    assert_rejected("normal mean NaN", Dist::normal(f64::NAN, 60.0), "mean");
    assert_rejected("normal mean inf", Dist::normal(f64::INFINITY, 60.0), "mean");
    assert_rejected(
        "normal mean -inf",
        Dist::normal(f64::NEG_INFINITY, 60.0),
        "mean",
    );
}

#[test]
fn lognormal_rejects_bad_parameters() {
    assert_rejected(
        "lognormal p95 == median",
        Dist::lognormal(600.0, 600.0),
        "p95",
    );
    assert_rejected(
        "lognormal p95 < median",
        Dist::lognormal(600.0, 300.0),
        "p95",
    );
    assert_rejected("lognormal p95 NaN", Dist::lognormal(600.0, f64::NAN), "p95");
    assert_rejected(
        "lognormal p95 inf",
        Dist::lognormal(600.0, f64::INFINITY),
        "p95",
    );
    assert_rejected("lognormal median 0", Dist::lognormal(0.0, 600.0), "median");
    assert_rejected(
        "lognormal median < 0",
        Dist::lognormal(-60.0, 600.0),
        "median",
    );
    assert_rejected(
        "lognormal median NaN",
        Dist::lognormal(f64::NAN, 600.0),
        "median",
    );
}

#[test]
fn exponential_rejects_bad_mean() {
    assert_rejected("exponential mean 0", Dist::exponential(0.0), "mean");
    assert_rejected("exponential mean < 0", Dist::exponential(-60.0), "mean");
    assert_rejected("exponential mean NaN", Dist::exponential(f64::NAN), "mean");
    assert_rejected(
        "exponential mean inf",
        Dist::exponential(f64::INFINITY),
        "mean",
    );
}

#[test]
fn gamma_rejects_bad_parameters() {
    assert_rejected("gamma shape 0.05", Dist::gamma(0.05, 3600.0), "shape");
    assert_rejected("gamma shape 1001", Dist::gamma(1001.0, 3600.0), "shape");
    assert_rejected("gamma shape NaN", Dist::gamma(f64::NAN, 3600.0), "shape");
    assert_rejected("gamma scale 0", Dist::gamma(2.0, 0.0), "scale");
    assert_rejected("gamma scale < 0", Dist::gamma(2.0, -1.0), "scale");
    assert_rejected("gamma scale inf", Dist::gamma(2.0, f64::INFINITY), "scale");
}

#[test]
fn weibull_rejects_bad_parameters() {
    assert_rejected("weibull shape 0.05", Dist::weibull(0.05, 3600.0), "shape");
    assert_rejected("weibull shape 0", Dist::weibull(0.0, 3600.0), "shape");
    assert_rejected("weibull shape 101", Dist::weibull(101.0, 3600.0), "shape");
    assert_rejected(
        "weibull shape NaN",
        Dist::weibull(f64::NAN, 3600.0),
        "shape",
    );
    assert_rejected("weibull scale 0", Dist::weibull(1.5, 0.0), "scale");
    assert_rejected("weibull scale < 0", Dist::weibull(1.5, -1.0), "scale");
    assert_rejected("weibull scale NaN", Dist::weibull(1.5, f64::NAN), "scale");
    assert_rejected(
        "weibull scale inf",
        Dist::weibull(1.5, f64::INFINITY),
        "scale",
    );
}

#[test]
fn empirical_rejects_bad_samples() {
    assert_rejected("empirical empty", Dist::empirical(Vec::new()), "samples");
    assert_rejected(
        "empirical negative",
        Dist::empirical(vec![60.0, -1.0]),
        "samples",
    );
    assert_rejected("empirical NaN", Dist::empirical(vec![f64::NAN]), "samples");
    assert_rejected(
        "empirical inf",
        Dist::empirical(vec![f64::INFINITY]),
        "samples",
    );
}

#[test]
fn choice_rejects_bad_weights() {
    let values = || vec![60.0, 600.0];
    assert_rejected(
        "choice fewer weights",
        Dist::choice(values(), vec![1.0]),
        "weights",
    );
    assert_rejected(
        "choice more weights",
        Dist::choice(values(), vec![1.0, 1.0, 1.0]),
        "weights",
    );
    assert_rejected(
        "choice negative weight",
        Dist::choice(values(), vec![1.0, -0.5]),
        "weights",
    );
    assert_rejected(
        "choice all-zero weights",
        Dist::choice(values(), vec![0.0, 0.0]),
        "weights",
    );
    assert_rejected(
        "choice NaN weight",
        Dist::choice(values(), vec![1.0, f64::NAN]),
        "weights",
    );
    assert_rejected(
        "choice inf weight",
        Dist::choice(values(), vec![1.0, f64::INFINITY]),
        "weights",
    );
    assert_rejected(
        "choice overflowing sum",
        Dist::choice(values(), vec![f64::MAX, f64::MAX]),
        "weights",
    );
    assert_rejected(
        "choice no values",
        Dist::choice(Vec::new(), Vec::new()),
        "values",
    );
    assert_rejected(
        "choice negative value",
        Dist::choice(vec![-5.0], vec![1.0]),
        "values",
    );
    assert_rejected(
        "choice NaN value",
        Dist::choice(vec![f64::NAN], vec![1.0]),
        "values",
    );
}

#[test]
fn boundary_parameters_are_accepted() {
    assert!(Dist::triangular(0.0, 0.0, 60.0).is_ok());
    assert!(Dist::triangular(0.0, 60.0, 60.0).is_ok());
    assert!(Dist::pert(0.0, 0.0, 60.0, None).is_ok());
    assert!(Dist::pert(0.0, 60.0, 60.0, Some(1000.0)).is_ok());
    assert!(Dist::normal(0.0, 1e-9).is_ok());
    assert!(Dist::weibull(0.1, 1.0).is_ok());
    assert!(Dist::weibull(100.0, 1.0).is_ok());
    assert!(Dist::gamma(0.1, 1.0).is_ok());
    assert!(Dist::gamma(1000.0, 1.0).is_ok());
    assert!(Dist::choice(vec![60.0, 600.0], vec![0.0, 1.0]).is_ok());
}

// ---------------------------------------------------------------------------
// Determinism.
// ---------------------------------------------------------------------------

/// One instance of each of the eleven distributions.
pub(super) fn one_of_each() -> Vec<Dist> {
    vec![
        Dist::fixed(900.0),
        Dist::uniform(60.0, 600.0).unwrap(),
        Dist::triangular(300.0, 600.0, 1800.0).unwrap(),
        Dist::pert(300.0, 900.0, 3600.0, None).unwrap(),
        Dist::normal(-300.0, 600.0).unwrap(),
        Dist::normal(3600.0, 600.0).unwrap(),
        Dist::lognormal(600.0, 1800.0).unwrap(),
        Dist::exponential(1800.0).unwrap(),
        Dist::weibull(0.7, 3600.0).unwrap(),
        Dist::gamma(2.5, 720.0).unwrap(),
        Dist::empirical(vec![1200.0, 1500.0, 2100.0]).unwrap(),
        Dist::choice(vec![600.0, 1800.0, 3600.0], vec![5.0, 0.0, 2.0]).unwrap(),
    ]
}

fn sequence(dist: &Dist, seed: u64) -> Vec<u64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..1000).map(|_| dist.sample(&mut rng).to_bits()).collect()
}

#[test]
fn same_seed_gives_the_same_sequence() {
    for dist in one_of_each() {
        let first = sequence(&dist, 7);
        assert_eq!(first, sequence(&dist, 7), "{dist:?}");
        assert_eq!(first, sequence(&dist.clone(), 7), "{dist:?} cloned");
        if !matches!(dist, Dist::Fixed(_)) {
            assert_ne!(first, sequence(&dist, 8), "{dist:?}: seed ignored");
        }
    }
}

#[test]
fn sampling_through_a_trait_object_matches() {
    // The engine may hold `&mut dyn Rng`; the stream must not depend on it.
    for dist in one_of_each() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let dynamic: &mut dyn Rng = &mut rng;
        let via_dyn: Vec<u64> = (0..1000)
            .map(|_| dist.sample(&mut *dynamic).to_bits())
            .collect();
        assert_eq!(via_dyn, sequence(&dist, 7), "{dist:?}");
    }
}

#[test]
fn negative_lower_bounds_are_rejected() {
    for (label, d) in [
        ("uniform", Dist::uniform(-10.0, 10.0)),
        ("triangular", Dist::triangular(-10.0, 0.0, 10.0)),
        ("pert", Dist::pert(-10.0, 0.0, 10.0, None)),
    ] {
        assert_eq!(d.map(|_| ()).unwrap_err().field, "min", "{label}");
    }
}

#[test]
fn extreme_parameters_sample_finite_capped_values() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    for d in [
        Dist::lognormal(1.0, f64::MAX).unwrap(),
        Dist::exponential(1e308).unwrap(),
        Dist::normal(1e300, 1e300).unwrap(),
    ] {
        for _ in 0..10_000 {
            let x = d.sample(&mut rng);
            assert!(
                x.is_finite() && (0.0..=MAX_SAMPLE_SECS).contains(&x),
                "{d:?}: {x}"
            );
        }
    }
}
