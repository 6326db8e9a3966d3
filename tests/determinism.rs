//! Same scenario, seed and iterations: byte-identical output for any thread
//! count and any split of the runs.

use assert_cmd::Command;

use drsim::report;
use drsim::report::Exporter;
use drsim::runner::{self, RunOptions};

use crate::util::{engine, repo_path};

fn json_for(threads: usize, chunk_runs: usize) -> String {
    let text = std::fs::read_to_string(repo_path("scenarios/proseware.toml")).unwrap();
    let e = engine(&text);
    let opts = RunOptions {
        iterations: 5000,
        seed: 17,
        threads,
        chunk_runs,
    };
    let results = runner::run(&e, &opts, &|_| {}).unwrap();
    report::Json::One(&report::build(e.scenario(), &results, &opts)).render()
}

#[test]
fn json_is_identical_for_any_thread_count_and_chunking() {
    let reference = json_for(1, runner::DEFAULT_CHUNK_RUNS);
    assert_eq!(
        reference,
        json_for(2, runner::DEFAULT_CHUNK_RUNS),
        "1 vs 2 threads"
    );
    assert_eq!(reference, json_for(2, 37), "chunks of 1024 vs 37 runs");
    assert_eq!(reference, json_for(3, 1), "chunks of 1 run on 3 threads");
}

#[test]
fn cli_outputs_are_byte_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let json = dir.path().join(format!("t{threads}.json"));
        let csv = dir.path().join(format!("t{threads}.csv"));
        Command::cargo_bin("drsim")
            .unwrap()
            .arg("run")
            .arg(repo_path("scenarios/wanda.toml"))
            .args([
                "-n",
                "3000",
                "--seed",
                "5",
                "--quiet",
                "--threads",
                threads,
                "--json",
            ])
            .arg(&json)
            .arg("--samples")
            .arg(&csv)
            .assert()
            .success();
        outputs.push((std::fs::read(&json).unwrap(), std::fs::read(&csv).unwrap()));
    }
    assert!(
        outputs[0].0 == outputs[1].0,
        "JSON differs between 1 and 2 threads"
    );
    assert!(
        outputs[0].1 == outputs[1].1,
        "CSV differs between 1 and 2 threads"
    );
}

#[test]
fn a_different_seed_gives_different_results() {
    let a = json_for(2, runner::DEFAULT_CHUNK_RUNS);
    let text = std::fs::read_to_string(repo_path("scenarios/proseware.toml")).unwrap();
    let e = engine(&text);
    let opts = RunOptions {
        iterations: 5000,
        seed: 18,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(&e, &opts, &|_| {}).unwrap();
    assert_ne!(
        a,
        report::Json::One(&report::build(e.scenario(), &results, &opts)).render()
    );
}
