//! A real drill scored against the model (`drsim drill`): where each
//! actual — the drill's RTO and RPO, a step's time, a component's
//! recovery time or data loss — falls in the simulated distribution of
//! the same measure, whether it is outside the model's 5–95 % band and on
//! which side, and the calibration over all of them.
//!
//! Pure: the actuals come from an observations file ([`crate::observed`])
//! resolved against the plan ([`Measure`]); the scores from the plan and
//! the [`Results`] of simulating it. The JSON and text renderers are in
//! [`crate::report`]; the rules are in `docs/semantics.md`, "`drsim drill`".
//!
//! **Percentile** of an actual `a` among the model's `n` values of its
//! measure: the mid-rank 100·(#{v < a} + ½·#{v = a}) / n, so an actual
//! equal to a fixed time scores 50 and one in a continuous distribution
//! scores its cumulative share. Runs that never recovered (RTO or RPO
//! infinite) count above every actual. A step's values are its time in
//! the runs in which it ran, compared as the runner stores them (`f32`),
//! the actual rounded the same way, so equal times tie exactly.
//!
//! **Verdict**: below the 5th percentile the model is *pessimistic* (the
//! drill did better than it expects), above the 95th *optimistic* (the
//! drill took longer, or lost more); a step the drill ran and the model
//! never did is outside too, on the optimistic side.

mod calibration;
mod measure;

pub use calibration::{Calibration, OUTSIDE_BY_CHANCE, binomial_at_least};
pub use measure::{Measure, Resolved, Unusable, resolve, resolve_all};

use std::borrow::Cow;
use std::path::Path;

use crate::input::{self, display_text};
use crate::observed::{self, Columns, ObservedError, Place};
use crate::runner::{Column, Results};
use crate::scenario::Scenario;
use crate::stats::Sorted;

/// The columns of a drill's actuals file.
pub const COLUMNS: Columns = Columns {
    what: "drill actuals",
    key: "measure",
    time: "actual",
    example: "step.storage_failover,2h40m",
};

/// The model's band: an actual at a percentile below this is outside it.
pub const BAND_LOW: f64 = 5.0;
/// An actual at a percentile above this is outside the band.
pub const BAND_HIGH: f64 = 95.0;

/// Where an actual falls against the model's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Within the 5–95 % band.
    Within,
    /// Above it: the drill took longer (or lost more) than the model expects.
    Optimistic,
    /// Below it: the drill did better than the model expects.
    Pessimistic,
}

/// One actual against the model's distribution of its measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub measure: Measure,
    /// What the drill measured, seconds.
    pub actual_secs: f64,
    /// Where the actuals file names it.
    pub at: Place,
    /// The model's values compared with it: every run, or for a step the
    /// runs in which it ran.
    pub runs: u64,
    /// Of them, below the actual, and equal to it.
    pub below: u64,
    pub equal: u64,
    /// The model's nearest-rank p5, p50 and p95 of the measure, seconds
    /// (infinite when never recovered; NaN without values).
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub verdict: Verdict,
}

impl Scored {
    /// The actual's mid-rank percentile in the model (0–100); `None` when
    /// the model has no value to compare (a step it never ran).
    pub fn percentile(&self) -> Option<f64> {
        (self.runs > 0)
            .then(|| 100.0 * (self.below as f64 + 0.5 * self.equal as f64) / self.runs as f64)
    }

    /// True when every simulated value is below the actual.
    pub fn above_every_run(&self) -> bool {
        self.runs > 0 && self.below == self.runs
    }

    /// True when every simulated value is above the actual.
    pub fn below_every_run(&self) -> bool {
        self.runs > 0 && self.below == 0 && self.equal == 0
    }
}

/// A drill scored: every actual in file order, and the calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    pub scored: Vec<Scored>,
    pub calibration: Calibration,
}

/// Why a drill's actuals cannot be scored against the plan.
#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    /// The file could not be read as observations (its own message,
    /// located; not chained, so it is said once).
    #[error("{0}")]
    Read(ObservedError),
    /// A measure the plan cannot score, at its cell.
    #[error("{file}:{}:{}: {}", at.line, at.column, display_text(message))]
    At {
        file: String,
        at: Place,
        message: String,
    },
}

/// Reads the actuals at `path` (`-`: standard input) and resolves each
/// against the plan `s`.
pub fn read(path: &Path, s: &Scenario) -> Result<Vec<Resolved>, DrillError> {
    let observations = observed::read_file(path, &COLUMNS).map_err(DrillError::Read)?;
    resolved(&observations, &display_text(&input::name(path)), s)
}

/// [`read`] of the text `bytes`, named `file` in errors.
pub fn parse(bytes: &[u8], file: &str, s: &Scenario) -> Result<Vec<Resolved>, DrillError> {
    let observations = observed::read(bytes, file, &COLUMNS).map_err(DrillError::Read)?;
    resolved(&observations, file, s)
}

fn resolved(
    observations: &[observed::Observation],
    file: &str,
    s: &Scenario,
) -> Result<Vec<Resolved>, DrillError> {
    resolve_all(observations, s).map_err(|u| DrillError::At {
        file: file.to_string(),
        at: u.at,
        message: u.message,
    })
}

/// Scores every actual against the results of simulating `s`.
pub fn score(results: &Results, actuals: &[Resolved]) -> Drill {
    let scored: Vec<Scored> = actuals.iter().map(|a| score_one(results, a)).collect();
    let outside = scored
        .iter()
        .filter(|s| s.verdict != Verdict::Within)
        .count();
    Drill {
        calibration: Calibration::of(scored.len() as u64, outside as u64),
        scored,
    }
}

fn score_one(results: &Results, a: &Resolved) -> Scored {
    let column = |c: Column| (results.samples.sorted_once(c), a.secs);
    let (values, actual) = match a.measure {
        Measure::Rto => column(Column::Rto),
        Measure::Rpo => column(Column::Rpo),
        Measure::ComponentRto(c) => column(Column::ComponentRto(c)),
        Measure::ComponentRpo(c) => column(Column::ComponentRpo(c)),
        Measure::Step(i) => (
            Cow::Owned(step_times(results, i)),
            // As the runner stores step times, so equal times tie.
            f64::from(a.secs as f32),
        ),
    };
    let below = values.count_below(actual);
    let equal = values.count_at_most(actual) - below;
    let mut scored = Scored {
        measure: a.measure,
        actual_secs: a.secs,
        at: a.at,
        runs: values.len() as u64,
        below: below as u64,
        equal: equal as u64,
        p5: values.percentile(5.0),
        p50: values.percentile(50.0),
        p95: values.percentile(95.0),
        verdict: Verdict::Within,
    };
    scored.verdict = match scored.percentile() {
        None => Verdict::Optimistic,
        Some(p) if p > BAND_HIGH => Verdict::Optimistic,
        Some(p) if p < BAND_LOW => Verdict::Pessimistic,
        Some(_) => Verdict::Within,
    };
    scored
}

/// Step `i`'s time in each run in which it ran, sorted.
fn step_times(results: &Results, i: usize) -> Sorted {
    let ran: Vec<f64> = results
        .step_busy
        .column(i)
        .iter()
        .filter(|t| **t > 0.0)
        .map(|t| f64::from(*t))
        .collect();
    Sorted::new(ran)
}

#[cfg(test)]
mod tests;
