//! Every shipped scenario (and the SPEC's own example), and every variant
//! each declares, validates and runs to sane results.

use drsim::engine::Engine;
use drsim::report;
use drsim::runner::{self, RunOptions};
use drsim::scenario::{self, Document, Edits};

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
        "azure-data-platform",
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
        assert_sane(&engine(&text), &path.display().to_string());
    }
}

/// The variants each shipped plan must carry: the alternatives its source
/// plan names (the Azure plan's four strategies in one file).
#[test]
fn the_shipped_plans_carry_the_alternatives_their_source_plans_name() {
    for (file, want) in [
        (
            "azure-data-platform",
            &["warm_spare", "hot_spare", "wait_for_provider"][..],
        ),
        ("wanda", &["single_storage_account", "autoswap"][..]),
        (
            "aws-ecommerce",
            &["global_database", "redis_replication"][..],
        ),
    ] {
        let path = repo_path(&format!("scenarios/{file}.toml"));
        let s = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = s.variants.iter().map(|v| v.name.as_str()).collect();
        for name in want {
            assert!(
                names.contains(name),
                "{file}: no variant {name} in {names:?}"
            );
        }
        assert!(
            s.variants.iter().all(|v| v.description.is_some()),
            "{file}: every variant says what it is"
        );
    }
}

#[test]
fn every_variant_of_every_shipped_scenario_validates_and_runs_to_sane_results() {
    let mut built = 0;
    for path in shipped() {
        let document = Document::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let base = document
            .build(&Edits::default())
            .unwrap_or_else(|e| panic!("{e}"));
        for v in &base.variants {
            let name = format!("{} --variant {}", path.display(), v.name);
            let s = document
                .build(&Edits {
                    variant: Some(v.name.clone()),
                    set: Vec::new(),
                })
                .unwrap_or_else(|e| panic!("{name}:\n{e}"));
            assert!(s.warnings.is_empty(), "{name}: {:?}", s.warnings);
            assert_sane(&Engine::new(s), &name);
            built += 1;
        }
    }
    assert!(
        built >= 6,
        "only {built} variants among the shipped scenarios"
    );
}

/// Issue 11, part 4: every step, role, component and data source of every
/// shipped plan, and of every variant it declares, says where its figures
/// came from (`source = "plan: '...'"` or `assumed = "..."`).
#[test]
fn every_input_of_every_shipped_plan_and_variant_carries_its_basis() {
    for path in shipped() {
        if path.ends_with("tests/fixtures/spec_example.toml") {
            continue; // the specification's own example, not a shipped plan
        }
        let document = Document::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let base = document
            .build(&Edits::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut versions = vec![(String::new(), base.clone())];
        for v in &base.variants {
            let s = document
                .build(&Edits {
                    variant: Some(v.name.clone()),
                    set: Vec::new(),
                })
                .unwrap_or_else(|e| panic!("{e}"));
            versions.push((format!(" --variant {}", v.name), s));
        }
        for (variant, s) in versions {
            let name = format!("{}{variant}", path.display());
            let mut missing = Vec::new();
            for r in s.roles.iter().filter(|r| r.basis.is_none()) {
                missing.push(format!("role {}", r.id));
            }
            for c in &s.components {
                if c.basis.is_none() {
                    missing.push(format!("component {}", c.id));
                }
                for d in c.sources.iter().filter(|d| d.basis.is_none()) {
                    missing.push(format!("data source {}.{}", c.id, d.name));
                }
            }
            for st in s.steps.iter().filter(|st| st.basis.is_none()) {
                missing.push(format!("step {}", st.id));
            }
            assert!(missing.is_empty(), "{name}: no basis for {missing:?}");
        }
    }
}

/// Runs 2,000 runs of a shipped plan and checks that the results are sane.
fn assert_sane(e: &Engine, name: &str) {
    let opts = RunOptions {
        iterations: 2000,
        seed: e.scenario().seed,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(e, &opts, &|_| {}).unwrap();
    let r = report::build(e.scenario(), &results, &opts);
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
