//! Timeline (Gantt chart) of one replayed run: a row per step that ran,
//! in order of first start, with its waits for a role, its work, failed
//! attempts, retry delays and fallback work drawn apart; the critical path
//! underlined and critical steps marked; a row per affected component
//! with a marker when it was recovered; the run's RTO and the target as
//! vertical lines.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::TimeScale;
use super::style::{self, Swatch};
use super::{Chart, DrawResult};
use crate::duration::format_secs;
use crate::engine::{Cause, Engine, Run, Segment, Workspace};
use crate::report::Report;
use crate::runner::{self, COL_RTO, Results};
use crate::stats::Sorted;

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
    const ALL: [BarKind; 5] = [
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
    fn band(self) -> (f64, f64) {
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
        let column = results.samples.column(COL_RTO);
        let at = Sorted::new(column.to_vec()).percentile(percentile);
        let Some(index) = column.iter().position(|v| v.to_bits() == at.to_bits()) else {
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
    fn latest_secs(&self) -> f64 {
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

/// Pixels per row, and around the rows.
const ROW_PX: u32 = 30;
const FRAME_PX: u32 = 200;
/// Height of the legend under the chart.
const LEGEND_PX: u32 = 64;

/// Width and height of the timeline of `d`.
pub(super) fn size(d: &GanttData) -> (u32, u32) {
    let rows = d.row_count().max(1) as u32;
    (style::WIDTH, (FRAME_PX + ROW_PX * rows).max(style::HEIGHT))
}

/// Where things go on the timeline.
struct Layout {
    scale: TimeScale,
    /// End of the time axis, in axis units.
    x_max: f64,
    rows: usize,
    /// Bars keep the height they have in a row of [`ROW_PX`] pixels,
    /// however few the rows: the share of a row they take is scaled by this.
    squeeze: f64,
}

impl Layout {
    /// The bottom of row `k` (counted from the top).
    fn row(&self, k: usize) -> f64 {
        (self.rows - 1 - k) as f64
    }

    /// A height within a row (0–1), squeezed about its middle.
    fn band(&self, at: f64) -> f64 {
        0.5 + (at - 0.5) * self.squeeze
    }

    fn x(&self, secs: f64) -> f64 {
        self.scale.to_axis(secs)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &GanttData,
) -> DrawResult<DB> {
    let (width, height) = root.dim_in_pixel();
    let (upper, lower) = root.split_vertically(height.saturating_sub(LEGEND_PX));
    let rows = d.row_count().max(1);
    let latest = d.latest_secs().max(1.0) * 1.04;
    let scale = TimeScale::for_max(latest);
    let x_max = scale.to_axis(latest);
    let caption = style::Caption::fit(
        root,
        &format!("Timeline of the {} run — {}", d.percentile_name(), d.title),
    );
    let labels: Vec<String> = d
        .rows
        .iter()
        .map(step_label)
        .chain(d.recoveries.iter().map(|r| format!("◆ {}", r.component)))
        .collect();
    let label_area = style::label_area(root, labels.iter().map(String::as_str), 80, width / 3);
    let run = match d.run {
        Some(run) => format!("run {run} · RTO {}", format_secs(d.rto_secs)),
        None => "no runs".to_string(),
    };
    let mut chart = ChartBuilder::on(&upper)
        .caption(&caption.text, caption.style.clone())
        .margin(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(label_area)
        .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .x_desc(format!("time since the disaster ({}) · {run}", scale.unit))
        .label_style(style::label())
        .axis_desc_style(style::label())
        .x_label_formatter(&|x| TimeScale::tick(*x, x_max))
        .draw()?;
    let row_px = {
        let (_, y0) = chart.backend_coord(&(0.0, 0.0));
        let (_, y1) = chart.backend_coord(&(0.0, 1.0));
        f64::from((y0 - y1).max(1))
    };
    let layout = Layout {
        scale,
        x_max,
        rows,
        squeeze: (f64::from(ROW_PX) / row_px).min(1.0),
    };
    draw_steps(root, &chart, d, &layout, &labels)?;
    draw_recoveries(root, &chart, d, &layout, &labels[d.rows.len()..])?;
    if d.rto_secs.is_finite() {
        let x = layout.x(d.rto_secs);
        chart.draw_series(DashedLineSeries::new(
            [(x, 0.0), (x, rows as f64)],
            6,
            4,
            style::TEXT.stroke_width(2),
        ))?;
    }
    if let Some(target) = d.target_secs {
        let x = layout.x(target);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, rows as f64)],
            style::TARGET.stroke_width(2),
        )))?;
    }
    legend(&lower, d)
}

/// The steps' rows: shading, bars, the critical path under them, labels.
fn draw_steps<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<DB>,
    d: &GanttData,
    at: &Layout,
    labels: &[String],
) -> DrawResult<DB> {
    for (k, row) in d.rows.iter().enumerate() {
        let y = at.row(k);
        if k % 2 == 1 {
            chart.plotting_area().draw(&Rectangle::new(
                [(0.0, y), (at.x_max, y + 1.0)],
                style::GRID.mix(0.25).filled(),
            ))?;
        }
        for bar in &row.bars {
            let (low, high) = bar.kind.band();
            chart.plotting_area().draw(&Rectangle::new(
                [
                    (at.x(bar.span.start_secs), y + at.band(low)),
                    (at.x(bar.span.end_secs), y + at.band(high)),
                ],
                bar.kind.colour().filled(),
            ))?;
        }
        for span in &row.path {
            chart.plotting_area().draw(&Rectangle::new(
                [
                    (at.x(span.start_secs), y + at.band(0.12)),
                    (at.x(span.end_secs), y + at.band(0.2)),
                ],
                style::TEXT.filled(),
            ))?;
        }
        let colour = if row.critical {
            &style::TEXT
        } else {
            &style::MUTED
        };
        let (x, y) = chart.backend_coord(&(0.0, y + 0.5));
        root.draw(&Text::new(
            labels[k].clone(),
            (x - 8, y),
            style::row_label(colour),
        ))?;
    }
    Ok(())
}

/// The components' rows under the steps: a diamond when each was
/// recovered, labelled with the time ("never" at the end of the axis).
fn draw_recoveries<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<DB>,
    d: &GanttData,
    at: &Layout,
    labels: &[String],
) -> DrawResult<DB> {
    if !d.rows.is_empty() && !d.recoveries.is_empty() {
        let y = d.recoveries.len() as f64;
        chart.plotting_area().draw(&PathElement::new(
            vec![(0.0, y), (at.x_max, y)],
            style::MUTED.stroke_width(1),
        ))?;
    }
    let end = chart.backend_coord(&(at.x_max, 0.0)).0;
    for (j, (recovery, label)) in d.recoveries.iter().zip(labels).enumerate() {
        let y = at.row(d.rows.len() + j) + 0.5;
        let (x, py) = chart.backend_coord(&(0.0, y));
        root.draw(&Text::new(
            label.clone(),
            (x - 8, py),
            style::row_label(&style::TEXT),
        ))?;
        let (px, text, colour) = if recovery.secs.is_finite() {
            let px = chart.backend_coord(&(at.x(recovery.secs), y)).0;
            (px, format_secs(recovery.secs), style::TEXT)
        } else {
            (end - 8, "never".to_string(), style::NEVER)
        };
        root.draw(&style::diamond((px, py), colour))?;
        // The time to the right of the marker, or to its left near the end.
        let (anchor, dx) = if px + 90 > end {
            (HPos::Right, -10)
        } else {
            (HPos::Left, 10)
        };
        root.draw(&Text::new(
            text,
            (px + dx, py),
            style::small().pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// "● step" for a critical step.
fn step_label(row: &GanttRow) -> String {
    if row.critical {
        format!("● {}", row.step)
    } else {
        row.step.clone()
    }
}

/// The legend under the chart.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &GanttData) -> DrawResult<DB> {
    let mut items: Vec<(Swatch, String)> = BarKind::ALL
        .iter()
        .map(|k| (Swatch::Bar(k.colour()), k.label().to_string()))
        .collect();
    items.push((Swatch::Underline, "critical path".into()));
    items.push((Swatch::None, "● critical step".into()));
    items.push((Swatch::Diamond, "component recovered".into()));
    if d.rto_secs.is_finite() {
        items.push((Swatch::Dashed(style::TEXT), "RTO of this run".into()));
    }
    if let Some(target) = d.target_secs {
        items.push((
            Swatch::Line(style::TARGET),
            format!("RTO target: {}", format_secs(target)),
        ));
    }
    style::legend_rows(area, &items)
}
