//! The command line as users and scripts meet it (SPEC §3): exit codes,
//! errors located at `file:line:col:`, no panic on any input, and outputs
//! written whole or not at all.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use tempfile::TempDir;

use crate::util::{drsim, repo_path};

/// The teaching scenario shipped with the crate.
const EXAMPLE: &str = "scenarios/example.toml";

/// A fresh temporary directory.
fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// A temporary directory holding one file `name` with `contents`.
fn dir_with(name: &str, contents: impl AsRef<[u8]>) -> TempDir {
    let dir = temp_dir();
    std::fs::write(dir.path().join(name), contents).expect("write test file");
    dir
}

/// The names in `dir`, sorted (hidden temporary files included).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Asserts that `dir` holds exactly `names`: nothing partial, no temporary.
fn assert_only(dir: &Path, names: &[&str]) {
    assert_eq!(entries(dir), names, "files left in {}", dir.display());
}

/// Stderr of a refused input: it says `phrase` and nothing panicked.
fn refusal(phrase: &str) -> impl Predicate<str> {
    predicate::str::contains(phrase).and(predicate::str::contains("panicked").not())
}

/// `drsim ARGS…` run in `dir`, `ARGS` split at whitespace.
fn drsim_in(dir: &Path, args: &str) -> Command {
    let mut cmd = drsim();
    cmd.current_dir(dir).args(args.split_whitespace());
    cmd
}

/// `drsim run <the example scenario> ARGS…` run in `dir`.
fn example_in(dir: &Path, args: &str) -> Command {
    let mut cmd = drsim();
    cmd.current_dir(dir)
        .arg("run")
        .arg(repo_path(EXAMPLE))
        .args(args.split_whitespace());
    cmd
}

/// Asserts that `cmd` exits 2 with `phrase` on stderr, without a panic and
/// without printing anything on stdout.
fn assert_refused(mut cmd: Command, phrase: &str) {
    cmd.assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(refusal(phrase));
}

/// Asserts that the scenario made of `lines` is refused by both `validate`
/// and `run` with exit status 2, an error at `bad.toml:<line>:<column>:`,
/// and `phrase` in the message.
fn bad_scenario(lines: &[&str], line: usize, column: usize, phrase: &str) {
    let dir = dir_with("bad.toml", lines.join("\n") + "\n");
    let place = format!("bad.toml:{line}:{column}: ");
    for args in ["validate bad.toml", "run bad.toml -n 200"] {
        drsim_in(dir.path(), args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(refusal(phrase).and(predicate::str::contains(place.as_str())));
    }
}

/// Asserts that `drsim run <example> ARGS…` is a usage error (exit 2).
fn usage_error(args: &str, phrase: &str) {
    assert_refused(example_in(&repo_path(""), args), phrase);
}

// ---------------------------------------------------------------- exit codes

#[test]
fn good_scenario_validates_and_runs_with_exit_0() {
    drsim()
        .arg("validate")
        .arg(repo_path(EXAMPLE))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok: "))
        .stderr(predicate::str::is_empty());
    drsim()
        .args(["run", "-n", "300"])
        .arg(repo_path(EXAMPLE))
        .assert()
        .code(0);
    drsim()
        .args(["run", "-n", "300", "--seed", "3", "--threads", "2"])
        .arg(repo_path("tests/fixtures/spec_example.toml"))
        .assert()
        .code(0);
}

#[test]
fn help_and_version_exit_0() {
    drsim()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Usage").and(predicate::str::contains("validate")));
    drsim()
        .args(["run", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--iterations"));
    drsim()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    usage_error("--bogus", "--bogus");
}

#[test]
fn missing_file_argument_is_a_usage_error() {
    assert_refused(drsim_in(&repo_path(""), "run"), "<FILE>");
    assert_refused(drsim_in(&repo_path(""), "validate"), "<FILE>");
}

#[test]
fn missing_or_unknown_subcommand_is_a_usage_error() {
    drsim()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage"));
    assert_refused(drsim_in(&repo_path(""), "simulate x.toml"), "simulate");
}

#[test]
fn zero_iterations_on_the_command_line_is_a_usage_error() {
    usage_error("--iterations 0", "--iterations");
}

#[test]
fn zero_threads_is_a_usage_error() {
    usage_error("--threads 0", "--threads");
}

#[test]
fn negative_seed_is_a_usage_error() {
    usage_error("--seed -1", "-1");
}

#[test]
fn non_numeric_iterations_is_a_usage_error() {
    usage_error("--iterations abc", "abc");
}

// ------------------------------------------------- bad scenarios, located

#[test]
fn toml_syntax_error_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m",
        ],
        5,
        16,
        "invalid basic string",
    );
}

#[test]
fn toml_duplicate_key_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "name = \"u\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"1m\"",
        ],
        3,
        1,
        "duplicate key",
    );
}

#[test]
fn unknown_top_level_field_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[extra]",
            "x = 1",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        3,
        2,
        "unknown field `extra`",
    );
}

#[test]
fn unknown_scenario_field_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "iteratons = 5",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        3,
        1,
        "unknown field `iteratons`",
    );
}

#[test]
fn unknown_step_field_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "colour = \"red\"",
        ],
        6,
        1,
        "unknown field `colour`",
    );
}

#[test]
fn missing_step_duration_is_located() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "name = \"A\"",
        ],
        3,
        1,
        "missing field `duration`",
    );
}

#[test]
fn bare_number_duration_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = 15",
        ],
        5,
        12,
        "bare number is not a duration",
    );
}

#[test]
fn duration_with_unknown_unit_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"15w\"",
        ],
        5,
        12,
        "unknown unit \"w\"",
    );
}

#[test]
fn negative_duration_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"-5m\"",
        ],
        5,
        12,
        "invalid duration \"-5m\"",
    );
}

#[test]
fn duration_of_ten_years_or_more_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"4000d\"",
        ],
        5,
        12,
        "below 10 years",
    );
}

#[test]
fn unknown_distribution_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"beta\", mean = \"5m\" }",
        ],
        5,
        21,
        "unknown distribution \"beta\"",
    );
}

#[test]
fn parameter_not_used_by_the_distribution_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"uniform\", min = \"5m\", mode = \"7m\", max = \"10m\" }",
        ],
        5,
        51,
        "`mode` is not a parameter of uniform",
    );
}

#[test]
fn uniform_with_min_equal_to_max_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"uniform\", min = \"5m\", max = \"5m\" }",
        ],
        5,
        50,
        "min below max",
    );
}

#[test]
fn triangular_mode_outside_min_max_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"triangular\", min = \"5m\", mode = \"1h\", max = \"10m\" }",
        ],
        5,
        54,
        "mode must lie between min and max",
    );
}

#[test]
fn pert_shape_zero_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"pert\", min = \"5m\", mode = \"7m\", max = \"10m\", shape = 0 }",
        ],
        5,
        75,
        "shape must be a number above 0",
    );
}

#[test]
fn normal_with_zero_sd_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"normal\", mean = \"5m\", sd = \"0s\" }",
        ],
        5,
        49,
        "sd above 0",
    );
}

#[test]
fn lognormal_with_p95_not_above_median_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"lognormal\", median = \"5m\", p95 = \"5m\" }",
        ],
        5,
        55,
        "p95 above the median",
    );
}

#[test]
fn choice_with_all_weights_zero_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"choice\", values = [\"5m\", \"1h\"], weights = [0, 0] }",
        ],
        5,
        64,
        "positive, finite sum",
    );
}

#[test]
fn choice_with_more_values_than_weights_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = { dist = \"choice\", values = [\"5m\", \"1h\"], weights = [1] }",
        ],
        5,
        64,
        "2 values but 1 weights",
    );
}

#[test]
fn nan_probability_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "failure = { probability = nan }",
        ],
        6,
        27,
        "must be a finite number",
    );
}

#[test]
fn probability_above_one_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "failure = { probability = 1.5 }",
        ],
        6,
        27,
        "between 0 and 1",
    );
}

#[test]
fn after_naming_an_unknown_step_suggests_a_close_name() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"detect\"",
            "duration = \"10m\"",
            "[[steps]]",
            "id = \"b\"",
            "after = [\"detekt\"]",
            "duration = \"10m\"",
        ],
        8,
        10,
        "did you mean `detect`?",
    );
}

#[test]
fn id_shared_by_a_step_and_a_component_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[components.db]",
            "name = \"DB\"",
            "[[steps]]",
            "id = \"db\"",
            "duration = \"10m\"",
        ],
        6,
        6,
        "id `db` is already used by a component",
    );
}

#[test]
fn id_with_uppercase_letters_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"Detect\"",
            "duration = \"10m\"",
        ],
        4,
        6,
        "may only use a-z, 0-9, _ and -",
    );
}

#[test]
fn unknown_role_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[roles]",
            "ops = 1",
            "[[steps]]",
            "id = \"a\"",
            "role = \"dba\"",
            "duration = \"10m\"",
        ],
        7,
        8,
        "no role is called `dba`",
    );
}

#[test]
fn cycle_through_after_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "after = [\"b\"]",
            "duration = \"10m\"",
            "[[steps]]",
            "id = \"b\"",
            "after = [\"a\"]",
            "duration = \"10m\"",
        ],
        4,
        6,
        "cycle: step `a` waits for step `b`",
    );
}

#[test]
fn cycle_through_fallback_is_refused() {
    // `b` is the fallback of `a` but comes after `a`: a gives up, waits for b,
    // which waits for a.
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "failure = { probability = 0.1, fallback = \"b\" }",
            "[[steps]]",
            "id = \"b\"",
            "after = [\"a\"]",
            "fallback_only = true",
            "duration = \"10m\"",
        ],
        4,
        6,
        "cycle",
    );
}

#[test]
fn from_missing_for_a_component_with_two_sources_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[components.db.data.replica]",
            "lag = \"1m\"",
            "[components.db.data.backup]",
            "interval = \"24h\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "recovers = [\"db\"]",
        ],
        10,
        13,
        "several data sources",
    );
}

#[test]
fn from_naming_an_unknown_source_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[components.db.data.replica]",
            "lag = \"1m\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "recovers = [\"db\"]",
            "from = \"backup\"",
        ],
        9,
        8,
        "has no data source `backup`",
    );
}

#[test]
fn depends_on_naming_a_step_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[components.web]",
            "depends_on = [\"a\"]",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        4,
        15,
        "`a` is a step",
    );
}

#[test]
fn backup_success_without_interval_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[components.db.data.backup]",
            "success = 0.9",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        4,
        11,
        "add `interval`",
    );
}

#[test]
fn role_count_zero_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[roles]",
            "ops = 0",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        4,
        7,
        "count between 1 and",
    );
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[roles]",
            "ops = { count = 0 }",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        4,
        17,
        "count between 1 and",
    );
}

#[test]
fn percentile_100_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[targets]",
            "percentile = 100",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        4,
        14,
        "below 100",
    );
}

#[test]
fn zero_iterations_in_the_file_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "iterations = 0",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        3,
        14,
        "iterations must be between 1",
    );
}

#[test]
fn negative_seed_in_the_file_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "seed = -1",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        3,
        8,
        "seed must be 0 or more",
    );
}

#[test]
fn huge_integer_is_refused_at_its_place() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "iterations = 99999999999999999999",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
        ],
        3,
        14,
        "99999999999999999999",
    );
}

#[test]
fn fallback_only_step_never_named_as_a_fallback_is_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "[[steps]]",
            "id = \"b\"",
            "fallback_only = true",
            "duration = \"10m\"",
        ],
        7,
        6,
        "no step names it as its fallback",
    );
}

#[test]
fn retries_above_the_limit_are_refused() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "duration = \"10m\"",
            "failure = { probability = 0.5, retries = 1001 }",
        ],
        6,
        42,
        "retries must be between 0 and 1000",
    );
}

#[test]
fn scenario_without_steps_is_refused_naming_the_file() {
    let dir = dir_with("bad.toml", "[scenario]\nname = \"t\"\n");
    for args in ["validate bad.toml", "run bad.toml -n 200"] {
        assert_refused(
            drsim_in(dir.path(), args),
            "bad.toml: the scenario has no steps",
        );
    }
}

// --------------------------------------- bad input that is not a scenario

#[test]
fn missing_file_is_refused() {
    let dir = temp_dir();
    for args in ["validate nothere.toml", "run nothere.toml"] {
        assert_refused(drsim_in(dir.path(), args), "nothere.toml: cannot read");
    }
}

#[test]
fn directory_is_refused() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("plans")).expect("mkdir");
    for args in ["validate plans", "run plans"] {
        assert_refused(drsim_in(dir.path(), args), "plans: is a directory");
    }
}

#[test]
fn empty_file_is_refused() {
    let dir = dir_with("empty.toml", "");
    for args in ["validate empty.toml", "run empty.toml"] {
        let cmd = drsim_in(dir.path(), args);
        assert_refused(cmd, "empty.toml:1:1: missing field `scenario`");
    }
}

#[test]
fn binary_garbage_is_refused() {
    // Invalid UTF-8 from the first byte, then scrambled bytes.
    let garbage: Vec<u8> = [0xff, 0xfe, 0x00]
        .into_iter()
        .chain((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8))
        .collect();
    let dir = dir_with("garbage.toml", garbage);
    for args in ["validate garbage.toml", "run garbage.toml"] {
        assert_refused(
            drsim_in(dir.path(), args),
            "garbage.toml:1:1: is not UTF-8 text: it starts with the byte-order mark of UTF-16",
        );
    }
}

#[test]
fn very_deep_nesting_is_refused_without_overflow() {
    let dir = dir_with("deep.toml", format!("a = {}\n", "[".repeat(100_000)));
    for args in ["validate deep.toml", "run deep.toml"] {
        assert_refused(drsim_in(dir.path(), args), "deep.toml:1:");
    }
}

#[test]
fn iterations_beyond_memory_are_refused_up_front() {
    let dir = temp_dir();
    let started = Instant::now();
    let mut cmd = example_in(dir.path(), "--iterations 100000000000000 --json out.json");
    cmd.timeout(Duration::from_secs(20));
    assert_refused(cmd, "memory");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_only(dir.path(), &[]);
}

// ------------------------------------------ no output left behind on error

#[test]
fn bad_scenario_leaves_no_output_files() {
    let dir = dir_with(
        "bad.toml",
        "[scenario]\nname = \"t\"\n[[steps]]\nid = \"a\"\nduration = 15\n",
    );
    assert_refused(
        drsim_in(dir.path(), "run bad.toml --json out.json --samples out.csv"),
        "bad.toml:5:12: ",
    );
    assert_only(dir.path(), &["bad.toml"]);
}

#[test]
fn json_into_a_missing_directory_is_refused_naming_the_path() {
    let dir = temp_dir();
    assert_refused(
        example_in(dir.path(), "-n 200 --json nodir/out.json"),
        "nodir/out.json",
    );
    assert_only(dir.path(), &[]);
}

#[test]
fn samples_into_a_missing_directory_is_refused_naming_the_path() {
    let dir = temp_dir();
    assert_refused(
        example_in(dir.path(), "-n 200 --samples nodir/out.csv"),
        "nodir/out.csv",
    );
    assert_only(dir.path(), &[]);
}

#[test]
fn failed_samples_output_leaves_no_json_behind() {
    // Exit status 2 means the run produced nothing: a script must not find
    // a fresh out.json next to a failed run.
    let dir = temp_dir();
    assert_refused(
        example_in(dir.path(), "-n 200 --json out.json --samples nodir/out.csv"),
        "nodir/out.csv",
    );
    assert_only(dir.path(), &[]);
}

#[test]
fn json_onto_a_directory_is_refused() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    assert_refused(
        example_in(dir.path(), "-n 200 --json out"),
        "out is a directory",
    );
    assert_only(dir.path(), &["out"]);
    assert_only(&dir.path().join("out"), &[]);
}

// ------------------------------------------------------------------ outputs

/// Runs the example with `args` in `dir`; returns its stdout.
fn run_example(dir: &Path, args: &str) -> String {
    let out = example_in(dir, args)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("panicked").not())
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 stdout")
}

/// The example scenario, as the library reads it.
fn example_scenario() -> drsim::scenario::Scenario {
    drsim::scenario::load(&repo_path(EXAMPLE)).expect("example is valid")
}

#[test]
fn json_and_samples_files_hold_the_whole_results() {
    let dir = temp_dir();
    run_example(
        dir.path(),
        "-n 500 --seed 1 --json out.json --samples out.csv",
    );
    assert_only(dir.path(), &["out.csv", "out.json"]);
    let scenario = example_scenario();

    let text = std::fs::read_to_string(dir.path().join("out.json")).expect("out.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("out.json is JSON");
    assert!(json["schema_version"].is_number(), "{json}");
    assert_eq!(json["scenario"]["name"], scenario.name.as_str());
    assert_eq!(json["iterations"], 500);
    assert_eq!(json["seed"], 1);
    assert!(json["rto"]["p95"].is_number(), "{}", json["rto"]);
    let p_meet = json["rpo"]["p_meet"].as_f64().expect("rpo.p_meet");
    assert!((0.0..=1.0).contains(&p_meet), "{p_meet}");
    for component in &scenario.components {
        let c = &json["components"][component.id.as_str()];
        assert!(
            c["rto"]["p95"].is_number(),
            "components.{}: {c}",
            component.id
        );
        if !component.sources.is_empty() {
            assert!(
                c["rpo"]["p95"].is_number(),
                "components.{}: {c}",
                component.id
            );
        }
    }
    for step in &scenario.steps {
        let criticality = json["steps"][step.id.as_str()]["criticality"]
            .as_f64()
            .unwrap_or_else(|| panic!("steps.{}.criticality", step.id));
        assert!((0.0..=1.0).contains(&criticality), "{criticality}");
    }

    let csv = std::fs::read_to_string(dir.path().join("out.csv")).expect("out.csv");
    let mut lines = csv.lines();
    let mut header = vec![
        "run".to_string(),
        "rto".into(),
        "rpo".into(),
        "makespan".into(),
    ];
    header.extend(scenario.components.iter().map(|c| format!("rto_{}", c.id)));
    header.extend(scenario.components.iter().map(|c| format!("rpo_{}", c.id)));
    assert_eq!(lines.next(), Some(header.join(",").as_str()));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 500);
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), header.len(), "row {index}: {row}");
        assert_eq!(cells[0], index.to_string(), "row {index}: {row}");
    }
}

#[test]
fn json_to_stdout_prints_only_json() {
    let dir = temp_dir();
    let stdout = run_example(dir.path(), "-n 300 --json -");
    let json: serde_json::Value =
        serde_json::from_str(&stdout).expect("stdout is one JSON document");
    assert_eq!(json["iterations"], 300);
    assert_only(dir.path(), &[]);
}

#[test]
fn human_summary_has_every_section() {
    let dir = temp_dir();
    let stdout = run_example(dir.path(), "-n 1000");
    let name = example_scenario().name;
    for part in [
        name.as_str(),
        "RTO",
        "RPO",
        "Targets at p95",
        "Unrecovered",
        "What drives the RTO",
    ] {
        assert!(stdout.contains(part), "no {part:?} in:\n{stdout}");
    }
    assert!(
        stdout.contains("PASS") || stdout.contains("FAIL"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn output_files_get_ordinary_permissions() {
    // Like any file a tool creates: 0666 less the umask, as File::create gives
    // (not the 0600 of a private temporary file).
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    run_example(
        dir.path(),
        "-n 200 --quiet --json out.json --samples out.csv",
    );
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).expect("create reference file");
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    let expected = mode("reference");
    assert_eq!(
        format!("{:o}", mode("out.json")),
        format!("{expected:o}"),
        "out.json"
    );
    assert_eq!(
        format!("{:o}", mode("out.csv")),
        format!("{expected:o}"),
        "out.csv"
    );
}

// -------------------------------------------------------- shipped scenarios

#[test]
fn every_shipped_scenario_validates() {
    let mut files: Vec<_> = std::fs::read_dir(repo_path("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios/*.toml");
    files.push(repo_path("tests/fixtures/spec_example.toml"));
    for file in files {
        drsim()
            .arg("validate")
            .arg(&file)
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("ok: "))
            .stderr(predicate::str::is_empty());
    }
}
