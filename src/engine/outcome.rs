//! After the event loop: per-component RTO and RPO, the run's RTO, RPO and
//! makespan, and the critical path that decided the RTO.

use rand::{Rng, RngExt};

use super::Engine;
use super::state::{StepState, Workspace};
use super::walk::{Link, LinkKind, WaitEnd, walk};
use crate::scenario::{Clock, Source};

/// When `clock` started in this run: 0 for the disaster, else when its
/// step started or ended — 0 too when it never did.
fn clock_secs(ws: &Workspace, clock: Clock) -> f64 {
    clock_secs_of(&ws.steps, clock)
}

/// [`clock_secs`] from the steps' states.
pub(super) fn clock_secs_of(steps: &[StepState], clock: Clock) -> f64 {
    let at = match clock {
        Clock::Disaster => 0.0,
        Clock::StepStart(i) => steps[i].started_secs,
        Clock::StepEnd(i) => steps[i].done_secs,
    };
    if at.is_finite() { at } else { 0.0 }
}

/// A recovery time measured from a clock: never when never, 0 when it
/// came before the clock started.
fn since(recovered_secs: f64, clock_secs: f64) -> f64 {
    (recovered_secs - clock_secs).max(0.0)
}

/// The run's overall figures.
pub(super) struct Outcome {
    pub recovered_secs: f64,
    pub rto_secs: f64,
    pub rpo_secs: f64,
}

impl Engine {
    /// Fills in RTOs (from their clocks) and RPOs, marks the critical path,
    /// and returns the overall figures.
    pub(super) fn finish(&self, ws: &mut Workspace) -> Outcome {
        let outcome = self.figures(ws);
        self.mark_critical(ws, outcome.recovered_secs);
        outcome
    }

    /// Fills in RTOs (from their clocks) and RPOs and returns the overall
    /// figures, without the critical path. A data loss comes from the
    /// stream of its component's data source.
    pub(super) fn figures(&self, ws: &mut Workspace) -> Outcome {
        let s = &self.scenario;
        let plan = &self.plan;
        let mut recovered = 0.0f64;
        let mut rpo = 0.0f64;
        ws.chain_ends.reset();
        // The workspace's parts borrowed once, walked in step.
        let steps = &ws.steps;
        let chain_ends = &mut ws.chain_ends;
        let streams = ws.streams;
        let counted = plan.overall.rto.iter().zip(&plan.overall.rpo);
        let components = s.components.iter().zip(ws.components.iter_mut());
        for (c, ((comp, state), (&in_rto, &in_rpo))) in components.zip(counted).enumerate() {
            let recovered_c = state.recovered_secs;
            if in_rto {
                recovered = recovered.max(recovered_c);
            }
            state.rto_secs = since(recovered_c, clock_secs_of(steps, comp.rto_from));
            let rpo_c = if !comp.has_data() {
                0.0
            } else if recovered_c.is_infinite() {
                f64::INFINITY
            } else {
                match state.source_step {
                    None => 0.0,
                    Some(step) => {
                        let source = plan.sources.effective(steps, chain_ends, step, c);
                        source.map_or(0.0, |src| {
                            let mut rng = streams.of(plan.keys.sources[c][src]);
                            sample_data_loss(&comp.sources[src], &mut rng)
                        })
                    }
                }
            };
            state.rpo_secs = rpo_c;
            if in_rpo {
                rpo = rpo.max(rpo_c);
            }
        }
        Outcome {
            recovered_secs: recovered,
            rto_secs: since(recovered, clock_secs(ws, s.targets.rto_from)),
            rpo_secs: rpo,
        }
    }

    /// Marks the steps on the critical path of the RTO, and the roles
    /// whose wait lies on it; allocates nothing.
    fn mark_critical(&self, ws: &mut Workspace, rto_secs: f64) {
        let last = ws.last_recovered;
        ws.path.clear();
        walk(
            ws,
            rto_secs,
            last,
            #[inline(always)]
            |ws, link| {
                // The path's segments, from the same walk (`Run::path`).
                if let Some(segment) = super::path::segment(&ws.attempts, link) {
                    ws.path.push(segment);
                }
                mark(self, ws, link);
            },
        );
    }
}

/// Marks what one link of the critical path makes critical: its step, and
/// for a wait, its role as binding.
#[inline(always)]
fn mark(engine: &Engine, ws: &mut Workspace, link: Link) {
    match link.kind {
        LinkKind::Done | LinkKind::Attempt { .. } => ws.steps[link.step as usize].critical = true,
        // The attempt's own link has marked its step; the wait binds its role.
        LinkKind::Wait { until, .. } => {
            let (role, engaging) = match until {
                WaitEnd::Response { role } | WaitEnd::Hours { role } => (Some(role as usize), true),
                WaitEnd::Release { .. } => (engine.scenario.steps[link.step as usize].role, false),
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
