//! The links of the walk: back through a fallback, a retry, a release
//! and a response; a retry delay; nothing when never recovered.

use super::*;
use crate::engine::walk::{LinkKind, WaitEnd};

#[test]
fn the_walk_goes_back_through_fallback_retry_release_and_response() {
    let e = engine(SMALL);
    let mut ws = Workspace::default();
    let run = simulate(&e, &mut ws, 1);
    let attempt = |step, attempt, held_for, falling_back| Link {
        step,
        kind: LinkKind::Attempt {
            attempt,
            held_for,
            falling_back,
        },
    };
    let wait = |step, attempt, until| Link {
        step,
        kind: LinkKind::Wait { attempt, until },
    };
    let release = |holder| WaitEnd::Release { holder };
    let done = |step| Link {
        step,
        kind: LinkKind::Done,
    };
    // Attempts in start order: promote 0, notify 1, promote 2, restore 3, announce 4.
    assert_eq!(
        links(&run),
        vec![
            done(PROMOTE),
            done(RESTORE),
            attempt(RESTORE, 3, None, true),
            attempt(PROMOTE, 2, None, false),
            wait(PROMOTE, 2, release(1)),
            attempt(NOTIFY, 1, Some(2), false),
            wait(NOTIFY, 1, release(0)),
            attempt(PROMOTE, 0, Some(1), false),
            wait(PROMOTE, 0, WaitEnd::Response { role: 0 }),
        ]
    );
    assert!(run.roles[0].binding, "waiting for the dba is on the path");
    let critical: Vec<bool> = run.steps.iter().map(|s| s.critical).collect();
    assert_eq!(critical, [true, true, true, false]);
}

#[test]
fn a_retry_delay_is_a_link_of_the_walk_and_a_bar() {
    let e = engine(
        "[scenario]\nname = \"t\"\n[components.x]\n\
         [[steps]]\nid = \"a\"\nduration = \"5m\"\nrecovers = [\"x\"]\n\
         failure = { probability = 1.0, retries = 1, retry_delay = \"3m\", fallback = \"b\" }\n\
         [[steps]]\nid = \"b\"\nfallback_only = true\nduration = \"10m\"\nrecovers = [\"x\"]\n",
    );
    let mut ws = Workspace::default();
    let run = simulate(&e, &mut ws, 1);
    assert_eq!(run.rto_secs, 23.0 * MIN);
    let attempt = |step, attempt, falling_back| Link {
        step,
        kind: LinkKind::Attempt {
            attempt,
            held_for: None,
            falling_back,
        },
    };
    let done = |step| Link {
        step,
        kind: LinkKind::Done,
    };
    let delay = Link {
        step: 0,
        kind: LinkKind::RetryDelay {
            attempt: 1,
            previous: 0,
        },
    };
    assert_eq!(
        links(&run),
        [
            done(0),
            done(1),
            attempt(1, 2, true),
            attempt(0, 1, false),
            delay,
            attempt(0, 0, false),
        ]
    );
    let t = e.timeline(&run);
    let a = &t.steps[0];
    assert_eq!(
        a.bars,
        [
            bar(BarKind::Failed, 0.0, 5.0),
            bar(BarKind::RetryDelay, 5.0, 8.0),
            bar(BarKind::Failed, 8.0, 13.0),
        ]
    );
    assert_eq!(
        a.path,
        [
            stretch(Activity::Retrying, 0.0, 5.0),
            stretch(Activity::Retrying, 5.0, 8.0),
            stretch(Activity::Retrying, 8.0, 13.0),
        ]
    );
    assert_eq!(
        a.attempts[0].outcome,
        Outcome::Retry {
            delay_secs: 3.0 * MIN
        }
    );
    assert_eq!(a.attempts[1].ready, Readiness::Retry);
    assert_eq!(a.attempts[1].outcome, Outcome::FellBack { to: 1 });
    assert_eq!(t.steps[1].bars, [bar(BarKind::Fallback, 13.0, 23.0)]);
}

#[test]
fn a_run_never_recovered_has_no_path() {
    let e = engine(
        "[scenario]\nname = \"t\"\n[components.x]\n\
         [[steps]]\nid = \"a\"\nduration = \"5m\"\nrecovers = [\"x\"]\n\
         failure = { probability = 1.0 }\n",
    );
    let mut ws = Workspace::default();
    let run = simulate(&e, &mut ws, 1);
    assert!(run.rto_secs.is_infinite());
    assert!(links(&run).is_empty());
    let t = e.timeline(&run);
    assert_eq!(t.steps[0].attempts[0].outcome, Outcome::GaveUp);
    assert!(!t.steps[0].critical && t.steps[0].path.is_empty());
    assert!(t.components[0].rto_secs.is_infinite());
    assert!(t.components[0].rpo_secs == 0.0, "no data, no loss");
}
