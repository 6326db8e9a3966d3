//! The report: plain serializable structs, built once from the results and
//! rendered by the exporters. These structs are the JSON schema
//! (`schema_version` 1); every field is documented here.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Version of the JSON schema; bumped when a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 1;

/// A time in seconds that may be infinite (never): `null` in JSON.
pub(crate) mod secs {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            s.serialize_f64(*value)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
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
    /// Number of simulated disasters.
    pub iterations: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Percentile at which targets are judged (0–100).
    pub percentile: f64,
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
    /// The runs at or beyond the target percentile of the RTO, whose
    /// critical paths are decomposed in `steps.<id>.tail`.
    pub tail: TailReport,
    /// Verdicts of `drsim check` (absent from `drsim run`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<super::CheckResult>,
}

impl Report {
    /// Every metric with a target, scenario-wide first, then per component
    /// in file order, labelled `RTO`, `RPO`, `<component> RTO`, `<component> RPO`.
    pub fn judged(&self) -> Vec<(String, &Metric)> {
        let mut out = vec![
            ("RTO".to_string(), &self.rto),
            ("RPO".to_string(), &self.rpo),
        ];
        for (id, c) in &self.components.0 {
            out.push((format!("{id} RTO"), &c.rto));
            out.push((format!("{id} RPO"), &c.rpo));
        }
        out.retain(|(_, m)| m.target.is_some());
        out
    }
}

/// Name and file of the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub description: Option<String>,
    /// SHA-256 of the scenario file's text (hex), to tell which version of
    /// the plan a report describes.
    pub sha256: String,
}

/// Distribution of one time over runs, and its target. Times in seconds;
/// `null` for infinite (never) values.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metric {
    #[serde(with = "secs")]
    pub mean: f64,
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
    /// The target, if one is set (always finite).
    pub target: Option<f64>,
    /// The percentile the target is judged at.
    pub percentile: f64,
    /// The value at that percentile (nearest rank).
    #[serde(with = "secs")]
    pub at_percentile: f64,
    /// 95 % confidence interval of `at_percentile` (order statistics).
    #[serde(with = "secs")]
    pub at_percentile_low: f64,
    #[serde(with = "secs")]
    pub at_percentile_high: f64,
    /// Share of runs meeting the target (`null` without a target).
    pub p_meet: Option<f64>,
    /// 95 % Wilson interval of `p_meet`.
    pub p_meet_low: Option<f64>,
    pub p_meet_high: Option<f64>,
    /// `at_percentile <= target` (`null` without a target).
    pub pass: Option<bool>,
    /// 95 % confidence intervals of the reported percentiles.
    pub ci: PercentileIntervals,
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
    /// Mean number of attempts in runs where it ran.
    pub attempts_mean: Option<f64>,
    /// Mean time ready but waiting for its role, in runs where it ran.
    pub wait_mean: Option<f64>,
    /// Schedule sensitivity index: criticality × σ(time spent) / σ(RTO)
    /// (`null` when either does not vary, or the RTO is ever infinite).
    pub ssi: Option<f64>,
    /// Mean time per tail run this step contributed to the critical path,
    /// by activity, seconds.
    pub tail: ActivityTimes,
}

/// Seconds by what a step on the critical path was doing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityTimes {
    pub working: f64,
    /// Ready but waiting for its role (or a person's response time).
    pub waiting: f64,
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
}

/// One role's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleReport {
    /// Units (people).
    pub count: u32,
    /// Unit-time in attempts over unit-time available until the makespan,
    /// over all runs.
    pub utilisation: f64,
    /// Per run, total time steps spent waiting for this role: mean and p95.
    pub wait_mean: f64,
    pub wait_p95: f64,
    /// Share of runs in which waiting for this role lay on the critical path.
    pub binding: f64,
}

/// One risk's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RiskReport {
    pub step: String,
    pub name: String,
    /// The stated probability.
    pub probability: f64,
    /// Share of runs in which it struck (0 when its step never ran).
    pub fired: f64,
    /// RTO at the target percentile in runs where it struck, and where not.
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
    /// RTO at the target percentile in runs that fell back, and that did not.
    #[serde(with = "secs")]
    pub rto_when_fell_back: f64,
    #[serde(with = "secs")]
    pub rto_when_not: f64,
}

/// The tail runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TailReport {
    /// Runs with an RTO at or beyond this (the target percentile) are the tail.
    #[serde(with = "secs")]
    pub threshold: f64,
    pub percentile: f64,
    /// Tail runs decomposed, and tail runs that never recovered.
    pub runs: u64,
    pub unrecovered: u64,
}

/// Id-keyed entries kept in file order; serialized as a JSON object.
#[derive(Debug, Clone, Default)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    entries.push((k, v));
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

impl<T> Entries<T> {
    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }
}
