//! What a timeline shows: one replayed run copied into plain rows of bars
//! (waits, work, failed attempts, retry delays, fallback work), the
//! critical path, and component recoveries.

use crate::engine::{Cause, Engine, Run, Segment, Workspace};
use crate::report::Report;
use crate::runner::{self, Column, Results};

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
    /// The run's RTO (infinite when never recovered).
    pub rto_secs: f64,
    /// The RTO target, if any.
    pub target_secs: Option<f64>,
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
    /// Marked critical by the engine (on the RTO's critical path).
    pub critical: bool,
    /// What it did, in time order.
    pub bars: Vec<GanttBar>,
    /// The stretches of it on the critical path.
    pub path: Vec<GanttSpan>,
}

/// A stretch of time, seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GanttSpan {
    pub start_secs: f64,
    pub end_secs: f64,
}

/// One bar of a step's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GanttBar {
    pub kind: BarKind,
    pub span: GanttSpan,
}

/// What a step was doing during a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// Ready, waiting for a unit of its role (or its response time).
    Waiting,
    /// A successful attempt.
    Working,
    /// A failed attempt.
    Failed,
    /// The delay before a retry.
    RetryDelay,
    /// A successful attempt of a step running as a fallback.
    Fallback,
}

/// When a component was recovered.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRecovery {
    /// The component's id.
    pub component: String,
    /// Infinite when never.
    pub secs: f64,
}

impl BarKind {
    pub(super) const ALL: [BarKind; 5] = [
        BarKind::Waiting,
        BarKind::Working,
        BarKind::Failed,
        BarKind::RetryDelay,
        BarKind::Fallback,
    ];

    /// Its colour in the chart.
    pub fn colour(self) -> RGBColor {
        match self {
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
            BarKind::Waiting => "waiting for role",
            BarKind::Working => "working",
            BarKind::Failed => "failed attempt",
            BarKind::RetryDelay => "retry delay",
            BarKind::Fallback => "fallback work",
        }
    }

    /// Waits are drawn thinner than work: (bottom, top) within a row.
    pub(super) fn band(self) -> (f64, f64) {
        match self {
            BarKind::Waiting | BarKind::RetryDelay => (0.38, 0.72),
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
            target_secs: report.rto.target,
            rows: Vec::new(),
            recoveries: Vec::new(),
        };
        let Some(index) = results.samples.run_at_percentile(Column::Rto, percentile) else {
            return data;
        };
        let mut ws = Workspace::default();
        let run = runner::replay(engine, report.seed, index as u64, &mut ws);
        data.run = Some(index as u64);
        data.fill(engine, &run);
        data
    }

    /// Copies what the chart shows out of a replayed run.
    fn fill(&mut self, engine: &Engine, run: &Run) {
        let s = engine.scenario();
        self.rto_secs = run.rto_secs;
        let mut segments: Vec<Segment> = Vec::new();
        engine.critical_path(run, &mut segments);
        // Rows in order of first start: attempts are in start order.
        let mut order: Vec<u32> = Vec::new();
        for a in run.attempts {
            if !order.contains(&a.step) {
                order.push(a.step);
            }
        }
        self.rows = order
            .iter()
            .map(|&i| step_row(engine, run, i, &segments))
            .collect();
        self.recoveries = s
            .components
            .iter()
            .zip(run.components)
            .zip(s.affected())
            .filter(|(_, affected)| *affected)
            .map(|((c, state), _)| GanttRecovery {
                component: c.id.clone(),
                secs: state.rto_secs,
            })
            .collect();
    }

    /// Rows of steps and components together.
    pub fn row_count(&self) -> usize {
        self.rows.len() + self.recoveries.len()
    }

    /// "p95", "p99.9".
    pub fn percentile_name(&self) -> String {
        format!("p{}", self.percentile)
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
            .chain([self.rto_secs, self.target_secs.unwrap_or(0.0)])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

/// The row of step `i`: per attempt, the retry delay before it, its wait
/// for a role and its work; and the step's stretches of the critical path.
fn step_row(engine: &Engine, run: &Run, i: u32, segments: &[Segment]) -> GanttRow {
    let step = &engine.scenario().steps[i as usize];
    let attempts = run.attempts.iter().filter(|a| a.step == i);
    let first = attempts.clone().next().map(|a| a.ready_cause);
    // A fallback step runs only once activated by a step giving up.
    let fallback = step.fallback_only || matches!(first, Some(Cause::GaveUp(_)));
    let mut bars = Vec::new();
    let mut push = |kind, start_secs: f64, end_secs: f64| {
        let span = GanttSpan {
            start_secs,
            end_secs,
        };
        bars.push(GanttBar { kind, span });
    };
    for a in attempts {
        if let Cause::Retry(previous) = a.ready_cause {
            let end = run.attempts[previous as usize].end_secs;
            if a.ready_secs > end {
                push(BarKind::RetryDelay, end, a.ready_secs);
            }
        }
        if a.start_secs > a.ready_secs {
            push(BarKind::Waiting, a.ready_secs, a.start_secs);
        }
        let work = match (a.failed, fallback) {
            (true, _) => BarKind::Failed,
            (false, true) => BarKind::Fallback,
            (false, false) => BarKind::Working,
        };
        push(work, a.start_secs, a.end_secs);
    }
    let mut path: Vec<GanttSpan> = segments
        .iter()
        .filter(|g| g.step == i)
        .map(|g| GanttSpan {
            start_secs: g.start_secs,
            end_secs: g.end_secs,
        })
        .collect();
    path.sort_by(|a, b| a.start_secs.total_cmp(&b.start_secs));
    GanttRow {
        step: step.id.clone(),
        critical: run.steps[i as usize].critical,
        bars,
        path,
    }
}
