//! Removing and adding steps in a variant (`remove_steps`, `add_steps`)
//! or a file that extends another (`remove_steps`).
//!
//! A removed step leaves no hole in the order: each step that came after
//! it now comes after what it came after (transitively, through other
//! removed steps). A step that falls back to a removed step is an error:
//! the variant must say what it falls back to instead.

use std::collections::HashSet;
use toml::de::{DeArray, DeTable, DeValue};

use super::ScenarioError;
use super::layers::{Value, no_such, position, step_id};
use super::sources::Sources;

/// Removes the steps whose ids match the patterns in `patterns` (ids, or
/// globs with `*`) from `root`'s steps.
pub fn remove<'a>(
    root: &mut DeTable<'a>,
    patterns: &Value<'a>,
    sources: &Sources,
) -> Result<(), ScenarioError> {
    let Some(DeValue::Array(steps)) = root.get_mut("steps").map(|s| s.get_mut()) else {
        return Err(sources.error(patterns.span(), "the plan has no [[steps]] to remove"));
    };
    let removed = matched(steps, patterns, sources)?;
    check_fallbacks(steps, &removed, sources)?;
    let mut kept = DeArray::new();
    for step in steps.iter() {
        if step_id(step).is_some_and(|id| removed.iter().any(|r| r.id == id)) {
            continue;
        }
        let mut step = step.clone();
        if let DeValue::Table(table) = step.get_mut()
            && let Some(after) = table.get_mut("after")
            && let DeValue::Array(list) = after.get_ref()
        {
            let mut bypassed = DeArray::new();
            let mut seen = HashSet::new();
            for dep in list.iter() {
                bypass(dep, steps, &removed, &mut seen, &mut bypassed);
            }
            *after = Value::new(after.span(), DeValue::Array(bypassed));
        }
        kept.push(step);
    }
    *steps = kept;
    Ok(())
}

/// A step being removed, and the pattern that removes it.
struct Removed {
    id: String,
    by: std::ops::Range<usize>,
}

/// The steps `patterns` match; a pattern that matches none is an error.
fn matched(
    steps: &[Value<'_>],
    patterns: &Value<'_>,
    sources: &Sources,
) -> Result<Vec<Removed>, ScenarioError> {
    let list_error = || {
        sources.error(
            patterns.span(),
            "remove_steps is a list of step ids, e.g. remove_steps = [\"restore_db\", \"provision_*\"]",
        )
    };
    let DeValue::Array(list) = patterns.get_ref() else {
        return Err(list_error());
    };
    let ids: Vec<&str> = steps.iter().filter_map(step_id).collect();
    let mut removed: Vec<Removed> = Vec::new();
    for pattern in list.iter() {
        let Some(text) = pattern.get_ref().as_str() else {
            return Err(list_error());
        };
        let mut any = false;
        for id in ids.iter().filter(|id| glob_match(text, id)) {
            any = true;
            if !removed.iter().any(|r| r.id == *id) {
                removed.push(Removed {
                    id: (*id).to_string(),
                    by: pattern.span(),
                });
            }
        }
        if !any {
            return Err(sources.error(
                pattern.span(),
                no_such(
                    "step",
                    text,
                    &ids,
                    "remove_steps names steps by id, `*` matching any run of characters",
                ),
            ));
        }
    }
    Ok(removed)
}

/// A kept step that falls back to a removed one is an error.
fn check_fallbacks(
    steps: &[Value<'_>],
    removed: &[Removed],
    sources: &Sources,
) -> Result<(), ScenarioError> {
    for step in steps {
        let Some(id) = step_id(step) else { continue };
        if removed.iter().any(|r| r.id == id) {
            continue;
        }
        let fallback = step
            .get_ref()
            .get("failure")
            .and_then(|f| f.get_ref().get("fallback"))
            .and_then(|f| f.get_ref().as_str());
        if let Some(r) = removed.iter().find(|r| Some(r.id.as_str()) == fallback) {
            return Err(sources.error(
                r.by.clone(),
                format!(
                    "step `{id}` falls back to `{}`, which this removes: remove `{id}` too, or give it another fallback (steps.{id}.failure.fallback)",
                    r.id
                ),
            ));
        }
    }
    Ok(())
}

/// Pushes `dep` onto `out`, or, when it names a removed step, what that
/// step came after; each id once.
fn bypass<'a>(
    dep: &Value<'a>,
    steps: &[Value<'a>],
    removed: &[Removed],
    seen: &mut HashSet<String>,
    out: &mut DeArray<'a>,
) {
    let Some(id) = dep.get_ref().as_str() else {
        out.push(dep.clone());
        return;
    };
    if !seen.insert(id.to_string()) {
        return;
    }
    if !removed.iter().any(|r| r.id == id) {
        out.push(dep.clone());
        return;
    }
    let Some(at) = position(steps, id) else {
        return;
    };
    if let Some(DeValue::Array(list)) = steps[at].get_ref().get("after").map(|a| a.get_ref()) {
        for inner in list.iter() {
            bypass(inner, steps, removed, seen, out);
        }
    }
}

/// Appends the step tables of `add` (a list) to `root`'s steps; an id the
/// plan already has is an error.
pub fn add<'a>(
    root: &mut DeTable<'a>,
    add: &Value<'a>,
    sources: &Sources,
) -> Result<(), ScenarioError> {
    let DeValue::Array(new_steps) = add.get_ref() else {
        return Err(sources.error(
            add.span(),
            "add_steps is a list of step tables: write [[variants.<name>.add_steps]] with an id and a duration",
        ));
    };
    let Some(DeValue::Array(steps)) = root.get_mut("steps").map(|s| s.get_mut()) else {
        return Ok(());
    };
    for step in new_steps.iter() {
        if let Some(id) = step_id(step)
            && position(steps, id).is_some()
        {
            let span = step.get_ref().get("id").map_or(step.span(), |v| v.span());
            return Err(sources.error(
                span,
                format!("the plan already has a step `{id}`: change it with [variants.<name>.steps.{id}] instead"),
            ));
        }
        steps.push(step.clone());
    }
    Ok(())
}

/// True when `text` matches `pattern`, where `*` stands for any run of
/// characters (none included) and everything else for itself.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // The classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs_match_as_shells_do() {
        assert!(glob_match("provision_*", "provision_db"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("a*c*e", "abcde"));
        assert!(glob_match("restore", "restore"));
        assert!(!glob_match("restore", "restore_db"));
        assert!(!glob_match("*_db", "db_app"));
        assert!(glob_match("*_db", "_db"));
    }
}
