//! The inverse CDF of the normal truncated at 0 (conditioned on being at
//! least 0), to full relative precision in both tails for any mean and
//! sd: a mean far below 0, where the mass above 0 underflows, included.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

use super::inverse::{erfcx, exp_minus_half_square, normal_cdf, normal_quantile, normal_sf};

/// Below this width (in units of the hazard's scale, `max(1, −a)`) the
/// cumulative hazard is integrated by 3-point Gauss–Legendre, and the
/// lower tail refined with it.
const GAUSS_SPAN: f64 = 0.05;

/// Up to this truncation point the survival form `Q(z) = (1 − u)·Q(a)`
/// starts the iteration close to the answer; beyond, `Q(a)` nears
/// underflow (at 38), and the quadratic `a·y + y²/2 = e` is the better
/// start (`λ(z) → z`).
const DIRECT_LIMIT: f64 = 30.0;

/// The inverse CDF of N(mean, sd²) conditioned on being at least 0, at `u`
/// in [0, 1).
///
/// With the truncation point `a = −mean/sd` in standard units, the
/// survival function is `Q(z)/Q(a)` at `z = (x − mean)/sd`, `Q = 1 − Φ`.
/// For `u > ½` with most of the normal above 0 (`a ≤ 0`) it is inverted
/// directly: `Q(z) = (1 − u)·Q(a)`. Otherwise the draw is `sd·y` for the
/// excess `y = z − a` solving `h(y) = −ln(1 − u)`, `h` the cumulative
/// hazard ([`excess_over`]), which keeps its precision however far below 0
/// the mean is (`Q(a)` underflows past a ≈ 38) and however small `u`. For
/// `a ≤ 0` and `u ≤ ½`, `Φ(z) = Φ(a) + u·Q(a)` gives the excess directly,
/// refined by the cumulative hazard only where it is small, where that
/// sum has rounded `u` away.
pub(super) fn truncated_normal(mean: f64, sd: f64, u: f64) -> f64 {
    let a = -mean / sd;
    let e = -(-u).ln_1p();
    if a > 0.0 {
        let start = if a < DIRECT_LIMIT {
            // The direct answer, imprecise only where y is tiny (Newton
            // then starts from the left, and its first step is e/λ(a)).
            (-normal_quantile((1.0 - u) * normal_sf(a)) - a).max(0.0)
        } else {
            2.0 * e / (a + (a * a + 2.0 * e).sqrt())
        };
        return sd * excess_over(a, e, start);
    }
    if u > 0.5 {
        return mean - sd * normal_quantile((1.0 - u) * normal_sf(a));
    }
    let z = normal_quantile(normal_cdf(a) + u * normal_sf(a));
    let y = z - a;
    if y * (-a).max(1.0) < GAUSS_SPAN {
        sd * excess_over(a, e, y.max(0.0))
    } else {
        mean + sd * z
    }
}

/// The `y ≥ 0` with `h(y) = −ln(Q(a + y)/Q(a)) = e`: the standard normal's
/// excess over `a` at survival `e^(−e)`, conditioned on `Z > a`, by
/// Newton's method from `start`.
///
/// `h(y) = ∫₀ʸ λ(a + s) ds` with the hazard `λ = φ/Q` increasing, so `h`
/// is convex: from the right of the root Newton descends to it without
/// overshooting, from the left its first step lands right of it (the root
/// of `a·y + y²/2 = e`, a start for large `a`, is right of the solution
/// since `λ(z) ≥ z`). Beyond `a = 10⁸` the answer is `e/a` to
/// 10⁻¹⁵ (`λ(z) = z + 1/z + …` and the `y²/2` term add `O(1/a²)` of it).
fn excess_over(a: f64, e: f64, start: f64) -> f64 {
    if a > 1e8 {
        return e / a;
    }
    let mut y = start;
    for _ in 0..100 {
        let step = (cumulative_hazard(a, y) - e) / hazard(a + y);
        y = (y - step).max(0.0);
        if step.abs() <= 4.0 * f64::EPSILON * y {
            break;
        }
    }
    y
}

/// The standard normal's hazard `λ(z) = φ(z)/Q(z)`: `√(2/π)/erfcx(z/√2)`
/// for `z ≥ 0`, which never underflows; `φ(z)/Q(z)` below, `Q ≥ ½`.
fn hazard(z: f64) -> f64 {
    if z >= 0.0 {
        (2.0 / PI).sqrt() / erfcx(z * FRAC_1_SQRT_2)
    } else {
        exp_minus_half_square(-z) / (2.0 * PI).sqrt() / normal_sf(z)
    }
}

/// `h(y) = ∫₀ʸ λ(a + s) ds = −ln(Q(a + y)/Q(a))` for `y ≥ 0`, to a few
/// ulps relative.
///
/// Over a short span (`y·max(1, −a) < 0.05`, where `ln λ` changes by at
/// most ~0.05) by 3-point Gauss–Legendre, exact to degree 5: the error,
/// ~(0.05)⁶/2·10⁶ of `h`, is below 10⁻¹⁴. Beyond it from logarithms of
/// `Q`, which lose ε absolute — at most a few 10⁻¹⁴ of `h` there. For
/// `a > 0`, `Q = ½e^(−z²/2)·erfcx(z/√2)` makes it `a·y + y²/2 −
/// ln(R(a + y)/R(a))` with `R(z) = erfcx(z/√2)`: nothing underflows and
/// the large squares cancel exactly.
fn cumulative_hazard(a: f64, y: f64) -> f64 {
    if y * (-a).max(1.0) < GAUSS_SPAN {
        let half = 0.5 * y;
        let offset = half * 0.6f64.sqrt();
        return half
            * (5.0 * hazard(a + half - offset)
                + 8.0 * hazard(a + half)
                + 5.0 * hazard(a + half + offset))
            / 9.0;
    }
    if a > 0.0 {
        let ratio = erfcx((a + y) * FRAC_1_SQRT_2) / erfcx(a * FRAC_1_SQRT_2);
        return a * y + 0.5 * y * y - ratio.ln();
    }
    // a ≤ 0: ln Q(a) = ln(1 − Φ(a)) keeps Φ(a)'s precision.
    (-normal_cdf(a)).ln_1p() - ln_sf(a + y)
}

/// `ln Q(z)`, without underflow for large `z`.
fn ln_sf(z: f64) -> f64 {
    if z <= 0.0 {
        (-normal_cdf(z)).ln_1p()
    } else {
        -0.5 * z * z + (0.5 * erfcx(z * FRAC_1_SQRT_2)).ln()
    }
}
