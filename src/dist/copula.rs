//! A Gaussian copula: correlated uniform numbers for variables (step
//! durations) whose ranks should move together, each then mapped through
//! its own distribution's inverse CDF (`Dist::from_uniform`), so that every
//! marginal stays as written (issue 12).
//!
//! The copula is stated by Spearman rank correlations, which survive any
//! increasing map of the marginals; for normals with Pearson correlation
//! `r` Spearman's is `(6/π)·asin(r/2)`, so a requested `ρ` becomes
//! `r = 2·sin(πρ/6)`, exactly. Normals correlated by the Cholesky factor
//! of those `r`, mapped through Φ, are the uniforms.

use std::f64::consts::PI;

use rand::{Rng, RngExt};
use rand_distr::StandardNormal;
use thiserror::Error;

use super::{BELOW_ONE, normal_cdf};

/// A pivot of the Cholesky factorization within this of 0 is taken as 0:
/// the variable is then a combination of the earlier ones (rank 1 makes
/// two comonotone). A pivot below `−PIVOT_TOLERANCE` means the matrix is
/// not positive semi-definite.
const PIVOT_TOLERANCE: f64 = 1e-10;

/// The smallest uniform the copula yields, `2⁻⁵³`, mirroring the largest,
/// [`BELOW_ONE`] = `1 − 2⁻⁵³`.
const ABOVE_ZERO: f64 = f64::EPSILON / 2.0;

/// A Gaussian copula over k variables, given their pairwise Spearman rank
/// correlations.
#[derive(Debug, Clone)]
pub struct Copula {
    /// The number of variables.
    k: usize,
    /// The lower-triangular factor `L` (`L·Lᵀ` = the normals' correlation
    /// matrix), row by row: row `i` holds its `i + 1` entries from column 0.
    factor: Vec<f64>,
    /// Per variable, whether its requested rank correlations with all the
    /// others are 0.
    independent: Vec<bool>,
}

/// Why rank correlations cannot make a copula.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CopulaError {
    /// No joint distribution has all the requested correlations: those of
    /// `variable` with the variables before it contradict the correlations
    /// among those (the correlation matrix is not positive semi-definite).
    #[error(
        "the rank correlations of variable {variable} with variables 0 to {} contradict the correlations among those, so no joint distribution has them all (e.g. a and b strongly together, a and c strongly together, but b and c strongly opposed); weaken the strongest of them",
        .variable.saturating_sub(1)
    )]
    NotPositiveSemiDefinite {
        /// The first variable (0-based) at which the factorization failed.
        variable: usize,
    },
    /// A correlation outside [−1, 1], or not a number.
    #[error(
        "the rank correlation between variables {row} and {col} is {value}; it must be a number from -1 to 1"
    )]
    OutOfRange {
        /// Row of the matrix entry (0-based).
        row: usize,
        /// Column of the matrix entry (0-based).
        col: usize,
        /// The value given.
        value: f64,
    },
}

impl Copula {
    /// `ranks` is the k×k symmetric matrix of requested Spearman rank
    /// correlations (row-major, diagonal 1). Converts each to the Pearson
    /// correlation of the normals, `r = 2·sin(π·ρ/6)` (exact for the
    /// Gaussian copula), and factors the matrix (a Cholesky factorization
    /// that accepts positive semi-definite matrices: a pivot within 10⁻¹⁰
    /// of 0 is taken as 0 and its column as 0 — e.g. rank 1 between two
    /// steps makes them comonotone); a matrix that is not PSD (a pivot
    /// clearly below 0, or a zero pivot whose column is not 0) is an error.
    ///
    /// # Panics
    /// If `ranks` is not k×k, symmetric, with 1 on the diagonal: the caller
    /// builds it so.
    pub fn new(k: usize, ranks: &[f64]) -> Result<Copula, CopulaError> {
        assert_eq!(ranks.len(), k * k, "a {k}×{k} rank matrix");
        for (index, &value) in ranks.iter().enumerate() {
            if !(-1.0..=1.0).contains(&value) {
                let (row, col) = (index / k, index % k);
                return Err(CopulaError::OutOfRange { row, col, value });
            }
        }
        for i in 0..k {
            assert_eq!(
                ranks[i * k + i],
                1.0,
                "diagonal entry {i} of the rank matrix"
            );
            for j in 0..i {
                assert_eq!(ranks[i * k + j], ranks[j * k + i], "rank matrix ({i}, {j})");
            }
        }
        let pearson: Vec<f64> = ranks.iter().map(|rho| normal_correlation(*rho)).collect();
        let independent = (0..k)
            .map(|i| (0..k).all(|j| j == i || ranks[i * k + j] == 0.0))
            .collect();
        Ok(Copula {
            k,
            factor: cholesky(k, &pearson)?,
            independent,
        })
    }

    /// The number of variables.
    pub fn dims(&self) -> usize {
        self.k
    }

    /// Fills `u` (len k) with correlated uniforms in (0, 1): draws k
    /// standard normals from `rng` into `normals` (len k; always k, so the
    /// stream advances the same whatever the correlations), multiplies by
    /// the factor, and maps each through Φ. No allocation.
    ///
    /// Each `u` is clamped into `[2⁻⁵³, 1 − 2⁻⁵³]`: Φ rounds to exactly 1
    /// above z ≈ 8.3, where a distribution with an unbounded tail has no
    /// finite quantile, while below it reaches 10⁻³⁰⁸; the clamp makes the
    /// two ends symmetric, at the resolution of `random::<f64>()`. A normal
    /// beyond ±8.2 has probability 2·10⁻¹⁶, so nothing measurable moves.
    ///
    /// # Panics
    /// If `normals` or `u` is not of length k.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R, normals: &mut [f64], u: &mut [f64]) {
        assert_eq!(normals.len(), self.k, "normals buffer of the copula's size");
        assert_eq!(u.len(), self.k, "uniforms buffer of the copula's size");
        for normal in normals.iter_mut() {
            *normal = rng.sample(StandardNormal);
        }
        let mut row_start = 0;
        for (i, out) in u.iter_mut().enumerate() {
            let row = &self.factor[row_start..row_start + i + 1];
            let z: f64 = row.iter().zip(normals.iter()).map(|(l, n)| l * n).sum();
            *out = uniform_from_normal(z);
            row_start += i + 1;
        }
    }

    /// True when variable `i` is independent of all others (its row and
    /// column of the rank matrix are 0 off the diagonal).
    pub fn independent(&self, i: usize) -> bool {
        self.independent[i]
    }
}

/// The Pearson correlation of two normals whose Spearman correlation is
/// `rho`: `2·sin(πρ/6)`, with ±1 kept exact (`sin(π/6)` rounds below ½).
fn normal_correlation(rho: f64) -> f64 {
    if rho.abs() == 1.0 {
        rho
    } else {
        2.0 * (PI * rho / 6.0).sin()
    }
}

/// Φ(z) clamped into `[2⁻⁵³, 1 − 2⁻⁵³]` (see [`Copula::sample`]).
fn uniform_from_normal(z: f64) -> f64 {
    normal_cdf(z).clamp(ABOVE_ZERO, BELOW_ONE)
}

/// The lower-triangular `L` with `L·Lᵀ = r` (k×k, row-major, symmetric,
/// unit diagonal), packed by rows. A zero pivot (within
/// [`PIVOT_TOLERANCE`]) leaves its column 0; it is consistent only if the
/// rest of that column of the remaining matrix is 0 too — for a PSD matrix
/// each such entry is at most `√(pivot·1) ≤ 10⁻⁵` by Cauchy–Schwarz, so a
/// larger one means the matrix is not PSD either.
fn cholesky(k: usize, r: &[f64]) -> Result<Vec<f64>, CopulaError> {
    let at = |i: usize, j: usize| i * (i + 1) / 2 + j;
    let mut factor = vec![0.0; k * (k + 1) / 2];
    for j in 0..k {
        let dot = |factor: &[f64], i: usize| -> f64 {
            (0..j).map(|m| factor[at(i, m)] * factor[at(j, m)]).sum()
        };
        let pivot = r[j * k + j] - dot(&factor, j);
        if pivot < -PIVOT_TOLERANCE {
            return Err(CopulaError::NotPositiveSemiDefinite { variable: j });
        }
        if pivot <= PIVOT_TOLERANCE {
            for i in j + 1..k {
                if (r[i * k + j] - dot(&factor, i)).abs() > PIVOT_TOLERANCE.sqrt() {
                    return Err(CopulaError::NotPositiveSemiDefinite { variable: i });
                }
            }
            continue;
        }
        let diagonal = pivot.sqrt();
        factor[at(j, j)] = diagonal;
        for i in j + 1..k {
            factor[at(i, j)] = (r[i * k + j] - dot(&factor, i)) / diagonal;
        }
    }
    Ok(factor)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    use super::*;
    use crate::dist::Dist;
    use crate::stats::{ranks, spearman_with_ranks};

    /// Pairs (or tuples) drawn per statistical test.
    const N: usize = 20_000;

    /// Spearman's rank correlation of two samples (`src/stats/rank.rs`).
    fn spearman(a: &[f64], b: &[f64]) -> f64 {
        spearman_with_ranks(a, &ranks(b)).unwrap_or(f64::NAN)
    }

    /// The k×k matrix with 1 on the diagonal and `pairs` (i, j, ρ) placed
    /// symmetrically.
    fn matrix(k: usize, pairs: &[(usize, usize, f64)]) -> Vec<f64> {
        let mut m = vec![0.0; k * k];
        for i in 0..k {
            m[i * k + i] = 1.0;
        }
        for &(i, j, rho) in pairs {
            m[i * k + j] = rho;
            m[j * k + i] = rho;
        }
        m
    }

    /// `N` draws of the copula from `seed`, one column per variable.
    fn columns(copula: &Copula, seed: u64) -> Vec<Vec<f64>> {
        let k = copula.dims();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let (mut normals, mut u) = (vec![0.0; k], vec![0.0; k]);
        let mut out = vec![Vec::with_capacity(N); k];
        for _ in 0..N {
            copula.sample(&mut rng, &mut normals, &mut u);
            for (column, value) in out.iter_mut().zip(&u) {
                column.push(*value);
            }
        }
        out
    }

    /// The sample Spearman correlation of `n` Gaussian-copula pairs with
    /// rank correlation `rho` lies within 4 standard errors of its mean.
    fn assert_spearman_near(label: &str, achieved: f64, rho: f64) {
        let n = N as f64;
        // Its mean: E[r_s] = (6/(π(n+1)))·(asin r + (n − 2)·asin(r/2))
        // for normals with correlation r (Moran 1948), so ρ + (6·asin(r)/π
        // − 3ρ)/(n + 1): within 3·10⁻⁵ of ρ here.
        let r = normal_correlation(rho);
        let mean = rho + (6.0 * r.asin() / PI - 3.0 * rho) / (n + 1.0);
        // Its standard error: Bonett & Wright (2000), var(atanh r_s) ≈
        // (1 + ρ²/2)/(n − 3), so se ≈ (1 − ρ²)·√((1 + ρ²/2)/(n − 3)).
        // Checked by simulation (1000 samples of n = 20,000): sd 0.00475
        // at ρ = 0.6 (formula 0.00492), 0.00561 at −0.5 (0.00563), 0.00151
        // at 0.9 (0.00159), 0.00721 at 0 (0.00707, within the simulation's
        // own 2 %); (1 − ρ²)/√(n − 1) would be 5–11 % too small.
        let se = (1.0 - rho * rho) * ((1.0 + rho * rho / 2.0) / (n - 3.0)).sqrt();
        let tolerance = 4.0 * se;
        assert!(
            (achieved - mean).abs() <= tolerance,
            "{label}: Spearman {achieved} vs {mean} (tolerance {tolerance})"
        );
    }

    #[test]
    fn pairs_reach_the_requested_rank_correlation() {
        for rho in [0.6, -0.5] {
            let copula = Copula::new(2, &matrix(2, &[(0, 1, rho)])).unwrap();
            let u = columns(&copula, 1);
            assert_spearman_near(&format!("ρ = {rho}"), spearman(&u[0], &u[1]), rho);
        }
    }

    #[test]
    fn any_marginals_keep_the_rank_correlation() {
        // Spearman's ρ depends on ranks only: increasing maps leave it.
        let copula = Copula::new(2, &matrix(2, &[(0, 1, 0.6)])).unwrap();
        let u = columns(&copula, 2);
        let lognormal = Dist::lognormal(600.0, 1800.0).unwrap();
        let pert = Dist::pert(300.0, 900.0, 3600.0, None).unwrap();
        let x: Vec<f64> = u[0].iter().map(|u| lognormal.from_uniform(*u)).collect();
        let y: Vec<f64> = u[1].iter().map(|u| pert.from_uniform(*u)).collect();
        let (of_durations, of_uniforms) = (spearman(&x, &y), spearman(&u[0], &u[1]));
        assert!(
            (of_durations - of_uniforms).abs() <= 1e-12,
            "{of_durations} vs {of_uniforms}"
        );
        assert_spearman_near("lognormal and PERT", of_durations, 0.6);
    }

    #[test]
    fn three_variables_reach_each_pair_s_correlation() {
        let pairs = [(0, 1, 0.7), (0, 2, -0.3), (1, 2, 0.1)];
        let copula = Copula::new(3, &matrix(3, &pairs)).unwrap();
        let u = columns(&copula, 3);
        for (i, j, rho) in pairs {
            assert_spearman_near(&format!("({i}, {j})"), spearman(&u[i], &u[j]), rho);
        }
    }

    #[test]
    fn the_factor_reproduces_the_normals_correlations() {
        // Deterministic, and sharper than the sampled tests (20,000 pairs
        // cannot tell ρ = 0.6 from the ~0.018 it would lack if ρ were used
        // as the normals' Pearson correlation): L·Lᵀ = 2·sin(πρ/6), and
        // Spearman's (6/π)·asin(r/2) of that is ρ again. Rounding: a few ε.
        // Variable 3 is variable 0 again (rank 1): a zero pivot.
        let pairs = [
            (0, 1, 0.7),
            (0, 2, -0.3),
            (1, 2, 0.1),
            (0, 3, 1.0),
            (1, 3, 0.7),
            (2, 3, -0.3),
        ];
        let ranks = matrix(4, &pairs);
        let copula = Copula::new(4, &ranks).unwrap();
        let at = |i: usize, j: usize| copula.factor[i * (i + 1) / 2 + j];
        for i in 0..4 {
            for j in 0..=i {
                let product: f64 = (0..=j).map(|m| at(i, m) * at(j, m)).sum();
                let rho = ranks[i * 4 + j];
                let r = normal_correlation(rho);
                assert!((product - r).abs() <= 1e-14, "({i}, {j}): {product} vs {r}");
                let back = 6.0 / PI * (r / 2.0).asin();
                assert!((back - rho).abs() <= 1e-15, "({i}, {j}): {back} vs {rho}");
            }
        }
    }

    #[test]
    fn rank_one_makes_identical_ranks_and_minus_one_reversed_ones() {
        let copula =
            Copula::new(3, &matrix(3, &[(0, 1, 1.0), (0, 2, -1.0), (1, 2, -1.0)])).unwrap();
        let u = columns(&copula, 4);
        let (r0, r1, r2) = (ranks(&u[0]), ranks(&u[1]), ranks(&u[2]));
        assert_eq!(r0, r1);
        let reversed: Vec<f64> = r0.iter().map(|r| (N + 1) as f64 - r).collect();
        assert_eq!(r2, reversed);
    }

    #[test]
    fn a_comonotone_pair_shares_its_correlations_with_a_third() {
        // 0 and 1 move as one, so each relates to 2 alike: accepted, and
        // both reach 0.5 with 2.
        let pairs = [(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.5)];
        let copula = Copula::new(3, &matrix(3, &pairs)).unwrap();
        let u = columns(&copula, 5);
        assert_eq!(ranks(&u[0]), ranks(&u[1]));
        assert_spearman_near("(1, 2)", spearman(&u[1], &u[2]), 0.5);
        // Unlike, they contradict (the pivot of 1 is 0, its column is not).
        let contradiction = [(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.0)];
        assert_eq!(
            Copula::new(3, &matrix(3, &contradiction)).unwrap_err(),
            CopulaError::NotPositiveSemiDefinite { variable: 2 }
        );
    }

    #[test]
    fn contradicting_correlations_are_rejected() {
        // a with b and a with c strongly together, b with c strongly apart.
        let pairs = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, -0.9)];
        let err = Copula::new(3, &matrix(3, &pairs)).unwrap_err();
        assert_eq!(err, CopulaError::NotPositiveSemiDefinite { variable: 2 });
        let message = err.to_string();
        assert!(
            message.contains("variable 2") && message.contains("0 to 1"),
            "{message}"
        );
    }

    #[test]
    fn correlations_outside_minus_one_to_one_are_rejected() {
        for bad in [1.5, -1.01, f64::NAN, f64::INFINITY] {
            let err = Copula::new(2, &matrix(2, &[(0, 1, bad)])).unwrap_err();
            assert!(
                matches!(err, CopulaError::OutOfRange { row: 0, col: 1, value } if value.to_bits() == bad.to_bits()),
                "{bad}: {err:?}"
            );
            assert!(err.to_string().contains(&bad.to_string()), "{err}");
        }
    }

    #[test]
    fn a_variable_with_rank_zero_to_all_is_independent() {
        let copula = Copula::new(3, &matrix(3, &[(0, 1, 0.7)])).unwrap();
        assert_eq!(copula.dims(), 3);
        assert!(!copula.independent(0) && !copula.independent(1));
        assert!(copula.independent(2));
        let u = columns(&copula, 6);
        // Under independence Spearman's r has variance exactly 1/(n − 1).
        let tolerance = 4.0 / ((N - 1) as f64).sqrt();
        for i in [0, 1] {
            let r = spearman(&u[i], &u[2]);
            assert!(
                r.abs() <= tolerance,
                "({i}, 2): {r} (tolerance {tolerance})"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_uniforms() {
        let copula = Copula::new(3, &matrix(3, &[(0, 1, 0.7), (1, 2, -0.4)])).unwrap();
        let bits = |seed| -> Vec<u64> {
            columns(&copula, seed)
                .concat()
                .iter()
                .map(|u| u.to_bits())
                .collect()
        };
        assert_eq!(bits(7), bits(7));
        assert_ne!(bits(7), bits(8));
    }

    #[test]
    fn uniforms_are_never_0_or_1() {
        // Far beyond any normal the copula will draw, Φ is 0 or 1 in
        // doubles: the clamp keeps the uniform inside (0, 1), symmetrically.
        for z in [
            -1e3,
            -40.0,
            -8.3,
            8.3,
            40.0,
            1e3,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let u = uniform_from_normal(z);
            assert!(u > 0.0 && u < 1.0, "Φ({z}) clamped to {u}");
        }
        assert_eq!(uniform_from_normal(-40.0), 1.0 - uniform_from_normal(40.0));
        let copula = Copula::new(4, &matrix(4, &[(0, 1, 0.99), (2, 3, -0.99)])).unwrap();
        for column in columns(&copula, 9) {
            assert!(column.iter().all(|u| *u > 0.0 && *u < 1.0));
        }
    }
}
