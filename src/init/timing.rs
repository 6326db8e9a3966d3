//! Timings as runbooks write them — "Time to diagnose: 5-30 min",
//! "RTO: 5-10 min", "RPO: 10-20 min", "takes less than one hour",
//! "30 min - 2 hours" — found in a line of text: a number or a range
//! with a unit, what it is (an RTO, an RPO or a time a thing takes) from
//! the words before it, and the sentence it stands in (its basis).

/// What a timing measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Rto,
    Rpo,
    /// How long something takes.
    Duration,
}

/// One timing found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub measure: Measure,
    /// The activity a "Time to …:" names ("diagnose").
    pub label: Option<String>,
    /// Seconds: the range's ends, equal for a single value; `min` is 0 for
    /// an upper bound ("within 2 hours").
    pub min_secs: f64,
    pub max_secs: f64,
    /// "less than", "within", "up to": only the upper end is stated.
    pub at_most: bool,
    /// The sentence it stands in.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Word(String),
    Dash,
    Colon,
    Other,
}

/// Every timing in `text`, in order.
pub fn timings(text: &str) -> Vec<Timing> {
    let toks = tokens(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match quantity(&toks, i) {
            Some((min, max, next)) => {
                let before = &toks[i.saturating_sub(8)..i];
                let (measure, label, at_most) = context(before);
                let (min, max) = if at_most { (0.0, max) } else { (min, max) };
                found.push(Timing {
                    measure,
                    label,
                    min_secs: min,
                    max_secs: max,
                    at_most,
                    sentence: sentence_around(text, &toks, i),
                });
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// A number or a range with a unit at `i`: (min, max) seconds and the
/// token after it.
fn quantity(toks: &[Tok], i: usize) -> Option<(f64, f64, usize)> {
    let a = number(toks.get(i)?)?;
    let mut j = i + 1;
    let unit_a = toks.get(j).and_then(unit);
    if unit_a.is_some() {
        j += 1;
    }
    let mut b = None;
    let mut unit_b = None;
    if matches!(toks.get(j), Some(Tok::Dash))
        || matches!(toks.get(j), Some(Tok::Word(w)) if w == "to")
    {
        if let Some(n) = toks.get(j + 1).and_then(number) {
            b = Some(n);
            unit_b = toks.get(j + 2).and_then(unit);
            j += if unit_b.is_some() { 3 } else { 2 };
        }
    }
    let unit_a = unit_a.or(unit_b)?;
    let min = a * unit_a;
    let max = b.map_or(min, |b| b * unit_b.unwrap_or(unit_a));
    (max >= min && max > 0.0).then_some((min, max, j))
}

fn number(t: &Tok) -> Option<f64> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match t {
        Tok::Num(n) => Some(*n),
        Tok::Word(w) => WORDS.iter().position(|x| x == w).map(|i| (i + 1) as f64),
        _ => None,
    }
}

/// Seconds per unit, for a unit word.
fn unit(t: &Tok) -> Option<f64> {
    let Tok::Word(w) = t else { return None };
    let secs = match w.as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        _ => return None,
    };
    Some(secs)
}

/// What the words before a quantity say it is.
fn context(before: &[Tok]) -> (Measure, Option<String>, bool) {
    let words: Vec<&str> = before
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let has = |w: &str| words.contains(&w);
    let measure = if has("rto") {
        Measure::Rto
    } else if has("rpo") {
        Measure::Rpo
    } else {
        Measure::Duration
    };
    let at_most = ["within", "under", "less", "most", "max", "maximum", "up"]
        .iter()
        .any(|w| has(w));
    // "Time to <label>:" just before the quantity.
    let label = words
        .iter()
        .rposition(|w| *w == "time")
        .filter(|&k| words.get(k + 1) == Some(&"to"))
        .map(|k| words[k + 2..].join(" "))
        .filter(|l| !l.is_empty() && before.contains(&Tok::Colon));
    (measure, label, at_most)
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if d.is_ascii_digit()
                    || (d == '.' && text[k + 1..].starts_with(|x: char| x.is_ascii_digit()))
                {
                    end = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(text[start..end].parse().map_or(Tok::Other, Tok::Num));
        } else if c.is_alphabetic() {
            let mut word = c.to_lowercase().to_string();
            while let Some(&(_, d)) = chars.peek() {
                if d.is_alphabetic() {
                    word.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(Tok::Word(word));
        } else if matches!(c, '-' | '–' | '—') {
            toks.push(Tok::Dash);
        } else if c == ':' {
            toks.push(Tok::Colon);
        } else if !c.is_whitespace() {
            toks.push(Tok::Other);
        }
    }
    toks
}

/// The sentence of `text` holding the quantity: the text split at ". ",
/// the part where the quantity's number stands (found by counting the
/// quantities before it in the parts).
fn sentence_around(text: &str, toks: &[Tok], at: usize) -> String {
    let wanted = toks[..at].iter().filter(|t| **t != Tok::Other).count();
    let mut seen = 0;
    for part in text.split_inclusive(". ") {
        seen += tokens(part).iter().filter(|t| **t != Tok::Other).count();
        if seen > wanted {
            return part.trim().to_string();
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Timing {
        let found = timings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn the_api_platforms_lines() {
        let t = one("Time to diagnose: 5-30 min");
        assert_eq!(
            (t.measure, t.label.as_deref()),
            (Measure::Duration, Some("diagnose"))
        );
        assert_eq!((t.min_secs, t.max_secs), (300.0, 1800.0));
        let t = one("RTO: 5-10 min");
        assert_eq!(
            (t.measure, t.min_secs, t.max_secs),
            (Measure::Rto, 300.0, 600.0)
        );
        let t = one("RPO: 10-20 min");
        assert_eq!((t.measure, t.max_secs), (Measure::Rpo, 1200.0));
        assert_eq!(t.sentence, "RPO: 10-20 min");
    }

    #[test]
    fn ranges_with_two_units_bounds_and_words() {
        let t = one("Restore takes 30 min - 2 hours.");
        assert_eq!((t.min_secs, t.max_secs), (1800.0, 7200.0));
        let t = one("It typically takes less than one hour to complete.");
        assert!(t.at_most);
        assert_eq!((t.min_secs, t.max_secs), (0.0, 3600.0));
        let t = one("Promote the replica (1.5h to 3h).");
        assert_eq!((t.min_secs, t.max_secs), (5400.0, 10_800.0));
        assert!(timings("99.9% of the time, 2 regions, us-east-1").is_empty());
    }

    #[test]
    fn the_sentence_is_the_one_holding_the_timing() {
        let t = one("We use Nagios. The engineer diagnoses in 5 min. Then escalates.");
        assert_eq!(t.sentence, "The engineer diagnoses in 5 min.");
    }
}
