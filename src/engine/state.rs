//! Per-run state, kept in a [`Workspace`] that one thread reuses for all its
//! runs: resetting it allocates nothing once it has grown to the scenario.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::plan::Plan;
use super::queue::EventQueue;
use super::source::ChainEnds;
use super::streams::{RunKey, RunStreams};
use super::walk::{Log, Logged};
use crate::scenario::Scenario;

/// What made something happen when it did; the links the critical path
/// is traced through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Nothing: it happened at time 0.
    Start,
    /// A step was done.
    Step(u32),
    /// A component was recovered.
    Component(u32),
    /// The previous, failed attempt of the same step (and its retry delay).
    Retry(u32),
    /// A role unit released by the end of this attempt.
    Released(u32),
    /// A role unit became engaged (its response time); the role.
    Engaged(u32),
    /// The hours of a role that acts only in them began; the role.
    Hours(u32),
    /// A fallback activated by this failed (final) attempt.
    GaveUp(u32),
}

/// One attempt of a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attempt {
    pub step: u32,
    /// When the attempt became ready (before any wait for its role).
    pub ready_secs: f64,
    /// What made it ready: a dependency, the start, a failed previous
    /// attempt (`Retry`) or the failure that activated it as a fallback.
    pub ready_cause: Cause,
    pub start_secs: f64,
    pub end_secs: f64,
    /// Risk delays included in this attempt (first attempts only).
    pub risk_delay_secs: f64,
    pub failed: bool,
    /// What decided the start time: its readiness, or the role unit it
    /// waited for (`Released`, `Engaged`).
    pub cause: Cause,
}

/// Where a step is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Waiting for `after`, or a fallback not (yet) activated.
    Idle,
    /// Ready, waiting for a unit of its role.
    Ready,
    Running,
    /// Failed, waiting for `retry_delay`.
    RetryWait,
    /// Gave up; done when its fallback completes.
    AwaitingFallback,
    Done,
    /// Gave up without a fallback, or its fallback never completes.
    Failed,
}

/// How a step came to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DoneBy {
    /// Its attempt succeeded.
    Attempt(u32),
    /// It gave up and its fallback step completed at that time.
    Fallback(u32),
    /// It gave up (this attempt) when its fallback was already done.
    FallbackAlreadyDone(u32),
}

/// Per-step state of one run.
#[derive(Debug, Clone, Copy)]
pub struct StepState {
    pub(crate) status: Status,
    /// `after` items not done yet.
    pub(crate) pending: u32,
    /// False for a fallback-only step until it is activated.
    pub(crate) active: bool,
    pub attempts: u32,
    pub failures: u32,
    pub(crate) ready_secs: f64,
    pub(crate) ready_cause: Cause,
    /// Time spent ready but waiting for a unit of its role, over attempts.
    pub wait_secs: f64,
    /// Time its first attempt started; infinite when never.
    pub started_secs: f64,
    /// Time it was done; infinite when never.
    pub done_secs: f64,
    pub(crate) done_by: Option<DoneBy>,
    /// Time spent: attempts (with risk delays) plus retry delays.
    pub busy_secs: f64,
    /// It gave up after its last retry.
    pub fell_back: bool,
    /// On the critical path of this run's RTO.
    pub critical: bool,
}

impl StepState {
    /// A step's state at time 0: `pending` items of its `after` not done,
    /// and active unless it is a fallback only.
    pub(super) fn initial(pending: u32, active: bool) -> StepState {
        StepState {
            status: Status::Idle,
            pending,
            active,
            attempts: 0,
            failures: 0,
            ready_secs: 0.0,
            ready_cause: Cause::Start,
            wait_secs: 0.0,
            started_secs: f64::INFINITY,
            done_secs: f64::INFINITY,
            done_by: None,
            busy_secs: 0.0,
            fell_back: false,
            critical: false,
        }
    }
}

/// Per-role totals of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RoleState {
    /// Time steps spent ready but waiting for a unit of this role.
    pub wait_secs: f64,
    /// Of `wait_secs`, the waits that a person responding ended (engaging
    /// the role); the rest were waits for a busy unit.
    pub engaging_secs: f64,
    /// Unit-time spent in attempts.
    pub busy_secs: f64,
    /// Waiting for this role (or its response time) is on the critical path.
    pub binding: bool,
    /// Waiting for a person of this role to respond is on the critical path.
    pub engaging_binding: bool,
    /// Waiting for a busy unit of this role is on the critical path.
    pub busy_binding: bool,
}

/// Per-component state of one run.
#[derive(Debug, Clone, Copy)]
pub struct ComponentState {
    pub(crate) pending: u32,
    /// When it was recovered (from the disaster); infinite when never.
    pub recovered_secs: f64,
    /// Its RTO: recovery time from its target's clock (`rto_from`, the
    /// disaster by default); infinite when unrecovered.
    pub rto_secs: f64,
    /// Data loss; infinite when unrecovered, 0 without data.
    pub rpo_secs: f64,
    /// The last thing it waited for (a step or a component).
    pub(crate) last: Cause,
    /// The recovering step that was done last (decides the data source).
    pub(crate) source_step: Option<u32>,
}

impl ComponentState {
    /// A component's state at time 0: waiting for `pending` things when
    /// the disaster affects it, else recovered from the start.
    pub(super) fn initial(pending: u32, affected: bool) -> ComponentState {
        ComponentState {
            pending,
            recovered_secs: if affected { f64::INFINITY } else { 0.0 },
            rto_secs: if affected { f64::INFINITY } else { 0.0 },
            rpo_secs: 0.0,
            last: Cause::Start,
            source_step: None,
        }
    }
}

/// A step waiting for a unit of its role, as one integer ordered so that
/// the greatest is served first: highest priority (its rank among the
/// plan's priorities), then earliest ready, then first in file. Ready
/// times are finite and not negative, so their bits sort like the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Waiting(u128);

impl Waiting {
    #[inline(always)]
    pub fn new(priority_rank: u32, ready_secs: f64, step: u32) -> Waiting {
        // `+ 0.0` turns a −0 into +0, whose bits sort first.
        let ready = !(ready_secs + 0.0).to_bits();
        Waiting(u128::from(priority_rank) << 96 | u128::from(ready) << 32 | u128::from(!step))
    }

    /// When it became ready.
    #[inline(always)]
    pub fn ready_secs(self) -> f64 {
        f64::from_bits(!((self.0 >> 32) as u64))
    }

    #[inline(always)]
    pub fn step(self) -> u32 {
        !(self.0 as u32)
    }
}

/// Consequences still to be propagated at the current time (an explicit
/// stack, so long chains of steps or components cannot overflow the call stack).
#[derive(Debug, Clone, Copy)]
pub(super) enum Work {
    StepDone { step: u32, by: DoneBy },
    ComponentRecovered(u32),
}

/// Everything one run changes, reused from run to run.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Per step: its random stream in this run, seeded when its first
    /// attempt starts (a step that never starts never needs one); until
    /// then it holds a stale stream that nothing reads.
    pub(super) step_rng: Vec<Xoshiro256PlusPlus>,
    /// The run's part of every stream's seed.
    pub(super) streams: RunStreams,
    pub(super) queue: EventQueue,
    pub(super) attempts: Vec<Attempt>,
    pub(super) steps: Vec<StepState>,
    pub(super) components: Vec<ComponentState>,
    pub(super) role_free: Vec<u32>,
    pub(super) role_waiting: Vec<std::collections::BinaryHeap<Waiting>>,
    pub(super) work: Vec<Work>,
    pub(super) role_last_free: Vec<Cause>,
    /// The roles with a free unit and a step waiting for it, each once
    /// (after a dispatch, none).
    pub(super) startable_roles: Vec<u32>,
    pub(super) ready_no_role: Vec<u32>,
    /// Per role: time steps spent waiting for it, unit-time spent working,
    /// and whether waiting for it lies on the RTO's critical path.
    pub(super) roles: Vec<RoleState>,
    /// Per risk (all steps' risks, in file order): whether it struck.
    pub(super) risk_fired: Vec<bool>,
    pub(super) last_recovered: Option<u32>,
    pub(super) makespan_secs: f64,
    /// Where the fallbacks each step took end, when a data source needs it.
    pub(super) chain_ends: ChainEnds,
    /// When the disaster struck: seconds of the week, UTC (0 without a
    /// calendar).
    pub(super) strikes_at: f64,
    /// Per condition: the case that holds.
    pub(super) cases: Vec<u8>,
    /// Per step: what every attempt's duration is multiplied by (filled
    /// only when the plan scales some; see `Plan::scaled`).
    pub(super) step_scale: Vec<f64>,
    /// Per role: what its people's response times are multiplied by.
    pub(super) role_scale: Vec<f64>,
    /// Per step: the shared risks' delay on its first attempt (filled only
    /// when some shared risk delays; see `Plan::delayed`).
    pub(super) step_delay: Vec<f64>,
    /// The copula's standard normals, scratch.
    pub(super) copula_normals: Vec<f64>,
    /// The copula's uniforms, per correlated step.
    pub(super) copula_u: Vec<f64>,
    /// Per correlated step: the first attempt's duration the copula drew
    /// (before any scale).
    pub(super) correlated_secs: Vec<f64>,
    /// The critical path of the RTO, latest first (see `path`).
    pub(super) path: Vec<super::Segment>,
}

impl Logged for Workspace {
    fn log(&self) -> Log<'_> {
        Log {
            attempts: &self.attempts,
            steps: &self.steps,
            components: &self.components,
        }
    }
}

impl Workspace {
    /// A unit of role `r` is free from now on, released or engaged `by`.
    #[inline(always)]
    pub(super) fn free_unit(&mut self, r: usize, by: Cause) {
        self.role_free[r] += 1;
        self.role_last_free[r] = by;
        // Startable once: only free units and waiting steps are added
        // between dispatches.
        if self.role_free[r] == 1 && !self.role_waiting[r].is_empty() {
            self.startable_roles.push(r as u32);
        }
    }

    /// A step is ready and waits for a unit of its role.
    #[inline(always)]
    pub(super) fn wait_for_role(&mut self, r: usize, waiting: Waiting) {
        self.role_waiting[r].push(waiting);
        if self.role_waiting[r].len() == 1 && self.role_free[r] > 0 {
            self.startable_roles.push(r as u32);
        }
    }

    /// Resets to the state at time 0 (before anything is ready): copies
    /// the plan's initial step and component states, and seeds no stream
    /// (each step's is seeded when it first starts).
    pub(super) fn reset(&mut self, s: &Scenario, plan: &Plan, run: RunKey) {
        self.streams = run.streams();
        if self.step_rng.len() != s.steps.len() {
            self.step_rng
                .resize_with(s.steps.len(), || Xoshiro256PlusPlus::seed_from_u64(0));
        }
        self.queue.clear();
        self.attempts.clear();
        self.steps.clear();
        self.steps.extend_from_slice(&plan.initial_steps);
        self.components.clear();
        self.components.extend_from_slice(&plan.initial_components);
        self.role_free.clear();
        self.role_free.resize(s.roles.len(), 0);
        self.role_waiting
            .resize_with(s.roles.len(), Default::default);
        for waiting in &mut self.role_waiting {
            waiting.clear();
        }
        self.role_last_free.clear();
        self.role_last_free.resize(s.roles.len(), Cause::Start);
        self.startable_roles.clear();
        self.ready_no_role.clear();
        self.work.clear();
        self.roles.clear();
        self.roles.resize(s.roles.len(), RoleState::default());
        self.risk_fired.clear();
        self.risk_fired.resize(plan.risk_count, false);
        self.last_recovered = None;
        self.makespan_secs = 0.0;
    }
}
