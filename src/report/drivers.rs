//! Choosing what drives the RTO, as data: which steps are most often
//! critical, most sensitive, dominate the worst runs; which role binds;
//! which risks and fallbacks cost most; which components come back last;
//! how precise the judged percentile is. Every exporter writes the same
//! choice (`export::drivers` turns it into sentences).

use super::model::{ActivityTimes, FallbackReport, Report, RiskReport, RoleReport};

/// Steps listed as critical: at most this many, each critical in at
/// least [`CRITICAL_MIN_SHARE`] of runs.
pub const CRITICAL_STEPS: usize = 5;
pub const CRITICAL_MIN_SHARE: f64 = 0.005;
/// Steps listed as sensitive: at most this many, each with |ρ| at least
/// [`SENSITIVE_MIN_RHO`].
pub const SENSITIVE_STEPS: usize = 3;
pub const SENSITIVE_MIN_RHO: f64 = 0.05;
/// Steps listed in the tail decomposition, each with at least a second.
pub const TAIL_STEPS: usize = 4;
/// Risks and fallbacks listed, the costliest and most frequent first.
pub const RISKS: usize = 2;
pub const FALLBACKS: usize = 2;
/// Components listed as recovered last, each last in at least 1 % of runs.
pub const LAST_COMPONENTS: usize = 3;

/// What drives the RTO of one report.
#[derive(Debug, Clone)]
pub struct Drivers<'a> {
    /// Most often on the critical path; among equals the longest first.
    pub critical: Vec<Share<'a>>,
    /// Strongest rank correlation with the RTO first.
    pub sensitive: Vec<Sensitive<'a>>,
    /// Where the worst runs spend their critical path (none without tail runs).
    pub tail: Option<TailDrivers<'a>>,
    /// The role whose wait is most often on the critical path (≥ 1 % of runs).
    pub binding_role: Option<Binding<'a>>,
    /// The risks that move the RTO most when they strike.
    pub risks: Vec<&'a RiskReport>,
    /// The fallbacks taken most often.
    pub fallbacks: Vec<&'a FallbackReport>,
    /// Steps that were sometimes never completed, in file order.
    pub never_completed: Vec<Share<'a>>,
    /// Components most often recovered last.
    pub recovered_last: Vec<Share<'a>>,
    /// The precision of the judged percentile of the RTO.
    pub precision: Option<Precision>,
}

/// A step or component id with a share of runs (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share<'a> {
    pub id: &'a str,
    pub share: f64,
}

/// A role and its report.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    pub id: &'a str,
    pub role: &'a RoleReport,
}

/// A step's time on the tail runs' critical paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TailStep<'a> {
    pub id: &'a str,
    pub times: ActivityTimes,
}

/// A step's sensitivity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sensitive<'a> {
    pub id: &'a str,
    pub rho: f64,
    pub ssi: Option<f64>,
}

/// The tail runs' critical paths by step.
#[derive(Debug, Clone, PartialEq)]
pub struct TailDrivers<'a> {
    /// The tail's share of runs (1 − percentile), threshold RTO and size.
    pub share: f64,
    pub threshold_secs: f64,
    pub runs: u64,
    /// The steps taking most of the tail's time, largest first.
    pub steps: Vec<TailStep<'a>>,
}

/// How precisely the judged percentile of the RTO is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Precision {
    /// Every run has the same value there: the interval is a point.
    Exact { runs: u64 },
    /// ± `half_secs` at 95 % confidence; ± `goal_secs` would take `runs_for_goal`.
    Within {
        half_secs: f64,
        goal_secs: f64,
        runs_for_goal: f64,
    },
}

impl<'a> Drivers<'a> {
    /// Chooses the drivers of `r`.
    pub fn of(r: &'a Report) -> Drivers<'a> {
        Drivers {
            critical: critical(r),
            sensitive: sensitive(r),
            tail: tail(r),
            binding_role: r
                .roles
                .0
                .iter()
                .filter(|(_, role)| role.binding >= 0.01)
                .max_by(|a, b| a.1.binding.total_cmp(&b.1.binding))
                .map(|(id, role)| Binding { id, role }),
            risks: risks(r),
            fallbacks: fallbacks(r),
            never_completed: r
                .steps
                .0
                .iter()
                .filter(|(_, s)| s.failed > 0.0)
                .map(|(id, s)| Share {
                    id,
                    share: s.failed,
                })
                .collect(),
            recovered_last: recovered_last(r),
            precision: precision(r),
        }
    }
}

fn critical(r: &Report) -> Vec<Share<'_>> {
    let mut steps: Vec<(Share, f64)> = r
        .steps
        .0
        .iter()
        .filter(|(_, s)| s.criticality >= CRITICAL_MIN_SHARE)
        .map(|(id, s)| {
            let share = Share {
                id,
                share: s.criticality,
            };
            (share, s.mean.unwrap_or(0.0))
        })
        .collect();
    steps.sort_by(|a, b| b.0.share.total_cmp(&a.0.share).then(b.1.total_cmp(&a.1)));
    steps
        .into_iter()
        .take(CRITICAL_STEPS)
        .map(|(s, _)| s)
        .collect()
}

fn sensitive(r: &Report) -> Vec<Sensitive<'_>> {
    let mut steps: Vec<Sensitive> = r
        .steps
        .0
        .iter()
        .filter_map(|(id, s)| {
            let rho = s.sensitivity.filter(|rho| rho.abs() >= SENSITIVE_MIN_RHO)?;
            Some(Sensitive {
                id,
                rho,
                ssi: s.ssi,
            })
        })
        .collect();
    steps.sort_by(|a, b| b.rho.abs().total_cmp(&a.rho.abs()));
    steps.truncate(SENSITIVE_STEPS);
    steps
}

fn tail(r: &Report) -> Option<TailDrivers<'_>> {
    let t = &r.tail;
    if t.runs == 0 {
        return None;
    }
    let mut steps: Vec<TailStep> = r
        .steps
        .0
        .iter()
        .map(|(id, s)| TailStep { id, times: s.tail })
        .filter(|t| t.times.total() >= 1.0)
        .collect();
    steps.sort_by(|a, b| b.times.total().total_cmp(&a.times.total()));
    steps.truncate(TAIL_STEPS);
    Some(TailDrivers {
        share: 1.0 - t.percentile / 100.0,
        threshold_secs: t.threshold,
        runs: t.runs,
        steps,
    })
}

fn risks(r: &Report) -> Vec<&RiskReport> {
    let mut risks: Vec<&RiskReport> = r
        .risks
        .iter()
        .filter(|k| k.fired > 0.0 && k.rto_when_fired.is_finite())
        .collect();
    risks.sort_by(|a, b| {
        (b.rto_when_fired - b.rto_when_not).total_cmp(&(a.rto_when_fired - a.rto_when_not))
    });
    risks.truncate(RISKS);
    risks
}

fn fallbacks(r: &Report) -> Vec<&FallbackReport> {
    let mut fallbacks: Vec<&FallbackReport> = r.fallbacks.iter().filter(|f| f.rate > 0.0).collect();
    fallbacks.sort_by(|a, b| b.rate.total_cmp(&a.rate));
    fallbacks.truncate(FALLBACKS);
    fallbacks
}

fn recovered_last(r: &Report) -> Vec<Share<'_>> {
    let mut comps: Vec<Share> = r
        .components
        .0
        .iter()
        .filter(|(_, c)| c.last_recovered >= 0.01)
        .map(|(id, c)| Share {
            id,
            share: c.last_recovered,
        })
        .collect();
    comps.sort_by(|a, b| b.share.total_cmp(&a.share));
    comps.truncate(LAST_COMPONENTS);
    comps
}

/// The judged percentile's interval, and the runs that would halve it to
/// a round duration (the interval shrinks as 1/√n).
fn precision(r: &Report) -> Option<Precision> {
    let half = r.rto.half_width()?;
    if half <= 0.0 {
        return Some(Precision::Exact { runs: r.iterations });
    }
    let goal = nice_below(half / 2.0);
    Some(Precision::Within {
        half_secs: half,
        goal_secs: goal,
        runs_for_goal: r.iterations as f64 * (half / goal).powi(2),
    })
}

/// The largest round duration at most `secs` (at least one second).
fn nice_below(secs: f64) -> f64 {
    const NICE: [f64; 16] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0,
        14_400.0, 43_200.0,
    ];
    NICE.iter()
        .rev()
        .copied()
        .find(|n| *n <= secs)
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::nice_below;

    #[test]
    fn round_durations_below() {
        assert_eq!(nice_below(0.4), 1.0);
        assert_eq!(nice_below(61.0), 60.0);
        assert_eq!(nice_below(3599.0), 1800.0);
        assert_eq!(nice_below(1e9), 43_200.0);
    }
}
