//! What each chart shows: plain data, built once from a report, its
//! results and (for timelines) replayed runs.

use crate::format::format_secs;
pub use crate::report::Quantity;
use crate::report::Report;
use crate::runner::{Column, Results};

/// A time axis in a readable unit: minutes, hours or days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale {
    /// Seconds per axis unit.
    pub secs_per_unit: f64,
    /// The unit's name for axis descriptions.
    pub unit: &'static str,
}

impl TimeScale {
    /// The unit that suits times up to `max_secs`: hours up to four days,
    /// so that an axis holding times under three days — which every
    /// output writes in hours ("48h", "51h39m") — is in hours too.
    pub fn for_max(max_secs: f64) -> TimeScale {
        if max_secs <= 2.0 * 60.0 {
            TimeScale {
                secs_per_unit: 1.0,
                unit: "seconds",
            }
        } else if max_secs <= 3.0 * 3600.0 {
            TimeScale {
                secs_per_unit: 60.0,
                unit: "minutes",
            }
        } else if max_secs <= 4.0 * 86_400.0 {
            TimeScale {
                secs_per_unit: 3600.0,
                unit: "hours",
            }
        } else {
            TimeScale {
                secs_per_unit: 86_400.0,
                unit: "days",
            }
        }
    }

    /// Seconds to axis units.
    pub fn to_axis(&self, secs: f64) -> f64 {
        secs / self.secs_per_unit
    }

    /// A tick label for axis value `x` on an axis ending at `x_max`: one
    /// decimal on a short axis (under 5 units), else whole numbers, and a
    /// decimal for a tick between them (plotters puts ticks every half
    /// unit on axes up to about 10: "4.5", never a second "4").
    pub fn tick(x: f64, x_max: f64) -> String {
        if x_max < 5.0 || (x - x.round()).abs() > 1e-9 {
            format!("{x:.1}")
        } else {
            format!("{x:.0}")
        }
    }
}

/// The distribution of RTO or RPO over runs.
#[derive(Debug, Clone)]
pub struct DistributionData {
    /// The scenario's name.
    pub title: String,
    /// RTO or RPO.
    pub quantity: Quantity,
    /// Finite values, sorted ascending, seconds.
    pub values: Vec<f64>,
    /// Runs whose value is infinite (never recovered).
    pub never: usize,
    pub target: Option<f64>,
    /// Percentile the target is judged at (0–100).
    pub percentile: f64,
    /// Value at that percentile (may be infinite).
    pub at_percentile: f64,
    pub p50: f64,
    pub p95: f64,
    /// Where an RTO's clock starts, as written (`None`: the disaster).
    pub from: Option<String>,
}

impl DistributionData {
    /// All runs, finite or not.
    pub fn runs(&self) -> usize {
        self.values.len() + self.never
    }
}

/// "p95 1h50m" style label.
pub fn percentile_label(percentile: f64, secs: f64) -> String {
    format!(
        "{} {}",
        crate::format::pct_label(percentile),
        format_secs(secs)
    )
}

impl DistributionData {
    /// The run RTO or RPO of a finished simulation.
    pub fn from_results(
        report: &Report,
        results: &Results,
        quantity: Quantity,
    ) -> DistributionData {
        let (metric, column) = match quantity {
            Quantity::Rto => (&report.rto, Column::Rto),
            Quantity::Rpo => (&report.rpo, Column::Rpo),
        };
        // The sorted column, without its infinite values (they sort last).
        let values: Vec<f64> = results
            .samples
            .sorted(column)
            .values()
            .iter()
            .copied()
            .take_while(|v| v.is_finite())
            .collect();
        let never = results.samples.runs() - values.len();
        DistributionData {
            title: report.scenario.name.clone(),
            quantity,
            values,
            never,
            target: metric.target,
            percentile: metric.percentile,
            at_percentile: metric.at_percentile,
            p50: metric.p50,
            p95: metric.p95,
            from: metric.from.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(max_secs: f64) -> &'static str {
        TimeScale::for_max(max_secs).unit
    }

    #[test]
    fn seconds_up_to_two_minutes() {
        assert_eq!(unit(0.0), "seconds");
        assert_eq!(unit(120.0), "seconds");
        assert_eq!(TimeScale::for_max(120.0).secs_per_unit, 1.0);
        assert_eq!(unit(120.001), "minutes");
    }

    #[test]
    fn minutes_up_to_three_hours() {
        assert_eq!(unit(10_800.0), "minutes");
        assert_eq!(TimeScale::for_max(10_800.0).to_axis(10_800.0), 180.0);
        assert_eq!(unit(10_800.001), "hours");
    }

    #[test]
    fn hours_up_to_four_days_then_days() {
        // Issue 11: a 48h target over an axis in days read "2d" beside it.
        assert_eq!(unit(259_200.0), "hours");
        assert_eq!(unit(345_600.0), "hours");
        assert_eq!(TimeScale::for_max(345_600.0).to_axis(345_600.0), 96.0);
        assert_eq!(unit(345_600.001), "days");
        assert_eq!(TimeScale::for_max(1e9).to_axis(86_400.0 * 7.0), 7.0);
    }

    #[test]
    fn ticks_have_a_decimal_on_short_axes_only() {
        assert_eq!(TimeScale::tick(2.5, 4.9), "2.5");
        // Issue 11: a 5.8-hour axis read "0 1 1 2 2 3 3 4 4 5".
        assert_eq!(TimeScale::tick(2.5, 5.8), "2.5");
        assert_eq!(TimeScale::tick(2.0, 5.8), "2");
        assert_eq!(TimeScale::tick(40.0, 180.0), "40");
    }

    #[test]
    fn quantities_name_their_labels_and_files() {
        assert_eq!(Quantity::Rto.label(), "RTO");
        assert_eq!(Quantity::Rpo.label(), "RPO");
        assert_eq!(Quantity::Rto.key(), "rto");
        assert_eq!(Quantity::Rpo.key(), "rpo");
    }
}
