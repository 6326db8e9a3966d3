//! Exporters: one output format per file, all of one small shape (as
//! hyperfine's are). An [`Exporter`] holds what it reads and writes the
//! whole output to any writer; it does no other I/O, so the CLI decides
//! where bytes go (a file written whole or not at all, or standard output)
//! and tests snapshot the bytes.

mod check_text;
mod csv;
pub(crate) mod drivers;
mod json;
mod junit;
mod text;

pub use check_text::CheckText;
pub use csv::SamplesCsv;
pub use drivers::driver_lines;
pub use json::Json;
pub use junit::{Checked, JUnit, xml as escape_markup};
pub use text::{RunInfo, TextSummary};

use std::io;

/// One output format.
pub trait Exporter {
    /// Writes the whole output.
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()>;

    /// The whole output as text.
    fn render(&self) -> String {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail, and exporters write UTF-8 text.
        let _ = self.write_to(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
