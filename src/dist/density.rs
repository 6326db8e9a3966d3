//! The CDF and the log-density of the continuous distributions a drill's
//! timings can be fitted to (`drsim fit`): what a likelihood and a
//! goodness-of-fit statistic need. The discrete ones, and the truncated
//! normal, have none here.

use statrs::function::beta::{beta_reg, ln_beta};
use statrs::function::gamma::{gamma_lr, ln_gamma};

use super::{Dist, Z95, normal_cdf};

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

impl Dist {
    /// P(X ≤ x), for the continuous distributions other than the
    /// truncated normal; `None` for the others.
    pub fn cdf(&self, x: f64) -> Option<f64> {
        let p = match self {
            Dist::Uniform { min, span } => ((x - min) / span).clamp(0.0, 1.0),
            Dist::Triangular { min, mode, max, .. } => triangular_cdf(*min, *mode, *max, x),
            Dist::Pert { min, max, .. } => {
                let (alpha, beta) = self.pert_shape()?;
                let z = ((x - min) / (max - min)).clamp(0.0, 1.0);
                beta_reg(alpha, beta, z)
            }
            Dist::LogNormal { median, p95, .. } => {
                if x <= 0.0 {
                    0.0
                } else {
                    let sigma = (p95 / median).ln() / Z95;
                    normal_cdf((x / median).ln() / sigma)
                }
            }
            Dist::Exponential { mean } => -(-x.max(0.0) / mean).exp_m1(),
            Dist::Weibull { shape, scale, .. } => -(-(x.max(0.0) / scale).powf(*shape)).exp_m1(),
            Dist::Gamma { shape, scale, .. } => gamma_lr(*shape, x.max(0.0) / scale),
            _ => return None,
        };
        Some(p)
    }

    /// ln f(x), the log of the density at `x` (−∞ outside the support),
    /// for the distributions [`Dist::cdf`] covers; `None` for the others.
    pub fn ln_density(&self, x: f64) -> Option<f64> {
        let outside = f64::NEG_INFINITY;
        let ln_f = match self {
            Dist::Uniform { min, span } => {
                if x < *min || x > min + span {
                    outside
                } else {
                    -span.ln()
                }
            }
            Dist::Triangular { min, mode, max, .. } => triangular_ln_density(*min, *mode, *max, x),
            Dist::Pert { min, max, .. } => {
                let (alpha, beta) = self.pert_shape()?;
                if x <= *min || x >= *max {
                    outside
                } else {
                    let width = max - min;
                    (alpha - 1.0) * ((x - min) / width).ln()
                        + (beta - 1.0) * ((max - x) / width).ln()
                        - width.ln()
                        - ln_beta(alpha, beta)
                }
            }
            Dist::LogNormal { median, p95, .. } => {
                if x <= 0.0 {
                    outside
                } else {
                    let sigma = (p95 / median).ln() / Z95;
                    let z = (x / median).ln() / sigma;
                    -x.ln() - sigma.ln() - LN_SQRT_2PI - 0.5 * z * z
                }
            }
            Dist::Exponential { mean } => {
                if x < 0.0 {
                    outside
                } else {
                    -mean.ln() - x / mean
                }
            }
            Dist::Weibull { shape, scale, .. } => {
                if x <= 0.0 {
                    outside
                } else {
                    let z = x / scale;
                    shape.ln() - scale.ln() + (shape - 1.0) * z.ln() - z.powf(*shape)
                }
            }
            Dist::Gamma { shape, scale, .. } => {
                if x <= 0.0 {
                    outside
                } else {
                    let z = x / scale;
                    (shape - 1.0) * z.ln() - z - scale.ln() - ln_gamma(*shape)
                }
            }
            _ => return None,
        };
        Some(ln_f)
    }

    /// PERT's Beta shape parameters (α, β).
    fn pert_shape(&self) -> Option<(f64, f64)> {
        match self {
            Dist::Pert {
                min,
                mode,
                max,
                shape,
                ..
            } => {
                let width = max - min;
                Some((
                    1.0 + shape * (mode - min) / width,
                    1.0 + shape * (max - mode) / width,
                ))
            }
            _ => None,
        }
    }
}

fn triangular_cdf(min: f64, mode: f64, max: f64, x: f64) -> f64 {
    if x <= min {
        0.0
    } else if x >= max {
        1.0
    } else if x < mode {
        (x - min).powi(2) / ((max - min) * (mode - min))
    } else {
        1.0 - (max - x).powi(2) / ((max - min) * (max - mode))
    }
}

fn triangular_ln_density(min: f64, mode: f64, max: f64, x: f64) -> f64 {
    let width = max - min;
    let f = if x < min || x > max {
        0.0
    } else if x < mode {
        2.0 * (x - min) / (width * (mode - min))
    } else if x > mode {
        2.0 * (max - x) / (width * (max - mode))
    } else {
        2.0 / width
    };
    f.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The density integrates to the CDF: the trapezoid rule over a fine
    /// grid, for every distribution covered.
    #[test]
    fn density_integrates_to_the_cdf() {
        let dists = [
            Dist::uniform(60.0, 600.0).unwrap(),
            Dist::triangular(300.0, 600.0, 1800.0).unwrap(),
            Dist::triangular(300.0, 300.0, 1800.0).unwrap(),
            Dist::pert(300.0, 900.0, 3600.0, None).unwrap(),
            Dist::lognormal(600.0, 1800.0).unwrap(),
            Dist::exponential(1800.0).unwrap(),
            Dist::weibull(1.7, 3600.0).unwrap(),
            Dist::gamma(2.5, 720.0).unwrap(),
        ];
        for d in &dists {
            let (from, to) = (d.quantile(0.02), d.quantile(0.9));
            let steps = 20_000;
            let h = (to - from) / f64::from(steps);
            let f = |x: f64| d.ln_density(x).unwrap().exp();
            let integral: f64 = (0..steps)
                .map(|i| {
                    let a = from + h * f64::from(i);
                    0.5 * h * (f(a) + f(a + h))
                })
                .sum();
            let expected = d.cdf(to).unwrap() - d.cdf(from).unwrap();
            // The trapezoid rule's error is O(h²·f''); 1e-4 of the mass is
            // far above it on 20,000 steps and far below any real mistake.
            assert!(
                (integral - expected).abs() < 1e-4,
                "{}: ∫f = {integral}, ΔF = {expected}",
                d.words()
            );
        }
    }

    #[test]
    fn cdf_inverts_the_quantile() {
        for d in [
            Dist::lognormal(600.0, 1800.0).unwrap(),
            Dist::weibull(0.8, 3600.0).unwrap(),
            Dist::gamma(0.7, 3600.0).unwrap(),
            Dist::triangular(0.0, 100.0, 400.0).unwrap(),
        ] {
            for p in [0.01, 0.3, 0.5, 0.95] {
                let x = d.quantile(p);
                assert!(
                    (d.cdf(x).unwrap() - p).abs() < 1e-9,
                    "{}: F(Q({p}))",
                    d.words()
                );
            }
        }
        assert_eq!(Dist::fixed(5.0).cdf(5.0), None);
        assert_eq!(Dist::empirical(vec![1.0]).unwrap().ln_density(1.0), None);
    }
}
