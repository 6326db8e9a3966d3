//! How much a quantity varies over runs, and how much of the RTO's spread
//! a step accounts for: the sample standard deviation and the schedule
//! sensitivity index.

/// Sample standard deviation (n − 1), `None` for fewer than two values or
/// when it is not finite (an infinite value among them).
pub fn sd(values: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let n = values.clone().count();
    if n < 2 {
        return None;
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
    var.is_finite().then(|| var.sqrt())
}

/// Schedule sensitivity index: criticality × σ(step) / σ(RTO) — the share
/// of the RTO's spread a step accounts for (`None` when either spread is
/// unknown or the RTO does not vary).
pub fn ssi(criticality: f64, step_sd: Option<f64>, rto_sd: Option<f64>) -> Option<f64> {
    match (step_sd, rto_sd) {
        (Some(step), Some(rto)) if rto > 0.0 => Some(criticality * step / rto),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_deviation_of_a_known_sample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, /7.
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let got = sd(v.iter().copied()).unwrap();
        assert!((got - (32.0f64 / 7.0).sqrt()).abs() < 1e-12, "{got}");
        assert_eq!(sd([1.0].iter().copied()), None);
        assert_eq!(sd([1.0, f64::INFINITY].iter().copied()), None);
    }

    #[test]
    fn ssi_scales_criticality_by_the_ratio_of_spreads() {
        assert_eq!(ssi(0.5, Some(2.0), Some(4.0)), Some(0.25));
        assert_eq!(ssi(0.5, Some(2.0), Some(0.0)), None);
        assert_eq!(ssi(0.5, None, Some(4.0)), None);
    }
}
