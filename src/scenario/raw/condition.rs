//! `[conditions.<name>]` as written: its cases with their probabilities,
//! a basis, and a table per case saying what that case changes.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

use super::{OrderedMap, RawBasis};
use crate::scenario::names::ID_PATTERN;

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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CaseEffect")]
pub struct RawCaseEffect {
    /// Step ids or globs (`"provision_*"`), each step named once per case:
    /// every attempt's duration is multiplied by the factor (above 0, at
    /// most 1000).
    #[serde(default)]
    #[schemars(with = "OrderedMap<f64>")]
    pub duration_scale: OrderedMap<Spanned<f64>>,
    /// Role ids or `"*"`: response times, in or out of hours, are
    /// multiplied by the factor (above 0, at most 1000).
    #[serde(default)]
    #[schemars(with = "OrderedMap<f64>")]
    pub response_scale: OrderedMap<Spanned<f64>>,
}

/// The keys of a condition that are not a case's table.
const CASES: &str = "cases";
const SOURCE: &str = "source";
const ASSUMED: &str = "assumed";

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
                        CASES => condition.cases = Some(map.next_value()?),
                        SOURCE => condition.basis.source = Some(map.next_value()?),
                        ASSUMED => condition.basis.assumed = Some(map.next_value()?),
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

impl JsonSchema for RawCondition {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    /// What `ConditionVisitor` accepts: its three keys, and any other key
    /// a case's table.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A condition of the disaster, one case of which holds in each simulated disaster: `cases` with their probabilities, and a table per case saying what it changes.",
            "type": "object",
            "properties": {
                CASES: {
                    "description": "Each case (an id) and its probability: two cases or more, summing to 1, e.g. { normal = 0.7, contended = 0.3 }.",
                    "type": "object",
                    "additionalProperties": { "type": "number" },
                    "propertyNames": { "pattern": ID_PATTERN }
                },
                SOURCE: {
                    "description": "Where its figures came from, quoting the plan: \"plan: '…'\". Not with `assumed`.",
                    "type": "string"
                },
                ASSUMED: {
                    "description": "Why its figures are assumed (no figure in the plan). Not with `source`.",
                    "type": "string"
                }
            },
            "additionalProperties": generator.subschema_for::<RawCaseEffect>()
        })
    }
}
