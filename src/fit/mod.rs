//! Drill timings → distributions (`drsim fit`): each step's observed
//! durations fitted to every family the scenario format has a use for,
//! ranked by AICc (Akaike's criterion corrected for small samples, which
//! drills always are), the choice checked by Anderson–Darling, and written
//! as a `duration = {…}` a planner pastes — or, in place, into a scenario
//! (`write`), keeping its comments and layout.
//!
//! With fewer than [`MIN_RANKED`] timings no family can be told from
//! another; the choice is then a PERT from the smallest, the median and
//! the largest timing (three or four of them) or the timings themselves
//! (one or two), and the text says why.

mod family;
mod goodness;
pub mod json;
mod shape_match;
pub mod text;
pub mod write;
mod written;

pub use family::{Family, Method};
pub use goodness::{Goodness, MAX_BOOTSTRAP_TIMINGS, REPLICATES, anderson_darling};
pub use written::{Written, written};

use crate::dist::Dist;

/// Timings needed before families are ranked: AICc needs more timings
/// than parameters plus one (PERT and triangular have three), and fewer
/// than five say little about a tail.
pub const MIN_RANKED: usize = 5;

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// The best-ranked family (`--dist auto`).
    Auto,
    /// This family (`--dist NAME`).
    Family(Family),
}

/// One family fitted to a step's timings.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub family: Family,
    pub method: Method,
    /// The fitted distribution, full precision.
    pub dist: Dist,
    /// ln L of the timings under it.
    pub log_likelihood: f64,
    /// AICc = 2k − 2 ln L + 2k(k+1)/(n−k−1); `None` when n ≤ k + 1.
    pub aicc: Option<f64>,
}

/// A family that could not be fitted, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub family: Family,
    pub why: String,
}

/// Why the chosen distribution was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The lowest AICc of the families ranked.
    LowestAicc,
    /// The family asked for.
    Requested,
    /// Too few timings to rank families ([`MIN_RANKED`]).
    FewTimings,
    /// Every timing is the same.
    NoSpread,
    /// The best fit's parameters cannot be written (a spread far below
    /// what durations state, a shape beyond the format's range).
    Unwritable,
}

/// What to write for a step.
#[derive(Debug, Clone)]
pub struct Choice {
    pub family: Family,
    pub method: Method,
    pub why: Why,
    /// The distribution as written (rounded).
    pub written: Written,
}

/// Everything fitted for one step.
#[derive(Debug, Clone)]
pub struct StepFit {
    /// The step's id as the timings name it.
    pub step: String,
    /// Its timings, seconds, ascending.
    pub sorted: Vec<f64>,
    /// The families fitted, best AICc first (in [`Family::RANKED`] order
    /// on a tie, or without AICc).
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    pub choice: Choice,
    /// The Anderson–Darling check of the choice, when it was fitted to
    /// at least [`MIN_RANKED`] timings.
    pub goodness: Option<Goodness>,
}

impl StepFit {
    /// The chosen family's candidate, when it was fitted.
    pub fn chosen(&self) -> Option<&Candidate> {
        self.candidates
            .iter()
            .find(|c| c.family == self.choice.family && c.method == self.choice.method)
    }
}

/// Fits `secs` (a step's timings, seconds, at least one) as `request`
/// asks; `seed` seeds the goodness-of-fit bootstrap. The error says why
/// the requested family cannot be fitted.
pub fn fit_step(step: &str, secs: &[f64], request: Request, seed: u64) -> Result<StepFit, String> {
    let mut sorted = secs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (first, last) = (sorted[0], sorted[sorted.len() - 1]);
    let spread = first < last;
    let families: Vec<Family> = match request {
        Request::Family(Family::Empirical) => Vec::new(),
        Request::Family(f) => vec![f],
        Request::Auto if sorted.len() >= MIN_RANKED && spread => Family::RANKED.to_vec(),
        Request::Auto => Vec::new(),
    };
    let Ranked {
        candidates,
        skipped,
    } = rank(&sorted, &families);
    let choice = match request {
        Request::Family(Family::Empirical) => observed(&sorted, Why::Requested),
        Request::Family(_) => {
            if let Some(s) = skipped.first() {
                return Err(format!(
                    "cannot fit {} to `{step}`: {}",
                    s.family.name(),
                    s.why
                ));
            }
            chosen(&candidates[0], Why::Requested)?
        }
        Request::Auto if !spread => observed(&sorted, Why::NoSpread),
        Request::Auto => match candidates.first() {
            Some(best) => {
                chosen(best, Why::LowestAicc).unwrap_or_else(|_| observed(&sorted, Why::Unwritable))
            }
            None => few(&sorted)?,
        },
    };
    let goodness = candidates
        .iter()
        .find(|c| c.family == choice.family && c.method == choice.method)
        .filter(|_| sorted.len() >= MIN_RANKED)
        .and_then(|c| goodness::check(c.family, &c.dist, &sorted, seed));
    Ok(StepFit {
        step: step.to_string(),
        sorted,
        candidates,
        skipped,
        choice,
        goodness,
    })
}

/// Families fitted to timings, and those that could not be.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// Best AICc first; ties, and candidates without AICc, keep the order
    /// the families were given in.
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
}

/// Fits each of `families` to `sorted` (ascending) and ranks them by AICc.
pub fn rank(sorted: &[f64], families: &[Family]) -> Ranked {
    let spread = sorted.first() < sorted.last();
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    for &family in families {
        match candidate(family, sorted, spread) {
            Ok(c) => candidates.push(c),
            Err(why) => skipped.push(Skipped { family, why }),
        }
    }
    // Stable: ties and candidates without AICc keep the given order.
    candidates.sort_by(|a, b| {
        let key = |c: &Candidate| c.aicc.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b))
    });
    Ranked {
        candidates,
        skipped,
    }
}

/// The median (the mean of the two middle values for an even count).
pub fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}

fn candidate(family: Family, sorted: &[f64], spread: bool) -> Result<Candidate, String> {
    if !spread {
        return Err("every timing is the same: there is no spread to fit".into());
    }
    if sorted[0] <= 0.0 && family.method() == Method::MaximumLikelihood {
        return Err(format!(
            "a timing of 0 has no likelihood under {}; drop it or fit pert or triangular",
            family.name()
        ));
    }
    let dist = family.fit(sorted)?;
    let log_likelihood: f64 = sorted
        .iter()
        .map(|x| dist.ln_density(*x).unwrap_or(f64::NEG_INFINITY))
        .sum();
    let (n, k) = (sorted.len() as f64, family.parameters() as f64);
    let aicc = (n > k + 1.0 && log_likelihood.is_finite())
        .then(|| 2.0 * k - 2.0 * log_likelihood + 2.0 * k * (k + 1.0) / (n - k - 1.0));
    Ok(Candidate {
        family,
        method: family.method(),
        dist,
        log_likelihood,
        aicc,
    })
}

fn chosen(c: &Candidate, why: Why) -> Result<Choice, String> {
    let written = written(&c.dist)
        .ok_or_else(|| format!("{} cannot be written as a scenario value", c.dist.words()))?;
    Ok(Choice {
        family: c.family,
        method: c.method,
        why,
        written,
    })
}

/// The timings themselves: a fixed time when they are all the same.
fn observed(sorted: &[f64], why: Why) -> Choice {
    let dist = if sorted[0] == sorted[sorted.len() - 1] {
        Dist::fixed(sorted[0])
    } else {
        Dist::Empirical(sorted.to_vec())
    };
    Choice {
        family: Family::Empirical,
        method: Method::Observed,
        why,
        written: written(&dist).expect("fixed and empirical times are always written"),
    }
}

/// Fewer than [`MIN_RANKED`] timings (not all equal): PERT from min,
/// median and max for three or four, the timings themselves for two.
fn few(sorted: &[f64]) -> Result<Choice, String> {
    if sorted.len() < 3 {
        return Ok(observed(sorted, Why::FewTimings));
    }
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    let dist = Dist::pert(min, median(sorted), max, None).map_err(|e| e.message)?;
    Ok(Choice {
        family: Family::Pert,
        method: Method::MinMedianMax,
        why: Why::FewTimings,
        written: written(&dist).ok_or("PERT cannot be written")?,
    })
}

/// The seed of a step's bootstrap: FNV-1a of its id, so that each step's
/// check is the same in every run of `drsim fit`, whatever else the file
/// holds.
pub fn seed_of(step: &str) -> u64 {
    step.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
