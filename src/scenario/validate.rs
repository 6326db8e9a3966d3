//! From the TOML mirror to a checked [`Scenario`]: ids resolved, references
//! checked, numbers in range, no cycles. Every error points at the value.

use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

use super::ScenarioError;
use super::checker::{Checker, MAX_ITERATIONS, MAX_ROLE_COUNT, basis, display_text};
use super::model::*;
use super::names::{Named, Wanted, check_id, declare, unknown};
use super::raw::*;
use super::steps::{self, check_fallback_use};

/// Checks a parsed file and builds the scenario.
pub fn build(raw: RawFile, c: &Checker) -> Result<Scenario, ScenarioError> {
    let head = raw.scenario.get_ref();
    let Header {
        name,
        iterations,
        seed,
    } = header(head, c)?;

    let names = ids(&raw, c)?;
    let offset_secs = super::shared::offset(head, c)?;
    let Roles {
        roles,
        index: role_index,
    } = roles(&raw, offset_secs, c)?;
    let targets = targets(raw.targets.as_ref(), &names, c)?;

    let mut components = Vec::new();
    for (id, comp) in &raw.components.0 {
        components.push(component(id, comp.get_ref(), &names, c)?);
    }
    let mut built_steps = Vec::new();
    for step in &raw.steps {
        built_steps.push(steps::step(
            step.get_ref(),
            &names,
            &role_index,
            &components,
            c,
        )?);
    }
    for (index, step) in built_steps.iter().enumerate() {
        if !step.fallback_only {
            for r in &step.recovers {
                components[r.component].recovered_by.push(index);
            }
        }
    }
    check_fallback_use(&raw, &built_steps, &components, c)?;
    let mut warnings = unused_roles(&raw, &built_steps, c);
    let conditions =
        super::shared::conditions(&raw, &built_steps, &role_index, &names, c, &mut warnings)?;
    let shared_risks = super::shared::shared_risks(&raw, &built_steps, &names, c, &mut warnings)?;
    let correlations = super::shared::correlations(&raw, &built_steps, &names, c, &mut warnings)?;
    let calendar = super::shared::calendar(head, &roles, offset_secs, c)?;
    let mut scenario = Scenario {
        name,
        description: head.description.as_deref().map(display_text),
        file: c.file.to_string(),
        source_sha256: c.sources.sha256_hex(),
        iterations,
        seed,
        targets,
        roles,
        components,
        steps: built_steps,
        calendar,
        conditions,
        shared_risks,
        correlations,
        variant: None,
        set: Vec::new(),
        variants: Vec::new(),
        warnings,
        unbased: Vec::new(),
    };
    super::cycles::check(&scenario, &raw, c)?;
    scenario.unbased = super::basis::unbased(&raw, &scenario, c);
    Ok(scenario)
}

/// Every component and step id, each declared once, with where it is.
fn ids<'r>(
    raw: &'r RawFile,
    c: &Checker,
) -> Result<HashMap<&'r str, (Named, Range<usize>)>, ScenarioError> {
    let mut names = HashMap::new();
    for (index, (id, _)) in raw.components.0.iter().enumerate() {
        declare(&mut names, id, Named::Component(index), c)?;
    }
    if raw.steps.is_empty() {
        return Err(ScenarioError::whole_file(
            c.file,
            "the scenario has no steps: add at least one [[steps]] table with an id and a duration",
        ));
    }
    for (index, step) in raw.steps.iter().enumerate() {
        declare(&mut names, &step.get_ref().id, Named::Step(index), c)?;
    }
    Ok(names)
}

/// The `[scenario]` table's checked values.
struct Header {
    name: String,
    iterations: u64,
    seed: u64,
}

fn header(head: &RawScenario, c: &Checker) -> Result<Header, ScenarioError> {
    let name = display_text(head.name.get_ref().trim());
    if name.is_empty() {
        return Err(c.err(
            head.name.span(),
            "the scenario name is empty: give it a name such as \"Web app: eastus -> westus\"",
        ));
    }
    let iterations = match &head.iterations {
        Some(n) if *n.get_ref() < 1 || *n.get_ref() as u64 > MAX_ITERATIONS => {
            return Err(c.err(
                n.span(),
                format!("iterations must be between 1 and {MAX_ITERATIONS}, e.g. 20000"),
            ));
        }
        Some(n) => *n.get_ref() as u64,
        None => 10_000,
    };
    let seed = match &head.seed {
        Some(s) if *s.get_ref() < 0 => return Err(c.err(s.span(), "seed must be 0 or more")),
        Some(s) => *s.get_ref() as u64,
        None => 0,
    };
    Ok(Header {
        name,
        iterations,
        seed,
    })
}

/// A warning at each role no step needs.
fn unused_roles(raw: &RawFile, steps: &[Step], c: &Checker) -> Vec<ScenarioError> {
    raw.roles
        .0
        .iter()
        .enumerate()
        .filter(|(r, _)| !steps.iter().any(|s| s.role == Some(*r)))
        .map(|(_, (id, _))| {
            c.err(
                id.span(),
                format!(
                    "no step needs role `{}`: it takes no part in the simulation; give it to a step (`role = \"{}\"`) or remove it",
                    id.get_ref(),
                    id.get_ref()
                ),
            )
        })
        .collect()
}

/// The roles, in file order, and their indices by id.
struct Roles<'a> {
    roles: Vec<Role>,
    index: HashMap<&'a str, usize>,
}

fn roles<'a>(raw: &'a RawFile, offset_secs: f64, c: &Checker) -> Result<Roles<'a>, ScenarioError> {
    let mut roles = Vec::new();
    let mut role_index: HashMap<&str, usize> = HashMap::new();
    for (id, role) in &raw.roles.0 {
        check_id(id, "role", c)?;
        if role_index.insert(id.get_ref(), roles.len()).is_some() {
            return Err(c.err(
                id.span(),
                format!("role `{}` is defined twice", id.get_ref()),
            ));
        }
        roles.push(self::role(id, role, offset_secs, c)?);
    }

    Ok(Roles {
        roles,
        index: role_index,
    })
}

fn targets(
    raw: Option<&Spanned<RawTargets>>,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
) -> Result<Targets, ScenarioError> {
    let Some(t) = raw.map(Spanned::get_ref) else {
        return Ok(Targets {
            rto_secs: None,
            rto_from: Clock::Disaster,
            rpo_secs: None,
            percentile: 95.0,
        });
    };
    let percentile = match &t.percentile {
        Some(p) => {
            let v = c.finite(p, "percentile")?;
            if !(v > 0.0 && v < 100.0) {
                return Err(c.err(
                    p.span(),
                    format!("percentile must be above 0 and below 100 (e.g. 95), not {v}"),
                ));
            }
            v
        }
        None => 95.0,
    };
    Ok(Targets {
        rto_secs: t.rto.as_ref().map(|d| d.get_ref().within.0),
        rto_from: clock(t.rto.as_ref(), names, c)?,
        rpo_secs: t.rpo.as_ref().map(|d| d.get_ref().0),
        percentile,
    })
}

fn role(
    id: &Spanned<String>,
    raw: &Spanned<RawRole>,
    offset_secs: f64,
    c: &Checker,
) -> Result<Role, ScenarioError> {
    let r = raw.get_ref();
    let count = *r.count.get_ref();
    if !(1..=MAX_ROLE_COUNT).contains(&count) {
        let span = if r.count.span().is_empty() {
            raw.span()
        } else {
            r.count.span()
        };
        return Err(c.err(
            span,
            format!(
                "role `{}` needs a count between 1 and {MAX_ROLE_COUNT}, not {count}",
                id.get_ref()
            ),
        ));
    }
    let response = match &r.response {
        Some(d) => Some(c.dist(d)?),
        None => None,
    };
    let (hours, off_hours) = super::shared::role_hours(id, raw, offset_secs, c)?;
    Ok(Role {
        id: id.get_ref().clone(),
        count: count as u32,
        response,
        hours,
        off_hours,
        basis: basis(r.basis.source.as_ref(), r.basis.assumed.as_ref(), c)?,
    })
}

fn component(
    id: &Spanned<String>,
    raw: &RawComponent,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
) -> Result<Component, ScenarioError> {
    let mut depends_on = Vec::new();
    for dep in &raw.depends_on {
        match names.get(dep.get_ref().as_str()) {
            Some((Named::Component(i), _)) => depends_on.push(*i),
            Some((Named::Step(_), _)) => {
                return Err(c.err(
                    dep.span(),
                    format!("`{}` is a step; depends_on lists components (put steps in a step's `after`)", dep.get_ref()),
                ));
            }
            None => return Err(c.err(dep.span(), unknown(Wanted::Component, dep.get_ref(), names))),
        }
    }
    let mut sources = Vec::new();
    for (name, source) in &raw.data.0 {
        check_id(name, "data source", c)?;
        let s = source.get_ref();
        let lag = match &s.lag {
            Some(d) => Some(c.dist(d)?),
            None => None,
        };
        let backup = backup(s, c)?;
        sources.push(Source {
            name: name.get_ref().clone(),
            lag,
            backup,
            basis: basis(s.source.as_ref(), s.assumed.as_ref(), c)?,
        });
    }
    Ok(Component {
        id: id.get_ref().clone(),
        name: raw
            .name
            .as_deref()
            .map_or_else(|| id.get_ref().clone(), display_text),
        depends_on,
        rto_target_secs: raw.rto.as_ref().map(|d| d.get_ref().within.0),
        rto_from: clock(raw.rto.as_ref(), names, c)?,
        overall: raw.overall.unwrap_or(true),
        rpo_target_secs: raw.rpo.as_ref().map(|d| d.get_ref().0),
        sources,
        recovered_by: Vec::new(),
        basis: basis(raw.source.as_ref(), raw.assumed.as_ref(), c)?,
    })
}

/// When an RTO target's clock starts: its `from`, a step's end
/// (`"diagnose"`, `"diagnose.end"`) or start (`"diagnose.start"`).
fn clock(
    rto: Option<&Spanned<RawRto>>,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
) -> Result<Clock, ScenarioError> {
    let Some(from) = rto.and_then(|r| r.get_ref().from.as_ref()) else {
        return Ok(Clock::Disaster);
    };
    let text = from.get_ref().as_str();
    let (id, start) = match text.rsplit_once('.') {
        Some((id, "start")) => (id, true),
        Some((id, "end")) => (id, false),
        Some((_, other)) => {
            return Err(c.err(
                from.span(),
                format!("`{text}`: a clock starts at a step's end (\"<step>\" or \"<step>.end\") or start (\"<step>.start\"), not its `{other}`"),
            ));
        }
        None => (text, false),
    };
    match names.get(id) {
        Some((Named::Step(i), _)) if start => Ok(Clock::StepStart(*i)),
        Some((Named::Step(i), _)) => Ok(Clock::StepEnd(*i)),
        _ => Err(c.err(
            from.span(),
            format!(
                "{} (an RTO's clock starts at a step: from = \"<step>\" for its end, \"<step>.start\" for its start)",
                unknown(Wanted::Step, id, names)
            ),
        )),
    }
}

/// The periodic backup a data source describes (`interval`, `success`), if any.
fn backup(s: &RawSource, c: &Checker) -> Result<Option<Backup>, ScenarioError> {
    Ok(match (&s.interval, &s.success) {
        (Some(interval), success) => {
            if interval.get_ref().0 <= 0.0 {
                return Err(c.err(
                    interval.span(),
                    "a backup interval must be above 0, e.g. \"24h\"",
                ));
            }
            let success = match success {
                Some(p) => c.probability(p, "success")?,
                None => 1.0,
            };
            Some(Backup {
                interval_secs: interval.get_ref().0,
                success,
            })
        }
        (None, Some(p)) => {
            return Err(c.err(p.span(), "`success` belongs to periodic backups: add `interval` (e.g. \"24h\") to this source"));
        }
        (None, None) => None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_in_names_are_replaced() {
        assert_eq!(
            super::display_text("a\u{7}b\tc\nd"),
            "a\u{FFFD}b\u{FFFD}c\nd"
        );
    }
}
