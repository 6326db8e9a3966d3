//! Cumulative curves of one time (RTO, RPO) on one axis, each the share
//! of runs at or below a time: what the comparison of plans (`compare`)
//! and the results split by what held in a disaster (`world`) both draw.
//! A curve that tops out below 100 % shows the runs that never recovered.
//! The target is a vertical line; the judged percentile, where a chart
//! asks for it, a thin line across. The legend stands under the chart (a
//! line per item), never over the curves or the target.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBColor;

use super::data::TimeScale;
use super::style::Swatch;
use super::{DrawResult, style};
use crate::format::{format_secs, pct_label, percent, thousands};

/// Points per drawn curve at most (the curve is sampled by rank).
const CURVE_POINTS: usize = 500;
/// The legend under the chart: a line per item, and room around them.
const LEGEND_LINE_PX: u32 = 26;
const LEGEND_PAD_PX: u32 = 10;
/// Legend lines at most (the chart stays under [`super::MAX_HEIGHT`]):
/// more curves than fit are counted in the last line.
pub(super) const LEGEND_LINES: usize = 40;

/// One distribution: a curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub label: String,
    /// Finite values, sorted ascending, seconds.
    pub values: Vec<f64>,
    /// Runs whose value is infinite (never recovered).
    pub never: usize,
}

impl Curve {
    /// A curve from per-run values in seconds (any order; infinite
    /// values count as never, NaN is dropped).
    pub fn new(label: String, values: Vec<f64>) -> Curve {
        let never = values.iter().filter(|v| v.is_infinite()).count();
        let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        values.sort_unstable_by(f64::total_cmp);
        Curve {
            label,
            values,
            never,
        }
    }

    /// All runs, finite or not.
    pub fn runs(&self) -> usize {
        self.values.len() + self.never
    }

    /// " · never 3.1 %" when some runs never recovered; empty otherwise.
    pub(super) fn never_words(&self) -> String {
        if self.never > 0 {
            let never = percent(self.never as f64 / self.runs() as f64);
            format!(" · never {never}")
        } else {
            String::new()
        }
    }

    /// "label: 2,000 runs · never 3.1 %".
    pub(super) fn runs_legend(&self) -> String {
        let runs = thousands(self.runs() as u64);
        format!("{}: {runs} runs{}", self.label, self.never_words())
    }
}

/// What one chart of curves draws, in the drawing's terms.
pub(super) struct CurvesChart<'a> {
    /// The title over the chart.
    pub caption: String,
    /// The time on the axis, in words ("RTO", "RTO from the end of
    /// decide"); the unit is added after it.
    pub axis: String,
    /// The curves with their colours, drawn in this order.
    pub curves: Vec<(&'a Curve, RGBColor)>,
    /// The target, seconds (finite).
    pub target_secs: Option<f64>,
    /// The judged percentile (0–100), drawn as a line across; `None`
    /// draws none.
    pub percentile: Option<f64>,
    /// Under the chart, a line each: see [`legend`].
    pub legend: Vec<(Swatch, String)>,
}

/// The legend: a line per curve (its colour and `text`), at most
/// [`LEGEND_LINES`] in all, the curves left out counted as "… and 3 more
/// `noun`"; then the target's line and the judged percentile's.
pub(super) fn legend(
    curves: &[(RGBColor, String)],
    noun: &str,
    target_secs: Option<f64>,
    percentile: Option<f64>,
) -> Vec<(Swatch, String)> {
    let tail = usize::from(target_secs.is_some()) + usize::from(percentile.is_some());
    let room = LEGEND_LINES - 1 - tail;
    let shown = if curves.len() > room + 1 {
        room
    } else {
        curves.len()
    };
    let mut items: Vec<(Swatch, String)> = curves
        .iter()
        .take(shown)
        .map(|(colour, text)| (Swatch::Line(*colour), text.clone()))
        .collect();
    if shown < curves.len() {
        let more = curves.len() - shown;
        items.push((Swatch::None, format!("… and {more} more {noun}")));
    }
    if let Some(target) = target_secs {
        items.push((
            Swatch::Line(style::TARGET),
            format!("target: {}", format_secs(target)),
        ));
    }
    if let Some(p) = percentile {
        items.push((
            Swatch::Line(style::MARKER),
            format!(
                "{p} line (judged): each curve crosses it at its {p}",
                p = pct_label(p)
            ),
        ));
    }
    items
}

/// Width and height of a chart with `legend_items` lines of legend: the
/// standard size, and the legend under it.
pub(super) fn size(legend_items: usize) -> (u32, u32) {
    (style::WIDTH, style::HEIGHT + legend_px(legend_items))
}

/// The legend's height: a line per item.
fn legend_px(items: usize) -> u32 {
    LEGEND_PAD_PX + LEGEND_LINE_PX * items as u32
}

/// The end of the time axis: past the target and the 99th percentile
/// of each curve's finite values, but not out to a far outlier.
fn upper_secs(c: &CurvesChart) -> f64 {
    let tails = c.curves.iter().filter_map(|(s, _)| {
        let rank = (s.values.len() as f64 * 0.99).ceil() as usize;
        s.values.get(rank.max(1) - 1).copied()
    });
    tails
        .chain(c.target_secs.map(|t| t * 1.15))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.05
}

/// The cumulative curve of `s` in axis units, clipped at `x_max`: flat at
/// 0 up to the first value, sampled by rank, then flat to the axis end.
fn points(s: &Curve, scale: TimeScale, x_max: f64) -> Vec<(f64, f64)> {
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

/// Draws `c` on `root`: the axes, the curves, the target, the judged
/// percentile, and the legend under them.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &CurvesChart,
) -> DrawResult<DB> {
    let upper = upper_secs(c);
    let scale = TimeScale::for_max(upper);
    let x_max = scale.to_axis(upper);
    let (_, height) = root.dim_in_pixel();
    let (plot, lower) = root.split_vertically(height.saturating_sub(legend_px(c.legend.len())));
    let caption = style::Caption::fit(&plot, &c.caption);
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
        .x_desc(format!("{} ({})", c.axis, scale.unit))
        .y_desc("share of runs at or below (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| TimeScale::tick(*x, x_max))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;

    if let Some(p) = c.percentile {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, p), (x_max, p)],
            style::MARKER.mix(0.6).stroke_width(1),
        )))?;
    }
    for (s, colour) in &c.curves {
        chart.draw_series(std::iter::once(PathElement::new(
            points(s, scale, x_max),
            colour.stroke_width(3),
        )))?;
    }
    if let Some(target) = c.target_secs {
        let x = scale.to_axis(target);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, 100.0)],
            style::TARGET.stroke_width(2),
        )))?;
    }
    style::legend_lines(&lower, &c.legend, LEGEND_LINE_PX as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curves(n: usize) -> Vec<(RGBColor, String)> {
        (0..n)
            .map(|k| (style::series_colour(k), format!("{k}")))
            .collect()
    }

    #[test]
    fn the_legend_has_a_line_per_curve_the_target_and_the_percentile() {
        let items = legend(&curves(3), "plans", Some(60.0), Some(95.0));
        assert_eq!(items.len(), 5);
        assert_eq!(items[3].1, "target: 1m");
        assert_eq!(
            items[4].1,
            "p95 line (judged): each curve crosses it at its p95"
        );
        assert_eq!(
            size(items.len()).1,
            style::HEIGHT + LEGEND_PAD_PX + 5 * LEGEND_LINE_PX
        );
    }

    #[test]
    fn the_legend_stays_under_the_ceiling_however_many_curves() {
        let many = legend(&curves(500), "cases", Some(60.0), Some(95.0));
        assert_eq!(many.len(), LEGEND_LINES);
        assert_eq!(many[LEGEND_LINES - 3].1, "… and 463 more cases");
        assert!(size(many.len()).1 <= super::super::MAX_HEIGHT);
    }

    #[test]
    fn a_curve_counts_infinite_values_as_never_and_sorts_the_rest() {
        let c = Curve::new("a".into(), vec![3.0, f64::INFINITY, 1.0, f64::NAN]);
        assert_eq!(c.values, vec![1.0, 3.0]);
        assert_eq!(c.never, 1);
        assert_eq!(c.runs_legend(), "a: 3 runs · never 33.3 %");
    }
}
