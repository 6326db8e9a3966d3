//! `drsim drill FILE ACTUALS.csv` (issue 14, part 2): a real drill scored
//! against the model — percentiles, the 5–95 % band, the calibration,
//! `--strict`, `--json`, located errors, and the review page's section.

use std::path::{Path, PathBuf};

use drsim::drill::{self, Verdict};
use drsim::engine::Engine;
use drsim::runner::Column;
use drsim::scenario;

use crate::util::{assert_succeeded, drsim, parse_page, repo_path, section_ids, simulate};

const PROSEWARE: &str = "scenarios/proseware.toml";
const DRILL: &str = "scenarios/proseware-drill.csv";

/// Runs of the tests' simulations, and their seed.
const RUNS: u64 = 4000;
const RUNS_ARG: &str = "4000";
const SEED: u64 = 5;

/// `drsim drill ARGS… -n 4000 --seed 5`: exit code, stdout, stderr.
fn drill_cli(args: &[&str]) -> (i32, String, String) {
    let out = drsim()
        .arg("drill")
        .args(args)
        .args(["-n", RUNS_ARG, "--seed", "5"])
        .output()
        .expect("drsim runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` written as `name` in `dir`.
fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the actuals");
    path
}

fn proseware() -> String {
    repo_path(PROSEWARE).display().to_string()
}

/// The JSON `drill --json -` writes for `actuals` against Proseware.
fn drill_json(actuals: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![proseware(), actuals.display().to_string()];
    args.extend(["--json", "-"].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = drill_cli(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON on stdout")
}

#[test]
fn issue_14_an_actual_equal_to_the_model_median_scores_about_fifty() {
    let s = scenario::load(&repo_path(PROSEWARE)).unwrap();
    let engine = Engine::new(s.clone());
    let results = simulate(&engine, RUNS, SEED);
    let rto_p50 = results.samples.sorted(Column::Rto).percentile(50.0);
    let smoke = s.steps.iter().position(|st| st.id == "smoke_test").unwrap();
    let mut smoke_times: Vec<f32> = results
        .step_busy
        .column(smoke)
        .iter()
        .copied()
        .filter(|t| *t > 0.0)
        .collect();
    smoke_times.sort_by(f32::total_cmp);
    let smoke_p50 = smoke_times[smoke_times.len().div_ceil(2) - 1];
    let text = format!(
        "measure,actual\nrto,{rto_p50}\nstep.smoke_test,{smoke_p50}\nstep.redis_flush,5m\n"
    );
    let actuals = drill::parse(text.as_bytes(), "median.csv", &s).unwrap();
    let d = drill::score(&results, &actuals);
    for scored in &d.scored[..2] {
        let n = scored.runs as f64;
        // The nearest-rank median is the ⌈n/2⌉-th value: n/2 − 1 values
        // below it and itself counted half give 50 − 50/n; one more rank
        // for a tie allows 100/n.
        let p = scored.percentile().unwrap();
        assert!((p - 50.0).abs() <= 100.0 / n, "{scored:?}: p{p}");
        assert_eq!(scored.verdict, Verdict::Within);
    }
    // A fixed 5m step: every run ties with the actual, exactly p50.
    assert_eq!(d.scored[2].percentile(), Some(50.0));
    assert_eq!(d.calibration.outside, 0);
    assert_eq!(d.calibration.probability, 1.0);
}

#[test]
fn issue_14_the_cli_scores_the_model_median_about_fifty() {
    let dir = tempfile::tempdir().unwrap();
    // First the model's medians, then those as the actuals.
    let probe = csv(
        dir.path(),
        "probe.csv",
        "measure,actual\nrto,1h\nrto.postgres,1h\n",
    );
    let v = drill_json(&probe, &[]);
    let p50 = |k: usize| v["actuals"][k]["p50"].as_f64().unwrap();
    let text = format!("measure,actual\nrto,{}\nrto.postgres,{}\n", p50(0), p50(1));
    let median = csv(dir.path(), "median.csv", &text);
    let v = drill_json(&median, &[]);
    for a in v["actuals"].as_array().unwrap() {
        let n = a["runs"].as_f64().unwrap();
        let p = a["percentile"].as_f64().unwrap();
        // As above: 50 − 50/n without ties, 100/n allows one.
        assert!((p - 50.0).abs() <= 100.0 / n, "{a}");
        assert_eq!(a["verdict"], "within");
    }
}

#[test]
fn issue_14_an_actual_above_every_run_is_optimistic_and_strict_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        dir.path(),
        "late.csv",
        "measure,actual\nrto,30d\nstep.ramp_20,15m\n",
    );
    let (file, actuals) = (proseware(), path.display().to_string());
    let (code, stdout, stderr) = drill_cli(&[&file, &actuals]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("the model is optimistic about the RTO: the drill was back after 30d, above every simulated run (p5–p95 "),
        "{stdout}"
    );
    assert!(stdout.contains("above every run   optimistic"), "{stdout}");
    assert!(
        stdout.contains("Calibration: 1 of 2 actuals outside the model's 5–95 % band"),
        "{stdout}"
    );
    let (code, stdout, _) = drill_cli(&[&file, &actuals, "--strict", "--quiet"]);
    assert_eq!(code, 1);
    // --quiet: the actuals outside the band and the calibration only.
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    let within = csv(
        dir.path(),
        "within.csv",
        "measure,actual\nstep.ramp_20,15m\n",
    );
    let (code, _, stderr) = drill_cli(&[&file, &within.display().to_string(), "--strict"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn issue_14_the_calibration_probability_is_the_binomial_tail() {
    let dir = tempfile::tempdir().unwrap();
    // 2 of 5 outside: 30d above every run, 1s below every smoke test.
    let path = csv(
        dir.path(),
        "five.csv",
        "measure,actual\nrto,30d\nrpo,15s\nstep.smoke_test,1s\nstep.ramp_20,15m\nstep.redis_flush,5m\n",
    );
    let v = drill_json(&path, &[]);
    let c = &v["calibration"];
    assert_eq!(
        (c["actuals"].as_u64(), c["outside"].as_u64()),
        (Some(5), Some(2))
    );
    assert!((c["expected_outside"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    // P(X ≥ 2), X ~ Binomial(5, 0.1) = 1 − P(0) − P(1).
    let by_hand = 1.0 - 0.9f64.powi(5) - 5.0 * 0.1 * 0.9f64.powi(4);
    assert!(
        (c["probability"].as_f64().unwrap() - by_hand).abs() < 1e-12,
        "{c}"
    );
    assert_eq!(v["actuals"][2]["verdict"], "pessimistic");
    assert_eq!(v["actuals"][2]["percentile"], 0.0);
}

#[test]
fn issue_14_malformed_or_unknown_actuals_exit_2_at_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "measure,actual\nlatency,5m\n",
            ":2:1: `latency` is not a measure",
        ),
        (
            "measure,actual\nstep.storage_failovr,2h\n",
            ":2:1: no step is called `storage_failovr`: did you mean `storage_failover`?",
        ),
        ("measure,actual\nrto,4x\n", ":2:5: actual: unknown unit"),
        (
            "step,took\nrto,4h\n",
            ":1:1: the first row must name the columns `measure,actual`",
        ),
        (
            "measure,actual\nrto,4h\nrpo,1m\nrto,5h\n",
            ":4:1: `rto` is given twice (first on line 2)",
        ),
        (
            "note,measure,actual\nx,rto.front_door,1h\n",
            ":2:3: the model says `front_door` is never down",
        ),
        (
            "measure,actual\nrpo.redis,1m\n",
            ":2:1: `redis`: it has no data sources in the plan",
        ),
        (
            "measure,actual\nstep.postgres,1h\n",
            ":2:1: `postgres` is a component, not a step",
        ),
        (
            "measure,actual\n\"rto,4h\n",
            ":2:1: this row has no actual (column 2)",
        ),
        ("measure,actual\nrto,\n", ":2:5: actual: empty"),
    ];
    let file = proseware();
    for (k, (text, expected)) in cases.iter().enumerate() {
        let path = csv(dir.path(), &format!("bad{k}.csv"), text);
        let (code, stdout, stderr) = drill_cli(&[&file, &path.display().to_string()]);
        assert_eq!(code, 2, "{text:?}: {stderr}");
        let at = format!("error: {}{expected}", path.display());
        assert!(
            stderr.starts_with(&at),
            "{text:?}:\n{stderr}\nexpected {at}"
        );
        assert!(stdout.is_empty(), "{text:?}: {stdout}");
    }
    let (code, _, stderr) = drill_cli(&[&file, "no-such-drill.csv"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: no-such-drill.csv: cannot read the drill actuals: No such file"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("No such file").count(),
        1,
        "said once: {stderr}"
    );
    let (code, _, stderr) = drill_cli(&["-", "-"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("both name standard input"), "{stderr}");
}

#[test]
fn issue_14_drill_json_has_its_shape_and_never_for_unrecovered_runs() {
    let dir = tempfile::tempdir().unwrap();
    // Half the runs never recover: the only step gives up without a fallback.
    let plan = csv(
        dir.path(),
        "coin.toml",
        "[scenario]\nname = \"coin\"\n[components.app]\n[[steps]]\nid = \"failover\"\nduration = \"10m\"\n\
         failure = { probability = 0.5, retries = 0 }\nrecovers = [\"app\"]\n",
    );
    let actuals = csv(
        dir.path(),
        "coin.csv",
        "measure,actual\nrto,10m\nstep.failover,10m\n",
    );
    let (code, stdout, stderr) = drill_cli(&[
        &plan.display().to_string(),
        &actuals.display().to_string(),
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "schema_version",
        "scenario",
        "actuals_file",
        "iterations",
        "seed",
        "actuals",
        "calibration",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
    assert_eq!(v["scenario"]["name"], "coin");
    assert_eq!(v["iterations"], RUNS);
    let rto = &v["actuals"][0];
    for key in [
        "measure",
        "actual",
        "percentile",
        "p5",
        "p50",
        "p95",
        "runs",
        "verdict",
    ] {
        assert!(!rto[key].is_null(), "actuals[0].{key}");
    }
    assert_eq!(rto["measure"], "rto");
    assert_eq!(rto["actual"], 600.0);
    assert_eq!(rto["p5"], 600.0);
    assert_eq!(rto["p95"], "never");
    // Every run that recovered took exactly 10m: ties, counted half.
    let recovered = rto["percentile"].as_f64().unwrap() / 50.0;
    // About half the runs recovered: 0.5 ± 4.5 σ, σ = √(0.25/4000) ≈ 0.0079.
    assert!((recovered - 0.5).abs() < 0.036, "{rto}");
    assert_eq!(v["actuals"][1]["percentile"], 50.0);
    for key in ["actuals", "outside", "expected_outside", "probability"] {
        assert!(v["calibration"][key].is_number(), "calibration.{key}");
    }
}

#[test]
fn issue_14_drill_json_is_identical_for_any_thread_count() {
    let json = |threads: &str| {
        let (code, stdout, stderr) = drill_cli(&[
            &proseware(),
            &repo_path(DRILL).display().to_string(),
            "--threads",
            threads,
            "--json",
            "-",
        ]);
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    assert_eq!(json("1"), json("2"));
}

#[test]
fn issue_14_the_shipped_drill_shows_both_kinds_of_actual_outside_the_band() {
    let (code, stdout, stderr) = drsim()
        .args(["drill", PROSEWARE, DRILL])
        .current_dir(repo_path(""))
        .output()
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("the model is optimistic about storage_failover"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the model is pessimistic about smoke_test"),
        "{stdout}"
    );
}

#[test]
fn issue_14_the_review_page_with_a_drill_has_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let out = drsim()
        .args(["report", PROSEWARE, "-o"])
        .arg(&page)
        .args(["--drill", DRILL, "-n", "1000", "--seed", "5", "--quiet"])
        .current_dir(repo_path(""))
        .output()
        .unwrap();
    assert_succeeded(&out, "");
    let html = std::fs::read_to_string(&page).unwrap();
    let doc = parse_page(&html);
    let ids = section_ids(&doc);
    let at = |id: &str| ids.iter().position(|s| *s == id);
    assert_eq!(at("drill"), at("summary").map(|k| k + 1), "{ids:?}");
    assert!(html.contains(
        "Storage account failover to westus <span class=\"muted id\">step.storage_failover</span>"
    ));
    assert!(html.contains("the model is optimistic about storage_failover"));
    assert!(html.contains("Calibration: "));
    assert!(html.contains(&format!("--drill {DRILL} -o report.html")));
    // A drill the plan cannot score stops the report before simulating.
    let bad = csv(dir.path(), "bad.csv", "measure,actual\nrto.nowhere,1h\n");
    let out = drsim()
        .args(["report", PROSEWARE, "-o"])
        .arg(dir.path().join("never.html"))
        .arg("--drill")
        .arg(&bad)
        .current_dir(repo_path(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("bad.csv:2:1: no component is called `nowhere`")
    );
    assert!(!dir.path().join("never.html").exists());
}
