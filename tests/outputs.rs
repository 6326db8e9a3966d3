//! Outputs never destroy anything (issue 9): devices and FIFOs are written
//! through, never replaced; symlinks are followed; an output naming an
//! input or another output is refused before anything is simulated; `-`
//! is standard output for every output option; SIGINT and SIGTERM remove
//! every temporary file.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tempfile::TempDir;

use crate::util::{drsim, mkfifo, repo_path};

/// A temporary directory holding the example scenario as `plan.toml`.
fn plan_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::copy(
        repo_path("scenarios/example.toml"),
        dir.path().join("plan.toml"),
    )
    .expect("copy the example");
    dir
}

/// Runs drsim in `dir`; returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = drsim().current_dir(dir).args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Hidden temporary files drsim left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".drsim-"))
        .collect()
}

#[cfg(unix)]
fn file_type(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path).expect("stat").file_type()
}

#[test]
#[cfg(unix)]
fn output_to_a_fifo_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = plan_dir();
    let fifo = dir.path().join("out.fifo");
    if mkfifo(&fifo).is_none() {
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).expect("read the FIFO"))
    };
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "200",
            "--json",
            "out.fifo",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&reader.join().expect("reader")).expect("the reader got the JSON");
    assert_eq!(json["iterations"], 200);
    assert!(file_type(&fifo).is_fifo(), "still a FIFO");
}

/// A character device of our own (root can make one in a temporary
/// folder), else `/dev/null`, which an unprivileged user cannot replace.
#[cfg(unix)]
fn null_device(dir: &Path) -> PathBuf {
    let own = dir.join("null");
    let made = std::process::Command::new("mknod")
        .args([own.as_os_str(), "c".as_ref(), "1".as_ref(), "3".as_ref()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        own
    } else {
        PathBuf::from("/dev/null")
    }
}

#[test]
#[cfg(unix)]
fn output_to_a_character_device_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = plan_dir();
    let device = null_device(dir.path());
    let device = device.to_str().expect("UTF-8 path");
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "check",
            "plan.toml",
            "-n",
            "200",
            "--junit",
            device,
            "--json",
            device,
        ],
    );
    assert_eq!(code, 0, "a device may take two outputs: {stderr}");
    assert!(
        file_type(Path::new(device)).is_char_device(),
        "still a device"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_full_device_fails_cleanly_and_leaves_no_file() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = plan_dir();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "200",
            "--json",
            "/dev/full",
            "--samples",
            "runs.csv",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write /dev/full"), "{stderr}");
    assert!(!dir.path().join("runs.csv").exists(), "all or nothing");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
#[cfg(unix)]
fn output_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = plan_dir();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/out.json"), "old").unwrap();
    std::os::unix::fs::symlink("real/out.json", dir.path().join("link.json")).unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "200",
            "--json",
            "link.json",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(file_type(&dir.path().join("link.json")).is_symlink());
    let text = std::fs::read_to_string(dir.path().join("real/out.json")).unwrap();
    assert!(text.contains("\"schema_version\""), "target replaced");
    assert!(leftovers(&dir.path().join("real")).is_empty());
}

#[test]
fn an_output_naming_an_input_is_refused_before_simulating() {
    let dir = plan_dir();
    let before = std::fs::read(dir.path().join("plan.toml")).unwrap();
    // 10¹² runs would take days: the refusal must come first.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "1000000000000",
            "--json",
            "./plan.toml",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("is an input of this command"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("plan.toml")).unwrap(), before);
    std::fs::write(dir.path().join("base.json"), "{}").unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "check",
            "plan.toml",
            "--baseline",
            "base.json",
            "--junit",
            "base.json",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("--junit base.json is an input"), "{stderr}");
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let dir = plan_dir();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "200",
            "--json",
            "x",
            "--samples",
            "./x",
            "--html",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--json x and --samples ./x are the same file"),
        "{stderr}"
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn dash_means_standard_output_for_every_output_option() {
    let dir = plan_dir();
    let cases: [(&[&str], &str); 6] = [
        (&["run", "plan.toml", "-n", "50", "--json", "-"], "{"),
        (
            &["run", "plan.toml", "-n", "50", "--samples", "-"],
            "run,rto,rpo",
        ),
        (
            &["run", "plan.toml", "-n", "50", "--html", "-"],
            "<!DOCTYPE html>",
        ),
        (&["check", "plan.toml", "-n", "50", "--json", "-"], "{"),
        (&["check", "plan.toml", "-n", "50", "--junit", "-"], "<?xml"),
        (
            &["report", "plan.toml", "-n", "50", "-o", "-"],
            "<!DOCTYPE html>",
        ),
    ];
    for (args, start) in cases {
        let (code, stdout, _) = run_in(dir.path(), args);
        // 50 runs may miss a target: check then exits 1, still writing.
        assert!(
            code == 0 || (code == 1 && args[0] == "check"),
            "{args:?}: {code}"
        );
        assert!(
            stdout.starts_with(start),
            "{args:?}: {}",
            &stdout[..stdout.len().min(80)]
        );
    }
    assert!(!dir.path().join("-").exists(), "no file named -");
    // check's verdict lines move to standard error.
    let (_, stdout, stderr) = run_in(
        dir.path(),
        &["check", "plan.toml", "-n", "50", "--junit", "-"],
    );
    assert!(!stdout.contains("PASS"), "stdout is only the XML");
    assert!(stderr.contains("PASS"), "{stderr}");
}

#[test]
fn at_most_one_output_goes_to_standard_output() {
    let dir = plan_dir();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "50",
            "--json",
            "-",
            "--samples",
            "-",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--json and --samples both name standard output"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "50",
            "--json",
            "-",
            "--trace",
            "p95",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--trace prints to standard output"),
        "{stderr}"
    );
}

/// Starts drsim writing `runs.csv` (a temporary file until the end) and
/// an output to a FIFO nobody reads, so it waits, outputs half-written;
/// sends `signal` once the temporary file exists.
#[cfg(unix)]
/// `None` where FIFOs cannot be made.
fn interrupt_while_writing(signal: &str) -> Option<(Option<i32>, String, TempDir)> {
    let dir = plan_dir();
    let fifo = dir.path().join("stuck.fifo");
    mkfifo(&fifo)?;
    let bin = assert_cmd::cargo::cargo_bin("drsim");
    let child = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args([
            "run",
            "plan.toml",
            "-n",
            "2000",
            "--samples",
            "runs.csv",
            "--json",
            "stuck.fifo",
            "--quiet",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start drsim");
    let started = Instant::now();
    while leftovers(dir.path()).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let out = child.wait_with_output().expect("drsim ends");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    Some((out.status.code(), stderr, dir))
}

#[test]
#[cfg(unix)]
fn sigint_while_writing_removes_temporary_files_and_exits_130() {
    let Some((code, stderr, dir)) = interrupt_while_writing("-INT") else {
        return;
    };
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted by SIGINT; not written: stuck.fifo, runs.csv"),
        "{stderr}"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert!(!dir.path().join("runs.csv").exists());
}

#[test]
#[cfg(unix)]
fn sigterm_while_writing_removes_temporary_files_and_exits_143() {
    let Some((code, stderr, dir)) = interrupt_while_writing("-TERM") else {
        return;
    };
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn control_characters_in_an_output_path_never_reach_stderr() {
    let dir = plan_dir();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "-n",
            "50",
            "--json",
            "no\u{1b}[31mwhere/x.json",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no\u{FFFD}[31mwhere"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
