//! Charts: every figure renders from shipped scenarios as a PNG of the size
//! it states and as SVG carrying its title, its axis descriptions and the
//! shapes its data calls for; degenerate inputs (nothing critical, all
//! values equal, one run, nothing ever recovered, an RTO of 0) render too.

use std::collections::HashMap;
use std::sync::OnceLock;

use drsim::chart::style;
use drsim::chart::*;
use drsim::engine::Engine;
use drsim::report::{self, Report};
use drsim::runner::{Column, Results, RunOptions};
use drsim::stats::Sorted;
use plotters::style::RGBColor;

use crate::util::{engine, repo_path, simulate};

/// A simulated scenario and its report.
struct Simulated {
    engine: Engine,
    results: Results,
    report: Report,
}

const RUNS: u64 = 2000;

fn simulated(engine: Engine, runs: u64) -> Simulated {
    let results = simulate(&engine, runs, 7);
    let opts = RunOptions {
        iterations: runs,
        seed: 7,
        threads: 2,
        chunk_runs: drsim::runner::DEFAULT_CHUNK_RUNS,
    };
    let report = report::build(engine.scenario(), &results, &opts);
    Simulated {
        engine,
        results,
        report,
    }
}

fn shipped(file: &str) -> Simulated {
    let path = repo_path(&format!("scenarios/{file}"));
    let s = drsim::scenario::load(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    simulated(Engine::new(s), RUNS)
}

fn example() -> &'static Simulated {
    static SIM: OnceLock<Simulated> = OnceLock::new();
    SIM.get_or_init(|| shipped("example.toml"))
}

fn api_platform() -> &'static Simulated {
    static SIM: OnceLock<Simulated> = OnceLock::new();
    SIM.get_or_init(|| shipped("api-platform.toml"))
}

fn both() -> [&'static Simulated; 2] {
    [example(), api_platform()]
}

/// What an SVG rendering holds: its text lines and its shapes.
struct Svg {
    texts: Vec<String>,
    /// Tag name → count.
    tags: HashMap<String, usize>,
    /// (tag, fill or stroke colour) → count.
    colours: HashMap<(String, String), usize>,
}

impl Svg {
    fn has_text(&self, text: &str) -> bool {
        self.texts.iter().any(|t| t == text)
    }

    /// A row label: one text line, or two in a row that join with a
    /// space (a long name wraps over two lines; none is cut).
    fn has_label(&self, label: &str) -> bool {
        self.has_text(label)
            || self
                .texts
                .windows(2)
                .any(|w| format!("{} {}", w[0], w[1]) == label)
    }

    fn has_text_starting(&self, prefix: &str) -> bool {
        self.texts.iter().any(|t| t.starts_with(prefix))
    }

    fn count(&self, tag: &str) -> usize {
        self.tags.get(tag).copied().unwrap_or(0)
    }

    /// Elements `tag` filled (or stroked) with `colour`.
    fn coloured(&self, tag: &str, colour: RGBColor) -> usize {
        self.colours
            .get(&(tag.to_string(), hex(colour)))
            .copied()
            .unwrap_or(0)
    }
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Renders `figure` both ways; checks the PNG decodes at the stated size
/// and parses the SVG.
fn render(figure: &Figure) -> Svg {
    let (w, h) = figure.size();
    let png = figure
        .to_png()
        .unwrap_or_else(|e| panic!("{}: {e}", figure.name()));
    let image = image::load_from_memory(&png).expect("PNG decodes");
    assert_eq!((image.width(), image.height()), (w, h), "{}", figure.name());
    let svg = figure
        .to_svg()
        .unwrap_or_else(|e| panic!("{}: {e}", figure.name()));
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses");
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some(w.to_string().as_str()));
    assert_eq!(root.attribute("height"), Some(h.to_string().as_str()));
    let mut parsed = Svg {
        texts: Vec::new(),
        tags: HashMap::new(),
        colours: HashMap::new(),
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name().to_string();
        if tag == "text" {
            parsed
                .texts
                .push(node.text().unwrap_or("").trim().to_string());
        }
        for attr in ["fill", "stroke"] {
            if let Some(c) = node.attribute(attr).filter(|c| c.starts_with('#')) {
                *parsed
                    .colours
                    .entry((tag.clone(), c.to_string()))
                    .or_default() += 1;
            }
        }
        *parsed.tags.entry(tag).or_default() += 1;
    }
    parsed
}

/// The title contains the scenario's name; the axes are described.
fn assert_labelled(svg: &Svg, name: &str, title_prefix: &str, descriptions: &[&str]) {
    let title = format!("{title_prefix} — {name}");
    assert!(svg.has_text(&title), "title {title:?} in {:?}", svg.texts);
    for d in descriptions {
        assert!(
            svg.has_text_starting(d),
            "axis description {d:?} in {:?}",
            svg.texts
        );
    }
}

#[test]
fn distribution_of_rto_and_rpo() {
    for sim in both() {
        for (column, quantity) in [(Quantity::Rto, "RTO"), (Quantity::Rpo, "RPO")] {
            let figure = Figure::Distribution(DistributionData::from_results(
                &sim.report,
                &sim.results,
                column,
            ));
            assert_eq!(
                figure.name(),
                format!("{}-distribution", quantity.to_lowercase())
            );
            let svg = render(&figure);
            assert_labelled(
                &svg,
                &sim.report.scenario.name,
                &format!("{quantity} distribution"),
                &[
                    &format!("{quantity} ("),
                    "share of runs per bar (%)",
                    "cumulative share",
                ],
            );
            // 50 histogram bins, and the legend's swatch.
            assert!(svg.coloured("rect", style::PRIMARY) > 50, "{quantity}");
        }
    }
}

#[test]
fn tornado_shows_the_strongest_sensitivities() {
    for sim in both() {
        let data = TornadoData::from_report(&sim.report);
        assert!(!data.bars.is_empty() && data.bars.len() <= TORNADO_STEPS);
        assert!(
            data.bars
                .windows(2)
                .all(|w| w[0].rho.abs() >= w[1].rho.abs())
        );
        let figure = Figure::Tornado(data.clone());
        assert_eq!(figure.name(), "sensitivity-tornado");
        let svg = render(&figure);
        assert_labelled(
            &svg,
            &sim.report.scenario.name,
            "Sensitivity of the RTO",
            &[
                "rank correlation |ρ| of the step's time with the RTO",
                "step (top 10",
            ],
        );
        let bars = svg.coloured("rect", style::PRIMARY) + svg.coloured("rect", style::SECONDARY);
        assert_eq!(bars, data.bars.len());
        for bar in &data.bars {
            assert!(svg.has_label(&bar.name), "{}", bar.name);
        }
        let values = svg.texts.iter().filter(|t| t.starts_with("ρ ")).count();
        assert_eq!(values, data.bars.len());
    }
}

#[test]
fn criticality_lists_critical_steps_most_critical_first() {
    for sim in both() {
        let data = CriticalityData::from_report(&sim.report);
        let critical = sim
            .report
            .steps
            .0
            .iter()
            .filter(|(_, s)| s.criticality > 0.0)
            .count();
        assert_eq!(data.bars.len(), critical.min(CRITICALITY_STEPS));
        assert!(data.bars.windows(2).all(|w| w[0].percent >= w[1].percent));
        let figure = Figure::Criticality(data.clone());
        assert_eq!(figure.name(), "criticality");
        let svg = render(&figure);
        assert_labelled(
            &svg,
            &sim.report.scenario.name,
            "Critical steps",
            &[
                "share of runs with the step on the critical path of the RTO (%)",
                "step",
            ],
        );
        let always = data.bars.iter().filter(|b| b.always()).count();
        assert_eq!(
            svg.coloured("rect", style::PRIMARY),
            data.bars.len() - always
        );
        assert_eq!(svg.coloured("rect", style::ALWAYS), always);
        for bar in &data.bars {
            assert!(svg.has_label(&bar.name), "{}", bar.name);
            assert!(svg.has_text(&format!("{:.1} %", bar.percent)));
        }
    }
}

#[test]
fn timelines_replay_the_p50_and_p95_runs() {
    for sim in both() {
        let rto = sim.results.samples.column(Column::Rto);
        for percentile in [50.0, 95.0] {
            let data = GanttData::replay(&sim.engine, &sim.report, &sim.results, percentile);
            // The first run whose RTO is the nearest-rank percentile.
            let at = Sorted::new(rto.to_vec()).percentile(percentile);
            let run = data.run.expect("a run was replayed") as usize;
            assert_eq!(rto[run].to_bits(), at.to_bits());
            assert!(rto[..run].iter().all(|v| v.to_bits() != at.to_bits()));
            assert_eq!(
                data.rto_secs.to_bits(),
                at.to_bits(),
                "replay reproduces the run"
            );
            assert!(!data.rows.is_empty());
            let figure = Figure::Gantt(data.clone());
            assert_eq!(figure.name(), format!("timeline-p{percentile}"));
            let svg = render(&figure);
            assert_labelled(
                &svg,
                &sim.report.scenario.name,
                &format!("Timeline of the p{percentile} run"),
                &["time since the disaster ("],
            );
            // Each bar kind: its bars and its legend swatch.
            for kind in [
                BarKind::Engaging,
                BarKind::Waiting,
                BarKind::Working,
                BarKind::Failed,
                BarKind::RetryDelay,
                BarKind::Fallback,
            ] {
                let bars = data
                    .rows
                    .iter()
                    .flat_map(|r| &r.bars)
                    .filter(|b| b.kind == kind);
                assert_eq!(
                    svg.coloured("rect", kind.colour()),
                    bars.count() + 1,
                    "{kind:?}"
                );
                assert!(svg.has_text(kind.label()));
            }
            for row in &data.rows {
                let label = if row.critical {
                    format!("● {}", row.name)
                } else {
                    row.name.clone()
                };
                assert!(svg.has_label(&label), "{label}");
            }
            assert!(data.rows.iter().any(|r| r.critical));
            // A diamond per component, and the legend's.
            assert_eq!(svg.count("polygon"), data.recoveries.len() + 1);
            for r in &data.recoveries {
                assert!(svg.has_label(&format!("◆ {}", r.name)));
            }
            if let Some(target) = sim.report.rto.target {
                assert!(svg.has_text(&format!(
                    "RTO target: {}",
                    drsim::duration::format_secs(target)
                )));
            }
        }
    }
}

#[test]
fn components_show_a_box_per_affected_component() {
    for sim in both() {
        let data = ComponentsData::from_results(&sim.report, &sim.results);
        let affected = sim
            .report
            .components
            .0
            .iter()
            .filter(|(_, c)| c.affected)
            .count();
        assert_eq!(data.boxes.len(), affected);
        for b in &data.boxes {
            assert!(b.p5 <= b.p25 && b.p25 <= b.p50 && b.p50 <= b.p75);
            assert!(b.p75 <= b.p95 && b.p95 <= b.p99, "{b:?}");
        }
        let figure = Figure::Components(data.clone());
        assert_eq!(figure.name(), "components");
        let svg = render(&figure);
        assert_labelled(
            &svg,
            &sim.report.scenario.name,
            "Component recovery times",
            &["component RTO (", "affected component (2,000 runs)"],
        );
        // A box (fill and outline) and a p99 dot per component; a red
        // tick per component target.
        assert_eq!(svg.coloured("rect", style::PRIMARY), 2 * data.boxes.len());
        assert_eq!(svg.count("circle"), data.boxes.len());
        let targets = data
            .boxes
            .iter()
            .filter(|b| b.target_secs.is_some())
            .count();
        assert_eq!(svg.coloured("polyline", style::TARGET), targets);
    }
}

/// Every figure of a simulation, rendered both ways without error.
fn render_all(sim: &Simulated) {
    let figures = [
        Figure::Distribution(DistributionData::from_results(
            &sim.report,
            &sim.results,
            Quantity::Rto,
        )),
        Figure::Distribution(DistributionData::from_results(
            &sim.report,
            &sim.results,
            Quantity::Rpo,
        )),
        Figure::Tornado(TornadoData::from_report(&sim.report)),
        Figure::Criticality(CriticalityData::from_report(&sim.report)),
        Figure::Gantt(GanttData::replay(
            &sim.engine,
            &sim.report,
            &sim.results,
            50.0,
        )),
        Figure::Gantt(GanttData::replay(
            &sim.engine,
            &sim.report,
            &sim.results,
            95.0,
        )),
        Figure::Components(ComponentsData::from_results(&sim.report, &sim.results)),
    ];
    for figure in &figures {
        let svg = render(figure);
        assert!(
            svg.texts
                .iter()
                .any(|t| t.contains(&sim.report.scenario.name)),
            "{}: title",
            figure.name()
        );
    }
}

const HEAD: &str = "[scenario]\nname = \"degenerate\"\n";

#[test]
fn nothing_to_recover_renders_with_an_rto_of_zero_and_no_critical_step() {
    // The step recovers nothing: the RTO is 0 in every run, nothing is
    // critical and no step's time varies with the RTO.
    let sim = simulated(
        engine(&format!(
            "{HEAD}[components.app]\n[[steps]]\nid = \"a\"\nduration = \"10m\"\n"
        )),
        50,
    );
    assert!(
        sim.results
            .samples
            .column(Column::Rto)
            .iter()
            .all(|v| *v == 0.0)
    );
    assert!(CriticalityData::from_report(&sim.report).bars.is_empty());
    assert!(TornadoData::from_report(&sim.report).bars.is_empty());
    assert!(
        ComponentsData::from_results(&sim.report, &sim.results)
            .boxes
            .is_empty()
    );
    render_all(&sim);
}

#[test]
fn all_equal_values_render() {
    let sim = simulated(
        engine(&format!(
            "{HEAD}[targets]\nrto = \"1h\"\n[components.app]\nrto = \"50m\"\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\n\
             [[steps]]\nid = \"b\"\nafter = [\"a\"]\nduration = \"20m\"\nrecovers = [\"app\"]\n"
        )),
        50,
    );
    assert!(
        sim.results
            .samples
            .column(Column::Rto)
            .iter()
            .all(|v| *v == 1800.0)
    );
    assert_eq!(CriticalityData::from_report(&sim.report).bars.len(), 2);
    render_all(&sim);
}

#[test]
fn a_single_run_renders() {
    let sim = simulated(example().engine.clone(), 1);
    render_all(&sim);
}

#[test]
fn runs_that_never_recover_render() {
    let sim = simulated(
        engine(&format!(
            "{HEAD}[targets]\nrto = \"1h\"\n[components.app]\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\nrecovers = [\"app\"]\n\
             failure = {{ probability = 1.0, retries = 1, retry_delay = \"5m\" }}\n"
        )),
        50,
    );
    assert!(
        sim.results
            .samples
            .column(Column::Rto)
            .iter()
            .all(|v| v.is_infinite())
    );
    let gantt = GanttData::replay(&sim.engine, &sim.report, &sim.results, 95.0);
    assert!(gantt.rto_secs.is_infinite());
    let failed = gantt.rows[0]
        .bars
        .iter()
        .filter(|b| b.kind == BarKind::Failed)
        .count();
    assert_eq!(failed, 2, "two failed attempts");
    render_all(&sim);
}

#[test]
fn degenerate_data_renders() {
    let empty_gantt = GanttData {
        title: "no runs".into(),
        percentile: 95.0,
        run: None,
        rto_secs: f64::NAN,
        measured_rto_secs: f64::NAN,
        target_secs: None,
        clock_secs: 0.0,
        from: None,
        rows: Vec::new(),
        recoveries: Vec::new(),
    };
    let figures = [Figure::Gantt(empty_gantt)];
    for figure in &figures {
        render(figure);
    }
    // A title too long for the width at the smallest size is cut short.
    let long = Figure::Criticality(CriticalityData {
        title: "a title far too long to fit on one line at any size · ".repeat(4),
        bars: Vec::new(),
        more: 0,
    });
    let svg = render(&long);
    let title = svg
        .texts
        .iter()
        .find(|t| t.starts_with("Critical steps — a title far"));
    assert!(title.is_some_and(|t| t.ends_with('…')), "{title:?}");
    // So is a distribution's: a variant's name ("… (variant …)") is long.
    let sim = api_platform();
    let mut data = DistributionData::from_results(&sim.report, &sim.results, Quantity::Rpo);
    data.title = "a title far too long to fit on one line at any size · ".repeat(4);
    let svg = render(&Figure::Distribution(data));
    let title = svg
        .texts
        .iter()
        .find(|t| t.starts_with("RPO distribution — a title far"));
    assert!(title.is_some_and(|t| t.ends_with('…')), "{title:?}");
}

#[test]
fn compare_draws_a_curve_per_series_and_the_target() {
    let sim = api_platform();
    let rto = sim.results.samples.column(Column::Rto);
    for n in [1, 3, 8] {
        let series: Vec<(String, Vec<f64>)> = (0..n)
            .map(|k| {
                (
                    format!("variant {k}"),
                    rto.iter().map(|v| v * (1.0 + k as f64 * 0.1)).collect(),
                )
            })
            .collect();
        let data = CompareData::new(
            &sim.report.scenario.name,
            Quantity::Rto,
            series,
            sim.report.rto.target,
        );
        let figure = Figure::Compare(data);
        assert_eq!(figure.name(), "rto-compare");
        let svg = render(&figure);
        assert_labelled(
            &svg,
            &sim.report.scenario.name,
            "RTO compared",
            &["RTO (", "share of runs at or below (%)"],
        );
        // Each curve and its line in the legend under the chart.
        for (k, colour) in style::PALETTE.iter().take(n).enumerate() {
            assert_eq!(svg.coloured("polyline", *colour), 2, "series {k} of {n}");
            assert!(svg.has_text_starting(&format!("variant {k}: 2,000 runs")));
        }
        assert_eq!(svg.coloured("polyline", style::TARGET), 2);
        assert!(svg.has_text_starting("target: "));
    }
}

#[test]
fn compare_of_degenerate_series_renders() {
    let figures = [
        CompareData::new("t", Quantity::Rto, vec![("empty".into(), Vec::new())], None),
        CompareData::new(
            "t",
            Quantity::Rto,
            vec![
                ("never".into(), vec![f64::INFINITY; 4]),
                ("zero".into(), vec![0.0; 4]),
            ],
            Some(0.0),
        ),
        CompareData::new("t", Quantity::Rpo, Vec::new(), None),
    ];
    for data in figures {
        render(&Figure::Compare(data));
    }
}
