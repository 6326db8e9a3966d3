//! The report: plain serializable structs, built once from the results and
//! rendered by the exporters. These structs are the JSON schema
//! (`schema_version` 2); every field is documented here with its unit.
//!
//! Times are seconds. A time that never came (a component never
//! recovered in enough runs to reach that percentile) is the string
//! `"never"`; `null` means the value is not defined (no runs in that
//! group, no target). Shares are fractions from 0 to 1.

use crate::scenario::VariantInfo;
use serde::{Deserialize, Serialize};

pub use super::entries::Entries;

/// Version of the JSON schema; bumped when a field changes meaning or goes.
///
/// 2: a time that never came is `"never"` (was `null`, which also meant
/// "no runs in this group"); targets and changes carry typed fields
/// (`quantity`, `component`, `kind`).
pub const SCHEMA_VERSION: u32 = 2;

pub(crate) use super::secs;

/// What a target or a change is about: the recovery time or the data loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantity {
    Rto,
    Rpo,
}

impl Quantity {
    /// "RTO" or "RPO".
    pub fn label(self) -> &'static str {
        match self {
            Quantity::Rto => "RTO",
            Quantity::Rpo => "RPO",
        }
    }

    /// "rto" or "rpo", as in JSON keys and names.
    pub fn key(self) -> &'static str {
        match self {
            Quantity::Rto => "rto",
            Quantity::Rpo => "rpo",
        }
    }
}

/// Whose quantity a target judges: the whole service, or one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetName {
    /// The component's id; `null` for the scenario-wide target.
    pub component: Option<String>,
    pub quantity: Quantity,
}

impl TargetName {
    /// "RTO", "db RPO": as the text outputs name it.
    pub fn label(&self) -> String {
        match &self.component {
            Some(c) => format!("{c} {}", self.quantity.label()),
            None => self.quantity.label().to_string(),
        }
    }

    /// "rto", "db rpo": as JSON names it.
    pub fn key(&self) -> String {
        match &self.component {
            Some(c) => format!("{c} {}", self.quantity.key()),
            None => self.quantity.key().to_string(),
        }
    }
}

/// A metric judged against its target.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    pub component: Option<&'a str>,
    pub quantity: Quantity,
    pub metric: &'a Metric,
}

impl Judged<'_> {
    /// Its typed name.
    pub fn name(&self) -> TargetName {
        TargetName {
            component: self.component.map(str::to_string),
            quantity: self.quantity,
        }
    }
}

/// The whole summary of a simulation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Version of this schema.
    pub schema_version: u32,
    /// Version of drsim that produced it.
    pub drsim_version: String,
    pub scenario: ScenarioInfo,
    /// Number of simulated disasters (runs).
    pub iterations: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Percentile at which targets are judged (0–100).
    pub percentile: f64,
    /// Components the overall figures leave out (`overall = false`, or an
    /// own target looser than the scenario-wide one); absent when none.
    #[serde(default, skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
    /// Recovery time of the whole service.
    pub rto: Metric,
    /// Data loss over components with data.
    pub rpo: Metric,
    /// Share of runs in which some affected component was never recovered.
    pub unrecovered: f64,
    /// End of the last attempt of any step.
    pub makespan: Metric,
    /// Per component, in file order (a JSON object keyed by id).
    pub components: Entries<ComponentReport>,
    /// Per step, in file order (a JSON object keyed by id).
    pub steps: Entries<StepReport>,
    /// Per role, in file order: how busy, how long steps waited, how often
    /// the wait was on the critical path.
    pub roles: Entries<RoleReport>,
    /// Every risk, in file order: how often it struck and what it did to the RTO.
    pub risks: Vec<RiskReport>,
    /// Every step that can fall back: how often, and what it did to the RTO.
    pub fallbacks: Vec<FallbackReport>,
    /// Results by the part of the week the disaster struck in (in hours,
    /// nights, weekends), when a role has working hours or the scenario
    /// says when it strikes; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_time_of_week: Vec<super::world::GroupReport>,
    /// Results by each condition's case; absent without conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_condition: Vec<super::world::ConditionReport>,
    /// Per `[[correlation]]` group, the rank correlation achieved; absent
    /// without groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlation: Vec<super::world::CorrelationReport>,
    /// The runs at or beyond the target percentile of the RTO, whose
    /// critical paths are decomposed in `steps.<id>.tail`.
    pub tail: TailReport,
    /// How much of the result rests on assumptions (computed with the
    /// review page: by `report`, and by `run` with `--html` or `--charts`;
    /// absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<super::Assumptions>,
    /// Verdicts of `drsim check` (absent from `drsim run`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<super::CheckResult>,
}

impl Report {
    /// Every metric with a target, scenario-wide first, then per component
    /// in file order, RTO before RPO.
    pub fn judged(&self) -> Vec<Judged<'_>> {
        let whole =
            [(Quantity::Rto, &self.rto), (Quantity::Rpo, &self.rpo)].map(|(quantity, metric)| {
                Judged {
                    component: None,
                    quantity,
                    metric,
                }
            });
        let components = self.components.0.iter().flat_map(|(id, c)| {
            [(Quantity::Rto, &c.rto), (Quantity::Rpo, &c.rpo)].map(|(quantity, metric)| Judged {
                component: Some(id.as_str()),
                quantity,
                metric,
            })
        });
        whole
            .into_iter()
            .chain(components)
            .filter(|j| j.metric.target.is_some())
            .collect()
    }
}

/// The component ids the overall RTO and RPO leave out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeftOut {
    pub rto: Vec<String>,
    pub rpo: Vec<String>,
}

impl LeftOut {
    /// Nothing left out.
    pub fn is_empty(&self) -> bool {
        self.rto.is_empty() && self.rpo.is_empty()
    }
}

/// Name and file of the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub description: Option<String>,
    /// SHA-256 of the scenario file's text (hex), to tell which version of
    /// the plan a report describes; with `extends`, a variant or `--set`,
    /// of every text the plan was built from.
    pub sha256: String,
    /// The variant simulated (`--variant`), if any: its name and
    /// description. Absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<VariantInfo>,
    /// The `--set PATH=VALUE` edits applied, in order. Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<String>,
}

/// Distribution of one time over runs, and its target. Every time in
/// seconds (`"never"` when infinite).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metric {
    /// The mean over all runs: `"never"` when any run's time never came.
    #[serde(with = "secs")]
    pub mean: f64,
    /// The mean over the runs in which it came (finite), seconds: what the
    /// summaries show, labelled so, when some runs never recovered. Equal to
    /// `mean` when every run's came; `null` when none did.
    #[serde(default = "secs::undefined", with = "secs")]
    pub mean_recovered: f64,
    /// Share of runs in which it never came (`"never"`), 0–1.
    #[serde(default)]
    pub never: f64,
    #[serde(with = "secs")]
    pub p50: f64,
    #[serde(with = "secs")]
    pub p90: f64,
    #[serde(with = "secs")]
    pub p95: f64,
    #[serde(with = "secs")]
    pub p99: f64,
    #[serde(with = "secs")]
    pub max: f64,
    /// The target, seconds, if one is set (always finite).
    pub target: Option<f64>,
    /// The percentile the target is judged at (0–100).
    pub percentile: f64,
    /// The value at that percentile (nearest rank).
    #[serde(with = "secs")]
    pub at_percentile: f64,
    /// 95 % confidence interval of `at_percentile` (order statistics).
    #[serde(with = "secs")]
    pub at_percentile_low: f64,
    #[serde(with = "secs")]
    pub at_percentile_high: f64,
    /// Share of runs meeting the target, 0–1 (`null` without a target).
    pub p_meet: Option<f64>,
    /// 95 % Wilson interval of `p_meet`.
    pub p_meet_low: Option<f64>,
    pub p_meet_high: Option<f64>,
    /// `at_percentile <= target` (`null` without a target).
    pub pass: Option<bool>,
    /// 95 % confidence intervals of the reported percentiles.
    pub ci: PercentileIntervals,
    /// For an RTO whose clock does not start at the disaster, where it
    /// starts, as written: `"diagnose"` (the step's end) or
    /// `"diagnose.start"`; every time above is measured from it. Absent for
    /// the disaster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// " from the end of diagnose" for a clock written `diagnose`, " from the
/// start of diagnose" for `diagnose.start`; empty for none (the disaster).
pub fn clock_phrase(from: Option<&str>) -> String {
    match from {
        None => String::new(),
        Some(f) => match f.strip_suffix(".start") {
            Some(step) => format!(" from the start of {step}"),
            None => format!(" from the end of {}", f.strip_suffix(".end").unwrap_or(f)),
        },
    }
}

impl Metric {
    /// Half the width of the 95 % interval of `at_percentile` (the larger
    /// side), seconds; `None` when the value or its upper bound is never.
    pub fn half_width(&self) -> Option<f64> {
        (self.at_percentile.is_finite() && self.at_percentile_high.is_finite()).then(|| {
            (self.at_percentile - self.at_percentile_low)
                .max(self.at_percentile_high - self.at_percentile)
        })
    }

    /// The interval of `p_meet` contains the share the target requires:
    /// more runs could turn the verdict. `false` without a target.
    pub fn is_marginal(&self) -> bool {
        let required = self.percentile / 100.0;
        match (self.p_meet_low, self.p_meet_high) {
            (Some(low), Some(high)) => low <= required && required <= high,
            _ => false,
        }
    }
}

/// A 95 % confidence interval of a time (bounds `null` when infinite).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    #[serde(with = "secs")]
    pub low: f64,
    #[serde(with = "secs")]
    pub high: f64,
}

/// Confidence intervals of p50, p90, p95 and p99 (order statistics).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PercentileIntervals {
    pub p50: Bounds,
    pub p90: Bounds,
    pub p95: Bounds,
    pub p99: Bounds,
}

/// One component's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComponentReport {
    pub name: String,
    /// False when nothing in the plan brings it back (available from time 0).
    pub affected: bool,
    /// Whether it has data sources (and so an RPO).
    pub has_data: bool,
    pub rto: Metric,
    /// Data loss; always 0 for a component without data (`has_data` false).
    pub rpo: Metric,
    /// Share of runs in which it was never recovered.
    pub unrecovered: f64,
    /// Share of runs in which it was the last to recover (decided the RTO).
    /// When several come back at that instant, the one named is the
    /// furthest downstream, then one without data (a service before its
    /// data store), then the later in the file.
    pub last_recovered: f64,
}

/// One step's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepReport {
    pub name: String,
    /// Mean time spent in runs where it ran: attempts, risk delays and
    /// retry delays, seconds (`null` if it never ran).
    pub mean: Option<f64>,
    /// Share of runs in which it made at least one attempt.
    pub ran: f64,
    /// Share of runs in which it was on the critical path of the RTO.
    pub criticality: f64,
    /// Spearman rank correlation between its time spent and the run's RTO
    /// (`null` when either does not vary).
    pub sensitivity: Option<f64>,
    /// Share of runs in which it gave up and fell back.
    pub fallback_rate: f64,
    /// Share of runs in which it ran but was never done.
    pub failed: f64,
    /// Mean number of attempts in runs where it ran (`null` if it never ran).
    pub attempts_mean: Option<f64>,
    /// Mean time ready but waiting for its role, in runs where it ran,
    /// seconds (`null` if it never ran).
    pub wait_mean: Option<f64>,
    /// Schedule sensitivity index: criticality × σ(time spent) / σ(RTO)
    /// (`null` when either does not vary, or the RTO is ever infinite).
    pub ssi: Option<f64>,
    /// Mean time per tail run this step contributed to the critical path,
    /// by activity, seconds.
    pub tail: ActivityTimes,
    /// Mean time per run (over the runs that recovered) this step
    /// contributed to the critical path, by activity, seconds: `tail`
    /// less this is how much longer the worst runs hold it on their path.
    #[serde(default)]
    pub path: ActivityTimes,
}

/// Seconds by what a step on the critical path was doing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityTimes {
    pub working: f64,
    /// Ready but waiting for its role (or a person's response time).
    pub waiting: f64,
    /// Of `waiting`, the time waiting for a person of its role to respond
    /// (engaging them); the rest was waiting for a busy person.
    #[serde(default)]
    pub engaging: f64,
    /// Failed attempts and retry delays.
    pub retrying: f64,
    /// Work as a fallback for a step that gave up.
    pub falling_back: f64,
}

impl ActivityTimes {
    /// All activities together.
    pub fn total(&self) -> f64 {
        self.working + self.waiting + self.retrying + self.falling_back
    }

    /// Waiting for a busy person (not for one to respond).
    pub fn busy_waiting(&self) -> f64 {
        (self.waiting - self.engaging).max(0.0)
    }
}

/// One role's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleReport {
    /// Units (people).
    pub count: u32,
    /// Unit-time in attempts over unit-time available until the makespan,
    /// over all runs (0–1).
    pub utilisation: f64,
    /// Per run, total time steps spent waiting for this role (for a person
    /// to respond or for a busy one): mean and p95, seconds.
    pub wait_mean: f64,
    pub wait_p95: f64,
    /// Share of runs in which waiting for this role lay on the critical
    /// path (either kind of wait).
    pub binding: f64,
    /// Per run, time steps spent waiting for a person of this role to
    /// respond (engaging them: an on-call response): mean, seconds.
    #[serde(default)]
    pub engaging_mean: f64,
    /// Share of runs in which waiting for a person of this role to respond
    /// lay on the critical path.
    #[serde(default)]
    pub engaging_binding: f64,
    /// Per run, time steps spent waiting for a busy person of this role
    /// (contention): mean and p95, seconds.
    #[serde(default)]
    pub busy_wait_mean: f64,
    #[serde(default)]
    pub busy_wait_p95: f64,
    /// Share of runs in which waiting for a busy person of this role lay
    /// on the critical path.
    #[serde(default)]
    pub busy_binding: f64,
}

/// One risk's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RiskReport {
    /// The step it belongs to; empty for a shared risk (`[[risks]]`).
    pub step: String,
    /// For a shared risk, the steps it applies to, as written (ids and
    /// globs); absent for a step's own risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    pub name: String,
    /// The stated probability (0–1).
    pub probability: f64,
    /// Share of runs in which it struck (0 when its step never ran).
    pub fired: f64,
    /// RTO at the target percentile in runs where it struck, and where
    /// not, seconds (`null` when there are no such runs).
    #[serde(with = "secs")]
    pub rto_when_fired: f64,
    #[serde(with = "secs")]
    pub rto_when_not: f64,
}

/// One fallback's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FallbackReport {
    /// The step that gives up, and the step it falls back to.
    pub step: String,
    pub fallback: String,
    /// Share of runs in which it fell back.
    pub rate: f64,
    /// RTO at the target percentile in runs that fell back, and that did
    /// not, seconds (`null` when there are no such runs).
    #[serde(with = "secs")]
    pub rto_when_fell_back: f64,
    #[serde(with = "secs")]
    pub rto_when_not: f64,
}

/// The tail runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TailReport {
    /// Runs with an RTO at or beyond this (the target percentile), seconds,
    /// are the tail.
    #[serde(with = "secs")]
    pub threshold: f64,
    /// The target percentile (0–100).
    pub percentile: f64,
    /// Tail runs decomposed, and tail runs that never recovered (counts).
    pub runs: u64,
    pub unrecovered: u64,
}
