//! The frame every horizontal-bar chart shares (criticality, tornado,
//! components, timeline): a fitted caption, a label area wide enough for
//! the row labels, a linear x axis over rows counted from the top, and the
//! row labels drawn right-aligned left of the plot, whole, over two lines
//! when long (`label`). [`RowChart`] describes the frame and draws it;
//! [`RowFrame`] is the drawn chart with its [`RowGeometry`], which places
//! things in rows.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{RGBColor, TextStyle};

use super::label::{self, RowLabel};
use super::{Chart, DrawResult, style};

/// The frame of a chart with one horizontal row per label.
pub(super) struct RowChart<'a> {
    /// The caption, shrunk or shortened to fit.
    pub title: String,
    /// One label per row, top to bottom; at least one row is drawn.
    pub labels: &'a [String],
    /// Small text under each label (empty when none); the label area is
    /// widened to hold it.
    pub notes: &'a [String],
    /// The x axis, in axis units.
    pub x: Range<f64>,
    pub x_desc: String,
    /// The y axis description, if any.
    pub y_desc: Option<String>,
    /// The tick label of an x axis value.
    pub x_ticks: &'a dyn Fn(&f64) -> String,
}

/// Room around the chart, pixels.
const MARGIN_PX: u32 = 16;
/// The narrowest label area, pixels.
const LABEL_MIN_PX: u32 = 80;
/// Room beside the widest note for a gap and the axis description, pixels.
const NOTE_GAP_PX: u32 = 44;
/// Row labels end this far left of the plot.
const LABEL_GAP_PX: i32 = 8;

impl RowChart<'_> {
    /// Rows drawn: one per label, at least one.
    pub fn rows(&self) -> usize {
        self.labels.len().max(1)
    }

    /// Draws the caption, axes and mesh on `area`.
    pub fn draw<'b, DB: DrawingBackend>(
        &self,
        area: &'b DrawingArea<DB, Shift>,
    ) -> Result<RowFrame<'b, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let rows = self.rows();
        let caption = style::Caption::fit(area, &self.title);
        let label_area = label_area_px(area, self.labels, self.notes);
        let mut chart = ChartBuilder::on(area)
            .caption(&caption.text, caption.style.clone())
            .margin(MARGIN_PX)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(label_area)
            .build_cartesian_2d(self.x.clone(), 0.0..rows as f64)?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_y_mesh()
            .y_labels(0)
            .light_line_style(style::GRID.mix(0.5))
            .bold_line_style(style::GRID)
            .x_desc(self.x_desc.as_str())
            .label_style(style::label())
            .axis_desc_style(style::label())
            .x_label_formatter(self.x_ticks);
        if let Some(y_desc) = &self.y_desc {
            mesh.y_desc(y_desc.as_str());
        }
        mesh.draw()?;
        let row_px = {
            let (_, y0) = chart.backend_coord(&(0.0, 0.0));
            let (_, y1) = chart.backend_coord(&(0.0, 1.0));
            f64::from((y0 - y1).max(1))
        };
        Ok(RowFrame {
            chart,
            x: self.x.clone(),
            geometry: RowGeometry { rows, row_px },
            label_px: label_text_px(label_area),
        })
    }
}

/// The width of the label area on `area` for row `labels` and the `notes`
/// under them: the labels' (between 80 px and a third of the width),
/// widened for the notes up to half of it.
pub(super) fn label_area_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    notes: &[String],
) -> u32 {
    let width = area.dim_in_pixel().0;
    let labels = labels.iter().map(String::as_str);
    let notes = notes.iter().map(String::as_str);
    style::label_area(area, labels, LABEL_MIN_PX, width / 3)
        .max(style::text_width(area, notes, &style::small()) + NOTE_GAP_PX)
        .min(width / 2)
}

/// The width row labels may take in a label area `label_area` pixels
/// wide: all of it but the gap and the axis description's room.
pub(super) fn label_text_px(label_area: u32) -> u32 {
    label_area.saturating_sub(NOTE_GAP_PX).max(LABEL_MIN_PX / 2)
}

/// Where rows are: row 0 at the top, each one axis unit high.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RowGeometry {
    /// Rows on the axis (at least one).
    pub rows: usize,
    /// The drawn height of a row, pixels (at least 1).
    pub row_px: f64,
}

impl RowGeometry {
    /// The bottom of row `k` (counted from the top), in axis units.
    pub fn bottom(&self, k: usize) -> f64 {
        (self.rows - 1 - k) as f64
    }

    /// The middle of row `k` (counted from the top), in axis units.
    pub fn middle(&self, k: usize) -> f64 {
        self.bottom(k) + 0.5
    }

    /// The share of a row that `px` pixels take.
    pub fn share(&self, px: f64) -> f64 {
        px / self.row_px
    }

    /// The top of the axis, above the first row.
    pub fn top(&self) -> f64 {
        self.rows as f64
    }
}

/// A drawn row chart: the plotters chart, its x axis and its rows.
pub(super) struct RowFrame<'b, DB: DrawingBackend> {
    pub chart: Chart<'b, DB>,
    /// The x axis, in axis units.
    pub x: Range<f64>,
    pub geometry: RowGeometry,
    /// The width row labels may take, pixels.
    pub label_px: u32,
}

impl<DB: DrawingBackend> RowFrame<'_, DB> {
    /// Pixel position of an (x, y) point in axis units.
    pub fn px(&self, x: f64, y: f64) -> (i32, i32) {
        self.chart.backend_coord(&(x, y))
    }

    /// `text` fitted as row `k`'s label (whole, over two lines if long).
    pub fn fit_label(&self, text: &str) -> RowLabel {
        label::fit(text, self.label_px, self.geometry.row_px as u32)
    }

    /// Row `k`'s label in `colour`, right-aligned left of the plot,
    /// whole (over two lines when long).
    pub fn label(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: usize,
        text: &str,
        colour: &'static RGBColor,
    ) -> DrawResult<DB> {
        let fitted = self.fit_label(text);
        self.label_lines(root, k, &fitted, colour, 0)
    }

    /// The lines of a fitted label in `colour`, centred `dy_px` below the
    /// middle of row `k`.
    pub fn label_lines(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: usize,
        label: &RowLabel,
        colour: &'static RGBColor,
        dy_px: i32,
    ) -> DrawResult<DB> {
        let style = (style::FONT, label.size)
            .into_font()
            .color(colour)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (line, offset) in label.lines.iter().zip(label.offsets()) {
            self.left_text(root, k, line, style.clone(), dy_px + offset)?;
        }
        Ok(())
    }

    /// Row `k`'s note in small muted text, `dy_px` below the row's middle.
    pub fn note(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: usize,
        text: &str,
        dy_px: i32,
    ) -> DrawResult<DB> {
        let style = style::small()
            .color(&style::MUTED)
            .pos(Pos::new(HPos::Right, VPos::Center));
        self.left_text(root, k, text, style, dy_px)
    }

    /// `text` in `style` left of the plot, `dy_px` below the middle of row `k`.
    pub fn left_text(
        &self,
        root: &DrawingArea<DB, Shift>,
        k: usize,
        text: &str,
        style: TextStyle,
        dy_px: i32,
    ) -> DrawResult<DB> {
        let (x, y) = self.px(self.x.start, self.geometry.middle(k));
        root.draw(&Text::new(
            text.to_string(),
            (x - LABEL_GAP_PX, y + dy_px),
            style,
        ))
    }

    /// A note filling row `k` from the left edge of the label area: the
    /// row is blanked across label area, axis and plot (hiding grid and
    /// lines behind the text; the lines between rows stay), then `text`
    /// is written as a row label is.
    pub fn note_row(&self, root: &DrawingArea<DB, Shift>, k: usize, text: &str) -> DrawResult<DB> {
        let (_, top) = self.px(self.x.start, self.geometry.bottom(k) + 1.0);
        let (right, bottom) = self.px(self.x.end, self.geometry.bottom(k));
        let left = MARGIN_PX as i32;
        root.draw(&Rectangle::new(
            [(left, top + 1), (right, bottom - 1)],
            style::BACKGROUND.filled(),
        ))?;
        let style = style::label().pos(Pos::new(HPos::Left, VPos::Center));
        root.draw(&Text::new(
            text.to_string(),
            (left, (top + bottom) / 2),
            style,
        ))
    }

    /// A muted note centred in the first row's place, for a chart with no rows.
    pub fn empty_note(&self, root: &DrawingArea<DB, Shift>, text: &str) -> DrawResult<DB> {
        let middle = (self.x.start + self.x.end) / 2.0;
        style::empty_note(root, self.px(middle, 0.5), text)
    }
}

/// Where a bar's value is written, by the end of the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueLabel {
    /// Right of the end, outside the bar.
    Right,
    /// Inside the end of a bar too long to leave room beside it, in the
    /// background colour.
    Inside,
}

/// Pixels between a bar's end and its value.
const VALUE_GAP_PX: i32 = 6;

impl ValueLabel {
    /// Draws `text` by the bar end at pixel `end`.
    pub fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        end: (i32, i32),
        text: String,
    ) -> DrawResult<DB> {
        let (x, y) = end;
        let (style, dx) = match self {
            ValueLabel::Right => (style::small().pos(Pos::new(HPos::Left, VPos::Center)), 1),
            ValueLabel::Inside => (
                style::small()
                    .color(&style::BACKGROUND)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
                -1,
            ),
        };
        root.draw(&Text::new(text, (x + dx * VALUE_GAP_PX, y), style))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_count_from_the_top() {
        let g = RowGeometry {
            rows: 4,
            row_px: 50.0,
        };
        assert_eq!(g.bottom(0), 3.0);
        assert_eq!(g.middle(0), 3.5);
        assert_eq!(g.bottom(3), 0.0);
        assert_eq!(g.middle(3), 0.5);
        assert_eq!(g.top(), 4.0);
    }

    #[test]
    fn a_share_of_a_row_is_its_pixels_over_the_row_height() {
        let g = RowGeometry {
            rows: 2,
            row_px: 200.0,
        };
        // A 28-pixel box in a 200-pixel row: 14 px each side of the middle.
        assert_eq!(g.share(14.0), 0.07);
        assert_eq!(g.share(30.0), 0.15);
    }

    #[test]
    fn a_chart_without_labels_has_one_row() {
        let ticks = |x: &f64| format!("{x}");
        let chart = |labels| RowChart {
            title: String::new(),
            labels,
            notes: &[],
            x: 0.0..1.0,
            x_desc: String::new(),
            y_desc: None,
            x_ticks: &ticks,
        };
        assert_eq!(chart(&[]).rows(), 1);
        assert_eq!(chart(&["a".into(), "b".into(), "c".into()]).rows(), 3);
    }
}
