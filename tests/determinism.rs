//! Same scenario, seed and iterations: byte-identical output for any thread
//! count and any split of the runs.

use assert_cmd::Command;

use drsim::report;
use drsim::report::Exporter;
use drsim::runner::{self, RunOptions};

use crate::util::{drsim, engine, repo_path};

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

/// `compare`'s page (which says so) and JUnit, for one and two threads.
#[test]
fn compare_page_and_junit_are_byte_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let outputs: Vec<(Vec<u8>, Vec<u8>)> = ["1", "2"]
        .into_iter()
        .map(|threads| {
            let page = dir.path().join(format!("t{threads}.html"));
            let junit = dir.path().join(format!("t{threads}.xml"));
            drsim()
                .current_dir(repo_path(""))
                .args(["compare", "scenarios/example.toml"])
                .args(["scenarios/example-failing.toml", "-n", "1000"])
                .args(["--quiet", "--threads", threads, "--html"])
                .arg(&page)
                .arg("--junit")
                .arg(&junit)
                .assert()
                .success();
            (
                std::fs::read(&page).unwrap(),
                std::fs::read(&junit).unwrap(),
            )
        })
        .collect();
    assert!(outputs[0].0 == outputs[1].0, "the page differs");
    assert!(outputs[0].1 == outputs[1].1, "the JUnit differs");
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

/// Common random numbers: every draw comes from the stream of what it
/// belongs to, so a change to one part of a plan changes nothing else.
mod common_random_numbers {
    use drsim::runner::{Column, Results};

    use crate::util::{engine, simulate};

    const HEAD: &str = "[scenario]\nname = \"crn\"\n[components.x]\n[components.y]\n";
    const A: &str = "[[steps]]\nid = \"a\"\nduration = { dist = \"lognormal\", median = \"20m\", p95 = \"1h\" }\nrecovers = [\"x\"]\nfailure = { probability = 0.3, retries = 2, retry_delay = \"5m\" }\n";
    const B: &str = "[[steps]]\nid = \"b\"\nduration = { dist = \"uniform\", min = \"10m\", max = \"30m\" }\nrecovers = [\"y\"]\n";

    fn column_bits(r: &Results, column: Column) -> Vec<u64> {
        r.samples
            .column(column)
            .iter()
            .map(|v| v.to_bits())
            .collect()
    }

    fn run(toml: &str) -> Results {
        simulate(&engine(toml), 2000, 11)
    }

    #[test]
    fn changing_one_step_leaves_every_run_of_an_independent_step_as_it_was() {
        let base = run(&format!("{HEAD}{A}{B}"));
        let slower_b = run(&format!("{HEAD}{A}{}", B.replace("30m", "50m")));
        let x = Column::ComponentRto(0);
        assert_eq!(column_bits(&base, x), column_bits(&slower_b, x));
        let y = Column::ComponentRto(1);
        assert_ne!(column_bits(&base, y), column_bits(&slower_b, y));
    }

    #[test]
    fn reordering_and_adding_steps_changes_no_other_run() {
        let base = run(&format!("{HEAD}{A}{B}"));
        let reordered = run(&format!("{HEAD}{B}{A}"));
        let c = "[[steps]]\nid = \"c\"\nduration = \"7m\"\nrecovers = [\"z\"]\n";
        let added = run(&format!("{HEAD}[components.z]\n{c}{A}{B}"));
        for column in [Column::ComponentRto(0), Column::ComponentRto(1)] {
            assert_eq!(column_bits(&base, column), column_bits(&reordered, column));
            assert_eq!(column_bits(&base, column), column_bits(&added, column));
        }
    }
}
