//! `drsim drill` as data: each actual of a drill with its percentile in
//! the model, the model's p5, p50 and p95 of its measure and the verdict,
//! then the calibration over all of them. Plain serializable structs —
//! the JSON schema of `drill --json`, each field documented with its
//! unit — and the function that builds them from a scored [`Drill`].

use serde::Serialize;

use super::model::{Report, SCHEMA_VERSION, ScenarioInfo, secs};
use crate::drill::{Calibration, Drill, Measure, Scored, Verdict};
use crate::scenario::Scenario;

/// A drill against the model of its plan.
#[derive(Debug, Clone, Serialize)]
pub struct DrillReport {
    pub schema_version: u32,
    pub scenario: ScenarioInfo,
    /// The drill's actuals file, as named on the command line (`<stdin>`
    /// for standard input).
    pub actuals_file: String,
    /// Runs simulated, and their seed.
    pub iterations: u64,
    pub seed: u64,
    /// Every actual, in the file's order.
    pub actuals: Vec<ActualReport>,
    /// Over all the actuals.
    pub calibration: Calibration,
}

/// One actual against the model.
#[derive(Debug, Clone, Serialize)]
pub struct ActualReport {
    /// As the actuals file names it: `rto`, `rpo`, `rto.<component>`,
    /// `rpo.<component>` or `step.<step id>`.
    pub measure: String,
    /// What the drill measured, seconds.
    #[serde(with = "secs")]
    pub actual: f64,
    /// The actual's mid-rank percentile among the model's values (0–100:
    /// 100 above every run, 0 below every run); `null` for a step the
    /// model never ran.
    pub percentile: Option<f64>,
    /// The model's nearest-rank p5, p50 and p95 of the measure, seconds
    /// (`"never"` when not recovered at that percentile; `null` for a step
    /// the model never ran).
    #[serde(with = "secs")]
    pub p5: f64,
    #[serde(with = "secs")]
    pub p50: f64,
    #[serde(with = "secs")]
    pub p95: f64,
    /// The model's values compared: every run, or for a step the runs in
    /// which it ran.
    pub runs: u64,
    /// `within` the model's 5–95 % band, `optimistic` (above it: the drill
    /// took longer or lost more than the model expects) or `pessimistic`
    /// (below it).
    pub verdict: Verdict,
    /// What is measured, for the renderers.
    #[serde(skip)]
    pub subject: Subject,
}

/// What an actual measures, as the renderers name it.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// The step or component (empty for the scenario-wide RTO and RPO).
    pub id: String,
    /// Its name in the scenario (its id when it has none).
    pub name: String,
    pub kind: SubjectKind,
}

/// The kind of measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SubjectKind {
    #[default]
    Rto,
    Rpo,
    ComponentRto,
    ComponentRpo,
    Step,
}

impl Subject {
    fn of(measure: Measure, s: &Scenario) -> Subject {
        let component = |c: usize, kind| Subject {
            id: s.components[c].id.clone(),
            name: s.components[c].name.clone(),
            kind,
        };
        match measure {
            Measure::Rto => Subject::default(),
            Measure::Rpo => Subject {
                kind: SubjectKind::Rpo,
                ..Subject::default()
            },
            Measure::ComponentRto(c) => component(c, SubjectKind::ComponentRto),
            Measure::ComponentRpo(c) => component(c, SubjectKind::ComponentRpo),
            Measure::Step(i) => Subject {
                id: s.steps[i].id.clone(),
                name: s.steps[i].name.clone(),
                kind: SubjectKind::Step,
            },
        }
    }

    /// True for a data loss (an RPO).
    pub fn is_data_loss(&self) -> bool {
        matches!(self.kind, SubjectKind::Rpo | SubjectKind::ComponentRpo)
    }
}

/// The report of `drill`, scored against `today` (the report of the same
/// simulation of `s`); `actuals_file` names the actuals.
pub fn drill_report(
    today: &Report,
    s: &Scenario,
    drill: &Drill,
    actuals_file: &str,
) -> DrillReport {
    DrillReport {
        schema_version: SCHEMA_VERSION,
        scenario: today.scenario.clone(),
        actuals_file: actuals_file.to_string(),
        iterations: today.iterations,
        seed: today.seed,
        actuals: drill.scored.iter().map(|a| actual(a, s)).collect(),
        calibration: drill.calibration,
    }
}

fn actual(a: &Scored, s: &Scenario) -> ActualReport {
    ActualReport {
        measure: a.measure.key(s),
        actual: a.actual_secs,
        percentile: a.percentile(),
        p5: a.p5,
        p50: a.p50,
        p95: a.p95,
        runs: a.runs,
        verdict: a.verdict,
        subject: Subject::of(a.measure, s),
    }
}
