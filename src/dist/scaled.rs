//! A distribution made faster or slower by a factor: every draw of the
//! original times the factor, from the same random numbers, so a stream
//! that draws from it stays in step with the unscaled plan (common random
//! numbers: `drsim advise` automates a step this way).

use super::{Dist, DistError, bad};

impl Dist {
    /// Every draw of `self` multiplied by `factor` (finite, at least 0).
    /// It draws exactly the random numbers `self` draws, so the draws that
    /// follow from the same stream are unchanged; a fixed time stays fixed.
    pub fn scaled(self, factor: f64) -> Result<Dist, DistError> {
        if !(factor.is_finite() && factor >= 0.0) {
            return Err(bad(
                "factor",
                format!("a duration factor must be a finite number of 0 or more, not {factor}"),
            ));
        }
        Ok(match self {
            Dist::Fixed(value) => Dist::Fixed(value * factor),
            Dist::Scaled {
                factor: inner_factor,
                inner,
            } => Dist::Scaled {
                factor: inner_factor * factor,
                inner,
            },
            other => Dist::Scaled {
                factor,
                inner: Box::new(other),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    use super::*;
    use crate::dist::tests::one_of_each;

    #[test]
    fn a_scaled_draw_is_the_draw_times_the_factor_and_leaves_the_stream_in_step() {
        for dist in one_of_each() {
            let scaled = dist.clone().scaled(0.25).unwrap();
            let mut a = Xoshiro256PlusPlus::seed_from_u64(11);
            let mut b = Xoshiro256PlusPlus::seed_from_u64(11);
            for _ in 0..1000 {
                let (x, y) = (dist.sample(&mut a), scaled.sample(&mut b));
                assert_eq!((0.25 * x).to_bits(), y.to_bits(), "{dist:?}");
                // The next number of the stream is the same: as many draws.
                assert_eq!(a.random::<u64>(), b.random::<u64>(), "{dist:?}");
            }
        }
    }

    #[test]
    fn factors_compose_and_a_fixed_time_stays_fixed() {
        let d = Dist::uniform(0.0, 100.0).unwrap();
        let twice = d.clone().scaled(0.5).unwrap().scaled(0.5).unwrap();
        assert!(matches!(twice, Dist::Scaled { factor, .. } if factor == 0.25));
        assert!(matches!(Dist::fixed(60.0).scaled(0.5), Ok(Dist::Fixed(v)) if v == 30.0));
        assert!(matches!(Dist::fixed(60.0).scaled(0.0), Ok(Dist::Fixed(v)) if v == 0.0));
    }

    #[test]
    fn a_factor_must_be_finite_and_not_negative() {
        for bad in [-0.5, f64::NAN, f64::INFINITY] {
            let err = Dist::fixed(1.0).scaled(bad).unwrap_err();
            assert_eq!(err.field, "factor", "{bad}");
        }
    }
}
