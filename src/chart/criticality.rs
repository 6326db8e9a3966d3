//! Criticality: per step, the share of runs in which it lay on the
//! critical path of the RTO, as horizontal bars, most critical first;
//! steps on the path in at least 99 % of runs (every path goes through
//! them, often because they come last) in grey, as always critical.
//! Steps are named as the scenario names them.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::rows::{RowChart, ValueLabel};
use super::{DrawResult, style};
use crate::format;
use crate::report::Report;
use crate::report::drivers::ALWAYS_CRITICAL;

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
    /// Its name (the id when the scenario gives none).
    pub name: String,
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
                name: if s.name.is_empty() {
                    id.clone()
                } else {
                    s.name.clone()
                },
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

impl CriticalityBar {
    /// On (almost) every run's critical path.
    pub fn always(&self) -> bool {
        self.percent >= ALWAYS_CRITICAL * 100.0
    }
}

/// Pixels per row (room for a name over two lines), and around the rows.
const ROW_PX: u32 = 36;
const FRAME_PX: u32 = 150;

/// Width and height of the chart of `d`: a row per bar, at least the
/// standard height.
pub(super) fn size(d: &CriticalityData) -> (u32, u32) {
    let rows = d.bars.len().max(1) as u32;
    (style::WIDTH, (FRAME_PX + ROW_PX * rows).max(style::HEIGHT))
}

/// Values of bars longer than this share are written inside the bar's end.
const INSIDE_ABOVE_PERCENT: f64 = 88.0;

/// Where the value of a bar of `percent` goes: beside the bar, or inside
/// its end when the bar leaves no room beside it.
fn value_label(percent: f64) -> ValueLabel {
    if percent > INSIDE_ABOVE_PERCENT {
        ValueLabel::Inside
    } else {
        ValueLabel::Right
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CriticalityData,
) -> DrawResult<DB> {
    let labels: Vec<String> = d.bars.iter().map(|b| b.name.clone()).collect();
    let y_desc = if d.more > 0 {
        format!("step (top {CRITICALITY_STEPS}; {} more)", d.more)
    } else {
        "step".to_string()
    };
    let mut frame = RowChart {
        title: format!("Critical steps — {}", d.title),
        labels: &labels,
        notes: &[],
        x: 0.0..100.0,
        x_desc: format!(
            "share of runs with the step on the critical path of the RTO (%) · grey: always (≥ {:.0} %)",
            ALWAYS_CRITICAL * 100.0
        ),
        y_desc: Some(y_desc),
        x_ticks: &|x| format!("{x:.0}"),
    }
    .draw(root)?;
    if d.bars.is_empty() {
        return frame.empty_note(
            root,
            "No step was on the critical path (the RTO is 0 or never reached)",
        );
    }
    for (k, bar) in d.bars.iter().enumerate() {
        let y = frame.geometry.bottom(k);
        let percent = bar.percent.clamp(0.0, 100.0);
        let colour = if bar.always() {
            style::ALWAYS
        } else {
            style::PRIMARY
        };
        frame.chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (percent, y + 0.8)],
            colour.mix(0.85).filled(),
        )))?;
        frame.label(root, k, &bar.name, &style::TEXT)?;
        let end = frame.px(percent, frame.geometry.middle(k));
        value_label(percent).draw(root, end, format::percent(bar.percent / 100.0))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_on_every_path_are_shown_as_always_critical() {
        let bar = |percent| CriticalityBar {
            step: "s".into(),
            name: "s".into(),
            percent,
        };
        assert!(bar(100.0).always() && bar(99.0).always());
        assert!(!bar(98.9).always());
    }

    #[test]
    fn long_bars_carry_their_value_inside() {
        assert_eq!(value_label(0.0), ValueLabel::Right);
        assert_eq!(value_label(88.0), ValueLabel::Right);
        assert_eq!(value_label(88.1), ValueLabel::Inside);
        assert_eq!(value_label(100.0), ValueLabel::Inside);
    }
}
