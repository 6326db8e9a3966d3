//! One reading of a finished run, for replays: per step its bars (waits,
//! work, failed attempts, retry delays, fallback work), its attempts with
//! why each was ready, waited and ended as it did, its critical mark and
//! its stretches of the critical path; per component when it was
//! recovered and what data it lost.
//!
//! [`Engine::timeline`] builds it from a [`Run`]; the `--trace` text and
//! the timeline chart only render it. It allocates, so it is built for
//! the runs shown, never in the hot path.

use super::path::{Activity, Segment};
use super::plan::Lists;
use super::state::{Attempt, Cause};
use super::walk::walk_run;
use super::{Engine, Run};

/// Everything shown of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// When the last affected component counted in the overall figures
    /// was recovered, from the disaster; infinite when one never is.
    pub recovered_secs: f64,
    /// The RTO, from the scenario target's clock (`rto_clock_secs`).
    pub rto_secs: f64,
    /// When the scenario RTO's clock started (0: the disaster).
    pub rto_clock_secs: f64,
    /// The largest data loss over components with data.
    pub rpo_secs: f64,
    /// End of the last attempt of any step.
    pub makespan_secs: f64,
    /// Steps that made an attempt, in order of first start.
    pub steps: Vec<TimelineStep>,
    /// Every component, in file order.
    pub components: Vec<TimelineComponent>,
    /// When the disaster struck: seconds of the week, UTC (0 without a
    /// calendar).
    pub strikes_at_secs: f64,
    /// Per condition, the index of the case that held.
    pub cases: Vec<u8>,
}

/// One step's time line.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineStep {
    /// The step's index in the scenario.
    pub step: usize,
    /// Index of its role, if it has one.
    pub role: Option<usize>,
    /// On the critical path of the run's RTO (holding a unit a step on
    /// the path waited for counts).
    pub critical: bool,
    /// What it did, in time order.
    pub bars: Vec<Bar>,
    /// Its attempts, in order.
    pub attempts: Vec<TimelineAttempt>,
    /// When it was done because its fallback completed (it gave up).
    pub fallback_done_secs: Option<f64>,
    /// Its stretches of the critical path, in time order.
    pub path: Vec<PathStretch>,
}

/// A stretch of time, seconds since the disaster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start_secs: f64,
    pub end_secs: f64,
}

/// One bar of a step's time line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub kind: BarKind,
    pub span: Span,
}

/// What a step was doing during a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// Ready, waiting for a person of its role to respond (be engaged).
    Engaging,
    /// Ready, waiting for a busy unit of its role to be released.
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

impl BarKind {
    /// Every kind, in the order a legend lists them.
    pub const ALL: [BarKind; 6] = [
        BarKind::Engaging,
        BarKind::Waiting,
        BarKind::Working,
        BarKind::Failed,
        BarKind::RetryDelay,
        BarKind::Fallback,
    ];
}

/// One stretch of the critical path on a step's time line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathStretch {
    pub activity: Activity,
    pub span: Span,
}

/// One attempt of a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineAttempt {
    /// Its place among all the run's attempts, in order of start.
    pub order: usize,
    /// 1 for the step's first attempt, 2 for its first retry, ...
    pub number: u32,
    /// When it became ready (before any wait for its role).
    pub ready_secs: f64,
    /// Why it became ready then.
    pub ready: Readiness,
    pub start_secs: f64,
    /// The wait between ready and start, if it waited.
    pub wait: Option<Wait>,
    /// Delay added by the step's risks that struck (first attempts only).
    pub risk_delay_secs: f64,
    pub end_secs: f64,
    pub outcome: Outcome,
}

/// Why an attempt became ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// At the disaster: it waits for nothing.
    Start,
    /// Its last `after` item was done.
    Dependency,
    /// The retry delay after its failed previous attempt ended.
    Retry,
    /// A step giving up activated it as its fallback.
    Fallback,
}

/// A wait for a unit of the step's role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    pub secs: f64,
    pub reason: WaitReason,
}

/// What ended a wait for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// A person of the role responded (became engaged).
    Response,
    /// Another step released a unit of the role.
    FreeUnit,
    /// The role acts only in its working hours, and they began.
    Hours,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// It succeeded: the step was done.
    Done,
    /// It failed; the step retries after its retry delay.
    Retry { delay_secs: f64 },
    /// It failed for the last time; the step gave up and fell back to step `to`.
    FellBack { to: usize },
    /// It failed for the last time, with no fallback.
    GaveUp,
}

/// One component in a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineComponent {
    /// The component's index in the scenario.
    pub component: usize,
    /// Something the disaster touches brings it back (else it is available at 0).
    pub affected: bool,
    /// It has data sources, so it can lose data.
    pub has_data: bool,
    /// When it was recovered, from the disaster; infinite when never.
    pub recovered_secs: f64,
    /// Its RTO, from its target's clock; infinite when never.
    pub rto_secs: f64,
    /// Data loss; infinite when unrecovered, 0 without data.
    pub rpo_secs: f64,
}

/// A finished run's attempts and critical path, grouped by step once so
/// that reading a step costs only its own share.
struct StepReading<'a> {
    /// Per step, its attempts (indices into the run's), in order of start.
    attempts_of: &'a Lists,
    /// The critical path, latest first.
    segments: &'a [Segment],
    /// Per step, its segments (indices into `segments`), latest first.
    segments_of: &'a Lists,
}

impl Engine {
    /// The timeline of a finished `run` of this engine; linear in the
    /// run's attempts, steps and critical path (n log n for sorting each
    /// step's path stretches).
    pub fn timeline(&self, run: &Run) -> Timeline {
        let mut segments = Vec::new();
        self.critical_path(run, &mut segments);
        let critical = critical_steps(run);
        let n_steps = run.steps.len();
        let attempts_of = Lists::group(n_steps, run.attempts.iter().map(|a| a.step));
        let segments_of = Lists::group(n_steps, segments.iter().map(|g| g.step));
        let read = StepReading {
            attempts_of: &attempts_of,
            segments: &segments,
            segments_of: &segments_of,
        };
        // In order of first start: where an attempt is its step's first.
        let steps = run
            .attempts
            .iter()
            .enumerate()
            .filter(|&(order, a)| attempts_of.get(a.step as usize)[0] as usize == order)
            .map(|(_, a)| {
                let i = a.step as usize;
                let mut step = self.step_timeline(run, i, &read);
                step.critical = critical[i];
                step
            })
            .collect();
        let s = &self.scenario;
        let components = run
            .components
            .iter()
            .enumerate()
            .map(|(c, state)| TimelineComponent {
                component: c,
                affected: self.plan.affected[c],
                has_data: s.components[c].has_data(),
                recovered_secs: state.recovered_secs,
                rto_secs: state.rto_secs,
                rpo_secs: state.rpo_secs,
            })
            .collect();
        Timeline {
            recovered_secs: run.recovered_secs,
            rto_secs: run.rto_secs,
            rto_clock_secs: super::outcome::clock_secs_of(run.steps, s.targets.rto_from),
            rpo_secs: run.rpo_secs,
            makespan_secs: run.makespan_secs,
            steps,
            components,
            strikes_at_secs: run.strikes_at_secs,
            cases: run.cases.to_vec(),
        }
    }

    /// The time line of step `i`, not yet marked critical.
    fn step_timeline(&self, run: &Run, i: usize, read: &StepReading) -> TimelineStep {
        let step = &self.scenario.steps[i];
        let mine = read.attempts_of.get(i);
        let activated = mine
            .first()
            .is_some_and(|&a| matches!(run.attempts[a as usize].ready_cause, Cause::GaveUp(_)));
        let as_fallback = step.fallback_only || activated;
        let mut bars = Vec::new();
        let mut attempts = Vec::with_capacity(mine.len());
        for (k, &order) in mine.iter().enumerate() {
            let last = k + 1 == mine.len();
            let order = order as usize;
            attempts.push(self.attempt_timeline(run, order, k as u32 + 1, last));
            push_bars(run, &run.attempts[order], as_fallback, &mut bars);
        }
        let st = &run.steps[i];
        let mut path: Vec<PathStretch> = read
            .segments_of
            .get(i)
            .iter()
            .map(|&g| {
                let g = &read.segments[g as usize];
                PathStretch {
                    activity: g.activity,
                    span: Span {
                        start_secs: g.start_secs,
                        end_secs: g.end_secs,
                    },
                }
            })
            .collect();
        path.sort_by(|a, b| a.span.start_secs.total_cmp(&b.span.start_secs));
        TimelineStep {
            step: i,
            role: step.role,
            critical: false,
            bars,
            attempts,
            fallback_done_secs: (st.fell_back && st.done_secs.is_finite()).then_some(st.done_secs),
            path,
        }
    }

    /// Attempt `order` of the run, its step's `number`th; `last` when the
    /// step made no attempt after it.
    fn attempt_timeline(
        &self,
        run: &Run,
        order: usize,
        number: u32,
        last: bool,
    ) -> TimelineAttempt {
        let a = &run.attempts[order];
        let step = &self.scenario.steps[a.step as usize];
        let ready = match a.ready_cause {
            Cause::Start => Readiness::Start,
            Cause::Retry(_) => Readiness::Retry,
            Cause::GaveUp(_) => Readiness::Fallback,
            // Steps and components; a release or a response only ever
            // ends a wait, never makes a step ready.
            Cause::Step(_)
            | Cause::Component(_)
            | Cause::Released(_)
            | Cause::Engaged(_)
            | Cause::Hours(_) => Readiness::Dependency,
        };
        let wait = (a.start_secs > a.ready_secs).then_some(Wait {
            secs: a.start_secs - a.ready_secs,
            reason: match a.cause {
                Cause::Engaged(_) => WaitReason::Response,
                Cause::Hours(_) => WaitReason::Hours,
                _ => WaitReason::FreeUnit,
            },
        });
        let outcome = match (a.failed, last, step.failure) {
            (false, _, _) => Outcome::Done,
            (true, false, failure) => Outcome::Retry {
                delay_secs: failure.map_or(0.0, |f| f.retry_delay_secs),
            },
            (true, true, failure) => match failure.and_then(|f| f.fallback) {
                Some(to) if run.steps[a.step as usize].fell_back => Outcome::FellBack { to },
                _ => Outcome::GaveUp,
            },
        };
        TimelineAttempt {
            order,
            number,
            ready_secs: a.ready_secs,
            ready,
            start_secs: a.start_secs,
            wait,
            risk_delay_secs: a.risk_delay_secs,
            end_secs: a.end_secs,
            outcome,
        }
    }
}

/// The bars of attempt `a`: the retry delay before it, its wait for its
/// role, its work.
fn push_bars(run: &Run, a: &Attempt, as_fallback: bool, bars: &mut Vec<Bar>) {
    let mut push = |kind, start_secs, end_secs| {
        let span = Span {
            start_secs,
            end_secs,
        };
        bars.push(Bar { kind, span });
    };
    if let Cause::Retry(previous) = a.ready_cause {
        let end = run.attempts[previous as usize].end_secs;
        if a.ready_secs > end {
            push(BarKind::RetryDelay, end, a.ready_secs);
        }
    }
    if a.start_secs > a.ready_secs {
        let wait = match a.cause {
            Cause::Engaged(_) | Cause::Hours(_) => BarKind::Engaging,
            _ => BarKind::Waiting,
        };
        push(wait, a.ready_secs, a.start_secs);
    }
    let work = match (a.failed, as_fallback) {
        (true, _) => BarKind::Failed,
        (false, true) => BarKind::Fallback,
        (false, false) => BarKind::Working,
    };
    push(work, a.start_secs, a.end_secs);
}

/// Per step: on the critical path, read afresh from the finished run by
/// the walk the engine marks it with.
fn critical_steps(run: &Run) -> Vec<bool> {
    let mut critical = vec![false; run.steps.len()];
    walk_run(run, |link| {
        critical[link.step as usize] = true;
    });
    critical
}
