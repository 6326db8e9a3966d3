//! Histogram of RTO or RPO with the cumulative curve (S-curve) on a second
//! axis, the target as a vertical line, the judged percentile marked, p50
//! and p95 annotated, and runs beyond the axis and never-recovered runs as
//! bars of their own at the right.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{DistributionData, TimeScale, percentile_label};
use super::{DrawResult, style};
use crate::duration::format_secs;

const BINS: usize = 50;

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &DistributionData,
) -> DrawResult<DB> {
    let runs = d.runs().max(1) as f64;
    let finite_max = d.values.last().copied().unwrap_or(0.0);
    // The axis ends past the target and p95 but not at a far outlier: the
    // last half per cent of runs, if further, get a bar of their own.
    let p995 = d
        .values
        .get(((d.values.len() as f64 * 0.995) as usize).min(d.values.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    let mut upper = p995
        .max(d.target.unwrap_or(0.0) * 1.15)
        .max(d.p95 * 1.1)
        .max(1.0);
    if finite_max <= upper {
        upper = finite_max.max(d.target.unwrap_or(0.0) * 1.15).max(1.0);
    }
    let scale = TimeScale::for_max(upper);
    let x_max = scale.to_axis(upper);
    let bin = x_max / BINS as f64;
    let mut counts = vec![0usize; BINS];
    let mut beyond = 0usize;
    for v in &d.values {
        let x = scale.to_axis(*v);
        if x > x_max {
            beyond += 1;
        } else {
            counts[((x / bin) as usize).min(BINS - 1)] += 1;
        }
    }
    let extra_bars = usize::from(beyond > 0) + usize::from(d.never > 0);
    let x_end = x_max + bin * (1.5 * extra_bars as f64 + 0.5);
    let top = counts
        .iter()
        .chain([&beyond, &d.never])
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64
        / runs
        * 100.0;

    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{} distribution — {}", d.quantity.label(), d.title),
            style::title(),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .right_y_label_area_size(64)
        .build_cartesian_2d(0.0..x_end, 0.0..top * 1.15)?
        .set_secondary_coord(0.0..x_end, 0.0..100.0);
    chart
        .configure_mesh()
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc(format!("{} ({})", d.quantity.label(), scale.unit))
        .y_desc("share of runs per bar (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| axis_label(*x, x_max))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("cumulative share of runs (%)")
        .label_style(style::label())
        .axis_desc_style(style::label())
        .draw()?;

    let bars = counts.iter().enumerate().map(|(k, c)| {
        let (x0, x1) = (k as f64 * bin, (k + 1) as f64 * bin);
        Rectangle::new(
            [(x0, 0.0), (x1, *c as f64 / runs * 100.0)],
            style::PRIMARY.mix(0.75).filled(),
        )
    });
    chart
        .draw_series(bars)?
        .label(format!("{} of {} runs", d.quantity.label(), d.runs()))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], style::PRIMARY.filled()));

    // Bars beyond the axis: runs past it, and runs never recovered.
    let mut slot = x_max + bin * 0.5;
    for (count, colour, label) in [
        (
            beyond,
            style::SECONDARY,
            format!("> {}", format_secs(upper)),
        ),
        (d.never, style::NEVER, "never".to_string()),
    ] {
        if count == 0 {
            continue;
        }
        let height = count as f64 / runs * 100.0;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(slot, 0.0), (slot + bin, height)],
            colour.filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("{label}: {:.1} %", count as f64 / runs * 100.0),
            // Stacked, so that two neighbouring labels do not overlap.
            (
                slot - bin * 6.0,
                height + top * (0.04 + 0.07 * (slot - x_max) / bin),
            ),
            style::small(),
        )))?;
        slot += bin * 1.5;
    }

    // The S-curve: the share of runs at or below each value.
    let step = (d.values.len() / 400).max(1);
    let curve = d
        .values
        .iter()
        .enumerate()
        .step_by(step)
        .chain(d.values.last().map(|v| (d.values.len() - 1, v)))
        .map(|(k, v)| (scale.to_axis(*v).min(x_max), (k + 1) as f64 / runs * 100.0))
        .filter(|(x, _)| *x <= x_max);
    chart
        .draw_secondary_series(LineSeries::new(curve, style::SECONDARY.stroke_width(3)))?
        .label("cumulative share")
        .legend(|(x, y)| {
            PathElement::new(vec![(x, y), (x + 14, y)], style::SECONDARY.stroke_width(3))
        });

    // Target, judged percentile, p50 and p95.
    if let Some(target) = d.target {
        let x = scale.to_axis(target);
        chart
            .draw_secondary_series(LineSeries::new(
                vec![(x, 0.0), (x, 100.0)],
                style::TARGET.stroke_width(2),
            ))?
            .label(format!("target {}", format_secs(target)))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], style::TARGET.stroke_width(2))
            });
    }
    chart.draw_secondary_series(LineSeries::new(
        vec![(0.0, d.percentile), (x_max, d.percentile)],
        style::MARKER.mix(0.6).stroke_width(1),
    ))?;
    if d.at_percentile.is_finite() {
        let x = scale.to_axis(d.at_percentile).min(x_max);
        chart
            .draw_secondary_series(std::iter::once(Circle::new(
                (x, d.percentile),
                6,
                style::MARKER.filled(),
            )))?
            .label(percentile_label(d.percentile, d.at_percentile))
            .legend(|(x, y)| Circle::new((x + 7, y), 5, style::MARKER.filled()));
    }
    for (p, v) in [(50.0, d.p50), (95.0, d.p95)] {
        if v.is_finite() && scale.to_axis(v) <= x_max {
            let x = scale.to_axis(v);
            chart.draw_secondary_series(std::iter::once(Text::new(
                percentile_label(p, v),
                (x, p - 8.0),
                style::small(),
            )))?;
            chart.draw_secondary_series(std::iter::once(Circle::new(
                (x, p),
                3,
                style::TEXT.filled(),
            )))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::MiddleRight)
        .background_style(style::BACKGROUND.mix(0.85))
        .border_style(style::GRID)
        .label_font(style::small())
        .draw()?;
    Ok(())
}

/// A tick label: as many decimals as the axis range needs; none past the
/// end of the axis proper (where the extra bars stand).
fn axis_label(x: f64, x_max: f64) -> String {
    if x > x_max + 1e-9 {
        String::new()
    } else if x_max < 5.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}
