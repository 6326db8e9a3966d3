//! A role as written: a plain count of people, or a table with their
//! response, working hours and what happens outside them.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

use super::RawBasis;
use super::dist::{DistSpec, RawDistTable};
use super::duration::DurationVisitor;

/// A role: a plain count, or `{ count, response, hours, off_hours }`.
#[derive(Debug)]
pub struct RawRole {
    pub count: Spanned<i64>,
    pub response: Option<Spanned<DistSpec>>,
    pub hours: Option<Spanned<String>>,
    pub off_hours: Option<Spanned<RawOffHours>>,
    pub basis: RawBasis,
}

/// A role written as a table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RoleTable")]
struct RawRoleTable {
    /// How many people (or units of capacity) the role has, 1–100 000; a
    /// step holds one of them for each attempt.
    #[schemars(with = "i64")]
    count: Spanned<i64>,
    /// Time until each person is engaged (paged, awake, logged in), drawn
    /// once per person per simulated disaster; 0 unless given.
    #[schemars(with = "Option<DistSpec>")]
    response: Option<Spanned<DistSpec>>,
    /// When the role works: entries such as "Mon-Fri 08:00-18:00"
    /// separated by `,` or `;` (a day, a range of days, `daily`,
    /// `weekdays` or `weekends`, and a 24-hour time range), then optionally
    /// a UTC offset ("… UTC-05:00"). A role with `hours` needs `off_hours`.
    #[schemars(with = "Option<String>")]
    hours: Option<Spanned<String>>,
    /// Outside `hours`: a response distribution (a person paged at night),
    /// or "wait" (the role acts only in its hours).
    #[schemars(with = "Option<RawOffHours>")]
    off_hours: Option<Spanned<RawOffHours>>,
    /// Where its figures (count, response) came from, quoting the plan:
    /// "plan: 'two DBAs on call'". Not with `assumed`.
    #[schemars(with = "Option<String>")]
    source: Option<Spanned<String>>,
    /// Why its figures are assumed (no figure in the plan). Not with
    /// `source`.
    #[schemars(with = "Option<String>")]
    assumed: Option<Spanned<String>>,
}

impl JsonSchema for RawRole {
    fn schema_name() -> Cow<'static, str> {
        "Role".into()
    }

    /// What `RoleVisitor` accepts: a whole number, or the table.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "People or capacity that execute steps: a number of people (ops = 2), or a table ({ count = 1, response = \"15m\" }).",
            "oneOf": [
                { "type": "integer", "description": "How many people, available at once, with no response time." },
                generator.subschema_for::<RawRoleTable>()
            ]
        })
    }
}

/// How a role with `hours` responds outside them: a response
/// distribution, or `"wait"` (it acts only in hours).
#[derive(Debug)]
pub enum RawOffHours {
    Wait,
    Response(DistSpec),
}

impl JsonSchema for RawOffHours {
    fn schema_name() -> Cow<'static, str> {
        "OffHours".into()
    }

    /// What `OffHoursVisitor` accepts: "wait" (blanks around allowed), or
    /// a distribution.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Outside the role's hours: a response distribution (each person's response is drawn from it instead of `response`), or \"wait\" (out of hours its people are engaged when the hours next begin, and it starts a step only within its hours).",
            "anyOf": [
                { "type": "string", "pattern": r"^\s*wait\s*$", "examples": ["wait"] },
                generator.subschema_for::<DistSpec>()
            ]
        })
    }
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
