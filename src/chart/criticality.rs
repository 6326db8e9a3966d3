//! Criticality: per step, the share of runs in which it lay on the
//! critical path of the RTO, as horizontal bars, most critical first.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, style};
use crate::report::Report;

/// Steps shown, most critical first.
pub const CRITICALITY_STEPS: usize = 15;

/// The steps most often on the critical path.
#[derive(Debug, Clone)]
pub struct CriticalityData {
    /// The scenario's name.
    pub title: String,
    /// Steps with criticality > 0, most critical first (file order on
    /// ties), at most [`CRITICALITY_STEPS`].
    pub bars: Vec<CriticalityBar>,
    /// Steps with criticality > 0 left out of `bars`.
    pub more: usize,
}

/// One step's criticality.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalityBar {
    /// The step's id.
    pub step: String,
    /// Share of runs with the step on the critical path, 0–100 %.
    pub percent: f64,
}

impl CriticalityData {
    /// The critical steps of a report.
    pub fn from_report(report: &Report) -> CriticalityData {
        let mut bars: Vec<CriticalityBar> = report
            .steps
            .0
            .iter()
            .filter(|(_, s)| s.criticality > 0.0)
            .map(|(id, s)| CriticalityBar {
                step: id.clone(),
                percent: s.criticality * 100.0,
            })
            .collect();
        bars.sort_by(|a, b| b.percent.total_cmp(&a.percent));
        let more = bars.len().saturating_sub(CRITICALITY_STEPS);
        bars.truncate(CRITICALITY_STEPS);
        CriticalityData {
            title: report.scenario.name.clone(),
            bars,
            more,
        }
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CriticalityData,
) -> DrawResult<DB> {
    let rows = d.bars.len().max(1);
    let caption = style::Caption::fit(root, &format!("Critical steps — {}", d.title));
    let label_area = style::label_area(
        root,
        d.bars.iter().map(|b| b.step.as_str()),
        80,
        root.dim_in_pixel().0 / 3,
    );
    let y_desc = if d.more > 0 {
        format!("step (top {CRITICALITY_STEPS}; {} more)", d.more)
    } else {
        "step".to_string()
    };
    let mut chart = ChartBuilder::on(root)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(label_area)
        .build_cartesian_2d(0.0..100.0, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc("share of runs with the step on the critical path of the RTO (%)")
        .y_desc(y_desc)
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| format!("{x:.0}"))
        .draw()?;

    if d.bars.is_empty() {
        style::empty_note(
            root,
            chart.backend_coord(&(50.0, 0.5)),
            "No step was on the critical path (the RTO is 0 or never reached)",
        )?;
        return Ok(());
    }

    for (k, bar) in d.bars.iter().enumerate() {
        let y = (rows - 1 - k) as f64;
        let percent = bar.percent.clamp(0.0, 100.0);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (percent, y + 0.8)],
            style::PRIMARY.mix(0.85).filled(),
        )))?;
        let (x0, y0) = chart.backend_coord(&(0.0, y + 0.5));
        root.draw(&Text::new(
            bar.step.clone(),
            (x0 - 8, y0),
            style::row_label(&style::TEXT),
        ))?;
        // The value beside the bar, or inside its end when it is long.
        let (xe, ye) = chart.backend_coord(&(percent, y + 0.5));
        let value = format!("{:.1} %", bar.percent);
        let text = if percent > 88.0 {
            Text::new(
                value,
                (xe - 6, ye),
                style::small()
                    .color(&style::BACKGROUND)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            )
        } else {
            Text::new(
                value,
                (xe + 6, ye),
                style::small().pos(Pos::new(HPos::Left, VPos::Center)),
            )
        };
        root.draw(&text)?;
    }
    Ok(())
}
