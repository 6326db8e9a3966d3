//! After the event loop: per-component RTO and RPO, the run's RTO, RPO and
//! makespan, and the critical path that decided the RTO.

use rand::{Rng, RngExt};

use super::Engine;
use super::state::{Cause, DoneBy, Workspace};
use crate::scenario::Source;

impl Engine {
    /// Fills in RPOs and marks the critical path; returns (rto, rpo).
    pub(super) fn finish<R: Rng + ?Sized>(&self, ws: &mut Workspace, rng: &mut R) -> (f64, f64) {
        let s = &self.scenario;
        let mut rto = 0.0f64;
        let mut rpo = 0.0f64;
        for (c, comp) in s.components.iter().enumerate() {
            let rto_c = ws.components[c].rto_secs;
            rto = rto.max(rto_c);
            let rpo_c = if !comp.has_data() {
                0.0
            } else if rto_c.is_infinite() {
                f64::INFINITY
            } else {
                match ws.components[c].source_step {
                    None => 0.0,
                    Some(step) => {
                        let source = self.effective_source(ws, step as usize, c);
                        source.map_or(0.0, |src| sample_data_loss(&comp.sources[src], rng))
                    }
                }
            };
            ws.components[c].rpo_secs = rpo_c;
            if comp.has_data() {
                rpo = rpo.max(rpo_c);
            }
        }
        if rto.is_finite() {
            if let Some(last) = ws.last_recovered {
                self.mark_critical(ws, Cause::Component(last));
            }
        }
        (rto, rpo)
    }

    /// The data source of component `c` as recovered by `step`: walk the
    /// fallbacks the step actually took; the deepest one that recovers `c`
    /// decides, else the step's own `from`.
    fn effective_source(&self, ws: &Workspace, step: usize, c: usize) -> Option<usize> {
        let steps = &self.scenario.steps;
        let source_of = |i: usize| {
            steps[i]
                .recovers
                .iter()
                .find(|r| r.component == c)
                .map(|r| r.source)
        };
        let mut source = source_of(step).flatten();
        let mut current = step;
        for _ in 0..steps.len() {
            if !ws.steps[current].fell_back {
                break;
            }
            let Some(next) = steps[current].failure.and_then(|f| f.fallback) else {
                break;
            };
            if let Some(s) = source_of(next) {
                source = s;
            }
            current = next;
        }
        source
    }

    /// Walks back from `from` through what decided each time, marking steps.
    fn mark_critical(&self, ws: &mut Workspace, from: Cause) {
        let mut cause = from;
        // Every link goes strictly back in the run's history; the bound is a guard.
        let limit =
            ws.attempts.len() + self.scenario.steps.len() + self.scenario.components.len() + 1;
        for _ in 0..limit {
            cause = match cause {
                Cause::Start => return,
                Cause::Engaged(r) => {
                    ws.roles[r as usize].binding = true;
                    return;
                }
                Cause::Component(c) => ws.components[c as usize].last,
                Cause::Step(i) => {
                    ws.steps[i as usize].critical = true;
                    match ws.steps[i as usize].done_by {
                        Some(DoneBy::Attempt(a)) | Some(DoneBy::FallbackAlreadyDone(a)) => {
                            ws.attempts[a as usize].cause
                        }
                        Some(DoneBy::Fallback(f)) => Cause::Step(f),
                        None => return,
                    }
                }
                Cause::Retry(a) | Cause::Released(a) | Cause::GaveUp(a) => {
                    let attempt = ws.attempts[a as usize];
                    ws.steps[attempt.step as usize].critical = true;
                    if let (Cause::Released(_), Some(r)) =
                        (cause, self.scenario.steps[attempt.step as usize].role)
                    {
                        ws.roles[r].binding = true;
                    }
                    attempt.cause
                }
            };
        }
    }
}

/// Data lost when recovering from `source`: replication lag, plus for
/// periodic backups the age of the last good one at the disaster.
fn sample_data_loss<R: Rng + ?Sized>(source: &Source, rng: &mut R) -> f64 {
    let mut loss = source.lag.as_ref().map_or(0.0, |lag| lag.sample(rng));
    if let Some(backup) = source.backup {
        let since_last = backup.interval_secs * rng.random::<f64>();
        let failed_before = if backup.success >= 1.0 {
            0.0
        } else if backup.success <= 0.0 {
            f64::INFINITY
        } else {
            // Failures before the first success: geometric, by inversion.
            let u = 1.0 - rng.random::<f64>();
            (u.ln() / (1.0 - backup.success).ln()).floor()
        };
        loss += since_last + failed_before * backup.interval_secs;
    }
    loss
}
