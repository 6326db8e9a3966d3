//! Mirror types of the TOML file, as written: every field the format has,
//! nothing more (`deny_unknown_fields`), with spans kept on the values that
//! semantic checks may need to point at.
//!
//! The same types describe the format as a JSON Schema (`drsim schema`,
//! [`super::schema`]): each derives or implements `JsonSchema` next to its
//! `Deserialize`, a `Spanned<T>` field is described as its `T`, and each
//! field's doc comment is its description. The values written in a
//! particular way have a file of their own: durations (`duration`), RTO
//! targets (`rto`), roles (`role`), distributions (`dist`), conditions
//! (`condition`), tables keyed by id (`ordered`).

mod condition;
mod dist;
mod duration;
mod ordered;
mod role;
mod rto;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub use condition::{RawCaseEffect, RawCondition};
pub use dist::{DistSpec, RawDistTable};
pub use duration::DurationValue;
pub use ordered::OrderedMap;
pub use role::{RawOffHours, RawRole};
pub use rto::RawRto;

use super::names::ID_PATTERN;

/// A scenario file: a disaster-recovery plan to simulate (docs/spec.md §1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Plan")]
pub struct RawFile {
    /// The plan's name and the simulation's defaults.
    #[schemars(with = "RawScenario")]
    pub scenario: Spanned<RawScenario>,
    /// What the plan must meet: an RTO and/or RPO at a percentile.
    #[schemars(with = "Option<RawTargets>")]
    pub targets: Option<Spanned<RawTargets>>,
    /// People or capacity that execute steps, by role id (`[a-z0-9_-]+`).
    #[serde(default)]
    #[schemars(with = "OrderedMap<RawRole>")]
    #[schemars(extend("propertyNames" = { "pattern": ID_PATTERN }))]
    pub roles: OrderedMap<Spanned<RawRole>>,
    /// The services and data stores the disaster touches, by component id
    /// (`[a-z0-9_-]+`, shared with step ids).
    #[serde(default)]
    #[schemars(with = "OrderedMap<RawComponent>")]
    #[schemars(extend("propertyNames" = { "pattern": ID_PATTERN }))]
    pub components: OrderedMap<Spanned<RawComponent>>,
    /// The runbook: `[[steps]]` tables, each with a unique `id`.
    #[serde(default)]
    #[schemars(with = "Vec<RawStep>")]
    pub steps: Vec<Spanned<RawStep>>,
    /// Scenario-wide conditions drawn once per disaster, by id: one case of
    /// each holds in every simulated disaster.
    #[serde(default)]
    #[schemars(with = "OrderedMap<RawCondition>")]
    #[schemars(extend("propertyNames" = { "pattern": ID_PATTERN }))]
    pub conditions: OrderedMap<Spanned<RawCondition>>,
    /// Risks shared by many steps, drawn once per disaster.
    #[serde(default)]
    #[schemars(with = "Vec<RawSharedRisk>")]
    pub risks: Vec<Spanned<RawSharedRisk>>,
    /// Groups of steps whose durations are rank-correlated.
    #[serde(default)]
    #[schemars(with = "Vec<RawCorrelation>")]
    pub correlation: Vec<Spanned<RawCorrelation>>,
}

/// `[scenario]`: the plan's name and the simulation's defaults.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Scenario")]
pub struct RawScenario {
    /// The plan's name, shown on every report.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// What the plan is, in a sentence.
    pub description: Option<String>,
    /// How many disasters to simulate by default (10 000 unless given, at
    /// most 10¹²); `--iterations` overrides it.
    #[schemars(with = "Option<i64>")]
    pub iterations: Option<Spanned<i64>>,
    /// The default seed (0 unless given); `--seed` overrides it. The same
    /// file, seed and iterations give the same results.
    #[schemars(with = "Option<i64>")]
    pub seed: Option<Spanned<i64>>,
    /// When the disaster strikes, a day and a 24-hour time of the week
    /// ("Sun 03:00", "Monday 17:30 UTC+1"); without it, uniform over the
    /// week when some role has `hours`.
    #[schemars(with = "Option<String>")]
    pub strikes_at: Option<Spanned<String>>,
    /// The scenario's clock, a UTC offset ("UTC+01:00"; UTC unless given):
    /// `strikes_at`, `hours` and the in-hours/nights/weekends split use it.
    #[schemars(with = "Option<String>")]
    pub timezone: Option<Spanned<String>>,
}

/// `[targets]`: what the plan must meet.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Targets")]
pub struct RawTargets {
    /// The service back within this long (from the disaster, or from a
    /// step with `{ within, from }`).
    #[schemars(with = "Option<RawRto>")]
    pub rto: Option<Spanned<RawRto>>,
    /// Data lost at most this much.
    #[schemars(with = "Option<DurationValue>")]
    pub rpo: Option<Spanned<DurationValue>>,
    /// In this percentage of simulated disasters, above 0 and below 100
    /// (95 unless given).
    #[schemars(with = "Option<f64>")]
    pub percentile: Option<Spanned<f64>>,
}

/// A `[[risks]]` entry: one risk shared by every step it applies to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "SharedRisk")]
pub struct RawSharedRisk {
    /// The risk's name, unique among shared risks.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The chance it strikes, once per simulated disaster, 0 to 1.
    #[schemars(with = "f64")]
    pub probability: Spanned<f64>,
    /// Drawn once per disaster and added to the first attempt of every step
    /// it applies to. Give `delay` or `scale`, not both.
    #[schemars(with = "Option<DistSpec>")]
    pub delay: Option<Spanned<DistSpec>>,
    /// Every attempt of every step it applies to takes this many times as
    /// long. Give `delay` or `scale`, not both.
    #[schemars(with = "Option<f64>")]
    pub scale: Option<Spanned<f64>>,
    /// The steps it applies to: ids or globs (`"restore_*"`).
    #[schemars(with = "Vec<String>")]
    pub applies_to: Spanned<Vec<Spanned<String>>>,
    /// Where its figures came from, quoting the plan: "plan: '…'". Not with
    /// `assumed`.
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    pub assumed: Option<Spanned<String>>,
}

/// A `[[correlation]]` group: steps whose durations are rank-correlated.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Correlation")]
pub struct RawCorrelation {
    /// Two steps or more: ids or globs. A pair may be in one group only.
    #[schemars(with = "Vec<String>")]
    pub steps: Spanned<Vec<Spanned<String>>>,
    /// The Spearman rank correlation between the durations of every pair of
    /// them, -1 to 1.
    #[schemars(with = "f64")]
    pub rank: Spanned<f64>,
    /// Where its figures came from, quoting the plan: "plan: '…'". Not with
    /// `assumed`.
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    pub assumed: Option<Spanned<String>>,
}

/// Where an input's figures came from: the plan (`source`, quoting it) or
/// an assumption (`assumed`, saying why); at most one.
#[derive(Debug, Default)]
pub struct RawBasis {
    pub source: Option<Spanned<String>>,
    pub assumed: Option<Spanned<String>>,
}

/// `[components.<id>]`: a service or data store the disaster touches.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Component")]
pub struct RawComponent {
    /// Where its targets came from, quoting the plan: "plan: 'RPO 1h'".
    /// Not with `assumed`.
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// Why its targets are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    pub assumed: Option<Spanned<String>>,
    /// Its label in reports and charts (the id unless given).
    pub name: Option<String>,
    /// Components that must be recovered before this one counts as
    /// recovered.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Spanned<String>>,
    /// Its own RTO target, judged at `targets.percentile`: a duration from
    /// the disaster, or `{ within, from }` from a step.
    #[schemars(with = "Option<RawRto>")]
    pub rto: Option<Spanned<RawRto>>,
    /// Counted in the scenario-wide RTO and RPO (true unless given); its
    /// own targets judge it either way.
    pub overall: Option<bool>,
    /// Its own RPO target, judged at `targets.percentile`.
    #[schemars(with = "Option<DurationValue>")]
    pub rpo: Option<Spanned<DurationValue>>,
    /// The data sources it can be recovered from, by id (`[a-z0-9_-]+`); a
    /// step's `from` names one.
    #[serde(default)]
    #[schemars(with = "OrderedMap<RawSource>")]
    #[schemars(extend("propertyNames" = { "pattern": ID_PATTERN }))]
    pub data: OrderedMap<Spanned<RawSource>>,
}

/// `[components.<id>.data.<source>]`: where a component's data can come
/// back from; its lag and/or its periodic backups decide the RPO.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DataSource")]
pub struct RawSource {
    /// Where its figures (lag, backups) came from, quoting the plan:
    /// "plan: '…'". Not with `assumed`.
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    pub assumed: Option<Spanned<String>>,
    /// Replication lag: how far behind the source is when the disaster
    /// strikes (0 unless given).
    #[schemars(with = "Option<DistSpec>")]
    pub lag: Option<Spanned<DistSpec>>,
    /// Time between periodic backups or snapshots.
    #[schemars(with = "Option<DurationValue>")]
    pub interval: Option<Spanned<DurationValue>>,
    /// The probability that a given backup succeeded, 0 to 1 (1 unless
    /// given); needs `interval`.
    #[schemars(with = "Option<f64>")]
    pub success: Option<Spanned<f64>>,
}

/// A `[[steps]]` table: one step of the runbook.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Step")]
pub struct RawStep {
    /// Where its figures (duration, failure, risks) came from, quoting the
    /// plan: "plan: 'Time to diagnose: 5-30 min'". Not with `assumed`.
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    pub assumed: Option<Spanned<String>>,
    /// Unique among steps and components; `[a-z0-9_-]+`.
    #[schemars(with = "String")]
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: Spanned<String>,
    /// Its label in reports and charts (the id unless given).
    pub name: Option<String>,
    /// Step ids and/or component ids that must be done first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub after: Vec<Spanned<String>>,
    /// How long one attempt takes.
    #[schemars(with = "DistSpec")]
    pub duration: Spanned<DistSpec>,
    /// The role one unit of which is held while an attempt runs.
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// Higher first when several steps wait for the same role (0 unless
    /// given; may be negative).
    #[schemars(with = "Option<i64>")]
    pub priority: Option<Spanned<i64>>,
    /// How an attempt fails, and what then: retries, then a fallback.
    #[schemars(with = "Option<RawFailure>")]
    pub failure: Option<Spanned<RawFailure>>,
    /// Risks of this step: each, with its probability once per simulated
    /// disaster, adds its delay to the step's first attempt.
    #[serde(default)]
    #[schemars(with = "Vec<RawRisk>")]
    pub risks: Vec<Spanned<RawRisk>>,
    /// Component ids this step brings back.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub recovers: Vec<Spanned<String>>,
    /// The data source the recovery uses, which decides the RPO (the
    /// component's only source unless given).
    #[schemars(with = "Option<String>")]
    pub from: Option<Spanned<String>>,
    /// The step runs only when a failing step falls back to it.
    #[serde(default)]
    pub fallback_only: bool,
}

/// A step's `failure`: how an attempt fails, and what then.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Failure")]
pub struct RawFailure {
    /// The chance that an attempt fails, 0 to 1.
    #[schemars(with = "f64")]
    pub probability: Spanned<f64>,
    /// How many times a failed attempt is retried (0 unless given, at most
    /// 1000).
    #[schemars(with = "Option<i64>")]
    pub retries: Option<Spanned<i64>>,
    /// The wait before each retry (0 unless given).
    #[schemars(with = "Option<DurationValue>")]
    pub retry_delay: Option<Spanned<DurationValue>>,
    /// The step to fall back to when the last retry fails (a step id;
    /// fallback chains must not loop back).
    #[schemars(with = "Option<String>")]
    pub fallback: Option<Spanned<String>>,
}

/// One risk of a step.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Risk")]
pub struct RawRisk {
    /// What happens, as reports name it.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The chance it strikes, once per simulated disaster, 0 to 1.
    #[schemars(with = "f64")]
    pub probability: Spanned<f64>,
    /// The time it adds to the step's first attempt when it strikes.
    #[schemars(with = "DistSpec")]
    pub delay: Spanned<DistSpec>,
}
