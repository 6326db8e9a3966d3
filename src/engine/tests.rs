//! The walk along the critical path and the [`Timeline`] on a small plan
//! whose every time is known (a response wait, a wait for a free unit, a
//! risk, a retry, a fallback), and against the engine's own marks on every
//! shipped scenario.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::walk::{Link, LinkKind, WaitEnd, walk_run};
use super::*;
use crate::scenario;

const MIN: f64 = 60.0;

/// `promote` (dba, first in line) waits 10m for the dba to respond, fails,
/// retries after 5m, waits for `notify` to free the dba, fails again and
/// falls back to `restore`; `notify` waited for `promote`'s first attempt
/// and a risk adds 2m to it; `announce` follows the recovery.
const SMALL: &str = r#"
[scenario]
name = "small"
[roles]
dba = { count = 1, response = "10m" }
[components.db]
[[steps]]
id = "promote"
role = "dba"
priority = 10
duration = "5m"
recovers = ["db"]
failure = { probability = 1.0, retries = 1, retry_delay = "5m", fallback = "restore" }
[[steps]]
id = "notify"
role = "dba"
duration = "10m"
risks = [ { name = "slow", probability = 1.0, delay = "2m" } ]
[[steps]]
id = "restore"
role = "dba"
fallback_only = true
duration = "1h"
recovers = ["db"]
[[steps]]
id = "announce"
after = ["db"]
duration = "1m"
"#;

const PROMOTE: u32 = 0;
const NOTIFY: u32 = 1;
const RESTORE: u32 = 2;

fn engine(toml: &str) -> Engine {
    match scenario::parse(toml, "test.toml") {
        Ok(s) => Engine::new(s),
        Err(e) => panic!("test scenario invalid:\n{e}"),
    }
}

fn simulate<'w>(e: &Engine, ws: &'w mut Workspace, run: u64) -> Run<'w> {
    e.simulate(ws, &mut Xoshiro256PlusPlus::seed_from_u64(run))
}

fn span(start_min: f64, end_min: f64) -> Span {
    Span {
        start_secs: start_min * MIN,
        end_secs: end_min * MIN,
    }
}

fn bar(kind: BarKind, start_min: f64, end_min: f64) -> Bar {
    Bar {
        kind,
        span: span(start_min, end_min),
    }
}

fn stretch(activity: Activity, start_min: f64, end_min: f64) -> PathStretch {
    PathStretch {
        activity,
        span: span(start_min, end_min),
    }
}

fn links(run: &Run) -> Vec<Link> {
    let mut links = Vec::new();
    walk_run(run, |link| links.push(link));
    links
}

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

#[test]
fn the_timeline_of_the_small_plan_is_what_it_did() {
    let e = engine(SMALL);
    let mut ws = Workspace::default();
    let run = simulate(&e, &mut ws, 1);
    let t = e.timeline(&run);
    assert_eq!(
        (t.rto_secs, t.rpo_secs, t.makespan_secs),
        (92.0 * MIN, 0.0, 93.0 * MIN)
    );
    let order: Vec<usize> = t.steps.iter().map(|st| st.step).collect();
    assert_eq!(order, [0, 1, 2, 3], "in order of first start");
    let [promote, notify, restore, announce] = &t.steps[..] else {
        panic!("four steps ran")
    };
    assert_eq!(
        promote.bars,
        [
            bar(BarKind::Waiting, 0.0, 10.0),
            bar(BarKind::Failed, 10.0, 15.0),
            bar(BarKind::RetryDelay, 15.0, 20.0),
            bar(BarKind::Waiting, 20.0, 27.0),
            bar(BarKind::Failed, 27.0, 32.0),
        ]
    );
    assert_eq!(
        notify.bars,
        [
            bar(BarKind::Waiting, 0.0, 15.0),
            bar(BarKind::Working, 15.0, 27.0)
        ]
    );
    assert_eq!(restore.bars, [bar(BarKind::Fallback, 32.0, 92.0)]);
    assert_eq!(announce.bars, [bar(BarKind::Working, 92.0, 93.0)]);
    let marks: Vec<bool> = t.steps.iter().map(|st| st.critical).collect();
    assert_eq!(marks, [true, true, true, false]);
    assert_eq!(
        promote.path,
        [
            stretch(Activity::Waiting, 0.0, 10.0),
            stretch(Activity::Waiting, 20.0, 27.0),
            stretch(Activity::Retrying, 27.0, 32.0),
        ]
    );
    assert_eq!(
        notify.path,
        [
            stretch(Activity::Waiting, 10.0, 15.0),
            stretch(Activity::Working, 15.0, 20.0),
        ]
    );
    assert_eq!(restore.path, [stretch(Activity::FallingBack, 32.0, 92.0)]);
    assert!(announce.path.is_empty());
    assert_eq!(promote.fallback_done_secs, Some(92.0 * MIN));
    assert_eq!(notify.fallback_done_secs, None);
    assert_eq!((promote.role, announce.role), (Some(0), None));
    assert_eq!(
        t.components,
        [TimelineComponent {
            component: 0,
            affected: true,
            has_data: false,
            rto_secs: 92.0 * MIN,
            rpo_secs: 0.0,
        }]
    );
}

#[test]
fn the_attempts_of_the_small_plan_say_why() {
    let e = engine(SMALL);
    let mut ws = Workspace::default();
    let run = simulate(&e, &mut ws, 1);
    let t = e.timeline(&run);
    let wait = |min: f64, reason| {
        Some(Wait {
            secs: min * MIN,
            reason,
        })
    };
    let attempt = |order, number, ready_min: f64, ready, start_min: f64, wait, end_min: f64| {
        TimelineAttempt {
            order,
            number,
            ready_secs: ready_min * MIN,
            ready,
            start_secs: start_min * MIN,
            wait,
            risk_delay_secs: 0.0,
            end_secs: end_min * MIN,
            outcome: Outcome::Done,
        }
    };
    let promote_1 = TimelineAttempt {
        outcome: Outcome::Retry {
            delay_secs: 5.0 * MIN,
        },
        ..attempt(
            0,
            1,
            0.0,
            Readiness::Start,
            10.0,
            wait(10.0, WaitReason::Response),
            15.0,
        )
    };
    let promote_2 = TimelineAttempt {
        outcome: Outcome::FellBack { to: 2 },
        ..attempt(
            2,
            2,
            20.0,
            Readiness::Retry,
            27.0,
            wait(7.0, WaitReason::FreeUnit),
            32.0,
        )
    };
    assert_eq!(t.steps[0].attempts, [promote_1, promote_2]);
    let notify = TimelineAttempt {
        risk_delay_secs: 2.0 * MIN,
        ..attempt(
            1,
            1,
            0.0,
            Readiness::Start,
            15.0,
            wait(15.0, WaitReason::FreeUnit),
            27.0,
        )
    };
    assert_eq!(t.steps[1].attempts, [notify]);
    let restore = attempt(3, 1, 32.0, Readiness::Fallback, 32.0, None, 92.0);
    assert_eq!(t.steps[2].attempts, [restore]);
    let announce = attempt(4, 1, 92.0, Readiness::Dependency, 92.0, None, 93.0);
    assert_eq!(t.steps[3].attempts, [announce]);
}

/// Every shipped scenario and the specification's example.
fn shipped() -> Vec<(String, Engine)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/spec_example.toml"));
    files
        .into_iter()
        .map(|f| {
            let s = scenario::load(&f).unwrap_or_else(|e| panic!("{e}"));
            (f.display().to_string(), Engine::new(s))
        })
        .collect()
}

#[test]
fn the_engines_marks_and_the_timelines_agree_in_every_shipped_scenario() {
    let mut ws = Workspace::default();
    for (file, e) in shipped() {
        for i in 0..300 {
            let run = simulate(&e, &mut ws, i);
            let t = e.timeline(&run);
            let mut marked = vec![false; run.steps.len()];
            for st in &t.steps {
                marked[st.step] = st.critical;
                for p in &st.path {
                    assert!(st.critical, "{file}: run {i}: a path step is critical");
                    assert!(p.span.end_secs > p.span.start_secs);
                }
            }
            let engine: Vec<bool> = run.steps.iter().map(|s| s.critical).collect();
            assert_eq!(marked, engine, "{file}: run {i}");
            // The roles whose wait lies on the path, read the same way.
            let mut binding = vec![false; run.roles.len()];
            for link in links(&run)
                .iter()
                .filter(|l| matches!(l.kind, LinkKind::Wait { .. }))
            {
                let role = e.scenario().steps[link.step as usize].role;
                binding[role.expect("only steps with a role wait")] = true;
            }
            let engine: Vec<bool> = run.roles.iter().map(|r| r.binding).collect();
            assert_eq!(binding, engine, "{file}: run {i}");
        }
    }
}

#[test]
fn timeline_bars_follow_each_other_and_attempts_are_all_there() {
    let mut ws = Workspace::default();
    for (file, e) in shipped() {
        for i in 0..300 {
            let run = simulate(&e, &mut ws, i);
            let t = e.timeline(&run);
            let mut orders: Vec<usize> = Vec::new();
            for st in &t.steps {
                for pair in st.bars.windows(2) {
                    assert!(pair[0].span.end_secs <= pair[1].span.start_secs, "{file}");
                }
                let work = st
                    .bars
                    .iter()
                    .filter(|b| !matches!(b.kind, BarKind::Waiting | BarKind::RetryDelay));
                assert_eq!(work.count(), st.attempts.len(), "{file}: run {i}");
                orders.extend(st.attempts.iter().map(|a| a.order));
            }
            orders.sort_unstable();
            let all: Vec<usize> = (0..orders.len()).collect();
            assert_eq!(orders, all, "{file}: run {i}: each attempt once");
        }
    }
}
