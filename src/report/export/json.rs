//! The JSON summary (`--json`): one [`Report`] as it is (an object), or the
//! reports of several scenarios (an array); times in seconds, `"never"`
//! for a time that never came.

use std::io;

use super::Exporter;
use crate::report::Report;

/// One report, several as an array, a comparison of plans, an advice, or
/// a drill against the model.
pub enum Json<'a> {
    One(&'a Report),
    Many(&'a [Report]),
    Compare(&'a crate::report::compare::CompareReport),
    Advise(&'a crate::report::advise::AdviseReport),
    Drill(&'a crate::report::drill::DrillReport),
}

impl Exporter for Json<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let text = match self {
            Json::One(report) => serde_json::to_string_pretty(report),
            Json::Many(reports) => serde_json::to_string_pretty(reports),
            Json::Compare(report) => serde_json::to_string_pretty(report),
            Json::Advise(report) => serde_json::to_string_pretty(report),
            Json::Drill(report) => serde_json::to_string_pretty(report),
        }
        .map_err(io::Error::other)?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")
    }
}
