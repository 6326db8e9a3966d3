//! Variants, `extends` and `--set` (issue 10, part 2): a plan edited by
//! path before it is read, every error located where the edit is written.

use drsim::dist::Dist;
use drsim::runner::Column;
use drsim::scenario::{self, Dep, Document, Edits, Scenario};

use crate::util::{drsim, simulate};

const PLAN: &str = r#"
[scenario]
name = "Shop"
seed = 3

[targets]
rto = "2h"

[roles]
ops = 1
dba = { count = 1, response = "10m" }

[components.db]
data.replica = { lag = "5m" }

[components.web]
depends_on = ["db"]

[[steps]]
id = "detect"
duration = "10m"

[[steps]]
id = "promote_db"
after = ["detect"]
role = "dba"
duration = { dist = "uniform", min = "20m", max = "40m" }
failure = { probability = 0.1, retries = 2, retry_delay = "5m" }
recovers = ["db"]

[[steps]]
id = "deploy_web"
after = ["promote_db"]
role = "ops"
duration = "30m"
recovers = ["web"]

[variants.fast_db]
description = "Promote automated"
steps.promote_db.duration = "5m"

[variants.more_people]
roles.ops.count = 2
roles.dba = 3

[variants.no_detect]
remove_steps = ["detect"]
[[variants.no_detect.add_steps]]
id = "page"
duration = "1m"
"#;

fn build(text: &str, variant: Option<&str>, set: &[&str]) -> Result<Scenario, String> {
    let edits = Edits {
        variant: variant.map(str::to_string),
        set: set.iter().map(|s| s.to_string()).collect(),
    };
    Document::new(text.to_string(), "shop.toml")
        .and_then(|d| d.build(&edits))
        .map_err(|e| e.to_string())
}

fn step<'s>(s: &'s Scenario, id: &str) -> &'s scenario::Step {
    s.steps.iter().find(|st| st.id == id).expect("the step")
}

#[test]
fn a_variant_changes_only_what_it_names() {
    let base = build(PLAN, None, &[]).unwrap();
    let fast = build(PLAN, Some("fast_db"), &[]).unwrap();
    assert!(matches!(step(&fast, "promote_db").duration, Dist::Fixed(v) if v == 300.0));
    // The rest of the step (its failure, role, order) and every other step stay.
    let (b, f) = (step(&base, "promote_db"), step(&fast, "promote_db"));
    assert_eq!(b.failure, f.failure);
    assert_eq!(
        (b.role, &b.after, &b.recovers),
        (f.role, &f.after, &f.recovers)
    );
    for id in ["detect", "deploy_web"] {
        assert_eq!(
            format!("{:?}", step(&base, id)),
            format!("{:?}", step(&fast, id))
        );
    }
    assert_eq!(base.targets, fast.targets);
    assert_eq!(
        fast.variant.as_ref().map(|v| v.name.as_str()),
        Some("fast_db")
    );
    assert_eq!(fast.title(), "Shop (variant fast_db)");
    assert_eq!(base.variants.len(), 3);
}

#[test]
fn a_role_count_merges_into_a_plain_count_and_a_table() {
    let more = build(PLAN, Some("more_people"), &[]).unwrap();
    let count = |id: &str| more.roles.iter().find(|r| r.id == id).unwrap().count;
    assert_eq!((count("ops"), count("dba")), (2, 3));
    // `dba = 3` replaced the whole table, response included.
    assert!(
        more.roles
            .iter()
            .find(|r| r.id == "dba")
            .unwrap()
            .response
            .is_none()
    );
    let set = build(PLAN, None, &["roles.dba.count=2"]).unwrap();
    let dba = set.roles.iter().find(|r| r.id == "dba").unwrap();
    assert_eq!(dba.count, 2);
    assert!(dba.response.is_some(), "a field set keeps the others");
}

#[test]
fn a_removed_step_hands_its_order_to_the_steps_after_it() {
    let s = build(PLAN, Some("no_detect"), &[]).unwrap();
    let ids: Vec<&str> = s.steps.iter().map(|st| st.id.as_str()).collect();
    assert_eq!(ids, ["promote_db", "deploy_web", "page"]);
    // promote_db came after detect, which came after nothing.
    assert!(step(&s, "promote_db").after.is_empty());
    let promote = s.steps.iter().position(|st| st.id == "promote_db").unwrap();
    assert_eq!(step(&s, "deploy_web").after, [Dep::Step(promote)]);
}

#[test]
fn set_takes_toml_or_plain_text() {
    let s = build(
        PLAN,
        None,
        &["steps.deploy_web.duration=1h", "targets.rto=\"3h\""],
    )
    .unwrap();
    assert!(matches!(step(&s, "deploy_web").duration, Dist::Fixed(v) if v == 3600.0));
    assert_eq!(s.targets.rto_secs, Some(10_800.0));
    let s = build(
        PLAN,
        Some("fast_db"),
        &["steps.promote_db.failure.probability=0"],
    )
    .unwrap();
    let failure = step(&s, "promote_db").failure.expect("kept");
    assert_eq!((failure.probability, failure.retries), (0.0, 2));
    assert_eq!(
        s.title(),
        "Shop (variant fast_db; --set steps.promote_db.failure.probability=0)"
    );
}

#[test]
fn edits_are_located_where_they_are_written() {
    let cases: [(&[&str], Option<&str>, &str); 6] = [
        (
            &["steps.deploy_wbe.duration=1h"],
            None,
            "--set:1:7: the plan has no step `deploy_wbe`: did you mean `deploy_web`?",
        ),
        (
            &["steps.deploy_web.duration=1x"],
            None,
            "--set:1:29: unknown unit \"x\"",
        ),
        (
            &["roles.ops.cnt=1"],
            None,
            "--set:1:11: unknown field `cnt`",
        ),
        (
            &["roles.sre.count=1"],
            None,
            "--set:1:7: the plan has no role `sre`",
        ),
        (
            &["roles.ops.count"],
            None,
            "--set: `roles.ops.count` has no `=`",
        ),
        (
            &[],
            Some("nope"),
            "shop.toml: no variant `nope`; the file declares: fast_db, more_people, no_detect",
        ),
    ];
    for (set, variant, expected) in cases {
        let e = build(PLAN, variant, set).expect_err(expected);
        assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
    }
    let broken = format!("{PLAN}\n[variants.bad]\nsteps.promote_db.retries = 3\n");
    let e = build(&broken, Some("bad"), &[]).unwrap_err();
    let line = broken.lines().count();
    assert!(
        e.starts_with(&format!("shop.toml:{line}:18: unknown field `retries`")),
        "{e}"
    );
    let typo = format!("{PLAN}\n[variants.bad]\nstep.promote_db.duration = \"1m\"\n");
    let e = build(&typo, None, &[]).unwrap_err();
    assert!(e.contains("unknown field `step` in variant `bad`"), "{e}");
}

#[test]
fn a_variant_can_turn_an_assumption_into_a_source() {
    let text = PLAN.replace(
        "id = \"deploy_web\"\n",
        "id = \"deploy_web\"\nassumed = \"no figure\"\n",
    ) + "[variants.cited]\nsteps.deploy_web.source = \"vendor docs: '30 minutes'\"\n";
    let s = build(&text, Some("cited"), &[]).unwrap();
    assert_eq!(
        step(&s, "deploy_web").basis,
        Some(scenario::Basis::Source("vendor docs: '30 minutes'".into()))
    );
}

#[test]
fn removing_a_fallback_target_is_refused_with_the_fix() {
    let text = PLAN.replace(
        "failure = { probability = 0.1, retries = 2, retry_delay = \"5m\" }",
        "failure = { probability = 0.1, fallback = \"restore\" }",
    ) + "[[steps]]\nid = \"restore\"\nduration = \"2h\"\nfallback_only = true\nrecovers = [\"db\"]\n\
         [variants.lean]\nremove_steps = [\"rest*\"]\n";
    let e = build(&text, Some("lean"), &[]).unwrap_err();
    assert!(
        e.contains("step `promote_db` falls back to `restore`, which this removes"),
        "{e}"
    );
}

#[test]
fn a_file_extends_another_and_overrides_by_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.toml"), PLAN).unwrap();
    let child = "extends = \"shop.toml\"\nremove_steps = [\"detect\"]\n[scenario]\nname = \"Shop, automated\"\n\
                 [roles]\nsre = 1\n[[steps]]\nid = \"deploy_web\"\nduration = \"10m\"\n\
                 [[steps]]\nid = \"smoke\"\nafter = [\"deploy_web\"]\nrole = \"sre\"\nduration = \"5q\"\n";
    let path = dir.path().join("child.toml");
    std::fs::write(&path, child).unwrap();
    let e = scenario::load(&path).unwrap_err().to_string();
    assert!(e.contains("child.toml:14:12: unknown unit \"q\""), "{e}");
    std::fs::write(&path, child.replace("5q", "5m")).unwrap();
    let s = scenario::load(&path).unwrap();
    assert_eq!(s.name, "Shop, automated");
    let ids: Vec<&str> = s.steps.iter().map(|st| st.id.as_str()).collect();
    assert_eq!(ids, ["promote_db", "deploy_web", "smoke"]);
    assert!(matches!(step(&s, "deploy_web").duration, Dist::Fixed(v) if v == 600.0));
    assert_eq!(
        step(&s, "deploy_web").role,
        s.roles.iter().position(|r| r.id == "ops")
    );
    assert_eq!(s.variants.len(), 3, "the base's variants are the child's");

    std::fs::write(
        dir.path().join("shop.toml"),
        format!("extends = \"child.toml\"\n{PLAN}"),
    )
    .unwrap();
    let e = scenario::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("shop.toml:1:11: `child.toml` is already in this chain"),
        "{e}"
    );
}

#[test]
fn a_variant_shares_every_draw_it_does_not_change() {
    // deploy_web's duration is fixed and its role never contended, so only
    // promote_db's draws can differ: with it fixed the same in both, the
    // runs are identical; changing deploy_web moves every RTO by 20m exactly.
    let text = PLAN.replace(
        "duration = { dist = \"uniform\", min = \"20m\", max = \"40m\" }",
        "duration = { dist = \"lognormal\", median = \"30m\", p95 = \"1h\" }",
    );
    let base = engine_of(build(&text, None, &[]).unwrap());
    let slower = engine_of(build(&text, None, &["steps.deploy_web.duration=\"50m\""]).unwrap());
    let (a, b) = (simulate(&base, 4000, 11), simulate(&slower, 4000, 11));
    let (ra, rb) = (a.samples.column(Column::Rto), b.samples.column(Column::Rto));
    let mut never = 0;
    for (x, y) in ra.iter().zip(rb) {
        if x.is_infinite() {
            // promote_db gave up in this run, in both plans.
            assert_eq!(x, y);
            never += 1;
        } else {
            assert!(
                (y - x - 1200.0).abs() < 1e-6,
                "paired runs differ by 20m exactly: {x} {y}"
            );
        }
    }
    assert!(never < ra.len() / 50, "0.1³ of runs give up: {never}");
}

fn engine_of(s: Scenario) -> drsim::engine::Engine {
    drsim::engine::Engine::new(s)
}

#[test]
fn cli_variant_and_set_in_run_check_validate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.toml"), PLAN).unwrap();
    let run = |args: &[&str]| {
        let out = drsim().current_dir(dir.path()).args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["validate", "shop.toml"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("3 variants valid: fast_db, more_people, no_detect"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "run",
        "shop.toml",
        "-n",
        "500",
        "--variant",
        "fast_db",
        "--json",
        "-",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["scenario"]["name"], "Shop (variant fast_db)");
    assert_eq!(
        json["scenario"]["variant"]["description"],
        "Promote automated"
    );
    let (code, out, _) = run(&[
        "check",
        "shop.toml",
        "-n",
        "500",
        "--set",
        "targets.rto=\"5m\"",
    ]);
    assert_eq!(code, 1, "{out}");
    let (code, _, err) = run(&["run", "shop.toml", "--set", "steps.nope.duration=1m"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--set:1:7: the plan has no step `nope`"),
        "{err}"
    );
    let (code, _, err) = run(&["run", "shop.toml", "--variant", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no variant `nope`"), "{err}");
}

#[test]
fn validate_warns_of_what_a_variant_leaves_unused() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{PLAN}\n[variants.lonely]\nsteps.deploy_web.role = \"dba\"\n");
    std::fs::write(dir.path().join("shop.toml"), text).unwrap();
    let out = drsim()
        .current_dir(dir.path())
        .args(["validate", "shop.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        err.contains("warning (variant lonely): shop.toml:10:1: no step needs role `ops`"),
        "{err}"
    );
}
