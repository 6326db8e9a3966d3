//! No input, however malformed, panics or hangs: property tests over
//! arbitrary text and over mutations of real scenarios, and scenarios far
//! larger than any plan.

use proptest::prelude::*;

use drsim::engine::Workspace;
use drsim::runner::replay;
use drsim::scenario;

use crate::util::{engine, repo_path};

fn example() -> String {
    std::fs::read_to_string(repo_path("scenarios/example.toml")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_an_error_not_a_panic(text in "\\PC{0,400}") {
        let _ = scenario::parse(&text, "fuzz.toml");
    }

    #[test]
    fn mutated_scenarios_parse_or_fail_cleanly_and_simulate(
        edits in prop::collection::vec((0usize..4000, 0usize..3, "[a-z0-9\"=\\[\\]{}., _-]{0,6}"), 1..4)
    ) {
        let mut text = example();
        for (at, kind, insert) in edits {
            let at = text.char_indices().map(|(i, _)| i).nth(at % text.chars().count()).unwrap_or(0);
            let mut end = (at + insert.len()).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            match kind {
                0 => text.insert_str(at, &insert),
                1 => text.replace_range(at..end, ""),
                _ => text.insert_str(at, &insert.repeat(3)),
            }
        }
        if let Ok(s) = scenario::parse(&text, "mutated.toml") {
            let e = drsim::engine::Engine::new(s);
            let mut ws = Workspace::default();
            for run in 0..20 {
                let r = replay(&e, 1, run, &mut ws);
                prop_assert!(!r.rto_secs.is_nan() && r.rto_secs >= 0.0);
                prop_assert!(!r.rpo_secs.is_nan() && r.rpo_secs >= 0.0);
            }
        }
    }
}

#[test]
fn long_chains_of_fallbacks_and_dependencies_do_not_overflow_the_stack() {
    // 20 000 steps falling back one to the next and 20 000 components each
    // depending on the previous: propagation must not recurse per link.
    let n = 20_000;
    let mut toml = String::from("[scenario]\nname = \"long\"\n[roles]\nops = 1\n");
    for i in 0..n {
        toml += &format!("[components.c{i}]\n");
        if i > 0 {
            toml += &format!("depends_on = [\"c{}\"]\n", i - 1);
        }
    }
    for i in 0..n {
        toml += &format!(
            "[[steps]]\nid = \"s{i}\"\nrole = \"ops\"\nduration = \"1m\"\nrecovers = [\"c{i}\"]\n"
        );
        if i + 1 < n {
            toml += &format!(
                "failure = {{ probability = 0.5, fallback = \"s{}\" }}\n",
                i + 1
            );
        }
    }
    let e = engine(&toml);
    let mut ws = Workspace::default();
    let run = replay(&e, 3, 0, &mut ws);
    // One unit serves every step once, a minute each.
    assert_eq!(run.rto_secs, n as f64 * 60.0);
}
