//! The most memory drawing a review's charts takes, so that a run can be
//! refused before it simulates rather than fail while it draws. Every
//! chart is bounded (at most [`MAX_WIDTH`] × [`MAX_HEIGHT`] pixels, rows
//! capped at [`TIMELINE_ROWS`] and [`COMPONENT_ROWS`]), so a plan enters
//! the bound only through the figures' data (a timeline copies every step
//! of its run, a distribution every run's value), the bars one row of a
//! timeline can hold (more with more retries), and the charts of the RTO
//! split by time of week and by condition (a curve per group).

use super::{COMPONENT_ROWS, MAX_HEIGHT, MAX_WIDTH, TIMELINE_ROWS};
use crate::scenario::Scenario;

/// What in a plan decides the memory its charts take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartLoad {
    /// Runs simulated (each distribution copies a value per run).
    pub runs: u64,
    /// Steps (a timeline copies a row per step that ran).
    pub steps: u64,
    /// Attempts all steps can make together: the sum of retries + 1.
    pub attempts: u64,
    /// The most attempts one step can make: retries + 1.
    pub max_attempts: u64,
    /// Components.
    pub components: u64,
    /// Bytes of every step and component id and name.
    pub text_bytes: u64,
    /// The longest step or component label drawn, bytes (a timeline row's
    /// label): its id or name, at most 888 bytes (labels are
    /// fitted to the label area, cut past two lines).
    pub longest_id: u64,
    /// Charts of the RTO split by what held (`world`): one for the time of
    /// week when the plan has a calendar, one per condition.
    pub splits: u64,
    /// Their curves together: three parts of the week, a case each.
    pub split_groups: u64,
}

impl ChartLoad {
    /// The load of `scenario` simulated `runs` times.
    pub fn of(scenario: &Scenario, runs: u64) -> ChartLoad {
        let attempts =
            |step: &crate::scenario::Step| 1 + step.failure.map_or(0, |f| u64::from(f.retries));
        let step_ids = scenario.steps.iter().map(|s| s.id.len().max(s.name.len()));
        let component_ids = scenario
            .components
            .iter()
            .map(|c| c.id.len().max(c.name.len()));
        let names = scenario
            .steps
            .iter()
            .map(|s| s.name.len())
            .chain(scenario.components.iter().map(|c| c.name.len()));
        ChartLoad {
            runs,
            steps: scenario.steps.len() as u64,
            attempts: scenario.steps.iter().map(attempts).sum(),
            max_attempts: scenario.steps.iter().map(attempts).max().unwrap_or(1),
            components: scenario.components.len() as u64,
            text_bytes: step_ids
                .clone()
                .chain(component_ids.clone())
                .chain(names)
                .sum::<usize>() as u64,
            longest_id: (step_ids.chain(component_ids).max().unwrap_or(0) as u64)
                .min(LABEL_SVG_BYTES),
            splits: u64::from(scenario.calendar.is_some()) + scenario.conditions.len() as u64,
            split_groups: 3 * u64::from(scenario.calendar.is_some())
                + scenario
                    .conditions
                    .iter()
                    .map(|c| c.cases.len() as u64)
                    .sum::<u64>(),
        }
    }
}

/// Figures a review draws: two distributions, the components, the
/// criticality, the tornado and two timelines.
const FIGURES: u64 = 7;
const TIMELINES: u64 = 2;
/// The fixed-size charts: distributions, criticality, tornado.
const FIXED_CHARTS: u64 = FIGURES - TIMELINES - 1;
/// SVG text of a fixed-size chart at most (the shipped ones are under
/// 40 KB: 50 bins, a 401-point curve, at most 15 bars, ticks).
const FIXED_CHART_SVG_BYTES: u64 = 128 << 10;
/// SVG text of a row chart's frame: caption, axes, ticks, mesh, legend
/// (about 20 KB in the shipped charts).
const FRAME_SVG_BYTES: u64 = 64 << 10;
/// SVG text of one drawn element at most, its own text aside: a `<rect>`
/// is about 90 bytes, a `<text>` about 170 before its text.
const ELEMENT_SVG_BYTES: u64 = 192;
/// Elements in a component's row: box (2), whiskers (4), median, p99
/// dot, target tick, name and summary.
const COMPONENT_ROW_ELEMENTS: u64 = 12;
/// A row label's text at most: two lines of the label area (a third of
/// the width, 333 px) in the small size, whose narrowest glyph takes 3 px,
/// of up to 4 bytes a character.
const LABEL_SVG_BYTES: u64 = 2 * (333 / 3) * 4;
/// A component's label and summary text at most (its label, and about
/// 60 more).
const COMPONENT_ROW_TEXT_BYTES: u64 = LABEL_SVG_BYTES + 64;
/// A timeline row's data per step (id, flags, vectors) and per attempt
/// (up to 3 bars and 3 critical stretches, and the engine's timeline of
/// the replayed run it is copied from).
const TIMELINE_STEP_BYTES: u64 = 128;
const TIMELINE_ATTEMPT_BYTES: u64 = 256;
/// A drawn curve of a split chart: up to 503 points of about 12 bytes,
/// and its line in the legend (a case's name, an id, is short).
const CURVE_SVG_BYTES: u64 = 8 << 10;
/// A curve's data aside from its values: label, counts, colour.
const CURVE_BYTES: u64 = 128;
/// A component in a timeline (id, time) and in the components chart (id,
/// name, percentiles), their text aside.
const TIMELINE_COMPONENT_BYTES: u64 = 32;
const COMPONENT_BOX_BYTES: u64 = 128;
/// The PNG encoder's own buffers (filter rows, the deflate state).
const PNG_ENCODER_BYTES: u64 = 1 << 20;

/// The most memory drawing a review's charts takes, by what holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderMemory {
    /// The figures' data, alive while they render: each timeline's rows
    /// (every step of its run, not only those drawn), the components'
    /// boxes, the distributions' values.
    pub figures_bytes: u64,
    /// The SVG text of every figure, at most (they are alive together:
    /// the page is built from them).
    pub svg_bytes: u64,
    /// Drawing and encoding the largest PNG: the RGB bitmap at the
    /// ceiling, the encoded bytes (held twice, by the encoder and the
    /// output, each in a vector up to twice its length, as if nothing
    /// compressed) and the encoder's buffers. PNGs are drawn one at a
    /// time.
    pub png_bytes: u64,
}

impl RenderMemory {
    /// All of it: the figures, the SVG strings (up to twice their text,
    /// as strings grow by doubling) and the largest PNG.
    pub fn total(&self) -> u64 {
        self.figures_bytes
            .saturating_add(self.svg_bytes.saturating_mul(2))
            .saturating_add(self.png_bytes)
    }
}

/// The most memory drawing every chart of a review of `load` takes.
pub fn render_memory(load: &ChartLoad) -> RenderMemory {
    RenderMemory {
        figures_bytes: figures_bytes(load),
        svg_bytes: svg_bytes(load),
        png_bytes: png_bytes(),
    }
}

/// The figures' data: two timelines copying every step and component of
/// their run, the components' boxes, two distributions of every run, and
/// every run's RTO once per split chart (spread over its curves).
fn figures_bytes(load: &ChartLoad) -> u64 {
    let timeline = (load.steps.saturating_mul(TIMELINE_STEP_BYTES))
        .saturating_add(load.attempts.saturating_mul(TIMELINE_ATTEMPT_BYTES))
        .saturating_add(load.components.saturating_mul(TIMELINE_COMPONENT_BYTES))
        .saturating_add(load.text_bytes);
    let components = load
        .components
        .saturating_mul(COMPONENT_BOX_BYTES)
        .saturating_add(load.text_bytes);
    let distributions = load.runs.saturating_mul(2 * 8);
    let splits = load
        .runs
        .saturating_mul(8)
        .saturating_mul(load.splits)
        .saturating_add(load.split_groups.saturating_mul(CURVE_BYTES));
    timeline
        .saturating_mul(TIMELINES)
        .saturating_add(components)
        .saturating_add(distributions)
        .saturating_add(splits)
}

/// The SVG text of every figure: the row charts drawn at their ceilings,
/// the fixed-size charts, and each split chart's frame and curves.
fn svg_bytes(load: &ChartLoad) -> u64 {
    // Per attempt up to 3 bars and 3 critical stretches; then the row's
    // shading, label, and a component's diamond and time.
    let timeline_elements = load.max_attempts.saturating_mul(6).saturating_add(4);
    let timeline_row = timeline_elements
        .saturating_mul(ELEMENT_SVG_BYTES)
        .saturating_add(load.longest_id);
    let timeline = timeline_row
        .saturating_mul(TIMELINE_ROWS as u64)
        .saturating_add(FRAME_SVG_BYTES);
    let components_row = COMPONENT_ROW_ELEMENTS * ELEMENT_SVG_BYTES + COMPONENT_ROW_TEXT_BYTES;
    let components = components_row * COMPONENT_ROWS as u64 + FRAME_SVG_BYTES;
    let splits = load
        .splits
        .saturating_mul(FIXED_CHART_SVG_BYTES)
        .saturating_add(load.split_groups.saturating_mul(CURVE_SVG_BYTES));
    timeline
        .saturating_mul(TIMELINES)
        .saturating_add(components)
        .saturating_add(FIXED_CHARTS * FIXED_CHART_SVG_BYTES)
        .saturating_add(splits)
}

/// The largest PNG: its bitmap, its encoded bytes as if incompressible
/// (a filter byte a row, deflate's stored-block overhead) held twice in
/// vectors up to twice their length, and the encoder's buffers.
fn png_bytes() -> u64 {
    let bitmap = u64::from(MAX_WIDTH) * u64::from(MAX_HEIGHT) * 3;
    let encoded = bitmap + u64::from(MAX_HEIGHT) + bitmap / 1000 + (64 << 10);
    bitmap + 2 * 2 * encoded + PNG_ENCODER_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(steps: u64, components: u64, max_attempts: u64) -> ChartLoad {
        ChartLoad {
            runs: 50,
            steps,
            attempts: steps * max_attempts,
            max_attempts,
            components,
            text_bytes: (steps + components) * 6,
            longest_id: 6,
            splits: 0,
            split_groups: 0,
        }
    }

    #[test]
    fn the_largest_png_is_bounded_by_the_ceiling_whatever_the_plan() {
        // 1000 × 2000 RGB: 6 MB of bitmap, 5 times that with the encoding.
        assert_eq!(u64::from(MAX_WIDTH) * u64::from(MAX_HEIGHT) * 3, 6_000_000);
        let small = render_memory(&load(5, 2, 1)).png_bytes;
        assert_eq!(small, render_memory(&load(40_000, 5_000, 1001)).png_bytes);
        assert!(small < 32 << 20, "{small}");
    }

    #[test]
    fn svg_text_grows_with_the_bars_a_row_can_hold_not_with_the_steps() {
        let svg = |steps, attempts| render_memory(&load(steps, 1, attempts)).svg_bytes;
        assert_eq!(svg(10, 1), svg(40_000, 1));
        // A handful of steps: under 2 MB of SVG for the seven figures.
        assert!(svg(10, 1) < 2 << 20, "{}", svg(10, 1));
        // 1,000 retries: up to 6,000 bars and stretches a row, about 70 MB
        // a timeline.
        assert!(
            (130 << 20..140 << 20).contains(&svg(10, 1001)),
            "{}",
            svg(10, 1001)
        );
    }

    #[test]
    fn the_figures_data_grows_with_the_plan() {
        let data = |steps, components| render_memory(&load(steps, components, 1)).figures_bytes;
        assert!(data(40_000, 1) > 20 * data(1_000, 1));
        assert!(data(1, 5_000) > data(1, 50));
        // 40,000 steps: about 30 MB for the two timelines.
        assert!(data(40_000, 1) < 40 << 20, "{}", data(40_000, 1));
    }

    #[test]
    fn split_charts_add_every_run_once_and_a_curve_per_group() {
        let plain = load(10, 2, 1);
        let split = ChartLoad {
            splits: 2,
            split_groups: 5,
            ..plain
        };
        let (a, b) = (render_memory(&plain), render_memory(&split));
        assert_eq!(
            b.figures_bytes - a.figures_bytes,
            2 * 50 * 8 + 5 * CURVE_BYTES
        );
        assert_eq!(
            b.svg_bytes - a.svg_bytes,
            2 * FIXED_CHART_SVG_BYTES + 5 * CURVE_SVG_BYTES
        );
    }

    #[test]
    fn the_total_counts_strings_at_twice_their_text() {
        let m = RenderMemory {
            figures_bytes: 1,
            svg_bytes: 10,
            png_bytes: 100,
        };
        assert_eq!(m.total(), 121);
        let huge = RenderMemory {
            figures_bytes: u64::MAX,
            ..m
        };
        assert_eq!(huge.total(), u64::MAX);
    }
}
