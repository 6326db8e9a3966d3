//! One candidate change to a plan — an intervention drsim generates or a
//! declared variant — and how it is applied to a scenario. Changes name
//! steps, roles and edges by id, so they apply to any version of the plan
//! that has those ids (a variant, or the plan after other changes), and
//! they keep every random stream in step: a step's durations are scaled,
//! not redrawn; a failure or a risk gets probability 0 rather than going
//! away, so every other draw of the step keeps its place.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::dist::DistError;
use crate::scenario::{Dep, Role, Scenario, Step};

/// What kind of change a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A step's duration times the automation factor, no role needed.
    Automate,
    /// One more person in a role.
    AddPerson,
    /// A role's people engaged at once (response 0).
    EngageNow,
    /// A step's failure probability 0.
    Reliable,
    /// A risk's probability 0.
    RemoveRisk,
    /// One `after` edge between two steps dropped.
    Parallelise,
    /// A variant declared in the scenario file.
    Variant,
}

impl Kind {
    /// The JSON name: `automate`, `add_person`, …
    pub fn key(self) -> &'static str {
        match self {
            Kind::Automate => "automate",
            Kind::AddPerson => "add_person",
            Kind::EngageNow => "engage_now",
            Kind::Reliable => "reliable",
            Kind::RemoveRisk => "remove_risk",
            Kind::Parallelise => "parallelise",
            Kind::Variant => "variant",
        }
    }
}

/// How a candidate changes the plan.
#[derive(Debug, Clone)]
pub enum Change {
    /// Step `step`'s duration times `factor`, and no role.
    Automate { step: String, factor: f64 },
    /// One more unit of role `role`.
    AddPerson { role: String },
    /// Role `role`'s units engaged at time 0.
    EngageNow { role: String },
    /// Step `step` never fails.
    Reliable { step: String },
    /// Risk number `risk` (0-based, file order) of step `step` never strikes.
    RemoveRisk { step: String, risk: usize },
    /// Step `step` no longer waits for step `after`.
    Parallelise { step: String, after: String },
    /// The whole plan replaced by a declared variant of it.
    Variant(Box<Scenario>),
}

/// A candidate change, described for a planner.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: Kind,
    /// The id of what it changes: a step, a role, `step: risk name`,
    /// `step after other`, a variant's name.
    pub target: String,
    /// What the change is, in a sentence a planner can paste.
    pub description: String,
    /// What to check before relying on it (`parallelise`: is the order real?).
    pub caveat: Option<String>,
    pub change: Change,
}

impl Candidate {
    /// A declared variant of the plan as a candidate.
    pub fn variant(name: &str, description: &str, scenario: Scenario) -> Candidate {
        Candidate {
            kind: Kind::Variant,
            target: name.to_string(),
            description: description.to_string(),
            caveat: None,
            change: Change::Variant(Box::new(scenario)),
        }
    }
}

/// A change that does not fit the plan it is applied to.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ApplyError {
    #[error("the plan has no step {0:?}")]
    NoStep(String),
    #[error("the plan has no role {0:?}")]
    NoRole(String),
    #[error("step {step:?} has no risk number {risk}")]
    NoRisk { step: String, risk: usize },
    #[error("step {step:?} does not wait for step {after:?}")]
    NoEdge { step: String, after: String },
    #[error("role {0:?} cannot have more people (at most 100 000)")]
    TooManyPeople(String),
    #[error("two variants cannot be combined: each is a whole plan")]
    TwoVariants,
    #[error("cannot scale the duration: {0}")]
    Factor(#[from] DistError),
}

/// Most units a role may have (as in a scenario file).
pub(super) const MAX_UNITS: u32 = 100_000;

impl Change {
    /// Applies the change to `s`.
    pub fn apply(&self, s: &mut Scenario) -> Result<(), ApplyError> {
        match self {
            Change::Automate { step, factor } => {
                let st = step_mut(s, step)?;
                st.duration = st.duration.clone().scaled(*factor)?;
                st.role = None;
            }
            Change::AddPerson { role } => {
                let r = role_mut(s, role)?;
                if r.count >= MAX_UNITS {
                    return Err(ApplyError::TooManyPeople(role.clone()));
                }
                r.count += 1;
            }
            Change::EngageNow { role } => role_mut(s, role)?.response = None,
            Change::Reliable { step } => {
                if let Some(f) = &mut step_mut(s, step)?.failure {
                    f.probability = 0.0;
                }
            }
            Change::RemoveRisk { step, risk } => {
                let st = step_mut(s, step)?;
                let no_risk = || ApplyError::NoRisk {
                    step: step.clone(),
                    risk: *risk,
                };
                st.risks.get_mut(*risk).ok_or_else(no_risk)?.probability = 0.0;
            }
            Change::Parallelise { step, after } => {
                let d = step_index(s, after)?;
                let st = step_mut(s, step)?;
                let before = st.after.len();
                st.after.retain(|dep| *dep != Dep::Step(d));
                if st.after.len() == before {
                    return Err(ApplyError::NoEdge {
                        step: step.clone(),
                        after: after.clone(),
                    });
                }
            }
            Change::Variant(variant) => *s = (**variant).clone(),
        }
        Ok(())
    }
}

/// The plan `base` with every change of `set` applied: a variant first
/// (it replaces the whole plan), then the others in order.
pub fn compose(base: &Scenario, set: &[&Candidate]) -> Result<Scenario, ApplyError> {
    let is_variant = |c: &&&Candidate| matches!(c.change, Change::Variant(_));
    let mut variants = set.iter().filter(is_variant);
    let mut s = match variants.next() {
        Some(v) => {
            if variants.next().is_some() {
                return Err(ApplyError::TwoVariants);
            }
            let mut s = base.clone();
            v.change.apply(&mut s)?;
            s
        }
        None => base.clone(),
    };
    for c in set.iter().filter(|c| !is_variant(c)) {
        c.change.apply(&mut s)?;
    }
    Ok(s)
}

fn step_index(s: &Scenario, id: &str) -> Result<usize, ApplyError> {
    s.steps
        .iter()
        .position(|st| st.id == id)
        .ok_or_else(|| ApplyError::NoStep(id.to_string()))
}

fn step_mut<'a>(s: &'a mut Scenario, id: &str) -> Result<&'a mut Step, ApplyError> {
    s.steps
        .iter_mut()
        .find(|st| st.id == id)
        .ok_or_else(|| ApplyError::NoStep(id.to_string()))
}

fn role_mut<'a>(s: &'a mut Scenario, id: &str) -> Result<&'a mut Role, ApplyError> {
    s.roles
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| ApplyError::NoRole(id.to_string()))
}
