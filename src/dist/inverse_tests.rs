//! Tests of the inverse CDFs (`inverse`): the normal functions against
//! 50-digit values (mpmath), every variant's `from_uniform` for order,
//! bounds and agreement with `sample`, and PERT and the truncated normal
//! against CDFs computed independently (statrs' Beta and erfc).
//!
//! Statistical tests draw `N` values from fixed seeds; each tolerance is
//! derived from `N` beside its assertion.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use statrs::function::beta as sb;

use super::inverse::{BELOW_ONE, normal_cdf, normal_quantile, normal_sf};
use super::tests::one_of_each;
use super::{Dist, MAX_SAMPLE_SECS};

/// Draws per statistical test.
const N: usize = 200_000;

/// `a` is within `ulps` units of `expected`'s last place (relative).
fn assert_ulps(label: &str, a: f64, expected: f64, ulps: f64) {
    let tolerance = ulps * f64::EPSILON * expected.abs();
    assert!(
        (a - expected).abs() <= tolerance,
        "{label}: {a:e} vs {expected:e}, off by {:.1} ulps",
        (a - expected).abs() / (f64::EPSILON * expected.abs())
    );
}

// ---------------------------------------------------------------------------
// The standard normal.
// ---------------------------------------------------------------------------

#[test]
fn the_normal_survival_function_matches_50_digit_values() {
    // mpmath: erfc(z/√2)/2. Measured over z in [−39, 38.5] (step 0.0173,
    // 4500 points): at most 6 ulps (relative) where the result is a normal
    // double; allow 8.
    for (z, expected) in [
        (-5.0, 0.999_999_713_348_428_1),
        (-1.0, 0.841_344_746_068_542_9),
        (0.0, 0.5),
        (0.5, 0.308_537_538_725_986_9),
        (1.0, 0.158_655_253_931_457_05),
        (1.959_963_984_540_054, 0.025_000_000_000_000_012),
        (3.0, 0.001_349_898_031_630_094_5),
        (5.0, 2.866_515_718_791_939e-7),
        (10.0, 7.619_853_024_160_526e-24),
        (20.0, 2.753_624_118_606_233_7e-89),
        (37.0, 5.725_571_222_524_577e-300),
    ] {
        assert_ulps(&format!("Q({z})"), normal_sf(z), expected, 8.0);
        assert_ulps(&format!("Φ({})", -z), normal_cdf(-z), expected, 8.0);
    }
}

#[test]
fn the_normal_quantile_matches_50_digit_values() {
    // mpmath, solving Φ(z) = p for the double p. Measured over 11,300
    // p from 10⁻³⁰⁰ to 1 − 10⁻¹⁶: at most 7.3·10⁻¹⁶ relative (6.5 ulps),
    // most within 2; allow 8 ulps.
    for (p, expected) in [
        (1e-300, -37.047_096_299_361_2),
        (1e-100, -21.273_453_560_965_324),
        (1e-20, -9.262_340_089_798_407),
        (1e-10, -6.361_340_902_404_057),
        (0.001, -3.090_232_306_167_813_5),
        (0.025, -1.959_963_984_540_054_2),
        (0.3, -0.524_400_512_708_040_8),
        (0.7, 0.524_400_512_708_040_7),
        (0.975, 1.959_963_984_540_053_9),
        (1.0 - 1e-10, 6.361_340_889_697_422),
        (BELOW_ONE, 8.209_536_151_601_387),
    ] {
        assert_ulps(&format!("Φ⁻¹({p})"), normal_quantile(p), expected, 8.0);
    }
    assert_eq!(normal_quantile(0.5), 0.0);
}

#[test]
fn the_normal_functions_handle_the_ends() {
    assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    assert_eq!(normal_quantile(-1.0), f64::NEG_INFINITY);
    assert_eq!(normal_quantile(1.0), f64::INFINITY);
    assert!(normal_quantile(f64::NAN).is_nan());
    assert_eq!(normal_sf(f64::INFINITY), 0.0);
    assert_eq!(normal_sf(f64::NEG_INFINITY), 1.0);
    assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
    assert!(normal_sf(f64::NAN).is_nan());
    // Past 38.5 the tail is below the smallest double.
    assert_eq!(normal_sf(39.0), 0.0);
    assert!(normal_sf(38.0) > 0.0);
}

// ---------------------------------------------------------------------------
// from_uniform: order and bounds.
// ---------------------------------------------------------------------------

/// Distributions at the edges of what the format allows, beside
/// [`one_of_each`].
fn extremes() -> Vec<Dist> {
    vec![
        Dist::pert(0.0, 0.0, 3600.0, Some(1000.0)).unwrap(),
        Dist::pert(60.0, 600.0, 600.0, Some(10.0)).unwrap(),
        Dist::pert(0.0, 1e-3, 3600.0, Some(1000.0)).unwrap(),
        Dist::pert(0.0, 1800.0, 3600.0, Some(1e-6)).unwrap(),
        Dist::normal(-6000.0, 600.0).unwrap(),
        Dist::normal(-1e6, 1.0).unwrap(),
        Dist::normal(1e300, 1e300).unwrap(),
        Dist::normal(0.0, 1e-9).unwrap(),
        Dist::lognormal(1.0, f64::MAX).unwrap(),
        Dist::exponential(1e308).unwrap(),
        Dist::weibull(0.1, 3600.0).unwrap(),
        Dist::weibull(100.0, 3600.0).unwrap(),
        Dist::gamma(0.1, 3600.0).unwrap(),
        Dist::gamma(1000.0, 3600.0).unwrap(),
        Dist::uniform(60.0, 600.0).unwrap().scaled(0.5).unwrap(),
        Dist::pert(300.0, 900.0, 3600.0, None)
            .unwrap()
            .scaled(1e300)
            .unwrap(),
        Dist::uniform(60.0, 600.0).unwrap().pinned(0.05),
    ]
}

/// Uniforms from 0 to just below 1: a fine grid and both ends' tails.
fn grid() -> Vec<f64> {
    let mut us: Vec<f64> = (0..=10_000).map(|i| f64::from(i) / 10_000.0).collect();
    us.pop(); // 1 is outside [0, 1)
    for k in 1..=16 {
        let tiny = 10f64.powi(-k);
        us.push(tiny);
        us.push(1.0 - tiny);
    }
    us.extend([f64::MIN_POSITIVE, 1e-300, BELOW_ONE]);
    us.sort_by(f64::total_cmp);
    us.dedup();
    us
}

#[test]
fn from_uniform_is_non_decreasing_in_u() {
    // one_of_each lists its empirical samples and choice values in
    // ascending order: only then are those two monotone (see the next test).
    let us = grid();
    for dist in one_of_each().into_iter().chain(extremes()) {
        let mut previous = dist.from_uniform(0.0);
        for &u in &us {
            let x = dist.from_uniform(u);
            assert!(
                x >= previous,
                "{dist:?}: from_uniform({u}) = {x} < {previous}"
            );
            previous = x;
        }
    }
}

#[test]
fn from_uniform_stays_finite_within_bounds_for_any_u() {
    let mut us = grid();
    us.extend([
        -1.0,
        -0.0,
        1.0,
        2.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ]);
    for dist in one_of_each().into_iter().chain(extremes()) {
        for &u in &us {
            let x = dist.from_uniform(u);
            assert!(
                x.is_finite() && (0.0..=MAX_SAMPLE_SECS).contains(&x) && x.is_sign_positive(),
                "{dist:?}: from_uniform({u}) = {x}"
            );
        }
        // Out-of-range u is clamped into [0, 1 − 2⁻⁵³]; NaN is taken as 0.
        assert_eq!(dist.from_uniform(-1.0), dist.from_uniform(0.0), "{dist:?}");
        assert_eq!(
            dist.from_uniform(f64::NAN),
            dist.from_uniform(0.0),
            "{dist:?}"
        );
        assert_eq!(
            dist.from_uniform(2.0),
            dist.from_uniform(BELOW_ONE),
            "{dist:?}"
        );
    }
}

#[test]
fn empirical_and_choice_follow_the_order_of_the_file() {
    // samples[⌊u·n⌋] as listed: not sorted.
    let e = Dist::empirical(vec![30.0, 10.0, 20.0]).unwrap();
    assert_eq!(e.from_uniform(0.0), 30.0);
    assert_eq!(e.from_uniform(0.34), 10.0);
    assert_eq!(e.from_uniform(0.9), 20.0);
    assert_eq!(e.from_uniform(BELOW_ONE), 20.0);
    // Running weights 5/7, 5/7, 1: the zero weight is never chosen.
    let c = Dist::choice(vec![600.0, 60.0, 3600.0], vec![5.0, 0.0, 2.0]).unwrap();
    assert_eq!(c.from_uniform(0.0), 600.0);
    assert_eq!(c.from_uniform(0.71), 600.0);
    assert_eq!(c.from_uniform(0.72), 3600.0);
    assert_eq!(c.from_uniform(BELOW_ONE), 3600.0);
}

#[test]
fn uniform_and_choice_give_what_sample_gives_for_the_same_number() {
    // Both draw one random::<f64>() and map it as from_uniform does.
    for dist in [
        Dist::uniform(60.0, 600.0).unwrap(),
        Dist::choice(vec![600.0, 60.0, 3600.0], vec![5.0, 1.0, 2.0]).unwrap(),
    ] {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
        for _ in 0..10_000 {
            let u: f64 = rng.clone().random();
            let drawn = dist.sample(&mut rng);
            assert_eq!(dist.from_uniform(u).to_bits(), drawn.to_bits(), "{dist:?}");
        }
    }
}

#[test]
fn from_uniform_is_the_closed_form_quantile() {
    // Where quantile() has a closed form, they agree to rounding; the
    // lognormal's quantile() uses Acklam's approximation (1.2·10⁻⁹
    // relative in z, times σ|z| ≤ 5 at these p).
    for dist in one_of_each() {
        let tolerance = match dist {
            Dist::Pert { .. } | Dist::Normal { .. } => continue, // drawn
            Dist::LogNormal { .. } => 1e-8,
            _ => 1e-12,
        };
        for p in [0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999] {
            let (x, q) = (dist.from_uniform(p), dist.quantile(p));
            assert!(
                (x - q).abs() <= tolerance * q.abs(),
                "{dist:?} at {p}: from_uniform {x}, quantile {q}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// from_uniform against sample: the same distribution.
// ---------------------------------------------------------------------------

/// Quantile levels compared.
const LEVELS: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// `N` values of `from_uniform` at uniforms of the seed.
fn through_uniforms(dist: &Dist, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..N).map(|_| dist.from_uniform(rng.random())).collect()
}

/// `N` draws of `sample` from the seed.
fn sampled(dist: &Dist, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..N).map(|_| dist.sample(&mut rng)).collect()
}

/// A continuous distribution: `from_uniform`'s empirical `p`-quantile `q`
/// has `sample`'s share `p` at or below it.
fn assert_same_quantiles(dist: &Dist) {
    let mut ours = through_uniforms(dist, 21);
    ours.sort_by(f64::total_cmp);
    let theirs = sampled(dist, 22);
    let n = N as f64;
    for p in LEVELS {
        let q = ours[(p * n).ceil() as usize - 1];
        let share = theirs.iter().filter(|x| **x <= q).count() as f64 / n;
        // F(q) = p + e₁ (the order statistic: sd √(p(1−p)/n)), and the
        // share is F(q) + e₂ (binomial: sd √(p(1−p)/n)), independent:
        // share − p has sd √(2p(1−p)/n). 4 sd, plus 1/n for the rank.
        let tolerance = 4.0 * (2.0 * p * (1.0 - p) / n).sqrt() + 1.0 / n;
        assert!(
            (share - p).abs() <= tolerance,
            "{dist:?}: {share} of sample's draws at or below from_uniform's {p}-quantile {q} (tolerance {tolerance})"
        );
    }
}

/// A discrete distribution: each value's frequency agrees.
fn assert_same_frequencies(dist: &Dist) {
    let (ours, theirs) = (through_uniforms(dist, 21), sampled(dist, 22));
    let mut values: Vec<f64> = ours.iter().chain(&theirs).copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let n = N as f64;
    for value in values {
        let a = ours.iter().filter(|x| **x == value).count() as f64 / n;
        let b = theirs.iter().filter(|x| **x == value).count() as f64 / n;
        // Two independent binomial shares of the same p: their difference
        // has sd √(2p(1−p)/n); 4 sd at p estimated by their mean.
        let p = (a + b) / 2.0;
        let tolerance = 4.0 * (2.0 * p * (1.0 - p) / n).sqrt();
        assert!(
            (a - b).abs() <= tolerance,
            "{dist:?}: value {value} with frequency {a} vs sample's {b} (tolerance {tolerance})"
        );
    }
}

/// Whether `dist` takes a few values (compared by frequency) rather than
/// a continuum (compared by quantiles).
fn is_discrete(dist: &Dist) -> bool {
    match dist {
        Dist::Fixed(_) | Dist::Empirical(_) | Dist::Choice { .. } | Dist::Pinned { .. } => true,
        Dist::Scaled { inner, .. } => is_discrete(inner),
        _ => false,
    }
}

#[test]
fn from_uniform_of_uniforms_is_distributed_as_sample() {
    let more = [
        Dist::pert(0.0, 0.0, 3600.0, Some(1000.0)).unwrap(),
        Dist::pert(60.0, 600.0, 600.0, Some(10.0)).unwrap(),
        Dist::normal(-6000.0, 600.0).unwrap(),
        Dist::weibull(0.1, 3600.0).unwrap(),
        Dist::gamma(0.3, 3600.0).unwrap(),
        Dist::pert(300.0, 900.0, 3600.0, None)
            .unwrap()
            .scaled(0.5)
            .unwrap(),
        Dist::empirical(vec![30.0, 10.0, 20.0, 10.0]).unwrap(),
        Dist::lognormal(600.0, 1800.0).unwrap().pinned(0.9),
    ];
    for dist in one_of_each().iter().chain(&more) {
        if is_discrete(dist) {
            assert_same_frequencies(dist);
        } else {
            assert_same_quantiles(dist);
        }
    }
}

// ---------------------------------------------------------------------------
// PERT and the truncated normal against independent CDFs.
// ---------------------------------------------------------------------------

/// Uniforms for the CDF checks, both tails included.
const TAIL_US: [f64; 11] = [
    1e-12,
    1e-6,
    0.01,
    0.3,
    0.5,
    0.7,
    0.99,
    1.0 - 1e-6,
    1.0 - 1e-12,
    0.123_456_789,
    BELOW_ONE,
];

#[test]
fn pert_inverts_the_beta_cdf_for_extreme_shapes() {
    // On [0, 1] the draw is the Beta variate itself.
    for shape in [1e-6, 0.5, 4.0, 1000.0] {
        for mode in [0.0, 1e-9, 0.2, 0.5, 1.0 - 1e-9, 1.0] {
            let dist = Dist::pert(0.0, mode, 1.0, Some(shape)).unwrap();
            let (a, b) = (1.0 + shape * mode, 1.0 + shape * (1.0 - mode));
            for u in TAIL_US {
                let x = dist.from_uniform(u);
                let cdf = sb::beta_reg(a, b, x);
                // The target: |F(x) − u| < 10⁻¹⁰.
                assert!(
                    (cdf - u).abs() < 1e-10,
                    "pert(mode {mode}, shape {shape}) at {u}: x {x}, F(x) {cdf}"
                );
                // And relative to the lower tail where it is the smaller
                // one: 10⁻¹⁰ of u (statrs' own error is ~10⁻¹² at most).
                if u < 0.5 {
                    assert!(
                        (cdf - u).abs() <= 1e-10 * u,
                        "pert(mode {mode}, shape {shape}) at {u}: x {x}, F(x) {cdf}"
                    );
                }
            }
        }
    }
}

/// erfc(x) for `x ≥ 0`, slowly and independently of `inverse` (statrs
/// 0.19's erfc is off by up to 10⁻¹⁰ relative above x = 0.5, too much to
/// check against). Below 2 it is `1 − erf(x)`, with erf from its series of
/// positive terms `(2/√π)e^(−x²)·Σ x·(2x²)ⁿ/(1·3···(2n + 1))` (erfc ≥ 0.004
/// there: 10⁻¹³ relative at worst); from 2 on, the continued fraction
/// `erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …))))`,
/// evaluated from 2000 terms back.
fn reference_erfc(x: f64) -> f64 {
    let front = (-x * x).exp() / std::f64::consts::PI.sqrt();
    if x < 2.0 {
        let (mut term, mut sum, mut n) = (x, 0.0, 0.0);
        while term > 1e-18 * sum || n < 1.0 {
            sum += term;
            n += 1.0;
            term *= 2.0 * x * x / (2.0 * n + 1.0);
        }
        1.0 - 2.0 * front * sum
    } else {
        let fraction = (1..=2000)
            .rev()
            .fold(x, |tail, k| x + f64::from(k) / 2.0 / tail);
        front / fraction
    }
}

/// Q(z) from [`reference_erfc`].
fn reference_sf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    if z >= 0.0 {
        0.5 * reference_erfc(x)
    } else {
        1.0 - 0.5 * reference_erfc(x)
    }
}

#[test]
fn the_reference_erfc_matches_50_digit_values() {
    // mpmath; 10⁻¹³ relative: the series' 1 − erf near x = 2 loses up to
    // log₁₀(1/erfc(2)) ≈ 2.3 digits of ε.
    for (x, expected) in [
        (0.3, 0.671_373_240_540_872_6),
        (1.0, 0.157_299_207_050_285_13),
        (1.9, 0.007_209_570_764_742_532_5),
        (2.1, 0.002_979_466_656_332_984),
        (5.0, 1.537_459_794_428_035e-12),
        (20.0, 5.395_865_611_607_901e-176),
    ] {
        let got = reference_erfc(x);
        assert!(
            (got - expected).abs() <= 1e-13 * expected,
            "reference erfc({x}) = {got:e}, expected {expected:e}"
        );
    }
}

#[test]
fn the_truncated_normal_inverts_its_cdf() {
    for (mean, sd) in [
        (3600.0, 360.0),
        (0.0, 600.0),
        (-300.0, 600.0),
        (-3000.0, 600.0),
        (-20.0 * 600.0, 600.0),
    ] {
        let dist = Dist::normal(mean, sd).unwrap();
        let a = -mean / sd;
        let q_a = reference_sf(a);
        for u in TAIL_US {
            let x = dist.from_uniform(u);
            let z = (x - mean) / sd;
            // The survival function Q(z)/Q(a) against 1 − u, and the CDF
            // (Φ(z) − Φ(a))/Q(a) against u. The reference's own error:
            // 10⁻¹³ relative for each Q, and the argument z/√2 rounds,
            // costing z²·ε of Q(z) for z > 0 (Q's log-slope is −z there);
            // the CDF form subtracts values up to 1/Q(a) times the result
            // (≈ 2ε/Q(a) absolute). Allowed: 10⁻¹⁰ of the tail, plus
            // 4 times those.
            let survival = reference_sf(z) / q_a;
            let square = |v: f64| v.max(0.0).powi(2);
            let sf_error = 4.0 * (2e-13 + (square(z) + square(a) + 2.0) * f64::EPSILON) * survival;
            let sf_tolerance = 1e-10 * (1.0 - u) + sf_error;
            assert!(
                (survival - (1.0 - u)).abs() <= sf_tolerance,
                "normal({mean}, {sd}) at {u}: x {x}, survival {survival} (tolerance {sf_tolerance})"
            );
            let cdf = (reference_sf(a) - reference_sf(z)) / q_a;
            let cdf_tolerance = 1e-10 * u + 8.0 * f64::EPSILON / q_a.min(1.0) + sf_error;
            assert!(
                (cdf - u).abs() <= cdf_tolerance,
                "normal({mean}, {sd}) at {u}: x {x}, F(x) {cdf} (tolerance {cdf_tolerance})"
            );
        }
    }
}

#[test]
fn a_mean_20_sd_below_zero_keeps_its_precision() {
    // mpmath: the excess y over a = 20 with Q(20 + y)/Q(20) = 1 − u; the
    // draw is sd·y. Q(20) = 2.8·10⁻⁸⁹: the CDF form would have lost
    // everything. Measured: agreement to a few ulps; allow 10⁻¹³.
    let sd = 600.0;
    let dist = Dist::normal(-20.0 * sd, sd).unwrap();
    for (u, y) in [
        (1e-12, 4.987_592_598_186_166e-14),
        (0.5, 0.034_541_676_514_022_09),
        (1.0 - 1e-12, 1.333_859_444_677_362_5),
        (BELOW_ONE, 1.755_599_026_649_447),
    ] {
        let x = dist.from_uniform(u);
        assert!(
            x.is_finite() && x > 0.0,
            "from_uniform({u}) = {x}, not a positive time"
        );
        assert!(
            (x - sd * y).abs() <= 1e-13 * sd * y,
            "from_uniform({u}) = {x}, expected {}",
            sd * y
        );
    }
    assert_eq!(dist.from_uniform(0.0), 0.0);
    // The half-normal's CDF is erf(x/√2) = x·√(2/π)·(1 − x²/6 + …): at
    // u = 10⁻³⁰ the draw is u·√(π/2) to 10⁻⁶⁰, and it holds its last bits
    // although Φ(0) + u rounds u away entirely.
    let half = Dist::normal(0.0, 1.0).unwrap();
    let x = half.from_uniform(1e-30);
    let expected = 1e-30 * (std::f64::consts::PI / 2.0).sqrt();
    assert!(
        (x - expected).abs() <= 4.0 * f64::EPSILON * expected,
        "{x} vs {expected}"
    );
    // Far beyond any double's reach of Q(a): still finite and positive.
    // With the hazard λ(z) = z + 1/z + O(z⁻³), h(y) = (a + 1/a)·y + y²/2 +
    // …, so y = e/(a + 1/a) up to y/(2a) relative: 3.5·10⁻¹³ at a = 10⁶.
    let a = 1e6;
    let far = Dist::normal(-a, 1.0).unwrap();
    let x = far.from_uniform(0.5);
    let expected = 2f64.ln() / (a + 1.0 / a);
    assert!((x - expected).abs() <= 1e-12 * x, "{x} vs {expected}");
}
