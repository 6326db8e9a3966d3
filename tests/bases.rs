//! Issue 11, part 3: where each number came from. `validate --strict`
//! lists exactly the inputs without a basis, each at its place, and exits
//! 1 when there is one (0 when every input has one, 2 for invalid input).

use crate::util::{drsim, repo_path};

/// What `validate --strict` printed, and its exit code.
fn strict(args: &[&str]) -> (String, i32) {
    let out = drsim()
        .arg("validate")
        .args(args)
        .arg("--strict")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn issue_11_validate_strict_lists_exactly_the_inputs_without_a_basis() {
    let file = repo_path("tests/fixtures/bases.toml");
    let (stdout, code) = strict(&[file.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let listed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("has no basis"))
        .collect();
    let name = file.display().to_string();
    assert_eq!(
        listed,
        [
            format!("{name}:42:6: step `promote_db` has no basis"),
            format!(
                "{name}:14:1: role `ops` has no basis: write it as a table to give it one: ops = {{ count = 2, assumed = \"…\" }}"
            ),
            format!("{name}:17:13: component `db` has no basis"),
            format!("{name}:19:21: data source `replica` of `db` has no basis"),
        ]
    );
    assert!(
        stdout.contains("strict: 4 inputs without a basis (the plan as written has 11 inputs)"),
        "{stdout}"
    );
    // The usual line comes first, unchanged.
    assert!(stdout.starts_with(&format!("ok: {name} — Bases: some inputs based, some not")));
}

#[test]
fn issue_11_validate_strict_exits_0_when_every_input_has_a_basis() {
    let file = repo_path("tests/fixtures/bases-complete.toml");
    let (stdout, code) = strict(&[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("has no basis"), "{stdout}");
    assert!(
        stdout.contains("strict: every input (11) says where its figures came from"),
        "{stdout}"
    );
}

#[test]
fn validate_without_strict_is_unchanged_by_missing_bases() {
    let file = repo_path("tests/fixtures/bases.toml");
    let out = drsim().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.contains("basis"), "{stdout}");
}

#[test]
fn validate_strict_names_a_variants_own_inputs_and_exit_2_stays_for_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        r#"[scenario]
name = "v"
[[steps]]
id = "a"
duration = "5m"
assumed = "a guess"
[variants.more]
[[variants.more.add_steps]]
id = "b"
after = ["a"]
duration = "5m"
"#,
    )
    .unwrap();
    let (stdout, code) = strict(&[plan.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let listed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("has no basis"))
        .collect();
    assert_eq!(listed.len(), 1, "{stdout}");
    assert!(
        listed[0].ends_with(":9:6: step `b` (variant more) has no basis"),
        "{stdout}"
    );
    // Selecting the variant judges it as the plan.
    let (stdout, code) = strict(&[plan.to_str().unwrap(), "--variant", "more"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(":9:6: step `b` has no basis"), "{stdout}");

    std::fs::write(&plan, "[scenario]\nname = \"broken\"\n").unwrap();
    let (_, code) = strict(&[plan.to_str().unwrap()]);
    assert_eq!(code, 2);
}
