//! `drsim compare` (issue 10): plans simulated with common random numbers,
//! side by side, with paired differences against the first.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::path::Path;

use drsim::report::Exporter;
use drsim::report::compare::{Compared, compare};
use drsim::runner::{self, Column, RunOptions};
use drsim::stats::percentile_difference;

use crate::util::{drsim, engine, parse_page, repo_path};

const PLAN: &str = "[scenario]\nname = \"p\"\n[targets]\nrto = \"1h30m\"\n[components.app]\n\
    [[steps]]\nid = \"fix\"\nduration = { dist = \"uniform\", min = \"0s\", max = \"100m\" }\nrecovers = [\"app\"]\n";

fn drsim_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = drsim().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn compare_of_a_plan_with_itself_shows_exactly_no_difference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_path("scenarios/example.toml"),
        dir.path().join("a.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo_path("scenarios/example.toml"),
        dir.path().join("b.toml"),
    )
    .unwrap();
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2000",
            "--json",
            "c.json",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("SAME    plan 2: RTO p95 +0s [+0s to +0s]; RPO p95 +0s [+0s to +0s]"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    assert!(
        json["entries"][0]["diff"].is_null(),
        "the first is the reference"
    );
    let diff = &json["entries"][1]["diff"];
    assert_eq!(diff["rto_p95"]["estimate"], 0.0);
    assert_eq!(diff["rto_p95"]["ci"], serde_json::json!([0.0, 0.0]));
    assert_eq!(diff["p_meet_rto"]["estimate"], 0.0);
    assert_eq!(diff["verdict"], "unchanged");
}

#[test]
fn a_slower_plan_is_worse_and_fails_with_fail_if_worse() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b.toml"), PLAN.replace("100m", "120m")).unwrap();
    let (code, stdout) = drsim_in(dir.path(), &["compare", "a.toml", "b.toml", "-n", "2000"]);
    assert_eq!(
        code, 0,
        "without --fail-if-worse a worse plan is reported, not failed"
    );
    assert!(stdout.contains("WORSE   plan 2: RTO p95 +19m"), "{stdout}");
    let (code, _) = drsim_in(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2000",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 1);
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare",
            "b.toml",
            "a.toml",
            "-n",
            "2000",
            "--fail-if-worse",
        ],
    );
    assert_eq!(code, 0, "better is never a failure");
    assert!(stdout.contains("BETTER  plan 2"), "{stdout}");
}

/// With common random numbers, a step's uniform draw u gives 100m·u in one
/// plan and 120m·u in the other: run by run the second RTO is 1.2 times the
/// first, so the true difference of the p95 is 0.2 × 95m = 19m exactly.
#[test]
fn common_random_numbers_pair_runs_exactly() {
    let opts = RunOptions {
        iterations: 500,
        seed: 3,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let (ea, eb) = (engine(PLAN), engine(&PLAN.replace("100m", "120m")));
    let ra = runner::run(&ea, &opts, &|_| {}).unwrap();
    let rb = runner::run(&eb, &opts, &|_| {}).unwrap();
    let (a, b) = (
        ra.samples.column(Column::Rto),
        rb.samples.column(Column::Rto),
    );
    for (x, y) in a.iter().zip(b) {
        assert!((y - 1.2 * x).abs() <= 1e-9 * y.max(1.0), "{x} {y}");
    }
    let report_a = drsim::report::build(ea.scenario(), &ra, &opts);
    let report_b = drsim::report::build(eb.scenario(), &rb, &opts);
    let c = compare(
        &[
            Compared {
                report: &report_a,
                results: &ra,
            },
            Compared {
                report: &report_b,
                results: &rb,
            },
        ],
        0.02,
    );
    let text = drsim::report::CompareText(&c).render();
    assert!(text.contains("2 plans · 500 runs each · seed 3"), "{text}");
}

/// The paired interval covers the true difference at its nominal rate:
/// 200 independent samples of 500 runs with b = 1.2·a, a uniform on
/// 0–100 min; the true p95 difference is 19 min. Coverage of a 95 %
/// interval over 200 trials has sd √(0.95·0.05/200) ≈ 0.0154: it must be
/// at least 0.95 − 4·0.0154 ≈ 0.888.
#[test]
fn the_paired_interval_covers_the_true_difference_at_its_nominal_rate() {
    let truth = 0.2 * 95.0 * 60.0;
    let trials = 200;
    let mut covered = 0;
    for trial in 0..trials {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1000 + trial);
        let a: Vec<f64> = (0..500).map(|_| rng.random::<f64>() * 6000.0).collect();
        let b: Vec<f64> = a.iter().map(|x| 1.2 * x).collect();
        let d = percentile_difference(&a, &b, 95.0, trial);
        covered += usize::from(d.low <= truth && truth <= d.high);
    }
    let coverage = covered as f64 / trials as f64;
    let sd = (0.95f64 * 0.05 / trials as f64).sqrt();
    assert!(coverage >= 0.95 - 4.0 * sd, "coverage {coverage}");
}

#[test]
fn compare_charts_draw_every_plan_on_one_axis() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b.toml"), PLAN.replace("100m", "120m")).unwrap();
    let (code, _) = drsim_in(
        dir.path(),
        &[
            "compare", "a.toml", "b.toml", "-n", "300", "--charts", "c", "--quiet",
        ],
    );
    assert_eq!(code, 0);
    for name in ["rto-compare", "rpo-compare"] {
        let svg = std::fs::read_to_string(dir.path().join(format!("c/{name}.svg"))).unwrap();
        assert!(
            svg.contains("1. p: 300 runs") && svg.contains("2. p: 300 runs"),
            "{name}"
        );
        assert!(dir.path().join(format!("c/{name}.png")).exists());
    }
}

/// A plan whose name is markup: every page and document must escape it.
const HOSTILE: &str = "<script>alert('x')</script> & \"co\"";

/// The page is written, well-formed, in the review page's sections, with
/// both curves inline and every plan named, and the hostile name escaped.
#[test]
fn the_compare_page_shows_every_plan_and_both_charts_and_escapes_names() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = PLAN.replace("name = \"p\"", &format!("name = {HOSTILE:?}"));
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b&<c>.toml"), &hostile).unwrap();
    std::fs::write(dir.path().join("c.toml"), PLAN.replace("100m", "120m")).unwrap();
    let (code, _) = drsim_in(
        dir.path(),
        &[
            "compare",
            "a.toml",
            "b&<c>.toml",
            "c.toml",
            "-n",
            "500",
            "--quiet",
            "--html",
            "c.html",
        ],
    );
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(dir.path().join("c.html")).unwrap();
    let doc = parse_page(&html);
    assert_eq!(
        crate::util::section_ids(&doc),
        [
            "side-by-side",
            "differences",
            "charts",
            "how-to-read",
            "parameters"
        ]
    );
    let figures: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .filter(|n| n.children().any(|c| c.tag_name().name() == "svg"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(figures, ["rto-compare", "rpo-compare"]);
    // The hostile name is text, never markup, in the page and its charts.
    assert!(!html.contains("<script"), "markup from a name leaked");
    assert!(
        html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;co&quot;")
    );
    assert!(
        html.contains("<code>b&amp;&lt;c&gt;.toml</code>"),
        "the file, escaped"
    );
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    for plan in ["1. p", &format!("2. {HOSTILE}"), "3. p"] {
        assert!(text.contains(plan), "{plan} is named on the page");
    }
    assert!(text.contains("worse beyond noise"), "plan 3 is slower");
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "{attr}: the page is self-contained");
    }
}

/// The failures of the JUnit document: (case name, failure message).
fn junit_failures(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("the JUnit XML parses");
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "one suite");
    assert_eq!(suites[0].attribute("name"), Some("compare"));
    let failures: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|f| {
            let case = f.parent().and_then(|c| c.attribute("name")).unwrap_or("");
            (
                case.to_string(),
                f.attribute("message").unwrap_or("").to_string(),
            )
        })
        .collect();
    let declared: usize = suites[0].attribute("failures").unwrap().parse().unwrap();
    assert_eq!(declared, failures.len(), "the counts match the cases");
    failures
}

/// A case per plan after the first, failing exactly when `--fail-if-worse`
/// exits 1, with the differences and their intervals in the failure.
#[test]
fn compare_junit_fails_exactly_when_fail_if_worse_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("same.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("slow.toml"), PLAN.replace("100m", "120m")).unwrap();
    let cases: [(&[&str], usize); 3] = [
        (&["a.toml", "same.toml"], 0),
        (&["slow.toml", "a.toml"], 0),
        (&["a.toml", "same.toml", "slow.toml"], 1),
    ];
    for (files, worse) in cases {
        let mut args = vec!["compare"];
        args.extend(files);
        args.extend(["-n", "1000", "--junit", "j.xml", "--fail-if-worse"]);
        let (code, stdout) = drsim_in(dir.path(), &args);
        let xml = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
        let failures = junit_failures(&xml);
        assert_eq!(failures.len(), worse, "{files:?}\n{xml}");
        assert_eq!(code, i32::from(worse > 0), "{files:?}\n{stdout}");
        let tests = xml.matches("<testcase ").count();
        assert_eq!(tests, files.len() - 1, "a case per plan after the first");
    }
    let xml = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
    let (case, message) = &junit_failures(&xml)[0];
    assert_eq!(case, "3. p vs 1. p");
    assert_eq!(message, "3. p is worse than 1. p beyond the 2.0 % noise");
    assert!(
        xml.contains("RTO p95 +19m") && xml.contains("meets the RTO target -"),
        "the differences with their intervals: {xml}"
    );
}

/// `--html` and `--junit` are outputs like `--json`: never an input, and
/// only one of them on standard output, which then carries only it.
#[test]
fn compare_outputs_are_checked_and_one_can_go_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("b.toml"), PLAN).unwrap();
    let refused = |args: &[&str], why: &str| {
        let out = drsim()
            .current_dir(dir.path())
            .args(["compare", "a.toml", "b.toml", "-n", "200"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    };
    refused(&["--html", "b.toml"], "is an input of this command");
    refused(&["--junit", "a.toml"], "is an input of this command");
    refused(&["--html", "-", "--junit", "-"], "at most one output");
    refused(&["--html", "x", "--junit", "x"], "are the same file");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.toml")).unwrap(),
        PLAN
    );
    let (code, stdout) = drsim_in(
        dir.path(),
        &["compare", "a.toml", "b.toml", "-n", "200", "--junit", "-"],
    );
    assert_eq!(code, 0);
    assert!(stdout.starts_with("<?xml"), "only the JUnit: {stdout}");
    roxmltree::Document::parse(&stdout).expect("JUnit on stdout parses");
}

/// Plans with different targets: a row per target any plan states, each
/// plan judged by its own target, which is named where it differs from
/// the row's; a plan without the target shows none.
#[test]
fn plans_with_different_targets_are_each_judged_by_their_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), PLAN).unwrap();
    let stricter = PLAN
        .replace("rto = \"1h30m\"", "rto = \"1h\"")
        .replace("[components.app]", "[components.app]\nrto = \"2h\"");
    std::fs::write(dir.path().join("b.toml"), stricter).unwrap();
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare", "a.toml", "b.toml", "-n", "500", "--html", "c.html",
        ],
    );
    assert_eq!(code, 0);
    let row = |label: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}:\n{stdout}"))
            .to_string()
    };
    assert!(
        row("Meets RTO ≤ 1h30m (p95)").ends_with("FAIL (its target: ≤ 1h at p95)"),
        "{stdout}"
    );
    let component = row("Meets app RTO ≤ 2h (p95)");
    assert!(
        component.contains(" – ") && component.ends_with("PASS"),
        "{stdout}"
    );
    let html = std::fs::read_to_string(dir.path().join("c.html")).unwrap();
    assert!(html.contains("its target: ≤ 1h at p95"), "{html}");
    assert!(html.contains("no such target"));
}

#[test]
fn compare_variants_of_one_file_against_the_plan_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = format!(
        "{PLAN}[variants.same]\ndescription = \"changes nothing the runs use\"\nscenario.description = \"x\"\n\
         [variants.faster]\nsteps.fix.duration = {{ dist = \"uniform\", min = \"0s\", max = \"50m\" }}\n"
    );
    std::fs::write(dir.path().join("p.toml"), plan).unwrap();
    let (code, stdout) = drsim_in(
        dir.path(),
        &[
            "compare",
            "p.toml",
            "--variants",
            "-n",
            "4000",
            "--json",
            "-",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let entries = json["entries"].as_array().unwrap();
    let variants: Vec<&serde_json::Value> = entries.iter().map(|e| &e["variant"]).collect();
    assert_eq!(
        variants,
        [&serde_json::Value::Null, &"same".into(), &"faster".into()]
    );
    // A change no run uses: exactly zero, interval of width zero.
    assert_eq!(entries[1]["diff"]["rto_p95"]["estimate"], 0.0);
    assert_eq!(
        entries[1]["diff"]["rto_p95"]["ci"],
        serde_json::json!([0.0, 0.0])
    );
    // The fix drawn as U(0, 50m) from the same uniforms as U(0, 100m): every
    // run takes half as long, so the p95 halves exactly (95m → 47m30s, up to
    // the draw at that rank).
    let (a, b) = (
        entries[0]["rto"]["p95"].as_f64().unwrap(),
        entries[2]["rto"]["p95"].as_f64().unwrap(),
    );
    assert!((b - a / 2.0).abs() < 1e-6, "{a} {b}");
    let (code, text) = drsim_in(
        dir.path(),
        &["compare", "p.toml", "--variants", "faster", "-n", "1000"],
    );
    assert_eq!(code, 0);
    assert!(
        text.contains("1. as written") && text.contains("2. faster"),
        "{text}"
    );
    let (code, _) = drsim_in(dir.path(), &["compare", "p.toml", "--variants", "nope"]);
    assert_eq!(code, 2);
    let (code, _) = drsim_in(dir.path(), &["compare", "p.toml"]);
    assert_eq!(code, 2);
}
