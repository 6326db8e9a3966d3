//! Scoring against small plans with closed-form distributions.

use super::*;
use crate::engine::Engine;
use crate::runner::{self, RunOptions};
use crate::scenario;

/// promote ~ U[10m, 30m] recovers db (and so app after a fixed 5m
/// deploy); it fails 1 time in 10 and falls back to a fixed 1h restore.
const PLAN: &str = r#"
    [scenario]
    name = "drill"
    [components.db.data.replica]
    lag = { dist = "uniform", min = "0s", max = "2m" }
    [components.app]
    depends_on = ["db"]
    [[steps]]
    id = "promote"
    duration = { dist = "uniform", min = "10m", max = "30m" }
    failure = { probability = 0.1, retries = 0, fallback = "restore" }
    recovers = ["db"]
    [[steps]]
    id = "restore"
    fallback_only = true
    duration = "1h"
    recovers = ["db"]
    [[steps]]
    id = "deploy"
    after = ["db"]
    duration = "5m"
    recovers = ["app"]
"#;

/// Runs of the tests.
const RUNS: u64 = 4000;

fn simulate(toml: &str) -> (Scenario, Results) {
    let s = scenario::parse(toml, "t.toml").unwrap();
    let engine = Engine::new(s.clone());
    let options = RunOptions {
        iterations: RUNS,
        seed: 3,
        threads: 1,
        chunk_runs: 1024,
    };
    let results = runner::run(&engine, &options, &|_| {}).unwrap();
    (s, results)
}

fn scored(toml: &str, csv: &str) -> Drill {
    let (s, results) = simulate(toml);
    let actuals = parse(csv.as_bytes(), "d.csv", &s).unwrap();
    score(&results, &actuals)
}

#[test]
fn a_fixed_step_equal_to_the_actual_scores_exactly_fifty() {
    let d = scored(PLAN, "measure,actual\nstep.deploy,5m\nstep.restore,1h\n");
    for s in &d.scored {
        assert_eq!(s.percentile(), Some(50.0), "{s:?}");
        assert_eq!(s.verdict, Verdict::Within);
        assert_eq!(s.below, 0);
    }
    // The deploy ran in every run, the restore only in the runs that fell back.
    assert_eq!(d.scored[0].runs, RUNS);
    let fell_back = d.scored[1].runs as f64 / RUNS as f64;
    // 0.1 ± 4.5 σ, σ = √(0.1·0.9/4000) ≈ 0.0047.
    assert!((fell_back - 0.1).abs() < 0.022, "{fell_back}");
}

#[test]
fn beyond_the_band_the_model_is_optimistic_or_pessimistic() {
    let d = scored(
        PLAN,
        "measure,actual\nstep.promote,15m\nrto.db,9m\nrto,3h\nrpo.db,1m\n",
    );
    let p = |k: usize| d.scored[k].percentile().unwrap();
    // 15m in U[10m, 30m]: the 25th percentile, ± 4.5 σ of a share over 4000
    // runs (σ = √(0.25·0.75/4000) ≈ 0.0068).
    assert!((p(0) - 25.0).abs() < 3.1, "{}", p(0));
    assert_eq!(d.scored[1].verdict, Verdict::Pessimistic);
    assert!(d.scored[1].below_every_run());
    assert_eq!(d.scored[2].verdict, Verdict::Optimistic);
    assert!(d.scored[2].above_every_run());
    assert_eq!(p(2), 100.0);
    // 1m of a U[0, 2m] lag: the median.
    assert!((p(3) - 50.0).abs() < 3.6, "{}", p(3));
    assert_eq!(d.calibration.actuals, 4);
    assert_eq!(d.calibration.outside, 2);
    assert!((d.calibration.expected_outside - 0.4).abs() < 1e-12);
}

#[test]
fn runs_that_never_recovered_count_above_every_actual() {
    // app never comes back: its only step always fails without a fallback.
    let never = r#"
        [scenario]
        name = "never"
        [components.app]
        [[steps]]
        id = "doomed"
        duration = "10m"
        failure = { probability = 1.0, retries = 0 }
        recovers = ["app"]
        [[steps]]
        id = "after_doomed"
        after = ["doomed"]
        duration = "5m"
    "#;
    let d = scored(
        never,
        "measure,actual\nrto,100h\nstep.doomed,10m\nstep.after_doomed,5m\n",
    );
    let rto = &d.scored[0];
    assert_eq!((rto.below, rto.equal, rto.percentile()), (0, 0, Some(0.0)));
    assert_eq!(rto.verdict, Verdict::Pessimistic);
    assert_eq!(rto.p50, f64::INFINITY);
    // A step the model never ran: no percentile, outside on the optimistic side.
    let after = &d.scored[2];
    assert_eq!((after.runs, after.percentile()), (0, None));
    assert!(after.p50.is_nan());
    assert_eq!(after.verdict, Verdict::Optimistic);
    assert_eq!(d.calibration.outside, 2);
}

#[test]
fn unknown_measures_are_located_at_their_cell() {
    let s = scenario::parse(PLAN, "t.toml").unwrap();
    let e = parse(
        b"# a drill\ndate,measure,actual\n2026-10-14,step.promot,20m\n",
        "d.csv",
        &s,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "d.csv:3:12: no step is called `promot`: did you mean `promote`?"
    );
    let e = parse(b"measure,actual\nrto,2h\nrto,20x\n", "d.csv", &s)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("d.csv:3:5: actual: unknown unit"), "{e}");
}
