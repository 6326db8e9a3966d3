//! The review report: one self-contained HTML page for a DR review board —
//! the plan, its targets with verdicts and confidence, the summary tables,
//! what drives the RTO, every chart (inline SVG), and the parameters that
//! reproduce it. No scripts, no network, printable one column.
//!
//! The Inputs section (`inputs`) says where each number came from, with
//! the dependency graph. With a drill's actuals (`report --drill`), the
//! "Drill against the model" section (`drill`) scores them.
//!
//! Also the comparison page of `drsim compare --html` (`compare_html`) with
//! its charts (`compare`), in the same style: both pages are written with
//! the pieces in `page`.

mod compare;
mod compare_html;
mod drill;
mod drivers;
mod html;
mod inputs;
mod page;
mod world;

pub use compare::{COMPARED_QUANTITIES, compare_figure};
pub use compare_html::CompareHtml;
pub use html::{to_html, to_html_with_drill};

use crate::chart::{
    self, ChartError, ChartLoad, ComponentsData, CriticalityData, DistributionData, Figure,
    GanttData, GraphData, Quantity, TornadoData, WorldData,
};
use crate::engine::Engine;
use crate::report::Report;
use crate::runner::Results;
use crate::scenario::Scenario;

/// A chart with its caption, for the page and for `--charts`.
#[derive(Debug, Clone)]
pub struct Captioned {
    pub figure: Figure,
    pub caption: &'static str,
}

/// The charts a review shows, in page order.
pub fn figures(engine: &Engine, report: &Report, results: &Results) -> Vec<Captioned> {
    let mut figures = vec![
        Captioned {
            figure: Figure::Distribution(DistributionData::from_results(
                report,
                results,
                Quantity::Rto,
            )),
            caption: "RTO over all simulated disasters: share of runs per bar, the cumulative share (S-curve), the target (red line) and the judged percentile (green dot); runs beyond the axis and runs never recovered as bars at the right.",
        },
        Captioned {
            figure: Figure::Distribution(DistributionData::from_results(
                report,
                results,
                Quantity::Rpo,
            )),
            caption: "RPO (data lost) over all simulated disasters, drawn like the RTO.",
        },
        Captioned {
            figure: Figure::Components(ComponentsData::from_results(report, results)),
            caption: "Recovery time of each affected component: box from p25 to p75, whiskers p5 to p95, median line, p99 dot, and its own target as a red tick.",
        },
        Captioned {
            figure: Figure::Criticality(CriticalityData::from_report(report)),
            caption: "Criticality: the share of runs in which each step lies on the critical path that decides the RTO (a step holding a person another step waits for counts).",
        },
        Captioned {
            figure: Figure::Tornado(TornadoData::from_report(report)),
            caption: "Sensitivity: rank correlation (Spearman ρ) between the time a step takes in a run and that run's RTO, with the schedule sensitivity index SSI = criticality × σ(step) / σ(RTO).",
        },
        Captioned {
            figure: Figure::Gantt(GanttData::replay(engine, report, results, 50.0)),
            caption: "The run at the median RTO, step by step: waiting for a person, working, failed attempts, retry delays and fallbacks; ● marks steps on its critical path; diamonds mark component recoveries.",
        },
        Captioned {
            figure: Figure::Gantt(GanttData::replay(
                engine,
                report,
                results,
                report.percentile,
            )),
            caption: "The run at the judged percentile of the RTO, drawn like the median run: what a bad disaster looks like.",
        },
        Captioned {
            figure: Figure::Graph(GraphData::from_scenario(engine.scenario(), report)),
            caption: inputs::GRAPH_CAPTION,
        },
    ];
    figures.extend(
        WorldData::all(report, results)
            .into_iter()
            .map(|data| Captioned {
                caption: world::caption(&data.split),
                figure: Figure::World(data),
            }),
    );
    // When the judged percentile is the median, its timeline is already there.
    let mut seen = std::collections::HashSet::new();
    figures.retain(|c| seen.insert(c.figure.name()));
    figures
}

/// A chart rendered as SVG for the page.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    pub name: String,
    pub caption: &'static str,
    pub svg: String,
}

impl RenderedChart {
    /// Renders one chart as SVG.
    pub fn of(c: &Captioned) -> Result<RenderedChart, ChartError> {
        Ok(RenderedChart {
            name: c.figure.name(),
            caption: c.caption,
            svg: c.figure.to_svg()?,
        })
    }
}

/// Renders every chart of a review as SVG.
pub fn render(figures: &[Captioned]) -> Result<Vec<RenderedChart>, ChartError> {
    figures.iter().map(RenderedChart::of).collect()
}

/// The page's text aside from its charts: styles, headings, the summary
/// and the run parameters (about 12 KB in the shipped reports).
const PAGE_FIXED_BYTES: u64 = 64 << 10;
/// A row of the steps' table (ten cells) with the driver lines that can
/// name the step (a fallback), its id aside.
const PAGE_STEP_BYTES: u64 = 512;
/// A row of the components' table, its id aside.
const PAGE_COMPONENT_BYTES: u64 = 256;
/// A driver line of a risk, its name aside.
const PAGE_RISK_BYTES: u64 = 256;

/// The most memory writing the review of `scenario` over `runs` runs
/// takes, bytes: drawing every chart ([`chart::render_memory`], and the
/// dependency graph's data, [`chart::graph_memory`]) and the page, which
/// copies every chart's SVG and has rows per step, role, component and
/// data source (a string up to twice its text, as strings grow by
/// doubling).
pub fn memory_needed(scenario: &Scenario, runs: u64) -> u64 {
    let charts = chart::render_memory(&ChartLoad::of(scenario, runs));
    let risks = scenario.steps.iter().flat_map(|s| &s.risks);
    // A shared risk's driver line names what it is shared by.
    let shared = &scenario.shared_risks;
    let text: usize = scenario.steps.iter().map(|s| s.id.len()).sum::<usize>()
        + scenario
            .components
            .iter()
            .map(|c| c.id.len())
            .sum::<usize>()
        + risks.clone().map(|r| r.name.len()).sum::<usize>()
        + shared
            .iter()
            .map(|r| r.name.len() + r.applies_to.iter().map(|a| a.len() + 2).sum::<usize>())
            .sum::<usize>();
    let rows = (scenario.steps.len() as u64)
        .saturating_mul(PAGE_STEP_BYTES)
        .saturating_add((scenario.components.len() as u64).saturating_mul(PAGE_COMPONENT_BYTES))
        .saturating_add(((risks.count() + shared.len()) as u64).saturating_mul(PAGE_RISK_BYTES));
    let graph = chart::graph_memory(scenario);
    let page = charts
        .svg_bytes
        .saturating_add(graph.svg_bytes)
        .saturating_add(inputs::page_bytes(scenario))
        .saturating_add(world::page_bytes(scenario))
        .saturating_add(rows)
        .saturating_add(text as u64)
        .saturating_add(PAGE_FIXED_BYTES);
    charts
        .total()
        .saturating_add(graph.data_bytes)
        .saturating_add(page.saturating_mul(2))
}
