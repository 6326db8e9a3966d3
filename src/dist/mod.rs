//! The closed set of distributions a scenario can state, their parameter
//! checks, and sampling; each described in words (`words`), its quantiles
//! and a distribution pinned at one (`quantile`), one scaled by a factor
//! (`scaled`), the CDF and log-density that fitting needs (`density`),
//! and the draw a given uniform number maps to (`inverse`, with
//! the Beta CDF it needs for PERT in `beta`), and the Gaussian copula that
//! correlates such uniforms (`copula`).
//!
//! All parameters and samples are seconds. Every constructor checks its
//! parameters and says how to fix them; a constructed [`Dist`] only ever
//! samples finite, non-negative values, so the engine never needs to check.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Gamma, LogNormal, Pert, StandardNormal, Triangular, Weibull};

pub use pert::PertDraw;
use thiserror::Error;

mod beta;
mod copula;
mod density;
mod inverse;
mod pert;
pub use copula::{Copula, CopulaError};
pub(crate) use inverse::{BELOW_ONE, normal_cdf};
#[cfg(test)]
mod inverse_tests;
mod quantile;
pub use quantile::QUANTILE_DRAWS;
mod scaled;
#[cfg(test)]
mod tests;
mod truncated;
mod words;

/// Samples of unbounded distributions are capped here (about 30 million
/// years), so that even extreme parameters never produce an infinite time.
pub const MAX_SAMPLE_SECS: f64 = 1e15;

/// z for the 95th percentile of the standard normal distribution.
pub(crate) const Z95: f64 = 1.644_853_626_951_472_2;

/// A parameter problem: which field is wrong, and why.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message}")]
pub struct DistError {
    /// The field of the distribution table the problem is about.
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> DistError {
    DistError {
        field,
        message: message.into(),
    }
}

/// A distribution of a duration, in seconds.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Always the same value.
    Fixed(f64),
    /// Uniform on `[min, min + span)`.
    Uniform { min: f64, span: f64 },
    /// Triangular on `[min, max]` with the given mode.
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
        d: Triangular<f64>,
    },
    /// Modified Beta-PERT.
    Pert {
        min: f64,
        mode: f64,
        max: f64,
        shape: f64,
        d: PertDraw,
    },
    /// Normal truncated at 0 (conditioned on being non-negative).
    Normal { mean: f64, sd: f64 },
    /// Lognormal, stated by its median and 95th percentile.
    LogNormal {
        median: f64,
        p95: f64,
        d: LogNormal<f64>,
    },
    /// Exponential with the given mean.
    Exponential { mean: f64 },
    /// Weibull with shape and scale.
    Weibull {
        shape: f64,
        scale: f64,
        d: Weibull<f64>,
    },
    /// Gamma with shape and scale (mean shape·scale).
    Gamma {
        shape: f64,
        scale: f64,
        d: Gamma<f64>,
    },
    /// Equal-weight resampling of observed values.
    Empirical(Vec<f64>),
    /// Discrete outcomes; `cumulative` holds running weight sums ending in 1.
    Choice {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
    /// Another distribution's draws times `factor` (see [`Dist::scaled`]):
    /// the same random numbers, so the same stream stays in step.
    Scaled { factor: f64, inner: Box<Dist> },
    /// Always `value`, drawing what `inner` draws (see [`Dist::pinned`]):
    /// the same random numbers, so the same stream stays in step.
    Pinned { value: f64, inner: Box<Dist> },
}

impl Dist {
    /// Always `value` (a finite duration of 0 or more: the scenario layer
    /// checks it when parsing).
    pub fn fixed(value: f64) -> Dist {
        Dist::Fixed(value)
    }

    /// Uniform between `min` and `max`; needs `min < max`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        spread("uniform", min, max)?;
        Ok(Dist::Uniform {
            min,
            span: max - min,
        })
    }

    /// Triangular; needs `min <= mode <= max` and `min < max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        spread("triangular", min, max)?;
        mode_within(min, mode, max)?;
        Triangular::new(min, max, mode)
            .map(|d| Dist::Triangular { min, mode, max, d })
            .map_err(|e| bad("mode", e.to_string()))
    }

    /// Modified Beta-PERT with mean `(min + shape·mode + max) / (shape + 2)`.
    pub fn pert(min: f64, mode: f64, max: f64, shape: Option<f64>) -> Result<Dist, DistError> {
        spread("pert", min, max)?;
        mode_within(min, mode, max)?;
        let shape = shape.unwrap_or(4.0);
        if !(shape.is_finite() && shape > 0.0 && shape <= 1000.0) {
            return Err(bad(
                "shape",
                format!(
                    "pert shape must be a number above 0 and at most 1000 (default 4), not {shape}"
                ),
            ));
        }
        // rand_distr's checks (and its message) on the range and mode; the
        // draw itself is `PertDraw`'s.
        Pert::new(min, max)
            .with_shape(shape)
            .with_mode(mode)
            .map_err(|e| bad("mode", e.to_string()))?;
        let d = PertDraw::new(min, mode, max, shape)
            .ok_or_else(|| bad("mode", "pert parameters give no beta distribution"))?;
        Ok(Dist::Pert {
            min,
            mode,
            max,
            shape,
            d,
        })
    }

    /// Normal truncated at 0; needs `sd > 0`.
    pub fn normal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        finite(&[("mean", mean), ("sd", sd)])?;
        if sd.is_nan() || sd <= 0.0 {
            return Err(bad(
                "sd",
                "normal needs sd above 0; for a fixed time write a plain duration",
            ));
        }
        Ok(Dist::Normal { mean, sd })
    }

    /// Lognormal from "usually `median`, 1 in 20 times `p95` or more";
    /// needs `p95 > median > 0`.
    pub fn lognormal(median: f64, p95: f64) -> Result<Dist, DistError> {
        finite(&[("median", median), ("p95", p95)])?;
        if median.is_nan() || median <= 0.0 {
            return Err(bad("median", "lognormal needs a median above 0"));
        }
        if p95.is_nan() || p95 <= median {
            return Err(bad(
                "p95",
                "lognormal needs p95 above the median (p95 is the time exceeded 1 time in 20)",
            ));
        }
        let sigma = (p95 / median).ln() / Z95;
        LogNormal::new(median.ln(), sigma)
            .map(|d| Dist::LogNormal { median, p95, d })
            .map_err(|e| bad("p95", e.to_string()))
    }

    /// Exponential with the given mean; needs `mean > 0`.
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        finite(&[("mean", mean)])?;
        if mean.is_nan() || mean <= 0.0 {
            return Err(bad("mean", "exponential needs a mean above 0"));
        }
        Ok(Dist::Exponential { mean })
    }

    /// Weibull; needs `0.1 <= shape <= 100` (so samples stay finite) and `scale > 0`.
    pub fn weibull(shape: f64, scale: f64) -> Result<Dist, DistError> {
        if !(shape.is_finite() && (0.1..=100.0).contains(&shape)) {
            return Err(bad(
                "shape",
                format!("weibull shape must be a number between 0.1 and 100, not {shape}"),
            ));
        }
        finite(&[("scale", scale)])?;
        if scale <= 0.0 {
            return Err(bad("scale", "weibull needs a scale above 0"));
        }
        Weibull::new(scale, shape)
            .map(|d| Dist::Weibull { shape, scale, d })
            .map_err(|e| bad("shape", e.to_string()))
    }

    /// Gamma with mean `shape·scale`; needs `0.1 <= shape <= 1000` and
    /// `scale > 0`.
    pub fn gamma(shape: f64, scale: f64) -> Result<Dist, DistError> {
        if !(shape.is_finite() && (0.1..=1000.0).contains(&shape)) {
            return Err(bad(
                "shape",
                format!("gamma shape must be a number between 0.1 and 1000, not {shape}"),
            ));
        }
        finite(&[("scale", scale)])?;
        if scale <= 0.0 {
            return Err(bad("scale", "gamma needs a scale above 0"));
        }
        Gamma::new(shape, scale)
            .map(|d| Dist::Gamma { shape, scale, d })
            .map_err(|e| bad("shape", e.to_string()))
    }

    /// Resamples `samples` with equal weight; needs at least one sample.
    pub fn empirical(samples: Vec<f64>) -> Result<Dist, DistError> {
        if samples.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(bad(
                "samples",
                "empirical samples must be finite durations of 0 or more",
            ));
        }
        if samples.is_empty() {
            return Err(bad(
                "samples",
                "empirical needs at least one sample, e.g. samples = [\"20m\", \"35m\"]",
            ));
        }
        Ok(Dist::Empirical(samples))
    }

    /// Discrete outcomes with weights (normalised); needs one weight per
    /// value, weights finite and non-negative with a positive sum.
    pub fn choice(values: Vec<f64>, weights: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(bad("values", "choice needs at least one value"));
        }
        if values.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(bad(
                "values",
                "choice values must be finite durations of 0 or more",
            ));
        }
        if weights.len() != values.len() {
            return Err(bad(
                "weights",
                format!(
                    "choice has {} values but {} weights: give one weight per value",
                    values.len(),
                    weights.len()
                ),
            ));
        }
        if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) {
            return Err(bad(
                "weights",
                "choice weights must be finite numbers of 0 or more",
            ));
        }
        let total: f64 = weights.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(bad(
                "weights",
                "choice weights must have a positive, finite sum",
            ));
        }
        let mut running = 0.0;
        let mut cumulative: Vec<f64> = weights
            .iter()
            .map(|w| {
                running += w / total;
                running
            })
            .collect();
        // Rounding may leave the running sum just below 1: close it at the
        // last positive weight, so that trailing zero weights are never drawn.
        let last_positive = weights.iter().rposition(|w| *w > 0.0).unwrap_or(0);
        cumulative[last_positive..].fill(1.0);
        Ok(Dist::Choice { values, cumulative })
    }

    /// Draws one value (seconds, finite, at least 0).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Fixed(value) => *value,
            Dist::Uniform { min, span } => min + span * rng.random::<f64>(),
            Dist::Triangular { d, .. } => d.sample(rng),
            Dist::Pert { d, .. } => d.sample(rng),
            Dist::Normal { mean, sd } => {
                sample_truncated_normal(*mean, *sd, rng).min(MAX_SAMPLE_SECS)
            }
            Dist::LogNormal { d, .. } => d.sample(rng).min(MAX_SAMPLE_SECS),
            Dist::Exponential { mean } => (mean * rng.sample::<f64, _>(Exp1)).min(MAX_SAMPLE_SECS),
            Dist::Weibull { d, .. } => d.sample(rng).min(MAX_SAMPLE_SECS),
            Dist::Gamma { d, .. } => d.sample(rng).min(MAX_SAMPLE_SECS),
            Dist::Empirical(samples) => samples[rng.random_range(0..samples.len())],
            Dist::Choice { values, cumulative } => {
                let u: f64 = rng.random();
                let index = cumulative.partition_point(|c| *c <= u);
                values[index.min(values.len() - 1)]
            }
            Dist::Scaled { factor, inner } => (factor * inner.sample(rng)).min(MAX_SAMPLE_SECS),
            Dist::Pinned { value, inner } => {
                inner.sample(rng);
                *value
            }
        }
    }
}

/// Every parameter in seconds must be finite.
fn finite(params: &[(&'static str, f64)]) -> Result<(), DistError> {
    match params.iter().find(|(_, v)| !v.is_finite()) {
        Some((field, v)) => Err(bad(
            field,
            format!("{field} must be a finite duration, not {v}"),
        )),
        None => Ok(()),
    }
}

fn spread(name: &str, min: f64, max: f64) -> Result<(), DistError> {
    finite(&[("min", min), ("max", max)])?;
    if min < 0.0 {
        return Err(bad(
            "min",
            format!("{name} min cannot be negative: durations are 0 or more"),
        ));
    }
    if min < max {
        Ok(())
    } else {
        Err(bad(
            "max",
            format!(
                "{name} needs min below max; for a fixed time write a plain duration such as \"10m\""
            ),
        ))
    }
}

fn mode_within(min: f64, mode: f64, max: f64) -> Result<(), DistError> {
    if min <= mode && mode <= max {
        Ok(())
    } else {
        Err(bad("mode", "mode must lie between min and max"))
    }
}

/// Samples N(mean, sd²) conditioned on being at least 0.
///
/// When at least half the mass is above 0 (mean ≥ 0) plain resampling
/// accepts with probability ≥ 1/2. Otherwise the draw comes from the tail
/// above `a = -mean/sd` by Robert's (1995) exponential rejection sampler,
/// whose acceptance rate exceeds 0.7 for every `a > 0`; so no mean/sd pair,
/// however far below 0, makes sampling slow.
fn sample_truncated_normal<R: Rng + ?Sized>(mean: f64, sd: f64, rng: &mut R) -> f64 {
    if mean >= 0.0 {
        loop {
            let z: f64 = rng.sample(StandardNormal);
            let x = mean + sd * z;
            if x >= 0.0 {
                return x;
            }
        }
    }
    let a = -mean / sd;
    let alpha = 0.5 * (a + (a * a + 4.0).sqrt());
    loop {
        // z = a + y is the proposal; working with y keeps precision for large a.
        let y = rng.sample::<f64, _>(Exp1) / alpha;
        let gap = a - alpha + y;
        if rng.random::<f64>() <= (-gap * gap / 2.0).exp() {
            return y * sd;
        }
    }
}
