//! Per-run samples (`--samples`): one CSV row per run.

use rayon::prelude::*;
use std::fmt::Write as _;
use std::io;

use super::Exporter;
use crate::runner::{Column, Samples};
use crate::scenario::Scenario;

/// Rows formatted per block: the blocks of a round are formatted in
/// parallel, then written in run order, so the whole file is never held.
const BLOCK_ROWS: usize = 16_384;

/// `run,rto,rpo,makespan,rto_<c>...,rpo_<c>...` in seconds; infinite
/// values (never) are empty cells.
pub struct SamplesCsv<'a> {
    pub scenario: &'a Scenario,
    pub samples: &'a Samples,
}

impl SamplesCsv<'_> {
    fn header(&self, column: Column) -> String {
        let id = |c: usize| &self.scenario.components[c].id;
        match column {
            Column::Rto => "rto".to_string(),
            Column::Rpo => "rpo".to_string(),
            Column::Makespan => "makespan".to_string(),
            Column::ComponentRto(c) => format!("rto_{}", id(c)),
            Column::ComponentRpo(c) => format!("rpo_{}", id(c)),
        }
    }

    /// The rows of runs `runs`, as CSV text.
    fn rows(
        &self,
        columns: &[(Column, &[f64])],
        runs: std::ops::Range<usize>,
    ) -> io::Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(runs.len() * 16 * columns.len()));
        let (mut integer, mut float, mut text) =
            (itoa::Buffer::new(), ryu::Buffer::new(), String::new());
        for run in runs {
            w.write_field(integer.format(run))?;
            for (_, values) in columns {
                let v = values[run];
                if v.is_finite() {
                    w.write_field(display(v, &mut float, &mut text))?;
                } else {
                    w.write_field("")?;
                }
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.into_inner().map_err(|e| e.into_error())
    }
}

/// `v` (finite) as `format!("{v}")` writes it — the shortest decimal that
/// reads back as `v`, without an exponent — several times faster where
/// that is safe. Ryu finds the same shortest digits except where two are
/// equally near `v` (it and Display break such ties differently). A tie
/// needs `v`'s exact decimal expansion to have at most 18 significant
/// digits; `v = m·2^q` with `m` odd has at least 19 once `q ≤ −26` (the
/// expansion is the odd integer `m·5^−q`), which holds for the seconds
/// of any sampled duration below two years. Other values, and those ryu
/// writes with an exponent, go through Display.
fn display<'b>(v: f64, float: &'b mut ryu::Buffer, text: &'b mut String) -> &'b str {
    if lowest_bit_exponent(v).is_some_and(|q| q <= -26) {
        let digits = float.format_finite(v);
        if !digits.contains('e') {
            return digits;
        }
    }
    text.clear();
    let _ = write!(text, "{v}");
    text
}

/// For a normal `v`, the exponent `q` of `v = m·2^q` with `m` odd.
fn lowest_bit_exponent(v: f64) -> Option<i32> {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 || biased == 0x7ff {
        return None;
    }
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    Some(biased - 1075 + mantissa.trailing_zeros() as i32)
}

impl Exporter for SamplesCsv<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let columns: Vec<(Column, &[f64])> = self
            .samples
            .columns()
            .into_iter()
            .map(|c| (c, self.samples.column(c)))
            .collect();
        let mut w = csv::Writer::from_writer(&mut *out);
        let mut record: Vec<String> = vec!["run".to_string()];
        record.extend(columns.iter().map(|&(c, _)| self.header(c)));
        w.write_record(&record)?;
        w.flush()?;
        drop(w);
        let runs = self.samples.runs();
        let blocks: Vec<std::ops::Range<usize>> = (0..runs)
            .step_by(BLOCK_ROWS)
            .map(|start| start..(start + BLOCK_ROWS).min(runs))
            .collect();
        for round in blocks.chunks(2 * rayon::current_num_threads()) {
            let texts: Vec<io::Result<Vec<u8>>> = round
                .par_iter()
                .map(|range| self.rows(&columns, range.clone()))
                .collect();
            for text in texts {
                out.write_all(&text?)?;
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(13);
        let (mut float, mut text) = (ryu::Buffer::new(), String::new());
        // Ties between two shortest decimals (where ryu and Display part).
        let ties = [
            6_796_064_284_903_002.0 / 8.0,
            8192.0 + 1.0 / 8192.0,
            0.5 + 2f64.powi(-25),
        ];
        let special = [
            0.0, -0.0, 1.0, 3600.0, 0.1, 1e-5, 1e-6, 1.5e-7, 1e15, 1e16, 1e17,
        ]
        .into_iter()
        .chain([123_456_789.125, f64::MAX, f64::MIN_POSITIVE, 5e-324, -2.5])
        .chain(ties);
        let random = (0..200_000).map(|k| match k % 4 {
            // Seconds as the engine makes them, and any bits at all.
            0 => rng.random::<f64>() * 86_400.0,
            1 => (rng.random::<f64>() * 7200.0).round(),
            2 => rng.random::<f64>() * 10f64.powi(rng.random_range(-9..18)),
            _ => f64::from_bits(rng.random::<u64>()),
        });
        for v in special.chain(random).filter(|v| v.is_finite()) {
            assert_eq!(display(v, &mut float, &mut text), format!("{v}"), "{:e}", v);
        }
    }
}
