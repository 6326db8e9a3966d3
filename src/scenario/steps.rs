//! Checking and building steps: references, failures and fallbacks,
//! recoveries and the data source each uses.

use std::collections::HashMap;
use std::ops::Range;

use super::ScenarioError;
use super::checker::{Checker, MAX_RETRIES, display_text};
use super::model::*;
use super::names::{Named, Wanted, unknown};
use super::raw::*;

pub(super) fn step(
    raw: &RawStep,
    names: &HashMap<&str, (Named, Range<usize>)>,
    roles: &HashMap<&str, usize>,
    components: &[Component],
    c: &Checker,
) -> Result<Step, ScenarioError> {
    let id = raw.id.get_ref();
    let after = after(raw, names, c)?;
    let role = role(raw, roles, c)?;
    let failure = match &raw.failure {
        Some(f) => Some(failure(id, f.get_ref(), names, c)?),
        None => None,
    };
    let mut risks = Vec::new();
    for risk in &raw.risks {
        let r = risk.get_ref();
        risks.push(Risk {
            name: display_text(r.name.get_ref()),
            probability: c.probability(&r.probability, "risk probability")?,
            delay: c.dist(&r.delay)?,
        });
    }
    let recovers = recovers(raw, names, components, c)?;
    Ok(Step {
        id: id.clone(),
        name: raw.name.as_deref().map_or_else(|| id.clone(), display_text),
        after,
        duration: c.dist(&raw.duration)?,
        role,
        priority: raw.priority.as_ref().map_or(0, |p| *p.get_ref()),
        failure,
        risks,
        recovers,
        fallback_only: raw.fallback_only,
        basis: super::checker::basis(raw.source.as_ref(), raw.assumed.as_ref(), c)?,
    })
}

/// The steps and components a step waits for.
fn after(
    raw: &RawStep,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
) -> Result<Vec<Dep>, ScenarioError> {
    let id = raw.id.get_ref();
    let mut after = Vec::new();
    for dep in &raw.after {
        match names.get(dep.get_ref().as_str()) {
            Some((Named::Step(i), _)) => after.push(Dep::Step(*i)),
            Some((Named::Component(i), _)) => after.push(Dep::Component(*i)),
            None => {
                return Err(c.err(
                    dep.span(),
                    unknown(Wanted::StepOrComponent, dep.get_ref(), names),
                ));
            }
        }
        if dep.get_ref() == id {
            return Err(c.err(dep.span(), format!("step `{id}` cannot come after itself")));
        }
    }
    Ok(after)
}

/// The role a step needs, if any.
fn role(
    raw: &RawStep,
    roles: &HashMap<&str, usize>,
    c: &Checker,
) -> Result<Option<usize>, ScenarioError> {
    Ok(match &raw.role {
        Some(r) => match roles.get(r.get_ref().as_str()) {
            Some(i) => Some(*i),
            None => {
                let mut known: Vec<&str> = roles.keys().copied().collect();
                known.sort_unstable();
                let hint = if known.is_empty() {
                    "no roles are defined: add a [roles] table, e.g. ops = 2".to_string()
                } else {
                    format!("defined roles: {}", known.join(", "))
                };
                return Err(c.err(
                    r.span(),
                    format!("no role is called `{}`; {hint}", r.get_ref()),
                ));
            }
        },
        None => None,
    })
}

pub(super) fn failure(
    id: &str,
    raw: &RawFailure,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
) -> Result<Failure, ScenarioError> {
    let retries = match &raw.retries {
        Some(r) if !(0..=MAX_RETRIES).contains(r.get_ref()) => {
            return Err(c.err(
                r.span(),
                format!("retries must be between 0 and {MAX_RETRIES}"),
            ));
        }
        Some(r) => *r.get_ref() as u32,
        None => 0,
    };
    let fallback = match &raw.fallback {
        Some(f) => match names.get(f.get_ref().as_str()) {
            Some((Named::Step(_), _)) if f.get_ref() == id => {
                return Err(c.err(f.span(), format!("step `{id}` cannot fall back to itself")));
            }
            Some((Named::Step(i), _)) => Some(*i),
            Some((Named::Component(_), _)) => {
                return Err(c.err(
                    f.span(),
                    format!("`{}` is a component; a fallback is a step id", f.get_ref()),
                ));
            }
            None => return Err(c.err(f.span(), unknown(Wanted::Step, f.get_ref(), names))),
        },
        None => None,
    };
    Ok(Failure {
        probability: c.probability(&raw.probability, "failure probability")?,
        retries,
        retry_delay_secs: raw.retry_delay.as_ref().map_or(0.0, |d| d.get_ref().0),
        fallback,
    })
}

pub(super) fn recovers(
    raw: &RawStep,
    names: &HashMap<&str, (Named, Range<usize>)>,
    components: &[Component],
    c: &Checker,
) -> Result<Vec<Recovery>, ScenarioError> {
    let id = raw.id.get_ref();
    let mut out: Vec<Recovery> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut from_used = false;
    for target in &raw.recovers {
        let component = match names.get(target.get_ref().as_str()) {
            Some((Named::Component(i), _)) => *i,
            Some((Named::Step(_), _)) => {
                return Err(c.err(
                    target.span(),
                    format!(
                        "`{}` is a step; recovers lists component ids",
                        target.get_ref()
                    ),
                ));
            }
            None => {
                return Err(c.err(
                    target.span(),
                    unknown(Wanted::Component, target.get_ref(), names),
                ));
            }
        };
        if !seen.insert(component) {
            return Err(c.err(
                target.span(),
                format!("`{}` is listed twice in recovers", target.get_ref()),
            ));
        }
        let source = source(raw, &components[component], target, c)?;
        from_used |= source.is_some() && raw.from.is_some();
        out.push(Recovery { component, source });
    }
    if let Some(from) = &raw.from {
        if !from_used {
            return Err(c.err(
                from.span(),
                format!("`from` names a data source, but step `{id}` recovers no component with data: remove it or add the component to `recovers`"),
            ));
        }
    }
    Ok(out)
}

/// The data source step `raw` recovers `comp` from (`None` without data).
fn source(
    raw: &RawStep,
    comp: &Component,
    target: &toml::Spanned<String>,
    c: &Checker,
) -> Result<Option<usize>, ScenarioError> {
    let id = raw.id.get_ref();
    Ok(match (&raw.from, comp.sources.len()) {
        (_, 0) => None,
        (Some(from), _) => match comp.sources.iter().position(|s| &s.name == from.get_ref()) {
            Some(i) => Some(i),
            None => {
                let known: Vec<&str> = comp.sources.iter().map(|s| s.name.as_str()).collect();
                return Err(c.err(
                    from.span(),
                    format!(
                        "component `{}` has no data source `{}`; its sources: {}",
                        comp.id,
                        from.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
        },
        (None, 1) => Some(0),
        (None, _) => {
            let known: Vec<&str> = comp.sources.iter().map(|s| s.name.as_str()).collect();
            return Err(c.err(
                target.span(),
                format!(
                    "component `{}` has several data sources ({}): say which one step `{id}` recovers it from, e.g. from = \"{}\"",
                    comp.id,
                    known.join(", "),
                    known[0]
                ),
            ));
        }
    })
}

/// Fallback-only steps must be some step's fallback, and a component must
/// be recovered by at least one regular step if fallback-only steps recover it.
pub(super) fn check_fallback_use(
    raw: &RawFile,
    steps: &[Step],
    components: &[Component],
    c: &Checker,
) -> Result<(), ScenarioError> {
    let mut named = vec![false; steps.len()];
    for f in steps
        .iter()
        .filter_map(|s| s.failure.and_then(|f| f.fallback))
    {
        named[f] = true;
    }
    for (index, step) in steps.iter().enumerate() {
        if step.fallback_only && !named[index] {
            return Err(c.err(
                raw.steps[index].get_ref().id.span(),
                format!(
                    "step `{}` is fallback_only but no step names it as its fallback, so it never runs: add failure = {{ ..., fallback = \"{}\" }} to a step, or remove fallback_only",
                    step.id, step.id
                ),
            ));
        }
        if step.fallback_only {
            for r in &step.recovers {
                if components[r.component].recovered_by.is_empty() {
                    return Err(c.err(
                        raw.steps[index].get_ref().id.span(),
                        format!(
                            "component `{}` is recovered only by fallback-only step `{}`: list it in the `recovers` of the regular step that falls back here",
                            components[r.component].id, step.id
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}
