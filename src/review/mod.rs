//! The review report: one self-contained HTML page for a DR review board —
//! the plan, its targets with verdicts and confidence, the summary tables,
//! what drives the RTO, every chart (inline SVG), and the parameters that
//! reproduce it. No scripts, no network, printable one column.

mod html;

pub use html::to_html;

use crate::chart::{
    ChartError, ComponentsData, CriticalityData, DistributionData, Figure, GanttData, Quantity,
    TornadoData,
};
use crate::engine::Engine;
use crate::report::Report;
use crate::runner::Results;

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
    ];
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

/// Renders every chart of a review as SVG.
pub fn render(figures: &[Captioned]) -> Result<Vec<RenderedChart>, ChartError> {
    figures
        .iter()
        .map(|c| {
            Ok(RenderedChart {
                name: c.figure.name(),
                caption: c.caption,
                svg: c.figure.to_svg()?,
            })
        })
        .collect()
}
