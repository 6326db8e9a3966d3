//! `drsim fit`'s text: per step, what the timings were, the line to
//! paste, and why — one TOML comment, so the two lines paste together.

use super::{Candidate, Family, MIN_RANKED, Method, StepFit, Why};
use crate::duration::format_secs;

/// Below this bootstrap p-value the text says the family does not fit.
pub const MISFIT_P: f64 = 0.05;

/// AICc differences below this are too small to prefer one family
/// (Burnham & Anderson's rule of thumb).
pub const TIE_AICC: f64 = 2.0;

/// The whole text for `fits`, read from `file`.
pub fn render(fits: &[StepFit], file: &str) -> String {
    let counts: Vec<String> = fits.iter().map(|f| f.sorted.len().to_string()).collect();
    let mut out = format!(
        "Fitted {} from {file} ({} timings)\n",
        plural(fits.len(), "step"),
        list(&counts)
    );
    for fit in fits {
        out.push('\n');
        out.push_str(&step(fit));
    }
    out
}

/// One step: its timings, the line to paste, and the justification.
pub fn step(fit: &StepFit) -> String {
    let s = &fit.sorted;
    let (min, max) = (s[0], s[s.len() - 1]);
    format!(
        "{} · {}, {}–{}, median {}\n  duration = {}\n  # {}\n",
        fit.step,
        plural(s.len(), "timing"),
        format_secs(min),
        format_secs(max),
        format_secs(super::median(s)),
        fit.choice.written.toml,
        justification(fit)
    )
}

/// Why this line, in one sentence or two.
pub fn justification(fit: &StepFit) -> String {
    let n = fit.sorted.len();
    let choice = &fit.choice;
    let mut why = match (choice.why, choice.method) {
        (Why::NoSpread, _) => format!("all {n} timings are the same: a fixed time"),
        (Why::Unwritable, _) => format!(
            "the best fit, {}, cannot be written as a scenario value: the {n} timings as observed, resampled",
            fit.candidates.first().map_or("none", |c| c.family.name())
        ),
        (Why::FewTimings, Method::MinMedianMax) => format!(
            "{n} timings are too few to tell families apart (AICc ranks from {MIN_RANKED}): PERT from the smallest, the median and the largest; the next drill may fall outside {}–{}, so widen it if the plan knows worse",
            format_secs(fit.sorted[0]),
            format_secs(fit.sorted[n - 1])
        ),
        (Why::FewTimings, _) => format!(
            "{} too few to fit any shape (AICc ranks from {MIN_RANKED}; PERT takes 3): the timings as observed, resampled; keep the plan's range if it knows worse",
            if n == 1 {
                "1 timing is".to_string()
            } else {
                format!("{n} timings are")
            }
        ),
        (Why::Requested, Method::Observed) => {
            format!("the {n} timings as observed, resampled with equal weight (asked for)")
        }
        (Why::Requested, method) => {
            let aicc = fit
                .chosen()
                .and_then(|c| c.aicc)
                .map_or(String::new(), |a| format!(", AICc {a:.1}"));
            format!(
                "{} by {} (asked for), n = {n}{aicc}",
                choice.family.name(),
                method_words(method)
            )
        }
        (Why::LowestAicc, method) => ranked(fit, method),
    };
    if let Some(g) = &fit.goodness {
        why.push_str(&format!("; Anderson–Darling A² {:.2}", g.statistic));
        match g.p_value {
            Some(p) if p < MISFIT_P => why.push_str(&format!(
                ", p {}: the timings do not look like a {} — check them for two kinds of run (a retry, another path) before relying on it",
                p_value(p),
                choice.family.name()
            )),
            Some(p) => why.push_str(&format!(", p {}: no sign of misfit", p_value(p))),
            None => why.push_str(&format!(
                " (no bootstrap p-value above {} timings)",
                crate::format::thousands(super::MAX_BOOTSTRAP_TIMINGS as u64)
            )),
        }
    }
    why
}

/// "lognormal by maximum likelihood: lowest AICc of 6 families at n = 8
/// (gamma +0.6, weibull +1.9, …)", and a word on near ties.
fn ranked(fit: &StepFit, method: Method) -> String {
    let best = &fit.candidates[0];
    // The next two: the JSON has every family.
    let others: Vec<String> = fit.candidates[1..]
        .iter()
        .take(2)
        .map(|c| match (c.aicc, best.aicc) {
            (Some(a), Some(b)) => format!("{} +{:.1}", c.family.name(), a - b),
            _ => format!("{} (no AICc)", c.family.name()),
        })
        .collect();
    let mut text = format!(
        "{} by {}, the lowest AICc of {} at n = {}",
        best.family.name(),
        method_words(method),
        plural(fit.candidates.len(), "family"),
        fit.sorted.len()
    );
    if !others.is_empty() {
        text.push_str(&format!(" ({})", others.join(", ")));
    }
    let close: Vec<&str> = fit.candidates[1..]
        .iter()
        .filter(|c| within_tie(c, best))
        .map(|c| c.family.name())
        .collect();
    if !close.is_empty() {
        text.push_str(&format!(
            "; {} within {TIE_AICC:.0}: the timings cannot tell {} apart",
            list(&close.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            if close.len() == 1 { "the two" } else { "them" }
        ));
    }
    for s in &fit.skipped {
        text.push_str(&format!("; {} not fitted: {}", s.family.name(), s.why));
    }
    text
}

/// Within [`TIE_AICC`] of the best as the text shows it (one decimal),
/// so that "+2.0" is never called within 2.
fn within_tie(c: &Candidate, best: &Candidate) -> bool {
    matches!((c.aicc, best.aicc), (Some(a), Some(b)) if ((a - b) * 10.0).round() / 10.0 < TIE_AICC)
}

/// How parameters were found, in words.
pub fn method_words(method: Method) -> &'static str {
    match method {
        Method::MaximumLikelihood => "maximum likelihood",
        Method::QuantileMatching => "matching the smallest, median and largest timing",
        Method::MinMedianMax => "min, median and max",
        Method::Observed => "the timings as observed",
    }
}

fn p_value(p: f64) -> String {
    if p < 0.01 {
        "< 0.01".into()
    } else {
        format!("{p:.2}")
    }
}

fn plural(n: usize, word: &str) -> String {
    crate::format::count(n, word)
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The family's name as `--dist` takes it, for messages.
pub fn family_names() -> String {
    let names: Vec<&str> = Family::RANKED
        .iter()
        .chain([Family::Empirical].iter())
        .map(|f| f.name())
        .collect();
    format!("auto, {}", names.join(", "))
}
