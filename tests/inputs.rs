//! Issue 9, inputs: a scenario or a baseline is read with a bound whatever
//! the file is (device, pipe, FIFO, standard input), a baseline is
//! validated as data, no control character from an input reaches the
//! terminal, and messages say where and what to write.
//!
//! No test measures time: a run that hangs fails at the command's timeout.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

use drsim::engine::Engine;
use drsim::report;
use drsim::runner::RunOptions;
use drsim::scenario;

use crate::util::{drsim, mkfifo, repo_path, simulate};

/// How long a command may take before the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The teaching scenario shipped with the crate.
const EXAMPLE: &str = "scenarios/example.toml";

/// A temporary directory holding one file `name` with `contents`.
fn dir_with(name: &str, contents: impl AsRef<[u8]>) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join(name), contents).expect("write test file");
    dir
}

/// Stderr of a refused input: it says `phrase` and nothing panicked.
fn refusal(phrase: &str) -> impl Predicate<str> {
    predicate::str::contains(phrase).and(predicate::str::contains("panicked").not())
}

/// Asserts that `drsim ARGS…` exits 2, printing nothing on stdout and
/// `phrase` on stderr; returns stderr.
fn refused(args: &[&str], dir: &Path, phrase: &str) -> String {
    let out = drsim()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(refusal(phrase));
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// Asserts that `bad.toml` made of `lines` is refused by `validate` at
/// `bad.toml:LINE:COL:` with `phrase`; returns stderr.
fn bad_scenario(lines: &[&str], place: &str, phrase: &str) -> String {
    let dir = dir_with("bad.toml", lines.join("\n") + "\n");
    let stderr = refused(&["validate", "bad.toml"], dir.path(), phrase);
    assert!(stderr.contains(&format!("bad.toml:{place}: ")), "{stderr}");
    stderr
}

/// Feeds `child`'s standard input from `source` in a thread until the
/// child closes it (a write fails), then waits for the child, failing the
/// test after [`TIMEOUT`]. Returns (exit code, stderr).
fn feed_and_wait(mut child: Child, source: impl Read + Send + 'static) -> (Option<i32>, String) {
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut source = source;
    std::thread::spawn(move || {
        // Ends when drsim closes the pipe (broken pipe) or the source ends.
        let _ = std::io::copy(&mut source, &mut stdin);
    });
    let status = wait_or_kill(&mut child);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    (status, stderr)
}

/// The exit code of `child`; kills it and fails after [`TIMEOUT`].
fn wait_or_kill(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait for drsim") {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("drsim did not return within {TIMEOUT:?}: reading is not bounded");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `drsim ARGS…` with standard input and error piped.
fn spawn_piped(args: &[&str]) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("drsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn drsim")
}

/// `yes`: "y\n" for ever.
fn endless_yes() -> Yes {
    Yes
}

struct Yes;

impl Read for Yes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = if i % 2 == 0 { b'y' } else { b'\n' };
        }
        Ok(buf.len() - buf.len() % 2)
    }
}

// ------------------------------------------------- scenarios, read bounded

#[test]
fn validate_dev_zero_stops_at_the_16_mib_limit() {
    refused(
        &["validate", "/dev/zero"],
        Path::new("/"),
        "/dev/zero: gave more than 16 MiB (16777216 bytes), the most a scenario may have",
    );
}

#[test]
fn run_dev_urandom_stops_at_the_16_mib_limit() {
    refused(
        &["run", "/dev/urandom"],
        Path::new("/"),
        "/dev/urandom: gave more than 16 MiB (16777216 bytes), the most a scenario may have",
    );
}

#[test]
fn an_endless_pipe_on_dev_stdin_is_refused_at_the_limit() {
    // `yes | drsim validate /dev/stdin`
    let (code, stderr) = feed_and_wait(spawn_piped(&["validate", "/dev/stdin"]), endless_yes());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/stdin: gave more than 16 MiB (16777216 bytes)"),
        "{stderr}"
    );
}

#[test]
fn an_endless_pipe_on_dash_is_refused_at_the_limit() {
    let (code, stderr) = feed_and_wait(spawn_piped(&["validate", "-"]), endless_yes());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("<stdin>: gave more than 16 MiB (16777216 bytes)"),
        "{stderr}"
    );
}

#[test]
fn a_scenario_on_standard_input_is_read_from_dash_and_named_stdin() {
    drsim()
        .args(["validate", "-"])
        .pipe_stdin(repo_path(EXAMPLE))
        .expect("example scenario")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok: <stdin> — "));
    drsim()
        .args(["validate", "-"])
        .write_stdin("[scenario]\nname = \"t\"\n[[steps]]\nid = \"a\"\nduration = 15\n")
        .assert()
        .code(2)
        .stderr(refusal("<stdin>:5:12: "));
}

#[test]
fn a_terminal_on_standard_input_is_refused_before_reading() {
    // `script` (util-linux) runs drsim with a pseudo-terminal as stdin.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: script is not available here; terminal test skipped");
        return;
    }
    let drsim = assert_cmd::cargo::cargo_bin("drsim");
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("'{}' validate -", drsim.display()),
            "/dev/null",
        ])
        .write_stdin("")
        .timeout(TIMEOUT)
        .output()
        .expect("drsim returns instead of waiting for the terminal");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("<stdin>: is a terminal, and drsim does not wait for a scenario"),
        "{shown}"
    );
}

#[test]
fn a_sparse_gigabyte_scenario_is_refused_from_its_size_without_reading_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = std::fs::File::create(dir.path().join("huge.toml")).expect("create");
    file.set_len(1 << 30).expect("sparse file");
    refused(
        &["validate", "huge.toml"],
        dir.path(),
        "huge.toml: is 1.0 GiB (1073741824 bytes), more than the 16 MiB a scenario may have",
    );
}

#[test]
fn a_fifo_with_a_writer_is_read_like_a_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let fifo = dir.path().join("plan.toml");
    if mkfifo(&fifo).is_none() {
        return;
    }
    let writer_path = fifo.clone();
    // Opening a FIFO for writing waits for drsim to open it for reading.
    std::thread::spawn(move || {
        let text = std::fs::read(repo_path(EXAMPLE)).expect("example scenario");
        let mut fifo = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .expect("open the FIFO for writing");
        fifo.write_all(&text).expect("write the scenario");
    });
    drsim()
        .arg("validate")
        .arg(&fifo)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok: "));
}

/// Waits the FIFO time (10 s) once: a FIFO nobody writes must not hang.
#[test]
fn a_fifo_that_no_writer_opens_is_refused_after_the_wait() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let fifo = dir.path().join("plan.toml");
    if mkfifo(&fifo).is_none() {
        return;
    }
    refused(
        &["validate", "plan.toml"],
        dir.path(),
        "plan.toml: is a FIFO, and nothing opened it for writing within 10 s",
    );
}

#[test]
fn an_endless_fifo_is_refused_at_the_limit() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let fifo = dir.path().join("plan.toml");
    if mkfifo(&fifo).is_none() {
        return;
    }
    let writer_path = fifo.clone();
    std::thread::spawn(move || {
        if let Ok(mut fifo) = std::fs::OpenOptions::new().write(true).open(writer_path) {
            // Ends with a broken pipe when drsim stops reading.
            let _ = std::io::copy(&mut endless_yes(), &mut fifo);
        }
    });
    refused(
        &["validate", "plan.toml"],
        dir.path(),
        "plan.toml: gave more than 16 MiB",
    );
}

// ------------------------------------------------------------- baselines

/// A directory with the example as `plan.toml` and its baseline
/// `base.json` (1000 runs, seed 7), and the baseline as JSON.
fn plan_with_baseline() -> (TempDir, serde_json::Value) {
    let dir = dir_with(
        "plan.toml",
        std::fs::read(repo_path(EXAMPLE)).expect("example"),
    );
    drsim()
        .current_dir(dir.path())
        .args([
            "run",
            "plan.toml",
            "-n",
            "1000",
            "-s",
            "7",
            "-q",
            "--json",
            "base.json",
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join("base.json")).expect("baseline");
    (dir, serde_json::from_str(&text).expect("baseline JSON"))
}

/// `drsim check plan.toml --baseline bad.json`, with `bad.json` the
/// baseline changed by `edit`, is refused (exit 2) with `phrase`.
fn baseline_refused(edit: impl FnOnce(&mut serde_json::Value), phrase: &str) {
    let (dir, mut json) = plan_with_baseline();
    edit(&mut json);
    std::fs::write(dir.path().join("bad.json"), json.to_string()).expect("write baseline");
    refused(
        &[
            "check",
            "plan.toml",
            "-n",
            "1000",
            "-s",
            "7",
            "--baseline",
            "bad.json",
        ],
        dir.path(),
        phrase,
    );
}

#[test]
fn an_unchanged_baseline_is_accepted() {
    let (dir, _) = plan_with_baseline();
    drsim()
        .current_dir(dir.path())
        .args([
            "check",
            "plan.toml",
            "-n",
            "1000",
            "-s",
            "7",
            "--baseline",
            "base.json",
        ])
        .assert()
        .code(0);
}

#[test]
fn a_baseline_from_dev_zero_stops_at_the_256_mib_limit() {
    let (dir, _) = plan_with_baseline();
    refused(
        &["check", "plan.toml", "--baseline", "/dev/zero"],
        dir.path(),
        "/dev/zero: gave more than 256 MiB (268435456 bytes), the most a baseline may have",
    );
}

#[test]
fn a_sparse_gigabyte_baseline_is_refused_from_its_size_without_reading_it() {
    let (dir, _) = plan_with_baseline();
    let file = std::fs::File::create(dir.path().join("huge.json")).expect("create");
    file.set_len(1 << 30).expect("sparse file");
    refused(
        &["check", "plan.toml", "--baseline", "huge.json"],
        dir.path(),
        "huge.json: is 1.0 GiB (1073741824 bytes), more than the 256 MiB a baseline may have",
    );
}

#[test]
fn a_baseline_whose_schema_version_is_a_string_says_so() {
    baseline_refused(
        |json| json["schema_version"] = "2".into(),
        "bad.json: schema_version is the string \"2\"; it must be the number 2 — regenerate",
    );
}

#[test]
fn a_baseline_with_a_negative_time_is_refused_naming_the_field() {
    baseline_refused(
        |json| json["components"]["orders_db"]["rto"]["p95"] = (-5.0).into(),
        "bad.json: components.orders_db.rto.p95 is -5; a time is seconds from 0 up, or \"never\"",
    );
}

#[test]
fn a_baseline_interval_that_misses_its_estimate_is_refused_naming_the_field() {
    baseline_refused(
        |json| {
            let p95 = json["rto"]["p95"].as_f64().expect("finite p95");
            json["rto"]["ci"]["p95"]["low"] = (p95 + 60.0).into();
            json["rto"]["ci"]["p95"]["high"] = (p95 + 120.0).into();
        },
        "bad.json: rto.ci.p95 [",
    );
}

#[test]
fn a_baseline_share_beyond_one_is_refused_naming_the_field() {
    baseline_refused(
        |json| json["rto"]["p_meet"] = 1.5.into(),
        "bad.json: rto.p_meet is 1.5; a share is from 0 to 1",
    );
}

#[test]
fn a_baseline_in_an_array_names_the_report_by_index() {
    baseline_refused(
        |json| {
            let mut second = json.clone();
            second["rto"]["p50"] = serde_json::Value::Null;
            *json = serde_json::Value::Array(vec![json.clone(), second]);
        },
        "bad.json: [1].rto.p50 is null",
    );
}

/// Builds the report of `toml` named `file`, 200 runs.
fn report_of(toml: &str, file: &str) -> report::Report {
    let engine = Engine::new(scenario::parse(toml, file).expect("valid scenario"));
    let results = simulate(&engine, 200, 1);
    let options = RunOptions {
        iterations: 200,
        seed: 1,
        threads: 2,
        chunk_runs: drsim::runner::DEFAULT_CHUNK_RUNS,
    };
    report::build(engine.scenario(), &results, &options)
}

#[test]
fn a_baseline_of_another_scenario_warns_when_name_and_file_both_differ() {
    let plan = |name: &str| {
        format!(
            "[scenario]\nname = \"{name}\"\n[components.app]\n[[steps]]\nid = \"a\"\nduration = \"1m\"\nrecovers = [\"app\"]\n"
        )
    };
    let current = report_of(&plan("Shop"), "shop.toml");
    let renamed = report_of(&plan("Shop v2"), "shop.toml");
    let moved = report_of(&plan("Shop"), "plans/shop.toml");
    let other = report_of(&plan("Payroll"), "payroll.toml");
    assert_eq!(report::baseline_mismatch(&renamed, &current), None);
    assert_eq!(report::baseline_mismatch(&moved, &current), None);
    let warning = report::baseline_mismatch(&other, &current).expect("a warning");
    assert!(
        warning.starts_with(
            "the baseline report is of \"Payroll\" (payroll.toml), not of \"Shop\" (shop.toml)"
        ),
        "{warning}"
    );
}

// ---------------------------------------- control characters in messages

#[test]
fn control_characters_from_the_scenario_never_reach_stderr() {
    // A raw ESC and BEL in an id (invalid TOML, shown in the snippet), a
    // key spelled with escapes (quoted by toml), and an id spelled with
    // escapes (quoted by drsim).
    let cases: [&[u8]; 3] = [
        b"[scenario]\nname = \"t\"\n[[steps]]\nid = \"a\x1b[31mred\x07\"\nduration = \"1m\"\n",
        b"[scenario]\nname = \"t\"\n\"k\\u001b[31m\" = 1\n",
        b"[scenario]\nname = \"t\"\n[components.c]\n[[steps]]\nid = \"a\\u001b[31m\"\nduration = \"1m\"\nrecovers = [\"c\"]\n",
    ];
    let expected = [
        "id = \"a\u{FFFD}[31mred\u{FFFD}\"",
        "unknown field `k\u{FFFD}[31m`",
        "step id \"a\\u{1b}[31m\" may only use",
    ];
    for (text, phrase) in cases.iter().zip(expected) {
        let dir = dir_with("bad.toml", text);
        let stderr = refused(&["validate", "bad.toml"], dir.path(), phrase);
        let control = stderr.chars().find(|c| c.is_control() && *c != '\n');
        assert_eq!(control, None, "{stderr:?}");
    }
}

#[test]
fn control_characters_in_a_file_name_never_reach_stderr() {
    let stderr = refused(
        &["validate", "no\u{1b}[31mhere\u{7}.toml"],
        Path::new("/"),
        "no\u{FFFD}[31mhere\u{FFFD}.toml: cannot read the scenario",
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

// ------------------------------------------- messages that say what to do

#[test]
fn a_file_that_is_not_utf8_is_located_by_line_and_column() {
    let dir = dir_with("latin1.toml", b"[scenario]\nname = \"Caf\xe9\"\n");
    refused(
        &["validate", "latin1.toml"],
        dir.path(),
        "latin1.toml:2:12: is not UTF-8 text: byte 0xE9 at offset 22 is not part of a UTF-8 \
         character; save the file as UTF-8",
    );
}

#[test]
fn steps_as_a_table_then_as_an_array_of_tables_says_to_write_two_brackets() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[steps]",
            "id = \"a\"",
            "[[steps]]",
            "id = \"b\"",
        ],
        "5:3",
        "duplicate key: `[[steps]]` starts an entry of an array of tables, but `[steps]` at \
         line 3 made `steps` a single table: write `[[steps]]` at line 3 too",
    );
}

#[test]
fn steps_as_an_array_of_tables_then_as_a_table_says_to_write_two_brackets() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[steps]]",
            "id = \"a\"",
            "[steps]",
            "id = \"b\"",
        ],
        "5:2",
        "duplicate key: `[steps]` opens a single table, but `[[steps]]` at line 3 made `steps` \
         an array of tables: write `[[steps]]` to start another entry",
    );
}

#[test]
fn steps_written_only_as_a_table_says_to_write_two_brackets() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[steps]",
            "id = \"a\"",
            "duration = \"1m\"",
        ],
        "3:1",
        "`[steps]` opens a single table, but `steps` is a list: write `[[steps]]` (two brackets)",
    );
}

#[test]
fn an_array_of_components_says_how_components_are_written() {
    bad_scenario(
        &[
            "[scenario]",
            "name = \"t\"",
            "[[components]]",
            "id = \"db\"",
        ],
        "3:1",
        "write `[components.<id>]` for each component (e.g. `[components.db]`)",
    );
}

#[test]
fn a_key_given_twice_names_the_line_of_the_first() {
    bad_scenario(
        &["[scenario]", "name = \"t\"", "name = \"u\""],
        "3:1",
        "duplicate key: `name` is already set at line 2 of this table: keep one of them",
    );
}

#[test]
fn a_dotted_key_beyond_the_toml_limit_is_located() {
    let deep = vec!["a"; 200].join(".") + " = 1";
    bad_scenario(
        &["[scenario]", "name = \"t\"", &deep],
        "3:1",
        "this key has 200 dotted parts, more than the 80 the TOML reader takes",
    );
}

#[test]
fn a_short_dotted_key_is_an_unknown_field_with_the_known_ones() {
    bad_scenario(
        &["[scenario]", "name = \"t\"", "a.b.c.d.e.f = 1"],
        "3:1",
        "unknown field `a`, expected one of `name`, `description`, `iterations`, `seed`",
    );
}

#[test]
fn ten_thousand_brackets_say_what_a_table_header_is() {
    let brackets = "[".repeat(10_000);
    bad_scenario(
        &["[scenario]", "name = \"t\"", &brackets],
        "3:3",
        "a table header has one bracket (`[components.db]`) or two (`[[steps]]`), not three or more",
    );
}

#[test]
fn values_nested_beyond_the_toml_limit_say_how_deep_a_scenario_goes() {
    let nested = format!("x = {}", "[".repeat(10_000));
    bad_scenario(
        &[&nested],
        "1:85",
        "arrays and inline tables nest more than 80 deep here",
    );
}
