//! Comparing plans: several scenarios simulated with the same seed and
//! runs (so with common random numbers, see `engine::RunKey`), side by
//! side, each after the first with its paired difference against the
//! first and a verdict by criterion's rule (worse only when the whole
//! interval lies beyond the noise threshold). Plain serializable structs.

use serde::{Deserialize, Serialize};

use super::check::{TargetVerdict, target_verdicts};
use super::model::{Metric, Report, SCHEMA_VERSION, secs};
use crate::runner::{Column, Results};
use crate::stats::{
    PairedDifference, TIME_FLOOR_SECS, Verdict, Worse, judge, percentile_difference,
    share_difference,
};

/// The percentile the differences are taken at.
pub const COMPARE_PERCENTILE: f64 = 95.0;

/// Plans side by side.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompareReport {
    pub schema_version: u32,
    /// Runs and seed every entry was simulated with.
    pub iterations: u64,
    pub seed: u64,
    /// Noise threshold: a fraction for times, share points for `p_meet`.
    pub noise: f64,
    /// The first entry is the reference the others are compared with.
    pub entries: Vec<CompareEntry>,
}

impl CompareReport {
    /// True when some plan is worse than the first beyond noise: what
    /// `--fail-if-worse` exits 1 on and JUnit fails a case for.
    pub fn any_worse(&self) -> bool {
        self.entries.iter().any(CompareEntry::is_worse)
    }
}

impl CompareEntry {
    /// Worse than the first plan beyond noise (never the first itself).
    pub fn is_worse(&self) -> bool {
        self.diff
            .as_ref()
            .is_some_and(|d| d.verdict == Verdict::Regressed)
    }
}

/// One plan's results, and how it differs from the first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompareEntry {
    /// The scenario's name (with its variant, if any) and file.
    pub name: String,
    pub file: String,
    /// The variant of the file compared (`compare FILE --variants`);
    /// absent for a plan as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub rto: Metric,
    pub rpo: Metric,
    pub makespan: Metric,
    /// Share of runs in which some affected component was never recovered.
    pub unrecovered: f64,
    /// Its targets judged at their percentile.
    pub targets: Vec<TargetVerdict>,
    /// Against the first entry (`null` for the first).
    pub diff: Option<EntryDiff>,
}

/// Paired differences against the first entry (this one minus the first).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryDiff {
    /// p95 RTO and RPO, seconds.
    pub rto_p95: Difference,
    pub rpo_p95: Difference,
    /// Share of runs meeting the first entry's scenario RTO target (`null`
    /// when it has none).
    pub p_meet_rto: Option<Difference>,
    /// Worse, better or unchanged beyond noise.
    pub verdict: Verdict,
}

/// A difference and its 95 % interval (`[low, high]`); seconds for times,
/// a share (0–1) for `p_meet`; `"never"`/`null` when infinite/undefined.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Difference {
    #[serde(with = "secs")]
    pub estimate: f64,
    pub ci: [Bound; 2],
}

/// One end of an interval, seconds or a share.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Bound(#[serde(with = "secs")] pub f64);

impl From<PairedDifference> for Difference {
    fn from(d: PairedDifference) -> Self {
        Difference {
            estimate: d.estimate,
            ci: [Bound(d.low), Bound(d.high)],
        }
    }
}

impl CompareReport {
    /// What tells entry `index` apart in a column header: its variant, "as
    /// written" for the plan its variants are compared with, or its file.
    pub fn short_label(&self, index: usize) -> &str {
        let entry = &self.entries[index];
        match &entry.variant {
            Some(variant) => variant,
            None if self.entries.iter().any(|e| e.variant.is_some()) => "as written",
            None => &entry.file,
        }
    }

    /// The plans as `drsim compare` takes them: the files, or one file
    /// and `--variants` with the names.
    pub fn plans_argument(&self) -> String {
        let variants: Vec<&str> = self
            .entries
            .iter()
            .filter_map(|e| e.variant.as_deref())
            .collect();
        match self.entries.first() {
            Some(first) if !variants.is_empty() => {
                format!("{} --variants {}", first.file, variants.join(" "))
            }
            _ => {
                let files: Vec<&str> = self.entries.iter().map(|e| e.file.as_str()).collect();
                files.join(" ")
            }
        }
    }
}

/// "2. Warm standby": plan `index` (from 0) as every output of a
/// comparison names it, numbered from 1 so plans of one name stay apart.
pub fn plan_label(index: usize, name: &str) -> String {
    format!("{}. {name}", index + 1)
}

/// One simulated plan, as `compare` needs it.
pub struct Compared<'a> {
    pub report: &'a Report,
    pub results: &'a Results,
}

/// Compares plans simulated with the same seed and runs; the first is the
/// reference. `noise` as in `check` (0.02: 2 %).
pub fn compare(plans: &[Compared], noise: f64) -> CompareReport {
    let first = plans.first();
    let entries = plans
        .iter()
        .enumerate()
        .map(|(k, p)| entry(p, if k == 0 { None } else { first }, noise))
        .collect();
    CompareReport {
        schema_version: SCHEMA_VERSION,
        iterations: first.map_or(0, |p| p.report.iterations),
        seed: first.map_or(0, |p| p.report.seed),
        noise,
        entries,
    }
}

fn entry(p: &Compared, reference: Option<&Compared>, noise: f64) -> CompareEntry {
    let r = p.report;
    CompareEntry {
        name: r.scenario.name.clone(),
        file: r.scenario.file.clone(),
        variant: r.scenario.variant.as_ref().map(|v| v.name.clone()),
        rto: r.rto.clone(),
        rpo: r.rpo.clone(),
        makespan: r.makespan.clone(),
        unrecovered: r.unrecovered,
        targets: target_verdicts(r),
        diff: reference.map(|first| diff(first, p, noise)),
    }
}

/// Column `col` of plan `c`'s runs.
fn column<'a>(c: &Compared<'a>, col: Column) -> &'a [f64] {
    c.results.samples.column(col)
}

fn diff(first: &Compared, other: &Compared, noise: f64) -> EntryDiff {
    let seed = first.report.seed;
    let paired = |col| {
        percentile_difference(
            column(first, col),
            column(other, col),
            COMPARE_PERCENTILE,
            seed,
        )
    };
    let rto = paired(Column::Rto);
    let rpo = paired(Column::Rpo);
    let p_meet_rto = first.report.rto.target.map(|target| {
        let meets = |c: &Compared| -> Vec<bool> {
            column(c, Column::Rto)
                .iter()
                .map(|v| *v <= target)
                .collect()
        };
        share_difference(&meets(first), &meets(other))
    });
    let verdict = verdict(
        first.report.rto.p95,
        first.report.rpo.p95,
        [rto, rpo],
        p_meet_rto,
        noise,
    );
    EntryDiff {
        rto_p95: rto.into(),
        rpo_p95: rpo.into(),
        p_meet_rto: p_meet_rto.map(Into::into),
        verdict,
    }
}

/// Criterion's rule (`stats::judge`) on each difference: a time relative
/// to the first plan's value (at least one second), the share in points;
/// worse if any is worse, else better if any is better.
fn verdict(
    rto_first: f64,
    rpo_first: f64,
    times: [PairedDifference; 2],
    share: Option<PairedDifference>,
    noise: f64,
) -> Verdict {
    let time = |d: &PairedDifference, base: f64| {
        let scale = base.max(TIME_FLOOR_SECS);
        if d.low.is_finite() && d.high.is_finite() && scale.is_finite() {
            judge(d.low / scale, d.high / scale, noise, Worse::Higher)
        } else if d.estimate == f64::INFINITY {
            // Never recovered at this percentile in this plan only.
            Verdict::Regressed
        } else if d.estimate == f64::NEG_INFINITY {
            Verdict::Improved
        } else {
            Verdict::Unchanged
        }
    };
    let verdicts = [time(&times[0], rto_first), time(&times[1], rpo_first)]
        .into_iter()
        .chain(share.map(|s| judge(s.low, s.high, noise, Worse::Lower)));
    verdicts.fold(Verdict::Unchanged, |acc, v| match (acc, v) {
        (Verdict::Regressed, _) | (_, Verdict::Regressed) => Verdict::Regressed,
        (Verdict::Improved, _) | (_, Verdict::Improved) => Verdict::Improved,
        _ => Verdict::Unchanged,
    })
}
