//! Numbers as people read them, in one place, so that every output — the
//! text summary, `check`, JUnit, the HTML page and the charts — writes the
//! same quantity the same way: shares as percentages, percentiles as
//! `p95`, counts with thousands separators, run counts rounded to two
//! significant digits, and durations in the planner's units.

pub use crate::duration::{format_secs, round_up_shown};

/// A share (0–1) as a percentage with one decimal: 0.956 → "95.6 %".
/// Within 0.1 % of 0 or 100 % it keeps as many digits as it takes to stay
/// off the edge (two at least): one run in 20,000 is "0.005 %", never
/// "0.0 %", and 99.996 % never reads as 100 %. Only 0 and 1 themselves are
/// "0.0 %" and "100.0 %".
pub fn percent(share: f64) -> String {
    let pct = share * 100.0;
    let from_edge = pct.min(100.0 - pct);
    // Closer than rounding noise (a Wilson bound of 0.9999999999999999) is the edge.
    if from_edge > 1e-9 && from_edge < 0.1 {
        // Enough decimals for the first significant digit of the distance.
        let decimals = (-from_edge.log10()).ceil().max(2.0) as usize;
        format!("{pct:.decimals$} %")
    } else {
        format!("{pct:.1} %")
    }
}

/// "2 of 20,000": a share of runs as the count it is.
pub fn runs_of(share: f64, runs: u64) -> String {
    let count = (share * runs as f64).round() as u64;
    format!("{} of {}", thousands(count), thousands(runs))
}

/// A percentile's label: 95 → "p95", 99.9 → "p99.9".
pub fn pct_label(percentile: f64) -> String {
    if percentile.fract() == 0.0 {
        format!("p{percentile:.0}")
    } else {
        format!("p{percentile}")
    }
}

/// A count and its noun: "1 step", "3 steps" (a noun in -y after a
/// consonant: "2 families").
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// A count with thousands separators: 20000 → "20,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Rounds up to two significant digits, at least 1: 7299 → 7300. For run
/// counts a reader is told to use ("about 7,300 runs would settle it").
pub fn round_up_2(n: f64) -> u64 {
    if !n.is_finite() || n < 1.0 {
        return n.clamp(1.0, 1e18) as u64;
    }
    let magnitude = 10f64.powi((n.log10().floor() as i32 - 1).max(0));
    ((n / magnitude).ceil() * magnitude) as u64
}

/// `text` padded with spaces to `width` characters (not bytes).
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// Rows of cells as lines of aligned columns: every column but the last
/// padded to its widest cell, cells joined by `gap`.
pub fn aligned(rows: &[Vec<String>], gap: &str) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|k| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(k, cell)| {
                    if k + 1 < row.len() {
                        pad(cell, widths[k])
                    } else {
                        cell.clone()
                    }
                })
                .collect();
            cells.join(gap)
        })
        .collect()
}

/// Rows of cells as lines of a table of figures: the first column (the
/// labels) padded on the right, the others on the left so that numbers
/// line up; cells joined by `gap`.
pub fn aligned_figures(rows: &[Vec<String>], gap: &str) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|k| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(k, cell)| {
                    let fill = " ".repeat(widths[k].saturating_sub(cell.chars().count()));
                    if k == 0 {
                        format!("{cell}{fill}")
                    } else {
                        format!("{fill}{cell}")
                    }
                })
                .collect();
            cells.join(gap)
        })
        .collect()
}

/// A signed change in percent with one decimal: 0.034 → "+3.4 %".
pub fn signed_percent(fraction: f64) -> String {
    format!("{:+.1} %", fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_their_noun_in_the_right_number() {
        assert_eq!(count(1, "step"), "1 step");
        assert_eq!(count(0, "step"), "0 steps");
        assert_eq!(count(6, "family"), "6 families");
        assert_eq!(count(2, "day"), "2 days");
    }

    #[test]
    fn percentages_keep_a_digit_near_the_edges() {
        assert_eq!(percent(0.956), "95.6 %");
        assert_eq!(percent(0.9997), "99.97 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(0.0003), "0.03 %");
        assert_eq!(percent(0.0), "0.0 %");
    }

    #[test]
    fn a_share_that_is_not_zero_never_reads_as_zero() {
        // Issue 11: 0.02–0.1 % of runs never recovered, the page said 0.0 %.
        assert_eq!(percent(1.0 / 20_000.0), "0.005 %");
        assert_eq!(percent(1.0 / 25_000.0), "0.004 %");
        assert_eq!(percent(4.0 / 20_000.0), "0.02 %");
        assert_eq!(percent(1e-7), "0.00001 %");
        assert_eq!(percent(0.00099), "0.10 %");
        assert_eq!(percent(0.001), "0.1 %");
        assert_eq!(percent(1.0 - 1.0 / 20_000.0), "99.995 %");
        assert_eq!(percent(0.9999), "99.99 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(0.9999999999999999), "100.0 %");
        for runs in [1_000u32, 20_000, 100_000, 1_000_000] {
            let one = percent(1.0 / f64::from(runs));
            assert!(one.chars().any(|c| ('1'..='9').contains(&c)), "{one}");
        }
    }

    #[test]
    fn runs_of_a_share() {
        assert_eq!(runs_of(2.0 / 20_000.0, 20_000), "2 of 20,000");
        assert_eq!(runs_of(0.0, 500), "0 of 500");
    }

    #[test]
    fn percentile_labels() {
        assert_eq!(pct_label(95.0), "p95");
        assert_eq!(pct_label(99.9), "p99.9");
        assert_eq!(pct_label(50.0), "p50");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_626_455), "1,626,455");
    }

    #[test]
    fn two_significant_digits_round_up() {
        assert_eq!(round_up_2(7299.0), 7300);
        assert_eq!(round_up_2(7300.0), 7300);
        assert_eq!(round_up_2(12.0), 12);
        assert_eq!(round_up_2(0.2), 1);
        assert_eq!(round_up_2(123_456.0), 130_000);
    }

    #[test]
    fn columns_align_but_the_last() {
        let rows = vec![
            vec!["a".to_string(), "bb".into(), "x".into()],
            vec!["ccc".to_string(), "d".into(), "yy".into()],
        ];
        assert_eq!(aligned(&rows, "  "), ["a    bb  x", "ccc  d   yy"]);
    }

    #[test]
    fn padding_counts_characters() {
        assert_eq!(pad("ρ", 3), "ρ  ");
        assert_eq!(pad("long", 2), "long");
    }
}
