//! The parts of a simulation on their own (issue 13, "measure first"):
//! each distribution's sampler, and the statistics pass that turns a
//! batch of runs into the report. `cargo bench --bench parts`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use std::hint::black_box;

use drsim::dist::Dist;
use drsim::engine::Engine;
use drsim::report;
use drsim::runner::{self, RunOptions};
use drsim::scenario;

const M: f64 = 60.0;

/// One of each distribution a scenario can state, with typical parameters.
fn distributions() -> Vec<(&'static str, Dist)> {
    vec![
        ("fixed", Dist::fixed(10.0 * M)),
        ("uniform", Dist::uniform(5.0 * M, 30.0 * M).unwrap()),
        (
            "triangular",
            Dist::triangular(10.0 * M, 20.0 * M, 60.0 * M).unwrap(),
        ),
        (
            "pert",
            Dist::pert(5.0 * M, 10.0 * M, 30.0 * M, None).unwrap(),
        ),
        ("normal", Dist::normal(30.0 * M, 10.0 * M).unwrap()),
        ("lognormal", Dist::lognormal(5.0 * M, 15.0 * M).unwrap()),
        ("exponential", Dist::exponential(20.0 * M).unwrap()),
        ("weibull", Dist::weibull(1.5, 30.0 * M).unwrap()),
        (
            "empirical",
            Dist::empirical(vec![20.0 * M, 35.0 * M, 25.0 * M, 60.0 * M]).unwrap(),
        ),
        (
            "choice",
            Dist::choice(vec![10.0 * M, 60.0 * M, 240.0 * M], vec![0.7, 0.2, 0.1]).unwrap(),
        ),
    ]
}

fn samplers(c: &mut Criterion) {
    let mut group = c.benchmark_group("sample");
    group.throughput(Throughput::Elements(1));
    for (name, dist) in distributions() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        group.bench_function(name, |b| b.iter(|| black_box(dist.sample(&mut rng))));
    }
    group.finish();
    // The inverse CDFs a correlation group maps its uniforms through.
    let mut group = c.benchmark_group("from_uniform");
    group.throughput(Throughput::Elements(1));
    for (name, dist) in distributions() {
        let mut u = 0.123_456_789_f64;
        group.bench_function(name, |b| {
            b.iter(|| {
                u = (u + 0.618_033_988_749_895) % 1.0;
                black_box(dist.from_uniform(u))
            })
        });
    }
    group.finish();
}

/// The statistics pass on its own — percentiles, criticality, rank
/// correlations, splits by risk, fallback, time of week and condition —
/// over 1,000,000 Proseware runs, on one thread and on two.
fn statistics(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/proseware.toml");
    let engine = Engine::new(scenario::load(&path).expect("shipped scenario"));
    let mut group = c.benchmark_group("statistics");
    group.sample_size(10);
    let iterations = 1_000_000;
    group.throughput(Throughput::Elements(iterations));
    let results = runner::run(
        &engine,
        &RunOptions {
            iterations,
            seed: 7,
            threads: 0,
            chunk_runs: runner::DEFAULT_CHUNK_RUNS,
        },
        &|_| {},
    )
    .expect("pool");
    for threads in [1, 2] {
        let opts = RunOptions {
            iterations,
            seed: 7,
            threads,
            chunk_runs: runner::DEFAULT_CHUNK_RUNS,
        };
        let pool = runner::pool(&opts).expect("pool");
        group.bench_function(
            format!("report_build_proseware_1m_{threads}_threads"),
            |b| {
                // A fresh copy each time (not timed): the overall columns are
                // sorted once, on first use, and kept.
                b.iter_batched(
                    || results.clone(),
                    |fresh| {
                        pool.install(|| {
                            black_box(report::build(engine.scenario(), &fresh, &opts).rto.p95)
                        })
                    },
                    BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, samplers, statistics);
criterion_main!(benches);
