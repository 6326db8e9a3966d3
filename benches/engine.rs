//! Runs per second: one simulated disaster on one thread (the hot path), a
//! whole batch (the runner), and the `drsim run` a user waits for, end to
//! end. `cargo bench --bench engine`.

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

/// What a user waits for: `drsim run scenarios/proseware.toml
/// --iterations 1000000 --quiet --json FILE`, the process end to end
/// (reading, simulating, the statistics, writing the JSON), on one
/// thread and on two. Peak memory is measured apart (BENCHMARKS.md).
fn end_to_end(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = dir.path().join("out.json");
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000_000));
    for threads in ["1", "2"] {
        group.bench_function(format!("run_proseware_1m_{threads}_threads"), |b| {
            b.iter(|| {
                let status = std::process::Command::new(env!("CARGO_BIN_EXE_drsim"))
                    .current_dir(root)
                    .args(["run", "scenarios/proseware.toml", "--iterations", "1000000"])
                    .args(["--quiet", "--threads", threads, "--json"])
                    .arg(&json)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("drsim runs");
                assert!(status.success(), "drsim run failed: {status}");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, one_run, batch, end_to_end);
criterion_main!(benches);
