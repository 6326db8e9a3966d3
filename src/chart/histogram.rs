//! The layout of the distribution chart, as plain numbers: where the time
//! axis ends (past p95, and past the target unless the target lies far
//! beyond the runs, but not out to a far outlier), the
//! bins and their counts, the bars right of the axis for runs beyond it and
//! runs never recovered (with where their labels stand), the height of the
//! share axis and the points of the cumulative curve. No drawing here.

use plotters::style::RGBColor;

use super::data::{DistributionData, TimeScale};
use super::style;
use crate::format::{format_secs, percent};

/// Bins from 0 to the end of the axis.
pub(super) const BINS: usize = 50;

/// Points of the cumulative curve, about (one per this many values at most).
const CURVE_POINTS: usize = 400;

/// A histogram of a distribution's finite values on a readable time axis.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Histogram {
    /// The end of the time axis, seconds.
    pub upper_secs: f64,
    pub scale: TimeScale,
    /// The end of the time axis, axis units.
    pub x_max: f64,
    /// The width of a bin, axis units.
    pub bin: f64,
    /// Runs per bin, [`BINS`] of them; a value on a bin edge counts in the
    /// bin above it, the end of the axis in the last bin.
    pub counts: Vec<usize>,
    /// Runs with a finite value past the end of the axis.
    pub beyond: usize,
    /// Runs never recovered.
    pub never: usize,
    /// The target lies on the axis (else it is far right of every run and
    /// marked at the axis' end, so that it does not squeeze the runs
    /// against the left edge).
    pub target_on_axis: bool,
    /// All runs, at least 1: what shares are shares of.
    runs: f64,
}

/// A target further than this many times the runs' extent is left off
/// the axis (the runs would take less than half of it).
const TARGET_REACH: f64 = 2.0;

/// A bar right of the axis proper: the runs beyond it or the runs never
/// recovered, with its label ("never: 2.5 %") above it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ExtraBar {
    /// Left and right edges, axis units.
    pub x0: f64,
    pub x1: f64,
    /// Share of runs, %.
    pub height: f64,
    pub colour: RGBColor,
    pub text: String,
    /// Where the label's top-left corner stands, chart coordinates.
    pub text_x: f64,
    pub text_y: f64,
}

/// The end of the time axis, seconds, and whether the target is on it.
///
/// The runs' extent: past p95 by 10 % and out to the p99.5 of the finite
/// values but no further (the last half per cent, if further, get a bar
/// of their own); when every value fits, the largest value. The axis
/// reaches 15 % past the target too, unless that is more than
/// [`TARGET_REACH`] times the runs' extent: a target of a day over runs
/// of under an hour would crowd them into the left edge. At least 1 s.
pub(super) fn axis_upper_secs(d: &DistributionData) -> (f64, bool) {
    let finite_max = d.values.last().copied().unwrap_or(0.0);
    let p995 = d
        .values
        .get(((d.values.len() as f64 * 0.995) as usize).min(d.values.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    let tail = p995.max(d.p95 * 1.1).max(1.0);
    let runs_upper = if finite_max <= tail {
        finite_max.max(1.0)
    } else {
        tail
    };
    let target_room = d.target.unwrap_or(0.0) * 1.15;
    let on_axis =
        d.target.is_some() && (d.values.is_empty() || target_room <= TARGET_REACH * runs_upper);
    if on_axis {
        (runs_upper.max(target_room), true)
    } else {
        (runs_upper, false)
    }
}

impl Histogram {
    /// The histogram of `d`'s finite values.
    pub fn of(d: &DistributionData) -> Histogram {
        let (upper_secs, target_on_axis) = axis_upper_secs(d);
        let scale = TimeScale::for_max(upper_secs);
        let x_max = scale.to_axis(upper_secs);
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
        Histogram {
            upper_secs,
            scale,
            x_max,
            bin,
            counts,
            beyond,
            never: d.never,
            target_on_axis,
            runs: d.runs().max(1) as f64,
        }
    }

    /// `count` runs as a share of all runs, %.
    pub fn share(&self, count: usize) -> f64 {
        count as f64 / self.runs * 100.0
    }

    /// The end of the x axis: past the axis proper, room for the extra bars.
    pub fn x_end(&self) -> f64 {
        let extra_bars = usize::from(self.beyond > 0) + usize::from(self.never > 0);
        self.x_max + self.bin * (1.5 * extra_bars as f64 + 0.5)
    }

    /// The share of the highest bar, extra bars included, %; at least one
    /// run's share.
    pub fn top(&self) -> f64 {
        let highest = self
            .counts
            .iter()
            .chain([&self.beyond, &self.never])
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        self.share(highest)
    }

    /// The bars right of the axis, each a bin wide, half a bin apart: runs
    /// beyond the axis, then runs never recovered (each only if any).
    /// Their labels are stacked, so that two neighbouring labels do not
    /// overlap.
    pub fn extra_bars(&self) -> Vec<ExtraBar> {
        let (bin, top) = (self.bin, self.top());
        let mut bars = Vec::new();
        let mut slot = self.x_max + bin * 0.5;
        for (count, colour, label) in [
            (
                self.beyond,
                style::SECONDARY,
                format!("> {}", format_secs(self.upper_secs)),
            ),
            (self.never, style::NEVER, "never".to_string()),
        ] {
            if count == 0 {
                continue;
            }
            let height = self.share(count);
            bars.push(ExtraBar {
                x0: slot,
                x1: slot + bin,
                height,
                colour,
                text: format!("{label}: {}", percent(count as f64 / self.runs)),
                text_x: slot - bin * 6.0,
                text_y: height + top * (0.04 + 0.07 * (slot - self.x_max) / bin),
            });
            slot += bin * 1.5;
        }
        bars
    }

    /// The cumulative curve of the sorted finite `values`: (value in axis
    /// units, share of runs at or below it, %), about 400 points and the
    /// last value, none past the end of the axis.
    pub fn curve(&self, values: &[f64]) -> Vec<(f64, f64)> {
        let step = (values.len() / CURVE_POINTS).max(1);
        values
            .iter()
            .enumerate()
            .step_by(step)
            .chain(values.last().map(|v| (values.len() - 1, v)))
            .map(|(k, v)| (self.scale.to_axis(*v).min(self.x_max), self.share(k + 1)))
            .filter(|(x, _)| *x <= self.x_max)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(values: Vec<f64>, never: usize, target: Option<f64>) -> DistributionData {
        let mut values = values;
        values.sort_unstable_by(f64::total_cmp);
        let p95 = values
            .get(values.len() * 95 / 100)
            .copied()
            .unwrap_or(f64::INFINITY);
        DistributionData {
            title: "t".into(),
            quantity: super::super::data::Quantity::Rto,
            values,
            never,
            target,
            percentile: 95.0,
            at_percentile: p95,
            p50: p95,
            p95,
            from: None,
        }
    }

    /// 10 000 runs spread evenly over 1 to 10 000 s.
    fn even() -> Vec<f64> {
        (1..=10_000).map(f64::from).collect()
    }

    #[test]
    fn counts_sum_to_the_finite_runs() {
        let h = Histogram::of(&data(even(), 7, None));
        assert_eq!(h.counts.len(), BINS);
        assert_eq!(h.counts.iter().sum::<usize>(), 10_000);
        assert_eq!(h.never, 7);
        // p95 × 1.1 = 10 451 s lies past the largest value: nothing beyond,
        // the axis ends at the largest value, in minutes.
        assert_eq!(h.beyond, 0);
        assert_eq!(h.upper_secs, 10_000.0);
        assert_eq!(h.scale.unit, "minutes");
        // Evenly spread: 200 runs in each bin of 200 s (± the values on
        // the edges; 10 000 s itself in the last bin).
        assert!(
            h.counts.iter().all(|c| (199..=201).contains(c)),
            "{:?}",
            h.counts
        );
    }

    #[test]
    fn a_far_outlier_gets_the_beyond_bar() {
        let mut values = even();
        values[9_999] = 1e7;
        let h = Histogram::of(&data(values, 0, None));
        // The axis ends 10 % past p95 (9 501 s), not at 1e7 s.
        assert_eq!(h.upper_secs, 9_501.0 * 1.1);
        assert_eq!(h.beyond, 1);
        assert_eq!(h.counts.iter().sum::<usize>(), 9_999);
        let bars = h.extra_bars();
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].colour, style::SECONDARY);
        // One run in 10 000: a share near 0 keeps a second digit.
        assert_eq!(bars[0].text, "> 2h54m: 0.01 %");
        assert_eq!(bars[0].x0, h.x_max + h.bin * 0.5);
        assert_eq!(bars[0].x1, bars[0].x0 + h.bin);
        assert_eq!(bars[0].height, 0.01);
    }

    #[test]
    fn the_last_half_per_cent_past_p995_gets_a_bar_of_its_own() {
        // 9 900 runs up to 9 900 s and a tail of 100 from 20 000 s.
        let values: Vec<f64> = (1..=9_900)
            .map(f64::from)
            .chain((20_000..20_100).map(f64::from))
            .collect();
        let h = Histogram::of(&data(values, 0, None));
        // The p99.5 (run 9 951 of 10 000) is 20 050 s: past it, 49 runs.
        assert_eq!(h.upper_secs, 20_050.0);
        assert_eq!(h.scale.unit, "hours");
        assert_eq!(h.beyond, 49);
        assert_eq!(h.counts.iter().sum::<usize>(), 9_951);
        assert_eq!(h.extra_bars()[0].text, "> 5h34m: 0.5 %");
    }

    #[test]
    fn the_axis_reaches_past_the_target_by_15_percent() {
        // Runs up to 50 minutes, a target of an hour.
        let values: Vec<f64> = (1..=100).map(|k| f64::from(k) * 30.0).collect();
        let h = Histogram::of(&data(values, 0, Some(3600.0)));
        assert!(h.target_on_axis);
        assert_eq!(h.upper_secs, 3600.0 * 1.15);
        assert_eq!(h.scale.unit, "minutes");
        assert_eq!(h.x_max, 69.0);
    }

    #[test]
    fn a_target_far_beyond_the_runs_does_not_crowd_them_into_the_left_edge() {
        // Issue 11 (the hot spare's RPO): runs of 10 to 50 minutes, a
        // target of a day. The axis was 27.6 hours, the runs in its first
        // 3 %; now it is the runs', in minutes, the target off to the right.
        let values: Vec<f64> = (0..1000).map(|k| 600.0 + 2.4 * f64::from(k)).collect();
        let h = Histogram::of(&data(values, 0, Some(86_400.0)));
        assert!(!h.target_on_axis);
        assert_eq!(h.scale.unit, "minutes");
        assert!(h.upper_secs < 3600.0, "{}", h.upper_secs);
        // The runs fill the bins from a fifth of the axis on.
        assert!(
            h.counts[BINS / 4..].iter().all(|c| *c > 0),
            "{:?}",
            h.counts
        );
    }

    #[test]
    fn the_axis_reaches_past_p95_by_10_percent_when_values_go_further() {
        // 1 000 values up to 1 000 s and ten at 5 000 s: p95 960 s.
        let mut values: Vec<f64> = (1..=1000).map(f64::from).collect();
        values.extend([5000.0; 10]);
        let d = data(values, 0, None);
        assert_eq!(d.p95, 960.0);
        // p99.5 (rank 1 004) is 5 000 s: the axis ends there, nothing beyond.
        assert_eq!(axis_upper_secs(&d), (5000.0, false));
        let d = DistributionData {
            values: (1..=1000).map(f64::from).chain([1e6]).collect(),
            ..d
        };
        assert_eq!(axis_upper_secs(&d), (960.0 * 1.1, false));
    }

    #[test]
    fn never_recovered_runs_get_a_bar_after_the_beyond_bar() {
        let mut values = even();
        values[9_999] = 1e7;
        let h = Histogram::of(&data(values, 250, None));
        let bars = h.extra_bars();
        assert_eq!(bars.len(), 2);
        assert_eq!(bars[1].colour, style::NEVER);
        assert_eq!(bars[1].text, "never: 2.4 %");
        assert_eq!(bars[1].x0, bars[0].x0 + h.bin * 1.5);
        // The second label stands higher than its bar by more than the first.
        assert!(bars[1].text_y - bars[1].height > bars[0].text_y - bars[0].height);
        // Room for both bars and half a bin.
        assert_eq!(h.x_end(), h.x_max + h.bin * 3.5);
    }

    #[test]
    fn runs_never_recovered_alone() {
        let h = Histogram::of(&data(Vec::new(), 10, Some(60.0)));
        assert_eq!(h.counts.iter().sum::<usize>(), 0);
        assert_eq!(h.upper_secs, 60.0 * 1.15);
        assert_eq!(h.top(), 100.0);
        let bars = h.extra_bars();
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].text, "never: 100.0 %");
        assert_eq!(bars[0].height, 100.0);
    }

    #[test]
    fn without_values_the_axis_is_one_second() {
        let h = Histogram::of(&data(vec![0.0; 4], 0, None));
        assert_eq!(h.upper_secs, 1.0);
        assert_eq!(h.scale.unit, "seconds");
        assert_eq!(h.counts[0], 4);
        assert_eq!(h.top(), 100.0);
        assert!(h.extra_bars().is_empty());
        assert_eq!(h.x_end(), 1.0 + 0.02 * 0.5);
    }

    #[test]
    fn the_curve_rises_to_the_finite_share_within_the_axis() {
        let h = Histogram::of(&data(even(), 10_000, None));
        let curve = h.curve(&data(even(), 0, None).values);
        // Every 25th value and the last: 400 points and the end.
        assert_eq!(curve.len(), 401);
        assert_eq!(curve.last(), Some(&(h.x_max, 50.0)));
        assert!(
            curve
                .windows(2)
                .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1)
        );
    }
}
