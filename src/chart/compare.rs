//! Cumulative distributions of one quantity (RTO, RPO, …) for several
//! series on one axis — scenarios, variants of a plan — each the share of
//! runs at or below a time. A curve that tops out below 100 % shows the
//! runs that never recovered. The target is a vertical line. The legend
//! stands under the chart (a line per item), never over the curves or
//! the target.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Quantity, TimeScale};
use super::style::Swatch;
use super::{DrawResult, style};
use crate::format::{format_secs, percent, thousands};
use crate::report::compare::{Compared, plan_label};
use crate::runner::Column;

/// Points per drawn curve at most (the curve is sampled by rank).
const CURVE_POINTS: usize = 500;
/// The legend under the chart: a line per item, and room around them.
const LEGEND_LINE_PX: u32 = 26;
const LEGEND_PAD_PX: u32 = 10;
/// Legend lines at most (the chart stays under [`super::MAX_HEIGHT`]):
/// more plans than fit are counted in the last line.
const LEGEND_LINES: usize = 40;

/// Width and height of the chart of `d`: the standard size, and the
/// legend's lines under it.
pub(super) fn size(d: &CompareData) -> (u32, u32) {
    (style::WIDTH, style::HEIGHT + legend_px(d))
}

/// The legend's height: a line per item.
fn legend_px(d: &CompareData) -> u32 {
    LEGEND_PAD_PX + LEGEND_LINE_PX * legend_items(d).len() as u32
}

/// A line per series (its colour, label, runs and never-recovered share)
/// and the target's; at most [`LEGEND_LINES`], the plans left out counted.
fn legend_items(d: &CompareData) -> Vec<(Swatch, String)> {
    let room = LEGEND_LINES - 1 - usize::from(d.target_secs.is_some());
    let shown = if d.series.len() > room + 1 {
        room
    } else {
        d.series.len()
    };
    let mut items: Vec<(Swatch, String)> = d
        .series
        .iter()
        .take(shown)
        .enumerate()
        .map(|(k, s)| (Swatch::Line(style::series_colour(k)), s.legend()))
        .collect();
    if shown < d.series.len() {
        let more = d.series.len() - shown;
        items.push((Swatch::None, format!("… and {more} more plans")));
    }
    if let Some(target) = d.target_secs {
        items.push((
            Swatch::Line(style::TARGET),
            format!("target: {}", format_secs(target)),
        ));
    }
    items
}

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
    let (_, height) = root.dim_in_pixel();
    let (plot, lower) = root.split_vertically(height.saturating_sub(legend_px(d)));
    let caption = style::Caption::fit(
        &plot,
        &format!("{} compared — {}", d.quantity.label(), d.title),
    );
    let mut chart = ChartBuilder::on(&plot)
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
        chart.draw_series(std::iter::once(PathElement::new(
            curve(s, scale, x_max),
            colour.stroke_width(3),
        )))?;
    }
    if let Some(target) = d.target_secs {
        let x = scale.to_axis(target);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, 100.0)],
            style::TARGET.stroke_width(2),
        )))?;
    }
    legend(&lower, d)
}

/// The legend: an item a line, so that long plan names stay whole.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &CompareData) -> DrawResult<DB> {
    style::legend_lines(area, &legend_items(d), LEGEND_LINE_PX as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(n: usize) -> CompareData {
        CompareData {
            title: "t".into(),
            quantity: Quantity::Rto,
            series: (0..n)
                .map(|k| CompareSeries {
                    label: format!("{k}"),
                    values: vec![1.0],
                    never: 0,
                })
                .collect(),
            target_secs: Some(60.0),
        }
    }

    #[test]
    fn the_legend_has_a_line_per_plan_and_the_target() {
        let items = legend_items(&plans(3));
        assert_eq!(items.len(), 4);
        assert_eq!(items[3].1, "target: 1m");
        assert_eq!(
            size(&plans(3)).1,
            style::HEIGHT + LEGEND_PAD_PX + 4 * LEGEND_LINE_PX
        );
    }

    #[test]
    fn the_legend_stays_under_the_ceiling_however_many_plans() {
        let many = legend_items(&plans(500));
        assert_eq!(many.len(), LEGEND_LINES);
        assert_eq!(many[LEGEND_LINES - 2].1, "… and 462 more plans");
        assert!(size(&plans(500)).1 <= super::super::MAX_HEIGHT);
    }
}
