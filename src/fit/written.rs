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
    if let Dist::Empirical(samples) = dist {
        return empirical(samples);
    }
    let (name, fields) = fields(dist)?;
    [Grain::Plan, Grain::Fine]
        .into_iter()
        .find_map(|grain| at_grain(name, &fields, grain))
}

/// A parameter as the format writes it.
#[derive(Debug, Clone, Copy)]
enum Param {
    /// A duration, seconds.
    Secs(f64),
    /// A plain number (a shape).
    Number(f64),
}

/// The `dist` name and the fields of the kinds `drsim fit` writes
/// (`fixed` is written as a plain duration).
fn fields(dist: &Dist) -> Option<(&'static str, Vec<(&'static str, Param)>)> {
    use Param::{Number, Secs};
    let found = match *dist {
        Dist::Fixed(v) => ("fixed", vec![("value", Secs(v))]),
        Dist::Uniform { min, span } => (
            "uniform",
            vec![("min", Secs(min)), ("max", Secs(min + span))],
        ),
        Dist::LogNormal { median, p95, .. } => (
            "lognormal",
            vec![("median", Secs(median)), ("p95", Secs(p95))],
        ),
        Dist::Exponential { mean } => ("exponential", vec![("mean", Secs(mean))]),
        Dist::Weibull { shape, scale, .. } => (
            "weibull",
            vec![("shape", Number(shape)), ("scale", Secs(scale))],
        ),
        Dist::Gamma { shape, scale, .. } => (
            "gamma",
            vec![("shape", Number(shape)), ("scale", Secs(scale))],
        ),
        Dist::Pert { min, mode, max, .. } | Dist::Triangular { min, mode, max, .. } => (
            if matches!(dist, Dist::Pert { .. }) {
                "pert"
            } else {
                "triangular"
            },
            vec![("min", Secs(min)), ("mode", Secs(mode)), ("max", Secs(max))],
        ),
        _ => return None,
    };
    Some(found)
}

/// The distribution `name` with `values` (in [`fields`]' order).
fn rebuilt(name: &str, v: &[f64]) -> Option<Dist> {
    let built = match (name, v) {
        ("fixed", [value]) => Ok(Dist::fixed(*value)),
        ("uniform", [min, max]) => Dist::uniform(*min, *max),
        ("lognormal", [median, p95]) => Dist::lognormal(*median, *p95),
        ("exponential", [mean]) => Dist::exponential(*mean),
        ("weibull", [shape, scale]) => Dist::weibull(*shape, *scale),
        ("gamma", [shape, scale]) => Dist::gamma(*shape, *scale),
        ("pert", [min, mode, max]) => Dist::pert(*min, *mode, *max, None),
        ("triangular", [min, mode, max]) => Dist::triangular(*min, *mode, *max),
        _ => return None,
    };
    built.ok()
}

/// The fields rounded at `grain` and read back, when they still make a
/// valid distribution.
fn at_grain(name: &'static str, fields: &[(&'static str, Param)], grain: Grain) -> Option<Written> {
    let mut values = Vec::with_capacity(fields.len());
    let mut texts = Vec::with_capacity(fields.len());
    for (field, param) in fields {
        let (text, value) = match *param {
            Param::Secs(secs) => {
                let text = duration_text(secs, grain);
                let value = crate::duration::parse_secs(&text).ok()?;
                (format!("\"{text}\""), value)
            }
            Param::Number(x) => {
                let text = significant(x, grain);
                let value = text.parse().ok()?;
                (text, value)
            }
        };
        values.push(value);
        texts.push(format!("{field} = {text}"));
    }
    let dist = rebuilt(name, &values)?;
    let toml = if name == "fixed" {
        texts[0].trim_start_matches("value = ").to_string()
    } else {
        format!("{{ dist = \"{name}\", {} }}", texts.join(", "))
    };
    Some(Written { dist, toml })
}

/// Observations are written as observed (whole seconds or finer).
fn empirical(samples: &[f64]) -> Option<Written> {
    let texts: Vec<String> = samples
        .iter()
        .map(|s| duration_text(*s, Grain::Fine))
        .collect();
    let exact: Option<Vec<f64>> = texts
        .iter()
        .map(|t| crate::duration::parse_secs(t).ok())
        .collect();
    let quoted: Vec<String> = texts.iter().map(|t| format!("\"{t}\"")).collect();
    Some(Written {
        dist: Dist::empirical(exact?).ok()?,
        toml: format!(
            "{{ dist = \"empirical\", samples = [{}] }}",
            quoted.join(", ")
        ),
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
