//! Building a [`Dist`] from its TOML form, with errors at the field.
//! [`DistKind`] is the one list of the kinds a scenario can name and the
//! fields each takes: the checks here and the JSON Schema (`raw::dist`)
//! both read it.

use toml::Spanned;

use super::checker::Checker;
use super::raw::{DistSpec, DurationValue, RawDistTable};
use crate::dist::{Dist, DistError};
use crate::scenario::ScenarioError;

/// The kinds of distribution a scenario can name (`dist = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DistKind {
    Fixed,
    Uniform,
    Triangular,
    Pert,
    Normal,
    Lognormal,
    Exponential,
    Weibull,
    Gamma,
    Empirical,
    Choice,
}

impl DistKind {
    pub(super) const ALL: [DistKind; 11] = [
        DistKind::Fixed,
        DistKind::Uniform,
        DistKind::Triangular,
        DistKind::Pert,
        DistKind::Normal,
        DistKind::Lognormal,
        DistKind::Exponential,
        DistKind::Weibull,
        DistKind::Gamma,
        DistKind::Empirical,
        DistKind::Choice,
    ];

    /// Its name in a scenario file.
    pub(super) fn name(self) -> &'static str {
        match self {
            DistKind::Fixed => "fixed",
            DistKind::Uniform => "uniform",
            DistKind::Triangular => "triangular",
            DistKind::Pert => "pert",
            DistKind::Normal => "normal",
            DistKind::Lognormal => "lognormal",
            DistKind::Exponential => "exponential",
            DistKind::Weibull => "weibull",
            DistKind::Gamma => "gamma",
            DistKind::Empirical => "empirical",
            DistKind::Choice => "choice",
        }
    }

    fn from_name(name: &str) -> Option<DistKind> {
        DistKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The fields it needs.
    pub(super) fn required(self) -> &'static [&'static str] {
        match self {
            DistKind::Fixed => &["value"],
            DistKind::Uniform => &["min", "max"],
            DistKind::Triangular | DistKind::Pert => &["min", "mode", "max"],
            DistKind::Normal => &["mean", "sd"],
            DistKind::Lognormal => &["median", "p95"],
            DistKind::Exponential => &["mean"],
            DistKind::Weibull | DistKind::Gamma => &["shape", "scale"],
            DistKind::Empirical => &["samples"],
            DistKind::Choice => &["values", "weights"],
        }
    }

    /// The fields it may take besides.
    pub(super) fn optional(self) -> &'static [&'static str] {
        match self {
            DistKind::Pert => &["shape"],
            _ => &[],
        }
    }

    /// What it draws, in a planner's words (SPEC §1, "Distributions").
    pub(super) fn meaning(self) -> &'static str {
        match self {
            DistKind::Fixed => "Always `value`.",
            DistKind::Uniform => "Any time between `min` and `max`, all equally likely.",
            DistKind::Triangular => {
                "Between `min` and `max`, most likely `mode`, linearly less likely towards either end."
            }
            DistKind::Pert => {
                "Modified Beta-PERT between `min` and `max`, most likely `mode`; mean (min + shape·mode + max)/(shape + 2), `shape` 4 unless given."
            }
            DistKind::Normal => {
                "Normal with `mean` and standard deviation `sd`, truncated at 0 (resampled, not clamped)."
            }
            DistKind::Lognormal => {
                "\"Usually `median`, 1 in 20 times `p95` or more\": a lognormal with that median and 95th percentile."
            }
            DistKind::Exponential => "Exponential with `mean`.",
            DistKind::Weibull => "Weibull with `shape` (a number) and `scale` (a duration).",
            DistKind::Gamma => {
                "Gamma with `shape` (a number) and `scale` (a duration); mean shape·scale."
            }
            DistKind::Empirical => {
                "One of the observed `samples` (drill timings), each equally likely."
            }
            DistKind::Choice => "One of `values`, with the matching `weights` (normalised).",
        }
    }

    /// Its fields as written in an example.
    pub(super) fn example(self) -> &'static str {
        match self {
            DistKind::Fixed => "value = \"10m\"",
            DistKind::Uniform => "min = \"5m\", max = \"30m\"",
            DistKind::Triangular | DistKind::Pert => "min = \"5m\", mode = \"10m\", max = \"30m\"",
            DistKind::Normal => "mean = \"20m\", sd = \"5m\"",
            DistKind::Lognormal => "median = \"5m\", p95 = \"15m\"",
            DistKind::Exponential => "mean = \"10m\"",
            DistKind::Weibull => "shape = 1.5, scale = \"20m\"",
            DistKind::Gamma => "shape = 4, scale = \"5m\"",
            DistKind::Empirical => "samples = [\"12m\", \"18m\", \"25m\"]",
            DistKind::Choice => "values = [\"10m\", \"1h\"], weights = [0.9, 0.1]",
        }
    }
}

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
        let name = t.dist.get_ref().as_str();
        let Some(kind) = DistKind::from_name(name) else {
            let names: Vec<&str> = DistKind::ALL.iter().map(|k| k.name()).collect();
            return Err(self.err(
                t.dist.span(),
                format!(
                    "unknown distribution {name:?}: use one of {}",
                    names.join(", ")
                ),
            ));
        };
        self.check_fields(t, kind, &span)?;
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
        let built = build(kind, t, shape, weights);
        built.map_err(|DistError { field, message }| {
            let at = present_fields(t)
                .into_iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, p)| p)
                .unwrap_or(span.clone());
            self.err(at, message)
        })
    }

    /// Every field present is one `kind` takes, and every one it needs is there.
    fn check_fields(
        &self,
        t: &RawDistTable,
        kind: DistKind,
        span: &std::ops::Range<usize>,
    ) -> Result<(), ScenarioError> {
        let name = kind.name();
        let (required, optional) = (kind.required(), kind.optional());
        for (field, present) in present_fields(t) {
            if present.is_some() && !required.contains(&field) && !optional.contains(&field) {
                return Err(self.err(
                    present.unwrap_or(span.clone()),
                    format!(
                        "`{field}` is not a parameter of {name}; {name} takes {}",
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
        for field in required {
            if present_fields(t)
                .iter()
                .any(|(f, p)| f == field && p.is_none())
            {
                return Err(self.err(
                    span.clone(),
                    format!(
                        "{name} needs `{field}`: write {{ dist = \"{name}\", {} }}",
                        kind.example()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The distribution of `kind` with the table's values.
fn build(
    kind: DistKind,
    t: &RawDistTable,
    shape: Option<f64>,
    weights: Vec<f64>,
) -> Result<Dist, DistError> {
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
    match kind {
        DistKind::Fixed => Ok(Dist::fixed(secs(&t.value))),
        DistKind::Uniform => Dist::uniform(secs(&t.min), secs(&t.max)),
        DistKind::Triangular => Dist::triangular(secs(&t.min), secs(&t.mode), secs(&t.max)),
        DistKind::Pert => Dist::pert(secs(&t.min), secs(&t.mode), secs(&t.max), shape),
        DistKind::Normal => Dist::normal(secs(&t.mean), secs(&t.sd)),
        DistKind::Lognormal => Dist::lognormal(secs(&t.median), secs(&t.p95)),
        DistKind::Exponential => Dist::exponential(secs(&t.mean)),
        DistKind::Weibull => Dist::weibull(shape.unwrap_or(0.0), secs(&t.scale)),
        DistKind::Gamma => Dist::gamma(shape.unwrap_or(0.0), secs(&t.scale)),
        DistKind::Empirical => Dist::empirical(list(&t.samples)),
        DistKind::Choice => Dist::choice(list(&t.values), weights),
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
