//! What holds for the whole of one disaster, drawn before anything
//! happens: when in the week it strikes, which case of each condition
//! holds, which shared risks strike, and the copula's uniforms for the
//! correlated steps. Each comes from a stream of its own (`streams`), so a
//! plan without these draws nothing more than it did, and adding one
//! changes no other draw.

use rand::RngExt;

use super::Engine;
use super::state::Workspace;
use super::streams::RunStreams;
use crate::scenario::{SharedEffect, WEEK_SECS};

impl Engine {
    /// Draws the run's world into `ws` (after `reset`, which keeps the
    /// run's streams).
    pub(super) fn draw_world(&self, ws: &mut Workspace) {
        let streams = ws.streams;
        ws.strikes_at = match &self.scenario.calendar {
            Some(calendar) => match calendar.strikes_at {
                Some(at) => at,
                None => WEEK_SECS * streams.of(self.plan.keys.clock).random::<f64>(),
            },
            None => 0.0,
        };
        self.draw_cases(ws, streams);
        self.draw_shared_risks(ws, streams);
        self.draw_copula(ws, streams);
    }

    /// Each condition's case, and the scales they multiply into.
    fn draw_cases(&self, ws: &mut Workspace, streams: RunStreams) {
        let s = &self.scenario;
        ws.cases.clear();
        if self.plan.scaled {
            ws.step_scale.clear();
            ws.step_scale.resize(s.steps.len(), 1.0);
            ws.role_scale.clear();
            ws.role_scale.resize(s.roles.len(), 1.0);
        }
        for (k, condition) in s.conditions.iter().enumerate() {
            let u: f64 = streams.of(self.plan.keys.conditions[k]).random();
            let mut running = 0.0;
            // The last case takes what rounding leaves.
            let mut chosen = condition.cases.len() - 1;
            for (c, case) in condition.cases.iter().enumerate() {
                running += case.probability;
                if u < running {
                    chosen = c;
                    break;
                }
            }
            ws.cases.push(chosen as u8);
            let case = &condition.cases[chosen];
            for (scale, by) in ws.step_scale.iter_mut().zip(&case.step_scale) {
                *scale *= by;
            }
            for (scale, by) in ws.role_scale.iter_mut().zip(&case.role_scale) {
                *scale *= by;
            }
        }
    }

    /// Which shared risks strike, and what they add or multiply (after
    /// the conditions' scales).
    fn draw_shared_risks(&self, ws: &mut Workspace, streams: RunStreams) {
        let s = &self.scenario;
        if self.plan.delayed {
            ws.step_delay.clear();
            ws.step_delay.resize(s.steps.len(), 0.0);
        }
        for (k, risk) in s.shared_risks.iter().enumerate() {
            let mut rng = streams.of(self.plan.keys.shared_risks[k]);
            if rng.random::<f64>() >= risk.probability {
                continue;
            }
            ws.risk_fired[self.plan.step_risk_count + k] = true;
            match &risk.effect {
                SharedEffect::Delay(delay) => {
                    let secs = delay.sample(&mut rng);
                    for &i in &risk.steps {
                        ws.step_delay[i] += secs;
                    }
                }
                SharedEffect::Scale(factor) => {
                    for &i in &risk.steps {
                        ws.step_scale[i] *= factor;
                    }
                }
            }
        }
    }

    /// The correlated steps' first-attempt durations, through the copula.
    fn draw_copula(&self, ws: &mut Workspace, streams: RunStreams) {
        let Some(correlated) = &self.plan.correlated else {
            return;
        };
        let k = correlated.steps.len();
        ws.copula_normals.resize(k, 0.0);
        ws.copula_u.resize(k, 0.0);
        ws.correlated_secs.resize(k, 0.0);
        let mut rng = streams.of(self.plan.keys.correlation);
        correlated
            .copula
            .sample(&mut rng, &mut ws.copula_normals, &mut ws.copula_u);
        for (slot, marginal) in correlated.marginals.iter().enumerate() {
            ws.correlated_secs[slot] = marginal.from_uniform(ws.copula_u[slot]);
        }
    }
}
