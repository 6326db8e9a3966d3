//! The one reading of the links in a run's log: the walk back along the
//! critical path, from the component recovered last to the disaster.
//!
//! A component leads to what it waited for last, a step to the attempt
//! that finished it (or to its fallback), an attempt to what decided its
//! start: the unit of its role it waited for (and the attempt that held
//! it), a person responding, or its readiness — the failed attempt before
//! a retry, the failure that activated a fallback, a dependency, the start.
//!
//! [`walk`] shows a visitor these as [`Link`]s, latest first, and
//! allocates nothing: the engine's criticality marks (in the hot path),
//! the critical path's time segments and a timeline's marks all read the
//! run through it.

use super::Run;
use super::state::{Attempt, Cause, ComponentState, DoneBy, StepState};

/// The parts of a run's log the walk reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Log<'a> {
    pub attempts: &'a [Attempt],
    pub steps: &'a [StepState],
    pub components: &'a [ComponentState],
}

/// One link of the critical path. Every link's step is on the path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub step: u32,
    pub kind: LinkKind,
}

/// What a [`Link`] is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LinkKind {
    /// The step is done: by the attempt or the fallback the next link names.
    Done,
    /// An attempt of the step.
    Attempt {
        attempt: u32,
        /// The attempt that waited for the unit this one held and released,
        /// when that wait is the previous link.
        held_for: Option<u32>,
        /// It is the work of a fallback standing in for a step that gave up.
        falling_back: bool,
    },
    /// The step's attempt waited for a unit of the step's role.
    Wait { attempt: u32, until: WaitEnd },
    /// The delay between the failed attempt `previous` and the retry
    /// `attempt` becoming ready.
    RetryDelay { attempt: u32, previous: u32 },
}

impl Link {
    #[inline(always)]
    fn done(step: u32) -> Link {
        let kind = LinkKind::Done;
        Link { step, kind }
    }

    #[inline(always)]
    fn attempt(step: u32, attempt: u32, held_for: Option<u32>, falling_back: bool) -> Link {
        let kind = LinkKind::Attempt {
            attempt,
            held_for,
            falling_back,
        };
        Link { step, kind }
    }

    #[inline(always)]
    fn wait(step: u32, attempt: u32, until: WaitEnd) -> Link {
        let kind = LinkKind::Wait { attempt, until };
        Link { step, kind }
    }

    #[inline(always)]
    fn retry_delay(step: u32, attempt: u32, previous: u32) -> Link {
        let kind = LinkKind::RetryDelay { attempt, previous };
        Link { step, kind }
    }
}

/// What ended a wait for a role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum WaitEnd {
    /// The attempt `holder` released a unit (the next link).
    Release { holder: u32 },
    /// A person of role `role` responded (the last link: waiting since the disaster).
    Response { role: u32 },
    /// The hours of role `role` began (waiting since the attempt was
    /// ready; the walk goes on with what made it ready).
    Hours { role: u32 },
}

/// Something a run's log can be read from, between the links a visitor
/// is shown (the visitor may change it: the engine marks steps in it).
pub(crate) trait Logged {
    fn log(&self) -> Log<'_>;
}

/// Walks the critical path of a finished run back from the component
/// recovered last, showing `visit` each link, latest first; nothing when
/// the RTO is infinite or no component was affected. Allocates nothing,
/// and moves once per cause: the engine's marks need it in the hot path.
#[inline]
pub(crate) fn walk<C: Logged + ?Sized>(
    run: &mut C,
    rto_secs: f64,
    last_recovered: Option<u32>,
    mut visit: impl FnMut(&mut C, Link),
) {
    let Some(last) = last_recovered.filter(|_| rto_secs.is_finite()) else {
        return;
    };
    let log = run.log();
    // Every link goes strictly back in the run's history; the bound is a guard.
    let limit = log.attempts.len() + log.steps.len() + log.components.len() + 1;
    let mut cause = Cause::Component(last);
    // The attempt whose start `cause` decided, once there is one.
    let mut waiter = 0;
    let mut falling_back = false;
    for _ in 0..limit {
        let log = run.log();
        let (attempt, held_for, falling_back) = match cause {
            Cause::Start => return,
            Cause::Engaged(role) => {
                let step = log.attempts[waiter as usize].step;
                return visit(run, Link::wait(step, waiter, WaitEnd::Response { role }));
            }
            Cause::Hours(role) => {
                let step = log.attempts[waiter as usize].step;
                cause = log.attempts[waiter as usize].ready_cause;
                visit(run, Link::wait(step, waiter, WaitEnd::Hours { role }));
                continue;
            }
            Cause::Component(c) => {
                cause = log.components[c as usize].last;
                continue;
            }
            Cause::Step(i) => {
                let done_by = log.steps[i as usize].done_by;
                visit(run, Link::done(i));
                match done_by {
                    // The attempt that finished it, of the same step.
                    Some(DoneBy::Attempt(a) | DoneBy::FallbackAlreadyDone(a)) => {
                        let falling_back = std::mem::take(&mut falling_back);
                        (cause, waiter) = (run.log().attempts[a as usize].cause, a);
                        visit(run, Link::attempt(i, a, None, falling_back));
                        continue;
                    }
                    Some(DoneBy::Fallback(f)) => {
                        falling_back = true;
                        cause = Cause::Step(f);
                        continue;
                    }
                    None => return,
                }
            }
            Cause::Released(holder) => {
                let step = log.attempts[waiter as usize].step;
                visit(run, Link::wait(step, waiter, WaitEnd::Release { holder }));
                (holder, Some(waiter), false)
            }
            // The retry of the same step.
            Cause::Retry(previous) => {
                let step = log.attempts[previous as usize].step;
                visit(run, Link::retry_delay(step, waiter, previous));
                (previous, None, false)
            }
            Cause::GaveUp(a) => (a, None, false),
        };
        let at = &run.log().attempts[attempt as usize];
        let step = at.step;
        (cause, waiter) = (at.cause, attempt);
        visit(run, Link::attempt(step, attempt, held_for, falling_back));
    }
}

/// [`walk`] over a finished run, for visitors that only read it.
#[inline]
pub(crate) fn walk_run(run: &Run, mut visit: impl FnMut(Link)) {
    let mut view = *run;
    walk(
        &mut view,
        run.recovered_secs,
        run.last_recovered,
        #[inline(always)]
        |_, link| visit(link),
    );
}
