//! A time in seconds: a number when finite, `"never"` when infinite (never
//! recovered), `null` when undefined (NaN: no runs to measure it on): the
//! serde functions of every time field of a report.

use serde::Serializer;
use serde::de::{self, Deserializer, Visitor};

/// What an infinite time is written as.
pub const NEVER: &str = "never";

/// An undefined time (`null`): the default of a field older reports lack.
pub fn undefined() -> f64 {
    f64::NAN
}

pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.is_finite() {
        s.serialize_f64(*value)
    } else if value.is_nan() {
        s.serialize_none()
    } else {
        s.serialize_str(NEVER)
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    struct SecsVisitor;
    impl Visitor<'_> for SecsVisitor {
        type Value = f64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("seconds, \"never\" or null")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
            if v == NEVER {
                Ok(f64::INFINITY)
            } else {
                Err(E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
            Ok(f64::NAN)
        }
        fn visit_none<E: de::Error>(self) -> Result<f64, E> {
            Ok(f64::NAN)
        }
    }
    d.deserialize_any(SecsVisitor)
}
