//! Checking and building what correlates the steps of a disaster: the
//! time of the week it strikes (`strikes_at`, `timezone`, a role's
//! `hours` and `off_hours`), scenario-wide `[conditions]`, `[[risks]]`
//! shared by many steps, and `[[correlation]]` groups of step durations.

use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

use super::ScenarioError;
use super::calendar::{self, Calendar};
use super::checker::{Checker, basis, display_text};
use super::model::*;
use super::names::{Named, check_id, similar};
use super::raw::*;
use super::step_edits::glob_match;
use crate::dist::Copula;

/// Largest factor a condition or a shared risk may scale a time by.
const MAX_SCALE: f64 = 1000.0;

/// The scenario's UTC offset (`timezone`), seconds east of UTC.
pub(super) fn offset(head: &RawScenario, c: &Checker) -> Result<f64, ScenarioError> {
    match &head.timezone {
        Some(zone) => calendar::parse_offset(zone.get_ref()).map_err(|m| c.err(zone.span(), m)),
        None => Ok(0.0),
    }
}

/// The calendar, when something depends on the time of the week.
pub(super) fn calendar(
    head: &RawScenario,
    roles: &[Role],
    offset_secs: f64,
    c: &Checker,
) -> Result<Option<Calendar>, ScenarioError> {
    let strikes_at = match &head.strikes_at {
        Some(at) => Some(
            calendar::parse_week_time(at.get_ref(), offset_secs)
                .map_err(|m| c.err(at.span(), m))?,
        ),
        None => None,
    };
    let uses_hours = roles.iter().any(|r| r.hours.is_some());
    Ok((uses_hours || strikes_at.is_some()).then_some(Calendar {
        strikes_at,
        offset_secs,
    }))
}

/// A role's `hours` and `off_hours`: both or neither.
pub(super) fn role_hours(
    id: &Spanned<String>,
    raw: &Spanned<RawRole>,
    offset_secs: f64,
    c: &Checker,
) -> Result<(Option<super::Hours>, Option<OffHours>), ScenarioError> {
    let r = raw.get_ref();
    let role = id.get_ref();
    match (&r.hours, &r.off_hours) {
        (None, None) => Ok((None, None)),
        (None, Some(off)) => Err(c.err(
            off.span(),
            format!("`off_hours` needs the role's working hours: add hours = \"Mon-Fri 08:00-18:00\" to role `{role}`, or remove off_hours"),
        )),
        (Some(hours), None) => Err(c.err(
            hours.span(),
            format!("role `{role}` has hours but no `off_hours`: say how it responds outside them, e.g. off_hours = \"45m\" (a person paged at night) or off_hours = \"wait\" (it acts only in hours)"),
        )),
        (Some(hours), Some(off)) => {
            let parsed = calendar::parse_hours(hours.get_ref(), offset_secs)
                .map_err(|m| c.err(hours.span(), m))?;
            let off_hours = match off.get_ref() {
                RawOffHours::Wait => OffHours::Wait,
                RawOffHours::Response(spec) => {
                    OffHours::Response(c.dist(&Spanned::new(off.span(), spec.clone()))?)
                }
            };
            Ok((Some(parsed), Some(off_hours)))
        }
    }
}

/// The steps a list of ids and globs names, each once, in file order. An
/// id that names no step is an error (as is a component's id); a glob that
/// matches none is a warning, so that a variant may remove the steps a
/// plan-wide glob names.
fn named_steps(
    patterns: &[Spanned<String>],
    steps: &[Step],
    names: &HashMap<&str, (Named, Range<usize>)>,
    what: &str,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<Vec<usize>, ScenarioError> {
    let mut chosen = vec![false; steps.len()];
    for pattern in patterns {
        let p = pattern.get_ref();
        let mut any = false;
        for (i, step) in steps.iter().enumerate() {
            if glob_match(p, &step.id) {
                chosen[i] = true;
                any = true;
            }
        }
        if !any && p.contains('*') {
            warnings.push(c.err(
                pattern.span(),
                format!("`{p}` matches no step, so {what} leaves it out"),
            ));
        } else if !any {
            let message = match names.get(p.as_str()) {
                Some((Named::Component(_), _)) => {
                    format!(
                        "`{p}` is a component; {what} lists steps (ids or globs such as \"provision_*\")"
                    )
                }
                _ => no_step(p, steps, what),
            };
            return Err(c.err(pattern.span(), message));
        }
    }
    Ok((0..steps.len()).filter(|&i| chosen[i]).collect())
}

fn no_step(pattern: &str, steps: &[Step], what: &str) -> String {
    match steps.iter().find(|s| similar(&s.id, pattern)) {
        Some(close) if !pattern.contains('*') => {
            format!(
                "no step is called `{pattern}`: did you mean `{}`?",
                close.id
            )
        }
        _ => format!(
            "`{pattern}` names no step; {what} lists step ids or globs such as \"provision_*\""
        ),
    }
}

/// A scale factor: finite, above 0, at most [`MAX_SCALE`].
fn scale(value: &Spanned<f64>, what: &str, c: &Checker) -> Result<f64, ScenarioError> {
    let v = c.finite(value, what)?;
    if v > 0.0 && v <= MAX_SCALE {
        Ok(v)
    } else {
        Err(c.err(
            value.span(),
            format!("{what} must be above 0 and at most {MAX_SCALE} (1.5 means half as long again), not {v}"),
        ))
    }
}

/// `[conditions.<name>]`, in file order.
pub(super) fn conditions(
    raw: &RawFile,
    steps: &[Step],
    roles: &HashMap<&str, usize>,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<Vec<Condition>, ScenarioError> {
    let mut out = Vec::new();
    for (name, spanned) in &raw.conditions.0 {
        check_id(name, "condition", c)?;
        out.push(condition(name, spanned, steps, roles, names, c, warnings)?);
    }
    Ok(out)
}

fn condition(
    name: &Spanned<String>,
    spanned: &Spanned<RawCondition>,
    steps: &[Step],
    roles: &HashMap<&str, usize>,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<Condition, ScenarioError> {
    let raw = spanned.get_ref();
    let id = name.get_ref();
    let Some(cases) = &raw.cases else {
        return Err(c.err(
            name.span(),
            format!("condition `{id}` has no cases: add cases = {{ normal = 0.7, contended = 0.3 }} (probabilities that sum to 1)"),
        ));
    };
    let mut built = read_cases(id, cases, steps.len(), roles.len(), c)?;
    for (case, effect) in &raw.effects {
        let Some(k) = built.iter().position(|b| &b.name == case.get_ref()) else {
            let known: Vec<&str> = built.iter().map(|b| b.name.as_str()).collect();
            let hint = match known.iter().find(|k| similar(k, case.get_ref())) {
                Some(k) => format!(": did you mean `{k}`?"),
                None => format!("; its cases are {}", known.join(", ")),
            };
            return Err(c.err(
                case.span(),
                format!(
                    "condition `{id}` has no case called `{}`{hint} (a condition's table holds `cases`, a basis, and a table per case)",
                    case.get_ref()
                ),
            ));
        };
        case_effect(
            &mut built[k],
            effect.get_ref(),
            steps,
            roles,
            names,
            c,
            warnings,
        )?;
    }
    Ok(Condition {
        name: id.clone(),
        cases: built,
        basis: basis(raw.basis.source.as_ref(), raw.basis.assumed.as_ref(), c)?,
    })
}

/// A condition's `cases`: valid names, each once, two or more, with
/// probabilities that sum to 1; their scales still all 1.
fn read_cases(
    id: &str,
    cases: &Spanned<OrderedMap<Spanned<f64>>>,
    n_steps: usize,
    n_roles: usize,
    c: &Checker,
) -> Result<Vec<Case>, ScenarioError> {
    let mut built: Vec<Case> = Vec::new();
    for (case, p) in &cases.get_ref().0 {
        check_id(case, "case", c)?;
        if built.iter().any(|b| &b.name == case.get_ref()) {
            return Err(c.err(
                case.span(),
                format!("case `{}` is listed twice", case.get_ref()),
            ));
        }
        built.push(Case {
            name: case.get_ref().clone(),
            probability: c.probability(p, "a case's probability")?,
            step_scale: vec![1.0; n_steps],
            role_scale: vec![1.0; n_roles],
        });
    }
    if built.len() < 2 {
        return Err(c.err(
            cases.span(),
            format!("condition `{id}` needs two cases or more (one case always holds: scale the steps themselves instead)"),
        ));
    }
    let total: f64 = built.iter().map(|b| b.probability).sum();
    if (total - 1.0).abs() > 1e-9 {
        return Err(c.err(
            cases.span(),
            format!(
                "the cases of condition `{id}` must have probabilities that sum to 1, not {total}"
            ),
        ));
    }
    Ok(built)
}

/// Fills a case's scales; a step or role named twice is an error.
fn case_effect(
    case: &mut Case,
    effect: &RawCaseEffect,
    steps: &[Step],
    roles: &HashMap<&str, usize>,
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<(), ScenarioError> {
    let mut set = vec![false; steps.len()];
    for (pattern, factor) in &effect.duration_scale.0 {
        let factor = scale(factor, "a duration scale", c)?;
        for i in named_steps(
            std::slice::from_ref(pattern),
            steps,
            names,
            "duration_scale",
            c,
            warnings,
        )? {
            if std::mem::replace(&mut set[i], true) {
                return Err(c.err(
                    pattern.span(),
                    format!(
                        "step `{}` is already scaled in case `{}`: name each step once",
                        steps[i].id, case.name
                    ),
                ));
            }
            case.step_scale[i] = factor;
        }
    }
    let mut role_ids: Vec<(&str, usize)> = roles.iter().map(|(k, v)| (*k, *v)).collect();
    role_ids.sort_by_key(|&(_, r)| r);
    let mut set = vec![false; roles.len()];
    for (pattern, factor) in &effect.response_scale.0 {
        let factor = scale(factor, "a response scale", c)?;
        let matched: Vec<usize> = role_ids
            .iter()
            .filter(|(id, _)| glob_match(pattern.get_ref(), id))
            .map(|&(_, r)| r)
            .collect();
        if matched.is_empty() {
            let known: Vec<&str> = role_ids.iter().map(|(id, _)| *id).collect();
            return Err(c.err(
                pattern.span(),
                format!(
                    "no role is called `{}`; response_scale names roles (or \"*\"): {}",
                    pattern.get_ref(),
                    if known.is_empty() {
                        "none is defined".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
        for r in matched {
            if std::mem::replace(&mut set[r], true) {
                return Err(c.err(
                    pattern.span(),
                    format!(
                        "role `{}` is already scaled in case `{}`: name each role once",
                        role_ids[r].0, case.name
                    ),
                ));
            }
            case.role_scale[r] = factor;
        }
    }
    Ok(())
}

/// `[[risks]]`, in file order.
pub(super) fn shared_risks(
    raw: &RawFile,
    steps: &[Step],
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<Vec<SharedRisk>, ScenarioError> {
    let mut out: Vec<SharedRisk> = Vec::new();
    for spanned in &raw.risks {
        let r = spanned.get_ref();
        let name = display_text(r.name.get_ref().trim());
        if name.is_empty() {
            return Err(c.err(
                r.name.span(),
                "a shared risk needs a name, e.g. name = \"secondary region capacity contention\"",
            ));
        }
        if out.iter().any(|o| o.name == name) {
            return Err(c.err(
                r.name.span(),
                format!("a shared risk is already called `{name}`: give each a name of its own"),
            ));
        }
        let effect = match (&r.delay, &r.scale) {
            (Some(delay), None) => SharedEffect::Delay(c.dist(delay)?),
            (None, Some(factor)) => SharedEffect::Scale(scale(factor, "a shared risk's scale", c)?),
            (Some(_), Some(factor)) => {
                return Err(c.err(factor.span(), "give a shared risk a `delay` (added to each step) or a `scale` (each step takes that many times as long), not both"));
            }
            (None, None) => {
                return Err(c.err(spanned.span(), format!("shared risk `{name}` does nothing: add delay = \"1h\" (added to each step's first attempt) or scale = 1.5 (each step takes that many times as long)")));
            }
        };
        if r.applies_to.get_ref().is_empty() {
            return Err(c.err(r.applies_to.span(), "applies_to is empty: list the steps it strikes, by id or glob, e.g. [\"provision_*\"]"));
        }
        out.push(SharedRisk {
            name,
            probability: c.probability(&r.probability, "a shared risk's probability")?,
            effect,
            steps: named_steps(
                r.applies_to.get_ref(),
                steps,
                names,
                "applies_to",
                c,
                warnings,
            )?,
            applies_to: r
                .applies_to
                .get_ref()
                .iter()
                .map(|p| p.get_ref().clone())
                .collect(),
            basis: basis(r.source.as_ref(), r.assumed.as_ref(), c)?,
        });
    }
    Ok(out)
}

/// `[[correlation]]` groups, in file order: every pair of steps in one
/// group once, and a rank matrix that a Gaussian copula can have (the
/// first group that makes it impossible is the error).
pub(super) fn correlations(
    raw: &RawFile,
    steps: &[Step],
    names: &HashMap<&str, (Named, Range<usize>)>,
    c: &Checker,
    warnings: &mut Vec<ScenarioError>,
) -> Result<Vec<Correlation>, ScenarioError> {
    let mut out: Vec<Correlation> = Vec::new();
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for (g, spanned) in raw.correlation.iter().enumerate() {
        let r = spanned.get_ref();
        let rank = c.finite(&r.rank, "rank")?;
        if !(-1.0..=1.0).contains(&rank) {
            return Err(c.err(r.rank.span(), format!("rank must be between -1 and 1 (a Spearman rank correlation, e.g. 0.6), not {rank}")));
        }
        let members = named_steps(
            r.steps.get_ref(),
            steps,
            names,
            "a correlation group",
            c,
            warnings,
        )?;
        if members.len() < 2 {
            return Err(c.err(
                r.steps.span(),
                "a correlation group needs two steps or more",
            ));
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if let Some(other) = pairs.insert((a, b), g) {
                    return Err(c.err(
                        r.steps.span(),
                        format!(
                            "steps `{}` and `{}` are already correlated by group {} ([[correlation]] number {}): put each pair of steps in one group",
                            steps[a].id, steps[b].id, other + 1, other + 1
                        ),
                    ));
                }
            }
        }
        out.push(Correlation {
            steps: members,
            rank,
            basis: basis(r.source.as_ref(), r.assumed.as_ref(), c)?,
        });
        if Correlated::new(&out, steps).is_err() {
            let listed: Vec<&str> = out[g].steps.iter().map(|&i| steps[i].id.as_str()).collect();
            return Err(c.err(
                spanned.span(),
                format!(
                    "correlation group {} ({}, rank {rank}) asks, with the groups before it, for rank correlations that no joint distribution has (steps in no common group count as 0): lower its rank or that of a group it shares steps with",
                    g + 1,
                    listed.join(", ")
                ),
            ));
        }
    }
    Ok(out)
}

/// The steps whose durations a copula drives, and the copula: the steps
/// with a non-zero rank to another (a step correlated with none is drawn
/// as ever, so rank 0 changes nothing).
#[derive(Debug, Clone)]
pub struct Correlated {
    /// Per copula variable, its step.
    pub steps: Vec<usize>,
    /// Per step, its copula variable, if any.
    pub slot: Vec<Option<usize>>,
    /// Per copula variable, its step's duration with discrete outcomes in
    /// ascending order (`Dist::monotone`), which the copula's uniform is
    /// mapped through.
    pub marginals: Vec<crate::dist::Dist>,
    pub copula: Copula,
}

impl Correlated {
    /// The copula of `groups` over a scenario's `steps`; `None` when no
    /// rank is non-zero.
    pub fn new(
        groups: &[Correlation],
        steps: &[Step],
    ) -> Result<Option<Correlated>, crate::dist::CopulaError> {
        let n_steps = steps.len();
        let mut slot: Vec<Option<usize>> = vec![None; n_steps];
        let mut members: Vec<usize> = Vec::new();
        for g in groups.iter().filter(|g| g.rank != 0.0) {
            for &i in &g.steps {
                if slot[i].is_none() {
                    slot[i] = Some(members.len());
                    members.push(i);
                }
            }
        }
        if members.is_empty() {
            return Ok(None);
        }
        let k = members.len();
        let mut ranks = vec![0.0; k * k];
        for d in 0..k {
            ranks[d * k + d] = 1.0;
        }
        for g in groups.iter().filter(|g| g.rank != 0.0) {
            for &a in &g.steps {
                for &b in &g.steps {
                    if let (Some(x), Some(y)) = (slot[a], slot[b])
                        && x != y
                    {
                        ranks[x * k + y] = g.rank;
                    }
                }
            }
        }
        let copula = Copula::new(k, &ranks)?;
        Ok(Some(Correlated {
            marginals: members
                .iter()
                .map(|&i| steps[i].duration.monotone())
                .collect(),
            steps: members,
            slot,
            copula,
        }))
    }
}
