//! `drsim init`: every shipped runbook drafts a scenario that validates
//! and runs; the API platform's stated ranges become the right
//! distributions and targets; the shipped drafts are what `init` writes
//! today; a document without steps is refused.

use drsim::dist::Dist;
use drsim::scenario::{self, Scenario};

use crate::util::{assert_succeeded, drsim, repo_path};

/// The shipped runbooks and the name of their draft.
fn runbooks() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(repo_path("scenarios/runbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                format!("scenarios/runbooks/{file}"),
                format!("scenarios/drafts/{stem}.toml"),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found.len(), 5, "the five seed runbooks");
    found
}

/// `drsim init PLAN --stdout`, run from the repository's root.
fn draft(plan: &str) -> String {
    let out = drsim()
        .args(["init", plan, "--stdout"])
        .current_dir(repo_path(""))
        .output()
        .unwrap();
    assert_succeeded(&out, plan);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_runbook_drafts_a_scenario_that_validates_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (plan, _) in runbooks() {
        let text = draft(&plan);
        let path = dir.path().join("draft.toml");
        std::fs::write(&path, &text).unwrap();
        let parsed = scenario::load(&path).unwrap_or_else(|e| panic!("{plan}: {e}"));
        assert!(!parsed.steps.is_empty(), "{plan}");
        let run = drsim()
            .args(["run", "-n", "2000", "--quiet"])
            .arg(&path)
            .output()
            .unwrap();
        assert_succeeded(&run, &plan);
        // Every value is from the plan (quoted) or marked as a guess.
        for line in text.lines().filter(|l| l.starts_with("duration = ")) {
            let step = text.split(line).next().unwrap();
            let quoted = text[step.len()..]
                .lines()
                .take(4)
                .any(|l| l.starts_with("source = \"plan: "));
            assert!(quoted || line.contains("# check:"), "{plan}: {line}");
        }
    }
}

#[test]
fn the_shipped_drafts_are_what_init_writes_today() {
    for (plan, shipped) in runbooks() {
        let expected = std::fs::read_to_string(repo_path(&shipped)).unwrap();
        // The shipped drafts are written with -o, which the draft names.
        let text = draft(&plan).replace("plan.toml", &shipped);
        assert_eq!(
            text, expected,
            "{shipped} is stale: run scripts/regenerate-drafts"
        );
    }
}

fn step<'a>(s: &'a Scenario, id: &str) -> &'a scenario::Step {
    s.steps
        .iter()
        .find(|st| st.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn uniform(d: &Dist) -> (f64, f64) {
    match d {
        Dist::Uniform { min, span } => (*min, min + span),
        other => panic!("not uniform: {other:?}"),
    }
}

#[test]
fn the_api_platforms_ranges_become_uniform_times_and_targets_at_their_upper_end() {
    let text = draft("scenarios/runbooks/api-platform.rst");
    let s = scenario::parse(&text, "api.toml").unwrap();
    // "Time to diagnose: 5-30 min": a step, uniform over the range.
    assert_eq!(uniform(&step(&s, "diagnose").duration), (300.0, 1800.0));
    // Each system's "RTO: a-b min": its reaction takes a-b, after the
    // diagnosis, and the system's RTO is b from that reaction's start.
    for (component, reaction, (a, b)) in [
        ("dns_cloudflare", "recover_dns_cloudflare", (5.0, 10.0)),
        ("load_balancer", "recover_load_balancer", (5.0, 10.0)),
        ("database", "recover_database", (5.0, 10.0)),
        ("api_servers", "recover_api_servers", (1.0, 5.0)),
        ("queues_storages", "recover_queues_storages", (10.0, 20.0)),
        ("workers_servers", "recover_workers_servers", (10.0, 30.0)),
    ] {
        let r = step(&s, reaction);
        assert_eq!(uniform(&r.duration), (a * 60.0, b * 60.0), "{reaction}");
        assert!(text.contains(&format!("[components.{component}]\nname = ")));
        assert!(
            text.contains(&format!(
                "rto = {{ within = \"{}m\", from = \"{reaction}.start\" }}",
                b
            )),
            "{component}"
        );
        assert!(text.contains(&format!("recovers = [\"{component}\"]")));
    }
    // "RPO: 5-10 min" and "RPO: 10-20 min": targets at the upper end, the
    // range as the data's lag.
    for (component, rpo, lag) in [
        ("database", "10m", "5m\", max = \"10m"),
        ("queues_storages", "20m", "10m\", max = \"20m"),
    ] {
        let at = text.find(&format!("[components.{component}]")).unwrap();
        let rest = &text[at..];
        assert!(rest.contains(&format!("rpo = \"{rpo}\"")), "{component}");
        assert!(
            rest.contains(&format!("lag = {{ dist = \"uniform\", min = \"{lag}\" }}")),
            "{component}"
        );
    }
    assert!(text.contains("source = \"plan: 'Time to diagnose: 5-30 min'\""));
}

#[test]
fn a_document_without_steps_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("notes.md");
    std::fs::write(
        &plan,
        "# Our DR\n\nWe have backups. They are good.\n\n- DNS\n- Database\n",
    )
    .unwrap();
    let out = drsim().arg("init").arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notes.md: no steps found. drsim init drafts steps from numbered lists"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn init_writes_beside_the_plan_and_never_replaces_a_file_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("runbook.md");
    std::fs::write(
        &plan,
        "# Failover\n\n1. Stop writes (5-10 min)\n2. Promote the replica\n",
    )
    .unwrap();
    let out = drsim().arg("init").arg(&plan).output().unwrap();
    assert_succeeded(&out, "");
    let written = std::fs::read_to_string(dir.path().join("runbook.toml")).unwrap();
    assert!(written.contains("after = [\"stop_writes\"]"), "{written}");
    assert!(written.contains("duration = { dist = \"uniform\", min = \"5m\", max = \"10m\" }\n"));
    // Again: the draft exists, so it is kept unless --force.
    std::fs::write(dir.path().join("runbook.toml"), "edited").unwrap();
    let out = drsim().arg("init").arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("exists; give another file with -o, or --force")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("runbook.toml")).unwrap(),
        "edited"
    );
    let out = drsim()
        .arg("init")
        .arg(&plan)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("runbook.toml")).unwrap(),
        written
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any document made of runbook-like lines — headings, underlines,
    /// items, timings, comments, stray markup — drafts a scenario that
    /// validates, or is refused for having no step; never a panic.
    #[test]
    fn any_runbook_drafts_a_valid_scenario_or_none(
        lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("# Plan".to_string()),
                proptest::strategy::Just("Section\n=======".to_string()),
                proptest::strategy::Just("## Database".to_string()),
                proptest::strategy::Just("1. Restore the database (10-20 min)".to_string()),
                proptest::strategy::Just("   1. Check the lag".to_string()),
                proptest::strategy::Just("- Switch DNS records".to_string()),
                proptest::strategy::Just("* DNS: the provider".to_string()),
                proptest::strategy::Just("| RTO: 5-10 min".to_string()),
                proptest::strategy::Just("RPO: 1 h".to_string()),
                proptest::strategy::Just("Time to diagnose: 5-30 min".to_string()),
                proptest::strategy::Just("<!-- later\n1. promote the replica\n-->".to_string()),
                proptest::strategy::Just("> - note: restore nothing".to_string()),
                proptest::strategy::Just("```\n1. not a step\n```".to_string()),
                proptest::strategy::Just(String::new()),
                "[ -~]{0,40}",
            ],
            0..30,
        ),
        markdown in proptest::bool::ANY,
    ) {
        let text = lines.join("\n");
        let format = if markdown { drsim::init::Format::Markdown } else { drsim::init::Format::Text };
        match drsim::init::draft(&text, format, "plan.md", "plan.toml") {
            Ok(d) => {
                if let Err(e) = scenario::parse(&d.toml, "plan.toml") {
                    proptest::prop_assert!(false, "{e}\n--- plan:\n{text}\n--- draft:\n{}", d.toml);
                }
            }
            Err(drsim::init::InitError::NoSteps { .. }) => {}
        }
    }
}
