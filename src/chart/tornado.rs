//! Tornado chart of sensitivity: per step, the Spearman rank correlation
//! ρ between the time it took and the run's RTO, as a horizontal bar of
//! length |ρ| on one fixed axis from 0 to 1 (so every report's bars
//! compare, and no half of the chart stands empty), blue when a longer
//! step means a longer RTO and orange when the reverse, the strongest at
//! the top, with ρ and the schedule sensitivity index (SSI) beside each
//! bar. Steps that ran in under 99 % of runs (fallbacks) are left out:
//! their time is 0 in the other runs, so their ρ says whether they ran,
//! which the report's fallback lines say with the RTO when they did.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::rows::{RowChart, ValueLabel};
use super::{DrawResult, style};
use crate::report::Report;
use crate::report::drivers::SENSITIVE_MIN_RAN;

/// Steps shown, strongest first.
pub const TORNADO_STEPS: usize = 10;

/// The steps whose time moves the RTO most.
#[derive(Debug, Clone)]
pub struct TornadoData {
    /// The scenario's name.
    pub title: String,
    /// At most [`TORNADO_STEPS`] steps, by |ρ| descending (file order on ties).
    pub bars: Vec<TornadoBar>,
    /// Steps with a ρ left out because they ran in too few runs.
    pub left_out: usize,
}

/// One step's sensitivity.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// The step's id.
    pub step: String,
    /// Its name (the id when the scenario gives none).
    pub name: String,
    /// Spearman ρ of its time with the RTO, in [-1, 1].
    pub rho: f64,
    /// Schedule sensitivity index, when defined.
    pub ssi: Option<f64>,
}

impl TornadoData {
    /// The steps with a sensitivity in the report that ran in nearly
    /// every run, strongest first.
    pub fn from_report(report: &Report) -> TornadoData {
        let with_rho = report
            .steps
            .0
            .iter()
            .filter(|(_, step)| step.sensitivity.is_some_and(f64::is_finite));
        let left_out = with_rho
            .clone()
            .filter(|(_, step)| step.ran < SENSITIVE_MIN_RAN)
            .count();
        let mut bars: Vec<TornadoBar> = with_rho
            .filter(|(_, step)| step.ran >= SENSITIVE_MIN_RAN)
            .map(|(id, step)| TornadoBar {
                step: id.clone(),
                name: if step.name.is_empty() {
                    id.clone()
                } else {
                    step.name.clone()
                },
                rho: step.sensitivity.unwrap_or(0.0),
                ssi: step.ssi.filter(|s| s.is_finite()),
            })
            .collect();
        bars.sort_by(|a, b| b.rho.abs().total_cmp(&a.rho.abs()));
        bars.truncate(TORNADO_STEPS);
        TornadoData {
            title: report.scenario.name.clone(),
            bars,
            left_out,
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

    /// Where its value goes: beside the bar, or inside a bar too long to
    /// leave room beside it.
    fn value_place(&self) -> ValueLabel {
        if self.rho.abs() > INSIDE_ABOVE_RHO {
            ValueLabel::Inside
        } else {
            ValueLabel::Right
        }
    }
}

/// Values of bars longer than this |ρ| are written inside the bar's end.
const INSIDE_ABOVE_RHO: f64 = 0.75;

/// The axis: |ρ| from 0 to 1, in every report.
const AXIS: std::ops::Range<f64> = 0.0..1.0;

/// The y axis description: what is shown, and what was left out.
fn y_desc(d: &TornadoData) -> String {
    match d.left_out {
        0 => format!("step (top {TORNADO_STEPS} by |ρ|)"),
        n => format!(
            "step (top {TORNADO_STEPS} by |ρ|; {n} fallback{} left out)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &TornadoData,
) -> DrawResult<DB> {
    let labels: Vec<String> = d.bars.iter().map(|b| b.name.clone()).collect();
    let mut frame = RowChart {
        title: format!("Sensitivity of the RTO — {}", d.title),
        labels: &labels,
        notes: &[],
        x: AXIS,
        x_desc: "rank correlation |ρ| of the step's time with the RTO (orange: ρ < 0)".to_string(),
        y_desc: Some(y_desc(d)),
        x_ticks: &|x| format!("{x:.1}"),
    }
    .draw(root)?;
    if d.bars.is_empty() {
        return frame.empty_note(root, "No step's time varies together with the RTO");
    }
    for (k, bar) in d.bars.iter().enumerate() {
        // The strongest at the top.
        let y = frame.geometry.bottom(k);
        let colour = if bar.rho >= 0.0 {
            style::PRIMARY
        } else {
            style::SECONDARY
        };
        let length = bar.rho.abs().min(1.0);
        frame.chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (length, y + 0.8)],
            colour.mix(0.85).filled(),
        )))?;
        frame.label(root, k, &bar.name, &style::TEXT)?;
        let end = frame.px(length, frame.geometry.middle(k));
        bar.value_place().draw(root, end, bar.value_label())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(rho: f64, ssi: Option<f64>) -> TornadoBar {
        TornadoBar {
            step: "s".into(),
            name: "s".into(),
            rho,
            ssi,
        }
    }

    #[test]
    fn values_read_rho_and_ssi() {
        assert_eq!(bar(0.82, Some(0.41)).value_label(), "ρ +0.82 · SSI 0.41");
        assert_eq!(bar(-0.3, None).value_label(), "ρ −0.30");
    }

    #[test]
    fn every_report_has_the_same_axis_with_no_empty_half() {
        // Issue 11: the axis was ±(widest ρ / room), different per report
        // and with its negative half empty when every ρ was positive.
        assert_eq!(AXIS, 0.0..1.0);
        assert_eq!(bar(0.9, None).value_place(), ValueLabel::Inside);
        assert_eq!(bar(-0.9, None).value_place(), ValueLabel::Inside);
        assert_eq!(bar(0.5, None).value_place(), ValueLabel::Right);
    }

    #[test]
    fn fallbacks_left_out_are_counted() {
        let d = |left_out| TornadoData {
            title: String::new(),
            bars: Vec::new(),
            left_out,
        };
        assert_eq!(y_desc(&d(0)), "step (top 10 by |ρ|)");
        assert_eq!(y_desc(&d(2)), "step (top 10 by |ρ|; 2 fallbacks left out)");
    }
}
