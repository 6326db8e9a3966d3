//! A duration as written (`"1h30m"`, `"0"`, `0`): read into seconds, and
//! described in the JSON Schema by the same grammar
//! ([`crate::duration::pattern`]).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

use crate::duration::{parse_secs, pattern};

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

impl JsonSchema for DurationValue {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    /// A string in the unit grammar, or the number 0 (which `visit_*`
    /// accept; any other number is refused: which unit?).
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration with units, largest first, each at most once: d, h, m, s, ms (\"45s\", \"15m\", \"1h30m\", \"1.5h\", \"3d\"). A bare number is an error (which unit?), except 0. Finite, not negative, below 10 years.",
            "anyOf": [
                { "type": "string", "pattern": pattern() },
                { "const": 0 }
            ],
            "examples": ["15m", "1h30m", "1.5h", "45s"]
        })
    }
}

/// Reads a duration from any value the format allows.
pub(super) struct DurationVisitor;

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
