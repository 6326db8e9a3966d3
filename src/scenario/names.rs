//! The id namespace: steps and components share one, ids match
//! `[a-z0-9_-]+`, and a reference to an unknown id suggests a close one.

use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

use super::ScenarioError;
use super::checker::Checker;

/// The ids [`valid_id`] accepts, as a regular expression (for the JSON
/// Schema).
pub(super) const ID_PATTERN: &str = "^[a-z0-9_-]+$";

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// What an id names.
#[derive(Clone, Copy)]
pub(super) enum Named {
    Step(usize),
    Component(usize),
}

pub(super) fn check_id(id: &Spanned<String>, what: &str, c: &Checker) -> Result<(), ScenarioError> {
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

pub(super) fn suggest_id(id: &str) -> String {
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

pub(super) fn declare<'a>(
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
        let place = c.sources.place(first_span, id.span());
        return Err(c.err(
            id.span(),
            format!(
                "id `{}` is already used by a {first_what} ({place}): ids must be unique among steps and components; rename one",
                id.get_ref()
            ),
        ));
    }
    Ok(())
}

/// What a reference may name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    Step,
    Component,
    StepOrComponent,
}

impl Wanted {
    fn noun(self) -> &'static str {
        match self {
            Wanted::Step => "step",
            Wanted::Component => "component",
            Wanted::StepOrComponent => "step or component",
        }
    }

    fn accepts(self, named: Named) -> bool {
        match named {
            Named::Step(_) => self != Wanted::Component,
            Named::Component(_) => self != Wanted::Step,
        }
    }
}

/// The message for a reference to `id`, which names nothing `wanted`.
pub(super) fn unknown(
    wanted: Wanted,
    id: &str,
    names: &HashMap<&str, (Named, Range<usize>)>,
) -> String {
    let what = wanted.noun();
    let mut known: Vec<&str> = names
        .iter()
        .filter(|(_, (n, _))| wanted.accepts(*n))
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
pub(crate) fn similar(a: &str, b: &str) -> bool {
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
