//! Timeline (Gantt chart) of one replayed run: a row per step that ran,
//! in order of first start, with its waits for a role, its work, failed
//! attempts, retry delays and fallback work drawn apart; the critical path
//! underlined and critical steps marked; a row per affected component
//! with a marker when it was recovered; the run's RTO and the target as
//! vertical lines.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod data;
mod select;

pub use data::*;
pub use select::{ShownTimeline, TIMELINE_ROWS};

use super::DrawResult;
use super::data::TimeScale;
use super::rows::{RowChart, RowFrame, RowGeometry};
use super::style::{self, Swatch};
use crate::format::format_secs;
use crate::report::clock_phrase;

/// Pixels per row, and around the rows.
const ROW_PX: u32 = 30;
const FRAME_PX: u32 = 200;
/// Height of the legend under the chart.
const LEGEND_PX: u32 = 64;

/// The tallest timeline, pixels: [`TIMELINE_ROWS`] rows.
pub(super) const MAX_HEIGHT: u32 = FRAME_PX + ROW_PX * TIMELINE_ROWS as u32;

/// Width and height of the timeline of `d`: a row per step and component
/// drawn, at most [`TIMELINE_ROWS`] rows.
pub(super) fn size(d: &GanttData) -> (u32, u32) {
    let rows = d.limited(TIMELINE_ROWS).row_count().max(1) as u32;
    (style::WIDTH, (FRAME_PX + ROW_PX * rows).max(style::HEIGHT))
}

/// Where things go on the timeline.
struct Layout {
    scale: TimeScale,
    /// End of the time axis, in axis units.
    x_max: f64,
    rows: RowGeometry,
    /// Bars keep the height they have in a row of [`ROW_PX`] pixels,
    /// however few the rows: the share of a row they take is scaled by this.
    squeeze: f64,
}

impl Layout {
    /// The bottom of row `k` (counted from the top).
    fn row(&self, k: usize) -> f64 {
        self.rows.bottom(k)
    }

    /// A height within a row (0–1), squeezed about its middle.
    fn band(&self, at: f64) -> f64 {
        0.5 + (at - 0.5) * self.squeeze
    }

    fn x(&self, secs: f64) -> f64 {
        self.scale.to_axis(secs)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &GanttData,
) -> DrawResult<DB> {
    let shown = d.limited(TIMELINE_ROWS);
    let d = &shown.data;
    let (_, height) = root.dim_in_pixel();
    let (upper, lower) = root.split_vertically(height.saturating_sub(LEGEND_PX));
    let latest = d.latest_secs().max(1.0) * 1.04;
    let scale = TimeScale::for_max(latest);
    let x_max = scale.to_axis(latest);
    let labels = row_labels(&shown);
    let run = match d.run {
        Some(run) if d.from.is_some() => format!(
            "run {run} · RTO {}{} (all back at {})",
            format_secs(d.measured_rto_secs),
            clock_phrase(d.from.as_deref()),
            format_secs(d.rto_secs)
        ),
        Some(run) => format!("run {run} · RTO {}", format_secs(d.rto_secs)),
        None => "no runs".to_string(),
    };
    let mut frame = RowChart {
        title: format!("Timeline of the {} run — {}", d.percentile_name(), d.title),
        labels: &labels,
        notes: &[],
        x: 0.0..x_max,
        x_desc: format!("time since the disaster ({}) · {run}", scale.unit),
        y_desc: None,
        x_ticks: &|x| TimeScale::tick(*x, x_max),
    }
    .draw(&upper)?;
    let layout = Layout {
        scale,
        x_max,
        rows: frame.geometry,
        squeeze: frame.geometry.share(f64::from(ROW_PX)).min(1.0),
    };
    draw_steps(root, &frame, d, &layout, &labels)?;
    // The lines first: the recovery times stand on patches over them.
    draw_rto_and_target(&mut frame, d, &layout)?;
    let first = shown.first_recovery_row();
    draw_recoveries(root, &frame, d, &layout, first, &labels[first..])?;
    draw_notes(root, &frame, &shown)?;
    legend(&lower, d)
}

/// Row labels top to bottom: steps, the steps' note row, components,
/// the components' note row (note rows have no label).
fn row_labels(shown: &ShownTimeline) -> Vec<String> {
    let d = &shown.data;
    let note = |left_out: &Option<_>| left_out.as_ref().map(|_| String::new());
    d.rows
        .iter()
        .map(step_label)
        .chain(note(&shown.steps_left_out))
        .chain(d.recoveries.iter().map(|r| format!("◆ {}", r.name)))
        .chain(note(&shown.components_left_out))
        .collect()
}

/// The run's RTO (dashed) and the target as vertical lines over all rows.
fn draw_rto_and_target<DB: DrawingBackend>(
    frame: &mut RowFrame<DB>,
    d: &GanttData,
    at: &Layout,
) -> DrawResult<DB> {
    let top = at.rows.top();
    let chart = &mut frame.chart;
    if d.rto_secs.is_finite() {
        let x = at.x(d.rto_secs);
        chart.draw_series(DashedLineSeries::new(
            [(x, 0.0), (x, top)],
            6,
            4,
            style::TEXT.stroke_width(2),
        ))?;
    }
    if let Some(target) = d.target_line_secs() {
        let x = at.x(target);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, top)],
            style::TARGET.stroke_width(2),
        )))?;
    }
    Ok(())
}

/// The note rows saying how many steps and components were left out.
fn draw_notes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &RowFrame<DB>,
    shown: &ShownTimeline,
) -> DrawResult<DB> {
    if let Some(steps) = &shown.steps_left_out {
        frame.note_row(root, shown.data.rows.len(), &steps.note)?;
    }
    if let Some(components) = &shown.components_left_out {
        let row = shown.first_recovery_row() + shown.data.recoveries.len();
        frame.note_row(root, row, &components.note)?;
    }
    Ok(())
}

/// The steps' rows: shading, bars, the critical path under them, labels.
fn draw_steps<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &RowFrame<DB>,
    d: &GanttData,
    at: &Layout,
    labels: &[String],
) -> DrawResult<DB> {
    let chart = &frame.chart;
    for (k, row) in d.rows.iter().enumerate() {
        let y = at.row(k);
        if k % 2 == 1 {
            chart.plotting_area().draw(&Rectangle::new(
                [(0.0, y), (at.x_max, y + 1.0)],
                style::GRID.mix(0.25).filled(),
            ))?;
        }
        for bar in &row.bars {
            let (low, high) = bar.kind.band();
            chart.plotting_area().draw(&Rectangle::new(
                [
                    (at.x(bar.span.start_secs), y + at.band(low)),
                    (at.x(bar.span.end_secs), y + at.band(high)),
                ],
                bar.kind.colour().filled(),
            ))?;
        }
        for span in &row.path {
            chart.plotting_area().draw(&Rectangle::new(
                [
                    (at.x(span.start_secs), y + at.band(0.12)),
                    (at.x(span.end_secs), y + at.band(0.2)),
                ],
                style::TEXT.filled(),
            ))?;
        }
        let colour = if row.critical {
            &style::TEXT
        } else {
            &style::MUTED
        };
        frame.label(root, k, &labels[k], colour)?;
    }
    Ok(())
}

/// The components' rows from row `first` on: a diamond when each was
/// recovered, labelled with the time ("never" at the end of the axis).
fn draw_recoveries<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &RowFrame<DB>,
    d: &GanttData,
    at: &Layout,
    first: usize,
    labels: &[String],
) -> DrawResult<DB> {
    let chart = &frame.chart;
    if !d.rows.is_empty() && !d.recoveries.is_empty() {
        // The top of the first component's row.
        let y = at.rows.bottom(first) + 1.0;
        chart.plotting_area().draw(&PathElement::new(
            vec![(0.0, y), (at.x_max, y)],
            style::MUTED.stroke_width(1),
        ))?;
    }
    let end = chart.backend_coord(&(at.x_max, 0.0)).0;
    for (j, (recovery, label)) in d.recoveries.iter().zip(labels).enumerate() {
        let row = first + j;
        let y = at.rows.middle(row);
        let py = frame.px(0.0, y).1;
        frame.label(root, row, label, &style::TEXT)?;
        let (px, text, colour) = if recovery.secs.is_finite() {
            let px = chart.backend_coord(&(at.x(recovery.secs), y)).0;
            (px, format_secs(recovery.secs), style::TEXT)
        } else {
            (end - 8, "never".to_string(), style::NEVER)
        };
        root.draw(&style::diamond((px, py), colour))?;
        // The time to the right of the marker, or to its left near the
        // end, on a patch of background so that no line runs through it.
        let width = style::text_width(root, [text.as_str()], &style::small()) as i32;
        let (anchor, dx, left) = if px + 90 > end {
            (HPos::Right, -10, px - 10 - width)
        } else {
            (HPos::Left, 10, px + 10)
        };
        root.draw(&Rectangle::new(
            [(left - 2, py - 8), (left + width + 2, py + 8)],
            style::BACKGROUND.filled(),
        ))?;
        root.draw(&Text::new(
            text,
            (px + dx, py),
            style::small().pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// "● Step name" for a critical step.
fn step_label(row: &GanttRow) -> String {
    if row.critical {
        format!("● {}", row.name)
    } else {
        row.name.clone()
    }
}

/// The legend under the chart.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &GanttData) -> DrawResult<DB> {
    let mut items: Vec<(Swatch, String)> = BarKind::ALL
        .iter()
        .map(|k| (Swatch::Bar(k.colour()), k.label().to_string()))
        .collect();
    items.push((Swatch::Underline, "critical path".into()));
    items.push((Swatch::None, "● critical step".into()));
    items.push((Swatch::Diamond, "component recovered".into()));
    if d.rto_secs.is_finite() {
        items.push((Swatch::Dashed(style::TEXT), "RTO of this run".into()));
    }
    if let Some(target) = d.target_secs {
        items.push((
            Swatch::Line(style::TARGET),
            format!(
                "RTO target: {}{}",
                format_secs(target),
                clock_phrase(d.from.as_deref())
            ),
        ));
    }
    style::legend_rows(area, &items)
}
