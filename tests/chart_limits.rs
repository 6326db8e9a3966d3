//! Issue 9: charts of huge plans stay bounded. A 40,000-step timeline and
//! the review of a 4,000-step and a 5,000-component plan render within
//! the ceiling (`MAX_WIDTH` × `MAX_HEIGHT`), say in a note row how many
//! rows they left out, keep every critical step and the longest p95s; the
//! memory estimate of a review covers what rendering produces.
//!
//! The 40,000-step timeline is built as data: replaying a run of 40,000
//! steps takes the engine's timeline about 40 s in a debug build (it scans
//! every attempt per step), so the whole review of that plan is checked by
//! hand with the release binary instead.

use std::sync::OnceLock;

use drsim::chart::{
    BarKind, Figure, GanttBar, GanttData, GanttRecovery, GanttRow, GanttSpan, MAX_HEIGHT,
    MAX_WIDTH, TIMELINE_ROWS,
};
use drsim::engine::Engine;
use drsim::report::{self, Report};
use drsim::review::{self, Captioned};
use drsim::runner::RunOptions;

use crate::util::{engine, simulate};

const RUNS: u64 = 20;

/// A simulated plan and its review's figures.
struct Reviewed {
    engine: Engine,
    report: Report,
    figures: Vec<Captioned>,
}

fn reviewed(toml: &str) -> Reviewed {
    let engine = engine(toml);
    let results = simulate(&engine, RUNS, 9);
    let opts = RunOptions {
        iterations: RUNS,
        seed: 9,
        threads: 2,
        chunk_runs: drsim::runner::DEFAULT_CHUNK_RUNS,
    };
    let report = report::build(engine.scenario(), &results, &opts);
    let figures = review::figures(&engine, &report, &results);
    Reviewed {
        engine,
        report,
        figures,
    }
}

/// `steps` steps: `detect` (1 s), then `restore` (1 s, recovers `db`) on
/// the critical path, and a fan of steps after `detect` that recover
/// nothing and each take 10 s to 99 s: every one longer than a critical
/// step, so only "critical first" keeps `detect` and `restore`.
fn fan_out(steps: usize) -> String {
    let mut toml = String::from(
        "[scenario]\nname = \"fan\"\n[components.db]\n\
         [[steps]]\nid = \"detect\"\nduration = \"1s\"\n\
         [[steps]]\nid = \"restore\"\nafter = [\"detect\"]\nduration = \"1s\"\nrecovers = [\"db\"]\n",
    );
    for k in 0..steps - 2 {
        let secs = 10 + k % 90;
        toml.push_str(&format!(
            "[[steps]]\nid = \"s{k}\"\nafter = [\"detect\"]\nduration = \"{secs}s\"\n"
        ));
    }
    toml
}

/// `components` components, each recovered by a step of its own after
/// `detect`; component `c{k}` takes 60 s + (k mod 997) s, so `c996` and
/// its like have the longest p95.
fn many_components(components: usize) -> String {
    let mut toml = String::from("[scenario]\nname = \"wide\"\n");
    for k in 0..components {
        toml.push_str(&format!("[components.c{k}]\n"));
    }
    toml.push_str("[[steps]]\nid = \"detect\"\nduration = \"1s\"\n");
    for k in 0..components {
        let secs = 60 + k % 997;
        toml.push_str(&format!(
            "[[steps]]\nid = \"r{k}\"\nafter = [\"detect\"]\nduration = \"{secs}s\"\nrecovers = [\"c{k}\"]\n"
        ));
    }
    toml
}

fn four_thousand_steps() -> &'static Reviewed {
    static PLAN: OnceLock<Reviewed> = OnceLock::new();
    PLAN.get_or_init(|| reviewed(&fan_out(4_000)))
}

fn five_thousand_components() -> &'static Reviewed {
    static PLAN: OnceLock<Reviewed> = OnceLock::new();
    PLAN.get_or_init(|| reviewed(&many_components(5_000)))
}

fn figure<'a>(plan: &'a Reviewed, name: &str) -> &'a Figure {
    let found = plan.figures.iter().find(|c| c.figure.name() == name);
    &found.unwrap_or_else(|| panic!("no figure {name}")).figure
}

/// The text lines of an SVG.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// Renders `figure` as PNG within the ceiling and returns its SVG's texts.
fn render_bounded(figure: &Figure) -> Vec<String> {
    let (w, h) = figure.size();
    assert!(
        w <= MAX_WIDTH && h <= MAX_HEIGHT,
        "{}: {w} × {h}",
        figure.name()
    );
    let png = figure.to_png().expect("renders as PNG");
    let image = image::load_from_memory(&png).expect("PNG decodes");
    assert_eq!((image.width(), image.height()), (w, h));
    texts(&figure.to_svg().expect("renders as SVG"))
}

fn gantt(figure: &Figure) -> &GanttData {
    match figure {
        Figure::Gantt(d) => d,
        _ => panic!("{} is not a timeline", figure.name()),
    }
}

/// The timeline of a run of the 40,000-step fan-out: `detect` and
/// `restore` critical and 1 s long, the fan's steps 10 s to 99 s.
fn timeline_of_40000_steps() -> GanttData {
    let bar = |start_secs: f64, secs: f64| GanttBar {
        kind: BarKind::Working,
        span: GanttSpan {
            start_secs,
            end_secs: start_secs + secs,
        },
    };
    let critical = |step: &str, start_secs: f64| GanttRow {
        step: step.into(),
        name: step.into(),
        critical: true,
        bars: vec![bar(start_secs, 1.0)],
        path: vec![bar(start_secs, 1.0).span],
    };
    let fan = (0..39_998).map(|k| GanttRow {
        step: format!("s{k}"),
        name: format!("s{k}"),
        critical: false,
        bars: vec![bar(1.0, (10 + k % 90) as f64)],
        path: Vec::new(),
    });
    let mut rows = vec![critical("detect", 0.0), critical("restore", 1.0)];
    rows.extend(fan);
    GanttData {
        title: "fan".into(),
        percentile: 95.0,
        run: Some(7),
        rto_secs: 2.0,
        measured_rto_secs: 2.0,
        target_secs: Some(3600.0),
        clock_secs: 0.0,
        from: None,
        rows,
        recoveries: vec![GanttRecovery {
            component: "db".into(),
            name: "db".into(),
            secs: 2.0,
        }],
    }
}

/// Time a row's bars take in all, seconds.
fn bar_secs(row: &GanttRow) -> f64 {
    row.bars
        .iter()
        .map(|b| b.span.end_secs - b.span.start_secs)
        .sum()
}

/// The steps drawn of a fan-out's timeline: its 2 critical steps and the
/// 56 longest others (no step left out is longer than one drawn), in
/// order of first start.
fn assert_the_longest_fan_steps_drawn(data: &GanttData) {
    let shown = data.limited(TIMELINE_ROWS).data;
    assert_eq!(shown.rows.len(), 58);
    let drawn: std::collections::HashSet<&str> =
        shown.rows.iter().map(|r| r.step.as_str()).collect();
    let shortest_drawn = shown
        .rows
        .iter()
        .filter(|r| !r.critical)
        .map(bar_secs)
        .fold(f64::INFINITY, f64::min);
    let left_out = data
        .rows
        .iter()
        .filter(|r| !drawn.contains(r.step.as_str()));
    assert!(left_out.map(bar_secs).all(|secs| secs <= shortest_drawn));
    let position = |step: &str| data.rows.iter().position(|r| r.step == step);
    let order: Vec<_> = shown.rows.iter().map(|r| position(&r.step)).collect();
    assert!(order.is_sorted(), "drawn in order of first start");
}

#[test]
fn issue_9_a_40000_step_timeline_renders_within_the_ceiling_with_every_critical_step() {
    let data = timeline_of_40000_steps();
    let figure = Figure::Gantt(data.clone());
    let texts = render_bounded(&figure);
    assert_eq!(
        figure.size(),
        (MAX_WIDTH, MAX_HEIGHT),
        "drawn at the ceiling"
    );
    let note = "… and 39,942 more steps not shown: the 58 shown are every critical step and the longest others";
    assert!(texts.iter().any(|t| t == note), "{texts:?}");
    for label in ["● detect", "● restore", "◆ db"] {
        assert!(texts.iter().any(|t| t == label), "{label} drawn");
    }
    assert_the_longest_fan_steps_drawn(&data);
}

#[test]
fn issue_9_the_review_of_a_4000_step_plan_draws_its_critical_steps_within_the_ceiling() {
    let plan = four_thousand_steps();
    for name in ["timeline-p50", "timeline-p95"] {
        let figure = figure(plan, name);
        let data = gantt(figure);
        assert_eq!(data.rows.len(), 4_000, "every step ran");
        let critical: Vec<&str> = data
            .rows
            .iter()
            .filter(|r| r.critical)
            .map(|r| r.step.as_str())
            .collect();
        assert_eq!(critical, ["detect", "restore"]);
        let texts = render_bounded(figure);
        let note = "… and 3,942 more steps not shown: the 58 shown are every critical step and the longest others";
        assert!(texts.iter().any(|t| t == note), "{name}: {texts:?}");
        for step in critical {
            let label = format!("● {step}");
            assert!(texts.contains(&label), "{name}: {label} drawn");
        }
        assert_the_longest_fan_steps_drawn(data);
    }
}

#[test]
fn issue_9_a_5000_component_plan_draws_the_longest_components_and_notes_the_rest() {
    let plan = five_thousand_components();
    let texts = render_bounded(figure(plan, "components"));
    let note = "… and 4,961 more components not shown: the 39 shown have the longest p95 RTO";
    assert!(texts.iter().any(|t| t == note), "{texts:?}");
    // p95 of 1,056 s + 1 s: c996, c1993, c2990, c3987, c4984.
    for longest in ["c996", "c1993", "c2990", "c3987", "c4984"] {
        assert!(texts.iter().any(|t| t == longest), "{longest} drawn");
    }
    assert!(
        !texts.iter().any(|t| t == "c0"),
        "c0, the shortest, left out"
    );
    // Its timelines cut both steps and components, each with its note.
    let timeline = render_bounded(figure(plan, "timeline-p95"));
    for note in [
        "… and 4,963 more steps not shown: the 38 shown are every critical step and the longest others",
        "… and 4,980 more components not shown: the 20 shown are the last recovered",
    ] {
        assert!(timeline.iter().any(|t| t == note), "{note}: {timeline:?}");
    }
}

#[test]
fn issue_11_the_dependency_graph_of_a_4000_step_plan_keeps_its_critical_steps_within_the_ceiling() {
    let texts = render_bounded(figure(four_thousand_steps(), "dependency-graph"));
    let note = "… and 3,942 more steps and components not shown: the 59 shown are those most often on the critical path (edges through the others are not drawn)";
    assert!(texts.iter().any(|t| t == note), "{texts:?}");
    // The critical steps, with their share, and the component they recover.
    for label in ["detect · 100.0 %", "restore · 100.0 %", "db"] {
        assert!(texts.iter().any(|t| t == label), "{label}: {texts:?}");
    }
    let plan = five_thousand_components();
    let texts = render_bounded(figure(plan, "dependency-graph"));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("… and 9,942 more steps and components not shown")),
        "{texts:?}"
    );
}

#[test]
fn issue_9_the_other_charts_of_huge_plans_keep_their_fixed_size() {
    for plan in [four_thousand_steps(), five_thousand_components()] {
        for c in &plan.figures {
            let (w, h) = c.figure.size();
            assert!(w <= MAX_WIDTH && h <= MAX_HEIGHT, "{}", c.figure.name());
            if !matches!(
                c.figure,
                Figure::Gantt(_) | Figure::Components(_) | Figure::Graph(_)
            ) {
                assert_eq!((w, h), (1000, 560), "{}", c.figure.name());
            }
        }
    }
}

#[test]
fn issue_9_the_memory_estimate_covers_the_rendered_charts_and_page() {
    for plan in [four_thousand_steps(), five_thousand_components()] {
        let estimate = review::memory_needed(plan.engine.scenario(), RUNS);
        let rendered = review::render(&plan.figures).expect("renders");
        let svg: usize = rendered.iter().map(|c| c.svg.len()).sum();
        let page = review::to_html(&plan.report, plan.engine.scenario(), &rendered).len();
        let bitmap = (MAX_WIDTH * MAX_HEIGHT * 3) as usize;
        let produced = (svg + page + bitmap) as u64;
        assert!(
            estimate > produced,
            "estimate {estimate} B, produced {produced} B"
        );
    }
}

#[test]
fn issue_9_the_memory_estimate_of_40000_steps_is_bounded() {
    let scenario = drsim::scenario::parse(&fan_out(40_000), "fan.toml").expect("valid");
    // Charts at their ceilings, two timelines' copies of 40,000 steps, the
    // dependency graph's nodes and the page's two tables of them (what
    // drives the RTO; the inputs): under 192 MB (the charts alone took
    // 3.6 GB before the ceiling; the release binary's whole report of
    // this plan peaks at 182 MB resident).
    let estimate = review::memory_needed(&scenario, 50);
    assert!((48 << 20..192 << 20).contains(&estimate), "{estimate}");
}

#[test]
fn issue_9_the_memory_estimate_of_a_shipped_plan_stays_small() {
    let path = crate::util::repo_path("scenarios/azure-data-platform.toml");
    let scenario = drsim::scenario::load(&path).expect("a shipped plan");
    // Charts at their ceilings and the page: about 40 MB whatever the plan
    // size, so reviews of ordinary plans run on small machines.
    let estimate = review::memory_needed(&scenario, 20_000);
    assert!(estimate < 48 << 20, "{estimate}");
}

/// `steps` steps after one another, worked by a role with working hours,
/// under a condition of 64 cases, a risk shared by every step and a
/// correlation group of them all.
fn split_many_ways(steps: usize) -> String {
    let mut toml = String::from(
        "[scenario]\nname = \"split\"\n[targets]\nrto = \"4h\"\n[roles]\nops = { count = 1, hours = \"Mon-Fri 08:00-18:00\", off_hours = \"30m\" }\n[components.app]\n",
    );
    for k in 0..steps {
        let after = if k == 0 {
            String::new()
        } else {
            format!("after = [\"step_{}\"]\n", k - 1)
        };
        let recovers = if k + 1 == steps {
            "recovers = [\"app\"]\n"
        } else {
            ""
        };
        toml += &format!(
            "[[steps]]\nid = \"step_{k}\"\n{after}duration = {{ dist = \"uniform\", min = \"1m\", max = \"10m\" }}\nrole = \"ops\"\n{recovers}"
        );
    }
    toml += "[[risks]]\nname = \"everything slows\"\nprobability = 0.3\nscale = 1.5\napplies_to = [\"*\"]\n";
    let cases: Vec<String> = (0..64).map(|k| format!("case_{k} = 0.015625")).collect();
    toml += &format!("[conditions.load]\ncases = {{ {} }}\n", cases.join(", "));
    toml += "[conditions.load.case_1]\nduration_scale = { \"*\" = 2.0 }\n";
    toml += "[[correlation]]\nsteps = [\"*\"]\nrank = 0.3\n";
    toml
}

#[test]
fn issue_12_the_memory_estimate_covers_the_split_charts_and_their_tables() {
    const SPLIT_RUNS: u64 = 5000;
    let engine = engine(&split_many_ways(60));
    let results = simulate(&engine, SPLIT_RUNS, 9);
    let opts = RunOptions {
        iterations: SPLIT_RUNS,
        seed: 9,
        threads: 2,
        chunk_runs: drsim::runner::DEFAULT_CHUNK_RUNS,
    };
    let report = report::build(engine.scenario(), &results, &opts);
    let figures = review::figures(&engine, &report, &results);
    assert!(
        figures.iter().any(|c| c.figure.name() == "rto-by-load"),
        "the condition's chart"
    );
    let estimate = review::memory_needed(engine.scenario(), SPLIT_RUNS);
    let rendered = review::render(&figures).expect("renders");
    let svg: usize = rendered.iter().map(|c| c.svg.len()).sum();
    let page = review::to_html(&report, engine.scenario(), &rendered).len();
    let bitmap = (MAX_WIDTH * MAX_HEIGHT * 3) as usize;
    let produced = (svg + page + bitmap) as u64;
    assert!(
        estimate > produced,
        "estimate {estimate} B, produced {produced} B"
    );
    for c in &figures {
        let (w, h) = c.figure.size();
        assert!(w <= MAX_WIDTH && h <= MAX_HEIGHT, "{}", c.figure.name());
    }
}
