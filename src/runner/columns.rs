//! A lighter simulation: only the per-run columns asked for, no tallies,
//! no tail, no per-step times — what measuring many variants of a plan
//! needs (`drsim advise` keeps two to a few columns per variant). The runs
//! are the same as [`super::run`]'s: each depends only on (seed, run).

use rayon::prelude::*;

use super::{Column, PerRun, chunk_columns};
use crate::engine::{Engine, Figures, RunKey, Workspace};

/// Simulates `iterations` runs with `seed`, in chunks of `chunk_runs` in
/// the current rayon pool, and keeps `columns`: item *k* of the result is
/// `columns[k]` over every run, in run order. The values do not depend on
/// the pool's threads nor on `chunk_runs`.
pub fn run_columns(
    engine: &Engine,
    seed: u64,
    iterations: u64,
    columns: &[Column],
    chunk_runs: usize,
) -> PerRun<f64> {
    let runs = iterations as usize;
    let chunk_runs = chunk_runs.max(1);
    let mut values = vec![0.0; runs * columns.len()];
    let mut chunks = chunk_columns(&mut values, runs, chunk_runs);
    if columns.is_empty() {
        chunks.clear();
    }
    chunks.into_par_iter().enumerate().for_each_init(
        Workspace::default,
        |ws, (chunk, mut parts)| {
            let first = (chunk * chunk_runs) as u64;
            for k in 0..parts[0].len() {
                let run = engine.simulate_figures(
                    ws,
                    RunKey {
                        seed,
                        run: first + k as u64,
                    },
                );
                for (part, column) in parts.iter_mut().zip(columns) {
                    part[k] = value(&run, *column);
                }
            }
        },
    );
    PerRun { runs, values }
}

/// The value of `column` in `run`.
fn value(run: &Figures, column: Column) -> f64 {
    match column {
        Column::Rto => run.rto_secs,
        Column::Rpo => run.rpo_secs,
        Column::Makespan => run.makespan_secs,
        Column::ComponentRto(c) => run.components[c].rto_secs,
        Column::ComponentRpo(c) => run.components[c].rpo_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::{RunOptions, run};
    use crate::scenario;

    #[test]
    fn the_columns_are_those_of_a_full_simulation_for_any_chunking() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/example.toml"
        ))
        .unwrap();
        let engine = Engine::new(scenario::parse(&text, "example.toml").unwrap());
        let opts = RunOptions {
            iterations: 3000,
            seed: 5,
            threads: 2,
            chunk_runs: 1024,
        };
        let full = run(&engine, &opts, &|_| {}).unwrap();
        let wanted = [Column::Rpo, Column::ComponentRto(1), Column::Rto];
        for chunk_runs in [1, 700, 4096] {
            let light = run_columns(&engine, 5, 3000, &wanted, chunk_runs);
            for (k, column) in wanted.iter().enumerate() {
                let same = light
                    .column(k)
                    .iter()
                    .zip(full.samples.column(*column))
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{column:?} with chunks of {chunk_runs}");
            }
        }
        assert!(run_columns(&engine, 5, 10, &[], 4).values.is_empty());
    }
}
