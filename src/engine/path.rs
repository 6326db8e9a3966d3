//! The critical path of a finished run as time segments: which step was
//! doing what during each stretch of time between the disaster and the
//! RTO. The segments partition `[0, RTO]`.
//!
//! The links are the [walk](super::walk)'s, the same the engine's
//! criticality marks follow; this file says what time each covers. Time an
//! attempt spent ready but waiting for its role is that step's *waiting*,
//! from when the attempt holding the unit it got started, if that is later
//! (the holder's work before then is its own); a wait for a person to
//! respond is *engaging* since the disaster.

use serde::Serialize;

use super::state::Attempt;
use super::walk::{Link, LinkKind, WaitEnd};
use super::{Engine, Run};

/// What a step on the critical path was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// A successful attempt.
    Working,
    /// Ready, but waiting for a busy unit of its role to be released.
    Waiting,
    /// A failed attempt, or the delay before a retry.
    Retrying,
    /// Work of a fallback step standing in for a step that gave up.
    FallingBack,
    /// Ready, but waiting for a person of its role to respond (be
    /// engaged): an on-call response, not a busy person.
    Engaging,
}

/// Number of [`Activity`] kinds.
pub const ACTIVITIES: usize = 5;

impl Activity {
    /// Index for per-activity arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One stretch of the critical path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    pub step: u32,
    pub activity: Activity,
    pub start_secs: f64,
    pub end_secs: f64,
}

impl Engine {
    /// Fills `out` with the critical path of `run`, latest first; empty
    /// when the RTO is 0 or infinite. Every step on it is marked critical.
    /// (The run's own walk to mark the critical steps made it: `Run::path`.)
    pub(crate) fn critical_path(&self, run: &Run, out: &mut Vec<Segment>) {
        out.clear();
        out.extend_from_slice(run.path);
    }
}

/// The stretch of time a link of the walk adds to the path, if any, from
/// the run's attempts.
#[inline(always)]
pub(super) fn segment(attempts: &[Attempt], link: Link) -> Option<Segment> {
    let (activity, start_secs, end_secs) = match link.kind {
        LinkKind::Done => return None,
        LinkKind::Attempt {
            attempt,
            held_for,
            falling_back,
        } => {
            let a = &attempts[attempt as usize];
            let activity = if a.failed {
                Activity::Retrying
            } else if falling_back {
                Activity::FallingBack
            } else {
                Activity::Working
            };
            // Up to where the wait for the unit it held began.
            let end = held_for.map_or(a.end_secs, |w| {
                a.end_secs.min(wait_start(attempts, w, attempt))
            });
            (activity, a.start_secs, end)
        }
        LinkKind::Wait { attempt, until } => {
            let (activity, from) = match until {
                WaitEnd::Release { holder } => {
                    (Activity::Waiting, wait_start(attempts, attempt, holder))
                }
                // For a person to respond: since the disaster.
                WaitEnd::Response { .. } => (Activity::Engaging, 0.0),
                // For a role's hours to begin: since the attempt was ready.
                WaitEnd::Hours { .. } => {
                    (Activity::Engaging, attempts[attempt as usize].ready_secs)
                }
            };
            (activity, from, attempts[attempt as usize].start_secs)
        }
        LinkKind::RetryDelay { attempt, previous } => {
            let failed_secs = attempts[previous as usize].end_secs;
            (
                Activity::Retrying,
                failed_secs,
                attempts[attempt as usize].ready_secs,
            )
        }
    };
    (end_secs > start_secs).then_some(Segment {
        step: link.step,
        activity,
        start_secs,
        end_secs,
    })
}

/// Where the path's wait of `waiter` for the unit `holder` released
/// begins: when it was ready, or when the holder started if later (the
/// holder's work before that is its own).
#[inline(always)]
fn wait_start(attempts: &[Attempt], waiter: u32, holder: u32) -> f64 {
    let waiter = &attempts[waiter as usize];
    debug_assert!(
        waiter.ready_secs < waiter.start_secs,
        "a release ends a wait"
    );
    waiter.ready_secs.max(attempts[holder as usize].start_secs)
}
