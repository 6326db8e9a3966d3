//! A distribution in words, as a review board reads an input: "PERT
//! 5m–30m, most likely 10m", "lognormal, median 1h, p95 4h". Written
//! once, here, for every output that describes an input.

use super::Dist;
use crate::duration::format_secs;

/// Listed values of an empirical or choice distribution before it is
/// summarised by its range instead.
const LISTED_VALUES: usize = 6;

impl Dist {
    /// The distribution in words, times in the planner's units.
    pub fn words(&self) -> String {
        let t = |secs: &f64| format_secs(*secs);
        match self {
            Dist::Fixed(value) => t(value),
            Dist::Uniform { min, span } => format!("uniform {}–{}", t(min), t(&(min + span))),
            Dist::Triangular { min, mode, max, .. } => {
                format!("triangular {}–{}, most likely {}", t(min), t(max), t(mode))
            }
            Dist::Pert {
                min,
                mode,
                max,
                shape,
                ..
            } => {
                let shape = if *shape == 4.0 {
                    String::new()
                } else {
                    format!(", shape {}", number(*shape))
                };
                format!("PERT {}–{}, most likely {}{shape}", t(min), t(max), t(mode))
            }
            Dist::Normal { mean, sd } => {
                format!("normal, mean {}, sd {} (never below 0)", t(mean), t(sd))
            }
            Dist::LogNormal { median, p95, .. } => {
                format!("lognormal, median {}, p95 {}", t(median), t(p95))
            }
            Dist::Exponential { mean } => format!("exponential, mean {}", t(mean)),
            Dist::Weibull { shape, scale, .. } => {
                format!("Weibull, shape {}, scale {}", number(*shape), t(scale))
            }
            Dist::Gamma { shape, scale, .. } => format!(
                "gamma, shape {}, scale {} (mean {})",
                number(*shape),
                t(scale),
                t(&(shape * scale))
            ),
            Dist::Empirical(samples) => empirical(samples),
            Dist::Choice { values, cumulative } => choice(values, cumulative),
            Dist::Scaled { factor, inner } => format!("{} × ({})", number(*factor), inner.words()),
            Dist::Pinned { value, inner } => {
                format!("{} (pinned; as written: {})", t(value), inner.words())
            }
        }
    }
}

/// A number as written in a plan: at most three decimals, no trailing zeros.
fn number(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// "empirical: 20m, 25m, 35m" (equally likely), or its range when long.
fn empirical(samples: &[f64]) -> String {
    if samples.len() <= LISTED_VALUES {
        let list: Vec<String> = samples.iter().map(|s| format_secs(*s)).collect();
        format!("empirical: {}", list.join(", "))
    } else {
        let (low, high) = range(samples);
        format!(
            "empirical: {} timings from {} to {}",
            samples.len(),
            format_secs(low),
            format_secs(high)
        )
    }
}

/// "10m (71 %) or 1h (29 %)", zero weights left out, or its range when long.
fn choice(values: &[f64], cumulative: &[f64]) -> String {
    let mut before = 0.0;
    let outcomes: Vec<(f64, f64)> = values
        .iter()
        .zip(cumulative)
        .filter_map(|(v, c)| {
            let weight = c - before;
            before = *c;
            (weight > 0.0).then_some((*v, weight))
        })
        .collect();
    if outcomes.len() <= LISTED_VALUES {
        let list: Vec<String> = outcomes
            .iter()
            .map(|(v, w)| format!("{} ({:.0} %)", format_secs(*v), w * 100.0))
            .collect();
        format!("one of {}", list.join(", "))
    } else {
        let shown: Vec<f64> = outcomes.iter().map(|(v, _)| *v).collect();
        let (low, high) = range(&shown);
        format!(
            "one of {} values from {} to {}",
            outcomes.len(),
            format_secs(low),
            format_secs(high)
        )
    }
}

fn range(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_is_the_time_itself() {
        assert_eq!(Dist::fixed(600.0).words(), "10m");
    }

    #[test]
    fn uniform_gives_its_range() {
        assert_eq!(
            Dist::uniform(300.0, 1800.0).unwrap().words(),
            "uniform 5m–30m"
        );
    }

    #[test]
    fn triangular_gives_its_range_and_mode() {
        let d = Dist::triangular(3600.0, 7200.0, 21600.0).unwrap();
        assert_eq!(d.words(), "triangular 1h–6h, most likely 2h");
    }

    #[test]
    fn pert_gives_its_range_mode_and_an_unusual_shape() {
        let d = Dist::pert(300.0, 600.0, 1800.0, None).unwrap();
        assert_eq!(d.words(), "PERT 5m–30m, most likely 10m");
        let d = Dist::pert(300.0, 600.0, 1800.0, Some(2.5)).unwrap();
        assert_eq!(d.words(), "PERT 5m–30m, most likely 10m, shape 2.5");
    }

    #[test]
    fn normal_gives_its_mean_and_sd() {
        let d = Dist::normal(3600.0, 600.0).unwrap();
        assert_eq!(d.words(), "normal, mean 1h, sd 10m (never below 0)");
    }

    #[test]
    fn lognormal_gives_its_median_and_p95() {
        let d = Dist::lognormal(3600.0, 4.0 * 3600.0).unwrap();
        assert_eq!(d.words(), "lognormal, median 1h, p95 4h");
    }

    #[test]
    fn exponential_gives_its_mean() {
        assert_eq!(
            Dist::exponential(30.0).unwrap().words(),
            "exponential, mean 30s"
        );
    }

    #[test]
    fn gamma_gives_its_shape_scale_and_mean() {
        let d = Dist::gamma(2.5, 720.0).unwrap();
        assert_eq!(d.words(), "gamma, shape 2.5, scale 12m (mean 30m)");
    }

    #[test]
    fn weibull_gives_its_shape_and_scale() {
        let d = Dist::weibull(0.7, 3600.0).unwrap();
        assert_eq!(d.words(), "Weibull, shape 0.7, scale 1h");
    }

    #[test]
    fn empirical_lists_its_timings_or_their_range() {
        let d = Dist::empirical(vec![1200.0, 1500.0, 2100.0]).unwrap();
        assert_eq!(d.words(), "empirical: 20m, 25m, 35m");
        let many: Vec<f64> = (1..=12).map(|m| 60.0 * f64::from(m)).collect();
        let d = Dist::empirical(many).unwrap();
        assert_eq!(d.words(), "empirical: 12 timings from 1m to 12m");
    }

    #[test]
    fn choice_lists_its_outcomes_with_their_weights() {
        let d = Dist::choice(vec![600.0, 1800.0, 3600.0], vec![5.0, 0.0, 2.0]).unwrap();
        assert_eq!(d.words(), "one of 10m (71 %), 1h (29 %)");
        let values: Vec<f64> = (1..=8).map(|h| 3600.0 * f64::from(h)).collect();
        let d = Dist::choice(values, vec![1.0; 8]).unwrap();
        assert_eq!(d.words(), "one of 8 values from 1h to 8h");
    }

    #[test]
    fn scaled_and_pinned_say_what_they_change() {
        let d = Dist::uniform(300.0, 1800.0).unwrap();
        assert_eq!(
            d.clone().scaled(0.25).unwrap().words(),
            "0.25 × (uniform 5m–30m)"
        );
        assert_eq!(
            d.pinned(0.05).words(),
            "6m15s (pinned; as written: uniform 5m–30m)"
        );
    }
}
