//! `drsim advise` (issue 10, part 5): single interventions re-simulated
//! with common random numbers, measured against the plan run by run,
//! ranked, and combined greedily into a plan that meets every target.

use drsim::advise::{self, Advice, AdviseOptions, Candidate, Kind, Measured};
use drsim::scenario::{self, Scenario};
use drsim::stats::PairedDifference;

use crate::util::{drsim, repo_path};

/// Runs per intervention in these tests.
const RUNS: u64 = 20_000;

fn fixture(name: &str) -> Scenario {
    let path = repo_path(&format!("tests/fixtures/{name}"));
    scenario::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn advise_on(s: &Scenario, extra: Vec<Candidate>) -> Advice {
    let options = AdviseOptions {
        iterations: RUNS,
        seed: s.seed,
        threads: 2,
        automate_factor: advise::DEFAULT_AUTOMATE_FACTOR,
    };
    advise::advise(s, extra, &options, &|_| {}).expect("advice")
}

/// The measurement of the candidate of `kind` on `target`.
fn measured<'a>(a: &'a Advice, kind: Kind, target: &str) -> &'a Measured {
    let i = a
        .candidates
        .iter()
        .position(|c| c.kind == kind && c.target == target)
        .unwrap_or_else(|| panic!("no {kind:?} {target}"));
    &a.measured[i]
}

/// Exactly `secs` in every run: the estimate and both ends of the interval.
fn assert_exactly(d: &PairedDifference, secs: f64, what: &str) {
    assert_eq!((d.estimate, d.low, d.high), (secs, secs, secs), "{what}");
}

#[test]
fn an_intervention_that_cannot_matter_measures_exactly_zero() {
    let s = fixture("advise-never-critical.toml");
    let a = advise_on(&s, Vec::new());
    let cache = measured(&a, Kind::Automate, "warm_cache");
    assert_exactly(&cache.rto_p95, 0.0, "RTO p95");
    assert_exactly(&cache.rpo_p95, 0.0, "RPO p95");
    assert_exactly(&cache.p_meet_rto.unwrap(), 0.0, "meets the RTO target");
    let i = a.candidates.iter().position(|c| c.target == "warm_cache");
    assert!(a.no_difference.contains(&i.unwrap()), "listed apart");
    assert!(!a.ranking.contains(&i.unwrap()), "and not ranked");
}

#[test]
fn automating_a_uniform_step_scales_the_rto_percentile_by_the_factor() {
    // restore_app alone decides the RTO: uniform on [2h, 3h]. Scaled by
    // 0.25 in every run, its nearest-rank p95 is exactly 0.25 of the
    // plan's (multiplying by a power of two is exact).
    let s = fixture("advise-never-critical.toml");
    let a = advise_on(&s, Vec::new());
    let p95 = a.baseline_standing.rto_p95;
    // The p95 of U(2h, 3h) is 2h57m; the nearest-rank p95 of n runs has a
    // standard error of √(p(1−p)/n)·3600 s ≈ 5.5 s at n = 20 000: 4σ = 22 s.
    assert!((p95 - 10_620.0).abs() < 22.0, "p95 {p95}");
    let app = measured(&a, Kind::Automate, "restore_app");
    assert_eq!(app.rto_p95.estimate, 0.25 * p95 - p95);
    assert!(app.rto_p95.low <= app.rto_p95.estimate && app.rto_p95.estimate <= app.rto_p95.high);
}

#[test]
fn automating_the_only_step_of_a_fixed_chain_cuts_the_rto_by_the_closed_form_amount() {
    // detect 10m then failover 1h: automated, failover takes 15m in every
    // run, so the RTO falls from 1h10m to 25m: 45 minutes exactly.
    let s = fixture("advise-chain.toml");
    let a = advise_on(&s, Vec::new());
    assert_eq!(a.baseline_standing.rto_p95, 4200.0);
    let failover = measured(&a, Kind::Automate, "failover");
    assert_exactly(&failover.rto_p95, -2700.0, "failover automated");
    assert_exactly(
        &failover.p_meet_rto.unwrap(),
        1.0,
        "from no run to every run",
    );
    let detect = measured(&a, Kind::Automate, "detect");
    assert_exactly(&detect.rto_p95, -450.0, "detect automated: 10m → 2m30s");
    // One engineer, never contended: another changes nothing.
    let person = measured(&a, Kind::AddPerson, "ops");
    assert!(person.no_difference(&a.baseline_standing));
    // The plan: automate failover, which alone meets the target.
    let plan: Vec<&str> = a
        .plan
        .steps
        .iter()
        .map(|s| a.candidates[s.candidate].target.as_str())
        .collect();
    assert_eq!(plan, ["failover"]);
    assert!(a.plan.meets_all);
}

#[test]
fn adding_a_person_to_a_role_two_simultaneous_steps_contend_for_removes_the_wait_exactly() {
    // Both steps are ready at 0 for the one engineer: one waits 30 minutes.
    let s = fixture("advise-contention.toml");
    let a = advise_on(&s, Vec::new());
    assert_eq!(a.baseline_standing.rto_p95, 3600.0);
    let person = measured(&a, Kind::AddPerson, "ops");
    assert_exactly(&person.rto_p95, -1800.0, "the 30-minute wait");
    assert_exactly(&person.p_meet_rto.unwrap(), 1.0, "every run meets 45m");
    assert!(a.plan.meets_all && a.plan.steps.len() == 1);
}

#[test]
fn a_declared_variant_is_measured_with_the_same_runs_as_the_interventions() {
    // A variant with a second engineer is the add-a-person intervention
    // under another name: paired with the plan, it measures the same.
    let s = fixture("advise-contention.toml");
    let mut two = s.clone();
    two.roles[0].count = 2;
    let variant = Candidate::variant("two-engineers", "Two engineers on call", two);
    let a = advise_on(&s, vec![variant]);
    let v = measured(&a, Kind::Variant, "two-engineers");
    let person = measured(&a, Kind::AddPerson, "ops");
    assert_eq!(v.rto_p95, person.rto_p95);
    assert_eq!(v.standing, person.standing);
}

#[test]
fn a_target_no_set_of_interventions_meets_is_reported_honestly() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_path("tests/fixtures/advise-contention.toml")).unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, text.replace("rto = \"45m\"", "rto = \"1m\"")).unwrap();
    let json = dir.path().join("advice.json");
    let out = drsim()
        .arg("advise")
        .arg(&plan)
        .args(["-n", "500", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("None found meets every target"), "{stdout}");
    assert!(
        stdout.contains("Or change the targets: as it is, the plan meets RTO ≤ 1h at p95"),
        "{stdout}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(v["plan"]["meets_all"], false);
    assert_eq!(v["minimal_targets"]["rto"], 3600.0);
}

fn advise_cli(args: &[&str]) -> (i32, String, String) {
    let out = drsim().arg("advise").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn advise_json_is_identical_for_any_thread_count() {
    let file = repo_path("scenarios/example-failing.toml");
    let file = file.to_str().unwrap();
    let json = |threads: &str| {
        let (code, stdout, stderr) =
            advise_cli(&[file, "-n", "1500", "--threads", threads, "--json", "-"]);
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let one = json("1");
    assert_eq!(one, json("2"));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    for key in [
        "schema_version",
        "baseline",
        "interventions",
        "no_difference",
        "plan",
        "minimal_targets",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
    let first = &v["interventions"][0];
    for key in [
        "kind",
        "target",
        "description",
        "p_meet_rto",
        "rto_p95",
        "rpo_p95",
    ] {
        assert!(!first[key].is_null(), "interventions[0].{key}");
    }
    assert!(
        first["rto_p95"]["ci"]
            .as_array()
            .is_some_and(|ci| ci.len() == 2)
    );
}

#[test]
fn advise_text_lists_the_top_k_the_plan_and_the_targets_met_today() {
    let file = repo_path("scenarios/example-failing.toml");
    let (code, stdout, _) = advise_cli(&[file.to_str().unwrap(), "-n", "1500", "--top", "2"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Best interventions (2 of"), "{stdout}");
    assert!(
        stdout.contains("   2. ") && !stdout.contains("   3. Automate"),
        "{stdout}"
    );
    assert!(
        stdout.contains("check with the team: is this order real?"),
        "{stdout}"
    );
    assert!(stdout.contains("Plan to meet every target"), "{stdout}");
    assert!(
        stdout.contains("Or change the targets: as it is, the plan meets RTO ≤"),
        "{stdout}"
    );
}

#[test]
fn advise_refuses_invalid_input_with_exit_2() {
    let file = repo_path("scenarios/example.toml");
    let file = file.to_str().unwrap();
    for args in [
        vec![file, "--automate-factor", "-1"],
        vec![file, "--iterations", "0"],
        vec![file, "--iterations", "1000001"],
        vec!["no-such-plan.toml"],
    ] {
        let (code, _, stderr) = advise_cli(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
    }
}

#[test]
fn advise_tries_every_declared_variant_and_advises_on_a_chosen_one() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(repo_path("tests/fixtures/advise-chain.toml")).unwrap()
        + "\n[variants.scripted]\ndescription = \"failover scripted\"\nsteps.failover.duration = \"20m\"\n\
           [variants.slow]\nsteps.detect.duration = \"30m\"\n";
    let file = dir.path().join("chain.toml");
    std::fs::write(&file, plan).unwrap();
    let file = file.to_str().unwrap();
    let (code, out, err) = advise_cli(&[file, "-n", "500", "--json", "-"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let variant = |target: &str| {
        json["interventions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "variant" && i["target"] == target)
            .cloned()
    };
    // Fixed durations: the scripted failover is 40 minutes shorter in every run.
    let scripted = variant("scripted").expect("the variant is a candidate");
    assert_eq!(scripted["rto_p95"]["estimate"], -2400.0);
    assert!(variant("slow").is_some());
    // Advising on a variant: the others are the candidates, with --set applied.
    let (code, out, err) = advise_cli(&[
        file,
        "-n",
        "500",
        "--variant",
        "slow",
        "--set",
        "targets.rto=\"2h\"",
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&serde_json::Value> = json["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "variant")
        .map(|i| &i["target"])
        .collect();
    assert_eq!(kinds, [&serde_json::Value::from("scripted")]);
}
