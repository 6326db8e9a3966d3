//! Charts for review boards: one plotters chart per file, each drawing on
//! any backend, rendered to PNG bytes or SVG text (no I/O here).
//!
//! A [`Figure`] is a closed enum of the charts drsim draws; its data is
//! plain structs built from a report and its results ([`data`]). Text uses
//! the embedded DejaVu Sans (`assets/`), so charts render the same on a
//! machine with no fonts installed.

pub mod data;
mod distribution;
mod style;

pub use data::*;

use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::OnceLock;

/// The embedded font (DejaVu Sans; licence in `assets/DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

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
}

/// A drawing result on backend `DB`.
pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

impl Figure {
    /// File name stem, e.g. `rto-distribution`.
    pub fn name(&self) -> String {
        match self {
            Figure::Distribution(d) => format!("{}-distribution", d.quantity.to_lowercase()),
        }
    }

    /// A short kind name for errors.
    fn kind(&self) -> &'static str {
        match self {
            Figure::Distribution(_) => "distribution",
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Figure::Distribution(_) => (style::WIDTH, style::HEIGHT),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&style::BACKGROUND)?;
        match self {
            Figure::Distribution(d) => distribution::draw(root, d),
        }
    }

    /// Renders as PNG bytes.
    pub fn to_png(&self) -> Result<Vec<u8>, ChartError> {
        register_font()?;
        let (w, h) = self.size();
        let mut pixels = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            self.draw(&root).map_err(|e| self.draw_error(e))?;
            root.present().map_err(|e| self.draw_error(e))?;
        }
        let mut png = Vec::new();
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&pixels, w, h, image::ColorType::Rgb8)
            .map_err(|e| ChartError::Encode {
                chart: self.kind(),
                message: e.to_string(),
            })?;
        Ok(png)
    }

    /// Renders as SVG text.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        register_font()?;
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

/// Registers the embedded font once per process.
fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
            && plotters::style::register_font("sans-serif", FontStyle::Bold, FONT).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}
