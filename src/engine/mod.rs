//! The discrete-event model of one simulated disaster (SPEC §2).
//!
//! [`Engine`] holds a checked scenario and everything derived from it once
//! (its plan); [`Engine::simulate`] runs one disaster in a reusable
//! [`Workspace`] and returns a [`Run`] view of its outcome. A run is a pure
//! function of (scenario, seed, run index): each random number comes from
//! the stream of what it belongs to (a step, a role, a data source; see
//! `streams`), so changing one part of a plan leaves every other draw as
//! it was (common random numbers).
//!
//! The run's log (its attempts and what caused each) stays inside the
//! engine: it is read by one walk back along the critical path
//! (criticality marks, the path's segments), and a replayed run is read
//! once more, into a [`Timeline`] that the trace and the charts render.

mod outcome;
mod path;
mod plan;
mod queue;
mod run;
mod source;
mod state;
mod streams;
#[cfg(test)]
mod tests;
mod timeline;
mod walk;
mod world;

pub(crate) use path::Segment;
pub use path::{ACTIVITIES, Activity};
pub(crate) use plan::Plan;
pub use state::{ComponentState, RoleState, StepState, Workspace};
pub use streams::RunKey;
pub use timeline::{
    Bar, BarKind, Outcome, PathStretch, Readiness, Span, Timeline, TimelineAttempt,
    TimelineComponent, TimelineStep, Wait, WaitReason,
};

use crate::scenario::Scenario;
use state::Attempt;
use walk::{Log, Logged};

/// A scenario prepared for simulation.
#[derive(Debug, Clone)]
pub struct Engine {
    scenario: Scenario,
    plan: Plan,
}

/// The outcome of one simulated disaster, borrowed from its workspace.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// When the last affected component counted in the overall figures
    /// was recovered, from the disaster; infinite when one never is.
    pub recovered_secs: f64,
    /// The RTO: `recovered_secs` from the scenario target's clock
    /// (`Targets::rto_from`, the disaster by default).
    pub rto_secs: f64,
    /// The largest data loss over the components the overall RPO counts
    /// (`Scenario::in_overall_rpo`).
    pub rpo_secs: f64,
    /// End of the last attempt of any step.
    pub makespan_secs: f64,
    /// Per component, in file order.
    pub components: &'a [ComponentState],
    /// Per step, in file order.
    pub steps: &'a [StepState],
    /// Every attempt, in the order they started.
    pub(crate) attempts: &'a [Attempt],
    /// The component recovered last (the RTO's), if any was affected.
    pub last_recovered: Option<u32>,
    /// Per role, in file order.
    pub roles: &'a [RoleState],
    /// Per risk over all steps (in file order), then per shared risk:
    /// whether it struck.
    pub risk_fired: &'a [bool],
    /// When the disaster struck: seconds of the week, UTC, from Monday
    /// 00:00 (0 when the scenario has no calendar).
    pub strikes_at_secs: f64,
    /// Per condition, the index of the case that held.
    pub cases: &'a [u8],
    /// Per correlated step (`Correlated::steps`), the first attempt's
    /// duration the copula drew, before any scale.
    pub correlated_secs: &'a [f64],
    /// The critical path of the RTO as time segments, latest first; empty
    /// when the RTO is 0 or never came (see `Engine::critical_path`).
    pub(crate) path: &'a [Segment],
}

impl Engine {
    /// Prepares a checked scenario.
    pub fn new(scenario: Scenario) -> Engine {
        let plan = Plan::new(&scenario);
        Engine { scenario, plan }
    }

    /// The scenario simulated.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The precomputed plan.
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Simulates run `key`: the same run whatever else is simulated, each
    /// random number from the stream of what it belongs to (`streams`).
    pub fn simulate<'w>(&self, ws: &'w mut Workspace, key: RunKey) -> Run<'w> {
        self.run_events(ws, key);
        let outcome = self.finish(ws);
        Run {
            recovered_secs: outcome.recovered_secs,
            rto_secs: outcome.rto_secs,
            rpo_secs: outcome.rpo_secs,
            makespan_secs: ws.makespan_secs,
            components: &ws.components,
            steps: &ws.steps,
            attempts: &ws.attempts,
            last_recovered: ws.last_recovered,
            roles: &ws.roles,
            risk_fired: &ws.risk_fired,
            strikes_at_secs: ws.strikes_at,
            cases: &ws.cases,
            correlated_secs: &ws.correlated_secs,
            path: &ws.path,
        }
    }

    /// Simulates run `key` for its figures alone: the same run as
    /// [`Engine::simulate`] gives, without the walk back along its
    /// critical path, which measuring many versions of a plan (`advise`,
    /// [`crate::runner::run_columns`]) does not read.
    pub fn simulate_figures<'w>(&self, ws: &'w mut Workspace, key: RunKey) -> Figures<'w> {
        self.run_events(ws, key);
        let outcome = self.figures(ws);
        Figures {
            rto_secs: outcome.rto_secs,
            rpo_secs: outcome.rpo_secs,
            makespan_secs: ws.makespan_secs,
            components: &ws.components,
        }
    }
}

/// The figures of one simulated disaster, borrowed from its workspace:
/// what [`Engine::simulate_figures`] works out.
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    /// As [`Run::rto_secs`].
    pub rto_secs: f64,
    /// As [`Run::rpo_secs`].
    pub rpo_secs: f64,
    /// As [`Run::makespan_secs`].
    pub makespan_secs: f64,
    /// Per component, in file order, with its RTO and RPO; nothing is
    /// marked on the critical path.
    pub components: &'a [ComponentState],
}

impl Logged for Run<'_> {
    fn log(&self) -> Log<'_> {
        Log {
            attempts: self.attempts,
            steps: self.steps,
            components: self.components,
        }
    }
}
