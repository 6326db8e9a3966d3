//! PERT and triangular fitted by quantile matching: the smallest timing,
//! the median and the largest matched to the distribution's quantiles at
//! 1/(n+1), 1/2 and n/(n+1) — where those order statistics fall on
//! average — so the fitted range reaches past what the drills saw, as
//! the next drill may.

use crate::dist::Dist;

/// PERT (shape 4) matched to `sorted` (ascending, not all equal).
pub fn pert(sorted: &[f64]) -> Result<Dist, crate::dist::DistError> {
    let (min, mode, max) = matched(sorted, |m, p| unit(Dist::pert(0.0, m, 1.0, None), p));
    Dist::pert(min, mode, max, None)
}

/// Triangular matched to `sorted` (ascending, not all equal).
pub fn triangular(sorted: &[f64]) -> Result<Dist, crate::dist::DistError> {
    let (min, mode, max) = matched(sorted, |m, p| unit(Dist::triangular(0.0, m, 1.0), p));
    Dist::triangular(min, mode, max)
}

/// The quantile `p` of a member of the family on [0, 1].
fn unit(d: Result<Dist, crate::dist::DistError>, p: f64) -> f64 {
    d.map_or(f64::NAN, |d| d.from_uniform(p))
}

/// Min, mode and max of the member whose quantiles at 1/(n+1), 1/2 and
/// n/(n+1) are the smallest value, the median and the largest, given
/// `q(m, p)`: the quantile `p` of the member on [0, 1] with mode `m`.
/// The mode's place solves one equation, the ratio of the two gaps, which
/// grows with `m` (bisection; clamped to [0, 1] when the timings are more
/// skewed than any member). A min below 0 is raised to 0.
fn matched(sorted: &[f64], q: impl Fn(f64, f64) -> f64) -> (f64, f64, f64) {
    let n = sorted.len() as f64;
    let (low_p, high_p) = (1.0 / (n + 1.0), n / (n + 1.0));
    let (first, last) = (sorted[0], sorted[sorted.len() - 1]);
    let median = super::median(sorted);
    let observed = (median - first) / (last - first);
    let ratio = |m: f64| (q(m, 0.5) - q(m, low_p)) / (q(m, high_p) - q(m, low_p));
    let (mut low, mut high) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if ratio(mid) < observed {
            low = mid;
        } else {
            high = mid;
        }
    }
    let m = 0.5 * (low + high);
    let width = (last - first) / (q(m, high_p) - q(m, low_p));
    let min = first - width * q(m, low_p);
    let max = min + width;
    let mode = min + m * width;
    (min.max(0.0), mode.max(0.0), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_three_quantiles() {
        let sorted = [20.0, 26.0, 29.0, 33.0, 35.0, 41.0, 50.0];
        let n = sorted.len() as f64;
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b;
        for d in [pert(&sorted).unwrap(), triangular(&sorted).unwrap()] {
            assert!(
                close(d.from_uniform(1.0 / (n + 1.0)), 20.0),
                "{}",
                d.words()
            );
            assert!(close(d.from_uniform(0.5), 33.0), "{}", d.words());
            assert!(close(d.from_uniform(n / (n + 1.0)), 50.0), "{}", d.words());
            assert!(d.cdf(20.0).unwrap() > 0.0 && d.cdf(50.0).unwrap() < 1.0);
        }
        // More skewed than any PERT (its mode at min still has a median
        // further up): the mode goes to min and the ends still match.
        let skewed = [20.0, 24.0, 25.0, 31.0, 33.0, 40.0, 58.0];
        let d = pert(&skewed).unwrap();
        assert!(
            close(d.from_uniform(1.0 / (n + 1.0)), 20.0),
            "{}",
            d.words()
        );
        assert!(close(d.from_uniform(n / (n + 1.0)), 58.0), "{}", d.words());
        assert!(matches!(d, Dist::Pert { min, mode, .. } if (mode - min).abs() < 1e-6 * min));
    }

    #[test]
    fn a_min_below_zero_is_raised_to_zero() {
        let sorted = [1.0, 100.0, 101.0];
        let d = triangular(&sorted).unwrap();
        assert_eq!(d.quantile(0.0), 0.0);
    }
}
