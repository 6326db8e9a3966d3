//! Text on PNG charts, drawn right: [`GlyphBitmap`] is plotters' bitmap
//! backend with its own `draw_text`, used for every PNG chart.
//!
//! plotters' own bitmap text drops each glyph's left side bearing and
//! rounds each pen position down to a whole pixel (see `font`): the space
//! before a "1" vanished ("p951d08h"), letters stood unevenly ("cumul
//! ative"). Here each glyph is rasterised at its exact, fractional place
//! on the baseline, bearings included, into one coverage buffer per line
//! (so glyphs that touch blend once), then blended onto the bitmap.
//!
//! Lines are anchored as the SVG backend anchors them, so a chart's PNG
//! and SVG agree: horizontally at the start, middle or end of the
//! advance; vertically with the baseline 0.76 em below a top anchor, half
//! an x-height below a centre anchor and half an x-height above a bottom
//! anchor. Rotated text (axis descriptions) turns about the anchor.

use ab_glyph::{Font, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};

use super::font::{self, LineLayout};

/// plotters' bitmap backend drawing text with correctly placed glyphs.
pub(super) struct GlyphBitmap<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> GlyphBitmap<'a> {
    pub fn new(inner: BitMapBackend<'a>) -> GlyphBitmap<'a> {
        GlyphBitmap { inner }
    }
}

/// Coverage of a line's pixels, relative to its anchor before rotation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Coverage {
    /// The top-left pixel of the buffer, relative to the anchor.
    pub left: i32,
    pub top: i32,
    pub width: usize,
    pub height: usize,
    /// Row by row, 0 (none) to 1 (full).
    pub values: Vec<f32>,
}

impl Coverage {
    /// The coverage of pixel (`x`, `y`) relative to the anchor.
    #[cfg(test)]
    pub fn at(&self, x: i32, y: i32) -> f32 {
        let (cx, cy) = (x - self.left, y - self.top);
        if cx < 0 || cy < 0 || cx as usize >= self.width || cy as usize >= self.height {
            return 0.0;
        }
        self.values[cy as usize * self.width + cx as usize]
    }

    /// Covered pixels: (x, y) relative to the anchor, and the coverage.
    fn pixels(&self) -> impl Iterator<Item = (i32, i32, f32)> + '_ {
        self.values.iter().enumerate().filter_map(|(k, &c)| {
            let (x, y) = ((k % self.width) as i32, (k / self.width) as i32);
            (c > 0.0).then_some((self.left + x, self.top + y, c.min(1.0)))
        })
    }
}

/// Where the baseline's start stands relative to the anchor, pixels.
fn origin(line: &LineLayout, h: HPos, v: VPos) -> (f32, f32) {
    let x = match h {
        HPos::Left => 0.0,
        HPos::Center => -line.width / 2.0,
        HPos::Right => -line.width,
    };
    let y = match v {
        VPos::Top => 0.76 * font::em(line.size),
        VPos::Center => 0.5 * font::x_height(line.size),
        VPos::Bottom => -0.5 * font::x_height(line.size),
    };
    (x, y)
}

/// Rasterises `text` at font size `size`, anchored as `h` and `v` say.
pub(super) fn coverage(text: &str, size: f32, h: HPos, v: VPos) -> Coverage {
    let line = LineLayout::of(text, size);
    let (x0, y0) = origin(&line, h, v);
    let face = font::face();
    let scaled = face.as_scaled(PxScale::from(size));
    let outlines: Vec<_> = line
        .glyphs
        .iter()
        .filter_map(|g| {
            let glyph =
                g.id.with_scale_and_position(scaled.scale(), point(x0 + g.x, y0));
            face.outline_glyph(glyph)
        })
        .collect();
    let bounds = outlines
        .iter()
        .map(|o| o.px_bounds())
        .reduce(|a, b| ab_glyph::Rect {
            min: point(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
            max: point(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
        });
    let Some(bounds) = bounds else {
        return Coverage {
            left: 0,
            top: 0,
            width: 0,
            height: 0,
            values: Vec::new(),
        };
    };
    let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
    let width = (bounds.max.x - bounds.min.x) as usize;
    let height = (bounds.max.y - bounds.min.y) as usize;
    let mut values = vec![0.0f32; width * height];
    for o in &outlines {
        let b = o.px_bounds();
        let (dx, dy) = (b.min.x as i32 - left, b.min.y as i32 - top);
        o.draw(|x, y, c| {
            let (px, py) = (dx + x as i32, dy + y as i32);
            if px >= 0 && py >= 0 && (px as usize) < width && (py as usize) < height {
                values[py as usize * width + px as usize] += c;
            }
        });
    }
    Coverage {
        left,
        top,
        width,
        height,
        values,
    }
}

impl<'a> DrawingBackend for GlyphBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let anchor = style.anchor();
        let cover = coverage(text, style.size() as f32, anchor.h_pos, anchor.v_pos);
        let turn = style.transform();
        let (w, h) = self.get_size();
        for (x, y, c) in cover.pixels() {
            let (x, y) = rotate(&turn, x, y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                let pixel = BackendColor {
                    alpha: colour.alpha * f64::from(c),
                    rgb: colour.rgb,
                };
                self.inner.draw_pixel((x, y), pixel)?;
            }
        }
        Ok(())
    }
}

/// A pixel offset from the anchor, turned as the text is.
fn rotate(turn: &FontTransform, x: i32, y: i32) -> (i32, i32) {
    turn.transform(x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of `cover` with ink, left to right.
    fn inked_columns(cover: &Coverage) -> Vec<bool> {
        (0..cover.width)
            .map(|x| (0..cover.height).any(|y| cover.values[y * cover.width + x] > 0.25))
            .collect()
    }

    /// Runs of blank columns between ink, in pixels.
    fn gaps(cover: &Coverage) -> Vec<usize> {
        let columns = inked_columns(cover);
        let mut gaps = Vec::new();
        let mut run = 0;
        let mut seen_ink = false;
        for inked in columns {
            if inked {
                if seen_ink && run > 0 {
                    gaps.push(run);
                }
                run = 0;
                seen_ink = true;
            } else {
                run += 1;
            }
        }
        gaps
    }

    #[test]
    fn the_space_before_a_one_stays_a_space() {
        // plotters drew "p95 1d08h" as "p951d08h": the "1" lost its bearing.
        let gap_before_one = gaps(&coverage("5 1", 13.0, HPos::Left, VPos::Center));
        let gap_before_four = gaps(&coverage("5 4", 13.0, HPos::Left, VPos::Center));
        assert_eq!(gap_before_one.len(), 1);
        // A "1" has a wide left bearing: the gap before it is at least as wide.
        assert!(
            gap_before_one[0] >= gap_before_four[0] && gap_before_four[0] >= 3,
            "{gap_before_one:?} {gap_before_four:?}"
        );
    }

    #[test]
    fn letters_of_a_word_stand_evenly() {
        // plotters drew "cumulative" as "cumul ative". Letter gaps here
        // differ by at most a pixel (each glyph's own shape aside).
        for word in ["cumulative", "dedicated", "Synapse"] {
            let ours = drawn_gaps(word, false);
            let (min, max) = (ours.iter().min().unwrap(), ours.iter().max().unwrap());
            assert!(max - min <= 1, "{word}: {ours:?}");
        }
        let theirs = drawn_gaps("cumulative", true);
        let (min, max) = (theirs.iter().min().unwrap(), theirs.iter().max().unwrap());
        assert!(max - min > 1, "{theirs:?}");
    }

    #[test]
    fn anchors_place_the_line_as_svg_does() {
        let left = coverage("H", 16.0, HPos::Left, VPos::Center);
        let right = coverage("H", 16.0, HPos::Right, VPos::Center);
        // Right-anchored ink ends at the anchor; left-anchored starts past it.
        assert!(left.left >= 0 && right.left + right.width as i32 <= 1);
        // Centred on a point: an "x" straddles it.
        let x = coverage("x", 16.0, HPos::Left, VPos::Center);
        assert!(x.top < 0 && x.top + x.height as i32 > 0, "{x:?}");
        let top = coverage("H", 16.0, HPos::Left, VPos::Top);
        assert!(top.top >= 0, "{top:?}");
        let bottom = coverage("x", 16.0, HPos::Left, VPos::Bottom);
        assert!(bottom.top + (bottom.height as i32) <= 0, "{bottom:?}");
    }

    /// The blank columns between ink in `text` drawn on a white bitmap,
    /// through `GlyphBitmap` or (`plain`) plotters' own bitmap backend.
    fn drawn_gaps(text: &str, plain: bool) -> Vec<usize> {
        font::register().unwrap();
        let (w, h) = (240u32, 30u32);
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        {
            let style = ("sans-serif", 13).into_font().color(&BLACK);
            let label = Text::new(text.to_string(), (10, 15), style);
            let bitmap = BitMapBackend::with_buffer(&mut pixels, (w, h));
            if plain {
                bitmap.into_drawing_area().draw(&label).unwrap();
            } else {
                GlyphBitmap::new(bitmap)
                    .into_drawing_area()
                    .draw(&label)
                    .unwrap();
            }
        }
        let inked: Vec<f32> = (0..w as usize)
            .map(|x| {
                let ink = |y: usize| 1.0 - f32::from(pixels[(y * w as usize + x) * 3]) / 255.0;
                (0..h as usize).map(ink).fold(0.0, f32::max)
            })
            .collect();
        let cover = Coverage {
            left: 0,
            top: 0,
            width: w as usize,
            height: 1,
            values: inked,
        };
        gaps(&cover)
    }

    /// The widest gap and the widest of the others.
    fn space_and_widest_other(gaps: &[usize]) -> (usize, usize) {
        let mut sorted = gaps.to_vec();
        sorted.sort_unstable();
        let space = sorted.pop().unwrap_or(0);
        (space, sorted.pop().unwrap_or(0))
    }

    #[test]
    fn a_png_label_keeps_its_space_before_a_one() {
        // As the components chart wrote it: "p95 1d08h", read "p951d08h".
        // The word space must be at least twice any gap between letters.
        let ours = drawn_gaps("p95 1d08h", false);
        let (space, other) = space_and_widest_other(&ours);
        assert!(space >= 2 * other && space >= 3, "{ours:?}");
        // plotters' own bitmap text pulls the "1" into the space and away
        // from the "d": the space reads as a letter gap (why GlyphBitmap exists).
        let theirs = drawn_gaps("p95 1d08h", true);
        let (space, other) = space_and_widest_other(&theirs);
        assert!(space < 2 * other, "{theirs:?}");
    }

    #[test]
    fn an_empty_line_covers_nothing() {
        let cover = coverage("", 16.0, HPos::Left, VPos::Center);
        assert_eq!(cover.pixels().count(), 0);
        assert_eq!(
            coverage(" ", 16.0, HPos::Left, VPos::Top).pixels().count(),
            0
        );
        assert_eq!(cover.at(0, 0), 0.0);
    }
}
