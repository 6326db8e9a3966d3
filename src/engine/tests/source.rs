//! The data source of each recovery against the walk along the
//! fallbacks it replaces, on a plan whose chains merge, whose components
//! have several recovering steps, and whose steps fall back in some runs
//! and not in others.

use super::*;
use crate::engine::source::ChainEnds;

const CHAINS: &str = r#"
[scenario]
name = "chains"
[components.db.data]
fast = { lag = "1m" }
mid = { lag = "1h" }
slow = { lag = "1d" }
[components.cache.data]
fast = { lag = "1m" }
mid = { lag = "1h" }
slow = { lag = "1d" }
[components.files.data]
fast = { lag = "1m" }
mid = { lag = "1h" }
slow = { lag = "1d" }
[components.web]
[[steps]]
id = "promote"
duration = "5m"
recovers = ["db", "cache"]
from = "fast"
failure = { probability = 0.5, retries = 1, fallback = "restore" }
[[steps]]
id = "restore"
fallback_only = true
duration = "1h"
recovers = ["db"]
from = "mid"
failure = { probability = 0.5, fallback = "rebuild" }
[[steps]]
id = "rebuild"
fallback_only = true
duration = "2h"
recovers = ["db", "cache", "files"]
from = "slow"
[[steps]]
id = "sync"
duration = "10m"
recovers = ["files"]
from = "fast"
failure = { probability = 0.6, fallback = "restore" }
[[steps]]
id = "copy"
duration = "10m"
recovers = ["cache"]
from = "mid"
failure = { probability = 0.5, fallback = "rebuild" }
[[steps]]
id = "deploy"
after = ["db"]
duration = "5m"
recovers = ["web"]
"#;

/// The walk the [`crate::engine::source::Sources`] replace: along the fallbacks
/// `step` took, the deepest that recovers `c` decides.
fn walked_source(e: &Engine, run: &Run, step: usize, c: usize) -> Option<usize> {
    let steps = &e.scenario().steps;
    let source_of = |i: usize| {
        steps[i]
            .recovers
            .iter()
            .find(|r| r.component == c)
            .map(|r| r.source)
    };
    let mut source = source_of(step).flatten();
    let mut current = step;
    while run.steps[current].fell_back {
        let Some(next) = steps[current].failure.and_then(|f| f.fallback) else {
            break;
        };
        if let Some(s) = source_of(next) {
            source = s;
        }
        current = next;
    }
    source
}

#[test]
fn each_recovery_uses_the_source_of_the_deepest_fallback_taken() {
    let e = engine(CHAINS);
    let n_components = e.scenario().components.len();
    let mut ws = Workspace::default();
    let mut ends = ChainEnds::default();
    // Per component, per source: runs that used it.
    let mut used = vec![[0u32; 3]; n_components];
    for seed in 0..2000 {
        let run = simulate(&e, &mut ws, seed);
        ends.reset();
        for (c, comp) in run.components.iter().enumerate() {
            let Some(step) = comp.source_step else {
                continue;
            };
            let want = walked_source(&e, &run, step as usize, c);
            let got = e.plan.sources.effective(run.steps, &mut ends, step, c);
            assert_eq!(got, want, "run {seed}, component {c}");
            if let Some(source) = got {
                used[c][source] += 1;
            }
        }
    }
    // Each source a recovery of the component can use is used in some runs
    // (no step recovers files from `mid`; web has no data).
    let usable = [[true; 3], [true; 3], [true, false, true], [false; 3]];
    for (c, sources) in usable.iter().enumerate() {
        let used: Vec<bool> = used[c].iter().map(|&runs| runs > 0).collect();
        assert_eq!(used, sources, "component {c}");
    }
}
