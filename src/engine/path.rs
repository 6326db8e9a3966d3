//! The critical path of a finished run as time segments: which step was
//! doing what during each stretch of time between the disaster and the
//! RTO. The segments partition `[0, RTO]`.
//!
//! The path follows readiness back from the component recovered last:
//! a component to what it waited for last, a step to the attempt that
//! finished it (or its fallback), an attempt to what made it ready (a
//! dependency, its failed previous attempt, the failure that activated it
//! as a fallback). Time an attempt spent ready but waiting for its role is
//! that step's *waiting*; the steps holding the role are marked critical
//! by the engine but not given this time here.

use serde::Serialize;

use super::state::{Cause, DoneBy};
use super::{Engine, Run};

/// What a step on the critical path was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// A successful attempt.
    Working,
    /// Ready, but waiting for a unit of its role (or its response time).
    Waiting,
    /// A failed attempt, or the delay before a retry.
    Retrying,
    /// Work of a fallback step standing in for a step that gave up.
    FallingBack,
}

/// Number of [`Activity`] kinds.
pub const ACTIVITIES: usize = 4;

impl Activity {
    /// Index for per-activity arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One stretch of the critical path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub step: u32,
    pub activity: Activity,
    pub start_secs: f64,
    pub end_secs: f64,
}

/// Where the walk back along the path is.
#[derive(Clone, Copy)]
enum Cursor {
    /// At something done: a step or a component (or the start).
    At(Cause),
    /// Inside attempt `a`, whose time after `until` is already accounted for.
    Attempt {
        a: u32,
        until: f64,
        falling_back: bool,
    },
}

impl Engine {
    /// Fills `out` with the critical path of `run`, latest first; empty
    /// when the RTO is 0 or infinite. It follows the same links as the
    /// engine's criticality marks, so every step on it is marked critical.
    pub fn critical_path(&self, run: &Run, out: &mut Vec<Segment>) {
        out.clear();
        let Some(last) = run.last_recovered.filter(|_| run.rto_secs.is_finite()) else {
            return;
        };
        let mut cursor = Cursor::At(Cause::Component(last));
        let mut falling_back = false;
        let limit = 2 * (run.attempts.len() + run.steps.len() + run.components.len()) + 2;
        for _ in 0..limit {
            cursor = match cursor {
                Cursor::At(Cause::Start | Cause::Engaged(_)) => return,
                Cursor::At(Cause::Component(c)) => Cursor::At(run.components[c as usize].last),
                Cursor::At(Cause::Step(i)) => match run.steps[i as usize].done_by {
                    Some(DoneBy::Attempt(a)) | Some(DoneBy::FallbackAlreadyDone(a)) => {
                        Cursor::Attempt {
                            a,
                            until: f64::INFINITY,
                            falling_back: std::mem::take(&mut falling_back),
                        }
                    }
                    Some(DoneBy::Fallback(f)) => {
                        falling_back = true;
                        Cursor::At(Cause::Step(f))
                    }
                    None => return,
                },
                Cursor::At(Cause::Retry(a) | Cause::GaveUp(a) | Cause::Released(a)) => {
                    Cursor::Attempt {
                        a,
                        until: f64::INFINITY,
                        falling_back: false,
                    }
                }
                Cursor::Attempt {
                    a,
                    until,
                    falling_back,
                } => attempt_segments(run, a, until, falling_back, out),
            };
        }
    }
}

/// Segments of attempt `a` up to `until`: its work, then what bound its
/// start — a wait for its role (and the attempt holding the unit), or its
/// readiness (with the retry delay before a retry).
fn attempt_segments(
    run: &Run,
    a: u32,
    until: f64,
    falling_back: bool,
    out: &mut Vec<Segment>,
) -> Cursor {
    let attempt = run.attempts[a as usize];
    let work = if attempt.failed {
        Activity::Retrying
    } else if falling_back {
        Activity::FallingBack
    } else {
        Activity::Working
    };
    let mut push = |activity, start_secs: f64, end_secs: f64| {
        if end_secs > start_secs {
            out.push(Segment {
                step: attempt.step,
                activity,
                start_secs,
                end_secs,
            });
        }
    };
    push(work, attempt.start_secs, attempt.end_secs.min(until));
    match attempt.cause {
        // It waited for the unit this attempt released: the wait is this
        // step's, from when it was ready (or the holder started) on.
        Cause::Released(holder) if attempt.ready_secs < attempt.start_secs => {
            let split = attempt
                .ready_secs
                .max(run.attempts[holder as usize].start_secs);
            push(Activity::Waiting, split, attempt.start_secs);
            Cursor::Attempt {
                a: holder,
                until: split,
                falling_back: false,
            }
        }
        // It waited for a person to respond: waiting since the disaster.
        Cause::Engaged(_) if attempt.ready_secs < attempt.start_secs => {
            push(Activity::Waiting, 0.0, attempt.start_secs);
            Cursor::At(Cause::Start)
        }
        _ => {
            if let Cause::Retry(previous) = attempt.ready_cause {
                push(
                    Activity::Retrying,
                    run.attempts[previous as usize].end_secs,
                    attempt.ready_secs,
                );
            }
            Cursor::At(attempt.ready_cause)
        }
    }
}
