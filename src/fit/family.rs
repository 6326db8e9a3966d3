//! The families `drsim fit` tries, and how each is fitted to observed
//! times: maximum likelihood where it exists in closed form or as one
//! equation in one unknown (lognormal, exponential, Weibull, gamma), and
//! quantile matching for the bounded ones planners know (PERT and
//! triangular, whose likelihood has no interior maximum worth trusting on
//! a few drills).

use crate::dist::Dist;

/// A family of distributions a step's timings may be fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Lognormal,
    Gamma,
    Weibull,
    Exponential,
    Pert,
    Triangular,
    /// The timings themselves, resampled (no fitting).
    Empirical,
}

/// How a family's parameters were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    MaximumLikelihood,
    /// The smallest, the median and the largest timing matched to the
    /// quantiles at 1/(n+1), 1/2 and n/(n+1).
    QuantileMatching,
    /// Min, median and max of the timings taken as PERT's min, mode, max.
    MinMedianMax,
    /// The timings as they are.
    Observed,
}

impl Family {
    /// The families ranked when none is asked for, in the order ties are
    /// broken.
    pub const RANKED: [Family; 6] = [
        Family::Lognormal,
        Family::Gamma,
        Family::Weibull,
        Family::Exponential,
        Family::Pert,
        Family::Triangular,
    ];

    /// Its `dist` name in a scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Family::Lognormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Weibull => "weibull",
            Family::Exponential => "exponential",
            Family::Pert => "pert",
            Family::Triangular => "triangular",
            Family::Empirical => "empirical",
        }
    }

    /// The family named `name`.
    pub fn from_name(name: &str) -> Option<Family> {
        Family::RANKED
            .into_iter()
            .chain([Family::Empirical])
            .find(|f| f.name() == name)
    }

    /// Its free parameters, for the information criterion.
    pub fn parameters(self) -> usize {
        match self {
            Family::Exponential => 1,
            Family::Lognormal | Family::Gamma | Family::Weibull => 2,
            Family::Pert | Family::Triangular => 3,
            Family::Empirical => 0,
        }
    }

    /// How [`Family::fit`] finds its parameters.
    pub fn method(self) -> Method {
        match self {
            Family::Pert | Family::Triangular => Method::QuantileMatching,
            Family::Empirical => Method::Observed,
            _ => Method::MaximumLikelihood,
        }
    }

    /// The member of this family fitted to `sorted` (ascending, every
    /// value above 0, at least two of them distinct), or why there is
    /// none the scenario format can hold.
    pub fn fit(self, sorted: &[f64]) -> Result<Dist, String> {
        let built = match self {
            Family::Lognormal => {
                let (mu, sigma) = log_moments(sorted);
                let median = mu.exp();
                Dist::lognormal(median, (mu + crate::dist::Z95 * sigma).exp())
            }
            Family::Exponential => Dist::exponential(mean(sorted)),
            Family::Weibull => {
                let (shape, scale) = weibull_mle(sorted);
                Dist::weibull(shape, scale)
            }
            Family::Gamma => {
                let shape = gamma_shape_mle(sorted);
                Dist::gamma(shape, mean(sorted) / shape)
            }
            Family::Pert => super::shape_match::pert(sorted),
            Family::Triangular => super::shape_match::triangular(sorted),
            Family::Empirical => Dist::empirical(sorted.to_vec()),
        };
        built.map_err(|e| e.message)
    }
}

/// The mean.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The mean and the (maximum-likelihood) standard deviation of ln x.
fn log_moments(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mu = values.iter().map(|x| x.ln()).sum::<f64>() / n;
    let var = values.iter().map(|x| (x.ln() - mu).powi(2)).sum::<f64>() / n;
    (mu, var.sqrt())
}

/// Bisection on `ln k` over [ln 0.01, ln 10⁴] for the root of an
/// increasing function of `k`: 200 halvings reach double precision.
fn increasing_root(f: impl Fn(f64) -> f64) -> f64 {
    let (mut low, mut high) = (0.01f64.ln(), 1e4f64.ln());
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if f(mid.exp()) < 0.0 {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-13 {
            break;
        }
    }
    (0.5 * (low + high)).exp()
}

/// Weibull's maximum-likelihood shape and scale: the shape solves
/// `Σ zᵏ ln z / Σ zᵏ − 1/k − mean(ln z) = 0` (z the values over their
/// largest, which keeps zᵏ in range; the left side increases with k).
fn weibull_mle(values: &[f64]) -> (f64, f64) {
    let top = values.iter().copied().fold(0.0, f64::max);
    let logs: Vec<f64> = values.iter().map(|x| (x / top).ln()).collect();
    let mean_log = mean(&logs);
    let shape = increasing_root(|k| {
        let (mut sum, mut weighted) = (0.0, 0.0);
        for l in &logs {
            let zk = (k * l).exp();
            sum += zk;
            weighted += zk * l;
        }
        weighted / sum - 1.0 / k - mean_log
    });
    let mean_power = logs.iter().map(|l| (shape * l).exp()).sum::<f64>() / values.len() as f64;
    (shape, top * mean_power.powf(1.0 / shape))
}

/// Gamma's maximum-likelihood shape: the root of
/// `ln k − ψ(k) = ln(mean) − mean(ln x)` (the left side decreases with k).
fn gamma_shape_mle(values: &[f64]) -> f64 {
    use statrs::function::gamma::digamma;
    let s = mean(values).ln() - mean(&values.iter().map(|x| x.ln()).collect::<Vec<_>>());
    increasing_root(|k| s - (k.ln() - digamma(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_data_give_weibull_and_gamma_shapes_near_one() {
        // Quantiles of Exp(1) at (i − ½)/n: a sample with no noise.
        let n = 400;
        let sorted: Vec<f64> = (0..n)
            .map(|i| -(1.0 - (f64::from(i) + 0.5) / f64::from(n)).ln() * 600.0)
            .collect();
        let (k, scale) = weibull_mle(&sorted);
        assert!((k - 1.0).abs() < 0.03, "weibull shape {k}");
        assert!((scale / 600.0 - 1.0).abs() < 0.03, "weibull scale {scale}");
        let g = gamma_shape_mle(&sorted);
        assert!((g - 1.0).abs() < 0.05, "gamma shape {g}");
    }

    #[test]
    fn lognormal_fit_is_the_log_moments() {
        let sorted = [60.0, 120.0, 240.0];
        let d = Family::Lognormal.fit(&sorted).unwrap();
        // Geometric mean 120; ln-sd √(2/3)·ln 2.
        assert!((d.quantile(0.5) - 120.0).abs() < 1e-9);
        let sigma = (2.0f64 / 3.0).sqrt() * 2f64.ln();
        assert!((d.quantile(0.95) - 120.0 * (1.644_853_626_951_472 * sigma).exp()).abs() < 1e-6);
    }

    #[test]
    fn names_round_trip() {
        for f in Family::RANKED.into_iter().chain([Family::Empirical]) {
            assert_eq!(Family::from_name(f.name()), Some(f));
        }
        assert_eq!(Family::from_name("normal"), None);
    }
}
