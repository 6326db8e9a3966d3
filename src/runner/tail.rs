//! The tail pass: after all runs, the runs whose RTO is at or beyond the
//! target percentile are replayed (each depends only on its index) and
//! their critical paths decomposed by step and activity.

use rayon::prelude::*;

use super::results::{Column, Samples, Tail};
use crate::engine::{ACTIVITIES, Engine, RunKey, Workspace};
use crate::stats::FixedSum;

/// Replays the tail runs and sums their critical paths.
pub(super) fn tail(
    engine: &Engine,
    seed: u64,
    samples: &Samples,
    percentile: f64,
    chunk_runs: usize,
) -> Tail {
    let n_steps = engine.scenario().steps.len();
    // The nearest-rank percentile of the RTO (the report reads the same
    // sorted column, sorted from the order its ranks and splits use).
    samples.order(Column::Rto);
    let limit = samples.sorted(Column::Rto).percentile(percentile);
    let rto = samples.column(Column::Rto);
    let tail_runs: Vec<u64> = (0..rto.len() as u64)
        .into_par_iter()
        .filter(|&i| rto[i as usize] >= limit)
        .collect();
    let parts: Vec<Tail> = tail_runs
        .par_chunks(chunk_runs.max(1))
        .map_init(Workspace::default, |ws, runs| {
            let mut part = empty(n_steps);
            for &i in runs {
                let run = engine.simulate(ws, RunKey { seed, run: i });
                if !run.rto_secs.is_finite() {
                    part.unrecovered += 1;
                    continue;
                }
                part.runs += 1;
                for seg in run.path {
                    part.steps[seg.step as usize][seg.activity.index()]
                        .add(seg.end_secs - seg.start_secs);
                }
            }
            part
        })
        .collect();
    let mut total = empty(n_steps);
    total.threshold_bits = limit.to_bits();
    for p in &parts {
        total.runs += p.runs;
        total.unrecovered += p.unrecovered;
        for (a, b) in total.steps.iter_mut().zip(&p.steps) {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
    }
    total
}

fn empty(n_steps: usize) -> Tail {
    Tail {
        threshold_bits: 0,
        runs: 0,
        unrecovered: 0,
        steps: vec![[FixedSum::default(); ACTIVITIES]; n_steps],
    }
}
