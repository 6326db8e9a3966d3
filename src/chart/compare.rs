//! Cumulative distributions of one quantity (RTO, RPO, …) for several
//! series on one axis — scenarios, variants of a plan — each the share of
//! runs at or below a time. A curve that tops out below 100 % shows the
//! runs that never recovered. The target is a vertical line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Quantity, TimeScale};
use super::{DrawResult, style};
use crate::format::{format_secs, percent, thousands};
use crate::report::compare::{Compared, plan_label};
use crate::runner::Column;

/// Points per drawn curve at most (the curve is sampled by rank).
const CURVE_POINTS: usize = 500;

/// Several distributions of one quantity.
#[derive(Debug, Clone)]
pub struct CompareData {
    /// What is compared (a scenario's name, or a description of the set).
    pub title: String,
    /// RTO or RPO.
    pub quantity: Quantity,
    /// In legend order; colours follow [`style::PALETTE`].
    pub series: Vec<CompareSeries>,
    /// The target, seconds.
    pub target_secs: Option<f64>,
}

/// One distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSeries {
    pub label: String,
    /// Finite values, sorted ascending, seconds.
    pub values: Vec<f64>,
    /// Runs whose value is infinite (never recovered).
    pub never: usize,
}

impl CompareSeries {
    /// All runs, finite or not.
    pub fn runs(&self) -> usize {
        self.values.len() + self.never
    }

    /// "label: 2,000 runs · never 3.1 %".
    fn legend(&self) -> String {
        let runs = thousands(self.runs() as u64);
        if self.never > 0 {
            let never = percent(self.never as f64 / self.runs() as f64);
            format!("{}: {runs} runs · never {never}", self.label)
        } else {
            format!("{}: {runs} runs", self.label)
        }
    }
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
        let series = series
            .into_iter()
            .map(|(label, values)| {
                let never = values.iter().filter(|v| v.is_infinite()).count();
                let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
                values.sort_unstable_by(f64::total_cmp);
                CompareSeries {
                    label,
                    values,
                    never,
                }
            })
            .collect();
        CompareData {
            title: title.into(),
            quantity,
            series,
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

    /// The end of the time axis: past the target and the 99th percentile
    /// of each series' finite values, but not out to a far outlier.
    fn upper_secs(&self) -> f64 {
        let tails = self.series.iter().filter_map(|s| {
            let rank = (s.values.len() as f64 * 0.99).ceil() as usize;
            s.values.get(rank.max(1) - 1).copied()
        });
        tails
            .chain(self.target_secs.map(|t| t * 1.15))
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.05
    }
}

/// The cumulative curve of `s` in axis units, clipped at `x_max`: flat at
/// 0 up to the first value, sampled by rank, then flat to the axis end.
fn curve(s: &CompareSeries, scale: TimeScale, x_max: f64) -> Vec<(f64, f64)> {
    let runs = s.runs().max(1) as f64;
    let n = s.values.len();
    let mut points = vec![(0.0, 0.0)];
    if let Some(first) = s.values.first() {
        points.push((scale.to_axis(*first).min(x_max), 0.0));
    }
    let step = n.div_ceil(CURVE_POINTS).max(1);
    let ranks = (0..n).step_by(step).chain(n.checked_sub(1));
    for k in ranks {
        let x = scale.to_axis(s.values[k]);
        if x > x_max {
            points.push((x_max, k as f64 / runs * 100.0));
            return points;
        }
        points.push((x, (k + 1) as f64 / runs * 100.0));
    }
    points.push((x_max, n as f64 / runs * 100.0));
    points
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CompareData,
) -> DrawResult<DB> {
    let upper = d.upper_secs();
    let scale = TimeScale::for_max(upper);
    let x_max = scale.to_axis(upper);
    let caption = style::Caption::fit(
        root,
        &format!("{} compared — {}", d.quantity.label(), d.title),
    );
    let mut chart = ChartBuilder::on(root)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x_max, 0.0..100.0)?;
    chart
        .configure_mesh()
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc(format!("{} ({})", d.quantity.label(), scale.unit))
        .y_desc("share of runs at or below (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| TimeScale::tick(*x, x_max))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;

    for (k, s) in d.series.iter().enumerate() {
        let colour = style::series_colour(k);
        chart
            .draw_series(std::iter::once(PathElement::new(
                curve(s, scale, x_max),
                colour.stroke_width(3),
            )))?
            .label(s.legend())
            .legend(move |(x, y)| Rectangle::new([(x, y - 2), (x + 16, y + 2)], colour.filled()));
    }
    if let Some(target) = d.target_secs {
        let x = scale.to_axis(target);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, 100.0)],
                style::TARGET.stroke_width(2),
            )))?
            .label(format!("target: {}", format_secs(target)))
            .legend(|(x, y)| {
                Rectangle::new([(x + 7, y - 7), (x + 9, y + 7)], style::TARGET.filled())
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(style::BACKGROUND.mix(0.9))
        .border_style(style::GRID)
        .label_font(style::small())
        .draw()?;
    Ok(())
}
