//! TEMPORARY interface until the helper's copula lands (replaced at merge).
#![allow(dead_code)]

#[derive(Debug, Clone)]
pub struct Copula {
    k: usize,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum CopulaError {
    #[error("not positive semi-definite")]
    NotPositiveSemiDefinite,
}

impl Copula {
    pub fn new(k: usize, _ranks: &[f64]) -> Result<Copula, CopulaError> {
        Ok(Copula { k })
    }
    pub fn dims(&self) -> usize {
        self.k
    }
    pub fn sample<R: rand::Rng + ?Sized>(&self, _rng: &mut R, _normals: &mut [f64], u: &mut [f64]) {
        u.fill(0.5);
    }
}

impl super::Dist {
    pub fn from_uniform(&self, u: f64) -> f64 {
        self.quantile(u)
    }
}
