//! Charts for review boards: one plotters chart per file, each drawing on
//! any backend, rendered to PNG bytes or SVG text (no I/O here).
//!
//! A [`Figure`] is a closed enum of the charts drsim draws. Each chart's
//! data is a plain struct in the chart's own file, with a builder from a
//! report and its results (the timeline from a replayed run); what they
//! share, such as [`TimeScale`], is in [`data`], their look in [`style`],
//! the frame of the horizontal-bar charts in `rows`, the overlaid
//! cumulative curves of the comparison and of the split RTO (`world`) in
//! `curves`, the distribution's layout in `histogram`, and in `limit` the
//! rows a chart keeps when a plan has more steps or components than fit
//! under its ceiling ([`MAX_HEIGHT`]); [`render_memory`] bounds the memory
//! drawing them takes.
//! Text uses the embedded DejaVu Sans (`font`), so charts render the
//! same on a machine with no fonts installed; on PNGs drsim places its
//! glyphs itself (`glyphs`), as plotters' bitmap text misplaces them.

mod compare;
mod components;
mod criticality;
mod curves;
pub mod data;
mod distribution;
pub mod font;
mod gantt;
mod glyphs;
mod graph;
mod histogram;
mod label;
mod limit;
mod memory;
mod rows;
pub mod style;
mod tornado;
mod world;

pub use compare::CompareData;
pub use components::{COMPONENT_ROWS, ComponentBox, ComponentsData, ShownComponents};
pub use criticality::{CRITICALITY_STEPS, CriticalityBar, CriticalityData};
pub use curves::Curve;
pub use data::*;
pub use gantt::{
    BarKind, GanttBar, GanttData, GanttRecovery, GanttRow, GanttSpan, ShownTimeline, TIMELINE_ROWS,
};
pub use graph::{
    CRITICAL_SHARE, Edge, GRAPH_ROWS, GraphData, GraphEdge, GraphLayout, GraphMemory, GraphNode,
    Lane, NodeKind, ShownGraph, graph_memory,
};
pub use limit::LeftOut;
pub use memory::{ChartLoad, RenderMemory, render_memory};
pub use tornado::{TORNADO_STEPS, TornadoBar, TornadoData};
pub use world::{Split, WorldData, WorldGroup};

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The widest chart drsim draws, pixels: every chart is this wide.
pub const MAX_WIDTH: u32 = style::WIDTH;
/// The tallest chart drsim draws, pixels: a timeline of
/// [`TIMELINE_ROWS`] rows (the components chart stops at
/// [`COMPONENT_ROWS`] rows, a little shorter; the others have a fixed
/// size), however many steps and components a plan has.
pub const MAX_HEIGHT: u32 = max_u32(
    max_u32(gantt::MAX_HEIGHT, components::MAX_HEIGHT),
    max_u32(graph::MAX_HEIGHT, style::HEIGHT),
);

const fn max_u32(a: u32, b: u32) -> u32 {
    if a > b { a } else { b }
}

/// A chart that could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing the {chart} chart failed: {message}")]
    Draw {
        chart: &'static str,
        message: String,
    },
    #[error("encoding the {chart} chart as PNG failed: {message}")]
    Encode {
        chart: &'static str,
        message: String,
    },
}

/// Every chart drsim draws.
#[derive(Debug, Clone)]
pub enum Figure {
    /// Histogram with the cumulative curve, target and percentiles.
    Distribution(DistributionData),
    /// Spearman sensitivity of the RTO to each step, centred at 0.
    Tornado(TornadoData),
    /// Share of runs each step was on the critical path.
    Criticality(CriticalityData),
    /// The timeline of one replayed run (p50, p95, …).
    Gantt(GanttData),
    /// Box plots of each affected component's recovery time.
    Components(ComponentsData),
    /// Cumulative distributions of several plans on one axis.
    Compare(CompareData),
    /// The plan's steps and components as a layered dependency graph.
    Graph(GraphData),
    /// Cumulative RTO curves of the runs of each part of the week, or of
    /// each case of a condition.
    World(WorldData),
}

/// A chart with a linear `f64` axis each way, on backend `DB`.
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A drawing result on backend `DB`.
pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

impl Figure {
    /// File name stem, e.g. `rto-distribution`.
    pub fn name(&self) -> String {
        match self {
            Figure::Distribution(d) => format!("{}-distribution", d.quantity.key()),
            Figure::Tornado(_) => "sensitivity-tornado".to_string(),
            Figure::Criticality(_) => "criticality".to_string(),
            Figure::Gantt(d) => format!("timeline-{}", d.percentile_name()),
            Figure::Components(_) => "components".to_string(),
            Figure::Compare(d) => format!("{}-compare", d.quantity.key()),
            Figure::Graph(_) => "dependency-graph".to_string(),
            Figure::World(d) => d.split.chart_name(),
        }
    }

    /// A short kind name for errors.
    fn kind(&self) -> &'static str {
        match self {
            Figure::Distribution(_) => "distribution",
            Figure::Tornado(_) => "sensitivity tornado",
            Figure::Criticality(_) => "criticality",
            Figure::Gantt(_) => "timeline",
            Figure::Components(_) => "components",
            Figure::Compare(_) => "compare",
            Figure::Graph(_) => "dependency graph",
            Figure::World(_) => "split RTO",
        }
    }

    /// Width and height in pixels: at most [`MAX_WIDTH`] × [`MAX_HEIGHT`].
    pub fn size(&self) -> (u32, u32) {
        match self {
            Figure::Distribution(_) | Figure::Tornado(_) => (style::WIDTH, style::HEIGHT),
            Figure::Compare(d) => compare::size(d),
            Figure::Criticality(d) => criticality::size(d),
            Figure::Gantt(d) => gantt::size(d),
            Figure::Components(d) => components::size(d),
            Figure::Graph(d) => graph::size(d),
            Figure::World(d) => world::size(d),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&style::BACKGROUND)?;
        match self {
            Figure::Distribution(d) => distribution::draw(root, d),
            Figure::Tornado(d) => tornado::draw(root, d),
            Figure::Criticality(d) => criticality::draw(root, d),
            Figure::Gantt(d) => gantt::draw(root, d),
            Figure::Components(d) => components::draw(root, d),
            Figure::Compare(d) => compare::draw(root, d),
            Figure::Graph(d) => graph::draw(root, d),
            Figure::World(d) => world::draw(root, d),
        }
    }

    /// Renders as PNG bytes.
    pub fn to_png(&self) -> Result<Vec<u8>, ChartError> {
        font::register()?;
        let (w, h) = self.size();
        let mut pixels = vec![0u8; w as usize * h as usize * 3];
        {
            let bitmap = BitMapBackend::with_buffer(&mut pixels, (w, h));
            let root = glyphs::GlyphBitmap::new(bitmap).into_drawing_area();
            self.draw(&root).map_err(|e| self.draw_error(e))?;
            root.present().map_err(|e| self.draw_error(e))?;
        }
        let mut png = Vec::new();
        use image::ImageEncoder;
        // Charts are flat colours and text: the strongest compression with
        // adaptive filters halves the files at little cost.
        image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&pixels, w, h, image::ColorType::Rgb8)
        .map_err(|e| ChartError::Encode {
            chart: self.kind(),
            message: e.to_string(),
        })?;
        Ok(png)
    }

    /// Renders as SVG text.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        font::register()?;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, self.size()).into_drawing_area();
            self.draw(&root).map_err(|e| self.draw_error(e))?;
            root.present().map_err(|e| self.draw_error(e))?;
        }
        Ok(svg)
    }

    fn draw_error<E: std::error::Error + Send + Sync>(
        &self,
        e: DrawingAreaErrorKind<E>,
    ) -> ChartError {
        ChartError::Draw {
            chart: self.kind(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_files_are_named_after_their_quantity() {
        let data = |quantity| DistributionData {
            title: "t".into(),
            quantity,
            values: vec![1.0],
            never: 0,
            target: None,
            percentile: 95.0,
            at_percentile: 1.0,
            p50: 1.0,
            p95: 1.0,
            from: None,
        };
        let name = |q| Figure::Distribution(data(q)).name();
        assert_eq!(name(Quantity::Rto), "rto-distribution");
        assert_eq!(name(Quantity::Rpo), "rpo-distribution");
    }
}
