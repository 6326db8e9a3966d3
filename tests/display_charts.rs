//! Issue 11, part 5: what the charts say. Each test names the complaint
//! it answers and fails on the charts before the fix (the text and
//! summary complaints are in `display`; PNG text is tested in
//! `chart::glyphs`, the page's layout in `browser`).

use crate::util::drsim;

/// The text elements of an SVG chart: (text, x, y).
fn svg_texts(svg: &str) -> Vec<(String, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let at = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            (n.text().unwrap_or("").trim().to_string(), at("x"), at("y"))
        })
        .collect()
}

/// `drsim report FILE -n 2000 --charts DIR` in the project root (with
/// `extra` arguments); the folder that holds DIR (`charts`).
fn report_charts(scenario: &std::path::Path, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = drsim()
        .current_dir(crate::util::repo_path(""))
        .arg("report")
        .arg(scenario)
        .args(["-n", "2000", "--quiet", "-o"])
        .arg(dir.path().join("r.html"))
        .arg("--charts")
        .arg(dir.path().join("charts"))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The chart `name`'s SVG text, as [`report_charts`] writes it.
fn chart_svg(scenario: &str, extra: &[&str], name: &str) -> String {
    let dir = report_charts(std::path::Path::new(scenario), extra);
    std::fs::read_to_string(dir.path().join("charts").join(format!("{name}.svg"))).unwrap()
}

#[test]
fn issue_11_component_names_are_whole_in_the_components_chart() {
    // Names were cut to 36 characters with "…" ("Downstream dependent systems handed…").
    let svg = chart_svg("scenarios/azure-data-platform.toml", &[], "components");
    let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.0).collect();
    assert!(texts.iter().all(|t| !t.contains('…')), "{texts:#?}");
    for name in [
        "Downstream dependent systems handed over (E2E done)",
        "Contoso enterprise shared services and source systems",
        "Data Factory pipelines and integration runtimes",
    ] {
        let whole = texts.iter().any(|t| t == name)
            || texts
                .windows(2)
                .any(|w| format!("{} {}", w[0], w[1]) == name);
        assert!(whole, "{name} in {texts:#?}");
    }
}

#[test]
fn issue_11_nothing_is_written_over_the_distribution_s_bars_or_target() {
    // Wanda's RPO: the p50 label stood over the bars, the legend over the
    // target line. Now the percentiles are dots, and their values, with
    // the legend, stand under the axis description.
    let svg = chart_svg("scenarios/wanda.toml", &[], "rpo-distribution");
    let texts = svg_texts(&svg);
    let axis = texts
        .iter()
        .find(|t| t.0 == "RPO (minutes)")
        .unwrap_or_else(|| panic!("{texts:#?}"));
    for label in ["p50 ", "p95 ", "target ", "cumulative share", "RPO of "] {
        let t = texts
            .iter()
            .find(|t| t.0.starts_with(label) && t.0 != "cumulative share of runs (%)")
            .unwrap_or_else(|| panic!("{label} in {texts:#?}"));
        assert!(
            t.2 > axis.2,
            "{label} (y {}) is not under the axis (y {})",
            t.2,
            axis.2
        );
    }
}

#[test]
fn issue_11_the_hot_spare_s_rpo_axis_is_the_runs_not_the_far_target() {
    // The axis reached the 24h target: ten hours of runs in its first
    // tenth, in days or hours. Now it is in minutes, the target marked at
    // its end.
    let svg = chart_svg(
        "scenarios/azure-data-platform.toml",
        &["--variant", "hot_spare"],
        "rpo-distribution",
    );
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t.0 == "RPO (minutes)"), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t.0 == "target 24h (far right of the axis)")
    );
    assert!(
        texts.iter().any(|t| t.0 == "target 24h"),
        "the marker at the axis' end"
    );
}

#[test]
fn issue_11_tornadoes_share_one_axis_and_leave_out_fallbacks() {
    // Each tornado had its own ±limit with an empty negative half; the
    // example listed its fallback restore_db (ran in 0.3 % of runs) with SSI 0.00.
    let ticks = |svg: &str| -> Vec<String> {
        svg_texts(svg)
            .into_iter()
            .map(|t| t.0)
            .filter(|t| t.parse::<f64>().is_ok() || t.starts_with('−'))
            .collect()
    };
    let example = chart_svg("scenarios/example.toml", &[], "sensitivity-tornado");
    let azure = chart_svg(
        "scenarios/azure-data-platform.toml",
        &[],
        "sensitivity-tornado",
    );
    let expected: Vec<String> = (0..=10)
        .map(|k| format!("{:.1}", f64::from(k) / 10.0))
        .collect();
    assert_eq!(ticks(&example), expected);
    assert_eq!(ticks(&azure), expected);
    let texts: Vec<String> = svg_texts(&example).into_iter().map(|t| t.0).collect();
    assert!(!texts.iter().any(|t| t.contains("restore")), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "step (top 10 by |ρ|; 1 fallback left out)")
    );
    assert!(!texts.iter().any(|t| t.contains("SSI 0.00")), "{texts:#?}");
}

/// The names of the chart files [`report_charts`] writes, sorted.
fn chart_files(scenario: &std::path::Path) -> Vec<String> {
    let dir = report_charts(scenario, &[]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn issue_12_the_rto_is_drawn_by_time_of_week_and_by_condition_only_for_a_plan_that_splits() {
    // A plan with working hours and a condition: a curve per part of the
    // week and per case, each named with its share of runs, with the
    // target and the judged percentile.
    let svg = chart_svg("tests/fixtures/world.toml", &[], "rto-by-time-of-week");
    let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.0).collect();
    let starting = |prefix: &str| texts.iter().any(|t| t.starts_with(prefix));
    assert!(
        starting("RTO by time of week — Region failover with contention"),
        "{texts:#?}"
    );
    for part in ["in hours (", "nights (", "weekends ("] {
        assert!(starting(part), "{part} in {texts:#?}");
        let legend = texts.iter().find(|t| t.starts_with(part)).unwrap();
        assert!(legend.ends_with(" %)"), "{legend}");
    }
    assert!(texts.iter().any(|t| t == "target: 4h"), "{texts:#?}");
    assert!(starting("p95 line (judged)"), "{texts:#?}");
    let svg = chart_svg("tests/fixtures/world.toml", &[], "rto-by-region_load");
    let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.0).collect();
    for case in ["normal (", "busy (", "saturated ("] {
        assert!(
            texts.iter().any(|t| t.starts_with(case)),
            "{case} in {texts:#?}"
        );
    }

    let world = chart_files(&crate::util::repo_path("tests/fixtures/world.toml"));
    for name in ["rto-by-time-of-week", "rto-by-region_load"] {
        for ext in ["png", "svg"] {
            assert!(world.contains(&format!("{name}.{ext}")), "{world:?}");
        }
    }
    // A plan without hours or conditions has nothing to split.
    let plain = chart_files(&crate::util::repo_path("scenarios/example.toml"));
    assert!(!plain.iter().any(|n| n.starts_with("rto-by-")), "{plain:?}");
    // Nor has one whose every disaster strikes at the same time: one part
    // of the week holds every run (its table says so; a chart would only
    // repeat the RTO distribution).
    let dir = tempfile::tempdir().unwrap();
    let fixed = dir.path().join("fixed.toml");
    let toml = std::fs::read_to_string(crate::util::repo_path("tests/fixtures/world.toml"))
        .unwrap()
        .replace("[scenario]\n", "[scenario]\nstrikes_at = \"Sun 03:00\"\n");
    std::fs::write(&fixed, toml).unwrap();
    let files = chart_files(&fixed);
    assert!(
        !files.iter().any(|n| n.contains("time-of-week")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|n| n == "rto-by-region_load.svg"),
        "{files:?}"
    );
}
