//! Every shipped scenario (and the SPEC's own example) validates and runs
//! to sane results.

use drsim::report;
use drsim::runner::{self, RunOptions};

use crate::util::{engine, repo_path};

fn shipped() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo_path("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.push(repo_path("tests/fixtures/spec_example.toml"));
    files.sort();
    files
}

#[test]
fn there_is_one_scenario_per_seed_plan_and_an_example() {
    let names: Vec<String> = shipped()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in [
        "example",
        "wanda",
        "proseware",
        "api-platform",
        "aws-ecommerce",
        "azure-data-platform-redeploy",
        "azure-data-platform-warm",
        "azure-data-platform-hot",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "scenarios/{want}.toml is missing"
        );
    }
}

#[test]
fn every_shipped_scenario_runs_to_sane_results() {
    for path in shipped() {
        let text = std::fs::read_to_string(&path).unwrap();
        let e = engine(&text);
        let opts = RunOptions {
            iterations: 2000,
            seed: e.scenario().seed,
            threads: 2,
            chunk_runs: runner::DEFAULT_CHUNK_RUNS,
        };
        let results = runner::run(&e, &opts, &|_| {}).unwrap();
        let r = report::build(e.scenario(), &results, &opts);
        let name = path.display();
        for m in [&r.rto, &r.rpo, &r.makespan] {
            assert!(
                m.p50 <= m.p90 && m.p90 <= m.p95 && m.p95 <= m.p99 && m.p99 <= m.max,
                "{name}: {m:?}"
            );
            assert!(!m.mean.is_nan(), "{name}");
        }
        assert!(r.rto.p50 > 0.0, "{name}: a shipped plan recovers something");
        assert!(
            r.unrecovered < 0.05,
            "{name}: unrecovered {}",
            r.unrecovered
        );
        assert!(
            r.steps.0.iter().any(|(_, s)| s.criticality > 0.5),
            "{name}: some step drives the RTO"
        );
    }
}
