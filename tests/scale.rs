//! Issue 9, linear replays: reading a run (its timeline, its trace, the
//! Gantt rows, the tail pass's critical paths) costs time linear in the
//! plan, not quadratic. Long chains of 20 000 steps are replayed and every
//! reading is counted: one row, one attempt and one stretch of critical
//! path per step, a fixed number of trace lines per step. These tests
//! never time anything; a quadratic reading shows as a test that takes
//! minutes instead of seconds.
//!
//! The chain generators double as a tool for timing the release build on
//! longer chains (writes `fallback-N.toml` and `after-N.toml`):
//!
//! ```sh
//! DRSIM_CHAIN_DIR=/tmp/chains DRSIM_CHAIN_STEPS=100000 \
//!     cargo test --test integration scale::write_chain_scenarios -- --ignored
//! ```

use std::fmt::Write;

use drsim::chart::{BarKind, GanttData};
use drsim::engine::{Activity, Engine, Outcome, Timeline, Workspace};
use drsim::report::{self, Exporter, Trace, TraceHeader};
use drsim::runner::{self, RunOptions};

use crate::util::{engine, simulate};

/// Steps in the chains the tests replay.
const STEPS: usize = 20_000;

/// Which chain of steps.
#[derive(Debug, Clone, Copy)]
enum Chain {
    /// Step k fails (probability 1) and falls back to step k + 1; the
    /// last succeeds. The first step recovers the one component.
    Fallback,
    /// Step k is `after` step k − 1; the last recovers the one component.
    After,
    /// The `after` chain, step k holding a unit of its own role k.
    Roles,
    /// The fallback chain with as many components as steps, each with a
    /// fast and a slow data source: the first step recovers them all from
    /// the fast one, the last (so the one that decides) from the slow one.
    FallbackData,
}

impl Chain {
    fn name(self) -> &'static str {
        match self {
            Chain::Fallback => "fallback",
            Chain::After => "after",
            Chain::Roles => "roles",
            Chain::FallbackData => "fallback-data",
        }
    }
}

/// Lag of the slow data source of [`Chain::FallbackData`].
const SLOW_SECS: f64 = 3600.0;

/// A valid scenario: a chain of `n` one-minute steps.
fn chain(kind: Chain, n: usize) -> String {
    let mut toml = format!(
        "[scenario]\nname = \"{} chain of {n} steps\"\n\n",
        kind.name()
    );
    let mut all = String::new();
    match kind {
        Chain::FallbackData => {
            for c in 0..n {
                let _ = writeln!(
                    toml,
                    "[components.c{c}.data]\nfast = {{ lag = \"1m\" }}\nslow = {{ lag = \"1h\" }}"
                );
                let _ = write!(all, "{}\"c{c}\"", if c == 0 { "" } else { ", " });
            }
            toml.push('\n');
        }
        Chain::Roles => {
            toml.push_str("[components.svc]\n[roles]\n");
            for k in 0..n {
                let _ = writeln!(toml, "r{k} = {{ count = 1 }}");
            }
            toml.push('\n');
            all.push_str("\"svc\"");
        }
        Chain::Fallback | Chain::After => {
            toml.push_str("[components.svc]\n");
            all.push_str("\"svc\"");
        }
    }
    for k in 0..n {
        let (first, last) = (k == 0, k + 1 == n);
        let _ = write!(toml, "[[steps]]\nid = \"s{k}\"\nduration = \"1m\"\n");
        match kind {
            Chain::Fallback | Chain::FallbackData => {
                if !first {
                    toml.push_str("fallback_only = true\n");
                }
                if !last {
                    let next = k + 1;
                    let _ = writeln!(
                        toml,
                        "failure = {{ probability = 1.0, fallback = \"s{next}\" }}"
                    );
                }
            }
            Chain::After | Chain::Roles => {
                if !first {
                    let previous = k - 1;
                    let _ = writeln!(toml, "after = [\"s{previous}\"]");
                }
            }
        }
        if let Chain::Roles = kind {
            let _ = writeln!(toml, "role = \"r{k}\"");
        }
        let recovers = match kind {
            Chain::Fallback => first,
            Chain::After | Chain::Roles => last,
            Chain::FallbackData => first || last,
        };
        if recovers {
            let _ = writeln!(toml, "recovers = [{all}]");
        }
        if matches!(kind, Chain::FallbackData) && (first || last) {
            let from = if first { "fast" } else { "slow" };
            let _ = writeln!(toml, "from = \"{from}\"");
        }
        toml.push('\n');
    }
    toml
}

/// The timeline of run 0 of `engine` and its trace.
fn replayed(engine: &Engine) -> (Timeline, String) {
    let mut ws = Workspace::default();
    let run = runner::replay(engine, 0, 0, &mut ws);
    let timeline = engine.timeline(&run);
    let trace = Trace {
        scenario: engine.scenario(),
        header: TraceHeader {
            run: 0,
            seed: 0,
            why: None,
        },
        timeline: &timeline,
    }
    .render();
    (timeline, trace)
}

/// Every step of the chain ran once, in file order, on the critical path
/// with one stretch of it.
fn assert_one_row_per_step(timeline: &Timeline, n: usize) {
    assert_eq!(timeline.rto_secs, n as f64 * 60.0);
    assert_eq!(timeline.steps.len(), n, "one row per step");
    for (k, st) in timeline.steps.iter().enumerate() {
        assert_eq!(st.step, k, "in order of first start");
        assert_eq!(st.attempts.len(), 1, "step {k}");
        assert_eq!(st.attempts[0].order, k, "step {k}");
        assert_eq!(st.bars.len(), 1, "step {k}");
        assert!(st.critical, "step {k}");
        assert_eq!(st.path.len(), 1, "step {k}");
        let span = st.path[0].span;
        assert_eq!(
            (span.start_secs, span.end_secs),
            (k as f64 * 60.0, (k + 1) as f64 * 60.0)
        );
    }
}

#[test]
fn issue_9_a_20000_step_fallback_chain_replays_in_linear_time() {
    let e = engine(&chain(Chain::Fallback, STEPS));
    let (timeline, trace) = replayed(&e);
    assert_one_row_per_step(&timeline, STEPS);
    for (k, st) in timeline.steps.iter().enumerate() {
        let last = k + 1 == STEPS;
        let (bar, activity) = if last {
            (BarKind::Fallback, Activity::FallingBack)
        } else {
            (BarKind::Failed, Activity::Retrying)
        };
        assert_eq!(st.bars[0].kind, bar, "step {k}");
        assert_eq!(st.path[0].activity, activity, "step {k}");
        let outcome = st.attempts[0].outcome;
        match outcome {
            Outcome::Done => assert!(last, "step {k}"),
            Outcome::FellBack { to } => assert_eq!(to, k + 1),
            _ => panic!("step {k}: {outcome:?}"),
        }
        let done_by_fallback = st.fallback_done_secs.is_some();
        assert_eq!(done_by_fallback, !last, "step {k}");
    }
    // Header; ready, start, end per step; done by its fallback for all but
    // the last; the recovery; the legend.
    assert_eq!(trace.lines().count(), 1 + 3 * STEPS + (STEPS - 1) + 1 + 1);
    let header = "Run 0 (seed 0): RTO 13d21h, RPO 0s, makespan 13d21h\n";
    assert!(trace.starts_with(header), "{}", &trace[..80]);
}

#[test]
fn issue_9_a_20000_step_after_chain_replays_in_linear_time() {
    let e = engine(&chain(Chain::After, STEPS));
    let (timeline, trace) = replayed(&e);
    assert_one_row_per_step(&timeline, STEPS);
    for st in &timeline.steps {
        assert_eq!(st.bars[0].kind, BarKind::Working);
        assert_eq!(st.path[0].activity, Activity::Working);
    }
    // Header; ready, start, done per step; the recovery; the legend.
    assert_eq!(trace.lines().count(), 1 + 3 * STEPS + 1 + 1);
}

/// A dispatch visits only the roles that can start something, not every
/// role at every event.
#[test]
fn issue_9_a_20000_step_chain_with_a_role_per_step_runs_in_linear_time() {
    let e = engine(&chain(Chain::Roles, STEPS));
    let (timeline, trace) = replayed(&e);
    assert_one_row_per_step(&timeline, STEPS);
    for (k, st) in timeline.steps.iter().enumerate() {
        assert_eq!(st.role, Some(k));
        assert_eq!(st.attempts[0].wait, None, "step {k}: its role is free");
    }
    assert_eq!(trace.lines().count(), 1 + 3 * STEPS + 1 + 1);
    assert!(trace.contains("s19999  attempt 1 starts with r19999\n"));
}

/// Each recovery's data source is read through the fallbacks its step
/// took once per component, not once per component and fallback.
#[test]
fn issue_9_20000_components_recovered_through_a_20000_step_fallback_chain_use_its_last_source() {
    let e = engine(&chain(Chain::FallbackData, STEPS));
    let mut ws = Workspace::default();
    let run = runner::replay(&e, 0, 0, &mut ws);
    assert_eq!(run.rto_secs, STEPS as f64 * 60.0);
    assert_eq!(run.components.len(), STEPS);
    for (c, comp) in run.components.iter().enumerate() {
        assert_eq!(
            comp.rpo_secs, SLOW_SECS,
            "component {c}: the last step's source"
        );
    }
}

/// The tail pass replays every tail run and sums its critical path (one
/// stretch per step), and the report's timelines have a row per step.
#[test]
fn issue_9_the_tail_pass_and_the_timelines_of_a_20000_step_chain_are_linear() {
    let e = engine(&chain(Chain::After, STEPS));
    let runs = 8;
    let results = simulate(&e, runs, 3);
    let tail = &results.tail;
    // Every run's RTO is the same, so every run is in the tail.
    assert_eq!((tail.runs, tail.unrecovered), (runs, 0));
    for (k, step) in tail.steps.iter().enumerate() {
        let working = &step[Activity::Working.index()];
        assert_eq!(working.count(), runs, "step {k}: one stretch per run");
        assert_eq!(working.sum(), 60.0 * runs as f64, "step {k}");
    }
    let opts = RunOptions {
        iterations: runs,
        seed: 3,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let report = report::build(e.scenario(), &results, &opts);
    for percentile in [50.0, 95.0] {
        let gantt = GanttData::replay(&e, &report, &results, percentile);
        assert_eq!(gantt.rows.len(), STEPS, "p{percentile}");
        assert!(gantt.rows.iter().all(|r| r.critical && r.path.len() == 1));
        assert_eq!(gantt.row_count(), STEPS + 1, "and the component");
    }
}

/// Not a test: writes the chain scenarios for timing the release build.
#[test]
#[ignore = "a tool: writes chain scenarios to $DRSIM_CHAIN_DIR"]
fn write_chain_scenarios() {
    let dir = std::env::var("DRSIM_CHAIN_DIR").expect("set DRSIM_CHAIN_DIR");
    let steps: usize = std::env::var("DRSIM_CHAIN_STEPS")
        .map_or(Ok(100_000), |n| n.parse())
        .expect("DRSIM_CHAIN_STEPS is a number of steps");
    std::fs::create_dir_all(&dir).expect("create DRSIM_CHAIN_DIR");
    for kind in [
        Chain::Fallback,
        Chain::After,
        Chain::Roles,
        Chain::FallbackData,
    ] {
        let path = format!("{dir}/{}-{steps}.toml", kind.name());
        std::fs::write(&path, chain(kind, steps)).expect("write the scenario");
        println!("{path}");
    }
}
