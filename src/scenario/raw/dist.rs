//! A distribution as written: a plain duration, or a table with `dist`.
//! Its JSON Schema has one alternative per kind with exactly that kind's
//! fields, taken from [`DistKind`] (which the checks in `dists` use too)
//! and typed by [`RawDistTable`]'s own fields.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

use super::super::dists::DistKind;
use super::duration::{DurationValue, DurationVisitor};

/// A distribution as written: a plain duration, or a table with `dist`.
#[derive(Debug, Clone)]
pub enum DistSpec {
    Plain(f64),
    Table(Box<RawDistTable>),
}

/// Every field any distribution uses; which ones are allowed depends on
/// `dist` and is checked when the distribution is built.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDistTable {
    /// The kind of distribution.
    #[schemars(with = "String")]
    pub dist: Spanned<String>,
    /// The time a `fixed` distribution always takes.
    #[schemars(with = "Option<DurationValue>")]
    pub value: Option<Spanned<DurationValue>>,
    /// The shortest time (`uniform`, `triangular`, `pert`).
    #[schemars(with = "Option<DurationValue>")]
    pub min: Option<Spanned<DurationValue>>,
    /// The most likely time (`triangular`, `pert`), between `min` and `max`.
    #[schemars(with = "Option<DurationValue>")]
    pub mode: Option<Spanned<DurationValue>>,
    /// The longest time (`uniform`, `triangular`, `pert`), above `min`.
    #[schemars(with = "Option<DurationValue>")]
    pub max: Option<Spanned<DurationValue>>,
    /// A number: `pert`'s weight of the mode (default 4, at most 1000),
    /// `weibull`'s (0.1–100) or `gamma`'s (0.1–1000) shape.
    #[schemars(with = "Option<f64>")]
    pub shape: Option<Spanned<f64>>,
    /// The mean (`normal`, `exponential`).
    #[schemars(with = "Option<DurationValue>")]
    pub mean: Option<Spanned<DurationValue>>,
    /// The standard deviation of a `normal`, above 0.
    #[schemars(with = "Option<DurationValue>")]
    pub sd: Option<Spanned<DurationValue>>,
    /// The median of a `lognormal` ("usually"), above 0.
    #[schemars(with = "Option<DurationValue>")]
    pub median: Option<Spanned<DurationValue>>,
    /// The 95th percentile of a `lognormal` ("1 in 20 times"), above the
    /// median.
    #[schemars(with = "Option<DurationValue>")]
    pub p95: Option<Spanned<DurationValue>>,
    /// The scale of a `weibull` or `gamma`.
    #[schemars(with = "Option<DurationValue>")]
    pub scale: Option<Spanned<DurationValue>>,
    /// Observed times (drill timings) an `empirical` resamples, each
    /// equally likely.
    #[schemars(with = "Option<Vec<DurationValue>>")]
    pub samples: Option<Spanned<Vec<Spanned<DurationValue>>>>,
    /// The outcomes of a `choice`.
    #[schemars(with = "Option<Vec<DurationValue>>")]
    pub values: Option<Spanned<Vec<Spanned<DurationValue>>>>,
    /// The weight of each of a `choice`'s `values`, in the same order:
    /// not negative, with a positive sum (normalised).
    #[schemars(with = "Option<Vec<f64>>")]
    pub weights: Option<Spanned<Vec<Spanned<f64>>>>,
}

impl JsonSchema for DistSpec {
    fn schema_name() -> Cow<'static, str> {
        "Distribution".into()
    }

    /// What `DistVisitor` accepts and `dists` then builds: a duration, or
    /// a table of one kind with exactly its fields.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = RawDistTable::json_schema(generator);
        let fields = table
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut alternatives = vec![generator.subschema_for::<DurationValue>().to_value()];
        alternatives.extend(DistKind::ALL.iter().map(|kind| kind_schema(*kind, &fields)));
        json_schema!({
            "description": "A time that varies: a plain duration (always that long), or a table with `dist` and that distribution's fields, e.g. { dist = \"pert\", min = \"5m\", mode = \"10m\", max = \"30m\" }.",
            "oneOf": alternatives
        })
    }
}

/// The table of one kind: `dist` naming it, its required fields, its
/// optional ones, nothing else.
fn kind_schema(kind: DistKind, fields: &Map<String, Value>) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "dist".into(),
        serde_json::json!({ "const": kind.name(), "description": kind.meaning() }),
    );
    for field in kind.required().iter().chain(kind.optional()) {
        let schema = fields.get(*field).cloned().unwrap_or(Value::Bool(true));
        properties.insert((*field).into(), schema);
    }
    let required: Vec<&str> = std::iter::once("dist")
        .chain(kind.required().iter().copied())
        .collect();
    serde_json::json!({
        "title": kind.name(),
        "description": kind.meaning(),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
        "examples": [example(kind)]
    })
}

/// [`DistKind::example`] as a value: `{ "dist": "pert", "min": "5m", … }`.
fn example(kind: DistKind) -> Value {
    let text = format!("x = {{ dist = \"{}\", {} }}", kind.name(), kind.example());
    toml::from_str::<Map<String, Value>>(&text)
        .ok()
        .and_then(|mut doc| doc.remove("x"))
        .unwrap_or(Value::Null)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field a kind names is one of the table's, with its type: a
    /// field named in `DistKind` but missing here would be untyped.
    #[test]
    fn every_field_of_every_kind_is_a_field_of_the_table() {
        let mut generator = SchemaGenerator::default();
        let table = RawDistTable::json_schema(&mut generator);
        let fields = table.get("properties").and_then(Value::as_object).unwrap();
        for kind in DistKind::ALL {
            for field in kind.required().iter().chain(kind.optional()) {
                assert!(fields.contains_key(*field), "{}: {field}", kind.name());
            }
            assert_ne!(example(kind), Value::Null, "{}", kind.name());
        }
    }
}
