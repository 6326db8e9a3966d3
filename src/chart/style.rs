//! Shared look of every chart: sizes, colours, fonts, and the few layout
//! helpers (titles that fit, row labels) the charts share. Public so that
//! other renderings (HTML, tests) can match the colours.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{RGBColor, TextStyle};

use super::DrawResult;

/// Default chart size in pixels.
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;

/// Chart background.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
/// Text, axes, markers.
pub const TEXT: RGBColor = RGBColor(33, 37, 41);
/// Grid lines, row shading.
pub const GRID: RGBColor = RGBColor(222, 226, 230);
/// Main series (histogram bars, working time).
pub const PRIMARY: RGBColor = RGBColor(52, 101, 164);
/// Second series (cumulative curve).
pub const SECONDARY: RGBColor = RGBColor(245, 121, 0);
/// Steps always on the critical path (a grey blue: there, not driving).
pub const ALWAYS: RGBColor = RGBColor(136, 150, 170);
/// Targets and failures.
pub const TARGET: RGBColor = RGBColor(204, 0, 0);
/// Percentile markers.
pub const MARKER: RGBColor = RGBColor(78, 154, 6);
/// Waiting for a busy person of a role.
pub const WAITING: RGBColor = RGBColor(186, 189, 182);
/// Waiting for a person of a role to respond (engaging them).
pub const ENGAGING: RGBColor = RGBColor(166, 206, 227);
/// Retry delays.
pub const RETRY: RGBColor = RGBColor(237, 212, 0);
/// Fallback work.
pub const FALLBACK: RGBColor = RGBColor(117, 80, 123);
/// Unrecovered runs.
pub const NEVER: RGBColor = RGBColor(136, 46, 114);

/// Font family every chart uses (the embedded DejaVu Sans).
pub const FONT: &str = "sans-serif";

/// Chart titles.
pub fn title() -> TextStyle<'static> {
    (FONT, 24).into_font().color(&TEXT)
}

/// Axis labels, descriptions and row labels.
pub fn label() -> TextStyle<'static> {
    (FONT, 16).into_font().color(&TEXT)
}

/// Values written beside bars, legends.
pub fn small() -> TextStyle<'static> {
    (FONT, 13).into_font().color(&TEXT)
}

/// Secondary text: labels of rows off the critical path, notes.
pub const MUTED: RGBColor = RGBColor(108, 117, 125);

/// Distinct colours for series compared on one axis, in order (the
/// Okabe–Ito colour-blind-safe set, yellow swapped for brown, then grey);
/// none is the target's red.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(140, 86, 75),
    RGBColor(90, 90, 90),
];

/// The colour of series `k` (the palette repeats after eight).
pub fn series_colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// The smallest title size before a title is shortened instead.
const TITLE_MIN: u32 = 14;

/// A chart title that fits the width of `area`: the [`title`] size, smaller
/// for long titles, and cut short with "…" if even the smallest is too wide.
pub struct Caption {
    pub text: String,
    pub style: TextStyle<'static>,
}

impl Caption {
    pub fn fit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) -> Caption {
        let room = area.dim_in_pixel().0.saturating_sub(40);
        let width = |text: &str, size: u32| {
            let style = (FONT, size).into_font();
            area.estimate_text_size(text, &style.into())
                .map_or(0, |(w, _)| w)
        };
        let mut size = 24;
        while size > TITLE_MIN && width(text, size) > room {
            size -= 1;
        }
        let full = text;
        let mut text = full.to_string();
        let mut chars = full.chars().count();
        while width(&text, size) > room && chars > 1 {
            chars -= 1;
            text = shorten(full, chars);
        }
        Caption {
            text,
            style: (FONT, size).into_font().color(&TEXT),
        }
    }
}

/// The widest of `labels` in `style`, in pixels (0 without labels).
pub fn text_width<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: impl IntoIterator<Item = &'a str>,
    style: &TextStyle,
) -> u32 {
    labels
        .into_iter()
        .map(|l| area.estimate_text_size(l, style).map_or(0, |(w, _)| w))
        .max()
        .unwrap_or(0)
}

/// The width of a label area for row labels: the widest label, a gap and
/// room for the axis description, at least `min`, at most `max` pixels.
pub fn label_area<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: impl IntoIterator<Item = &'a str>,
    min: u32,
    max: u32,
) -> u32 {
    (text_width(area, labels, &label()) + 44).clamp(min, max)
}

/// A signed number with a real minus sign ("−0.25", "+0.25" with `plus`).
pub fn signed(x: f64, decimals: usize, plus: bool) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let zero = text.chars().all(|c| c == '0' || c == '.');
    match (x.is_sign_negative() && !zero, plus && !zero) {
        (true, _) => format!("−{text}"),
        (false, true) => format!("+{text}"),
        (false, false) => text,
    }
}

/// Style of a row label: right-aligned, centred on its row.
pub fn row_label(colour: &'static RGBColor) -> TextStyle<'static> {
    (FONT, 16)
        .into_font()
        .color(colour)
        .pos(Pos::new(HPos::Right, VPos::Center))
}

/// Shortens `text` to `max_chars` characters with "…".
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let head: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", head.trim_end())
    }
}

/// A diamond marker centred on `at` (pixels).
pub fn diamond(at: (i32, i32), colour: RGBColor) -> Polygon<(i32, i32)> {
    let (x, y) = at;
    Polygon::new(
        vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)],
        colour.filled(),
    )
}

/// What a legend entry shows before its text.
pub enum Swatch {
    /// A filled bar.
    Bar(RGBColor),
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A thin bar under the text's middle (an underline).
    Underline,
    /// A [`diamond`].
    Diamond,
    /// A filled dot.
    Dot(RGBColor),
    /// Nothing (the text carries its own mark).
    None,
}

impl Swatch {
    /// Draws the swatch with its left edge at `x`, centred on `y`.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x: i32,
        y: i32,
    ) -> DrawResult<DB> {
        let line = |c: &RGBColor, from: i32, to: i32| {
            PathElement::new(vec![(x + from, y), (x + to, y)], c.stroke_width(2))
        };
        match self {
            Swatch::Bar(c) => area.draw(&Rectangle::new([(x, y - 6), (x + 16, y + 6)], c.filled())),
            Swatch::Line(c) => area.draw(&line(c, 0, 16)),
            Swatch::Dashed(c) => {
                area.draw(&line(c, 0, 5))?;
                area.draw(&line(c, 10, 16))
            }
            Swatch::Underline => area.draw(&Rectangle::new(
                [(x, y + 2), (x + 16, y + 5)],
                TEXT.filled(),
            )),
            Swatch::Diamond => area.draw(&diamond((x + 8, y), TEXT)),
            Swatch::Dot(c) => area.draw(&Circle::new((x + 8, y), 5, c.filled())),
            Swatch::None => Ok(()),
        }
    }

    /// Pixels it takes before its text.
    fn width(&self) -> i32 {
        if matches!(self, Swatch::None) { 0 } else { 22 }
    }
}

/// A legend of `items` left to right across `area`, wrapped onto further
/// lines when one is full.
pub fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Swatch, String)],
) -> DrawResult<DB> {
    let (width, _) = area.dim_in_pixel();
    let (left, line_px, gap) = (24, 26, 22);
    let (mut x, mut y) = (left, 18);
    for (swatch, text) in items {
        let item = swatch.width() + text_width(area, [text.as_str()], &small()) as i32 + gap;
        if x + item > width as i32 - left && x > left {
            x = left;
            y += line_px;
        }
        swatch.draw(area, x, y)?;
        area.draw(&Text::new(
            text.clone(),
            (x + swatch.width(), y),
            small().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += item;
    }
    Ok(())
}

/// A legend of `items` one a line down `area`, `line_px` apart.
pub fn legend_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Swatch, String)],
    line_px: i32,
) -> DrawResult<DB> {
    let (x, mut y) = (24, 18);
    for (swatch, text) in items {
        swatch.draw(area, x, y)?;
        area.draw(&Text::new(
            text.clone(),
            (x + swatch.width(), y),
            small().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        y += line_px;
    }
    Ok(())
}

/// A muted, centred note in place of a chart that has nothing to show.
pub fn empty_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    text: &str,
) -> DrawResult<DB> {
    root.draw(&Text::new(
        text.to_string(),
        at,
        label()
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))
}
