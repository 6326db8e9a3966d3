//! `drsim compare` (issue 10): plans simulated with common random numbers,
//! side by side, with paired differences against the first.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::path::Path;

use drsim::report::Exporter;
use drsim::report::compare::{Compared, compare};
use drsim::runner::{self, Column, RunOptions};
use drsim::stats::percentile_difference;

use crate::util::{drsim, engine, repo_path};

const PLAN: &str = "[scenario]\nname = \"p\"\n[targets]\nrto = \"1h30m\"\n[components.app]\n\
    [[steps]]\nid = \"fix\"\nduration = { dist = \"uniform\", min = \"0s\", max = \"100m\" }\nrecovers = [\"app\"]\n";

fn drsim_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = drsim().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn compare_of_a_plan_with_itself_shows_exactly_no_difference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("scenarios/example.toml"),
        dir.path().join("a.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo_path("scenarios/example.toml"),
        dir.path().join("b.toml"),
    )
    .unwrap();
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2000",
            "--json",
            "c.json",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("SAME    plan 2: RTO p95 +0s [+0s to +0s]; RPO p95 +0s [+0s to +0s]"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    assert!(
        json["entries"][0]["diff"].is_null(),
        "the first is the reference"
    );
    let diff = &json["entries"][1]["diff"];
    assert_eq!(diff["rto_p95"]["estimate"], 0.0);
    assert_eq!(diff["rto_p95"]["ci"], serde_json::json!([0.0, 0.0]));
    assert_eq!(diff["p_meet_rto"]["estimate"], 0.0);
    assert_eq!(diff["verdict"], "unchanged");
}

#[test]
fn a_slower_plan_is_worse_and_fails_with_fail_if_worse() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b.toml"), PLAN.replace("100m", "120m")).unwrap();
    let (code, stdout) = drsim_in(dir.path(), &["compare", "a.toml", "b.toml", "-n", "2000"]);
    assert_eq!(
        code, 0,
        "without --fail-if-worse a worse plan is reported, not failed"
    );
    assert!(stdout.contains("WORSE   plan 2: RTO p95 +19m"), "{stdout}");
    let (code, _) = drsim_in(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2000",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 1);
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare",
            "b.toml",
            "a.toml",
            "-n",
            "2000",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 0, "better is never a failure");
    assert!(stdout.contains("BETTER  plan 2"), "{stdout}");
}

/// With common random numbers, a step's uniform draw u gives 100m·u in one
/// plan and 120m·u in the other: run by run the second RTO is 1.2 times the
/// first, so the true difference of the p95 is 0.2 × 95m = 19m exactly.
#[test]
fn common_random_numbers_pair_runs_exactly() {
    let opts = RunOptions {
        iterations: 500,
        seed: 3,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let (ea, eb) = (engine(PLAN), engine(&PLAN.replace("100m", "120m")));
    let ra = runner::run(&ea, &opts, &|_| {}).unwrap();
    let rb = runner::run(&eb, &opts, &|_| {}).unwrap();
    let (a, b) = (
        ra.samples.column(Column::Rto),
        rb.samples.column(Column::Rto),
    );
    for (x, y) in a.iter().zip(b) {
        assert!((y - 1.2 * x).abs() <= 1e-9 * y.max(1.0), "{x} {y}");
    }
    let report_a = drsim::report::build(ea.scenario(), &ra, &opts);
    let report_b = drsim::report::build(eb.scenario(), &rb, &opts);
    let c = compare(
        &[
            Compared {
                report: &report_a,
                results: &ra,
            },
            Compared {
                report: &report_b,
                results: &rb,
            },
        ],
        0.02,
    );
    let text = drsim::report::CompareText(&c).render();
    assert!(text.contains("2 plans · 500 runs each · seed 3"), "{text}");
}

/// The paired interval covers the true difference at its nominal rate:
/// 200 independent samples of 500 runs with b = 1.2·a, a uniform on
/// 0–100 min; the true p95 difference is 19 min. Coverage of a 95 %
/// interval over 200 trials has sd √(0.95·0.05/200) ≈ 0.0154: it must be
/// at least 0.95 − 4·0.0154 ≈ 0.888.
#[test]
fn the_paired_interval_covers_the_true_difference_at_its_nominal_rate() {
    let truth = 0.2 * 95.0 * 60.0;
    let trials = 200;
    let mut covered = 0;
    for trial in 0..trials {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1000 + trial);
        let a: Vec<f64> = (0..500).map(|_| rng.random::<f64>() * 6000.0).collect();
        let b: Vec<f64> = a.iter().map(|x| 1.2 * x).collect();
        let d = percentile_difference(&a, &b, 95.0, trial);
        covered += usize::from(d.low <= truth && truth <= d.high);
    }
    let coverage = covered as f64 / trials as f64;
    let sd = (0.95f64 * 0.05 / trials as f64).sqrt();
    assert!(coverage >= 0.95 - 4.0 * sd, "coverage {coverage}");
}

#[test]
fn compare_charts_draw_every_plan_on_one_axis() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b.toml"), PLAN.replace("100m", "120m")).unwrap();
    let (code, _) = drsim_in(
        dir.path(),
        &[
            "compare", "a.toml", "b.toml", "-n", "300", "--charts", "c", "--quiet",
        ],
    );
    assert_eq!(code, 0);
    for name in ["rto-compare", "rpo-compare"] {
        let svg = std::fs::read_to_string(dir.path().join(format!("c/{name}.svg"))).unwrap();
        assert!(
            svg.contains("1. p: 300 runs") && svg.contains("2. p: 300 runs"),
            "{name}"
        );
        assert!(dir.path().join(format!("c/{name}.png")).exists());
    }
}
