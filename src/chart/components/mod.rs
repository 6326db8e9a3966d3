//! Per affected component, its recovery time over runs as a horizontal
//! box plot: box p25–p75, whiskers p5–p95, the median as a line, p99 as
//! a dot, its own RTO target as a red tick, and the share of runs in which
//! it was never recovered. A plan with more components than fit
//! ([`COMPONENT_ROWS`]) shows those with the longest p95 (`select.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;

mod select;

pub use select::{COMPONENT_ROWS, ShownComponents};

use super::data::TimeScale;
use super::rows::{RowChart, RowFrame, RowGeometry};
use super::{DrawResult, label, style};
use crate::format::{format_secs, percent, thousands};
use crate::report::Report;
use crate::runner::{Column, Results};

/// Recovery times of the affected components.
#[derive(Debug, Clone)]
pub struct ComponentsData {
    /// The scenario's name.
    pub title: String,
    /// Runs the percentiles are over.
    pub runs: usize,
    /// Affected components, in file order.
    pub boxes: Vec<ComponentBox>,
}

/// One component's recovery time: nearest-rank percentiles, seconds
/// (infinite when at least that share of runs never recovered it).
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentBox {
    pub id: String,
    pub name: String,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub p99: f64,
    /// Share of runs in which it was never recovered (0–1).
    pub unrecovered: f64,
    /// Its own RTO target, if any.
    pub target_secs: Option<f64>,
}

impl ComponentsData {
    /// The per-run component RTO columns of the affected components.
    pub fn from_results(report: &Report, results: &Results) -> ComponentsData {
        let boxes = report
            .components
            .0
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.affected)
            .map(|(c, (id, comp))| {
                let sorted = results.samples.sorted(Column::ComponentRto(c));
                let p = |percent| sorted.percentile(percent);
                ComponentBox {
                    id: id.clone(),
                    name: comp.name.clone(),
                    p5: p(5.0),
                    p25: p(25.0),
                    p50: p(50.0),
                    p75: p(75.0),
                    p95: p(95.0),
                    p99: p(99.0),
                    unrecovered: sorted.share_infinite(),
                    target_secs: comp.rto.target,
                }
            })
            .collect();
        ComponentsData {
            title: report.scenario.name.clone(),
            runs: results.samples.runs(),
            boxes,
        }
    }
}

impl ComponentBox {
    /// Its name (its id when it has none), whole: long names wrap.
    fn label(&self) -> String {
        if self.name.is_empty() {
            self.id.clone()
        } else {
            self.name.clone()
        }
    }

    /// "p50 42m · p95 1h10m", and the unrecovered share if any.
    fn summary(&self) -> String {
        let mut text = format!(
            "p50 {} · p95 {}",
            format_secs(self.p50),
            format_secs(self.p95)
        );
        if self.unrecovered > 0.0 {
            text.push_str(&format!(" · never {}", percent(self.unrecovered)));
        }
        text
    }
}

/// Pixels per row, and around the rows.
const ROW_PX: u32 = 44;
/// Of a row, the pixels its name may take (the summary takes the rest).
const NAME_PX: u32 = 30;
const FRAME_PX: u32 = 150;

/// The tallest components chart, pixels: [`COMPONENT_ROWS`] rows.
pub(super) const MAX_HEIGHT: u32 = FRAME_PX + ROW_PX * COMPONENT_ROWS as u32;

/// Width and height of the chart of `d`: a row per component drawn, at
/// most [`COMPONENT_ROWS`] rows.
pub(super) fn size(d: &ComponentsData) -> (u32, u32) {
    let rows = d.limited(COMPONENT_ROWS).row_count().max(1) as u32;
    (style::WIDTH, (FRAME_PX + ROW_PX * rows).max(style::HEIGHT))
}

impl ComponentsData {
    /// The end of the time axis, seconds: past every finite p95 and p99
    /// and 10 % past every target, then 5 % more; at least 1.05 s.
    fn upper_secs(&self) -> f64 {
        self.boxes
            .iter()
            .flat_map(|b| [b.p95, b.p99, b.target_secs.unwrap_or(0.0) * 1.1])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.05
    }
}

/// Half the height of a box, in rows: at most 14 pixels, however few the
/// rows, and at most a quarter of a row.
fn half_box(geometry: &RowGeometry) -> f64 {
    geometry.share(14.0).min(0.25)
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &ComponentsData,
) -> DrawResult<DB> {
    let shown = d.limited(COMPONENT_ROWS);
    let d = &shown.data;
    let upper = d.upper_secs();
    let scale = TimeScale::for_max(upper);
    let x_max = scale.to_axis(upper);
    // A note row, if any, has no label and no summary.
    let note_row = shown.left_out.as_ref().map(|_| String::new());
    let labels: Vec<String> = d
        .boxes
        .iter()
        .map(ComponentBox::label)
        .chain(note_row.clone())
        .collect();
    let summaries: Vec<String> = d
        .boxes
        .iter()
        .map(ComponentBox::summary)
        .chain(note_row)
        .collect();
    let mut frame = RowChart {
        title: format!("Component recovery times — {}", d.title),
        labels: &labels,
        notes: &summaries,
        x: 0.0..x_max,
        x_desc: format!(
            "component RTO ({}) · box p25–p75, whiskers p5–p95, dot p99, red tick: target",
            scale.unit
        ),
        y_desc: Some(format!(
            "affected component ({} runs)",
            thousands(d.runs as u64)
        )),
        x_ticks: &|x| TimeScale::tick(*x, x_max),
    }
    .draw(root)?;
    if d.boxes.is_empty() {
        return frame.empty_note(root, "No component is affected by the disaster");
    }
    let at = |secs: f64| scale.to_axis(secs).min(x_max);
    for (k, b) in d.boxes.iter().enumerate() {
        // The name (over two lines when long), and its summary under it.
        let name = label::fit(&labels[k], frame.label_px, NAME_PX);
        let (name_dy, note_dy) = if name.lines.len() > 1 {
            (-8, 13)
        } else {
            (-9, 10)
        };
        frame.label_lines(root, k, &name, &style::TEXT, name_dy)?;
        frame.note(root, k, &summaries[k], note_dy)?;
        draw_box(&mut frame, k, b, &at)?;
    }
    if let Some(left_out) = &shown.left_out {
        frame.note_row(root, d.boxes.len(), &left_out.note)?;
    }
    Ok(())
}

/// The box plot of component `b` in row `k`, at x positions `at(secs)`.
/// Parts at infinite percentiles (never recovered) are left out; a whisker
/// or box reaching one runs to the end of the axis.
fn draw_box<DB: DrawingBackend>(
    frame: &mut RowFrame<DB>,
    k: usize,
    b: &ComponentBox,
    at: &dyn Fn(f64) -> f64,
) -> DrawResult<DB> {
    let mid = frame.geometry.middle(k);
    let half = half_box(&frame.geometry);
    let (lo, hi) = (mid - half, mid + half);
    let chart = &mut frame.chart;
    let whisker = style::TEXT.stroke_width(2);
    let (w_lo, w_hi) = (mid - half * 0.6, mid + half * 0.6);
    let finite = |secs: f64| secs.is_finite();
    let mut lines = Vec::new();
    if finite(b.p5) {
        lines.push(vec![(at(b.p5), mid), (at(b.p25), mid)]);
        lines.push(vec![(at(b.p5), w_lo), (at(b.p5), w_hi)]);
    }
    if finite(b.p75) {
        lines.push(vec![(at(b.p75), mid), (at(b.p95), mid)]);
    }
    if finite(b.p95) {
        lines.push(vec![(at(b.p95), w_lo), (at(b.p95), w_hi)]);
    }
    chart.draw_series(lines.into_iter().map(|l| PathElement::new(l, whisker)))?;
    if finite(b.p25) {
        let corners = [(at(b.p25), lo), (at(b.p75), hi)];
        chart.draw_series([
            Rectangle::new(corners, style::PRIMARY.mix(0.35).filled()),
            Rectangle::new(corners, style::PRIMARY.stroke_width(2)),
        ])?;
    }
    if finite(b.p50) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(at(b.p50), lo), (at(b.p50), hi)],
            style::PRIMARY.stroke_width(4),
        )))?;
    }
    if finite(b.p99) {
        chart.draw_series(std::iter::once(Circle::new(
            (at(b.p99), mid),
            4,
            style::TEXT.filled(),
        )))?;
    }
    if let Some(target) = b.target_secs {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (at(target), mid - half * 1.5),
                (at(target), mid + half * 1.5),
            ],
            style::TARGET.stroke_width(3),
        )))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(p95: f64, p99: f64, target_secs: Option<f64>) -> ComponentBox {
        ComponentBox {
            id: "db".into(),
            name: String::new(),
            p5: 1.0,
            p25: 2.0,
            p50: 3.0,
            p75: 4.0,
            p95,
            p99,
            unrecovered: 0.0,
            target_secs,
        }
    }

    fn data(boxes: Vec<ComponentBox>) -> ComponentsData {
        ComponentsData {
            title: "t".into(),
            runs: 100,
            boxes,
        }
    }

    #[test]
    fn the_axis_ends_past_the_tails_and_targets() {
        // p99 of 1000 s: 5 % past it.
        let d = data(vec![component(600.0, 1000.0, None)]);
        assert_eq!(d.upper_secs(), 1050.0);
        // A target of 1 h: 10 % past it, then 5 %.
        let d = data(vec![
            component(600.0, 1000.0, None),
            component(60.0, 90.0, Some(3600.0)),
        ]);
        assert_eq!(d.upper_secs(), 3600.0 * 1.1 * 1.05);
        // Never-recovered tails do not stretch the axis; nothing: 1.05 s.
        let d = data(vec![component(f64::INFINITY, f64::INFINITY, None)]);
        assert_eq!(d.upper_secs(), 1.05);
        assert_eq!(data(Vec::new()).upper_secs(), 1.05);
    }

    #[test]
    fn boxes_are_at_most_28_pixels_high() {
        let rows = |row_px| RowGeometry { rows: 2, row_px };
        assert_eq!(half_box(&rows(200.0)), 0.07);
        // Rows under 56 pixels: half a row.
        assert_eq!(half_box(&rows(40.0)), 0.25);
    }

    #[test]
    fn labels_and_summaries() {
        let mut b = component(4200.0, 5000.0, None);
        assert_eq!(b.label(), "db");
        b.name = "Orders database with a name far longer than fits".into();
        // Whole: the chart wraps it (issue 11: it was cut with "…").
        assert_eq!(
            b.label(),
            "Orders database with a name far longer than fits"
        );
        b.p50 = 42.0 * 60.0;
        assert_eq!(b.summary(), "p50 42m · p95 1h10m");
        b.unrecovered = 0.025;
        assert_eq!(b.summary(), "p50 42m · p95 1h10m · never 2.5 %");
    }
}
