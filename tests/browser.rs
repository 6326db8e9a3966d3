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

/// Checks the layout of the page it is added to, once loaded, and writes
/// what is wrong as JSON into `<pre id="layout">`: a cell whose content
/// overflows it, a number cell (any but the first column) that wraps
/// ("100.0 / %"), a page wider than the window, a chart's text outside
/// its chart (a clipped label).
const LAYOUT_CHECK: &str = r#"<script>
window.addEventListener('load', () => {
  const problems = [];
  const text = el => el.textContent.trim().replace(/\s+/g, ' ');
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push('overflowing cell: ' + text(cell));
    // Number cells stay on one line; the Inputs tables' prose (a basis,
    // a distribution in words) wraps as text does.
    if (cell.tagName === 'TD' && cell.cellIndex > 0 && !cell.closest('#inputs')) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) problems.push('wrapped cell: ' + text(cell));
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push('page wider than the window: ' + document.documentElement.scrollWidth);
  }
  for (const svg of document.querySelectorAll('figure svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push('clipped label in ' + svg.closest('figure').id + ': ' + text(t));
      }
    }
  }
  const out = document.createElement('pre');
  out.id = 'layout';
  out.textContent = JSON.stringify(problems);
  document.body.appendChild(out);
});
</script>"#;

/// The layout problems headless Chromium finds in `page` (with
/// [`LAYOUT_CHECK`] added to a copy of it).
fn layout_problems(browser: &Path, page: &Path, dir: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    let checked = dir.join("checked.html");
    std::fs::write(
        &checked,
        html.replace("</body>", &format!("{LAYOUT_CHECK}</body>")),
    )
    .unwrap();
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--window-size=1100,3000",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("file://{}", checked.display()))
        .output()
        .expect("chromium starts");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<pre id=\"layout\">")
        .unwrap_or_else(|| panic!("the check ran: {}", String::from_utf8_lossy(&out.stderr)));
    let json = &dom[start + "<pre id=\"layout\">".len()..];
    let json = &json[..json.find("</pre>").unwrap()];
    let json = json
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn issue_11_the_review_page_has_no_overflowing_cell_wrapped_number_or_clipped_label() {
    // The "Critical" cell of the step table wrapped "100.0 / %"; the
    // tornado's axis description ran off its chart. Issue 12: the tables
    // and charts of a plan split by time of week and condition, too.
    let Some(browser) = browser_or_skip() else {
        return;
    };
    for scenario in [
        "scenarios/azure-data-platform.toml",
        "scenarios/proseware.toml",
        "scenarios/example.toml",
        "tests/fixtures/world.toml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html");
        drsim()
            .current_dir(repo_path(""))
            .args(["report", scenario, "-n", "2000", "--quiet", "-o"])
            .arg(&page)
            .assert()
            .success();
        let problems = layout_problems(&browser, &page, dir.path());
        assert!(problems.is_empty(), "{scenario}: {problems:#?}");
    }
}
