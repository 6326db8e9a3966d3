//! Histogram of RTO or RPO with the cumulative curve (S-curve) on a second
//! axis, the target as a vertical line (or, far beyond the runs, marked at
//! the axis' end), the judged percentile, p50 and p95 as dots on the
//! curve, and runs beyond the axis and never-recovered runs as bars of
//! their own at the right. The legend, with the percentiles' values,
//! stands under the chart, so that nothing is written over the bars, the
//! curve or the target. Where things go is worked out in
//! [`super::histogram`]; this file only draws.

use plotters::chart::DualCoordChartContext;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{DistributionData, TimeScale, percentile_label};
use super::histogram::Histogram;
use super::style::Swatch;
use super::{DrawResult, style};
use crate::format::{format_secs, thousands};

/// Height of the legend under the chart, pixels.
const LEGEND_PX: u32 = 40;

/// The chart: shares of runs per bar on the left axis, the cumulative
/// share on the right, both over the same time axis.
type DualChart<'a, DB> = DualCoordChartContext<
    'a,
    DB,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
>;

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &DistributionData,
) -> DrawResult<DB> {
    let h = Histogram::of(d);
    let (_, height) = root.dim_in_pixel();
    let (upper, lower) = root.split_vertically(height.saturating_sub(LEGEND_PX));
    let mut chart = axes(&upper, d, &h)?;
    draw_bars(&mut chart, &h)?;
    draw_curve(&mut chart, d, &h)?;
    draw_target(&upper, &mut chart, d, &h)?;
    draw_percentiles(&mut chart, d, &h)?;
    style::legend_rows(&lower, &legend_items(d, &h))
}

/// The legend: the bars, the curve, the target, and each percentile
/// marked on the curve with its value.
fn legend_items(d: &DistributionData, h: &Histogram) -> Vec<(Swatch, String)> {
    let mut items = vec![
        (
            Swatch::Bar(style::PRIMARY),
            format!(
                "{} of {} runs",
                d.quantity.label(),
                thousands(d.runs() as u64)
            ),
        ),
        (Swatch::Line(style::SECONDARY), "cumulative share".into()),
    ];
    if let Some(target) = d.target {
        let text = if h.target_on_axis {
            format!("target {}", format_secs(target))
        } else {
            format!("target {} (far right of the axis)", format_secs(target))
        };
        items.push((Swatch::Line(style::TARGET), text));
    }
    if d.p50.is_finite() {
        items.push((Swatch::Dot(style::TEXT), percentile_label(50.0, d.p50)));
    }
    if d.percentile != 95.0 && d.p95.is_finite() {
        items.push((Swatch::Dot(style::TEXT), percentile_label(95.0, d.p95)));
    }
    items.push((
        Swatch::Dot(style::MARKER),
        format!(
            "{} (judged)",
            percentile_label(d.percentile, d.at_percentile)
        ),
    ));
    items
}

/// The caption and both axes.
fn axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    d: &DistributionData,
    h: &Histogram,
) -> Result<DualChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let quantity = d.quantity.label();
    let x_end = h.x_end();
    let caption = style::Caption::fit(root, &format!("{quantity} distribution — {}", d.title));
    let mut chart = ChartBuilder::on(root)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .right_y_label_area_size(64)
        .build_cartesian_2d(0.0..x_end, 0.0..h.top() * 1.15)?
        .set_secondary_coord(0.0..x_end, 0.0..100.0);
    chart
        .configure_mesh()
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc(format!(
            "{quantity}{} ({})",
            crate::report::clock_phrase(d.from.as_deref()),
            h.scale.unit
        ))
        .y_desc("share of runs per bar (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| axis_label(*x, h.x_max))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("cumulative share of runs (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .draw()?;
    Ok(chart)
}

/// The histogram's bins, then the bars beyond the axis with their labels.
fn draw_bars<DB: DrawingBackend>(chart: &mut DualChart<DB>, h: &Histogram) -> DrawResult<DB> {
    let bars = h.counts.iter().enumerate().map(|(k, c)| {
        let (x0, x1) = (k as f64 * h.bin, (k + 1) as f64 * h.bin);
        Rectangle::new(
            [(x0, 0.0), (x1, h.share(*c))],
            style::PRIMARY.mix(0.75).filled(),
        )
    });
    chart.draw_series(bars)?;
    for bar in h.extra_bars() {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(bar.x0, 0.0), (bar.x1, bar.height)],
            bar.colour.filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            bar.text,
            (bar.text_x, bar.text_y),
            style::small(),
        )))?;
    }
    Ok(())
}

/// The S-curve: the share of runs at or below each value.
fn draw_curve<DB: DrawingBackend>(
    chart: &mut DualChart<DB>,
    d: &DistributionData,
    h: &Histogram,
) -> DrawResult<DB> {
    chart.draw_secondary_series(LineSeries::new(
        h.curve(&d.values),
        style::SECONDARY.stroke_width(3),
    ))?;
    Ok(())
}

/// The target as a vertical line; far right of the axis, an arrow at
/// the middle of the axis' end, with its value, on `area`.
fn draw_target<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &mut DualChart<DB>,
    d: &DistributionData,
    h: &Histogram,
) -> DrawResult<DB> {
    let Some(target) = d.target else {
        return Ok(());
    };
    if h.target_on_axis {
        let x = h.scale.to_axis(target);
        chart.draw_secondary_series(LineSeries::new(
            vec![(x, 0.0), (x, 100.0)],
            style::TARGET.stroke_width(2),
        ))?;
        return Ok(());
    }
    let (x, y) = chart.borrow_secondary().backend_coord(&(h.x_end(), 50.0));
    area.draw(&Polygon::new(
        vec![(x - 3, y), (x - 15, y - 7), (x - 15, y + 7)],
        style::TARGET.filled(),
    ))?;
    area.draw(&Text::new(
        format!("target {}", format_secs(target)),
        (x - 20, y),
        style::small()
            .color(&style::TARGET)
            .pos(Pos::new(HPos::Right, VPos::Center)),
    ))
}

/// The judged percentile (a line across and a dot on the curve, at the
/// end of the axis when further), then p50 and p95 as dots where on the
/// axis; their values are in the legend.
fn draw_percentiles<DB: DrawingBackend>(
    chart: &mut DualChart<DB>,
    d: &DistributionData,
    h: &Histogram,
) -> DrawResult<DB> {
    chart.draw_secondary_series(LineSeries::new(
        vec![(0.0, d.percentile), (h.x_max, d.percentile)],
        style::MARKER.mix(0.6).stroke_width(1),
    ))?;
    for (p, v) in [(50.0, d.p50), (95.0, d.p95)] {
        if v.is_finite() && h.scale.to_axis(v) <= h.x_max && p != d.percentile {
            let x = h.scale.to_axis(v);
            chart.draw_secondary_series(std::iter::once(Circle::new(
                (x, p),
                4,
                style::TEXT.filled(),
            )))?;
        }
    }
    if d.at_percentile.is_finite() {
        let x = h.scale.to_axis(d.at_percentile).min(h.x_max);
        chart.draw_secondary_series(std::iter::once(Circle::new(
            (x, d.percentile),
            6,
            style::MARKER.filled(),
        )))?;
    }
    Ok(())
}

/// A tick label: as [`TimeScale::tick`] writes it; none past the end of
/// the axis proper (where the extra bars stand).
fn axis_label(x: f64, x_max: f64) -> String {
    if x > x_max + 1e-9 {
        String::new()
    } else {
        TimeScale::tick(x, x_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_stop_at_the_end_of_the_axis_proper() {
        assert_eq!(axis_label(30.0, 69.0), "30");
        assert_eq!(axis_label(69.0, 69.0), "69");
        assert_eq!(axis_label(70.0, 69.0), "");
        assert_eq!(axis_label(0.4, 1.0), "0.4");
        assert_eq!(axis_label(1.2, 1.0), "");
    }
}
