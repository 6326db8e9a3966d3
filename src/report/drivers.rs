//! Choosing what drives the RTO, as data: which steps move the tail
//! (their time on the critical path grows most in the worst runs), which
//! are on every path anyway, which are often critical, most sensitive,
//! where the worst runs spend their path; whose response (engaging an
//! on-call person) and whose busy people (contention) the path waits for;
//! which risks and fallbacks cost most; which components come back last;
//! how precise the judged percentile is. Every exporter writes the same
//! choice (`export::drivers` turns it into sentences).

use super::model::{ActivityTimes, FallbackReport, Report, RiskReport, RoleReport};

/// Steps on the critical path in at least this share of runs are always
/// critical: every path goes through them, so how often says nothing of
/// what drives the spread; they are listed as such, not ranked.
pub const ALWAYS_CRITICAL: f64 = 0.99;
/// Always-critical steps named, in file order (then "and N more").
pub const ALWAYS_CRITICAL_STEPS: usize = 6;
/// Steps listed as often critical (below [`ALWAYS_CRITICAL`]): at most
/// this many, each critical in at least [`CRITICAL_MIN_SHARE`] of runs.
pub const CRITICAL_STEPS: usize = 5;
pub const CRITICAL_MIN_SHARE: f64 = 0.005;
/// Steps listed as moving the tail: at most this many, each holding the
/// worst runs' critical path at least [`TAIL_MOVER_MIN_SHARE`] of the
/// tail's threshold RTO (and a second) longer than an average run's.
pub const TAIL_MOVERS: usize = 4;
pub const TAIL_MOVER_MIN_SHARE: f64 = 0.01;
/// Steps listed as sensitive: at most this many, each with |ρ| at least
/// [`SENSITIVE_MIN_RHO`], among the steps that ran in at least
/// [`SENSITIVE_MIN_RAN`] of runs (a fallback's time is 0 in the runs
/// that did not fall back, so its ρ says whether it ran: the fallback's
/// own line says that, with the RTO when it did and when not).
pub const SENSITIVE_STEPS: usize = 3;
pub const SENSITIVE_MIN_RHO: f64 = 0.05;
pub const SENSITIVE_MIN_RAN: f64 = 0.99;
/// Steps listed in the tail decomposition, each with at least a second.
pub const TAIL_STEPS: usize = 4;
/// Risks and fallbacks listed, the costliest and most frequent first.
pub const RISKS: usize = 2;
pub const FALLBACKS: usize = 2;
/// Components listed as recovered last, each last in at least 1 % of runs.
pub const LAST_COMPONENTS: usize = 3;
/// Roles listed as engaging on the critical path, each in at least
/// [`ROLE_MIN_SHARE`] of runs; a contended role likewise.
pub const ENGAGING_ROLES: usize = 3;
pub const ROLE_MIN_SHARE: f64 = 0.01;

/// What drives the RTO of one report.
#[derive(Debug, Clone)]
pub struct Drivers<'a> {
    /// The steps whose time on the critical path grows most in the worst
    /// runs (none without tail runs), most first.
    pub tail_movers: Vec<TailMover<'a>>,
    /// Steps on the critical path in at least [`ALWAYS_CRITICAL`] of runs,
    /// in file order.
    pub always_critical: Vec<Share<'a>>,
    /// The other steps most often on the critical path; among equals the
    /// longest first.
    pub critical: Vec<Share<'a>>,
    /// Strongest rank correlation with the RTO first.
    pub sensitive: Vec<Sensitive<'a>>,
    /// Where the worst runs spend their critical path (none without tail runs).
    pub tail: Option<TailDrivers<'a>>,
    /// Roles whose people's response (being engaged) lies on the critical
    /// path, most often first.
    pub engaging: Vec<Binding<'a>>,
    /// The role whose busy people are most often waited for on the
    /// critical path (contention), if any is in 1 % of runs or more.
    pub contended: Option<Binding<'a>>,
    /// Whether the plan has roles at all.
    pub has_roles: bool,
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

/// A step that moves the tail: its mean time on the critical path in the
/// tail runs and in all runs that recovered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TailMover<'a> {
    pub id: &'a str,
    pub tail_secs: f64,
    pub path_secs: f64,
    /// Its rank correlation with the RTO, when defined.
    pub rho: Option<f64>,
}

impl TailMover<'_> {
    /// How much longer the worst runs hold it on their critical path.
    pub fn excess_secs(&self) -> f64 {
        self.tail_secs - self.path_secs
    }
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
            tail_movers: tail_movers(r),
            always_critical: always_critical(r),
            critical: critical(r),
            sensitive: sensitive(r),
            tail: tail(r),
            engaging: engaging(r),
            contended: roles_by(r, |role| role.busy_binding).into_iter().next(),
            has_roles: !r.roles.0.is_empty(),
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

/// Steps by how much longer the tail holds them on its critical path.
fn tail_movers(r: &Report) -> Vec<TailMover<'_>> {
    if r.tail.runs == 0 {
        return Vec::new();
    }
    let min = (r.tail.threshold * TAIL_MOVER_MIN_SHARE).max(1.0);
    let mut steps: Vec<TailMover> = r
        .steps
        .0
        .iter()
        .map(|(id, s)| TailMover {
            id,
            tail_secs: s.tail.total(),
            path_secs: s.path.total(),
            rho: s.sensitivity,
        })
        .filter(|m| m.excess_secs() >= min)
        .collect();
    steps.sort_by(|a, b| b.excess_secs().total_cmp(&a.excess_secs()));
    steps.truncate(TAIL_MOVERS);
    steps
}

fn always_critical(r: &Report) -> Vec<Share<'_>> {
    r.steps
        .0
        .iter()
        .filter(|(_, s)| s.criticality >= ALWAYS_CRITICAL)
        .map(|(id, s)| Share {
            id,
            share: s.criticality,
        })
        .collect()
}

fn critical(r: &Report) -> Vec<Share<'_>> {
    let mut steps: Vec<(Share, f64)> = r
        .steps
        .0
        .iter()
        .filter(|(_, s)| (CRITICAL_MIN_SHARE..ALWAYS_CRITICAL).contains(&s.criticality))
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
        .filter(|(_, s)| s.ran >= SENSITIVE_MIN_RAN)
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

/// The roles whose `share` of runs is at least [`ROLE_MIN_SHARE`], largest
/// first (file order among equals).
fn roles_by<'a>(r: &'a Report, share: impl Fn(&RoleReport) -> f64) -> Vec<Binding<'a>> {
    let mut roles: Vec<Binding> = r
        .roles
        .0
        .iter()
        .filter(|(_, role)| share(role) >= ROLE_MIN_SHARE)
        .map(|(id, role)| Binding { id, role })
        .collect();
    roles.sort_by(|a, b| share(b.role).total_cmp(&share(a.role)));
    roles
}

fn engaging(r: &Report) -> Vec<Binding<'_>> {
    let mut roles = roles_by(r, |role| role.engaging_binding);
    roles.truncate(ENGAGING_ROLES);
    roles
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
