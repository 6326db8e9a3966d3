//! Durations as planners write them (`"1h30m"`, `"1.5h"`, `"45s"`) and as
//! planners read them (`2h33m`, `3m02s`).
//!
//! Inside drsim every time is an `f64` number of seconds (names end in
//! `_secs`); this module is the only place that knows about units.

/// The longest duration a scenario may state: ten years, in seconds.
pub const MAX_SECS: f64 = 10.0 * 365.0 * DAY;

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;
/// Times from this many hours on are written in days.
const HOURS_BEFORE_DAYS: u64 = 72;

/// The units a duration may use, largest first (the order they must be
/// written in), with their length in seconds.
pub const UNITS: [(&str, f64); 5] = [
    ("d", DAY),
    ("h", HOUR),
    ("m", MINUTE),
    ("s", 1.0),
    ("ms", 0.001),
];

/// Parses a duration string into seconds.
///
/// A duration is one or more `<number><unit>` parts, units `d`, `h`, `m`,
/// `s` (`ms` for milliseconds), largest first: `"45s"`, `"1h30m"`, `"1.5h"`.
/// The string `"0"` is zero. The error says what is wrong and how to write it.
pub fn parse_secs(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed == "0" {
        return Ok(0.0);
    }
    if trimmed.is_empty() {
        return Err("empty duration: write a number with a unit, e.g. \"15m\"".into());
    }
    let mut total = 0.0;
    let mut rest = trimmed;
    let mut last_rank = None;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        if number.is_empty() {
            return Err(format!(
                "invalid duration {text:?}: expected a number at {after:?}; write e.g. \"1h30m\", \"1.5h\" or \"45s\""
            ));
        }
        let value: f64 = number.parse().map_err(|_| {
            format!("invalid duration {text:?}: {number:?} is not a number; write e.g. \"1.5h\"")
        })?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, tail) = after.split_at(unit_len);
        let Some(rank) = UNITS.iter().position(|(name, _)| *name == unit) else {
            return Err(if unit.is_empty() {
                format!(
                    "duration {text:?} has no unit: write \"{number}m\" for minutes, \"{number}h\" for hours, \"{number}s\" for seconds"
                )
            } else {
                format!(
                    "unknown unit {unit:?} in duration {text:?}: use d, h, m, s or ms, e.g. \"1h30m\""
                )
            });
        };
        if last_rank.is_some_and(|last| rank <= last) {
            return Err(format!(
                "invalid duration {text:?}: units must go from largest to smallest, each once, e.g. \"1h30m\""
            ));
        }
        last_rank = Some(rank);
        total += value * UNITS[rank].1;
        rest = tail;
    }
    check_range(total).map_err(|why| format!("duration {text:?} {why}"))
}

/// The regular expression (ECMA 262, as JSON Schema uses) of the strings
/// [`parse_secs`] reads, range aside: `"0"`, or `<number><unit>` parts in
/// the order of [`UNITS`], each at most once, blanks around allowed.
pub fn pattern() -> String {
    const NUMBER: &str = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)";
    // One alternative per first unit, each followed by the smaller ones:
    // the order of the parts without a look-ahead, which not every
    // editor's regex engine has.
    let alternatives: Vec<String> = (0..UNITS.len())
        .map(|first| {
            let mut parts = format!("{NUMBER}{}", UNITS[first].0);
            for (unit, _) in &UNITS[first + 1..] {
                parts.push_str(&format!("(?:{NUMBER}{unit})?"));
            }
            parts
        })
        .collect();
    format!(r"^\s*(?:0|{})\s*$", alternatives.join("|"))
}

/// Checks that a number of seconds is a usable duration.
pub fn check_range(secs: f64) -> Result<f64, String> {
    if !secs.is_finite() {
        Err("is not finite".into())
    } else if secs < 0.0 {
        Err("is negative; durations must be 0 or more".into())
    } else if secs >= MAX_SECS {
        Err("is 10 years or more; durations must be below 10 years".into())
    } else {
        Ok(secs)
    }
}

/// Formats seconds the way a planner reads them: `58s`, `3m02s`, `38m`,
/// `2h33m`, `4h`, `27h`, `48h`, `3d`, `4d03h`; infinite as `never`.
///
/// Times under three days are in hours, as planners write targets
/// ("48h", "24h") and as the charts' axes are (in hours up to four days,
/// [`crate::chart::TimeScale`]); days from there on.
pub fn format_secs(secs: f64) -> String {
    if secs.is_infinite() {
        return "never".into();
    }
    if secs.is_nan() {
        return "–".into();
    }
    if secs < 10.0 && secs.fract() != 0.0 {
        return format!("{secs:.1}s");
    }
    let whole = secs.round() as u64;
    if whole < 60 {
        return format!("{whole}s");
    }
    if whole < 3600 {
        let (m, s) = (whole / 60, whole % 60);
        return if s == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{s:02}s")
        };
    }
    let minutes = (secs / MINUTE).round() as u64;
    if minutes < HOURS_BEFORE_DAYS * 60 {
        let (h, m) = (minutes / 60, minutes % 60);
        return if m == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{m:02}m")
        };
    }
    let hours = (secs / HOUR).round() as u64;
    let (d, h) = (hours / 24, hours % 24);
    if h == 0 {
        format!("{d}d")
    } else {
        format!("{d}d{h:02}h")
    }
}

/// The smallest time of at least `secs` that [`format_secs`] writes
/// exactly (whole seconds below an hour, whole minutes below a day, whole
/// hours beyond): a target a planner can write that `secs` still meets.
pub fn round_up_shown(secs: f64) -> f64 {
    if !secs.is_finite() || secs <= 0.0 {
        return secs;
    }
    let step = if secs < 10.0 && secs.fract() != 0.0 {
        0.1
    } else if secs < HOUR {
        1.0
    } else if secs < DAY {
        MINUTE
    } else {
        HOUR
    };
    let up = (secs / step).ceil() * step;
    // 0.1-second steps: the product of a ceiling may land just below.
    if up < secs { up + step } else { up }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_compounds() {
        assert_eq!(parse_secs("45s"), Ok(45.0));
        assert_eq!(parse_secs("15m"), Ok(900.0));
        assert_eq!(parse_secs("2h"), Ok(7200.0));
        assert_eq!(parse_secs("1h30m"), Ok(5400.0));
        assert_eq!(parse_secs("1.5h"), Ok(5400.0));
        assert_eq!(parse_secs("3d"), Ok(259_200.0));
        assert_eq!(parse_secs("1h0m30s"), Ok(3630.0));
        assert_eq!(parse_secs("250ms"), Ok(0.25));
        assert_eq!(parse_secs("0"), Ok(0.0));
        assert_eq!(parse_secs("0s"), Ok(0.0));
    }

    #[test]
    fn rejects_bad_durations_with_a_fix() {
        for bad in [
            "", "15", "1.5", "m", "15x", "30m1h", "1h1h", "1..5h", "-5m", "4000d",
        ] {
            let err = parse_secs(bad).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(parse_secs("15").unwrap_err().contains("no unit"));
        assert!(parse_secs("4000d").unwrap_err().contains("10 years"));
    }

    #[test]
    fn targets_under_three_days_read_in_hours_as_written() {
        // Issue 11: "48h" was shown as "2d" beside axes in hours.
        assert_eq!(format_secs(parse_secs("48h").unwrap()), "48h");
        assert_eq!(format_secs(parse_secs("24h").unwrap()), "24h");
        assert_eq!(format_secs(parse_secs("71h59m").unwrap()), "71h59m");
        assert_eq!(format_secs(parse_secs("3d").unwrap()), "3d");
    }

    #[test]
    fn formats_like_a_planner() {
        assert_eq!(format_secs(58.0), "58s");
        assert_eq!(format_secs(182.0), "3m02s");
        assert_eq!(format_secs(38.0 * 60.0), "38m");
        assert_eq!(format_secs(2.0 * 3600.0 + 33.0 * 60.0 + 10.0), "2h33m");
        assert_eq!(format_secs(4.0 * 3600.0), "4h");
        assert_eq!(format_secs(27.0 * 3600.0), "27h");
        assert_eq!(format_secs(31.0 * 3600.0 + 7.0 * 60.0), "31h07m");
        assert_eq!(format_secs(72.0 * 3600.0), "3d");
        assert_eq!(format_secs(88.0 * 3600.0), "3d16h");
        assert_eq!(format_secs(0.3), "0.3s");
        assert_eq!(format_secs(f64::INFINITY), "never");
        assert_eq!(format_secs(3599.6), "1h");
    }

    #[test]
    fn rounding_up_gives_a_time_shown_exactly_and_never_below() {
        for (secs, shown) in [
            (3.12, "3.2s"),
            (59.2, "1m"),
            (182.0, "3m02s"),
            (3599.6, "1h"),
            (4.0 * 3600.0 + 61.0, "4h02m"),
            (27.0 * 3600.0 + 1.0, "28h"),
            (7200.0, "2h"),
        ] {
            let up = round_up_shown(secs);
            assert!(up >= secs, "{secs}");
            assert_eq!(format_secs(up), shown, "{secs}");
        }
        assert_eq!(round_up_shown(0.0), 0.0);
        assert_eq!(round_up_shown(f64::INFINITY), f64::INFINITY);
    }
}
