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
    /// Verdicts of `drsim check` (absent from `drsim run`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<super::CheckResult>,
}

/// Name and file of the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub description: Option<String>,
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
