//! `drsim check`: exit codes, uncertainty-aware verdicts, regressions
//! against a baseline, JUnit output.

use std::path::Path;

use crate::util::{drsim, repo_path};

fn example() -> String {
    std::fs::read_to_string(repo_path("scenarios/example.toml")).unwrap()
}

/// Runs `drsim check` with `args` in `dir`; returns (exit code, stdout).
fn check_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = drsim()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn exit_0_when_every_target_is_met_1_when_one_is_missed() {
    let dir = tempfile::tempdir().unwrap();
    let good = repo_path("scenarios/example.toml");
    let bad = repo_path("scenarios/example-failing.toml");
    let (code, out) = check_in(dir.path(), &[good.to_str().unwrap(), "-n", "4000"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("PASS "), "{out}");
    let (code, out) = check_in(dir.path(), &[bad.to_str().unwrap(), "-n", "4000"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL ") && out.contains("RTO ≤ 2h"), "{out}");
}

#[test]
fn several_files_each_get_a_verdict_and_the_worst_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.toml", &example());
    write(
        dir.path(),
        "broken.toml",
        "[scenario]\nname = \"x\"\n[[steps]]\nid = \"a\"\nduration = 5\n",
    );
    let bad = repo_path("scenarios/example-failing.toml");
    let (code, out) = check_in(
        dir.path(),
        &["good.toml", bad.to_str().unwrap(), "-n", "2000", "-q"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().count(),
        3,
        "one line per scenario and a summary:\n{out}"
    );
    assert!(
        out.ends_with("drsim check: 2 scenarios — 1 passed, 1 failed\n"),
        "{out}"
    );
    let (code, out) = check_in(
        dir.path(),
        &[
            "good.toml",
            "broken.toml",
            bad.to_str().unwrap(),
            "-n",
            "2000",
            "-q",
        ],
    );
    assert_eq!(code, 2, "an invalid file is the worst outcome");
    assert!(out.contains("INVALID   broken.toml"), "{out}");
    assert!(
        out.contains("3 scenarios — 1 passed, 1 failed, 1 invalid"),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.toml", &example());
    assert_eq!(check_in(dir.path(), &[]).0, 2, "no file");
    assert_eq!(check_in(dir.path(), &["good.toml", "--noise", "-1"]).0, 2);
    assert_eq!(check_in(dir.path(), &["good.toml", "--noise", "nan"]).0, 2);
    assert_eq!(
        check_in(dir.path(), &["good.toml", "--baseline", "missing.json"]).0,
        2
    );
    write(
        dir.path(),
        "broken.json",
        "{\n  \"schema_version\": 1,\n  oops\n}\n",
    );
    let out = drsim()
        .current_dir(dir.path())
        .args(["check", "good.toml", "--baseline", "broken.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("broken.json:3:3"),
        "located JSON error"
    );
    write(dir.path(), "old.json", "{\"schema_version\": 0}");
    assert_eq!(
        check_in(dir.path(), &["good.toml", "--baseline", "old.json"]).0,
        2
    );
}

/// Schema 1 wrote `null` for "never" and for "no runs in this group"; a
/// baseline in it is refused with the command that writes a current one.
#[test]
fn a_schema_1_baseline_is_refused_with_how_to_regenerate_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.toml", &example());
    write(
        dir.path(),
        "v1.json",
        "{\"schema_version\": 1, \"rto\": {\"p95\": null}}",
    );
    let out = drsim()
        .current_dir(dir.path())
        .args(["check", "good.toml", "--baseline", "v1.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("v1.json: schema_version 1 is not 2")
            && stderr.contains("drsim run SCENARIO --json v1.json"),
        "{stderr}"
    );
}

/// "Never recovered" and "no runs in this group" are different facts: a
/// component nothing recovers is `"never"`; the RTO of the runs in which a
/// risk that cannot strike struck is `null`.
#[test]
fn json_tells_never_from_undefined() {
    use drsim::report::{self, Exporter};
    let e = crate::util::engine(
        "[scenario]\nname = \"t\"\n[targets]\nrto = \"1h\"\n\
         [components.app]\n[components.db]\n\
         [[steps]]\nid = \"fix_app\"\nduration = \"10m\"\nrecovers = [\"app\"]\n\
         risks = [{ name = \"never strikes\", probability = 0.0, delay = \"1h\" }]\n\
         [[steps]]\nid = \"fix_db\"\nduration = \"10m\"\nrecovers = [\"db\"]\n\
         failure = { probability = 1.0 }\n",
    );
    let results = crate::util::simulate(&e, 100, 1);
    let opts = drsim::runner::RunOptions {
        iterations: 100,
        seed: 1,
        threads: 2,
        chunk_runs: drsim::runner::DEFAULT_CHUNK_RUNS,
    };
    let r = report::build(e.scenario(), &results, &opts);
    let json: serde_json::Value = serde_json::from_str(&report::Json::One(&r).render()).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["components"]["db"]["rto"]["p50"], "never");
    assert_eq!(json["rto"]["max"], "never");
    assert_eq!(json["components"]["app"]["rto"]["p50"], 600.0);
    let risk = &json["risks"][0];
    assert_eq!(risk["fired"], 0.0);
    assert!(risk["rto_when_fired"].is_null(), "no runs: {risk}");
    assert_eq!(risk["rto_when_not"], "never");
}

/// A scenario whose RTO is uniform on 0–100 min, judged at p95 against 96 min:
/// exactly 96 % of disasters meet it, one point above the requirement.
const NEAR_TARGET: &str = "[scenario]\nname = \"near\"\n[targets]\nrto = \"96m\"\n\
    [components.app]\n[[steps]]\nid = \"a\"\nduration = { dist = \"uniform\", min = \"0s\", max = \"100m\" }\nrecovers = [\"app\"]\n";

fn near_target_verdict(iterations: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "near.toml", NEAR_TARGET);
    let (code, out) = check_in(
        dir.path(),
        &["near.toml", "-n", iterations, "--json", "out.json"],
    );
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    json["check"]["targets"][0].clone()
}

#[test]
fn marginal_verdicts_appear_with_few_runs_and_disappear_with_many() {
    // n = 500: Wilson half-width ≈ 1.96·√(0.96·0.04/500) ≈ 1.7 points > 1 point.
    let few = near_target_verdict("500");
    assert_eq!(few["marginal"], true, "{few}");
    // More runs than were made, by the share estimated from those 500.
    let settle = few["iterations_to_settle"].as_u64().unwrap();
    assert!(settle > 500, "{settle}");
    // n = 50 000: half-width ≈ 0.17 points.
    let many = near_target_verdict("50000");
    assert_eq!(many["marginal"], false, "{many}");
    assert!(many["iterations_to_settle"].is_null());
    assert_eq!(many["pass"], true);
}

#[test]
fn an_unchanged_plan_shows_exactly_no_difference_against_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.toml", &example());
    drsim()
        .current_dir(dir.path())
        .args([
            "run",
            "plan.toml",
            "-n",
            "5000",
            "--json",
            "base.json",
            "-q",
        ])
        .assert()
        .success();
    let (code, out) = check_in(
        dir.path(),
        &[
            "plan.toml",
            "-n",
            "5000",
            "--baseline",
            "base.json",
            "--json",
            "now.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("now.json")).unwrap())
            .unwrap();
    let baseline = &json["check"]["baseline"];
    assert_eq!(baseline["same_sampling"], true);
    assert_eq!(baseline["regressions"], 0);
    let changes = baseline["changes"].as_array().unwrap();
    assert!(changes.len() >= 10, "{changes:?}");
    for c in changes {
        assert_eq!(
            c["change"].as_f64(),
            Some(0.0),
            "common random numbers: {c}"
        );
        assert_eq!(c["verdict"], "unchanged");
    }
    assert!(
        baseline["criticality_shifts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_slower_plan_is_a_regression_a_reseeded_identical_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.toml", &example());
    drsim()
        .current_dir(dir.path())
        .args([
            "run",
            "plan.toml",
            "-n",
            "20000",
            "--json",
            "base.json",
            "-q",
        ])
        .assert()
        .success();
    // Reseeded: different random numbers, same plan: differences are noise.
    let (code, out) = check_in(
        dir.path(),
        &[
            "plan.toml",
            "-n",
            "20000",
            "--seed",
            "4242",
            "--baseline",
            "base.json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no regression"), "{out}");
    assert!(
        out.contains("note: baseline used 20000 runs with seed 42"),
        "{out}"
    );
    // Slower: the replica promotion now takes 10–60 min instead of 5–40.
    let slower = example().replace(
        "duration = { dist = \"pert\", min = \"5m\", mode = \"10m\", max = \"40m\" }",
        "duration = { dist = \"pert\", min = \"10m\", mode = \"25m\", max = \"60m\" }",
    );
    assert_ne!(slower, example());
    write(dir.path(), "plan.toml", &slower);
    let (code, out) = check_in(
        dir.path(),
        &[
            "plan.toml",
            "-n",
            "20000",
            "--baseline",
            "base.json",
            "--junit",
            "j.xml",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("regressed: rto p95"), "{out}");
    assert!(out.contains("criticality: promote_db"), "{out}");
    let xml = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let regression = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase") && n.attribute("name") == Some("no regression: rto p95")
        })
        .expect("a test case per regression check");
    assert!(regression.children().any(|c| c.has_tag_name("failure")));
}

#[test]
fn junit_has_a_suite_per_scenario_and_a_case_per_target_with_consistent_counts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.toml", "not toml at all = = =");
    let files = [
        repo_path("scenarios/example.toml"),
        repo_path("scenarios/example-failing.toml"),
        repo_path("scenarios/api-platform.toml"),
    ];
    let mut args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    args.extend(["broken.toml", "-n", "2000", "-q", "--junit", "report.xml"]);
    let (code, _) = check_in(dir.path(), &args);
    assert_eq!(code, 2);
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 4);
    let mut total = (0, 0, 0);
    for suite in &suites {
        assert!(suite.attribute("name").is_some_and(|n| !n.is_empty()));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let failures = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        let errors = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("error")))
            .count();
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(failures.to_string().as_str())
        );
        assert_eq!(suite.attribute("errors"), Some(errors.to_string().as_str()));
        for case in &cases {
            assert!(case.attribute("name").is_some() && case.attribute("classname").is_some());
            for problem in case.children().filter(|x| x.is_element()) {
                assert!(problem.attribute("message").is_some_and(|m| !m.is_empty()));
            }
        }
        total = (total.0 + cases.len(), total.1 + failures, total.2 + errors);
    }
    assert_eq!(root.attribute("tests"), Some(total.0.to_string().as_str()));
    assert_eq!(
        root.attribute("failures"),
        Some(total.1.to_string().as_str())
    );
    assert_eq!(root.attribute("errors"), Some(total.2.to_string().as_str()));
    let failing = suites[1];
    let rto_case = failing
        .children()
        .find(|n| n.attribute("name") == Some("RTO ≤ 2h at p95"))
        .unwrap();
    let failure = rto_case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("exceeds the target 2h")
    );
    assert!(
        suites[3]
            .children()
            .any(|c| c.children().any(|x| x.has_tag_name("error"))),
        "invalid file as an error case"
    );
}

#[test]
fn json_of_several_files_is_an_array_of_reports_with_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", &example());
    let failing = repo_path("scenarios/example-failing.toml");
    let (code, _) = check_in(
        dir.path(),
        &[
            "a.toml",
            failing.to_str().unwrap(),
            "-n",
            "1000",
            "-q",
            "--json",
            "all.json",
        ],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("all.json")).unwrap())
            .unwrap();
    let reports = json.as_array().expect("an array");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["check"]["passed"], true);
    assert_eq!(reports[1]["check"]["passed"], false);
    // And an array is a valid baseline: each scenario finds its own report.
    let (code, out) = check_in(
        dir.path(),
        &[
            "a.toml",
            failing.to_str().unwrap(),
            "-n",
            "1000",
            "--baseline",
            "all.json",
        ],
    );
    assert_eq!(code, 1, "the failing plan still fails its target");
    assert_eq!(out.matches("no regression").count(), 2, "{out}");
}

#[test]
fn a_report_survives_a_json_round_trip_unchanged() {
    use drsim::report::Exporter;
    use drsim::report::{self, Report};
    use drsim::runner::{self, RunOptions};
    let e = crate::util::engine(
        &std::fs::read_to_string(repo_path("scenarios/api-platform.toml")).unwrap(),
    );
    let opts = RunOptions {
        iterations: 3000,
        seed: 3,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(&e, &opts, &|_| {}).unwrap();
    let mut r = report::build(e.scenario(), &results, &opts);
    r.check = Some(report::check(&r, Some(&r.clone()), 0.02));
    let text = report::Json::One(&r).render();
    assert!(
        text.contains("\"never\""),
        "api-platform has unrecovered runs: infinite values are \"never\""
    );
    let back: Report = serde_json::from_str(&text).unwrap();
    assert_eq!(report::Json::One(&back).render(), text);
}
