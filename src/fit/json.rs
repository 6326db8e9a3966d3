//! `drsim fit --json`: every step's timings, every family fitted with its
//! parameters, log-likelihood and AICc, the choice as written and its
//! Anderson–Darling check.

use serde_json::{Value, json};

use super::{Candidate, StepFit, Why, text};
use crate::dist::Dist;

/// Version of this JSON's shape.
pub const FIT_SCHEMA_VERSION: u32 = 1;

/// The JSON document for `fits`, read from `file`.
pub fn render(fits: &[StepFit], file: &str) -> Value {
    json!({
        "schema_version": FIT_SCHEMA_VERSION,
        "file": file,
        "steps": fits.iter().map(step).collect::<Vec<_>>(),
    })
}

fn step(fit: &StepFit) -> Value {
    let chosen = &fit.choice;
    json!({
        "step": fit.step,
        "n": fit.sorted.len(),
        "timings": fit.sorted,
        "median": super::median(&fit.sorted),
        "chosen": {
            "family": chosen.family.name(),
            "method": text::method_words(chosen.method),
            "why": match chosen.why {
                Why::LowestAicc => "lowest_aicc",
                Why::Requested => "requested",
                Why::FewTimings => "few_timings",
                Why::NoSpread => "no_spread",
                Why::Unwritable => "unwritable",
            },
            "toml": format!("duration = {}", chosen.written.toml),
            "words": chosen.written.dist.words(),
            "justification": text::justification(fit),
        },
        "candidates": fit.candidates.iter().map(|c| candidate(c, fit)).collect::<Vec<_>>(),
        "skipped": fit.skipped.iter().map(|s| json!({"family": s.family.name(), "why": s.why})).collect::<Vec<_>>(),
        "anderson_darling": fit.goodness.as_ref().map(|g| json!({
            "statistic": g.statistic,
            "p_value": g.p_value,
            "replicates": g.replicates,
        })),
    })
}

fn candidate(c: &Candidate, fit: &StepFit) -> Value {
    let best = fit.candidates.first().and_then(|b| b.aicc);
    json!({
        "family": c.family.name(),
        "method": text::method_words(c.method),
        "parameters": parameters(&c.dist),
        "log_likelihood": finite(c.log_likelihood),
        "aicc": c.aicc,
        "delta_aicc": c.aicc.zip(best).map(|(a, b)| a - b),
    })
}

/// The fitted parameters, full precision, seconds for times.
fn parameters(d: &Dist) -> Value {
    match d {
        Dist::LogNormal { median, p95, .. } => json!({"median": median, "p95": p95}),
        Dist::Exponential { mean } => json!({"mean": mean}),
        Dist::Weibull { shape, scale, .. } | Dist::Gamma { shape, scale, .. } => {
            json!({"shape": shape, "scale": scale})
        }
        Dist::Pert { min, mode, max, .. } | Dist::Triangular { min, mode, max, .. } => {
            json!({"min": min, "mode": mode, "max": max})
        }
        _ => Value::Null,
    }
}

fn finite(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}
