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
/// `extra` arguments); the chart `name`'s SVG text.
fn chart_svg(scenario: &str, extra: &[&str], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let page = dir.path().join("r.html");
    let mut args = vec!["report", scenario, "-n", "2000", "--quiet", "-o"];
    args.push(page.to_str().unwrap());
    args.extend(["--charts", charts.to_str().unwrap()]);
    args.extend(extra);
    let out = drsim()
        .current_dir(crate::util::repo_path(""))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(charts.join(format!("{name}.svg"))).unwrap()
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
