//! What a timeline shows: the engine's [`Timeline`] of one replayed run
//! copied into plain rows of bars (waits, work, failed attempts, retry
//! delays, fallback work), the critical path, and component recoveries;
//! and how each kind of bar looks.

pub use crate::engine::{Bar as GanttBar, BarKind, Span as GanttSpan};
use crate::engine::{Engine, Timeline, TimelineStep, Workspace};
use crate::report::Report;
use crate::runner::{self, Column, Results};
use crate::scenario::Scenario;

use plotters::style::RGBColor;

use super::super::style;

/// The timeline of one run.
#[derive(Debug, Clone)]
pub struct GanttData {
    /// The scenario's name.
    pub title: String,
    /// The percentile of the RTO the run was picked at (e.g. 50, 95).
    pub percentile: f64,
    /// Index of the replayed run (`None` when there were no runs).
    pub run: Option<u64>,
    /// When the run's service was back, from the disaster (infinite when
    /// never): where its RTO line stands on the time axis.
    pub rto_secs: f64,
    /// The run's RTO as reported: from the target's clock.
    pub measured_rto_secs: f64,
    /// The RTO target, if any, from its clock.
    pub target_secs: Option<f64>,
    /// When the RTO's clock started in this run (0: the disaster), and
    /// where it starts as written (`None`: the disaster).
    pub clock_secs: f64,
    pub from: Option<String>,
    /// Steps that made an attempt, in order of first start.
    pub rows: Vec<GanttRow>,
    /// Affected components, in file order.
    pub recoveries: Vec<GanttRecovery>,
}

/// One step's time line.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRow {
    /// The step's id.
    pub step: String,
    /// Its name (the id when the scenario gives none): the row's label.
    pub name: String,
    /// Marked critical by the engine (on the RTO's critical path).
    pub critical: bool,
    /// What it did, in time order.
    pub bars: Vec<GanttBar>,
    /// The stretches of it on the critical path.
    pub path: Vec<GanttSpan>,
}

/// When a component was recovered.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRecovery {
    /// The component's id.
    pub component: String,
    /// Its name (the id when the scenario gives none): the row's label.
    pub name: String,
    /// Infinite when never.
    pub secs: f64,
}

/// How each kind of the engine's bars looks in the chart.
impl BarKind {
    /// Its colour in the chart.
    pub fn colour(self) -> RGBColor {
        match self {
            BarKind::Engaging => style::ENGAGING,
            BarKind::Waiting => style::WAITING,
            BarKind::Working => style::PRIMARY,
            BarKind::Failed => style::TARGET,
            BarKind::RetryDelay => style::RETRY,
            BarKind::Fallback => style::FALLBACK,
        }
    }

    /// Its name in the legend.
    pub fn label(self) -> &'static str {
        match self {
            BarKind::Engaging => "engaging (response)",
            BarKind::Waiting => "waiting for a busy person",
            BarKind::Working => "working",
            BarKind::Failed => "failed attempt",
            BarKind::RetryDelay => "retry delay",
            BarKind::Fallback => "fallback work",
        }
    }

    /// Waits are drawn thinner than work: (bottom, top) within a row.
    pub(super) fn band(self) -> (f64, f64) {
        match self {
            BarKind::Engaging | BarKind::Waiting | BarKind::RetryDelay => (0.38, 0.72),
            _ => (0.28, 0.82),
        }
    }
}

impl GanttData {
    /// Replays the first run (lowest index) whose RTO is the nearest-rank
    /// `percentile` of all runs' RTOs.
    pub fn replay(
        engine: &Engine,
        report: &Report,
        results: &Results,
        percentile: f64,
    ) -> GanttData {
        let mut data = GanttData {
            title: report.scenario.name.clone(),
            percentile,
            run: None,
            rto_secs: f64::NAN,
            measured_rto_secs: f64::NAN,
            target_secs: report.rto.target,
            clock_secs: 0.0,
            from: report.rto.from.clone(),
            rows: Vec::new(),
            recoveries: Vec::new(),
        };
        let Some(index) = results.samples.run_at_percentile(Column::Rto, percentile) else {
            return data;
        };
        let mut ws = Workspace::default();
        let run = runner::replay(engine, report.seed, index as u64, &mut ws);
        data.run = Some(index as u64);
        data.fill(engine.scenario(), &engine.timeline(&run));
        data
    }

    /// Copies what the chart shows out of a run's timeline.
    fn fill(&mut self, s: &Scenario, timeline: &Timeline) {
        // The chart's axis is time from the disaster: the RTO line stands
        // where the service was back, the target where its clock ends.
        self.rto_secs = timeline.recovered_secs;
        self.measured_rto_secs = timeline.rto_secs;
        self.clock_secs = timeline.rto_clock_secs;
        self.rows = timeline.steps.iter().map(|st| step_row(s, st)).collect();
        self.recoveries = timeline
            .components
            .iter()
            .filter(|c| c.affected)
            .map(|c| GanttRecovery {
                component: s.components[c.component].id.clone(),
                name: s.components[c.component].name.clone(),
                secs: c.recovered_secs,
            })
            .collect();
    }

    /// Rows of steps and components together.
    pub fn row_count(&self) -> usize {
        self.rows.len() + self.recoveries.len()
    }

    /// "p95", "p99.9".
    pub fn percentile_name(&self) -> String {
        crate::format::pct_label(self.percentile)
    }

    /// Where the target line stands on the time axis: its clock's start
    /// plus the target.
    pub(super) fn target_line_secs(&self) -> Option<f64> {
        self.target_secs.map(|t| self.clock_secs + t)
    }

    /// The latest finite time shown.
    pub(super) fn latest_secs(&self) -> f64 {
        let bars = self
            .rows
            .iter()
            .flat_map(|r| &r.bars)
            .map(|b| b.span.end_secs);
        let recoveries = self.recoveries.iter().map(|r| r.secs);
        bars.chain(recoveries)
            .chain([self.rto_secs, self.target_line_secs().unwrap_or(0.0)])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

/// The row of a step: its bars and its stretches of the critical path.
fn step_row(s: &Scenario, st: &TimelineStep) -> GanttRow {
    GanttRow {
        step: s.steps[st.step].id.clone(),
        name: s.steps[st.step].name.clone(),
        critical: st.critical,
        bars: st.bars.clone(),
        path: st.path.iter().map(|p| p.span).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activity, PathStretch, TimelineComponent};

    fn span(start_secs: f64, end_secs: f64) -> GanttSpan {
        GanttSpan {
            start_secs,
            end_secs,
        }
    }

    #[test]
    fn rows_and_recoveries_are_copied_from_the_timeline() {
        let toml = "[scenario]\nname = \"t\"\n[components.db]\n[components.spare]\n\
                    [[steps]]\nid = \"a\"\nduration = \"1m\"\n\
                    [[steps]]\nid = \"b\"\nduration = \"1m\"\nrecovers = [\"db\"]\n";
        let s = crate::scenario::parse(toml, "t.toml").unwrap_or_else(|e| panic!("{e}"));
        let bar = |kind, start, end| GanttBar {
            kind,
            span: span(start, end),
        };
        let row = |step, critical, bars: Vec<GanttBar>, path: Vec<PathStretch>| TimelineStep {
            step,
            role: None,
            critical,
            bars,
            attempts: Vec::new(),
            fallback_done_secs: None,
            path,
        };
        let stretch = PathStretch {
            activity: Activity::Working,
            span: span(0.0, 60.0),
        };
        let component = |component, affected, rto_secs| TimelineComponent {
            component,
            affected,
            has_data: false,
            recovered_secs: rto_secs,
            rto_secs,
            rpo_secs: 0.0,
        };
        let timeline = Timeline {
            strikes_at_secs: 0.0,
            cases: Vec::new(),
            recovered_secs: 60.0,
            rto_secs: 60.0,
            rto_clock_secs: 0.0,
            rpo_secs: 0.0,
            makespan_secs: 60.0,
            // In order of first start: `b` first.
            steps: vec![
                row(
                    1,
                    true,
                    vec![bar(BarKind::Working, 0.0, 60.0)],
                    vec![stretch],
                ),
                row(0, false, vec![bar(BarKind::Failed, 1.0, 2.0)], Vec::new()),
            ],
            components: vec![component(0, true, 60.0), component(1, false, 0.0)],
        };
        let mut data = GanttData {
            title: "t".into(),
            percentile: 50.0,
            run: Some(0),
            rto_secs: f64::NAN,
            measured_rto_secs: f64::NAN,
            target_secs: None,
            clock_secs: 0.0,
            from: None,
            rows: Vec::new(),
            recoveries: Vec::new(),
        };
        data.fill(&s, &timeline);
        assert_eq!(data.rto_secs, 60.0);
        assert_eq!(
            data.rows,
            [
                GanttRow {
                    step: "b".into(),
                    name: "b".into(),
                    critical: true,
                    bars: vec![bar(BarKind::Working, 0.0, 60.0)],
                    path: vec![span(0.0, 60.0)],
                },
                GanttRow {
                    step: "a".into(),
                    name: "a".into(),
                    critical: false,
                    bars: vec![bar(BarKind::Failed, 1.0, 2.0)],
                    path: Vec::new(),
                },
            ]
        );
        let recovered = GanttRecovery {
            component: "db".into(),
            name: "db".into(),
            secs: 60.0,
        };
        assert_eq!(data.recoveries, [recovered], "affected components only");
    }
}
