//! Time of the week: when the disaster strikes (`[scenario] strikes_at`),
//! the scenario's clock (`timezone`, a UTC offset), and a role's working
//! `hours`. Times are seconds of the week in UTC from Monday 00:00, so a
//! role in another offset than the scenario's compares directly.
//!
//! A disaster is a time of the week, not a date, so a named time zone's
//! summer time could not apply: the format takes UTC offsets only, and
//! says so when given a zone name.

/// Seconds in a week.
pub const WEEK_SECS: f64 = 7.0 * DAY_SECS;
const DAY_SECS: f64 = 86_400.0;
/// Opening times are met within this (a clock that has added up many
/// durations may land a hair before the hour it was scheduled for).
const OPEN_SLACK_SECS: f64 = 1e-6;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// When the disaster strikes and the scenario's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Seconds of the week (UTC) the disaster strikes at; `None` for
    /// uniform over the week.
    pub strikes_at: Option<f64>,
    /// The scenario's offset east of UTC, seconds: it decides in which
    /// hours, nights and weekends results are split.
    pub offset_secs: f64,
}

/// Which part of the week a disaster struck in, on the scenario's clock:
/// working hours are Monday to Friday 08:00–18:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeOfWeek {
    InHours,
    Night,
    Weekend,
}

impl TimeOfWeek {
    /// Every part, in report order.
    pub const ALL: [TimeOfWeek; 3] = [TimeOfWeek::InHours, TimeOfWeek::Night, TimeOfWeek::Weekend];

    /// "in hours", "nights", "weekends".
    pub fn words(self) -> &'static str {
        match self {
            TimeOfWeek::InHours => "in hours",
            TimeOfWeek::Night => "nights",
            TimeOfWeek::Weekend => "weekends",
        }
    }

    /// "in_hours", "night", "weekend": as JSON names it.
    pub fn key(self) -> &'static str {
        match self {
            TimeOfWeek::InHours => "in_hours",
            TimeOfWeek::Night => "night",
            TimeOfWeek::Weekend => "weekend",
        }
    }

    /// Its index in [`TimeOfWeek::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Calendar {
    /// The part of the week that `utc_week_secs` falls in, on the
    /// scenario's clock.
    pub fn part(&self, utc_week_secs: f64) -> TimeOfWeek {
        let local = (utc_week_secs + self.offset_secs).rem_euclid(WEEK_SECS);
        let day = (local / DAY_SECS).floor();
        let hour = (local - day * DAY_SECS) / 3600.0;
        if day >= 5.0 {
            TimeOfWeek::Weekend
        } else if (8.0..18.0).contains(&hour) {
            TimeOfWeek::InHours
        } else {
            TimeOfWeek::Night
        }
    }

    /// `utc_week_secs` on the scenario's clock: "Sun 03:00".
    pub fn words(&self, utc_week_secs: f64) -> String {
        week_time_words(utc_week_secs + self.offset_secs)
    }
}

/// A time of the week (seconds from Monday 00:00, any number of weeks
/// either side) as "Sun 03:00", rounded down to the minute.
pub fn week_time_words(week_secs: f64) -> String {
    let minutes = (week_secs.rem_euclid(WEEK_SECS) / 60.0).floor() as u64;
    let day = (minutes / (24 * 60)).min(6) as usize;
    let minute = minutes % (24 * 60);
    format!("{} {:02}:{:02}", DAYS[day], minute / 60, minute % 60)
}

/// When a role acts: intervals of the week, UTC, sorted and disjoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    /// As written.
    pub text: String,
    /// `[open, close)` pairs of seconds of the week (UTC) within
    /// `[0, WEEK_SECS]`, sorted, disjoint and not touching.
    open: Vec<(f64, f64)>,
}

impl Hours {
    /// Seconds from `utc_week_secs` (any number of weeks either side)
    /// until the role's hours next begin; 0 when they have.
    pub fn until_open(&self, utc_week_secs: f64) -> f64 {
        let w = utc_week_secs.rem_euclid(WEEK_SECS);
        // The first interval that has not closed yet.
        let k = self.open.partition_point(|&(_, close)| close <= w);
        match self.open.get(k) {
            Some(&(open, _)) if open - OPEN_SLACK_SECS <= w => 0.0,
            Some(&(open, _)) => open - w,
            // Past the week's last interval: the first one, next week.
            None => self.open[0].0 + WEEK_SECS - w,
        }
    }

    /// True when the role's hours include `utc_week_secs`.
    pub fn is_open(&self, utc_week_secs: f64) -> bool {
        self.until_open(utc_week_secs) == 0.0
    }

    /// Share of the week the role is in hours.
    pub fn share_of_week(&self) -> f64 {
        self.open.iter().map(|(a, b)| b - a).sum::<f64>() / WEEK_SECS
    }
}

/// Reads a UTC offset: "UTC", "UTC+1", "UTC+05:30", "UTC-8", "+01:00",
/// "Z"; seconds east of UTC.
pub fn parse_offset(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let rest = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("utc"))
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    if rest.is_empty() || rest == "Z" {
        return Ok(0.0);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1.0, &rest[1..]),
        b'-' => (-1.0, &rest[1..]),
        _ => {
            return Err(format!(
                "`{t}` is not a UTC offset: write one such as \"UTC+01:00\", \"UTC-5\" or \"UTC\" (a time of the week has no date, so named zones and their summer time cannot apply: give the offset in force)"
            ));
        }
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None => (digits, "0"),
    };
    let number = |s: &str| s.parse::<u32>().ok();
    match (number(hours), number(minutes)) {
        (Some(h), Some(m)) if h <= 14 && m < 60 => Ok(sign * f64::from(h * 3600 + m * 60)),
        _ => Err(format!(
            "`{t}` is not a UTC offset: write hours from -12 to +14, e.g. \"UTC+05:30\""
        )),
    }
}

/// A day of the week by its name or its first three letters or more
/// ("Mon", "Tues", "Wednesday"), Monday 0.
fn day(text: &str) -> Option<usize> {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let t = text.trim().to_ascii_lowercase();
    if t.len() < 3 {
        return None;
    }
    NAMES.iter().position(|name| name.starts_with(&t))
}

/// "08:00" as seconds from midnight; "24:00" allowed when `end`.
fn clock_time(text: &str, end: bool) -> Option<f64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let ok = m < 60 && (h < 24 || (end && h == 24 && m == 0));
    ok.then(|| f64::from(h * 3600 + m * 60))
}

/// Reads a time of the week, "Sun 03:00" or "Sunday 03:00 UTC+1", as
/// seconds of the week in UTC; `default_offset` when it names none.
pub fn parse_week_time(text: &str, default_offset: f64) -> Result<f64, String> {
    let mut words = text.split_whitespace();
    let (Some(d), Some(time)) = (words.next(), words.next()) else {
        return Err(format!(
            "`{text}` is not a time of the week: write a day and a time such as \"Sun 03:00\""
        ));
    };
    let offset = match words.next() {
        Some(zone) => parse_offset(zone)?,
        None => default_offset,
    };
    let Some(d) = day(d) else {
        return Err(format!(
            "`{d}` is not a day: write Mon, Tue, Wed, Thu, Fri, Sat or Sun"
        ));
    };
    let Some(t) = clock_time(time, false) else {
        return Err(format!(
            "`{time}` is not a time of day: write 24-hour time such as \"03:00\""
        ));
    };
    if let Some(extra) = words.next() {
        return Err(format!(
            "`{extra}` is not expected after the time and offset"
        ));
    }
    Ok((d as f64 * DAY_SECS + t - offset).rem_euclid(WEEK_SECS))
}

/// Reads working hours: entries such as "Mon-Fri 08:00-18:00", separated
/// by `,` or `;`, each a day, a range of days or `daily`, and a time range
/// (an end before its start runs past midnight), then optionally a UTC
/// offset ("UTC+01:00"), else `default_offset`.
pub fn parse_hours(text: &str, default_offset: f64) -> Result<Hours, String> {
    let example = "e.g. \"Mon-Fri 08:00-18:00\", \"Mon-Fri 09:00-17:00, Sat 10:00-14:00 UTC+01:00\" or \"daily 07:00-23:00\"";
    let mut entries: Vec<&str> = text.split([',', ';']).map(str::trim).collect();
    // The offset, if any, ends the last entry.
    let mut offset = default_offset;
    if let Some(last) = entries.last_mut() {
        let words: Vec<&str> = last.split_whitespace().collect();
        if words.len() == 3 {
            offset = parse_offset(words[2])?;
            *last = last
                .rsplit_once(char::is_whitespace)
                .map_or(*last, |(head, _)| head.trim_end());
        }
    }
    let mut local: Vec<(f64, f64)> = Vec::new();
    for entry in entries {
        let words: Vec<&str> = entry.split_whitespace().collect();
        let [days, times] = words[..] else {
            return Err(format!(
                "`{entry}` is not a day range and a time range: write working hours such as {example}"
            ));
        };
        let (first, last) = match days.to_ascii_lowercase().as_str() {
            "daily" => (0, 6),
            "weekdays" => (0, 4),
            "weekends" => (5, 6),
            _ => match days.split_once('-') {
                Some((a, b)) => day(a)
                    .zip(day(b))
                    .ok_or_else(|| format!("`{days}` is not a range of days, {example}"))?,
                None => {
                    let d = day(days).ok_or_else(|| {
                        format!("`{days}` is not a day: write Mon…Sun, a range such as Mon-Fri, or daily")
                    })?;
                    (d, d)
                }
            },
        };
        let (from, to) = times
            .split_once('-')
            .and_then(|(a, b)| Some((clock_time(a, false)?, clock_time(b, true)?)))
            .ok_or_else(|| {
                format!("`{times}` is not a time range: write 24-hour times such as 08:00-18:00")
            })?;
        if from == to {
            return Err(format!(
                "`{times}` is empty: the hours begin and end at the same time (for round the clock leave out `hours`)"
            ));
        }
        let length = if to > from {
            to - from
        } else {
            to + DAY_SECS - from
        };
        // Mon-Fri, or a range over the weekend such as Fri-Mon.
        let count = (last + 7 - first) % 7 + 1;
        for k in 0..count {
            let d = ((first + k) % 7) as f64;
            let start = (d * DAY_SECS + from - offset).rem_euclid(WEEK_SECS);
            local.push((start, start + length));
        }
    }
    Ok(Hours {
        text: text.trim().to_string(),
        open: normalise(local),
    })
}

/// Intervals that may pass the end of the week wrapped into it, sorted,
/// and merged where they overlap or touch.
fn normalise(intervals: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut split = Vec::new();
    for (a, b) in intervals {
        if b > WEEK_SECS {
            split.push((a, WEEK_SECS));
            split.push((0.0, b - WEEK_SECS));
        } else {
            split.push((a, b));
        }
    }
    split.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in split {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 3600.0;

    #[test]
    fn office_hours_open_and_close_on_time() {
        let hours = parse_hours("Mon-Fri 08:00-18:00", 0.0).unwrap();
        assert!(hours.is_open(8.0 * H));
        assert!(!hours.is_open(18.0 * H));
        // Monday 03:00: five hours to go.
        assert_eq!(hours.until_open(3.0 * H), 5.0 * H);
        // Friday 19:00 to Monday 08:00.
        assert_eq!(hours.until_open(4.0 * DAY_SECS + 19.0 * H), 61.0 * H);
        // Sunday 23:00, as a negative time, and a week later.
        assert_eq!(hours.until_open(-H), 9.0 * H);
        assert_eq!(hours.until_open(WEEK_SECS * 3.0 - H), 9.0 * H);
        assert!((hours.share_of_week() - 50.0 / 168.0).abs() < 1e-12);
    }

    #[test]
    fn offsets_move_hours_into_utc_and_nights_wrap() {
        // 08:00 at UTC+2 is 06:00 UTC; Monday's 08:00 at UTC+10 is Sunday 22:00 UTC.
        let east = parse_hours("Mon 08:00-09:00 UTC+2", 0.0).unwrap();
        assert!(east.is_open(6.5 * H));
        let far = parse_hours("Mon 08:00-09:00 UTC+10", 0.0).unwrap();
        assert!(far.is_open(WEEK_SECS - 1.5 * H));
        let night = parse_hours("Sun 22:00-06:00", 0.0).unwrap();
        assert!(night.is_open(WEEK_SECS - H) && night.is_open(H) && !night.is_open(7.0 * H));
        let several = parse_hours("Mon-Fri 09:00-17:00; Sat 10:00-14:00 UTC-05:00", 0.0).unwrap();
        assert!(several.is_open(5.0 * DAY_SECS + 16.0 * H));
    }

    #[test]
    fn malformed_hours_say_what_to_write() {
        for bad in [
            "Mon-Fri",
            "Mon-Fry 08:00-18:00",
            "Mon-Fri 8-18",
            "Mon-Fri 08:00-08:00",
            "Mon-Fri 25:00-26:00",
            "Mon-Fri 08:00-18:00 Europe/London",
        ] {
            assert!(parse_hours(bad, 0.0).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_of_the_week_and_parts_of_it() {
        let sunday = parse_week_time("Sun 03:00", 0.0).unwrap();
        assert_eq!(sunday, 6.0 * DAY_SECS + 3.0 * H);
        assert_eq!(
            parse_week_time("Monday 00:30 UTC+1", 0.0).unwrap(),
            WEEK_SECS - 0.5 * H
        );
        assert!(parse_week_time("Someday 03:00", 0.0).is_err());
        let utc = Calendar {
            strikes_at: None,
            offset_secs: 0.0,
        };
        assert_eq!(utc.part(sunday), TimeOfWeek::Weekend);
        assert_eq!(utc.part(10.0 * H), TimeOfWeek::InHours);
        assert_eq!(utc.part(20.0 * H), TimeOfWeek::Night);
        // Monday 07:30 UTC is 08:30 at UTC+1.
        let paris = Calendar {
            strikes_at: None,
            offset_secs: H,
        };
        assert_eq!(paris.part(7.5 * H), TimeOfWeek::InHours);
        assert_eq!(paris.words(7.5 * H), "Mon 08:30");
        assert_eq!(parse_offset("UTC+05:30").unwrap(), 5.5 * H);
        assert_eq!(parse_offset("-8").unwrap(), -8.0 * H);
    }
}
