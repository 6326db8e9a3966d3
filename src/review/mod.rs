//! The review report: one self-contained HTML page for a DR review board —
//! the plan, its targets with verdicts and confidence, the summary tables,
//! what drives the RTO, every chart (inline SVG), and the parameters that
//! reproduce it. No scripts, no network, printable one column.

mod html;

pub use html::to_html;

use crate::chart::{ChartError, DistributionData, Figure};
use crate::engine::Engine;
use crate::report::Report;
use crate::runner::{COL_RPO, COL_RTO, Results};

/// A chart with its caption, for the page and for `--charts`.
#[derive(Debug, Clone)]
pub struct Captioned {
    pub figure: Figure,
    pub caption: &'static str,
}

/// The charts a review shows, in page order.
pub fn figures(_engine: &Engine, report: &Report, results: &Results) -> Vec<Captioned> {
    vec![
        Captioned {
            figure: Figure::Distribution(DistributionData::from_results(report, results, COL_RTO)),
            caption: "RTO over all simulated disasters: share of runs per bar, the cumulative share (S-curve), the target (red line) and the judged percentile (green dot); runs beyond the axis and runs never recovered as bars at the right.",
        },
        Captioned {
            figure: Figure::Distribution(DistributionData::from_results(report, results, COL_RPO)),
            caption: "RPO (data lost) over all simulated disasters, drawn like the RTO.",
        },
    ]
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
