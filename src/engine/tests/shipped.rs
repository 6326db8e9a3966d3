//! On every shipped scenario: the engine's marks equal the walk's over
//! the finished run, and timelines hold every attempt once, bars in order.

use super::*;
use crate::engine::walk::LinkKind;

/// Every shipped scenario and the specification's example.
fn shipped() -> Vec<(String, Engine)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/spec_example.toml"));
    files
        .into_iter()
        .map(|f| {
            let s = scenario::load(&f).unwrap_or_else(|e| panic!("{e}"));
            (f.display().to_string(), Engine::new(s))
        })
        .collect()
}

#[test]
fn the_engines_marks_and_the_timelines_agree_in_every_shipped_scenario() {
    let mut ws = Workspace::default();
    for (file, e) in shipped() {
        for i in 0..300 {
            let run = simulate(&e, &mut ws, i);
            let t = e.timeline(&run);
            let mut marked = vec![false; run.steps.len()];
            for st in &t.steps {
                marked[st.step] = st.critical;
                for p in &st.path {
                    assert!(st.critical, "{file}: run {i}: a path step is critical");
                    assert!(p.span.end_secs > p.span.start_secs);
                }
            }
            let engine: Vec<bool> = run.steps.iter().map(|s| s.critical).collect();
            assert_eq!(marked, engine, "{file}: run {i}");
            // The roles whose wait lies on the path, read the same way.
            let mut binding = vec![false; run.roles.len()];
            for link in links(&run)
                .iter()
                .filter(|l| matches!(l.kind, LinkKind::Wait { .. }))
            {
                let role = e.scenario().steps[link.step as usize].role;
                binding[role.expect("only steps with a role wait")] = true;
            }
            let engine: Vec<bool> = run.roles.iter().map(|r| r.binding).collect();
            assert_eq!(binding, engine, "{file}: run {i}");
        }
    }
}

#[test]
fn the_path_the_run_keeps_is_the_walk_over_the_finished_run() {
    let mut ws = Workspace::default();
    for (file, e) in shipped() {
        for i in 0..300 {
            let run = simulate(&e, &mut ws, i);
            let walked: Vec<Segment> = links(&run)
                .into_iter()
                .filter_map(|link| crate::engine::path::segment(run.attempts, link))
                .collect();
            assert_eq!(run.path, walked.as_slice(), "{file}: run {i}");
            let mut copied = vec![];
            e.critical_path(&run, &mut copied);
            assert_eq!(copied, walked, "{file}: run {i}");
            if run.rto_secs.is_finite() && run.rto_secs > 0.0 {
                assert!(!walked.is_empty(), "{file}: run {i} has a path");
            }
        }
    }
}

#[test]
fn timeline_bars_follow_each_other_and_attempts_are_all_there() {
    let mut ws = Workspace::default();
    for (file, e) in shipped() {
        for i in 0..300 {
            let run = simulate(&e, &mut ws, i);
            let t = e.timeline(&run);
            let mut orders: Vec<usize> = Vec::new();
            for st in &t.steps {
                for pair in st.bars.windows(2) {
                    assert!(pair[0].span.end_secs <= pair[1].span.start_secs, "{file}");
                }
                let work = st.bars.iter().filter(|b| {
                    !matches!(
                        b.kind,
                        BarKind::Engaging | BarKind::Waiting | BarKind::RetryDelay
                    )
                });
                assert_eq!(work.count(), st.attempts.len(), "{file}: run {i}");
                orders.extend(st.attempts.iter().map(|a| a.order));
            }
            orders.sort_unstable();
            let all: Vec<usize> = (0..orders.len()).collect();
            assert_eq!(orders, all, "{file}: run {i}: each attempt once");
        }
    }
}
