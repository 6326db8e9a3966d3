//! The one font every chart uses, the embedded DejaVu Sans (licence in
//! `assets/DejaVuSans-LICENSE.txt`): registered with plotters, which
//! measures labels with it (and names it in SVG), and laid out here, glyph
//! by glyph, for the text drsim draws on bitmaps (`glyphs`).
//!
//! A line of text is laid out as plotters measures it: at a font size of
//! `size`, each glyph advances by its scaled advance width plus the
//! kerning with the glyph before it, in fractional pixels. What plotters
//! gets wrong when it draws on a bitmap — it drops each glyph's left side
//! bearing and rounds every pen position down to a whole pixel, so a "1"
//! (wide bearing) runs into the space before it ("p951d08h") and letters
//! drift apart ("cumul ative") — is why a laid-out line keeps both.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::FontStyle;

use super::ChartError;

/// The font's bytes.
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The family name charts use ([`super::style::FONT`]).
const FAMILY: &str = "sans-serif";

/// The parsed font (the bytes are embedded, so it always parses).
pub(super) fn face() -> &'static FontRef<'static> {
    static FACE: OnceLock<FontRef<'static>> = OnceLock::new();
    FACE.get_or_init(|| FontRef::try_from_slice(FONT).expect("the embedded font parses"))
}

/// Registers the embedded font with plotters once per process, as the
/// family [`super::style::FONT`], normal and bold.
pub(super) fn register() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, FONT).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// One glyph of a laid-out line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PlacedGlyph {
    pub id: GlyphId,
    /// Where its origin (pen position on the baseline) stands, pixels from
    /// the start of the line; fractional.
    pub x: f32,
}

/// A line of text laid out at one size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LineLayout {
    /// The font size (plotters' size: the font's height, ascent to descent).
    pub size: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The advance of the whole line, pixels (fractional).
    pub width: f32,
}

impl LineLayout {
    /// Lays out `text` at `size`: advances and kerning, as plotters
    /// measures it.
    pub fn of(text: &str, size: f32) -> LineLayout {
        let font = face().as_scaled(PxScale::from(size));
        let mut x = 0.0f32;
        let mut previous: Option<GlyphId> = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                x += font.kern(p, id);
            }
            glyphs.push(PlacedGlyph { id, x });
            x += font.h_advance(id);
            previous = Some(id);
        }
        LineLayout {
            size,
            glyphs,
            width: x,
        }
    }
}

/// The width of `text` at font size `size`, pixels, as plotters measures
/// it (whole pixels, rounded down).
pub fn text_width(text: &str, size: f64) -> u32 {
    LineLayout::of(text, size as f32).width.max(0.0) as u32
}

/// The height of a lower-case "x" at font size `size`, pixels: what
/// centres a line on a point, as SVG's `0.5ex` does.
pub(super) fn x_height(size: f32) -> f32 {
    let font = face().as_scaled(PxScale::from(size));
    let x = font.glyph_id('x');
    face()
        .outline(x)
        // The glyph sits on the baseline: its height is the x-height
        // (ab_glyph gives its bounds with min and max y swapped).
        .map_or(size * 0.47, |o| {
            (o.bounds.max.y - o.bounds.min.y).abs() * font.v_scale_factor()
        })
}

/// The font's em at font size `size`, pixels (plotters' size is the
/// height from ascent to descent, a little more than an em).
pub(super) fn em(size: f32) -> f32 {
    let font = face().as_scaled(PxScale::from(size));
    face().units_per_em().unwrap_or(2048.0) * font.v_scale_factor()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_what_plotters_measures() {
        register().unwrap();
        use plotters::style::IntoFont;
        for text in [
            "p95 1d08h",
            "cumulative share",
            "Synapse dedicated SQL pool",
            "",
        ] {
            let ours = text_width(text, 16.0);
            let theirs = (super::super::style::FONT, 16)
                .into_font()
                .box_size(text)
                .unwrap()
                .0;
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn a_line_advances_glyph_by_glyph_with_fractions() {
        let line = LineLayout::of("p95 1", 16.0);
        assert_eq!(line.glyphs.len(), 5);
        assert_eq!(line.glyphs[0].x, 0.0);
        assert!(line.glyphs.windows(2).all(|w| w[0].x < w[1].x));
        // DejaVu's digits are all as wide: a fraction of a pixel each.
        let digit = line.glyphs[2].x - line.glyphs[1].x;
        assert!(digit.fract() != 0.0, "{digit}");
    }

    #[test]
    fn x_height_and_em_are_dejavu_s() {
        // DejaVu Sans: x-height 1120 and ascent + descent 2384 of 2048 units.
        assert!((x_height(16.0) - 16.0 * 1120.0 / 2384.0).abs() < 0.1);
        assert!((em(16.0) - 16.0 * 2048.0 / 2384.0).abs() < 0.1);
    }
}
