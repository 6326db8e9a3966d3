//! Every distribution's inverse CDF: the draw a uniform number in [0, 1)
//! maps to ([`Dist::from_uniform`]), so that correlated uniforms (a
//! copula) give correlated durations with the marginals as written (the
//! truncated normal's is in `truncated`, PERT's Beta in `beta`). Also the
//! standard normal's CDF, survival function and quantile, to double
//! precision, which the copula and the truncated normal need.
//!
//! The normal CDF is W. J. Cody's rational Chebyshev approximation of
//! erfc (Math. Comp. 23, 1969; the `calerf` coefficients), with `e^(−z²/2)`
//! split so that the squaring does not round; its quantile is M. J.
//! Wichura's AS 241 (`PPND16`, Appl. Statist. 37, 1988). Both are good to
//! a few ulps (see the tests); quantile.rs's Acklam approximation
//! (1.2·10⁻⁹) stays there so that the quantiles it gives do not move.

use std::f64::consts::FRAC_1_SQRT_2;

use super::beta::beta_quantile;
use super::quantile::triangular;
use super::truncated::truncated_normal;
use super::{Dist, MAX_SAMPLE_SECS, Z95};

/// The largest double below 1, `1 − 2⁻⁵³`: the top of `random::<f64>()`'s
/// range, and where a `u` of 1 or more is clamped to.
pub(crate) const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

impl Dist {
    /// The same distribution with its discrete outcomes (`empirical`,
    /// `choice`) in ascending order, so that [`Dist::from_uniform`] is
    /// non-decreasing in `u` — its true quantile function, which a copula
    /// needs to carry ranks over. Continuous distributions are unchanged.
    pub fn monotone(&self) -> Dist {
        match self {
            Dist::Empirical(samples) => {
                let mut sorted = samples.clone();
                sorted.sort_by(f64::total_cmp);
                Dist::Empirical(sorted)
            }
            Dist::Choice { values, cumulative } => {
                let mut pairs: Vec<(f64, f64)> = values
                    .iter()
                    .zip(cumulative)
                    .scan(0.0, |before, (v, c)| {
                        let w = c - *before;
                        *before = *c;
                        Some((*v, w))
                    })
                    .collect();
                pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                let (values, weights): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
                Dist::choice(values, weights).unwrap_or_else(|_| self.clone())
            }
            Dist::Scaled { factor, inner } => Dist::Scaled {
                factor: *factor,
                inner: Box::new(inner.monotone()),
            },
            other => other.clone(),
        }
    }

    /// The draw this distribution maps the uniform `u` (in [0, 1)) to: its
    /// inverse CDF, the smallest `x` with `P(X ≤ x) ≥ u`, so that
    /// `from_uniform` of a uniform `u` is distributed as [`Dist::sample`].
    /// It is non-decreasing in `u` — up to rounding: PERT's solver may put
    /// two `u` a few ulps apart out of order by up to ~10⁻¹³ relative —
    /// except for two discrete cases that follow the order of the file
    /// rather than of the values:
    ///
    /// - `Empirical`: `samples[⌊u·n⌋]` in the order listed (equal weights,
    ///   as the resampling draws them); monotone only when the samples are
    ///   listed in ascending order.
    /// - `Choice`: the first value whose running weight exceeds `u`, as
    ///   [`Dist::sample`] picks it (the same `u` gives the same value);
    ///   monotone only when the values are listed in ascending order.
    ///
    /// PERT and the truncated normal are exact to floating-point accuracy
    /// too (unlike [`Dist::quantile`], which draws them). `u` outside
    /// [0, 1) is clamped into it (NaN is taken as 0); like `sample`, the
    /// result is finite, in `[0, MAX_SAMPLE_SECS]`, never NaN.
    pub fn from_uniform(&self, u: f64) -> f64 {
        let u = if u.is_nan() {
            0.0
        } else {
            u.clamp(0.0, BELOW_ONE)
        };
        let x = match self {
            Dist::Fixed(value) => *value,
            Dist::Uniform { min, span } => min + span * u,
            Dist::Triangular { min, mode, max, .. } => triangular(*min, *mode, *max, u),
            Dist::Pert {
                min,
                mode,
                max,
                shape,
                ..
            } => pert(*min, *mode, *max, *shape, u),
            Dist::Normal { mean, sd } => truncated_normal(*mean, *sd, u),
            Dist::LogNormal { median, p95, .. } => {
                // ln X ~ N(ln median, σ²), σ = ln(p95 / median) / z95.
                let sigma = (p95 / median).ln() / Z95;
                median * (sigma * normal_quantile(u)).exp()
            }
            Dist::Exponential { mean } => -mean * (-u).ln_1p(),
            Dist::Weibull { shape, scale, .. } => scale * (-(-u).ln_1p()).powf(1.0 / shape),
            Dist::Gamma { shape, scale, .. } => gamma(*shape, *scale, u),
            Dist::Empirical(samples) => {
                let index = (u * samples.len() as f64) as usize;
                samples[index.min(samples.len() - 1)]
            }
            Dist::Choice { values, cumulative } => {
                let index = cumulative.partition_point(|c| *c <= u);
                values[index.min(values.len() - 1)]
            }
            Dist::Scaled { factor, inner } => factor * inner.from_uniform(u),
            Dist::Pinned { value, .. } => *value,
        };
        within_bounds(x)
    }
}

/// The gamma distribution's inverse CDF at `p` (in [0, 1]): Newton's
/// method on `ln x`, kept inside a bracket (a bisection step whenever
/// Newton would leave it), solving `P(shape, x) = p` below the median and
/// `Q(shape, x) = 1 − p` above it (the regularised incomplete gamma
/// functions, statrs), so that both tails keep their precision; for scale
/// 1, then scaled. Starts from Wilson–Hilferty's approximation.
pub(super) fn gamma(shape: f64, scale: f64, p: f64) -> f64 {
    use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};
    if p.is_nan() || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let upper = p > 0.5;
    // Increasing in x in both halves; 0 at the quantile.
    let residual = |x: f64| {
        if upper {
            (1.0 - p) - gamma_ur(shape, x)
        } else {
            gamma_lr(shape, x) - p
        }
    };
    let ln_gamma_shape = ln_gamma(shape);
    // d residual / d ln x = x · density(x).
    let slope = |t: f64| ((shape * t) - t.exp() - ln_gamma_shape).exp();
    // ln x of the smallest positive double: below it the quantile is 0.
    const LOWEST: f64 = -744.0;
    let h = 1.0 / (9.0 * shape);
    let cube = 1.0 - h + normal_quantile(p) * h.sqrt();
    let guess = if cube > 0.0 {
        (shape * cube.powi(3)).ln()
    } else {
        // Small p: P(shape, x) ≈ x^shape / Γ(shape + 1).
        (p.ln() + ln_gamma(shape + 1.0)) / shape
    };
    let mut t = guess.clamp(LOWEST, 700.0);
    let (mut low, mut high) = (LOWEST, 710.0);
    if residual(LOWEST.exp()) >= 0.0 {
        return 0.0;
    }
    for _ in 0..200 {
        let r = residual(t.exp());
        if r == 0.0 {
            break;
        }
        if r < 0.0 {
            low = t;
        } else {
            high = t;
        }
        let newton = t - r / slope(t);
        let next = if newton.is_finite() && newton > low && newton < high {
            newton
        } else {
            0.5 * (low + high)
        };
        if (next - t).abs() <= 1e-15 * t.abs().max(1.0) {
            t = next;
            break;
        }
        t = next;
    }
    scale * t.exp()
}

/// `x` clamped into `[0, MAX_SAMPLE_SECS]`, −0 made 0 and NaN (which no
/// valid distribution produces) 0.
fn within_bounds(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, MAX_SAMPLE_SECS) + 0.0
    }
}

/// Modified Beta-PERT's inverse CDF: `min + (max − min)·X` with
/// `X ~ Beta(α, β)`, `α = 1 + shape·(mode − min)/(max − min)`,
/// `β = 1 + shape·(max − mode)/(max − min)` (rand_distr 0.6's `Pert`).
fn pert(min: f64, mode: f64, max: f64, shape: f64, u: f64) -> f64 {
    let range = max - min;
    let alpha = 1.0 + shape * (mode - min) / range;
    let beta = 1.0 + shape * (max - mode) / range;
    min + range * beta_quantile(alpha, beta, u)
}

/// Φ(z), the standard normal CDF, to a few ulps relative over the whole
/// range (including far into the lower tail, to the smallest double).
pub(crate) fn normal_cdf(z: f64) -> f64 {
    normal_sf(-z)
}

/// Q(z) = 1 − Φ(z), the standard normal survival function, to a few ulps
/// relative (so `Q(37) ≈ 5.7·10⁻³⁰⁰` keeps its digits). NaN gives NaN.
pub(crate) fn normal_sf(z: f64) -> f64 {
    let w = z.abs();
    if w.is_nan() {
        return f64::NAN;
    }
    if w * FRAC_1_SQRT_2 < ERF_SPLIT {
        return 0.5 - 0.5 * erf_small(z * FRAC_1_SQRT_2);
    }
    // Q(w) for w > 0; below 10⁻³²⁴ past w ≈ 38.5.
    let upper = if w > 40.0 {
        0.0
    } else {
        0.5 * exp_minus_half_square(w) * erfcx(w * FRAC_1_SQRT_2)
    };
    if z > 0.0 { upper } else { 1.0 - upper }
}

/// `e^(−w²/2)` without rounding `w²`: `w = w₀ + d` with `w₀` a multiple
/// of 1/16 (so `w₀²/2` is exact), `w²/2 = w₀²/2 + d(w + w₀)/2` (Cody's
/// device in `calerf`); otherwise the rounding of `w²` alone would cost
/// `w²·ε` relative, 10⁻¹³ at w = 37.
pub(super) fn exp_minus_half_square(w: f64) -> f64 {
    let w0 = (w * 16.0).trunc() / 16.0;
    (-0.5 * w0 * w0).exp() * (-0.5 * (w - w0) * (w + w0)).exp()
}

/// Where Cody's approximation switches from erf to erfc.
const ERF_SPLIT: f64 = 0.46875;

/// erf(x) for `|x| < 0.46875` (Cody's first interval).
fn erf_small(x: f64) -> f64 {
    const A: [f64; 5] = [
        3.161_123_743_870_565_5,
        1.138_641_541_510_501_6e2,
        3.774_852_376_853_02e2,
        3.209_377_589_138_469_4e3,
        1.857_777_061_846_031_5e-1,
    ];
    const B: [f64; 4] = [
        2.360_129_095_234_412_2e1,
        2.440_246_379_344_441_7e2,
        1.282_616_526_077_372_3e3,
        2.844_236_833_439_171e3,
    ];
    let s = x * x;
    let num = (((A[4] * s + A[0]) * s + A[1]) * s + A[2]) * s + A[3];
    let den = (((s + B[0]) * s + B[1]) * s + B[2]) * s + B[3];
    x * num / den
}

/// The scaled complement `erfcx(x) = e^(x²)·erfc(x)` for `x ≥ 0` (Cody's
/// three intervals); it never overflows, and tends to `1/(x√π)`.
pub(super) fn erfcx(x: f64) -> f64 {
    const C: [f64; 9] = [
        5.641_884_969_886_701e-1,
        8.883_149_794_388_377,
        6.611_919_063_714_163e1,
        2.986_351_381_974_001e2,
        8.819_522_212_417_69e2,
        1.712_047_612_634_070_7e3,
        2.051_078_377_826_071_6e3,
        1.230_339_354_797_997_2e3,
        2.153_115_354_744_038_3e-8,
    ];
    const D: [f64; 8] = [
        1.574_492_611_070_983_5e1,
        1.176_939_508_913_125e2,
        5.371_811_018_620_099e2,
        1.621_389_574_566_690_3e3,
        3.290_799_235_733_459_7e3,
        4.362_619_090_143_247e3,
        3.439_367_674_143_721_6e3,
        1.230_339_354_803_749_5e3,
    ];
    const P: [f64; 6] = [
        3.053_266_349_612_323_6e-1,
        3.603_448_999_498_044_5e-1,
        1.257_817_261_112_292_6e-1,
        1.608_378_514_874_227_5e-2,
        6.587_491_615_298_378e-4,
        1.631_538_713_730_209_7e-2,
    ];
    const Q: [f64; 5] = [
        2.568_520_192_289_822,
        1.872_952_849_923_460_4,
        5.279_051_029_514_285e-1,
        6.051_834_131_244_132e-2,
        2.335_204_976_268_691_8e-3,
    ];
    /// 1/√π.
    const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;
    if x < ERF_SPLIT {
        return (x * x).exp() * (1.0 - erf_small(x));
    }
    if x <= 4.0 {
        let num = C[..8].iter().fold(C[8], |sum, c| sum * x + c);
        let den = D.iter().fold(1.0, |sum, d| sum * x + d);
        return num / den;
    }
    let s = 1.0 / (x * x);
    let num = P[..5].iter().fold(P[5], |sum, p| sum * s + p);
    let den = Q.iter().fold(1.0, |sum, q| sum * s + q);
    (FRAC_1_SQRT_PI - s * num / den) / x
}

/// Φ⁻¹(p), the standard normal quantile (Wichura's AS 241), to about
/// 10⁻¹⁶ relative for p in (0, 1); −∞ at 0 or below, +∞ at 1 or above,
/// NaN for NaN.
pub(crate) fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        return q * central_ratio(0.180_625 - q * q);
    }
    // The smaller tail, exact: 1 − p has no rounding for p ≥ ½.
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let z = tail_ratio(r);
    if q < 0.0 { -z } else { z }
}

/// AS 241's rational function for `|p − ½| ≤ 0.425`, in `r = 0.180625 − q²`.
fn central_ratio(r: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_5,
        1.331_416_678_917_843_8e2,
        1.971_590_950_306_551_3e3,
        1.373_169_376_550_946e4,
        4.592_195_393_154_987e4,
        6.726_577_092_700_87e4,
        3.343_057_558_358_813e4,
        2.509_080_928_730_122_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091e1,
        6.871_870_074_920_579e2,
        5.394_196_021_424_751e3,
        2.121_379_430_158_659_7e4,
        3.930_789_580_009_271e4,
        2.872_908_573_572_194_3e4,
        5.226_495_278_852_854e3,
    ];
    horner(&A, r) / horner(&B, r)
}

/// AS 241's rational functions for the tails, in `r = √(−ln tail)`.
fn tail_ratio(r: f64) -> f64 {
    const C: [f64; 8] = [
        1.423_437_110_749_683_5,
        4.630_337_846_156_546,
        5.769_497_221_460_691,
        3.647_848_324_763_204_5,
        1.270_458_252_452_368_4,
        2.417_807_251_774_506e-1,
        2.272_384_498_926_918_4e-2,
        7.745_450_142_783_414e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_759,
        1.676_384_830_183_803_8,
        6.897_673_349_851e-1,
        1.481_039_764_274_800_8e-1,
        1.519_866_656_361_645_7e-2,
        5.475_938_084_995_345e-4,
        1.050_750_071_644_416_9e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103,
        5.463_784_911_164_114,
        1.784_826_539_917_291_3,
        2.965_605_718_285_048_7e-1,
        2.653_218_952_657_612_4e-2,
        1.242_660_947_388_078_4e-3,
        2.711_555_568_743_487_6e-5,
        2.010_334_399_292_288_1e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_88e-1,
        1.369_298_809_227_358e-1,
        1.487_536_129_085_061_5e-2,
        7.868_691_311_456_133e-4,
        1.846_318_317_510_054_8e-5,
        1.421_511_758_316_446e-7,
        2.044_263_103_389_939_7e-15,
    ];
    if r <= 5.0 {
        let r = r - 1.6;
        horner(&C, r) / horner(&D, r)
    } else {
        let r = r - 5.0;
        horner(&E, r) / horner(&F, r)
    }
}

/// `Σ coefficients[i]·xⁱ`, lowest power first.
fn horner(coefficients: &[f64], x: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |sum, c| sum * x + c)
}
