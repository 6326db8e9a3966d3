//! What a drill measured, named as the actuals file names it — `rto`,
//! `rpo`, `rto.<component>`, `rpo.<component>`, `step.<step id>` — and
//! resolved against the plan: an id the plan does not have, a component
//! the model never takes down, a data loss where there is no data, or a
//! measure given twice is refused with what to write instead.

use std::collections::HashMap;

use crate::observed::{Observation, Place};
use crate::scenario::{Scenario, similar};

/// One measure of a drill, resolved against the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// The scenario-wide RTO (from the target's clock).
    Rto,
    /// The scenario-wide RPO.
    Rpo,
    /// The RTO of component `c` (file order; from its target's clock).
    ComponentRto(usize),
    /// The RPO of component `c` (file order).
    ComponentRpo(usize),
    /// The time step `s` (file order) spent: its attempts, risk delays
    /// and retry delays.
    Step(usize),
}

impl Measure {
    /// The measure as the actuals file writes it: `step.storage_failover`.
    pub fn key(self, s: &Scenario) -> String {
        match self {
            Measure::Rto => "rto".into(),
            Measure::Rpo => "rpo".into(),
            Measure::ComponentRto(c) => format!("rto.{}", s.components[c].id),
            Measure::ComponentRpo(c) => format!("rpo.{}", s.components[c].id),
            Measure::Step(i) => format!("step.{}", s.steps[i].id),
        }
    }
}

/// A measure resolved, with where the file names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub measure: Measure,
    /// The drill's figure, seconds.
    pub secs: f64,
    /// The measure's cell in the file.
    pub at: Place,
}

/// A measure that cannot be used, with where it is and what to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable {
    pub at: Place,
    pub message: String,
}

/// Most ids a message lists when it lists the plan's.
const LISTED_IDS: usize = 12;

/// Resolves every observation of a drill against the plan, in file order.
pub fn resolve_all(observations: &[Observation], s: &Scenario) -> Result<Vec<Resolved>, Unusable> {
    let affected = s.affected();
    let mut seen: HashMap<Measure, Place> = HashMap::new();
    let mut resolved = Vec::with_capacity(observations.len());
    for o in observations {
        let measure =
            resolve(&o.key, s, &affected).map_err(|message| Unusable { at: o.at, message })?;
        if let Some(first) = seen.insert(measure, o.at) {
            return Err(Unusable {
                at: o.at,
                message: format!(
                    "`{}` is given twice (first on line {}): keep one row per measure; a drill measures each once",
                    measure.key(s),
                    first.line
                ),
            });
        }
        resolved.push(Resolved {
            measure,
            secs: o.secs,
            at: o.at,
        });
    }
    Ok(resolved)
}

/// The measure `key` names in `s`, or what is wrong with it and the fix.
/// `affected`: per component, whether the disaster takes it down.
pub fn resolve(key: &str, s: &Scenario, affected: &[bool]) -> Result<Measure, String> {
    let (kind, id) = match key.split_once('.') {
        Some((kind, id)) => (kind.to_ascii_lowercase(), Some(id)),
        None => (key.to_ascii_lowercase(), None),
    };
    match (kind.as_str(), id) {
        ("rto", None) => Ok(Measure::Rto),
        ("rpo", None) => Ok(Measure::Rpo),
        ("rto", Some(id)) if !id.is_empty() => {
            component(id, s).and_then(|c| recovered(c, s, affected))
        }
        ("rpo", Some(id)) if !id.is_empty() => {
            component(id, s).and_then(|c| with_data(c, s, affected))
        }
        ("rto" | "rpo", Some(_)) => Err(format!(
            "`{key}` names no component: write {kind}.<component>, e.g. {kind}.{}",
            s.components.first().map_or("db", |c| c.id.as_str())
        )),
        ("step", Some(id)) if !id.is_empty() => step(id, s).map(Measure::Step),
        ("step", _) => Err(format!(
            "`{key}` names no step: write step.<step id>, e.g. {}",
            example_step(s)
        )),
        _ => Err(format!(
            "`{key}` is not a measure: write rto, rpo, rto.<component>, rpo.<component> or step.<step id>, e.g. rto, {}",
            example_step(s)
        )),
    }
}

/// The component called `id`, or why none is.
fn component(id: &str, s: &Scenario) -> Result<usize, String> {
    if let Some(c) = s.components.iter().position(|c| c.id == id) {
        return Ok(c);
    }
    if s.steps.iter().any(|st| st.id == id) {
        return Err(format!(
            "`{id}` is a step, not a component: write step.{id} for the time the step took"
        ));
    }
    Err(unknown(
        "component",
        id,
        s.components.iter().map(|c| c.id.as_str()),
    ))
}

/// The step called `id`, or why none is.
fn step(id: &str, s: &Scenario) -> Result<usize, String> {
    if let Some(i) = s.steps.iter().position(|st| st.id == id) {
        return Ok(i);
    }
    if s.components.iter().any(|c| c.id == id) {
        return Err(format!(
            "`{id}` is a component, not a step: write rto.{id} for when it was back, or rpo.{id} for the data it lost"
        ));
    }
    Err(unknown("step", id, s.steps.iter().map(|st| st.id.as_str())))
}

/// `rto.<c>`: only for a component the disaster takes down.
fn recovered(c: usize, s: &Scenario, affected: &[bool]) -> Result<Measure, String> {
    if affected[c] {
        return Ok(Measure::ComponentRto(c));
    }
    let down = ids_where(s, |k| affected[k]);
    Err(format!(
        "the model says `{}` is never down (no step recovers it, nor anything it depends on), so it has no recovery time to compare; remove this row, or add the step that recovers it to the plan (components it takes down: {down})",
        s.components[c].id
    ))
}

/// `rpo.<c>`: only for a component with data the disaster takes down.
fn with_data(c: usize, s: &Scenario, affected: &[bool]) -> Result<Measure, String> {
    let comp = &s.components[c];
    if comp.has_data() && affected[c] {
        return Ok(Measure::ComponentRpo(c));
    }
    let why = if comp.has_data() {
        "the model says it is never down, so it loses no data"
    } else {
        "it has no data sources in the plan, so it has no RPO"
    };
    let losing = ids_where(s, |k| s.components[k].has_data() && affected[k]);
    Err(format!(
        "`{}`: {why}; remove this row (components that can lose data: {losing})",
        comp.id
    ))
}

/// The ids of the components for which `keep` holds, listed for a message.
fn ids_where(s: &Scenario, keep: impl Fn(usize) -> bool) -> String {
    let ids = (0..s.components.len())
        .filter(|&k| keep(k))
        .map(|k| s.components[k].id.as_str());
    listed(ids).unwrap_or_else(|| "none".into())
}

/// "no step is called `x`: did you mean `y`?", or the ids there are.
fn unknown<'a>(noun: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let mut known: Vec<&str> = known.collect();
    known.sort_unstable();
    if let Some(close) = known.iter().find(|k| similar(k, id)) {
        return format!("no {noun} is called `{id}`: did you mean `{close}`?");
    }
    match listed(known.into_iter()) {
        Some(list) => format!("no {noun} is called `{id}`; the plan's {noun}s: {list}"),
        None => format!("no {noun} is called `{id}`, and the plan has none"),
    }
}

/// Ids joined for a message, at most [`LISTED_IDS`] of them; `None` when
/// there are none.
fn listed<'a>(ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return None;
    }
    let shown = ids[..ids.len().min(LISTED_IDS)].join(", ");
    Some(if ids.len() > LISTED_IDS {
        format!("{shown} … ({} in all)", ids.len())
    } else {
        shown
    })
}

/// A step measure of this plan, for messages.
fn example_step(s: &Scenario) -> String {
    match s.steps.first() {
        Some(first) => format!("step.{}", first.id),
        None => "step.promote_db".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    const PLAN: &str = r#"
        [scenario]
        name = "t"
        [components.db.data.replica]
        lag = "30s"
        [components.app]
        depends_on = ["db"]
        [components.cdn]
        [[steps]]
        id = "promote_db"
        duration = "10m"
        recovers = ["db"]
    "#;

    fn plan() -> Scenario {
        scenario::parse(PLAN, "t.toml").unwrap()
    }

    fn measure(key: &str) -> Result<Measure, String> {
        let s = plan();
        resolve(key, &s, &s.affected())
    }

    #[test]
    fn every_kind_of_measure_resolves() {
        assert_eq!(measure("rto"), Ok(Measure::Rto));
        assert_eq!(measure("RPO"), Ok(Measure::Rpo));
        assert_eq!(measure("rto.app"), Ok(Measure::ComponentRto(1)));
        assert_eq!(measure("rpo.db"), Ok(Measure::ComponentRpo(0)));
        assert_eq!(measure("step.promote_db"), Ok(Measure::Step(0)));
        assert_eq!(Measure::ComponentRto(1).key(&plan()), "rto.app");
    }

    #[test]
    fn what_cannot_be_measured_says_what_to_write() {
        let e = |key: &str| measure(key).unwrap_err();
        assert_eq!(
            e("step.promote"),
            "no step is called `promote`: did you mean `promote_db`?"
        );
        assert!(e("latency").starts_with("`latency` is not a measure: write rto, rpo"));
        assert!(e("step").contains("e.g. step.promote_db"));
        assert!(
            e("rpo.").starts_with("`rpo.` names no component: write rpo.<component>, e.g. rpo.db")
        );
        assert!(e("step.db").starts_with("`db` is a component, not a step: write rto.db"));
        assert!(e("rto.promote_db").contains("write step.promote_db"));
        assert!(
            e("rto.cdn").contains("`cdn` is never down"),
            "{}",
            e("rto.cdn")
        );
        assert!(e("rto.cdn").contains("components it takes down: db, app"));
        assert!(e("rpo.app").contains("no data sources"));
        assert!(e("rpo.app").contains("can lose data: db)"));
        assert!(e("rto.zzz").contains("the plan's components: app, cdn, db"));
    }

    #[test]
    fn a_measure_given_twice_points_at_the_second_and_names_the_first() {
        let s = plan();
        let at = |line| Place { line, column: 1 };
        let obs = |key: &str, line| Observation {
            key: key.into(),
            secs: 60.0,
            at: at(line),
        };
        let e = resolve_all(
            &[obs("rto", 2), obs("step.promote_db", 3), obs("RTO", 4)],
            &s,
        )
        .unwrap_err();
        assert_eq!(e.at, at(4));
        assert!(
            e.message
                .starts_with("`rto` is given twice (first on line 2)")
        );
    }
}
