//! A fitted distribution as a planner pastes it: an inline TOML table
//! with durations rounded as plans write them (minutes from ten minutes
//! on, seconds below, tenths below ten seconds) and shapes to three
//! significant figures — rounded finer only when the rounding would make
//! the parameters invalid (a p95 rounded onto its median).

use crate::dist::Dist;

/// A distribution as written into a scenario.
#[derive(Debug, Clone)]
pub struct Written {
    /// The distribution the text describes (its rounded parameters).
    pub dist: Dist,
    /// `{ dist = "lognormal", median = "2h14m", p95 = "3h02m" }`, or a
    /// plain duration for a fixed time.
    pub toml: String,
}

/// How finely durations are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    /// As plans write them.
    Plan,
    /// Whole seconds (milliseconds below ten seconds).
    Fine,
}

/// `dist` as written, or `None` for a kind `drsim fit` never writes.
pub fn written(dist: &Dist) -> Option<Written> {
    [Grain::Plan, Grain::Fine]
        .into_iter()
        .find_map(|grain| at_grain(dist, grain))
}

fn at_grain(dist: &Dist, grain: Grain) -> Option<Written> {
    let t = |secs: f64| duration_text(secs, grain);
    let r = |secs: f64| crate::duration::parse_secs(&t(secs)).ok();
    let (rounded, toml) = match dist {
        Dist::Fixed(v) => (Dist::fixed(r(*v)?), format!("\"{}\"", t(*v))),
        Dist::LogNormal { median, p95, .. } => (
            Dist::lognormal(r(*median)?, r(*p95)?).ok()?,
            format!(
                "{{ dist = \"lognormal\", median = \"{}\", p95 = \"{}\" }}",
                t(*median),
                t(*p95)
            ),
        ),
        Dist::Exponential { mean } => (
            Dist::exponential(r(*mean)?).ok()?,
            format!("{{ dist = \"exponential\", mean = \"{}\" }}", t(*mean)),
        ),
        Dist::Weibull { shape, scale, .. } | Dist::Gamma { shape, scale, .. } => {
            let name = if matches!(dist, Dist::Weibull { .. }) {
                "weibull"
            } else {
                "gamma"
            };
            let k = significant(*shape, grain);
            let k_value: f64 = k.parse().ok()?;
            let rounded = if name == "weibull" {
                Dist::weibull(k_value, r(*scale)?)
            } else {
                Dist::gamma(k_value, r(*scale)?)
            };
            (
                rounded.ok()?,
                format!(
                    "{{ dist = \"{name}\", shape = {k}, scale = \"{}\" }}",
                    t(*scale)
                ),
            )
        }
        Dist::Pert { min, mode, max, .. } | Dist::Triangular { min, mode, max, .. } => {
            let pert = matches!(dist, Dist::Pert { .. });
            let rounded = if pert {
                Dist::pert(r(*min)?, r(*mode)?, r(*max)?, None)
            } else {
                Dist::triangular(r(*min)?, r(*mode)?, r(*max)?)
            };
            (
                rounded.ok()?,
                format!(
                    "{{ dist = \"{}\", min = \"{}\", mode = \"{}\", max = \"{}\" }}",
                    if pert { "pert" } else { "triangular" },
                    t(*min),
                    t(*mode),
                    t(*max)
                ),
            )
        }
        Dist::Empirical(samples) => {
            // Observations are written as observed (whole seconds or finer).
            let exact: Option<Vec<f64>> = samples
                .iter()
                .map(|s| crate::duration::parse_secs(&duration_text(*s, Grain::Fine)).ok())
                .collect();
            let list: Vec<String> = samples
                .iter()
                .map(|s| format!("\"{}\"", duration_text(*s, Grain::Fine)))
                .collect();
            (
                Dist::empirical(exact?).ok()?,
                format!(
                    "{{ dist = \"empirical\", samples = [{}] }}",
                    list.join(", ")
                ),
            )
        }
        _ => return None,
    };
    Some(Written {
        dist: rounded,
        toml,
    })
}

/// A duration with units that `duration::parse_secs` reads back:
/// `2h14m`, `3m05s`, `8.5s`, `2d3h`.
fn duration_text(secs: f64, grain: Grain) -> String {
    if secs < 10.0 {
        let digits = if grain == Grain::Plan { 1 } else { 3 };
        let text = format!("{secs:.digits$}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return if text.is_empty() || text == "0" {
            "0".into()
        } else {
            format!("{text}s")
        };
    }
    let unit: u32 = if grain == Grain::Plan && secs >= 600.0 {
        60
    } else {
        1
    };
    let whole = ((secs / f64::from(unit)).round() as u64) * u64::from(unit);
    let parts = [
        (whole / 86_400, "d"),
        (whole % 86_400 / 3600, "h"),
        (whole % 3600 / 60, "m"),
        (whole % 60, "s"),
    ];
    let mut text = String::new();
    for (value, unit) in parts {
        if value > 0 {
            if text.is_empty() || unit == "d" {
                text.push_str(&format!("{value}{unit}"));
            } else {
                text.push_str(&format!("{value:02}{unit}"));
            }
        }
    }
    text
}

/// `x` to three significant figures (six when `Fine`), without trailing
/// zeros.
fn significant(x: f64, grain: Grain) -> String {
    let figures = if grain == Grain::Plan { 3 } else { 6 };
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (figures - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_as_plans_write_them_and_read_back() {
        for (secs, plan) in [
            (8049.0, "2h14m"),
            (185.4, "3m05s"),
            (8.44, "8.4s"),
            (0.04, "0"),
            (3600.0, "1h"),
            (183_700.0, "2d03h02m"),
            (45.0, "45s"),
            (764.0, "13m"),
        ] {
            let text = duration_text(secs, Grain::Plan);
            assert_eq!(text, plan);
            assert!(crate::duration::parse_secs(&text).is_ok(), "{text}");
        }
        assert_eq!(duration_text(8049.0, Grain::Fine), "2h14m09s");
    }

    #[test]
    fn shapes_keep_three_figures() {
        assert_eq!(significant(2.3149, Grain::Plan), "2.31");
        assert_eq!(significant(14.06, Grain::Plan), "14.1");
        assert_eq!(significant(0.7341, Grain::Plan), "0.734");
        assert_eq!(significant(250.4, Grain::Plan), "250");
        assert_eq!(significant(2.0, Grain::Plan), "2");
    }

    #[test]
    fn rounding_that_would_break_a_distribution_is_finer() {
        // p95 within a minute of the median: minutes would make them equal.
        let d = Dist::lognormal(7200.0, 7210.0).unwrap();
        let w = written(&d).unwrap();
        assert_eq!(
            w.toml,
            "{ dist = \"lognormal\", median = \"2h\", p95 = \"2h10s\" }"
        );
        assert!(written(&Dist::normal(1.0, 1.0).unwrap()).is_none());
    }
}
