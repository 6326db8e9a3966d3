//! What drives the RTO, against closed forms: criticality, sensitivity,
//! role waits, risks, fallbacks, the tail's decomposition, and the coverage
//! of the confidence intervals. Fixed seeds; tolerances from sample sizes.

use drsim::engine::Workspace;
use drsim::report::{self, Report};
use drsim::runner::{self, Column, RunOptions, replay};
use drsim::stats::Sorted;

use crate::util::engine;

const HEAD: &str = "[scenario]\nname = \"t\"\n";

fn report_of(toml: &str, iterations: u64, seed: u64) -> Report {
    let e = engine(toml);
    let opts = RunOptions {
        iterations,
        seed,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(&e, &opts, &|_| {}).unwrap();
    report::build(e.scenario(), &results, &opts)
}

#[test]
fn the_always_longer_branch_is_always_critical_the_other_never() {
    let r = report_of(
        &format!(
            "{HEAD}[components.x]\n\
             [[steps]]\nid = \"long\"\nduration = {{ dist = \"uniform\", min = \"2h\", max = \"3h\" }}\n\
             [[steps]]\nid = \"short\"\nduration = {{ dist = \"uniform\", min = \"10m\", max = \"1h\" }}\n\
             [[steps]]\nid = \"join\"\nafter = [\"long\", \"short\"]\nduration = \"5m\"\nrecovers = [\"x\"]\n"
        ),
        5000,
        1,
    );
    assert_eq!(r.steps.get("long").unwrap().criticality, 1.0);
    assert_eq!(r.steps.get("short").unwrap().criticality, 0.0);
    assert_eq!(r.steps.get("join").unwrap().criticality, 1.0);
    // The short branch never contributes to the tail either.
    assert_eq!(r.steps.get("short").unwrap().tail.total(), 0.0);
}

#[test]
fn an_independent_step_has_no_rank_correlation_with_the_rto() {
    let n = 20_000;
    let r = report_of(
        &format!(
            "{HEAD}[components.x]\n\
             [[steps]]\nid = \"work\"\nduration = {{ dist = \"uniform\", min = \"1h\", max = \"2h\" }}\nrecovers = [\"x\"]\n\
             [[steps]]\nid = \"aside\"\nduration = {{ dist = \"exponential\", mean = \"30m\" }}\n"
        ),
        n,
        2,
    );
    let rho = r.steps.get("aside").unwrap().sensitivity.unwrap();
    // Under independence Spearman's ρ has sd ≈ 1/√(n−1).
    assert!(rho.abs() < 3.0 / (n as f64).sqrt(), "ρ {rho}");
    let work = r.steps.get("work").unwrap();
    assert!(
        work.sensitivity.unwrap() > 0.999,
        "the RTO is this step's time"
    );
    // SSI = criticality · σ(step) / σ(RTO) = 1 when the step is the RTO.
    assert!((work.ssi.unwrap() - 1.0).abs() < 1e-3, "{:?}", work.ssi);
}

#[test]
fn a_step_sharing_one_person_waits_exactly_the_others_duration() {
    let toml = format!(
        "{HEAD}[roles]\ndba = 1\n[components.x]\n\
         [[steps]]\nid = \"first\"\nrole = \"dba\"\nduration = {{ dist = \"uniform\", min = \"10m\", max = \"30m\" }}\n\
         [[steps]]\nid = \"second\"\nrole = \"dba\"\nduration = \"15m\"\nrecovers = [\"x\"]\n"
    );
    let e = engine(&toml);
    let mut ws = Workspace::default();
    for run in 0..200 {
        let r = replay(&e, 3, run, &mut ws);
        assert_eq!(r.steps[1].wait_secs, r.steps[0].busy_secs, "run {run}");
        assert_eq!(r.roles[0].wait_secs, r.steps[0].busy_secs);
        assert!(
            r.roles[0].binding,
            "the wait for the dba is on the critical path"
        );
    }
    let n = 20_000;
    let r = report_of(&toml, n, 3);
    let dba = r.roles.get("dba").unwrap();
    assert_eq!(dba.binding, 1.0);
    // Mean wait = mean of U(10m, 30m) = 20m; sd 20/√12 m.
    let tol = 4.0 * (1200.0 / 12f64.sqrt()) / (n as f64).sqrt();
    assert!((dba.wait_mean - 1200.0).abs() < tol, "{}", dba.wait_mean);
    // Busy all the time until the makespan: utilisation 1.
    assert!((dba.utilisation - 1.0).abs() < 1e-9, "{}", dba.utilisation);
    // In the tail, `second` waited for the dba and then worked 15m.
    let second = r.steps.get("second").unwrap();
    assert!((second.tail.working - 900.0).abs() < 1e-3);
    assert!(
        second.tail.waiting > 1700.0,
        "tail runs waited near the 30m maximum"
    );
}

#[test]
fn risks_and_fallbacks_report_the_rto_with_and_without_them() {
    let r = report_of(
        &format!(
            "{HEAD}[targets]\npercentile = 50\n[components.x]\n[components.y]\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\nrecovers = [\"x\"]\n\
             risks = [ {{ name = \"slow\", probability = 0.3, delay = \"1h\" }} ]\n\
             [[steps]]\nid = \"b\"\nduration = \"5m\"\nrecovers = [\"y\"]\n\
             failure = {{ probability = 0.2, fallback = \"c\" }}\n\
             [[steps]]\nid = \"c\"\nfallback_only = true\nduration = \"3h\"\nrecovers = [\"y\"]\n"
        ),
        20_000,
        4,
    );
    let risk = &r.risks[0];
    assert_eq!((risk.step.as_str(), risk.name.as_str()), ("a", "slow"));
    assert!((risk.fired - 0.3).abs() < 4.0 * (0.3f64 * 0.7 / 20_000.0).sqrt());
    // Without the risk a run takes 10m, unless b fell back (20 %): median 10m.
    assert_eq!(risk.rto_when_not, 600.0);
    assert_eq!(risk.rto_when_fired, 4200.0);
    let fb = &r.fallbacks[0];
    assert_eq!((fb.step.as_str(), fb.fallback.as_str()), ("b", "c"));
    assert!((fb.rate - 0.2).abs() < 4.0 * (0.2f64 * 0.8 / 20_000.0).sqrt());
    assert_eq!(fb.rto_when_fell_back, 5.0 * 60.0 + 3.0 * 3600.0);
}

#[test]
fn the_tail_is_made_of_what_its_runs_spent_on_the_critical_path() {
    let n = 40_000;
    let r = report_of(
        &format!(
            "{HEAD}[components.x]\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\n\
             [[steps]]\nid = \"b\"\nafter = [\"a\"]\nduration = {{ dist = \"uniform\", min = \"0s\", max = \"60m\" }}\nrecovers = [\"x\"]\n"
        ),
        n,
        5,
    );
    let tail = &r.tail;
    // The worst 5 %: RTO ≥ p95 = 10m + 57m.
    assert!(
        (tail.threshold - 67.0 * 60.0).abs() < 60.0,
        "{}",
        tail.threshold
    );
    assert_eq!(r.steps.get("a").unwrap().tail.working, 600.0);
    // b | b ≥ 57m is uniform on [57m, 60m]: mean 58.5m, sd 3/√12 m over ~2000
    // runs; plus 30 s for the sample threshold, whose 95 % interval is
    // ±1.96·√(n·0.95·0.05) ≈ 85 ranks ≈ ±8 s, moving the mean by half that.
    let b = r.steps.get("b").unwrap().tail.working;
    let tol = 4.0 * (180.0 / 12f64.sqrt()) / ((tail.runs as f64).sqrt()) + 30.0;
    assert!((b - 58.5 * 60.0).abs() < tol, "{b}");
    assert!(tail.runs as f64 >= 0.05 * n as f64);
}

#[test]
fn confidence_intervals_cover_a_known_quantile_as_often_as_they_claim() {
    // RTO ~ U(0, 100m): true p95 = 95m; true share meeting 90m = 0.9.
    let e = engine(&format!(
        "{HEAD}[targets]\nrto = \"90m\"\n[components.x]\n\
         [[steps]]\nid = \"a\"\nduration = {{ dist = \"uniform\", min = \"0s\", max = \"100m\" }}\nrecovers = [\"x\"]\n"
    ));
    let (trials, n) = (200, 2000);
    let (mut quantile_hits, mut share_hits) = (0, 0);
    for seed in 0..trials {
        let opts = RunOptions {
            iterations: n,
            seed,
            threads: 1,
            chunk_runs: runner::DEFAULT_CHUNK_RUNS,
        };
        let results = runner::run(&e, &opts, &|_| {}).unwrap();
        let sorted = Sorted::new(results.samples.column(Column::Rto).to_vec());
        let ci = sorted.percentile_interval(95.0);
        quantile_hits += u32::from(ci.low <= 95.0 * 60.0 && 95.0 * 60.0 <= ci.high);
        let r = report::build(e.scenario(), &results, &opts);
        share_hits +=
            u32::from(r.rto.p_meet_low.unwrap() <= 0.9 && 0.9 <= r.rto.p_meet_high.unwrap());
    }
    // Nominal 95 %; binomial tolerance over 200 trials: 4·√(0.95·0.05/200) ≈ 0.062.
    let tol = 4.0 * (0.95f64 * 0.05 / f64::from(trials as u32)).sqrt();
    for (what, hits) in [("quantile", quantile_hits), ("share", share_hits)] {
        let coverage = f64::from(hits) / trials as f64;
        assert!(
            coverage > 0.95 - tol,
            "{what} interval covers only {coverage}"
        );
    }
}

#[test]
fn trace_prints_the_timeline_of_a_chosen_run() {
    use assert_cmd::Command;
    let example = crate::util::repo_path("scenarios/example.toml");
    let out = Command::cargo_bin("drsim")
        .unwrap()
        .arg("run")
        .arg(&example)
        .args(["-n", "2000", "--quiet", "--trace", "p95"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Run ") && text.contains("the run at the p95 RTO"),
        "{text}"
    );
    assert!(
        text.contains("promote_db") && text.contains("recovered"),
        "{text}"
    );
    assert!(text.contains("* "), "critical steps are marked: {text}");
    // A run index replays that run: its RTO matches the CSV row.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("runs.csv");
    let out = Command::cargo_bin("drsim")
        .unwrap()
        .arg("run")
        .arg(&example)
        .args(["-n", "100", "--quiet", "--trace", "7", "--samples"])
        .arg(&csv)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .nth(8)
        .unwrap()
        .to_string();
    let rto_secs: f64 = row.split(',').nth(1).unwrap().parse().unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("Run 7 (seed 42): RTO "), "{first}");
    assert!(
        first.contains(&format!("RTO {},", drsim::duration::format_secs(rto_secs))),
        "{first} vs {row}"
    );
    for bad in ["p0", "p101", "x", "-1"] {
        Command::cargo_bin("drsim")
            .unwrap()
            .arg("run")
            .arg(&example)
            .args(["-n", "10", "--trace", bad])
            .assert()
            .code(2);
    }
}
