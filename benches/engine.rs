//! Runs per second: one simulated disaster on one thread (the hot path), and
//! a whole batch on all threads (the runner). `cargo bench`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use drsim::engine::{Engine, Workspace};
use drsim::runner::{self, RunOptions};
use drsim::scenario;

fn load(name: &str) -> Engine {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    Engine::new(scenario::load(&path).expect("shipped scenario"))
}

fn one_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate_one_run");
    group.throughput(Throughput::Elements(1));
    // example.toml uses none of issue 12's features (its cost shows they
    // cost nothing when unused); the fixture uses all of them.
    for name in [
        "proseware.toml",
        "azure-data-platform.toml",
        "example.toml",
        "../tests/fixtures/world.toml",
    ] {
        let engine = load(name);
        let mut ws = Workspace::default();
        let mut run = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                run += 1;
                black_box(runner::replay(&engine, 7, run, &mut ws).rto_secs)
            })
        });
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let engine = load("proseware.toml");
    let mut group = c.benchmark_group("runner_batch");
    let iterations = 100_000;
    group.throughput(Throughput::Elements(iterations));
    group.sample_size(10);
    for threads in [1, 2] {
        let opts = RunOptions {
            iterations,
            seed: 7,
            threads,
            chunk_runs: runner::DEFAULT_CHUNK_RUNS,
        };
        group.bench_function(format!("proseware_{threads}_threads"), |b| {
            b.iter(|| {
                black_box(
                    runner::run(&engine, &opts, &|_| {})
                        .expect("pool")
                        .steps
                        .len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, one_run, batch);
criterion_main!(benches);
