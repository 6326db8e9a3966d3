//! Where each number came from: the inputs of a plan that state figures —
//! steps, roles, components with a target, data sources — each with its
//! [`Basis`] (the plan quoted, or an assumption and why) or none, and,
//! kept from validation, where each input without one is written, for
//! `validate --strict`.

use super::checker::Checker;
use super::error::Location;
use super::model::*;
use super::raw::RawFile;

/// An input that can carry a basis, by index into its scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    Step(usize),
    Role(usize),
    /// A component with a target of its own (its basis is its targets').
    Component(usize),
    /// Data source `source` of component `component`.
    Source {
        component: usize,
        source: usize,
    },
    /// A condition (`[conditions.<name>]`): its cases and what they change.
    Condition(usize),
    /// A shared risk (`[[risks]]`).
    SharedRisk(usize),
    /// A `[[correlation]]` group.
    Correlation(usize),
}

/// What an input's figures rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grounding {
    /// The plan says so (`source`).
    Plan,
    /// Assumed, with a reason (`assumed`).
    Assumed,
    /// The file does not say.
    Missing,
}

impl Grounding {
    /// The grounding of an optional basis.
    pub fn of(basis: Option<&Basis>) -> Grounding {
        match basis {
            Some(Basis::Source(_)) => Grounding::Plan,
            Some(Basis::Assumed(_)) => Grounding::Assumed,
            None => Grounding::Missing,
        }
    }

    /// "from the plan", "assumed", "no basis".
    pub fn words(self) -> &'static str {
        match self {
            Grounding::Plan => "from the plan",
            Grounding::Assumed => "assumed",
            Grounding::Missing => "no basis",
        }
    }
}

impl Basis {
    /// The quote or the reason, as written.
    pub fn text(&self) -> &str {
        match self {
            Basis::Source(text) | Basis::Assumed(text) => text,
        }
    }
}

/// Where something is written: its file (a file it extends, `--set`) and
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub location: Option<Location>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = crate::input::display_text(&self.file);
        match self.location {
            Some(Location { line, column }) => write!(f, "{file}:{line}:{column}"),
            None => write!(f, "{file}"),
        }
    }
}

/// An input with no basis, where it is written (its id), and how to give
/// it one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbased {
    pub input: Input,
    pub place: Place,
    /// For a role written as a count (`ops = 2`), which has no table to
    /// add a basis to, the table to write instead.
    pub hint: Option<String>,
}

impl Scenario {
    /// Every input that can carry a basis: steps, roles, components with a
    /// target of their own, data sources, then conditions, shared risks and
    /// correlation groups, each in file order.
    pub fn inputs(&self) -> Vec<Input> {
        let steps = (0..self.steps.len()).map(Input::Step);
        let roles = (0..self.roles.len()).map(Input::Role);
        let components = (0..self.components.len())
            .filter(|&c| self.components[c].has_target())
            .map(Input::Component);
        let sources = self.components.iter().enumerate().flat_map(|(c, comp)| {
            (0..comp.sources.len()).map(move |source| Input::Source {
                component: c,
                source,
            })
        });
        steps
            .chain(roles)
            .chain(components)
            .chain(sources)
            .chain((0..self.conditions.len()).map(Input::Condition))
            .chain((0..self.shared_risks.len()).map(Input::SharedRisk))
            .chain((0..self.correlations.len()).map(Input::Correlation))
            .collect()
    }

    /// The basis an input gives, if any.
    pub fn basis_of(&self, input: Input) -> Option<&Basis> {
        match input {
            Input::Step(i) => self.steps[i].basis.as_ref(),
            Input::Role(r) => self.roles[r].basis.as_ref(),
            Input::Component(c) => self.components[c].basis.as_ref(),
            Input::Source { component, source } => {
                self.components[component].sources[source].basis.as_ref()
            }
            Input::Condition(k) => self.conditions[k].basis.as_ref(),
            Input::SharedRisk(k) => self.shared_risks[k].basis.as_ref(),
            Input::Correlation(k) => self.correlations[k].basis.as_ref(),
        }
    }

    /// "step `promote_db`", "role `dba`", "component `db`", "data source
    /// `replica` of `db`".
    pub fn input_name(&self, input: Input) -> String {
        match input {
            Input::Step(i) => format!("step `{}`", self.steps[i].id),
            Input::Role(r) => format!("role `{}`", self.roles[r].id),
            Input::Component(c) => format!("component `{}`", self.components[c].id),
            Input::Source { component, source } => {
                let comp = &self.components[component];
                format!(
                    "data source `{}` of `{}`",
                    comp.sources[source].name, comp.id
                )
            }
            Input::Condition(k) => format!("condition `{}`", self.conditions[k].name),
            Input::SharedRisk(k) => format!("shared risk \"{}\"", self.shared_risks[k].name),
            Input::Correlation(k) => format!("correlation group {}", k + 1),
        }
    }
}

impl Component {
    /// True when it states a target of its own (RTO or RPO).
    pub fn has_target(&self) -> bool {
        self.rto_target_secs.is_some() || self.rpo_target_secs.is_some()
    }
}

/// The inputs of `scenario` (built from `raw`) without a basis, each
/// placed at its id.
pub(super) fn unbased(raw: &RawFile, scenario: &Scenario, c: &Checker) -> Vec<Unbased> {
    scenario
        .inputs()
        .into_iter()
        .filter(|input| scenario.basis_of(*input).is_none())
        .map(|input| {
            let span = match input {
                Input::Step(i) => raw.steps[i].get_ref().id.span(),
                Input::Role(r) => raw.roles.0[r].0.span(),
                Input::Component(k) => raw.components.0[k].0.span(),
                Input::Source { component, source } => {
                    raw.components.0[component].1.get_ref().data.0[source]
                        .0
                        .span()
                }
                Input::Condition(k) => raw.conditions.0[k].0.span(),
                Input::SharedRisk(k) => raw.risks[k].get_ref().name.span(),
                Input::Correlation(k) => raw.correlation[k].span(),
            };
            let (file, location) = c.sources.location(span);
            let hint = match input {
                // A role written as a count (`ops = 2`) has no table to add to.
                Input::Role(r) if raw.roles.0[r].1.get_ref().count.span().is_empty() => {
                    let role = &scenario.roles[r];
                    Some(format!(
                        "write it as a table to give it one: {} = {{ count = {}, assumed = \"…\" }}",
                        role.id, role.count
                    ))
                }
                _ => None,
            };
            Unbased {
                input,
                place: Place {
                    file: file.to_string(),
                    location: Some(location),
                },
                hint,
            }
        })
        .collect()
}
