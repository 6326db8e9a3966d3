//! Any bytes as a scenario file: parsing and checking must return an error
//! or a scenario, never panic or hang; a scenario that checks must simulate
//! a few runs and report without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = drsim::scenario::parse(text, "fuzz.toml") else {
        return;
    };
    // Keep each input quick: bounded sizes only.
    if scenario.steps.len() > 200
        || scenario
            .roles
            .iter()
            .map(|r| r.count as usize)
            .sum::<usize>()
            > 1000
    {
        return;
    }
    let engine = drsim::engine::Engine::new(scenario);
    let options = drsim::runner::RunOptions {
        iterations: 20,
        seed: 1,
        threads: 1,
        chunk_runs: 8,
    };
    let Ok(results) = drsim::runner::run(&engine, &options, &|_| {}) else {
        return;
    };
    use drsim::report::Exporter;
    let report = drsim::report::build(engine.scenario(), &results, &options);
    let _ = drsim::report::Json::One(&report).render();
    let summary = drsim::report::TextSummary {
        report: &report,
        info: drsim::report::RunInfo {
            threads: 1,
            elapsed_secs: 0.1,
        },
    };
    let _ = summary.render();
});
