//! Per-run samples (`--samples`): one CSV row per run.

use std::io;

use super::Exporter;
use crate::runner::{Column, Samples};
use crate::scenario::Scenario;

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
}

impl Exporter for SamplesCsv<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let columns = self.samples.columns();
        let mut record: Vec<String> = vec!["run".to_string()];
        record.extend(columns.iter().map(|&c| self.header(c)));
        w.write_record(&record)?;
        for run in 0..self.samples.runs() {
            record.clear();
            record.push(run.to_string());
            record.extend(columns.iter().map(|&col| {
                let v = self.samples.value(run, col);
                if v.is_finite() {
                    v.to_string()
                } else {
                    String::new()
                }
            }));
            w.write_record(&record)?;
        }
        w.flush()
    }
}
