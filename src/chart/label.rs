//! Row labels that fit the label area without losing words: a name is
//! written whole on one line when it fits, else wrapped at a space over two
//! lines (the label size when the row holds two such lines, else the small
//! size); only a name too long for two lines of the small size is cut, at
//! the end of its second line, with "…". Pure layout, measured with the
//! embedded font (`font`), so it is tested without drawing.

use super::font::text_width;

/// The label size and the small size, as [`super::style`] draws them.
pub(super) const LABEL_SIZE: u32 = 16;
pub(super) const SMALL_SIZE: u32 = 13;

/// A label laid out: one or two lines, at one size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowLabel {
    pub lines: Vec<String>,
    pub size: u32,
}

impl RowLabel {
    /// The vertical distance between the lines' centres, pixels.
    pub fn line_px(&self) -> i32 {
        (f64::from(self.size) * 1.1).round() as i32
    }

    /// Each line's offset from the label's centre, pixels.
    pub fn offsets(&self) -> Vec<i32> {
        match self.lines.len() {
            2 => {
                let half = self.line_px() / 2;
                vec![-half, self.line_px() - half]
            }
            _ => vec![0; self.lines.len()],
        }
    }
}

/// The tallest `size` whose two lines fit a row `row_px` pixels high.
fn two_line_size(row_px: u32) -> Option<u32> {
    let needs = |size: u32| (f64::from(size) * 2.2).ceil() as u32;
    [LABEL_SIZE, SMALL_SIZE]
        .into_iter()
        .find(|&size| needs(size) <= row_px)
}

/// `text` fitted to `width_px` in a row `row_px` high.
pub(super) fn fit(text: &str, width_px: u32, row_px: u32) -> RowLabel {
    let fits = |line: &str, size: u32| text_width(line, f64::from(size)) <= width_px;
    if fits(text, LABEL_SIZE) {
        return RowLabel {
            lines: vec![text.to_string()],
            size: LABEL_SIZE,
        };
    }
    let Some(two) = two_line_size(row_px) else {
        // No room for two lines: one, small, cut if need be.
        return RowLabel {
            lines: vec![cut(text, width_px, SMALL_SIZE)],
            size: SMALL_SIZE,
        };
    };
    for size in [two, SMALL_SIZE] {
        if let Some(lines) = balanced_split(text, size, width_px) {
            return RowLabel { lines, size };
        }
    }
    // Too long for two small lines: as much as fits on the first, the
    // rest cut on the second.
    let (first, rest) = greedy_split(text, SMALL_SIZE, width_px);
    let mut lines = vec![first];
    if !rest.is_empty() {
        lines.push(cut(&rest, width_px, SMALL_SIZE));
    }
    RowLabel {
        lines,
        size: SMALL_SIZE,
    }
}

/// The split of `text` at a space into two lines that both fit, with the
/// longer line as short as can be; none when no split fits.
fn balanced_split(text: &str, size: u32, width_px: u32) -> Option<Vec<String>> {
    let width = |line: &str| text_width(line, f64::from(size));
    text.char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(k, _)| (text[..k].trim_end(), text[k..].trim_start()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .map(|(a, b)| (width(a).max(width(b)), a, b))
        .filter(|(widest, _, _)| *widest <= width_px)
        .min_by_key(|(widest, _, _)| *widest)
        .map(|(_, a, b)| vec![a.to_string(), b.to_string()])
}

/// The longest first line of whole words that fits (or, when even the
/// first word does not, as many characters of it as fit), and the rest.
fn greedy_split(text: &str, size: u32, width_px: u32) -> (String, String) {
    let fits = |line: &str| text_width(line, f64::from(size)) <= width_px;
    let at_spaces = text
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(k, _)| k)
        .take_while(|&k| fits(text[..k].trim_end()))
        .last();
    let at = at_spaces.unwrap_or_else(|| {
        text.char_indices()
            .map(|(k, _)| k)
            .take_while(|&k| fits(&text[..k]))
            .last()
            .unwrap_or(0)
    });
    (
        text[..at].trim_end().to_string(),
        text[at..].trim_start().to_string(),
    )
}

/// `text` at `size`, cut with "…" to fit `width_px` if it does not.
fn cut(text: &str, width_px: u32, size: u32) -> String {
    let fits = |line: &str| text_width(line, f64::from(size)) <= width_px;
    if fits(text) {
        return text.to_string();
    }
    let mut chars = text.chars().count();
    while chars > 1 {
        chars -= 1;
        let head: String = text.chars().take(chars).collect();
        let shortened = format!("{}…", head.trim_end());
        if fits(&shortened) {
            return shortened;
        }
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "Downstream dependent systems handed over (E2E done)";

    #[test]
    fn a_name_that_fits_stays_whole_on_one_line() {
        let label = fit("Key Vault", 300, 44);
        assert_eq!(label.lines, ["Key Vault"]);
        assert_eq!(label.size, LABEL_SIZE);
        assert_eq!(label.offsets(), [0]);
    }

    #[test]
    fn a_long_name_wraps_over_two_lines_without_losing_a_word() {
        // Issue 11: the components chart cut this to "Downstream dependent systems handed…".
        let width = text_width(LONG, 16.0) * 2 / 3;
        let label = fit(LONG, width, 44);
        assert_eq!(label.lines.len(), 2, "{label:?}");
        assert_eq!(label.lines.join(" "), LONG);
        assert!(
            label
                .lines
                .iter()
                .all(|l| text_width(l, f64::from(label.size)) <= width)
        );
        assert!(!label.lines.concat().contains('…'));
        // Balanced: neither line is much longer than the other.
        let widths: Vec<u32> = label
            .lines
            .iter()
            .map(|l| text_width(l, f64::from(label.size)))
            .collect();
        assert!(widths[0].abs_diff(widths[1]) < width / 3, "{widths:?}");
        let offsets = label.offsets();
        assert!(offsets[0] < 0 && offsets[1] > 0);
    }

    #[test]
    fn two_lines_in_a_short_row_are_small() {
        let width = text_width(LONG, 16.0) * 2 / 3;
        assert_eq!(fit(LONG, width, 44).size, LABEL_SIZE);
        assert_eq!(fit(LONG, width, 30).size, SMALL_SIZE);
        // No room for two lines at all: one small line, cut.
        let one = fit(LONG, width, 20);
        assert_eq!(one.lines.len(), 1);
        assert!(one.lines[0].ends_with('…'));
    }

    #[test]
    fn only_a_name_too_long_for_two_small_lines_is_cut() {
        let text = LONG.repeat(4);
        let label = fit(&text, 200, 44);
        assert_eq!(label.lines.len(), 2);
        assert_eq!(label.size, SMALL_SIZE);
        assert!(label.lines[1].ends_with('…'));
        assert!(label.lines.iter().all(|l| text_width(l, 13.0) <= 200));
        // One word longer than the line: cut within the word.
        let word = "x".repeat(200);
        let label = fit(&word, 100, 44);
        assert!(label.lines.iter().all(|l| text_width(l, 13.0) <= 100));
    }
}
