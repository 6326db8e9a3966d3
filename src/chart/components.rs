//! Per affected component, its recovery time over runs as a horizontal
//! box plot: box p25–p75, whiskers p5–p95, the median as a line, p99 as
//! a dot, its own RTO target as a red tick, and the share of runs in which
//! it was never recovered.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::TimeScale;
use super::{DrawResult, style};
use crate::duration::format_secs;
use crate::report::Report;
use crate::runner::{Column, Results};

/// Longest component name shown, in characters.
const NAME_CHARS: usize = 36;

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
    /// Its name, shortened.
    fn label(&self) -> String {
        let name = if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        };
        style::shorten(name, NAME_CHARS)
    }

    /// "p50 42m · p95 1h10m", and the unrecovered share if any.
    fn summary(&self) -> String {
        let mut text = format!(
            "p50 {} · p95 {}",
            format_secs(self.p50),
            format_secs(self.p95)
        );
        if self.unrecovered > 0.0 {
            text.push_str(&format!(" · never {:.1} %", self.unrecovered * 100.0));
        }
        text
    }
}

/// Pixels per row, and around the rows.
const ROW_PX: u32 = 44;
const FRAME_PX: u32 = 150;

/// Width and height of the chart of `d`.
pub(super) fn size(d: &ComponentsData) -> (u32, u32) {
    let rows = d.boxes.len().max(1) as u32;
    (style::WIDTH, (FRAME_PX + ROW_PX * rows).max(style::HEIGHT))
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &ComponentsData,
) -> DrawResult<DB> {
    let rows = d.boxes.len().max(1);
    let upper = d
        .boxes
        .iter()
        .flat_map(|b| [b.p95, b.p99, b.target_secs.unwrap_or(0.0) * 1.1])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.05;
    let scale = TimeScale::for_max(upper);
    let x_max = scale.to_axis(upper);
    let caption = style::Caption::fit(root, &format!("Component recovery times — {}", d.title));
    let labels: Vec<String> = d.boxes.iter().map(ComponentBox::label).collect();
    let summaries: Vec<String> = d.boxes.iter().map(ComponentBox::summary).collect();
    let label_area = style::label_area(
        root,
        labels.iter().map(String::as_str),
        80,
        root.dim_in_pixel().0 / 3,
    )
    .max(style::text_width(root, summaries.iter().map(String::as_str), &style::small()) + 44)
    .min(root.dim_in_pixel().0 / 2);
    let mut chart = ChartBuilder::on(root)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(label_area)
        .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc(format!(
            "component RTO ({}) · box p25–p75, whiskers p5–p95, dot p99, red tick: target",
            scale.unit
        ))
        .y_desc(format!("affected component ({} runs)", d.runs))
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| TimeScale::tick(*x, x_max))
        .draw()?;

    if d.boxes.is_empty() {
        style::empty_note(
            root,
            chart.backend_coord(&(x_max / 2.0, 0.5)),
            "No component is affected by the disaster",
        )?;
        return Ok(());
    }
    let at = |secs: f64| scale.to_axis(secs).min(x_max);
    // Boxes at most 28 pixels high, however few the rows.
    let row_px = {
        let (_, y0) = chart.backend_coord(&(0.0, 0.0));
        let (_, y1) = chart.backend_coord(&(0.0, 1.0));
        f64::from((y0 - y1).max(1))
    };
    let half = (14.0 / row_px).min(0.25);
    for (k, (b, label)) in d.boxes.iter().zip(&labels).enumerate() {
        let mid = (rows - 1 - k) as f64 + 0.5;
        let (lo, hi) = (mid - half, mid + half);
        // The name, and its summary under it.
        let (lx, ly) = chart.backend_coord(&(0.0, mid));
        root.draw(&Text::new(
            label.clone(),
            (lx - 8, ly - 9),
            style::row_label(&style::TEXT),
        ))?;
        root.draw(&Text::new(
            summaries[k].clone(),
            (lx - 8, ly + 10),
            style::small()
                .color(&style::MUTED)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        // Parts at infinite percentiles (never recovered) are left out;
        // a whisker or box reaching one runs to the end of the axis.
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
    }
    Ok(())
}
