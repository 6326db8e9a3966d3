//! Snapshots (insta) of every user-visible output, byte for byte: the JSON
//! summary, the per-run CSV, the text summary, `--trace`, `check` (pass,
//! fail, quiet, regressed, unchanged and reseeded against a baseline), its
//! JSON and its JUnit XML, `compare`'s text and JUnit XML, `advise` and
//! `drill` (text and JSON) and `validate`.
//!
//! Every snapshot runs the built binary on a shipped scenario with a fixed
//! seed, iteration count and thread count. Only what varies between machines
//! or runs is filtered: the thread count, elapsed seconds and runs/s on the
//! second line of the text summary, and the temporary directory (`[TMP]`),
//! which appears in no output today. The description in each `.snap` header
//! is the command line that produced it (`cwd` = its working directory).
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --test
//! integration snapshots` (or `cargo insta review`), then read the diff.

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

use crate::util::repo_path;

const EXAMPLE: &str = "scenarios/example.toml";
const FAILING: &str = "scenarios/example-failing.toml";
const PROSEWARE: &str = "scenarios/proseware.toml";

/// The sampling of every snapshot: small enough for a debug build.
const SAMPLING: [&str; 6] = ["--iterations", "2000", "--seed", "7", "--threads", "2"];

/// Rows of the per-run CSV kept in its snapshot, after the header.
const CSV_ROWS: usize = 20;

/// The replica promotion of the example, and a slower one (as in check.rs):
/// the "worse variant" checked against the example's baseline.
const PROMOTE: &str = "duration = { dist = \"pert\", min = \"5m\", mode = \"10m\", max = \"40m\" }";
const SLOWER_PROMOTE: &str =
    "duration = { dist = \"pert\", min = \"10m\", mode = \"25m\", max = \"60m\" }";

/// One invocation of `drsim`: its exit code, stdout, and command line, with
/// the temporary directory replaced by `[TMP]` in both.
struct Outcome {
    code: i32,
    stdout: String,
    command: String,
}

/// A fresh temporary directory for the outputs of one test.
fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// `text` with every spelling of the temporary directory `tmp` as `[TMP]`.
fn scrub(text: &str, tmp: &Path) -> String {
    let mut spellings = vec![tmp.display().to_string()];
    if let Ok(real) = tmp.canonicalize() {
        spellings.push(real.display().to_string());
    }
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    spellings
        .iter()
        .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "[TMP]"))
}

/// Runs `drsim ARGS…` in `cwd`; asserts that nothing reached stderr (no
/// progress bar off a terminal, no warning).
fn drsim(cwd: &Path, args: &[&str], tmp: &Path) -> Outcome {
    let out = Command::cargo_bin("drsim")
        .expect("the drsim binary is built")
        .timeout(Duration::from_secs(120))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("drsim runs");
    let where_ = if cwd == repo_path("").as_path() {
        "project root".to_owned()
    } else {
        scrub(&cwd.display().to_string(), tmp)
    };
    let command = scrub(&format!("drsim {}  (cwd: {where_})", args.join(" ")), tmp);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{command} wrote to stderr:\n{stderr}");
    Outcome {
        code: out.status.code().expect("drsim exited"),
        stdout: scrub(&String::from_utf8(out.stdout).expect("UTF-8 stdout"), tmp),
        command,
    }
}

/// Runs `drsim ARGS…` in the project root, so that scenario paths stay
/// relative and stable.
fn drsim_at_root(args: &[&str], tmp: &Path) -> Outcome {
    drsim(&repo_path(""), args, tmp)
}

/// `drsim run SCENARIO <SAMPLING> EXTRA…` in the project root.
fn run(scenario: &str, extra: &[&str], tmp: &Path) -> Outcome {
    let mut args = vec!["run", scenario];
    args.extend(SAMPLING);
    args.extend(extra);
    drsim_at_root(&args, tmp)
}

/// `drsim check FILES… <SAMPLING> EXTRA…` in `cwd`.
fn check(cwd: &Path, files: &[&str], extra: &[&str], tmp: &Path) -> Outcome {
    let mut args = vec!["check"];
    args.extend(files);
    args.extend(SAMPLING);
    args.extend(extra);
    drsim(cwd, &args, tmp)
}

/// A path in `tmp`, as an argument.
fn out_path(tmp: &Path, name: &str) -> String {
    tmp.join(name).display().to_string()
}

/// The text of a file `drsim` wrote, with `[TMP]` for the temporary directory.
fn read(path: impl AsRef<Path>, tmp: &Path) -> String {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} was not written: {e}", path.display()));
    scrub(&text, tmp)
}

/// Asserts the snapshot `name` of `text`, with the machine-dependent parts
/// of the text summary filtered and `command` as its description.
///
/// insta compares snapshots after trimming trailing newlines and turning
/// CRLF into LF, so these are asserted here: every output ends with
/// exactly one newline, starts with its first line and has no carriage
/// return.
fn snapshot(name: &str, command: &str, text: &str) {
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "{name}: the output ends with exactly one newline"
    );
    assert!(!text.contains('\r'), "{name}: no carriage return");
    assert!(
        !text.starts_with(char::is_whitespace),
        "{name}: the output starts with its first line"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_description(command);
    settings.set_omit_expression(true);
    // Line 2 of the text summary: "2,000 runs · seed 7 · 2 threads · 0.03 s
    // (79,120 runs/s)". Runs and seed stay; the rest depends on the machine.
    settings.add_filter(
        r"· \d+ threads? · \d+\.\d+ s \([\d,]+ runs/s\)",
        "· [N] threads · [ELAPSED] s ([RATE] runs/s)",
    );
    // The header of `advise`: "… · seed 7 · 2 threads · 0.7 s".
    settings.add_filter(
        r"· \d+ threads? · \d+\.\d+ s\n",
        "· [N] threads · [ELAPSED] s\n",
    );
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Asserts the exit code, then the snapshot of stdout (the code is in `name`).
fn snapshot_stdout(name: &str, outcome: &Outcome, code: i32) {
    assert_eq!(
        outcome.code, code,
        "{}\n{}",
        outcome.command, outcome.stdout
    );
    snapshot(name, &outcome.command, &outcome.stdout);
}

/// A copy of the example in `dir` as `plan.toml`, and its baseline
/// `base.json` written by `drsim run` with the snapshot sampling.
fn example_with_baseline(dir: &Path) {
    std::fs::copy(repo_path(EXAMPLE), dir.join("plan.toml")).expect("copy the example");
    let mut args = vec!["run", "plan.toml"];
    args.extend(SAMPLING);
    args.extend(["--json", "base.json", "--quiet"]);
    let out = drsim(dir, &args, dir);
    assert_eq!(out.code, 0, "{}\n{}", out.command, out.stdout);
    assert_verdicts_only(&out.stdout);
}

/// `run --quiet` printed its shortest report: one verdict line per
/// target, nothing else.
fn assert_verdicts_only(stdout: &str) {
    assert!(
        !stdout.is_empty()
            && stdout
                .lines()
                .all(|l| l.starts_with("PASS  ") || l.starts_with("FAIL  ")),
        "--quiet prints one verdict line per target:\n{stdout}"
    );
}

/// Makes `dir/plan.toml` the slower variant of the example.
fn make_plan_slower(dir: &Path) {
    let plan = dir.join("plan.toml");
    let text = std::fs::read_to_string(&plan).expect("read plan.toml");
    assert_eq!(text.matches(PROMOTE).count(), 1, "the example changed");
    std::fs::write(&plan, text.replace(PROMOTE, SLOWER_PROMOTE)).expect("write plan.toml");
}

// ---------------------------------------------------------------- drsim run

/// `run --json FILE`: the whole file; `--json -` prints the same bytes.
fn json_summary(name: &str, scenario: &str) {
    let tmp = temp_dir();
    let json = out_path(tmp.path(), "summary.json");
    let out = run(scenario, &["--json", &json, "--quiet"], tmp.path());
    assert_eq!(out.code, 0, "{}\n{}", out.command, out.stdout);
    assert_verdicts_only(&out.stdout);
    let text = read(&json, tmp.path());
    snapshot(name, &out.command, &text);
    let to_stdout = run(scenario, &["--json", "-"], tmp.path());
    assert_eq!(to_stdout.code, 0);
    assert_eq!(
        to_stdout.stdout, text,
        "`--json -` prints exactly the JSON file"
    );
}

#[test]
fn run_json_example() {
    json_summary("run_json_example", EXAMPLE);
}

#[test]
fn run_json_proseware() {
    json_summary("run_json_proseware", PROSEWARE);
}

#[test]
fn run_samples_csv_example() {
    let tmp = temp_dir();
    let csv = out_path(tmp.path(), "runs.csv");
    let out = run(EXAMPLE, &["--samples", &csv, "--quiet"], tmp.path());
    assert_eq!(out.code, 0, "{}\n{}", out.command, out.stdout);
    assert_verdicts_only(&out.stdout);
    let text = read(&csv, tmp.path());
    assert!(text.ends_with('\n'), "the CSV ends with a newline");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 2000, "a header and one row per run");
    let head = lines[..=CSV_ROWS].join("\n") + "\n";
    snapshot(
        "run_samples_csv_example_head",
        &format!("{}\nheader and first {CSV_ROWS} of 2000 rows", out.command),
        &head,
    );
}

#[test]
fn run_text_summary_example() {
    let tmp = temp_dir();
    snapshot_stdout("run_text_example_exit0", &run(EXAMPLE, &[], tmp.path()), 0);
}

#[test]
fn run_text_summary_proseware() {
    let tmp = temp_dir();
    snapshot_stdout(
        "run_text_proseware_exit0",
        &run(PROSEWARE, &[], tmp.path()),
        0,
    );
}

#[test]
fn run_trace_p95_example() {
    let tmp = temp_dir();
    snapshot_stdout(
        "run_trace_p95_example_exit0",
        &run(EXAMPLE, &["--trace", "p95"], tmp.path()),
        0,
    );
}

#[test]
fn run_trace_p95_proseware() {
    let tmp = temp_dir();
    snapshot_stdout(
        "run_trace_p95_proseware_exit0",
        &run(PROSEWARE, &["--trace", "p95"], tmp.path()),
        0,
    );
}

// -------------------------------------------------------------- drsim check

#[test]
fn check_passing_plan() {
    let tmp = temp_dir();
    let root = repo_path("");
    snapshot_stdout(
        "check_pass_example_exit0",
        &check(&root, &[EXAMPLE], &[], tmp.path()),
        0,
    );
}

#[test]
fn check_failing_plan_and_its_junit() {
    let tmp = temp_dir();
    let root = repo_path("");
    let junit = out_path(tmp.path(), "junit.xml");
    let out = check(&root, &[FAILING], &["--junit", &junit], tmp.path());
    snapshot_stdout("check_fail_example_failing_exit1", &out, 1);
    snapshot(
        "check_fail_example_failing_junit",
        &out.command,
        &read(&junit, tmp.path()),
    );
}

#[test]
fn check_quiet_of_two_plans() {
    let tmp = temp_dir();
    let root = repo_path("");
    snapshot_stdout(
        "check_quiet_pass_and_fail_exit1",
        &check(&root, &[EXAMPLE, FAILING], &["--quiet"], tmp.path()),
        1,
    );
}

#[test]
fn check_regressed_plan_its_junit_and_json() {
    let tmp = temp_dir();
    let dir = tmp.path();
    example_with_baseline(dir);
    make_plan_slower(dir);
    let out = check(
        dir,
        &["plan.toml"],
        &[
            "--baseline",
            "base.json",
            "--junit",
            "junit.xml",
            "--json",
            "check.json",
        ],
        dir,
    );
    let command = format!(
        "{}\nbase.json: drsim run plan.toml {} --json base.json --quiet, before \
         plan.toml's promote_db became pert 10m/25m/60m (from 5m/10m/40m)",
        out.command,
        SAMPLING.join(" ")
    );
    assert_eq!(out.code, 1, "{command}\n{}", out.stdout);
    snapshot("check_regressed_exit1", &command, &out.stdout);
    snapshot(
        "check_regressed_junit",
        &command,
        &read(dir.join("junit.xml"), dir),
    );
    snapshot(
        "check_regressed_json",
        &command,
        &read(dir.join("check.json"), dir),
    );
}

#[test]
fn check_unchanged_plan_against_its_baseline() {
    let tmp = temp_dir();
    let dir = tmp.path();
    example_with_baseline(dir);
    let out = check(dir, &["plan.toml"], &["--baseline", "base.json"], dir);
    let command = format!(
        "{}\nbase.json: drsim run plan.toml {} --json base.json --quiet",
        out.command,
        SAMPLING.join(" ")
    );
    assert_eq!(out.code, 0, "{command}\n{}", out.stdout);
    snapshot(
        "check_unchanged_against_baseline_exit0",
        &command,
        &out.stdout,
    );
}

#[test]
fn check_reseeded_plan_against_its_baseline() {
    let tmp = temp_dir();
    let dir = tmp.path();
    example_with_baseline(dir);
    // The snapshot sampling with seed 8 instead of 7: the baseline note.
    let out = drsim(
        dir,
        &[
            "check",
            "plan.toml",
            "--iterations",
            "2000",
            "--seed",
            "8",
            "--threads",
            "2",
            "--baseline",
            "base.json",
        ],
        dir,
    );
    let command = format!(
        "{}\nbase.json: drsim run plan.toml {} --json base.json --quiet",
        out.command,
        SAMPLING.join(" ")
    );
    assert_eq!(out.code, 0, "{command}\n{}", out.stdout);
    snapshot(
        "check_reseeded_against_baseline_exit0",
        &command,
        &out.stdout,
    );
}

// ------------------------------------------------------------ drsim compare

/// The example against its failing variant (a CAB approval, a worse RTO):
/// the text and the JUnit, which fails the second plan as
/// `--fail-if-worse` exits 1.
#[test]
fn compare_example_with_its_failing_variant_and_its_junit() {
    let tmp = temp_dir();
    let junit = out_path(tmp.path(), "junit.xml");
    let mut args = vec!["compare", EXAMPLE, FAILING];
    args.extend(SAMPLING);
    args.extend(["--junit", &junit, "--fail-if-worse"]);
    let out = drsim_at_root(&args, tmp.path());
    snapshot_stdout("compare_example_failing_exit1", &out, 1);
    snapshot(
        "compare_example_failing_junit",
        &out.command,
        &read(&junit, tmp.path()),
    );
}

// ------------------------------------------------------------- drsim advise

/// `advise` on the failing example: the text, and the JSON it writes.
#[test]
fn advise_failing_example_text_and_json() {
    let tmp = temp_dir();
    let json = out_path(tmp.path(), "advice.json");
    let mut args = vec!["advise", FAILING];
    args.extend(SAMPLING);
    args.extend(["--json", &json]);
    let out = drsim_at_root(&args, tmp.path());
    snapshot_stdout("advise_text_example_failing_exit0", &out, 0);
    snapshot(
        "advise_json_example_failing",
        &out.command,
        &read(&json, tmp.path()),
    );
}

// -------------------------------------------------------------- drsim drill

/// `drill` of the shipped Proseware drill: the text, and the JSON it writes.
#[test]
fn drill_proseware_text_and_json() {
    let tmp = temp_dir();
    let json = out_path(tmp.path(), "drill.json");
    let mut args = vec!["drill", PROSEWARE, "scenarios/proseware-drill.csv"];
    args.extend(SAMPLING);
    args.extend(["--json", &json]);
    let out = drsim_at_root(&args, tmp.path());
    snapshot_stdout("drill_text_proseware_exit0", &out, 0);
    snapshot(
        "drill_json_proseware",
        &out.command,
        &read(&json, tmp.path()),
    );
}

// ----------------------------------------------------------- drsim validate

#[test]
fn validate_passing_plans() {
    let tmp = temp_dir();
    for (name, scenario) in [
        ("validate_example_exit0", EXAMPLE),
        ("validate_proseware_exit0", PROSEWARE),
    ] {
        snapshot_stdout(name, &drsim_at_root(&["validate", scenario], tmp.path()), 0);
    }
}
