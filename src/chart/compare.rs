//! Cumulative distributions of one quantity (RTO, RPO, …) for several
//! series on one axis — scenarios, variants of a plan — each the share of
//! runs at or below a time, drawn as the curves of `curves` are: a curve
//! that tops out below 100 % shows the runs that never recovered, the
//! target is a vertical line, and the legend stands under the chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::curves::{self, Curve, CurvesChart};
use super::data::Quantity;
use super::{DrawResult, style};
use crate::report::compare::{Compared, plan_label};
use crate::runner::Column;

/// Width and height of the chart of `d`: the standard size, and the
/// legend's lines under it.
pub(super) fn size(d: &CompareData) -> (u32, u32) {
    curves::size(legend(d).len())
}

/// A line per series (its colour, label, runs and never-recovered share)
/// and the target's; at most [`curves::LEGEND_LINES`], the plans left
/// out counted.
fn legend(d: &CompareData) -> Vec<(style::Swatch, String)> {
    let lines: Vec<_> = d
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| (style::series_colour(k), s.runs_legend()))
        .collect();
    curves::legend(&lines, "plans", d.target_secs, None)
}

/// Several distributions of one quantity.
#[derive(Debug, Clone)]
pub struct CompareData {
    /// What is compared (a scenario's name, or a description of the set).
    pub title: String,
    /// RTO or RPO.
    pub quantity: Quantity,
    /// In legend order; colours follow [`style::PALETTE`].
    pub series: Vec<Curve>,
    /// The target, seconds.
    pub target_secs: Option<f64>,
}

impl CompareData {
    /// Series from labels and per-run values in seconds (any order;
    /// infinite values count as never, NaN is dropped).
    pub fn new(
        title: impl Into<String>,
        quantity: Quantity,
        series: Vec<(String, Vec<f64>)>,
        target_secs: Option<f64>,
    ) -> CompareData {
        CompareData {
            title: title.into(),
            quantity,
            series: series
                .into_iter()
                .map(|(label, values)| Curve::new(label, values))
                .collect(),
            target_secs: target_secs.filter(|t| t.is_finite()),
        }
    }

    /// Every plan's RTO or RPO, labelled "1. name" (as the comparison's
    /// outputs name plans), with the first plan's target.
    pub fn from_plans(plans: &[Compared], quantity: Quantity) -> CompareData {
        let column = match quantity {
            Quantity::Rto => Column::Rto,
            Quantity::Rpo => Column::Rpo,
        };
        let series = plans
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let values = p.results.samples.sorted(column).values().to_vec();
                (plan_label(k, &p.report.scenario.name), values)
            })
            .collect();
        let target = plans.first().and_then(|p| match quantity {
            Quantity::Rto => p.report.rto.target,
            Quantity::Rpo => p.report.rpo.target,
        });
        CompareData::new(format!("{} plans", plans.len()), quantity, series, target)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CompareData,
) -> DrawResult<DB> {
    let chart = CurvesChart {
        caption: format!("{} compared — {}", d.quantity.label(), d.title),
        axis: d.quantity.label().to_string(),
        curves: d
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| (s, style::series_colour(k)))
            .collect(),
        target_secs: d.target_secs,
        percentile: None,
        legend: legend(d),
    };
    curves::draw(root, &chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(n: usize) -> CompareData {
        CompareData {
            title: "t".into(),
            quantity: Quantity::Rto,
            series: (0..n)
                .map(|k| Curve::new(format!("{k}"), vec![1.0]))
                .collect(),
            target_secs: Some(60.0),
        }
    }

    #[test]
    fn the_legend_has_a_line_per_plan_and_the_target() {
        let items = legend(&plans(3));
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].1, "0: 1 runs");
        assert_eq!(items[3].1, "target: 1m");
    }

    #[test]
    fn the_legend_stays_under_the_ceiling_however_many_plans() {
        let many = legend(&plans(500));
        assert_eq!(many.len(), curves::LEGEND_LINES);
        assert_eq!(many[curves::LEGEND_LINES - 2].1, "… and 462 more plans");
        assert!(size(&plans(500)).1 <= super::super::MAX_HEIGHT);
    }
}
