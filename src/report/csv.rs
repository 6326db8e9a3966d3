//! Per-run samples (`--samples`): one CSV row per run.

use std::io::Write;

use crate::runner::Samples;
use crate::scenario::Scenario;

/// Writes `run,rto,rpo,makespan,rto_<c>...,rpo_<c>...` in seconds; infinite
/// values are empty cells.
pub fn samples_csv<W: Write>(s: &Scenario, samples: &Samples, out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "run".to_string(),
        "rto".into(),
        "rpo".into(),
        "makespan".into(),
    ];
    header.extend(s.components.iter().map(|c| format!("rto_{}", c.id)));
    header.extend(s.components.iter().map(|c| format!("rpo_{}", c.id)));
    w.write_record(&header)?;
    let mut record = Vec::with_capacity(header.len());
    for run in 0..samples.runs() {
        record.clear();
        record.push(run.to_string());
        record.extend(
            (0..samples.width())
                .map(|col| samples.value(run, col))
                .map(|v| {
                    if v.is_finite() {
                        v.to_string()
                    } else {
                        String::new()
                    }
                }),
        );
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}
