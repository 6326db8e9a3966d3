//! The RTO split by what held in a disaster: a cumulative curve per part
//! of the week it struck in (in hours, nights, weekends) or per case of a
//! condition, overlaid on one axis and drawn as the curves of `curves`
//! are, with the target, the judged percentile (where a curve crosses it
//! is that group's value in the review's tables), and a legend naming
//! each group with its share of runs. Only groups with runs are drawn,
//! each in its own colour whichever others are left out; a split with
//! fewer than two such groups has no chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::curves::{self, Curve, CurvesChart};
use super::{DrawResult, style};
use crate::format::percent;
use crate::report::{GroupReport, Report, clock_phrase};
use crate::runner::{Column, Results};
use crate::scenario::TimeOfWeek;

/// What the runs are split by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// The part of the week the disaster struck in.
    TimeOfWeek,
    /// The case of the condition of this name.
    Condition(String),
}

impl Split {
    /// The chart's file name stem: `rto-by-time-of-week`,
    /// `rto-by-<condition>` (`rto-by-condition-time-of-week` for a
    /// condition called `time-of-week`, so that no two charts share a
    /// file).
    pub fn chart_name(&self) -> String {
        match self {
            Split::TimeOfWeek => "rto-by-time-of-week".to_string(),
            Split::Condition(name) if name == "time-of-week" => {
                format!("rto-by-condition-{name}")
            }
            Split::Condition(name) => format!("rto-by-{name}"),
        }
    }

    /// "time of week", "condition region_load": as the chart's title says.
    fn words(&self) -> String {
        match self {
            Split::TimeOfWeek => "time of week".to_string(),
            Split::Condition(name) => format!("condition {name}"),
        }
    }

    /// The splits of `report`, in its order: the time of week when it has
    /// one, then each condition.
    pub fn of(report: &Report) -> Vec<Split> {
        let time = (!report.by_time_of_week.is_empty()).then_some(Split::TimeOfWeek);
        time.into_iter()
            .chain(
                report
                    .by_condition
                    .iter()
                    .map(|c| Split::Condition(c.name.clone())),
            )
            .collect()
    }
}

/// The RTO of each group of one split.
#[derive(Debug, Clone)]
pub struct WorldData {
    /// The scenario's name.
    pub title: String,
    pub split: Split,
    /// The groups with runs, in report order.
    pub groups: Vec<WorldGroup>,
    /// The RTO target, seconds.
    pub target_secs: Option<f64>,
    /// The percentile targets are judged at (0–100).
    pub percentile: f64,
    /// Where the RTO's clock starts, as written (`None`: the disaster).
    pub from: Option<String>,
}

/// One group's runs.
#[derive(Debug, Clone)]
pub struct WorldGroup {
    /// "nights", a case's name; and its RTO per run.
    pub curve: Curve,
    /// Its share of all runs (0–1).
    pub share: f64,
    /// Its place among all the split's groups, empty ones counted: it
    /// picks the colour, so a group keeps its colour from chart to chart.
    pub index: usize,
}

impl WorldGroup {
    /// "nights (41.3 %)", and the share never recovered when some were not.
    fn legend(&self) -> String {
        format!(
            "{} ({}){}",
            self.curve.label,
            percent(self.share),
            self.curve.never_words()
        )
    }
}

impl WorldData {
    /// A chart per split of `report` with two groups or more with runs:
    /// the time of week first, then each condition. The run's group is in
    /// `results.world`: the part of the week in its first column when the
    /// report has a time of week, then a column per condition holding the
    /// case's index.
    pub fn all(report: &Report, results: &Results) -> Vec<WorldData> {
        Split::of(report)
            .into_iter()
            .enumerate()
            .filter_map(|(column, split)| {
                let groups: Vec<(&GroupReport, String)> = match &split {
                    Split::TimeOfWeek => report
                        .by_time_of_week
                        .iter()
                        .map(|g| (g, part_words(&g.key)))
                        .collect(),
                    Split::Condition(name) => report
                        .by_condition
                        .iter()
                        .find(|c| &c.name == name)
                        .map_or(&[][..], |c| &c.cases)
                        .iter()
                        .map(|g| (g, g.key.clone()))
                        .collect(),
                };
                WorldData::of(report, results, split, column, &groups)
            })
            .collect()
    }

    /// The chart of one split whose groups are `groups` (report, label)
    /// and whose runs' groups are column `column` of `results.world`;
    /// `None` with fewer than two groups with runs.
    fn of(
        report: &Report,
        results: &Results,
        split: Split,
        column: usize,
        groups: &[(&GroupReport, String)],
    ) -> Option<WorldData> {
        let rto = results.samples.column(Column::Rto);
        let of_run = results.world.column(column);
        let groups: Vec<WorldGroup> = groups
            .iter()
            .enumerate()
            .filter(|(_, (g, _))| g.runs > 0)
            .map(|(index, (g, label))| {
                let values = rto
                    .iter()
                    .zip(of_run)
                    .filter(|(_, v)| usize::from(**v) == index)
                    .map(|(x, _)| *x)
                    .collect();
                WorldGroup {
                    curve: Curve::new(label.clone(), values),
                    share: g.share,
                    index,
                }
            })
            .collect();
        (groups.len() >= 2).then(|| WorldData {
            title: report.scenario.name.clone(),
            split,
            groups,
            target_secs: report.rto.target.filter(|t| t.is_finite()),
            percentile: report.percentile,
            from: report.rto.from.clone(),
        })
    }

    /// The legend: a line per group, the target and the judged percentile.
    fn legend(&self) -> Vec<(style::Swatch, String)> {
        let lines: Vec<_> = self
            .groups
            .iter()
            .map(|g| (style::series_colour(g.index), g.legend()))
            .collect();
        curves::legend(&lines, "cases", self.target_secs, Some(self.percentile))
    }
}

/// "in hours", "nights", "weekends" for a part's key, as the review's
/// tables name them.
fn part_words(key: &str) -> String {
    TimeOfWeek::ALL
        .iter()
        .find(|p| p.key() == key)
        .map_or(key, |p| p.words())
        .to_string()
}

/// Width and height of the chart of `d`: the standard size, and the
/// legend's lines under it.
pub(super) fn size(d: &WorldData) -> (u32, u32) {
    curves::size(d.legend().len())
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &WorldData,
) -> DrawResult<DB> {
    let chart = CurvesChart {
        caption: format!("RTO by {} — {}", d.split.words(), d.title),
        axis: format!("RTO{}", clock_phrase(d.from.as_deref())),
        curves: d
            .groups
            .iter()
            .map(|g| (&g.curve, style::series_colour(g.index)))
            .collect(),
        target_secs: d.target_secs,
        percentile: Some(d.percentile),
        legend: d.legend(),
    };
    curves::draw(root, &chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_named_after_their_split_and_never_share_a_file() {
        assert_eq!(Split::TimeOfWeek.chart_name(), "rto-by-time-of-week");
        let condition = |n: &str| Split::Condition(n.into()).chart_name();
        assert_eq!(condition("region_load"), "rto-by-region_load");
        assert_eq!(condition("time-of-week"), "rto-by-condition-time-of-week");
    }

    #[test]
    fn parts_of_the_week_read_as_the_tables_name_them() {
        assert_eq!(part_words("night"), "nights");
        assert_eq!(part_words("in_hours"), "in hours");
        assert_eq!(part_words("other"), "other");
    }

    #[test]
    fn a_group_s_legend_names_it_with_its_share_of_runs() {
        let group = WorldGroup {
            curve: Curve::new("nights".into(), vec![1.0, f64::INFINITY]),
            share: 0.4613,
            index: 1,
        };
        assert_eq!(group.legend(), "nights (46.1 %) · never 50.0 %");
    }
}
