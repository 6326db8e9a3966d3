//! The timeline of the small plan: bars, marks, path stretches,
//! components, and what each attempt says.

use super::*;

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
            // For the one dba to respond; then for notify to release them.
            bar(BarKind::Engaging, 0.0, 10.0),
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
            stretch(Activity::Engaging, 0.0, 10.0),
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
            recovered_secs: 92.0 * MIN,
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
