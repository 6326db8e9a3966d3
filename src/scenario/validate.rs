//! From the TOML mirror to a checked [`Scenario`]: ids resolved, references
//! checked, numbers in range, no cycles. Every error points at the value.

use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

use super::ScenarioError;
use super::model::*;
use super::raw::*;

/// Largest `iterations` a scenario file may set.
pub const MAX_ITERATIONS: u64 = 1_000_000_000_000;
/// Most retries a step may have.
pub const MAX_RETRIES: i64 = 1000;
/// Most units a role may have.
pub const MAX_ROLE_COUNT: i64 = 100_000;

/// Carries the file and its text, to turn spans into located errors.
pub struct Checker<'a> {
    pub file: &'a str,
    pub source: &'a str,
}

impl Checker<'_> {
    /// An error at `span`.
    pub fn err(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.file, self.source, span, message)
    }

    /// A finite number, or an error naming `what`.
    pub fn finite(&self, value: &Spanned<f64>, what: &str) -> Result<f64, ScenarioError> {
        let v = *value.get_ref();
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.err(
                value.span(),
                format!("{what} must be a finite number, not {v}"),
            ))
        }
    }

    /// A probability in [0, 1].
    pub fn probability(&self, value: &Spanned<f64>, what: &str) -> Result<f64, ScenarioError> {
        let p = self.finite(value, what)?;
        if (0.0..=1.0).contains(&p) {
            Ok(p)
        } else {
            Err(self.err(
                value.span(),
                format!(
                    "{what} must be a probability between 0 and 1 (write 0.2 for 20 %), not {p}"
                ),
            ))
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// What an id names.
#[derive(Clone, Copy)]
enum Named {
    Step(usize),
    Component(usize),
}

/// Checks a parsed file and builds the scenario.
pub fn build(raw: RawFile, c: &Checker) -> Result<Scenario, ScenarioError> {
    let head = raw.scenario.get_ref();
    let name = head.name.get_ref().trim().to_string();
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
    let targets = targets(raw.targets.as_ref(), c)?;

    let mut names: HashMap<&str, (Named, Range<usize>)> = HashMap::new();
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
        roles.push(self::role(id, role, c)?);
    }

    let mut components = Vec::new();
    for (id, comp) in &raw.components.0 {
        components.push(component(id, comp.get_ref(), &names, c)?);
    }
    let mut steps = Vec::new();
    for step in &raw.steps {
        steps.push(self::step(
            step.get_ref(),
            &names,
            &role_index,
            &components,
            c,
        )?);
    }
    for (index, step) in steps.iter().enumerate() {
        if !step.fallback_only {
            for r in &step.recovers {
                components[r.component].recovered_by.push(index);
            }
        }
    }
    check_fallback_use(&raw, &steps, &components, c)?;
    let scenario = Scenario {
        name,
        description: head.description.clone(),
        file: c.file.to_string(),
        iterations,
        seed,
        targets,
        roles,
        components,
        steps,
    };
    super::cycles::check(&scenario, &raw, c)?;
    Ok(scenario)
}

fn check_id(id: &Spanned<String>, what: &str, c: &Checker) -> Result<(), ScenarioError> {
    if valid_id(id.get_ref()) {
        Ok(())
    } else {
        Err(c.err(
            id.span(),
            format!(
                "{what} id {:?} may only use a-z, 0-9, _ and -: write e.g. {:?}",
                id.get_ref(),
                suggest_id(id.get_ref())
            ),
        ))
    }
}

fn suggest_id(id: &str) -> String {
    let s: String = id
        .to_lowercase()
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "step_1".into() } else { s }
}

fn declare<'a>(
    names: &mut HashMap<&'a str, (Named, Range<usize>)>,
    id: &'a Spanned<String>,
    named: Named,
    c: &Checker,
) -> Result<(), ScenarioError> {
    let what = match named {
        Named::Step(_) => "step",
        Named::Component(_) => "component",
    };
    check_id(id, what, c)?;
    if let Some((first, first_span)) = names.insert(id.get_ref(), (named, id.span())) {
        let first_what = match first {
            Named::Step(_) => "step",
            Named::Component(_) => "component",
        };
        let (line, _) = line_col(c.source, first_span.start);
        return Err(c.err(
            id.span(),
            format!(
                "id `{}` is already used by a {first_what} (line {line}): ids must be unique among steps and components; rename one",
                id.get_ref()
            ),
        ));
    }
    Ok(())
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    (before + 1, 0)
}

fn targets(raw: Option<&Spanned<RawTargets>>, c: &Checker) -> Result<Targets, ScenarioError> {
    let Some(t) = raw.map(Spanned::get_ref) else {
        return Ok(Targets {
            rto_secs: None,
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
        rto_secs: t.rto.as_ref().map(|d| d.get_ref().0),
        rpo_secs: t.rpo.as_ref().map(|d| d.get_ref().0),
        percentile,
    })
}

fn role(id: &Spanned<String>, raw: &Spanned<RawRole>, c: &Checker) -> Result<Role, ScenarioError> {
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
    Ok(Role {
        id: id.get_ref().clone(),
        count: count as u32,
        response,
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
            None => return Err(c.err(dep.span(), unknown("component", dep.get_ref(), names))),
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
        let backup = match (&s.interval, &s.success) {
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
        };
        sources.push(Source {
            name: name.get_ref().clone(),
            lag,
            backup,
        });
    }
    Ok(Component {
        id: id.get_ref().clone(),
        name: raw.name.clone().unwrap_or_else(|| id.get_ref().clone()),
        depends_on,
        rto_target_secs: raw.rto.as_ref().map(|d| d.get_ref().0),
        rpo_target_secs: raw.rpo.as_ref().map(|d| d.get_ref().0),
        sources,
        recovered_by: Vec::new(),
    })
}

fn unknown(what: &str, id: &str, names: &HashMap<&str, (Named, Range<usize>)>) -> String {
    let mut known: Vec<&str> = names
        .iter()
        .filter(|(_, (n, _))| match n {
            Named::Step(_) => what.contains("step"),
            Named::Component(_) => what.contains("component"),
        })
        .map(|(k, _)| *k)
        .collect();
    known.sort_unstable();
    let close = known.iter().find(|k| similar(k, id));
    match close {
        Some(k) => format!("no {what} is called `{id}`: did you mean `{k}`?"),
        None if known.is_empty() => format!("no {what} is called `{id}`, and none is defined"),
        None => format!("no {what} is called `{id}`; defined: {}", known.join(", ")),
    }
}

/// Same letters give or take one edit, or one contains the other.
fn similar(a: &str, b: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()] <= 2
}

fn step(
    raw: &RawStep,
    names: &HashMap<&str, (Named, Range<usize>)>,
    roles: &HashMap<&str, usize>,
    components: &[Component],
    c: &Checker,
) -> Result<Step, ScenarioError> {
    let id = raw.id.get_ref();
    let mut after = Vec::new();
    for dep in &raw.after {
        match names.get(dep.get_ref().as_str()) {
            Some((Named::Step(i), _)) => after.push(Dep::Step(*i)),
            Some((Named::Component(i), _)) => after.push(Dep::Component(*i)),
            None => {
                return Err(c.err(
                    dep.span(),
                    unknown("step or component", dep.get_ref(), names),
                ));
            }
        }
        if dep.get_ref() == id {
            return Err(c.err(dep.span(), format!("step `{id}` cannot come after itself")));
        }
    }
    let role = match &raw.role {
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
    };
    let failure = match &raw.failure {
        Some(f) => Some(failure(id, f.get_ref(), names, c)?),
        None => None,
    };
    let mut risks = Vec::new();
    for risk in &raw.risks {
        let r = risk.get_ref();
        risks.push(Risk {
            name: r.name.get_ref().clone(),
            probability: c.probability(&r.probability, "risk probability")?,
            delay: c.dist(&r.delay)?,
        });
    }
    let recovers = recovers(raw, names, components, c)?;
    Ok(Step {
        id: id.clone(),
        name: raw.name.clone().unwrap_or_else(|| id.clone()),
        after,
        duration: c.dist(&raw.duration)?,
        role,
        priority: raw.priority.as_ref().map_or(0, |p| *p.get_ref()),
        failure,
        risks,
        recovers,
        fallback_only: raw.fallback_only,
    })
}

fn failure(
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
            None => return Err(c.err(f.span(), unknown("step", f.get_ref(), names))),
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

fn recovers(
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
            None => return Err(c.err(target.span(), unknown("component", target.get_ref(), names))),
        };
        if !seen.insert(component) {
            return Err(c.err(
                target.span(),
                format!("`{}` is listed twice in recovers", target.get_ref()),
            ));
        }
        let comp = &components[component];
        let source = match (&raw.from, comp.sources.len()) {
            (_, 0) => None,
            (Some(from), _) => match comp.sources.iter().position(|s| &s.name == from.get_ref()) {
                Some(i) => {
                    from_used = true;
                    Some(i)
                }
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
        };
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

/// Fallback-only steps must be some step's fallback, and a component must
/// be recovered by at least one regular step if fallback-only steps recover it.
fn check_fallback_use(
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
