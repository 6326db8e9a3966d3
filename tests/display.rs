//! Issue 11, part 5: what the summary and charts say. Each test names the
//! complaint it answers and fails on the output before the fix.

use std::path::Path;

use drsim::format::{percent, runs_of};

use crate::util::drsim;

/// Writes `toml` as `plan.toml` in `dir`; returns its path.
fn plan(dir: &Path, toml: &str) -> std::path::PathBuf {
    let path = dir.join("plan.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// `drsim ARGS…` in `dir`: its exit code, stdout and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = drsim().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A plan whose one step gives up without a fallback in 1 run in 2,000:
/// about 10 of 20,000 runs never recover.
const RARELY_UNRECOVERED: &str = r#"
[scenario]
name = "Rarely unrecovered"
iterations = 20000
seed = 11

[targets]
rto = "3h"

[components.app]

[[steps]]
id = "restore"
name = "Restore the application"
duration = { dist = "uniform", min = "1h", max = "2h" }
failure = { probability = 0.0005 }
recovers = ["app"]
"#;

#[test]
fn issue_11_the_mean_over_recovered_runs_and_the_share_never_recovered_read_the_same_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    plan(dir.path(), RARELY_UNRECOVERED);
    let (code, text, _) = run_in(
        dir.path(),
        &[
            "run",
            "plan.toml",
            "--json",
            "r.json",
            "--html",
            "r.html",
            "--charts",
            "charts",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    let never = json["unrecovered"].as_f64().unwrap();
    assert!(never > 0.0 && never < 0.002, "{never}");
    // The JSON keeps "never" for the mean of all runs and adds the mean of
    // the runs that recovered, between 1 h and 2 h.
    assert_eq!(json["rto"]["mean"], "never");
    let mean = json["rto"]["mean_recovered"].as_f64().unwrap();
    assert!((3600.0..7200.0).contains(&mean), "{mean}");
    assert_eq!(json["rto"]["never"].as_f64().unwrap(), never);
    let mean_cell = format!("{}*", drsim::format::format_secs(mean));
    let share = percent(never);
    assert_ne!(share, "0.0 %");
    let count = runs_of(never, 20_000);
    // The text summary: the mean of the recovered runs, marked and explained.
    let rto_row = text.lines().find(|l| l.starts_with("RTO ")).unwrap();
    assert!(rto_row.contains(&mean_cell), "{rto_row}");
    assert!(
        text.contains("* RTO mean of the") && text.contains(&count),
        "{text}"
    );
    assert!(
        text.contains(&format!("Unrecovered: {share} of runs ({count})")),
        "{text}"
    );
    // The page says the same.
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        html.contains(&format!("<td>{mean_cell}</td>")),
        "the page's mean"
    );
    assert!(html.contains(&format!("never recovered: {share} of runs ({count})")));
    // And the chart.
    let svg = std::fs::read_to_string(dir.path().join("charts/rto-distribution.svg")).unwrap();
    assert!(
        svg.contains(&format!("never: {share}")),
        "the chart's bar label"
    );
}

#[test]
fn issue_11_run_quiet_prints_one_verdict_line_per_target() {
    // It printed nothing at all, though its help promises the shortest report.
    let root = crate::util::repo_path("");
    let (code, stdout, stderr) = run_in(
        &root,
        &[
            "run",
            "scenarios/example-failing.toml",
            "-n",
            "2000",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    // Three targets: the RTO (missed on purpose), the RPO, orders_db's RPO.
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("FAIL  RTO ≤ 2h  "), "{stdout}");
    assert!(lines[1].starts_with("PASS  RPO ≤ 5m  "), "{stdout}");
    assert!(
        lines[2].starts_with("PASS  orders_db RPO ≤ 5m  "),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.contains(" p95 ") && l.contains("meets "))
    );
    // With standard output taken by an output, the verdicts go to stderr
    // (as check's do); with --trace, only the trace is printed.
    let (_, stdout, stderr) = run_in(
        &root,
        &[
            "run",
            "scenarios/example.toml",
            "-n",
            "500",
            "-q",
            "--json",
            "-",
        ],
    );
    assert!(
        stdout.starts_with('{') && stderr.starts_with("PASS  RTO"),
        "{stderr}"
    );
    let (_, stdout, _) = run_in(
        &root,
        &[
            "run",
            "scenarios/example.toml",
            "-n",
            "500",
            "-q",
            "--trace",
            "p95",
        ],
    );
    assert!(stdout.starts_with("Run "), "{stdout}");
    // A plan without targets says so, with its p95s.
    let dir = tempfile::tempdir().unwrap();
    plan(
        dir.path(),
        "[scenario]\nname = \"t\"\n[components.a]\n[[steps]]\nid = \"s\"\nduration = \"1h\"\nrecovers = [\"a\"]\n",
    );
    let (_, stdout, _) = run_in(dir.path(), &["run", "plan.toml", "-n", "100", "-q"]);
    assert_eq!(stdout, "no targets  RTO p95 1h · RPO p95 0s\n");
}

#[test]
fn issue_11_recovered_last_on_a_tie_names_the_service_not_its_data_store() {
    // One step brings back the shop and its database at the same instant:
    // the database (declared first) was named.
    let dir = tempfile::tempdir().unwrap();
    plan(
        dir.path(),
        r#"
[scenario]
name = "Tie"
[components.orders_db.data.replica]
lag = "30s"
[components.shop]
[components.shop_api]
depends_on = ["orders_db"]
[[steps]]
id = "fail_over"
duration = { dist = "uniform", min = "10m", max = "20m" }
recovers = ["orders_db", "shop"]
[[steps]]
id = "start_api"
duration = "5m"
recovers = ["shop_api"]
"#,
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["run", "plan.toml", "-n", "2000"]);
    assert_eq!(code, 0, "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.contains("Recovered last:"))
        .unwrap();
    // The shop, its database and the API (which waits for the database)
    // come back at one instant: the API, downstream of the database, is
    // named; without it, the shop before its database.
    assert_eq!(line.trim(), "Recovered last: shop_api 100.0 %");
    let (_, json, _) = run_in(
        dir.path(),
        &["run", "plan.toml", "-n", "2000", "--json", "-"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let last = |c: &str| json["components"][c]["last_recovered"].as_f64().unwrap();
    assert_eq!(last("orders_db"), 0.0);
    assert_eq!(last("shop_api"), 1.0);
    std::fs::write(
        dir.path().join("plan.toml"),
        std::fs::read_to_string(dir.path().join("plan.toml"))
            .unwrap()
            .replace("[components.shop_api]\ndepends_on = [\"orders_db\"]\n", "")
            .replace(
                "[[steps]]\nid = \"start_api\"\nduration = \"5m\"\nrecovers = [\"shop_api\"]\n",
                "",
            ),
    )
    .unwrap();
    let (_, stdout, stderr) = run_in(dir.path(), &["run", "plan.toml", "-n", "2000"]);
    assert!(
        stdout.contains("Recovered last: shop 100.0 %"),
        "{stdout}{stderr}"
    );
}

/// The lines of the "What drives the RTO" section of a text summary.
fn driver_section(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|l| *l != "What drives the RTO")
        .skip(1)
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn issue_11_drivers_lead_with_what_moves_the_tail_and_name_always_critical_steps_as_such() {
    // Validation and approval come last, so they are on every path; the
    // procurement's long tail is what makes the worst runs worst. The old
    // summary led with "On the critical path: validate 100.0 %, approve
    // 100.0 %, ..." and ranked procure below them.
    let dir = tempfile::tempdir().unwrap();
    plan(
        dir.path(),
        r#"
[scenario]
name = "Tail"
[components.platform]
[[steps]]
id = "deploy_network"
duration = { dist = "uniform", min = "2h", max = "3h" }
[[steps]]
id = "procure_compute"
duration = { dist = "lognormal", median = "2h", p95 = "12h" }
[[steps]]
id = "validate"
after = ["deploy_network", "procure_compute"]
duration = { dist = "uniform", min = "50m", max = "70m" }
[[steps]]
id = "approve"
after = ["validate"]
duration = "30m"
recovers = ["platform"]
"#,
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["run", "plan.toml", "-n", "5000"]);
    assert_eq!(code, 0, "{stderr}");
    let lines = driver_section(&stdout);
    assert!(
        lines[0].starts_with("What moves the tail") && lines[0].contains(": procure_compute +"),
        "{lines:#?}"
    );
    assert!(
        !lines[0].contains("validate") && !lines[0].contains("approve"),
        "{lines:#?}"
    );
    assert_eq!(
        lines[1],
        "Always on the critical path (in ≥ 99 % of runs): validate, approve"
    );
    // By share of runs the network is critical more often (it usually
    // takes longer), but the procurement's tail is what moves the tail.
    assert!(
        lines[2].starts_with("Also on the critical path (share of runs): deploy_network"),
        "{lines:#?}"
    );
    // The JSON carries each step's mean time on the path over all runs
    // beside its time in the tail.
    let (_, json, _) = run_in(
        dir.path(),
        &["run", "plan.toml", "-n", "5000", "--json", "-"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let step = |id: &str, part: &str| json["steps"][id][part]["working"].as_f64().unwrap();
    assert!(step("procure_compute", "tail") > 3.0 * step("procure_compute", "path"));
    assert!((step("approve", "tail") - step("approve", "path")).abs() < 1e-6);
}

#[test]
fn issue_11_an_on_call_response_is_engaging_not_waiting_for_a_busy_person() {
    // Proseware: ops respond to the page; nothing else holds them. The old
    // summary said "waiting for ops (2 of them) is on the critical path in
    // 99.9 % of runs", which reads as too few people.
    let dir = tempfile::tempdir().unwrap();
    plan(
        dir.path(),
        r#"
[scenario]
name = "Response"
[roles]
ops = { count = 2, response = { dist = "uniform", min = "5m", max = "15m" } }
dba = 1
[components.app]
[[steps]]
id = "fail_over"
role = "ops"
duration = "20m"
[[steps]]
id = "migrate"
role = "dba"
duration = { dist = "uniform", min = "10m", max = "30m" }
[[steps]]
id = "reindex"
role = "dba"
duration = { dist = "uniform", min = "10m", max = "30m" }
[[steps]]
id = "open"
after = ["fail_over", "migrate", "reindex"]
role = "ops"
duration = "5m"
recovers = ["app"]
"#,
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["run", "plan.toml", "-n", "5000"]);
    assert_eq!(code, 0, "{stderr}");
    let lines = driver_section(&stdout);
    let engaging = lines
        .iter()
        .find(|l| l.starts_with("Engaging people (their response) on the critical path: "))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        engaging.contains("ops in ") && !engaging.contains("dba"),
        "{engaging}"
    );
    // The one dba does two steps: the second waits for a busy dba.
    let busy = lines
        .iter()
        .find(|l| l.starts_with("Waiting for a busy person on the critical path: "))
        .unwrap();
    assert!(
        busy.contains(": dba in ") && !busy.contains("ops"),
        "{busy}"
    );
    assert!(!stdout.contains("People: waiting for"), "{stdout}");
    let (_, json, _) = run_in(
        dir.path(),
        &["run", "plan.toml", "-n", "5000", "--json", "-"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let role = |id: &str, field: &str| json["roles"][id][field].as_f64().unwrap();
    assert_eq!(role("ops", "busy_binding"), 0.0);
    assert_eq!(role("ops", "engaging_binding"), role("ops", "binding"));
    assert_eq!(role("dba", "engaging_binding"), 0.0);
    assert!(role("dba", "busy_binding") > 0.5);
    // Waits split the same way: the dba's are all for a busy person.
    assert_eq!(role("dba", "engaging_mean"), 0.0);
    assert!((role("dba", "busy_wait_mean") - role("dba", "wait_mean")).abs() < 1.0);
    assert!(role("ops", "engaging_mean") > 0.0);
}

/// The review page of the plan in `file` (in the project) over 2,000
/// runs, with every chart, and its report.
fn review_page(file: &str) -> (String, drsim::report::Report) {
    use drsim::runner::{self, RunOptions};
    let s = drsim::scenario::load(&crate::util::repo_path(file)).expect("valid");
    let engine = drsim::engine::Engine::new(s);
    let opts = RunOptions {
        iterations: 2000,
        seed: 5,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(&engine, &opts, &|_| {}).expect("pool");
    let r = drsim::report::build(engine.scenario(), &results, &opts);
    let figures = drsim::review::figures(&engine, &r, &results);
    let rendered = drsim::review::render(&figures).expect("charts render");
    (drsim::review::to_html(&r, engine.scenario(), &rendered), r)
}

/// The text of every cell of a table, row by row.
fn table_cells(table: roxmltree::Node) -> Vec<Vec<String>> {
    table
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| c.has_tag_name("td") || c.has_tag_name("th"))
                .map(|c| c.text().unwrap_or("").to_string())
                .collect()
        })
        .collect()
}

#[test]
fn issue_12_the_page_shows_when_it_struck_and_each_condition_s_case_with_their_charts() {
    let (html, r) = review_page("tests/fixtures/world.toml");
    let doc = crate::util::parse_page(&html);
    assert_eq!(
        crate::util::section_ids(&doc),
        [
            "targets",
            "summary",
            "world",
            "drivers",
            "charts",
            "inputs",
            "parameters"
        ]
    );
    let world = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("world"))
        .unwrap();
    assert_eq!(
        world
            .descendants()
            .find(|n| n.has_tag_name("h2"))
            .and_then(|n| n.text()),
        Some("When it strikes and what holds")
    );
    // The tables of the text summary, cell for cell, each under its title.
    let expected = drsim::report::export::world_tables(&r);
    assert_eq!(expected.len(), 3, "time of week, region_load, correlation");
    let titles: Vec<&str> = world
        .descendants()
        .filter(|n| n.has_tag_name("h3"))
        .filter_map(|n| n.text())
        .collect();
    let tables: Vec<Vec<Vec<String>>> = world
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .map(table_cells)
        .collect();
    for (k, table) in expected.iter().enumerate() {
        assert_eq!(titles[k], table.title);
        let mut rows = vec![table.header.clone()];
        rows.extend(table.rows.iter().cloned());
        assert_eq!(tables[k], rows, "{}", table.title);
    }
    assert_eq!(tables[0][2][0], "nights");
    assert_eq!(tables[1][3][0], "saturated");
    // Each split's chart after its table, and not again under Charts.
    let figures = |section: roxmltree::Node| -> Vec<String> {
        section
            .descendants()
            .filter(|n| n.has_tag_name("figure"))
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect()
    };
    assert_eq!(
        figures(world),
        ["rto-by-time-of-week", "rto-by-region_load"]
    );
    let charts = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("charts"))
        .unwrap();
    assert!(!figures(charts).iter().any(|f| f.starts_with("rto-by-")));
    // The shared risk reads as shared wherever the page lists risks: in
    // the drivers (not "()" for want of a step) and the steps' Risks cells.
    let lines: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .filter_map(|n| n.text())
        .filter(|t| t.contains("secondary-region capacity contention"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(
            "Risk \"secondary-region capacity contention\" (shared by provision_*) struck in "
        ),
        "{}",
        lines[0]
    );
    assert_eq!(html.matches("shared:</span> secondary-region").count(), 2);
    assert!(html.contains("<h3>Shared risks</h3>") && html.contains("<h3>Conditions</h3>"));
    assert!(
        html.contains("outside them waits for its hours"),
        "the board's hours"
    );

    // A plan that nothing splits has no such section, table or chart.
    let (plain, _) = review_page("scenarios/example.toml");
    assert!(!plain.contains("id=\"world\""));
    assert!(!plain.contains("rto-by-"));
    assert!(!plain.contains("When the disaster strikes"));
}
