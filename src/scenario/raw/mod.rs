//! Mirror types of the TOML file, as written: every field the format has,
//! nothing more (`deny_unknown_fields`), with spans kept on the values that
//! semantic checks may need to point at.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
use std::fmt;
use toml::Spanned;

use crate::duration::parse_secs;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub scenario: Spanned<RawScenario>,
    pub targets: Option<Spanned<RawTargets>>,
    #[serde(default)]
    pub roles: OrderedMap<Spanned<RawRole>>,
    #[serde(default)]
    pub components: OrderedMap<Spanned<RawComponent>>,
    #[serde(default)]
    pub steps: Vec<Spanned<RawStep>>,
    /// Scenario-wide conditions drawn once per disaster.
    #[serde(default)]
    pub conditions: OrderedMap<Spanned<RawCondition>>,
    /// Risks shared by many steps, drawn once per disaster.
    #[serde(default)]
    pub risks: Vec<Spanned<RawSharedRisk>>,
    /// Groups of steps whose durations are rank-correlated.
    #[serde(default)]
    pub correlation: Vec<Spanned<RawCorrelation>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub iterations: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    /// When the disaster strikes, a time of the week ("Sun 03:00").
    pub strikes_at: Option<Spanned<String>>,
    /// The scenario's clock: a UTC offset ("UTC+01:00").
    pub timezone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub rto: Option<Spanned<RawRto>>,
    pub rpo: Option<Spanned<DurationValue>>,
    pub percentile: Option<Spanned<f64>>,
}

/// An RTO target: a duration from the disaster (`"4h"`), or one from a
/// step's end or start (`{ within = "10m", from = "diagnose" }`).
#[derive(Debug)]
pub struct RawRto {
    pub within: DurationValue,
    /// `"<step>"` (its end), `"<step>.end"` or `"<step>.start"`.
    pub from: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRtoTable {
    within: DurationValue,
    from: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRto {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RtoVisitor;
        impl<'de> Visitor<'de> for RtoVisitor {
            type Value = RawRto;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a duration such as \"4h\", or a table such as { within = \"10m\", from = \"diagnose\" }",
                )
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawRto, E> {
                Ok(plain_rto(DurationVisitor.visit_str(text)?))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<RawRto, E> {
                Ok(plain_rto(DurationVisitor.visit_i64(number)?))
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<RawRto, E> {
                Ok(plain_rto(DurationVisitor.visit_u64(number)?))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<RawRto, E> {
                Ok(plain_rto(DurationVisitor.visit_f64(number)?))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRto, A::Error> {
                let table = RawRtoTable::deserialize(MapAccessDeserializer::new(map))?;
                Ok(RawRto {
                    within: table.within,
                    from: table.from,
                })
            }
        }
        deserializer.deserialize_any(RtoVisitor)
    }
}

fn plain_rto(secs: f64) -> RawRto {
    RawRto {
        within: DurationValue(secs),
        from: None,
    }
}

/// A role: a plain count, or `{ count, response, hours, off_hours }`.
#[derive(Debug)]
pub struct RawRole {
    pub count: Spanned<i64>,
    pub response: Option<Spanned<DistSpec>>,
    pub hours: Option<Spanned<String>>,
    pub off_hours: Option<Spanned<RawOffHours>>,
    pub basis: RawBasis,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoleTable {
    count: Spanned<i64>,
    response: Option<Spanned<DistSpec>>,
    hours: Option<Spanned<String>>,
    off_hours: Option<Spanned<RawOffHours>>,
    source: Option<Spanned<String>>,
    assumed: Option<Spanned<String>>,
}

/// How a role with `hours` responds outside them: a response
/// distribution, or `"wait"` (it acts only in hours).
#[derive(Debug)]
pub enum RawOffHours {
    Wait,
    Response(DistSpec),
}

impl<'de> Deserialize<'de> for RawOffHours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OffHoursVisitor;
        impl<'de> Visitor<'de> for OffHoursVisitor {
            type Value = RawOffHours;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "\"wait\", or a response time such as \"45m\" or { dist = \"uniform\", min = \"15m\", max = \"1h\" }",
                )
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawOffHours, E> {
                if text.trim() == "wait" {
                    return Ok(RawOffHours::Wait);
                }
                DurationVisitor
                    .visit_str(text)
                    .map(|secs| RawOffHours::Response(DistSpec::Plain(secs)))
                    .map_err(|e: E| {
                        E::custom(format!(
                            "{e}; or write \"wait\" for a role that acts only in its hours"
                        ))
                    })
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<RawOffHours, E> {
                DurationVisitor
                    .visit_i64(number)
                    .map(|secs| RawOffHours::Response(DistSpec::Plain(secs)))
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<RawOffHours, E> {
                DurationVisitor
                    .visit_u64(number)
                    .map(|secs| RawOffHours::Response(DistSpec::Plain(secs)))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<RawOffHours, E> {
                DurationVisitor
                    .visit_f64(number)
                    .map(|secs| RawOffHours::Response(DistSpec::Plain(secs)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawOffHours, A::Error> {
                RawDistTable::deserialize(MapAccessDeserializer::new(map))
                    .map(|table| RawOffHours::Response(DistSpec::Table(Box::new(table))))
            }
        }
        deserializer.deserialize_any(OffHoursVisitor)
    }
}

/// `[conditions.<name>]`: its `cases` with their probabilities, a basis,
/// and per case (a table named after it) what the case changes.
#[derive(Debug, Default)]
pub struct RawCondition {
    pub cases: Option<Spanned<OrderedMap<Spanned<f64>>>>,
    pub basis: RawBasis,
    /// The tables named after a case, in file order.
    pub effects: Vec<(Spanned<String>, Spanned<RawCaseEffect>)>,
}

/// What one case of a condition changes: step durations and role
/// response times scaled, keyed by step id or glob, and role id or `*`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseEffect {
    #[serde(default)]
    pub duration_scale: OrderedMap<Spanned<f64>>,
    #[serde(default)]
    pub response_scale: OrderedMap<Spanned<f64>>,
}

impl<'de> Deserialize<'de> for RawCondition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConditionVisitor;
        impl<'de> Visitor<'de> for ConditionVisitor {
            type Value = RawCondition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table such as { cases = { normal = 0.7, contended = 0.3 } } with a table per case")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCondition, A::Error> {
                let mut condition = RawCondition::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    match key.get_ref().as_str() {
                        "cases" => condition.cases = Some(map.next_value()?),
                        "source" => condition.basis.source = Some(map.next_value()?),
                        "assumed" => condition.basis.assumed = Some(map.next_value()?),
                        _ => {
                            let effect = map.next_value()?;
                            condition.effects.push((key, effect));
                        }
                    }
                }
                Ok(condition)
            }
        }
        deserializer.deserialize_map(ConditionVisitor)
    }
}

/// A `[[risks]]` entry: one risk shared by every step it applies to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSharedRisk {
    pub name: Spanned<String>,
    pub probability: Spanned<f64>,
    pub delay: Option<Spanned<DistSpec>>,
    pub scale: Option<Spanned<f64>>,
    pub applies_to: Spanned<Vec<Spanned<String>>>,
    pub source: Option<Spanned<String>>,
    pub assumed: Option<Spanned<String>>,
}

/// A `[[correlation]]` group: steps whose durations are rank-correlated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelation {
    pub steps: Spanned<Vec<Spanned<String>>>,
    pub rank: Spanned<f64>,
    pub source: Option<Spanned<String>>,
    pub assumed: Option<Spanned<String>>,
}

/// Where an input's figures came from: the plan (`source`, quoting it) or
/// an assumption (`assumed`, saying why); at most one.
#[derive(Debug, Default)]
pub struct RawBasis {
    pub source: Option<Spanned<String>>,
    pub assumed: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    /// Where its figures came from, quoting the plan.
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan).
    pub assumed: Option<Spanned<String>>,
    pub name: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    pub rto: Option<Spanned<RawRto>>,
    /// Counted in the scenario-wide RTO and RPO (default true).
    pub overall: Option<bool>,
    pub rpo: Option<Spanned<DurationValue>>,
    #[serde(default)]
    pub data: OrderedMap<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Where its figures came from, quoting the plan.
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan).
    pub assumed: Option<Spanned<String>>,
    pub lag: Option<Spanned<DistSpec>>,
    pub interval: Option<Spanned<DurationValue>>,
    pub success: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// Where its figures came from, quoting the plan.
    pub source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan).
    pub assumed: Option<Spanned<String>>,
    pub id: Spanned<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub after: Vec<Spanned<String>>,
    pub duration: Spanned<DistSpec>,
    pub role: Option<Spanned<String>>,
    pub priority: Option<Spanned<i64>>,
    pub failure: Option<Spanned<RawFailure>>,
    #[serde(default)]
    pub risks: Vec<Spanned<RawRisk>>,
    #[serde(default)]
    pub recovers: Vec<Spanned<String>>,
    pub from: Option<Spanned<String>>,
    #[serde(default)]
    pub fallback_only: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFailure {
    pub probability: Spanned<f64>,
    pub retries: Option<Spanned<i64>>,
    pub retry_delay: Option<Spanned<DurationValue>>,
    pub fallback: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    pub name: Spanned<String>,
    pub probability: Spanned<f64>,
    pub delay: Spanned<DistSpec>,
}

/// A distribution as written: a plain duration, or a table with `dist`.
#[derive(Debug, Clone)]
pub enum DistSpec {
    Plain(f64),
    Table(Box<RawDistTable>),
}

/// Every field any distribution uses; which ones are allowed depends on
/// `dist` and is checked when the distribution is built.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistTable {
    pub dist: Spanned<String>,
    pub value: Option<Spanned<DurationValue>>,
    pub min: Option<Spanned<DurationValue>>,
    pub mode: Option<Spanned<DurationValue>>,
    pub max: Option<Spanned<DurationValue>>,
    pub shape: Option<Spanned<f64>>,
    pub mean: Option<Spanned<DurationValue>>,
    pub sd: Option<Spanned<DurationValue>>,
    pub median: Option<Spanned<DurationValue>>,
    pub p95: Option<Spanned<DurationValue>>,
    pub scale: Option<Spanned<DurationValue>>,
    pub samples: Option<Spanned<Vec<Spanned<DurationValue>>>>,
    pub values: Option<Spanned<Vec<Spanned<DurationValue>>>>,
    pub weights: Option<Spanned<Vec<Spanned<f64>>>>,
}

/// A duration in seconds, parsed from a string with units (or the number 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationValue(pub f64);

impl<'de> Deserialize<'de> for DurationValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DurationVisitor)
            .map(DurationValue)
    }
}

struct DurationVisitor;

fn bare_number<E: de::Error>(text: &str) -> E {
    E::custom(format!(
        "a bare number is not a duration (which unit?): write \"{text}m\", \"{text}h\" or \"{text}s\""
    ))
}

impl<'de> Visitor<'de> for DurationVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a duration with units such as \"15m\" or \"1h30m\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        parse_secs(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<f64, E> {
        if number == 0 {
            Ok(0.0)
        } else {
            Err(bare_number(&number.to_string()))
        }
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<f64, E> {
        if number == 0 {
            Ok(0.0)
        } else {
            Err(bare_number(&number.to_string()))
        }
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<f64, E> {
        if number == 0.0 {
            Ok(0.0)
        } else {
            Err(bare_number(&number.to_string()))
        }
    }
}

impl<'de> Deserialize<'de> for DistSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DistVisitor;
        impl<'de> Visitor<'de> for DistVisitor {
            type Value = DistSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a duration such as \"10m\" or a table such as { dist = \"uniform\", min = \"5m\", max = \"30m\" }",
                )
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DistSpec, E> {
                DurationVisitor.visit_str(text).map(DistSpec::Plain)
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<DistSpec, E> {
                DurationVisitor.visit_i64(number).map(DistSpec::Plain)
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<DistSpec, E> {
                DurationVisitor.visit_u64(number).map(DistSpec::Plain)
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<DistSpec, E> {
                DurationVisitor.visit_f64(number).map(DistSpec::Plain)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DistSpec, A::Error> {
                RawDistTable::deserialize(MapAccessDeserializer::new(map))
                    .map(|table| DistSpec::Table(Box::new(table)))
            }
        }
        deserializer.deserialize_any(DistVisitor)
    }
}

impl<'de> Deserialize<'de> for RawRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RoleVisitor;
        impl<'de> Visitor<'de> for RoleVisitor {
            type Value = RawRole;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of people such as 2, or a table such as { count = 1, response = \"15m\" }")
            }
            fn visit_i64<E: de::Error>(self, count: i64) -> Result<RawRole, E> {
                Ok(RawRole {
                    count: Spanned::new(0..0, count),
                    response: None,
                    hours: None,
                    off_hours: None,
                    basis: RawBasis::default(),
                })
            }
            fn visit_u64<E: de::Error>(self, count: u64) -> Result<RawRole, E> {
                self.visit_i64(i64::try_from(count).unwrap_or(i64::MAX))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRole, A::Error> {
                let table = RawRoleTable::deserialize(MapAccessDeserializer::new(map))?;
                Ok(RawRole {
                    count: table.count,
                    response: table.response,
                    hours: table.hours,
                    off_hours: table.off_hours,
                    basis: RawBasis {
                        source: table.source,
                        assumed: table.assumed,
                    },
                })
            }
        }
        deserializer.deserialize_any(RoleVisitor)
    }
}

/// A TOML table whose keys are ids, kept in file order (which decides
/// column order in outputs and tie-breaks nothing else).
#[derive(Debug)]
pub struct OrderedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<V>()?;
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}
