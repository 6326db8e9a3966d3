//! An RTO target as written: a duration from the disaster, or a table
//! that names the step whose end (or start) starts its clock.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

use super::duration::{DurationValue, DurationVisitor};

/// An RTO target: a duration from the disaster (`"4h"`), or one from a
/// step's end or start (`{ within = "10m", from = "diagnose" }`).
#[derive(Debug)]
pub struct RawRto {
    pub within: DurationValue,
    /// `"<step>"` (its end), `"<step>.end"` or `"<step>.start"`.
    pub from: Option<Spanned<String>>,
}

/// An RTO target whose clock starts at a step.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RtoFrom")]
struct RawRtoTable {
    /// The target: back within this long after the clock starts.
    within: DurationValue,
    /// Where the clock starts: `"<step>"` (its end), `"<step>.end"` or
    /// `"<step>.start"`; the disaster itself when absent.
    #[schemars(with = "Option<String>")]
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

impl JsonSchema for RawRto {
    fn schema_name() -> Cow<'static, str> {
        "Rto".into()
    }

    /// What `RtoVisitor` accepts: a duration, or the table.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An RTO target: a duration from the disaster (\"4h\"), or one from a step's end or start ({ within = \"10m\", from = \"diagnose\" }).",
            "anyOf": [
                generator.subschema_for::<DurationValue>(),
                generator.subschema_for::<RawRtoTable>()
            ]
        })
    }
}

fn plain_rto(secs: f64) -> RawRto {
    RawRto {
        within: DurationValue(secs),
        from: None,
    }
}
