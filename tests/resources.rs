//! Resource sanity (issue 9): no more worker threads than cores or chunks
//! of work, and scenario parts that nothing uses cost nothing per run.

use drsim::runner::{self, Column, RunOptions};

use crate::util::{drsim, engine, simulate};

const PLAN: &str = "[scenario]\nname = \"t\"\n[roles]\nops = { count = 1, response = \"5m\" }\n\
    [components.app]\n[[steps]]\nid = \"fix\"\nrole = \"ops\"\n\
    duration = { dist = \"uniform\", min = \"10m\", max = \"20m\" }\nrecovers = [\"app\"]\n";

#[test]
fn threads_are_capped_by_the_chunks_of_work_and_the_cores() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let opts = |iterations, threads| RunOptions {
        iterations,
        seed: 1,
        threads,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    assert_eq!(runner::workers(&opts(10, 4096)), 1, "10 runs are one chunk");
    assert_eq!(runner::workers(&opts(1_000_000, 4096)), cores);
    assert_eq!(
        runner::workers(&opts(1_000_000, 0)),
        cores,
        "0: one per core"
    );
    assert_eq!(runner::workers(&opts(3000, 1)), 1);
}

/// A role with 100 000 people who each respond after a random time, that
/// no step needs, draws nothing: every run is what it is without it.
#[test]
fn a_role_no_step_needs_draws_nothing_and_changes_no_run() {
    let with = PLAN.replace(
        "[components.app]",
        "crowd = { count = 100000, response = { dist = \"exponential\", mean = \"1h\" } }\n[components.app]",
    );
    let (a, b) = (
        simulate(&engine(PLAN), 500, 3),
        simulate(&engine(&with), 500, 3),
    );
    let bits = |r: &runner::Results| -> Vec<u64> {
        r.samples
            .column(Column::Rto)
            .iter()
            .map(|v| v.to_bits())
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
}

#[test]
fn validate_warns_about_a_role_no_step_needs() {
    let dir = tempfile::tempdir().unwrap();
    let with = PLAN.replace("[components.app]", "idle = 2\n[components.app]");
    std::fs::write(dir.path().join("plan.toml"), with).unwrap();
    let out = drsim()
        .current_dir(dir.path())
        .args(["validate", "plan.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: plan.toml:5:1: no step needs role `idle`"),
        "{stderr}"
    );
}
