//! Tornado chart of sensitivity: per step, the Spearman rank correlation
//! ρ between the time it took and the run's RTO, as a horizontal bar
//! centred at 0 (negative to the left), the strongest at the top, with ρ
//! and the schedule sensitivity index (SSI) written beside each bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, style};
use crate::report::Report;

/// Steps shown, strongest first.
pub const TORNADO_STEPS: usize = 10;

/// The steps whose time moves the RTO most.
#[derive(Debug, Clone)]
pub struct TornadoData {
    /// The scenario's name.
    pub title: String,
    /// At most [`TORNADO_STEPS`] steps, by |ρ| descending (file order on ties).
    pub bars: Vec<TornadoBar>,
}

/// One step's sensitivity.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// The step's id.
    pub step: String,
    /// Spearman ρ of its time with the RTO, in [-1, 1].
    pub rho: f64,
    /// Schedule sensitivity index, when defined.
    pub ssi: Option<f64>,
}

impl TornadoData {
    /// The steps with a sensitivity in the report, strongest first.
    pub fn from_report(report: &Report) -> TornadoData {
        let mut bars: Vec<TornadoBar> = report
            .steps
            .0
            .iter()
            .filter_map(|(id, step)| {
                let rho = step.sensitivity.filter(|r| r.is_finite())?;
                Some(TornadoBar {
                    step: id.clone(),
                    rho,
                    ssi: step.ssi.filter(|s| s.is_finite()),
                })
            })
            .collect();
        bars.sort_by(|a, b| b.rho.abs().total_cmp(&a.rho.abs()));
        bars.truncate(TORNADO_STEPS);
        TornadoData {
            title: report.scenario.name.clone(),
            bars,
        }
    }
}

impl TornadoBar {
    /// "ρ +0.82 · SSI 0.41".
    fn value_label(&self) -> String {
        match self.ssi {
            Some(ssi) => format!("ρ {} · SSI {ssi:.2}", style::signed(self.rho, 2, true)),
            None => format!("ρ {}", style::signed(self.rho, 2, true)),
        }
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &TornadoData,
) -> DrawResult<DB> {
    let rows = d.bars.len().max(1);
    let caption = style::Caption::fit(root, &format!("Sensitivity of the RTO — {}", d.title));
    let label_area = style::label_area(
        root,
        d.bars.iter().map(|b| b.step.as_str()),
        80,
        root.dim_in_pixel().0 / 3,
    );
    // The axis reaches past the longest bar far enough for its label.
    let values: Vec<String> = d.bars.iter().map(TornadoBar::value_label).collect();
    let text = style::text_width(root, values.iter().map(String::as_str), &style::small()) + 12;
    let half_px = (root.dim_in_pixel().0.saturating_sub(label_area + 60) / 2).max(1);
    let room = (1.0 - f64::from(text) / f64::from(half_px)).clamp(0.2, 1.0);
    let widest = d.bars.iter().map(|b| b.rho.abs()).fold(0.0, f64::max);
    let limit = (widest / room).max(0.25);
    let decimals = if limit < 0.6 { 2 } else { 1 };

    let mut chart = ChartBuilder::on(root)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(label_area)
        .build_cartesian_2d(-limit..limit, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc("Spearman ρ of the step's time with the RTO (> 0: a longer step, a longer RTO)")
        .y_desc(format!("step (top {TORNADO_STEPS} by |ρ|)"))
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| {
            if x.abs() <= 1.0 + 1e-9 {
                style::signed(*x, decimals, false)
            } else {
                String::new()
            }
        })
        .draw()?;

    if d.bars.is_empty() {
        style::empty_note(
            root,
            chart.backend_coord(&(0.0, 0.5)),
            "No step's time varies together with the RTO",
        )?;
        return Ok(());
    }

    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, rows as f64)],
        style::TEXT.stroke_width(1),
    )))?;
    for (k, (bar, value)) in d.bars.iter().zip(&values).enumerate() {
        // The strongest at the top.
        let y = (rows - 1 - k) as f64;
        let colour = if bar.rho >= 0.0 {
            style::PRIMARY
        } else {
            style::SECONDARY
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (bar.rho, y + 0.8)],
            colour.mix(0.85).filled(),
        )))?;
        let (x0, y0) = chart.backend_coord(&(-limit, y + 0.5));
        root.draw(&Text::new(
            bar.step.clone(),
            (x0 - 8, y0),
            style::row_label(&style::TEXT),
        ))?;
        let (xe, ye) = chart.backend_coord(&(bar.rho, y + 0.5));
        let (anchor, dx) = if bar.rho >= 0.0 {
            (HPos::Left, 6)
        } else {
            (HPos::Right, -6)
        };
        root.draw(&Text::new(
            value.clone(),
            (xe + dx, ye),
            style::small().pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
    Ok(())
}
