//! The review report and `--charts`: a self-contained, well-formed page
//! with every section and chart, and chart files that decode.

use crate::util::{drsim, parse_page, repo_path};

#[test]
fn the_report_page_is_self_contained_and_has_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let scenario = repo_path("scenarios/api-platform.toml");
    drsim()
        .arg("report")
        .arg(&scenario)
        .args(["-n", "2000", "--quiet", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let doc = parse_page(&html);
    assert_eq!(
        crate::util::section_ids(&doc),
        [
            "targets",
            "summary",
            // api-platform's people have working hours (issue 12).
            "world",
            "drivers",
            "charts",
            "inputs",
            "parameters"
        ]
    );
    let figures = doc
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .count();
    let svgs = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "svg")
        .count();
    assert!(
        figures >= 2 && svgs == figures,
        "{figures} figures, {svgs} svg"
    );
    assert!(html.contains("API platform"), "the scenario's name");
    assert!(html.contains("FAIL"), "api-platform misses targets");
    // Reproducible: parameters name the seed, iterations and the file's hash.
    use sha2::{Digest, Sha256};
    let text = std::fs::read_to_string(&scenario).unwrap();
    let hash: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(html.contains(&hash), "the scenario's SHA-256");
    assert!(html.contains("Seed") && html.contains("Iterations"));
    // Self-contained: no scripts, nothing fetched.
    assert!(!html.contains("<script"));
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "{attr}");
    }
}

#[test]
fn charts_are_written_as_png_and_svg_and_decode() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    drsim()
        .arg("run")
        .arg(repo_path("scenarios/example.toml"))
        .args(["-n", "1000", "--quiet", "--charts"])
        .arg(&charts)
        .arg("--html")
        .arg(dir.path().join("page.html"))
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let pngs: Vec<&String> = names.iter().filter(|n| n.ends_with(".png")).collect();
    assert!(pngs.len() >= 2, "{names:?}");
    for png in &pngs {
        let svg = png.replace(".png", ".svg");
        assert!(names.contains(&svg), "{svg} beside {png}");
        let image =
            image::load_from_memory(&std::fs::read(charts.join(png.as_str())).unwrap()).unwrap();
        assert!(image.width() >= 600 && image.height() >= 300, "{png}");
        let text = std::fs::read_to_string(charts.join(&svg)).unwrap();
        assert!(
            text.starts_with("<svg") && text.contains("Bookworm shop"),
            "{svg}"
        );
    }
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "no temporary files left: {names:?}"
    );
    assert!(dir.path().join("page.html").is_file());
}

#[test]
fn the_same_inputs_give_the_same_page_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for threads in ["1", "2"] {
        let page = dir.path().join(format!("t{threads}.html"));
        drsim()
            .arg("report")
            .arg(repo_path("scenarios/wanda.toml"))
            .args(["-n", "1500", "--quiet", "--threads", threads, "-o"])
            .arg(&page)
            .assert()
            .success();
        pages.push(std::fs::read(&page).unwrap());
    }
    assert!(pages[0] == pages[1]);
}

#[test]
fn markup_and_control_characters_in_names_cannot_break_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(repo_path("scenarios/example.toml"))
        .unwrap()
        .replace(
            "name = \"Bookworm shop: failover to the standby region\"",
            "name = \"Shop \\u0007 <script>alert(1)</script> & 漢字\"",
        );
    assert!(plan.contains("<script>"));
    let file = dir.path().join("weird.toml");
    std::fs::write(&file, plan).unwrap();
    let page = dir.path().join("r.html");
    drsim()
        .arg("report")
        .arg(&file)
        .args(["-n", "300", "--quiet", "-o"])
        .arg(&page)
        .arg("--charts")
        .arg(dir.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script") && !html.contains('\u{7}'));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(&html, options).expect("the page stays well-formed");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
