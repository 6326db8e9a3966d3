//! Shared look of every chart: sizes, colours, fonts.

use plotters::prelude::*;
use plotters::style::{RGBColor, TextStyle};

/// Default chart size in pixels.
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const TEXT: RGBColor = RGBColor(33, 37, 41);
pub const GRID: RGBColor = RGBColor(222, 226, 230);
/// Main series (histogram bars, working time).
pub const PRIMARY: RGBColor = RGBColor(52, 101, 164);
/// Second series (cumulative curve).
pub const SECONDARY: RGBColor = RGBColor(245, 121, 0);
/// Targets and failures.
pub const TARGET: RGBColor = RGBColor(204, 0, 0);
/// Percentile markers.
pub const MARKER: RGBColor = RGBColor(78, 154, 6);
/// Waiting for a role.
pub const WAITING: RGBColor = RGBColor(186, 189, 182);
/// Retry delays.
pub const RETRY: RGBColor = RGBColor(237, 212, 0);
/// Fallback work.
pub const FALLBACK: RGBColor = RGBColor(117, 80, 123);
/// Unrecovered runs.
pub const NEVER: RGBColor = RGBColor(136, 46, 114);

/// Font family every chart uses (the embedded DejaVu Sans).
pub const FONT: &str = "sans-serif";

pub fn title() -> TextStyle<'static> {
    (FONT, 24).into_font().color(&TEXT)
}

pub fn label() -> TextStyle<'static> {
    (FONT, 16).into_font().color(&TEXT)
}

pub fn small() -> TextStyle<'static> {
    (FONT, 13).into_font().color(&TEXT)
}
