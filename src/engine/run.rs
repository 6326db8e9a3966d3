//! One simulated disaster: the event loop of SPEC §2.

use rand::RngExt;

use crate::dist::MAX_SAMPLE_SECS;
use crate::scenario::{OffHours, Role};

use super::Engine;
use super::plan::Reach;
use super::queue::Event;
use super::state::{Attempt, Cause, DoneBy, Status, Waiting, Work, Workspace};
use super::streams::RunKey;

impl Engine {
    /// Runs disaster `run`, leaving its outcome in `ws`.
    pub(super) fn run_events(&self, ws: &mut Workspace, run: RunKey) {
        let s = &self.scenario;
        ws.reset(s, &self.plan, run);
        if self.plan.world {
            self.draw_world(ws);
        }
        for (r, role) in s.roles.iter().enumerate() {
            if self.plan.role_used[r] {
                self.engage(ws, r, role);
            }
        }
        for &i in &self.plan.ready_at_start {
            self.make_ready(ws, i as usize, 0.0, Cause::Start);
        }
        self.dispatch(ws, 0.0);
        // Every event at a time, then what can start at that time.
        while let Some((now, event)) = ws.queue.pop() {
            self.handle(ws, now, event);
            if ws.queue.peek_time() != Some(now) {
                self.dispatch(ws, now);
            }
        }
    }

    /// Pages the people of role `r` at the disaster: each is engaged after
    /// the role's response time (out of its hours, its `off_hours` one, or
    /// when the hours begin for a role that waits for them), scaled by the
    /// conditions that hold. Person by person from the role's stream: one
    /// more person leaves the others' response times as they were.
    fn engage(&self, ws: &mut Workspace, r: usize, role: &Role) {
        let closed = role
            .hours
            .as_ref()
            .map_or(0.0, |h| h.until_open(ws.strikes_at));
        let (response, wait) = match (&role.off_hours, closed > 0.0) {
            (Some(OffHours::Response(off)), true) => (Some(off), 0.0),
            (Some(OffHours::Wait), true) => (role.response.as_ref(), closed),
            _ => (role.response.as_ref(), 0.0),
        };
        let Some(response) = response else {
            if wait == 0.0 {
                ws.role_free[r] = role.count;
            } else {
                for _ in 0..role.count {
                    ws.queue.push(wait, Event::HoursBegin(r as u32));
                }
            }
            return;
        };
        let scale = if self.plan.scaled {
            ws.role_scale[r]
        } else {
            1.0
        };
        let mut rng = ws.streams.of(self.plan.keys.roles[r]);
        for _ in 0..role.count {
            let engaged = wait + (scale * response.sample(&mut rng)).min(MAX_SAMPLE_SECS);
            if engaged == 0.0 {
                ws.role_free[r] += 1;
            } else {
                ws.queue.push(engaged, Event::UnitEngaged(r as u32));
            }
        }
    }

    fn handle(&self, ws: &mut Workspace, now: f64, event: Event) {
        match event {
            Event::UnitEngaged(role) => ws.free_unit(role as usize, Cause::Engaged(role)),
            Event::HoursBegin(role) => ws.free_unit(role as usize, Cause::Hours(role)),
            Event::RetryReady(failed) => {
                let step = ws.attempts[failed as usize].step as usize;
                self.make_ready(ws, step, now, Cause::Retry(failed));
            }
            Event::AttemptEnd(a) => self.attempt_end(ws, now, a),
        }
    }

    fn attempt_end(&self, ws: &mut Workspace, now: f64, a: u32) {
        let attempt = ws.attempts[a as usize];
        let i = attempt.step as usize;
        let step = &self.scenario.steps[i];
        ws.makespan_secs = ws.makespan_secs.max(now);
        if let Some(r) = step.role {
            ws.free_unit(r, Cause::Released(a));
        }
        if !attempt.failed {
            self.step_done(ws, i, now, DoneBy::Attempt(a));
            return;
        }
        ws.steps[i].failures += 1;
        let failure = step.failure.expect("only steps with `failure` fail");
        if ws.steps[i].failures <= failure.retries {
            ws.steps[i].busy_secs += failure.retry_delay_secs;
            if failure.retry_delay_secs == 0.0 {
                self.make_ready(ws, i, now, Cause::Retry(a));
            } else {
                ws.steps[i].status = Status::RetryWait;
                ws.queue
                    .push(now + failure.retry_delay_secs, Event::RetryReady(a));
            }
            return;
        }
        ws.steps[i].fell_back = failure.fallback.is_some();
        match failure.fallback {
            None => ws.steps[i].status = Status::Failed,
            Some(f) if ws.steps[f].status == Status::Done => {
                self.step_done(ws, i, now, DoneBy::FallbackAlreadyDone(a));
            }
            Some(f) => {
                ws.steps[i].status = Status::AwaitingFallback;
                let fallback = &mut ws.steps[f];
                if !fallback.active {
                    fallback.active = true;
                    if fallback.pending == 0 {
                        self.make_ready(ws, f, now, Cause::GaveUp(a));
                    }
                }
            }
        }
    }

    fn make_ready(&self, ws: &mut Workspace, i: usize, now: f64, cause: Cause) {
        let st = &mut ws.steps[i];
        st.status = Status::Ready;
        st.ready_secs = now;
        st.ready_cause = cause;
        match self.scenario.steps[i].role {
            Some(r) => ws.wait_for_role(r, Waiting::new(self.plan.priority_rank[i], now, i as u32)),
            None => ws.ready_no_role.push(i as u32),
        }
    }

    /// Step `i` is done at `now`; propagates everything that follows at
    /// this time (dependents, components, steps waiting on it as fallback).
    fn step_done(&self, ws: &mut Workspace, i: usize, now: f64, by: DoneBy) {
        self.propagate_step(ws, i, now, by);
        while let Some(work) = ws.work.pop() {
            match work {
                Work::StepDone { step, by } => self.propagate_step(ws, step as usize, now, by),
                Work::ComponentRecovered(c) => self.propagate_component(ws, c as usize, now),
            }
        }
    }

    fn propagate_step(&self, ws: &mut Workspace, i: usize, now: f64, by: DoneBy) {
        let st = &mut ws.steps[i];
        st.status = Status::Done;
        st.done_secs = now;
        st.done_by = Some(by);
        for &reach in self.plan.step_reach.get(i) {
            match Reach::decode(reach) {
                Reach::Step(d) => self.satisfy(ws, d as usize, now, Cause::Step(i as u32)),
                Reach::Component(c) => {
                    let comp = &mut ws.components[c as usize];
                    comp.pending -= 1;
                    comp.last = Cause::Step(i as u32);
                    comp.source_step = Some(i as u32);
                    if comp.pending == 0 {
                        ws.work.push(Work::ComponentRecovered(c));
                    }
                }
                Reach::Waiter(w) => {
                    let waiter = &mut ws.steps[w as usize];
                    if waiter.status == Status::AwaitingFallback {
                        // Marked now so that it is queued once.
                        waiter.status = Status::Done;
                        ws.work.push(Work::StepDone {
                            step: w,
                            by: DoneBy::Fallback(i as u32),
                        });
                    }
                }
            }
        }
    }

    fn propagate_component(&self, ws: &mut Workspace, c: usize, now: f64) {
        ws.components[c].recovered_secs = now;
        if self.plan.overall.rto[c] {
            ws.last_recovered = Some(c as u32);
        }
        for &reach in self.plan.component_reach.get(c) {
            match Reach::decode(reach) {
                Reach::Step(d) => self.satisfy(ws, d as usize, now, Cause::Component(c as u32)),
                // A component's list holds no waiters.
                Reach::Component(d) | Reach::Waiter(d) => {
                    let comp = &mut ws.components[d as usize];
                    comp.pending -= 1;
                    comp.last = Cause::Component(c as u32);
                    if comp.pending == 0 {
                        ws.work.push(Work::ComponentRecovered(d));
                    }
                }
            }
        }
    }

    /// One item of step `d`'s `after` is done.
    fn satisfy(&self, ws: &mut Workspace, d: usize, now: f64, cause: Cause) {
        let st = &mut ws.steps[d];
        st.pending -= 1;
        if st.pending == 0 && st.active {
            self.make_ready(ws, d, now, cause);
        }
    }

    /// Starts everything that can start at `now`: steps without a role, then
    /// per role (in file order) the best waiting steps while units are free.
    /// It visits only the roles that can start something (a free unit and a
    /// step waiting), not every role.
    #[inline(always)]
    fn dispatch(&self, ws: &mut Workspace, now: f64) {
        // Often nothing can start: an attempt ended and no step waits.
        if !ws.ready_no_role.is_empty() || !ws.startable_roles.is_empty() {
            self.dispatch_some(ws, now);
        }
    }

    /// [`Self::dispatch`] when some step or role may start something.
    fn dispatch_some(&self, ws: &mut Workspace, now: f64) {
        // Starting a step only schedules events, so this list does not grow here.
        for k in 0..ws.ready_no_role.len() {
            let i = ws.ready_no_role[k] as usize;
            let cause = ws.steps[i].ready_cause;
            self.start(ws, i, now, cause);
        }
        ws.ready_no_role.clear();
        // Starting a step frees no unit, so this list does not grow here.
        ws.startable_roles.sort_unstable();
        for k in 0..ws.startable_roles.len() {
            let r = ws.startable_roles[k] as usize;
            if self.plan.wait_role[r] && self.off_duty(ws, r, now) {
                continue;
            }
            while ws.role_free[r] > 0 && !ws.role_waiting[r].is_empty() {
                let Some(next) = ws.role_waiting[r].pop() else {
                    break;
                };
                ws.role_free[r] -= 1;
                let step = next.step() as usize;
                let cause = if next.ready_secs() < now {
                    ws.role_last_free[r]
                } else {
                    ws.steps[step].ready_cause
                };
                self.start(ws, step, now, cause);
            }
        }
        ws.startable_roles.clear();
    }

    /// For a role that acts only in its hours: when they are over at
    /// `now`, its free people leave until the hours begin again (engaged
    /// then), and it starts nothing now.
    fn off_duty(&self, ws: &mut Workspace, r: usize, now: f64) -> bool {
        let hours = self.scenario.roles[r]
            .hours
            .as_ref()
            .expect("a role that waits for its hours has hours");
        let until = hours.until_open(ws.strikes_at + now);
        if until == 0.0 {
            return false;
        }
        for _ in 0..ws.role_free[r] {
            ws.queue.push(now + until, Event::HoursBegin(r as u32));
        }
        ws.role_free[r] = 0;
        true
    }

    /// Starts an attempt of step `i`, drawing from the step's own stream:
    /// its duration, on the first attempt its risks, then its failure.
    fn start(&self, ws: &mut Workspace, i: usize, now: f64, cause: Cause) {
        let step = &self.scenario.steps[i];
        // Each of the workspace's parts borrowed once.
        let st = &mut ws.steps[i];
        let rng = &mut ws.step_rng[i];
        let first_attempt = st.attempts == 0;
        if first_attempt {
            *rng = ws.streams.of(self.plan.keys.steps[i]);
        }
        let mut secs = step.duration.sample(rng);
        let mut risk_delay_secs = 0.0;
        // One test when the plan has none of what a whole disaster shares.
        if self.plan.world {
            if first_attempt
                && let Some(slot) = self.plan.correlated.as_ref().and_then(|c| c.slot[i])
            {
                // The copula's draw replaces the step's own, which is still
                // drawn so that its risks and failures draw as ever.
                secs = ws.correlated_secs[slot];
            }
            if self.plan.scaled {
                secs = (secs * ws.step_scale[i]).min(MAX_SAMPLE_SECS);
            }
            if first_attempt && self.plan.delayed {
                risk_delay_secs += ws.step_delay[i];
            }
        }
        if first_attempt && !step.risks.is_empty() {
            let first = self.plan.first_risk[i] as usize;
            for (k, risk) in step.risks.iter().enumerate() {
                if rng.random::<f64>() < risk.probability {
                    risk_delay_secs += risk.delay.sample(rng);
                    ws.risk_fired[first + k] = true;
                }
            }
        }
        secs += risk_delay_secs;
        let failed = step
            .failure
            .is_some_and(|f| rng.random::<f64>() < f.probability);
        let a = ws.attempts.len() as u32;
        ws.attempts.push(Attempt {
            step: i as u32,
            ready_secs: st.ready_secs,
            ready_cause: st.ready_cause,
            start_secs: now,
            end_secs: now + secs,
            risk_delay_secs,
            failed,
            cause,
        });
        let wait = now - st.ready_secs;
        if first_attempt {
            st.started_secs = now;
        }
        st.status = Status::Running;
        st.attempts += 1;
        st.busy_secs += secs;
        st.wait_secs += wait;
        if let Some(r) = step.role {
            let role = &mut ws.roles[r];
            role.wait_secs += wait;
            if matches!(cause, Cause::Engaged(_) | Cause::Hours(_)) {
                role.engaging_secs += wait;
            }
            role.busy_secs += secs;
        }
        ws.queue.push(now + secs, Event::AttemptEnd(a));
    }
}
