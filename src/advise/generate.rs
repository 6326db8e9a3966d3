//! The single interventions drsim tries on a plan, generated from the
//! scenario alone, in a fixed order (kind, then file order): automate each
//! step; add a person to, and engage at once, each role a step needs; make
//! each step that can fail reliable; remove each risk; and drop each
//! `after` edge between two steps that recover no common component, unless
//! another path already orders them (then dropping it cannot matter).

use super::candidate::{Candidate, Change, Kind, MAX_UNITS};
use crate::format::percent;
use crate::scenario::{Dep, OffHours, Role, Scenario, Step};

/// What to ask before dropping an `after` edge.
pub const PARALLELISE_CAVEAT: &str = "check with the team: is this order real?";

/// Every single intervention on `s`, automation scaling durations by
/// `automate_factor`.
pub fn interventions(s: &Scenario, automate_factor: f64) -> Vec<Candidate> {
    let roles: Vec<&Role> = (0..s.roles.len())
        .filter(|r| s.steps.iter().any(|st| st.role == Some(*r)))
        .map(|r| &s.roles[r])
        .collect();
    let mut out: Vec<Candidate> = s
        .steps
        .iter()
        .map(|st| automate(s, st, automate_factor))
        .collect();
    out.extend(
        roles
            .iter()
            .filter(|role| role.count < MAX_UNITS)
            .map(|role| add_person(role)),
    );
    out.extend(
        roles
            .iter()
            .filter(|role| {
                role.response.is_some() || matches!(role.off_hours, Some(OffHours::Response(_)))
            })
            .map(|role| engage_now(role)),
    );
    out.extend(s.steps.iter().filter_map(reliable));
    out.extend(s.steps.iter().flat_map(remove_risks));
    out.extend(
        s.shared_risks
            .iter()
            .filter(|r| r.probability > 0.0)
            .map(|risk| {
                let description = format!(
                    "Remove the shared risk \"{}\" of {} (strikes in {} of disasters)",
                    risk.name,
                    risk.applies_to.join(", "),
                    percent(risk.probability)
                );
                let change = Change::RemoveSharedRisk {
                    name: risk.name.clone(),
                };
                candidate(Kind::RemoveRisk, &risk.name, description, change)
            }),
    );
    out.extend(parallelise(s));
    out
}

fn add_person(role: &Role) -> Candidate {
    let description = format!(
        "Add one person to role {} ({} → {})",
        role.id,
        role.count,
        role.count.saturating_add(1)
    );
    let change = Change::AddPerson {
        role: role.id.clone(),
    };
    candidate(Kind::AddPerson, &role.id, description, change)
}

fn engage_now(role: &Role) -> Candidate {
    let description = format!(
        "Engage role {} at once (response 0: already in the war room)",
        role.id
    );
    let change = Change::EngageNow {
        role: role.id.clone(),
    };
    candidate(Kind::EngageNow, &role.id, description, change)
}

/// Only for a step that can fail.
fn reliable(st: &Step) -> Option<Candidate> {
    let f = st.failure.filter(|f| f.probability > 0.0)?;
    let description = format!(
        "Make {} reliable (its attempts fail {} of the time today; never after)",
        label(st),
        percent(f.probability)
    );
    let change = Change::Reliable {
        step: st.id.clone(),
    };
    Some(candidate(Kind::Reliable, &st.id, description, change))
}

/// One per risk of the step that can strike.
fn remove_risks(st: &Step) -> Vec<Candidate> {
    let can_strike = st
        .risks
        .iter()
        .enumerate()
        .filter(|(_, r)| r.probability > 0.0);
    can_strike
        .map(|(k, risk)| {
            let description = format!(
                "Remove the risk \"{}\" of {} (strikes in {} of disasters)",
                risk.name,
                st.id,
                percent(risk.probability)
            );
            let change = Change::RemoveRisk {
                step: st.id.clone(),
                risk: k,
            };
            let target = format!("{}: {}", st.id, risk.name);
            candidate(Kind::RemoveRisk, &target, description, change)
        })
        .collect()
}

fn candidate(kind: Kind, target: &str, description: String, change: Change) -> Candidate {
    Candidate {
        kind,
        target: target.to_string(),
        description,
        caveat: None,
        change,
    }
}

/// "promote_db (Promote the database)", or the id alone when it is the name.
fn label(st: &Step) -> String {
    if st.name == st.id {
        st.id.clone()
    } else {
        format!("{} ({})", st.id, st.name)
    }
}

fn automate(s: &Scenario, st: &Step, factor: f64) -> Candidate {
    let role = st
        .role
        .map(|r| format!(" and needs no one from role {}", s.roles[r].id))
        .unwrap_or_default();
    candidate(
        Kind::Automate,
        &st.id,
        format!(
            "Automate {}: each attempt takes {factor} × its time{role}",
            label(st)
        ),
        Change::Automate {
            step: st.id.clone(),
            factor,
        },
    )
}

/// Every `after` edge between two steps (the waiting one may be a
/// fallback; the awaited one runs on its own) that recover no common
/// component and that no other path implies.
fn parallelise(s: &Scenario) -> Vec<Candidate> {
    let mut out = Vec::new();
    for st in &s.steps {
        for dep in &st.after {
            let Dep::Step(d) = *dep else { continue };
            let awaited = &s.steps[d];
            let common = st
                .recovers
                .iter()
                .any(|r| awaited.recovers.iter().any(|a| a.component == r.component));
            if awaited.fallback_only || common || implied(s, st, d) {
                continue;
            }
            out.push(Candidate {
                kind: Kind::Parallelise,
                target: format!("{} after {}", st.id, awaited.id),
                description: format!("Start {} without waiting for {}", st.id, awaited.id),
                caveat: Some(PARALLELISE_CAVEAT.to_string()),
                change: Change::Parallelise {
                    step: st.id.clone(),
                    after: awaited.id.clone(),
                },
            });
        }
    }
    out
}

/// Whether step `d` is done before another of `st`'s `after` items is:
/// it is reached from them through `after` (of steps), the steps that
/// recover a component and its `depends_on`.
fn implied(s: &Scenario, st: &Step, d: usize) -> bool {
    let n = s.steps.len();
    // Nodes: steps 0..n, then components.
    let mut seen = vec![false; n + s.components.len()];
    let node = |dep: &Dep| match *dep {
        Dep::Step(i) => i,
        Dep::Component(c) => n + c,
    };
    let mut work: Vec<usize> = st
        .after
        .iter()
        .filter(|dep| **dep != Dep::Step(d))
        .map(node)
        .collect();
    while let Some(x) = work.pop() {
        if x == d {
            return true;
        }
        if std::mem::replace(&mut seen[x], true) {
            continue;
        }
        if x < n {
            work.extend(s.steps[x].after.iter().map(node));
        } else {
            let comp = &s.components[x - n];
            work.extend(comp.recovered_by.iter().copied());
            work.extend(comp.depends_on.iter().map(|&c| n + c));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    const PLAN: &str = r#"
        [scenario]
        name = "g"
        [roles]
        ops = { count = 1, response = "5m" }
        dba = 2
        [components.db]
        [components.web]
        [[steps]]
        id = "detect"
        duration = "5m"
        [[steps]]
        id = "restore"
        after = ["detect"]
        role = "dba"
        duration = "1h"
        failure = { probability = 0.1 }
        risks = [{ name = "slow disk", probability = 0.2, delay = "30m" }, { name = "never", probability = 0, delay = "1h" }]
        recovers = ["db"]
        [[steps]]
        id = "deploy"
        after = ["detect", "restore"]
        role = "ops"
        duration = "20m"
        recovers = ["web"]
        [[steps]]
        id = "verify"
        after = ["deploy", "detect"]
        duration = "5m"
        recovers = ["web"]
    "#;

    #[test]
    fn every_kind_in_order_and_only_edges_that_could_matter() {
        let s = scenario::parse(PLAN, "g.toml").unwrap();
        let got: Vec<String> = interventions(&s, 0.25)
            .iter()
            .map(|c| format!("{} {}", c.kind.key(), c.target))
            .collect();
        assert_eq!(
            got,
            [
                "automate detect",
                "automate restore",
                "automate deploy",
                "automate verify",
                "add_person ops",
                "add_person dba",
                "engage_now ops",
                "reliable restore",
                "remove_risk restore: slow disk",
                // deploy after detect: restore already waits for detect;
                // verify after deploy: both recover web; verify after
                // detect: deploy already waits for it.
                "parallelise restore after detect",
                "parallelise deploy after restore",
            ]
        );
    }

    #[test]
    fn descriptions_read_as_sentences_and_only_parallelise_carries_a_caveat() {
        let s = scenario::parse(PLAN, "g.toml").unwrap();
        let all = interventions(&s, 0.25);
        assert_eq!(
            all[1].description,
            "Automate restore: each attempt takes 0.25 × its time and needs no one from role dba"
        );
        assert_eq!(all[5].description, "Add one person to role dba (2 → 3)");
        for c in &all {
            assert_eq!(
                c.caveat.is_some(),
                c.kind == Kind::Parallelise,
                "{}",
                c.target
            );
        }
    }
}
