//! Issue 11, part 3: the review page's Inputs section and the dependency
//! graph render for every shipped scenario and every variant it declares:
//! every step, role, component and data source in its table, the graph
//! with a node per step and component, and the assumptions in words.

use drsim::chart::Figure;
use drsim::engine::Engine;
use drsim::report;
use drsim::review;
use drsim::runner::{self, RunOptions};
use drsim::scenario::{self, Scenario};

use crate::util::{parse_page, repo_path};

/// The page of `s` over a few runs, with only the graph drawn; and the
/// graph's SVG.
fn page_and_graph(s: Scenario) -> (String, String) {
    let engine = Engine::new(s);
    let opts = RunOptions {
        iterations: 400,
        seed: 3,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    };
    let results = runner::run(&engine, &opts, &|_| {}).expect("pool");
    let mut r = report::build(engine.scenario(), &results, &opts);
    r.assumptions =
        Some(report::assumptions(engine.scenario(), &r, &results, &opts).expect("pool"));
    let graph: Vec<review::Captioned> = review::figures(&engine, &r, &results)
        .into_iter()
        .filter(|c| matches!(c.figure, Figure::Graph(_)))
        .collect();
    assert_eq!(graph.len(), 1, "one dependency graph");
    let (w, h) = graph[0].figure.size();
    assert!(w <= drsim::chart::MAX_WIDTH && h <= drsim::chart::MAX_HEIGHT);
    let png = graph[0].figure.to_png().expect("renders as PNG");
    image::load_from_memory(&png).expect("PNG decodes");
    let rendered = review::render(&graph).expect("renders as SVG");
    let html = review::to_html(&r, engine.scenario(), &rendered);
    (html, rendered[0].svg.clone())
}

/// The texts of every `<code>` in the Inputs section.
fn codes_in_inputs(html: &str) -> Vec<String> {
    let doc = parse_page(html);
    let section = doc
        .descendants()
        .find(|n| n.has_tag_name("section") && n.attribute("id") == Some("inputs"))
        .expect("an Inputs section");
    assert!(
        section
            .descendants()
            .any(|n| n.has_tag_name("figure") && n.attribute("id") == Some("dependency-graph")),
        "the graph is in the Inputs section"
    );
    section
        .descendants()
        .filter(|n| n.has_tag_name("code"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

fn check(s: Scenario, label: &str) {
    let steps: Vec<String> = s.steps.iter().map(|st| st.id.clone()).collect();
    let roles: Vec<String> = s.roles.iter().map(|r| r.id.clone()).collect();
    let components: Vec<String> = s.components.iter().map(|c| c.id.clone()).collect();
    let sources: Vec<String> = s
        .components
        .iter()
        .flat_map(|c| c.sources.iter().map(|so| so.name.clone()))
        .collect();
    let (html, svg) = page_and_graph(s);
    let codes = codes_in_inputs(&html);
    for id in steps
        .iter()
        .chain(&roles)
        .chain(&components)
        .chain(&sources)
    {
        assert!(codes.contains(id), "{label}: {id} in the Inputs tables");
    }
    assert!(html.contains("<h3>Steps</h3>") && html.contains("<h3>Components</h3>"));
    // Plans with conditions or shared risks (issue 12) name them too.
    assert!(html.contains("inputs (steps, roles, components with a target, data sources"));
    // Every step and component is a node of the graph (none is cut: the
    // shipped plans have fewer than 60).
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    for id in steps.iter().chain(&components) {
        assert!(
            texts
                .iter()
                .any(|t| t.split([' ', '·']).next() == Some(id.as_str())),
            "{label}: {id} in the graph"
        );
    }
}

#[test]
fn issue_11_the_inputs_section_and_the_graph_render_for_every_shipped_scenario() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_path("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let document = scenario::Document::read(&path).expect("a shipped plan");
        let plan = document.build(&scenario::Edits::default()).expect("valid");
        for v in &plan.variants {
            let edits = scenario::Edits {
                variant: Some(v.name.clone()),
                set: Vec::new(),
            };
            let label = format!("{} variant {}", path.display(), v.name);
            check(document.build(&edits).expect("valid variant"), &label);
        }
        check(plan, &path.display().to_string());
        checked += 1;
    }
    assert!(checked >= 7, "{checked} shipped scenarios");
}

#[test]
fn issue_11_the_page_says_which_verdicts_hinge_on_assumptions() {
    let path = repo_path("tests/fixtures/assumed-chain.toml");
    let s = scenario::load(&path).expect("valid");
    let (html, _) = page_and_graph(s);
    assert!(
        html.contains("1 verdict hinges on the assumptions: RTO ≤ 1h would change"),
        "{html}"
    );
    // detect 10m + failover at 30m + 0.05 × 90m, in every run.
    assert!(html.contains(
        "but would pass with every assumed figure at its optimistic end (p95 44m30s): this verdict hinges on the assumptions."
    ));
    assert!(
        html.contains("RTO ≤ 1h fails as planned (p95 2h0"),
        "{html}"
    );
    assert!(html.contains("uniform 30m–2h"), "the duration in words");
    assert!(html.contains("<span class=\"assumed\">assumed:</span> no figure in the plan"));
}

#[test]
fn basis_texts_are_escaped_in_the_page() {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/bases.toml"))
        .unwrap()
        .replace(
            "plan: 'Time to diagnose: 5-30 min'",
            "plan: <script>alert(1)</script> & more",
        );
    let s = scenario::parse(&text, "bases.toml").expect("valid");
    let (html, _) = page_and_graph(s);
    assert!(!html.contains("<script>"));
    assert!(html.contains("plan: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    parse_page(&html);
}
