//! End to end: the HTML pages (the review report, the comparison) open in
//! headless Chromium, render to a screenshot, and log no console error.
//!
//! Needs Chromium (`chromium`, Debian's package; `.ci/run` installs it).
//! Without it the test says so and passes, unless DRSIM_REQUIRE_BROWSER=1
//! (set by `.ci/run`), when a missing browser fails it.

use std::path::{Path, PathBuf};

use crate::util::{drsim, repo_path};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn screenshot(browser: &Path, page: &Path, shot: &Path, profile: &Path) -> std::process::Output {
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1100,3000",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts")
}

/// The browser, or `None` (with a note) when there is none and none is
/// required.
fn browser_or_skip() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        let required = std::env::var("DRSIM_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "DRSIM_REQUIRE_BROWSER=1 but no chromium on PATH: apt-get install chromium"
        );
        eprintln!(
            "note: chromium not found; skipping the browser test (install Debian's chromium to run it)"
        );
    }
    browser
}

/// Asserts that `page` renders in `browser` without console errors, to a
/// screenshot that is not blank.
fn assert_renders(browser: &Path, page: &Path, dir: &Path) {
    let shot = dir.join("shot.png");
    let profile = dir.join("profile");
    let out = screenshot(browser, page, &shot, &profile);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {log}");
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    let png = std::fs::read(&shot).expect("a screenshot was written");
    let image = image::load_from_memory(&png).expect("the screenshot is a PNG");
    assert_eq!((image.width(), image.height()), (1100, 3000));
    // The page is not blank: the screenshot has many distinct colours (text, charts).
    let rgb = image.to_rgb8();
    let mut colours: Vec<[u8; 3]> = rgb.pixels().step_by(97).map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 20,
        "the page looks blank ({} colours)",
        colours.len()
    );
}

/// Writes a page with `drsim ARGS… -n 2000 --quiet OPTION PAGE` in the
/// project root and asserts that it renders.
fn assert_page_renders(args: &[&str], option: &str) {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    drsim()
        .current_dir(repo_path(""))
        .args(args)
        .args(["-n", "2000", "--quiet", option])
        .arg(&page)
        .assert()
        .success();
    assert_renders(&browser, &page, dir.path());
}

#[test]
fn the_review_report_renders_in_headless_chromium_without_console_errors() {
    assert_page_renders(&["report", "scenarios/example.toml"], "-o");
}

#[test]
fn the_compare_page_renders_in_headless_chromium_without_console_errors() {
    assert_page_renders(
        &[
            "compare",
            "scenarios/example.toml",
            "scenarios/example-failing.toml",
        ],
        "--html",
    );
}
