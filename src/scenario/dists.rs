//! Building a [`Dist`] from its TOML form, with errors at the field.

use toml::Spanned;

use super::raw::{DistSpec, DurationValue, RawDistTable};
use super::validate::Checker;
use crate::dist::{Dist, DistError};
use crate::scenario::ScenarioError;

/// The fields each kind of distribution takes (required ones first).
const KINDS: &[(&str, &[&str], &[&str])] = &[
    ("fixed", &["value"], &[]),
    ("uniform", &["min", "max"], &[]),
    ("triangular", &["min", "mode", "max"], &[]),
    ("pert", &["min", "mode", "max"], &["shape"]),
    ("normal", &["mean", "sd"], &[]),
    ("lognormal", &["median", "p95"], &[]),
    ("exponential", &["mean"], &[]),
    ("weibull", &["shape", "scale"], &[]),
    ("empirical", &["samples"], &[]),
    ("choice", &["values", "weights"], &[]),
];

impl Checker<'_> {
    /// Builds the distribution written at `spec`.
    pub fn dist(&self, spec: &Spanned<DistSpec>) -> Result<Dist, ScenarioError> {
        match spec.get_ref() {
            DistSpec::Plain(secs) => Ok(Dist::fixed(*secs)),
            DistSpec::Table(table) => self.dist_table(table, spec.span()),
        }
    }

    fn dist_table(
        &self,
        t: &RawDistTable,
        span: std::ops::Range<usize>,
    ) -> Result<Dist, ScenarioError> {
        let kind = t.dist.get_ref().as_str();
        let Some((_, required, optional)) = KINDS.iter().find(|(name, _, _)| *name == kind) else {
            let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
            return Err(self.err(
                t.dist.span(),
                format!(
                    "unknown distribution {kind:?}: use one of {}",
                    names.join(", ")
                ),
            ));
        };
        for (field, present) in present_fields(t) {
            if present.is_some() && !required.contains(&field) && !optional.contains(&field) {
                return Err(self.err(
                    present.unwrap_or(span.clone()),
                    format!(
                        "`{field}` is not a parameter of {kind}; {kind} takes {}",
                        required
                            .iter()
                            .chain(optional.iter())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        for field in *required {
            if present_fields(t)
                .iter()
                .any(|(f, p)| f == field && p.is_none())
            {
                return Err(self.err(
                    span.clone(),
                    format!(
                        "{kind} needs `{field}`: write {{ dist = \"{kind}\", {} }}",
                        example(kind)
                    ),
                ));
            }
        }
        let secs = |v: &Option<Spanned<DurationValue>>| v.as_ref().map_or(0.0, |d| d.get_ref().0);
        let list = |v: &Option<Spanned<Vec<Spanned<DurationValue>>>>| {
            v.as_ref()
                .map(|l| {
                    l.get_ref()
                        .iter()
                        .map(|d| d.get_ref().0)
                        .collect::<Vec<f64>>()
                })
                .unwrap_or_default()
        };
        let shape = match &t.shape {
            Some(s) => Some(self.finite(s, "shape")?),
            None => None,
        };
        let mut weights = Vec::new();
        if let Some(w) = &t.weights {
            for weight in w.get_ref() {
                weights.push(self.finite(weight, "weight")?);
            }
        }
        let built = match kind {
            "fixed" => Ok(Dist::fixed(secs(&t.value))),
            "uniform" => Dist::uniform(secs(&t.min), secs(&t.max)),
            "triangular" => Dist::triangular(secs(&t.min), secs(&t.mode), secs(&t.max)),
            "pert" => Dist::pert(secs(&t.min), secs(&t.mode), secs(&t.max), shape),
            "normal" => Dist::normal(secs(&t.mean), secs(&t.sd)),
            "lognormal" => Dist::lognormal(secs(&t.median), secs(&t.p95)),
            "exponential" => Dist::exponential(secs(&t.mean)),
            "weibull" => Dist::weibull(shape.unwrap_or(0.0), secs(&t.scale)),
            "empirical" => Dist::empirical(list(&t.samples)),
            _ => Dist::choice(list(&t.values), weights),
        };
        built.map_err(|DistError { field, message }| {
            let at = present_fields(t)
                .into_iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, p)| p)
                .unwrap_or(span.clone());
            self.err(at, message)
        })
    }
}

/// Each field of the table with its span when present.
fn present_fields(t: &RawDistTable) -> Vec<(&'static str, Option<std::ops::Range<usize>>)> {
    fn s<T>(v: &Option<Spanned<T>>) -> Option<std::ops::Range<usize>> {
        v.as_ref().map(Spanned::span)
    }
    vec![
        ("value", s(&t.value)),
        ("min", s(&t.min)),
        ("mode", s(&t.mode)),
        ("max", s(&t.max)),
        ("shape", s(&t.shape)),
        ("mean", s(&t.mean)),
        ("sd", s(&t.sd)),
        ("median", s(&t.median)),
        ("p95", s(&t.p95)),
        ("scale", s(&t.scale)),
        ("samples", s(&t.samples)),
        ("values", s(&t.values)),
        ("weights", s(&t.weights)),
    ]
}

fn example(kind: &str) -> &'static str {
    match kind {
        "fixed" => "value = \"10m\"",
        "uniform" => "min = \"5m\", max = \"30m\"",
        "triangular" | "pert" => "min = \"5m\", mode = \"10m\", max = \"30m\"",
        "normal" => "mean = \"20m\", sd = \"5m\"",
        "lognormal" => "median = \"5m\", p95 = \"15m\"",
        "exponential" => "mean = \"10m\"",
        "weibull" => "shape = 1.5, scale = \"20m\"",
        "empirical" => "samples = [\"12m\", \"18m\", \"25m\"]",
        _ => "values = [\"10m\", \"1h\"], weights = [0.9, 0.1]",
    }
}
