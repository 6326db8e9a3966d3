//! Tornado chart of sensitivity: per step, the Spearman rank correlation
//! ρ between the time it took and the run's RTO, as a horizontal bar
//! centred at 0 (negative to the left), the strongest at the top, with ρ
//! and the schedule sensitivity index (SSI) written beside each bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::rows::{RowChart, ValueLabel, label_area_px};
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

/// The tornado's x axis: symmetric about 0, reaching past the longest bar
/// far enough for the value written beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TornadoAxis {
    /// The axis runs from `-limit` to `limit` (ρ).
    limit: f64,
    /// Decimals of the tick labels.
    decimals: usize,
}

impl TornadoAxis {
    /// The axis for bars up to |ρ| = `widest`, whose longest value label
    /// is `text_px` pixels wide on a plot `half_px` pixels wide each side
    /// of 0. Labels take at most 80 % of a half; the axis reaches at least
    /// ±0.25.
    fn fit(widest: f64, text_px: u32, half_px: u32) -> TornadoAxis {
        let room = (1.0 - f64::from(text_px) / f64::from(half_px)).clamp(0.2, 1.0);
        let limit = (widest / room).max(0.25);
        let decimals = if limit < 0.6 { 2 } else { 1 };
        TornadoAxis { limit, decimals }
    }

    /// A tick label: ρ within [−1, 1], nothing beyond.
    fn tick(&self, x: f64) -> String {
        if x.abs() <= 1.0 + 1e-9 {
            style::signed(x, self.decimals, false)
        } else {
            String::new()
        }
    }
}

/// Pixels between a value label and the plot's edge.
const VALUE_ROOM_PX: u32 = 12;

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &TornadoData,
) -> DrawResult<DB> {
    let labels: Vec<String> = d.bars.iter().map(|b| b.step.clone()).collect();
    let values: Vec<String> = d.bars.iter().map(TornadoBar::value_label).collect();
    let text_px = style::text_width(root, values.iter().map(String::as_str), &style::small());
    let label_area = label_area_px(root, &labels, &[]);
    let half_px = (root.dim_in_pixel().0.saturating_sub(label_area + 60) / 2).max(1);
    let widest = d.bars.iter().map(|b| b.rho.abs()).fold(0.0, f64::max);
    let axis = TornadoAxis::fit(widest, text_px + VALUE_ROOM_PX, half_px);
    let mut frame = RowChart {
        title: format!("Sensitivity of the RTO — {}", d.title),
        labels: &labels,
        notes: &[],
        x: -axis.limit..axis.limit,
        x_desc: "Spearman ρ of the step's time with the RTO (> 0: a longer step, a longer RTO)"
            .to_string(),
        y_desc: Some(format!("step (top {TORNADO_STEPS} by |ρ|)")),
        x_ticks: &|x| axis.tick(*x),
    }
    .draw(root)?;
    if d.bars.is_empty() {
        return frame.empty_note(root, "No step's time varies together with the RTO");
    }
    frame.chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, frame.geometry.top())],
        style::TEXT.stroke_width(1),
    )))?;
    for (k, (bar, value)) in d.bars.iter().zip(&values).enumerate() {
        // The strongest at the top.
        let y = frame.geometry.bottom(k);
        let colour = if bar.rho >= 0.0 {
            style::PRIMARY
        } else {
            style::SECONDARY
        };
        frame.chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (bar.rho, y + 0.8)],
            colour.mix(0.85).filled(),
        )))?;
        frame.label(root, k, &bar.step, &style::TEXT)?;
        let end = frame.px(bar.rho, frame.geometry.middle(k));
        ValueLabel::beside(bar.rho).draw(root, end, value.clone())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_leaves_room_for_the_longest_label() {
        // A 100-pixel label on a 400-pixel half: bars may take 75 %.
        let axis = TornadoAxis::fit(0.9, 100, 400);
        assert_eq!(axis.limit, 1.2);
        assert_eq!(axis.decimals, 1);
        // Labels wider than the half still leave bars 20 % of it.
        assert_eq!(TornadoAxis::fit(0.1, 900, 400).limit, 0.5);
        // Weak sensitivities: at least ±0.25, with two decimals.
        let weak = TornadoAxis::fit(0.05, 100, 400);
        assert_eq!(weak.limit, 0.25);
        assert_eq!(weak.decimals, 2);
    }

    #[test]
    fn ticks_stop_at_plus_or_minus_one() {
        let axis = TornadoAxis::fit(0.9, 100, 400);
        assert_eq!(axis.tick(-0.5), "−0.5");
        assert_eq!(axis.tick(1.0), "1.0");
        assert_eq!(axis.tick(0.0), "0.0");
        assert_eq!(axis.tick(1.2), "");
    }

    #[test]
    fn values_read_rho_and_ssi() {
        let bar = |rho, ssi| TornadoBar {
            step: "s".into(),
            rho,
            ssi,
        };
        assert_eq!(bar(0.82, Some(0.41)).value_label(), "ρ +0.82 · SSI 0.41");
        assert_eq!(bar(-0.3, None).value_label(), "ρ −0.30");
    }
}
