//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

use drsim::engine::Engine;
use drsim::runner::{self, Results, RunOptions};
use drsim::scenario;

/// Path of a file in the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A checked scenario from TOML text; panics with the error if invalid.
pub fn engine(toml: &str) -> Engine {
    match scenario::parse(toml, "test.toml") {
        Ok(s) => Engine::new(s),
        Err(e) => panic!("test scenario invalid:\n{e}"),
    }
}

/// Runs `iterations` runs with `seed` on two threads.
pub fn simulate(engine: &Engine, iterations: u64, seed: u64) -> Results {
    let opts = RunOptions {
        iterations,
        seed,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    runner::run(engine, &opts, &|_| {}).expect("thread pool")
}

/// Mean of a column.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The `drsim` binary, with a timeout so that a hang fails the test
/// instead of stalling the suite.
pub fn drsim() -> Command {
    let mut cmd = Command::cargo_bin("drsim").expect("the drsim binary is built");
    cmd.timeout(Duration::from_secs(120));
    cmd
}

/// Asserts that a drsim run exited 0, showing what it printed on
/// standard error (after `what`, when given) if it did not.
pub fn assert_succeeded(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = if what.is_empty() {
        String::new()
    } else {
        format!("{what}: ")
    };
    assert_eq!(out.status.code(), Some(0), "{prefix}{stderr}");
}

/// An HTML page drsim wrote, parsed: its pages are well-formed (XHTML-
/// compatible), so any parser reads them; panics when one is not.
pub fn parse_page(html: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("the page is well-formed")
}

/// The ids of a page's sections, in page order.
pub fn section_ids<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("section"))
        .filter_map(|n| n.attribute("id"))
        .collect()
}

/// A FIFO at `path`, or `None` (with a note) where `mkfifo` is missing.
pub fn mkfifo(path: &Path) -> Option<()> {
    match std::process::Command::new("mkfifo").arg(path).status() {
        Ok(status) if status.success() => Some(()),
        _ => {
            eprintln!("note: mkfifo is not available here; FIFO test skipped");
            None
        }
    }
}
