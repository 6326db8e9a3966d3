//! After the event loop: per-component RTO and RPO, the run's RTO, RPO and
//! makespan, and the critical path that decided the RTO.

use rand::{Rng, RngExt};

use super::Engine;
use super::state::Workspace;
use super::streams::{self, RunKey};
use super::walk::{LinkKind, WaitEnd, walk};
use crate::scenario::Source;

impl Engine {
    /// Fills in RPOs and marks the critical path; returns (rto, rpo).
    /// A data loss comes from the stream of its component's data source.
    pub(super) fn finish(&self, ws: &mut Workspace, run: RunKey) -> (f64, f64) {
        let s = &self.scenario;
        let mut rto = 0.0f64;
        let mut rpo = 0.0f64;
        ws.chain_ends.reset();
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
                        let sources = &self.plan.sources;
                        let source = sources.effective(&ws.steps, &mut ws.chain_ends, step, c);
                        source.map_or(0.0, |src| {
                            let key = self.plan.keys.sources[c][src];
                            sample_data_loss(&comp.sources[src], &mut streams::stream(run, key))
                        })
                    }
                }
            };
            ws.components[c].rpo_secs = rpo_c;
            if comp.has_data() {
                rpo = rpo.max(rpo_c);
            }
        }
        self.mark_critical(ws, rto);
        (rto, rpo)
    }

    /// Marks the steps on the critical path of the RTO, and the roles
    /// whose wait lies on it; allocates nothing.
    fn mark_critical(&self, ws: &mut Workspace, rto_secs: f64) {
        let last = ws.last_recovered;
        walk(ws, rto_secs, last, |ws, link| match link.kind {
            LinkKind::Done | LinkKind::Attempt { .. } => {
                ws.steps[link.step as usize].critical = true
            }
            // The attempt's own link has marked its step; the wait binds its role.
            LinkKind::Wait { until, .. } => {
                let (role, engaging) = match until {
                    WaitEnd::Response { role } => (Some(role as usize), true),
                    WaitEnd::Release { .. } => {
                        (self.scenario.steps[link.step as usize].role, false)
                    }
                };
                if let Some(r) = role {
                    let role = &mut ws.roles[r];
                    role.binding = true;
                    if engaging {
                        role.engaging_binding = true;
                    } else {
                        role.busy_binding = true;
                    }
                }
            }
            LinkKind::RetryDelay { .. } => {}
        });
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
