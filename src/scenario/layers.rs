//! Merging one scenario document into another before it is read: a file
//! over the file it `extends`, a variant or a `--set` over the plan.
//!
//! The rule: the tables of the scenario header, the targets, a role, a
//! component, a data source, a step and a step's `failure` merge field by
//! field; any other value — a duration, a distribution, a list such as
//! `after` or `risks` — replaces the plan's value whole. Steps are named
//! by id. A file that extends another may add roles, components and steps;
//! a variant or `--set` may only change what exists (a misspelt id is an
//! error, not a new role), and adds steps with `add_steps`. A basis given
//! (`source` or `assumed`) replaces the other one.

use std::borrow::Cow;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ScenarioError;
use super::names::similar;
use super::sources::Sources;

/// A value of the document, with its span.
pub type Value<'a> = Spanned<DeValue<'a>>;

/// Who merges: a file over the file it extends, or a variant or `--set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Extend,
    Override,
}

/// What a table is, which decides how another merges into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    /// `[scenario]`, `[targets]`, a data source, a step's `failure`: every
    /// field replaced whole.
    Fields,
    Role,
    Component,
    Step,
}

/// How the value under a key merges.
enum Child {
    /// Field by field, as a table of this kind.
    Table(Kind),
    /// A table of named entries of this kind (`roles`, `components`,
    /// `data`); the noun names one in messages.
    Named(Kind, &'static str),
    /// The steps, by id.
    Steps,
    /// Replaced whole.
    Whole,
}

impl Kind {
    fn child(self, key: &str) -> Child {
        match (self, key) {
            (Kind::Root, "scenario" | "targets") => Child::Table(Kind::Fields),
            (Kind::Root, "roles") => Child::Named(Kind::Role, "role"),
            (Kind::Root, "components") => Child::Named(Kind::Component, "component"),
            (Kind::Root, "conditions") => Child::Named(Kind::Fields, "condition"),
            (Kind::Root, "steps") => Child::Steps,
            (Kind::Component, "data") => Child::Named(Kind::Fields, "data source"),
            (Kind::Step, "failure") => Child::Table(Kind::Fields),
            _ => Child::Whole,
        }
    }
}

/// Merges `over` (the whole document of a file, a variant or a `--set`)
/// into `root`.
pub fn merge_root<'a>(
    root: &mut DeTable<'a>,
    over: &DeTable<'a>,
    mode: Mode,
    sources: &Sources,
) -> Result<(), ScenarioError> {
    Merger { mode, sources }.table(root, over, Kind::Root)
}

struct Merger<'s> {
    mode: Mode,
    sources: &'s Sources,
}

impl Merger<'_> {
    fn table<'a>(
        &self,
        target: &mut DeTable<'a>,
        over: &DeTable<'a>,
        kind: Kind,
    ) -> Result<(), ScenarioError> {
        for (key, value) in over.iter() {
            match kind.child(key.get_ref()) {
                Child::Whole => {
                    // A basis is one of two: giving one replaces the other.
                    match key.get_ref().as_ref() {
                        "source" => drop(target.remove("assumed")),
                        "assumed" => drop(target.remove("source")),
                        _ => {}
                    }
                    target.insert(key.clone(), value.clone());
                }
                Child::Table(sub) => match target.get_mut(key.get_ref().as_ref()) {
                    Some(existing) => self.value(existing, value, sub)?,
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                },
                Child::Named(sub, noun) => self.named(target, key, value, sub, noun)?,
                Child::Steps => self.steps(target, key, value)?,
            }
        }
        Ok(())
    }

    /// `over` merged into `target` when both are tables (a role's count
    /// first becoming `{ count = … }`); otherwise `over` replaces it.
    fn value<'a>(
        &self,
        target: &mut Value<'a>,
        over: &Value<'a>,
        kind: Kind,
    ) -> Result<(), ScenarioError> {
        let DeValue::Table(over_table) = over.get_ref() else {
            *target = over.clone();
            return Ok(());
        };
        if kind == Kind::Role && matches!(target.get_ref(), DeValue::Integer(_)) {
            let span = target.span();
            let mut table = DeTable::new();
            table.insert(
                Spanned::new(span.clone(), Cow::Borrowed("count")),
                target.clone(),
            );
            *target = Spanned::new(span, DeValue::Table(table));
        }
        match target.get_mut() {
            DeValue::Table(existing) => self.table(existing, over_table, kind),
            _ => {
                *target = over.clone();
                Ok(())
            }
        }
    }

    /// `roles`, `components` or a component's `data`: entries merged by
    /// name; a new name is added when a file extends another, and is an
    /// error in a variant or `--set`.
    fn named<'a>(
        &self,
        target: &mut DeTable<'a>,
        key: &Spanned<Cow<'a, str>>,
        over: &Value<'a>,
        kind: Kind,
        noun: &str,
    ) -> Result<(), ScenarioError> {
        let DeValue::Table(over_entries) = over.get_ref() else {
            target.insert(key.clone(), over.clone());
            return Ok(());
        };
        let entries = target
            .entry(key.clone())
            .or_insert_with(|| Spanned::new(over.span(), DeValue::Table(DeTable::new())));
        let DeValue::Table(existing) = entries.get_mut() else {
            *entries = over.clone();
            return Ok(());
        };
        for (name, value) in over_entries.iter() {
            match existing.get_mut(name.get_ref().as_ref()) {
                Some(entry) => self.value(entry, value, kind)?,
                None if self.mode == Mode::Extend => {
                    existing.insert(name.clone(), value.clone());
                }
                None => {
                    let known: Vec<&str> = existing.keys().map(|k| k.get_ref().as_ref()).collect();
                    return Err(self.sources.error(
                        name.span(),
                        no_such(
                            noun,
                            name.get_ref(),
                            &known,
                            "a variant changes what the plan has",
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Steps: a file extending another lists `[[steps]]` (a known id
    /// merges, a new one is added); a variant or `--set` names them by id
    /// (`[variants.<name>.steps.<id>]`, `steps.<id>.duration`).
    fn steps<'a>(
        &self,
        root: &mut DeTable<'a>,
        key: &Spanned<Cow<'a, str>>,
        over: &Value<'a>,
    ) -> Result<(), ScenarioError> {
        let Some(existing) = root.get_mut("steps") else {
            root.insert(key.clone(), over.clone());
            return Ok(());
        };
        let DeValue::Array(steps) = existing.get_mut() else {
            // Not a list of steps: reading the document reports it.
            return Ok(());
        };
        match (self.mode, over.get_ref()) {
            (Mode::Extend, DeValue::Array(new_steps)) => {
                for step in new_steps.iter() {
                    match step_id(step).and_then(|id| position(steps, id)) {
                        Some(at) => self.value(&mut (**steps)[at], step, Kind::Step)?,
                        None => steps.push(step.clone()),
                    }
                }
                Ok(())
            }
            (Mode::Override, DeValue::Table(by_id)) => {
                for (id, fields) in by_id.iter() {
                    let Some(at) = position(steps, id.get_ref()) else {
                        let known: Vec<&str> = steps.iter().filter_map(step_id).collect();
                        return Err(self.sources.error(
                            id.span(),
                            no_such(
                                "step",
                                id.get_ref(),
                                &known,
                                "to add a step, use [[variants.<name>.add_steps]]",
                            ),
                        ));
                    };
                    if let Some((id_key, _)) = fields.get_ref().as_table().and_then(|t| t.get_key_value("id")) {
                        return Err(self.sources.error(
                            id_key.span(),
                            "a variant cannot rename a step: remove `id` here (to replace the step, remove it with `remove_steps` and add one with `add_steps`)",
                        ));
                    }
                    self.value(&mut (**steps)[at], fields, Kind::Step)?;
                }
                Ok(())
            }
            (Mode::Extend, _) => Err(self.sources.error(
                over.span(),
                "steps are a list of [[steps]] tables, each with an id",
            )),
            (Mode::Override, _) => Err(self.sources.error(
                over.span(),
                "a variant changes steps by id: write [variants.<name>.steps.<id>] with the fields to change, or steps.<id>.<field> with --set",
            )),
        }
    }
}

/// The id of a step table, if it has one.
pub fn step_id<'v>(step: &'v Value<'_>) -> Option<&'v str> {
    step.get_ref().get("id")?.get_ref().as_str()
}

/// Where the step with `id` is.
pub fn position(steps: &[Value<'_>], id: &str) -> Option<usize> {
    steps.iter().position(|s| step_id(s) == Some(id))
}

/// "no step `x` in the plan: did you mean `y`?" and how to do it instead.
pub fn no_such(noun: &str, name: &str, known: &[&str], hint: &str) -> String {
    match known.iter().find(|k| similar(k, name)) {
        Some(k) => format!("the plan has no {noun} `{name}`: did you mean `{k}`? ({hint})"),
        None if known.is_empty() => {
            format!("the plan has no {noun} `{name}`, and none at all ({hint})")
        }
        None => format!(
            "the plan has no {noun} `{name}`; it has: {} ({hint})",
            known.join(", ")
        ),
    }
}
