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
use crate::scenario::{Dep, OffHours, Role, Scenario, Step};

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
    /// The shared risk (`[[risks]]`) called `name` never strikes.
    RemoveSharedRisk { name: String },
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
    #[error("the plan has no shared risk {0:?}")]
    NoSharedRisk(String),
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
            Change::EngageNow { role } => {
                let role = role_mut(s, role)?;
                role.response = None;
                // Paged out of hours too; a role that waits for its hours still does.
                if let Some(OffHours::Response(_)) = role.off_hours {
                    role.off_hours = Some(OffHours::Response(crate::dist::Dist::fixed(0.0)));
                }
            }
            Change::RemoveSharedRisk { name } => {
                s.shared_risks
                    .iter_mut()
                    .find(|r| &r.name == name)
                    .ok_or_else(|| ApplyError::NoSharedRisk(name.clone()))?
                    .probability = 0.0;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::runner::{self, Column, RunOptions};
    use crate::scenario;

    const PLAN: &str = r#"
        [scenario]
        name = "c"
        [roles]
        ops = 1
        [components.app]
        [[steps]]
        id = "detect"
        duration = { dist = "uniform", min = "1m", max = "10m" }
        [[steps]]
        id = "fix"
        after = ["detect"]
        role = "ops"
        duration = { dist = "uniform", min = "10m", max = "1h" }
        failure = { probability = 0.3, retries = 2 }
        risks = [{ name = "first", probability = 0.3, delay = "1h" }, { name = "second", probability = 0.3, delay = { dist = "uniform", min = "1m", max = "2h" } }]
        recovers = ["app"]
    "#;

    fn plan() -> Scenario {
        scenario::parse(PLAN, "c.toml").unwrap()
    }

    fn change(change: Change) -> Candidate {
        Candidate {
            kind: Kind::Automate,
            target: String::new(),
            description: String::new(),
            caveat: None,
            change,
        }
    }

    #[test]
    fn a_removed_risk_keeps_every_other_draw_in_place() {
        // The first risk gets probability 0 rather than going away: in every
        // run where it did not strike, the run is exactly as it was.
        let base = plan();
        let removed = compose(
            &base,
            &[&change(Change::RemoveRisk {
                step: "fix".into(),
                risk: 0,
            })],
        )
        .unwrap();
        assert_eq!(removed.steps[1].risks.len(), 2);
        let opts = RunOptions {
            iterations: 4000,
            seed: 1,
            threads: 1,
            chunk_runs: 1024,
        };
        let a = runner::run(&Engine::new(base), &opts, &|_| {}).unwrap();
        let b = runner::run(&Engine::new(removed), &opts, &|_| {}).unwrap();
        let struck = a.risk_fired.column(0);
        let (ra, rb) = (a.samples.column(Column::Rto), b.samples.column(Column::Rto));
        // (Where it struck, its delay was drawn and the step's later draws
        // follow it: those runs differ by more than the delay.)
        let mut same = 0;
        for run in (0..4000).filter(|&run| struck[run] == 0) {
            assert_eq!(ra[run].to_bits(), rb[run].to_bits(), "run {run}");
            same += 1;
        }
        assert!(same > 2000, "about 70 % of runs: {same}");
    }

    #[test]
    fn changes_that_do_not_fit_the_plan_say_why() {
        let base = plan();
        let missing = |c: Change| compose(&base, &[&change(c)]).unwrap_err();
        assert_eq!(
            missing(Change::Reliable {
                step: "nope".into()
            }),
            ApplyError::NoStep("nope".into())
        );
        assert_eq!(
            missing(Change::EngageNow { role: "dba".into() }),
            ApplyError::NoRole("dba".into())
        );
        assert!(matches!(
            missing(Change::Parallelise {
                step: "detect".into(),
                after: "fix".into()
            }),
            ApplyError::NoEdge { .. }
        ));
        let v = Candidate::variant("v", "a variant", base.clone());
        assert_eq!(
            compose(&base, &[&v, &v]).unwrap_err(),
            ApplyError::TwoVariants
        );
    }

    #[test]
    fn changes_apply_by_id_and_a_variant_comes_first() {
        let base = plan();
        let mut other = base.clone();
        other.roles[0].count = 3;
        let v = Candidate::variant("three", "three people", other);
        let automate = change(Change::Automate {
            step: "fix".into(),
            factor: 0.5,
        });
        let person = change(Change::AddPerson { role: "ops".into() });
        let s = compose(&base, &[&automate, &person, &v]).unwrap();
        assert_eq!(s.roles[0].count, 4, "the variant's 3, plus one");
        assert_eq!(s.steps[1].role, None);
        assert!(
            matches!(s.steps[1].duration, crate::dist::Dist::Scaled { factor, .. } if factor == 0.5)
        );
        let parallel = change(Change::Parallelise {
            step: "fix".into(),
            after: "detect".into(),
        });
        assert!(
            compose(&base, &[&parallel]).unwrap().steps[1]
                .after
                .is_empty()
        );
    }
}
