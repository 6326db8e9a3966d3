//! `drsim fit --write`: the fitted durations put into a scenario in
//! place, through `toml_edit`, so that every comment, blank line and key
//! order stays as the planner left it. Only each named step's `duration`
//! and its basis change: the basis becomes `source = "drills: …"`, keeping
//! what it said before in a `(was: …)`, and an `assumed` goes (a step has
//! one basis).

use toml_edit::{DocumentMut, InlineTable, Item, Key, Value};

/// One step's new duration and basis.
#[derive(Debug, Clone)]
pub struct Update<'a> {
    pub step: &'a str,
    /// The inline table (or plain duration) to write, as `Written::toml`.
    pub duration: &'a str,
    /// The drill record in words: "drills: timings.csv, 8 timings
    /// 1h52m–3h05m; lognormal by maximum likelihood (drsim fit)".
    pub basis: String,
}

/// What changed in one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub step: String,
    /// The duration as it was written (trimmed TOML).
    pub before: String,
    pub after: String,
}

/// Why the scenario could not be rewritten.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WriteError {
    #[error("is not TOML that can be edited: {0}")]
    NotToml(String),
    #[error("has no [[steps]] to write into")]
    NoSteps,
    #[error(
        "has no step `{step}` among its own [[steps]] ({known}); fit only the steps the file writes (--step), or name them in the timings as the file does"
    )]
    UnknownStep { step: String, known: String },
}

/// `text` with every update applied, and what changed.
pub fn rewrite(text: &str, updates: &[Update]) -> Result<(String, Vec<Change>), WriteError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| WriteError::NotToml(e.message().to_string()))?;
    let steps = doc
        .get_mut("steps")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(WriteError::NoSteps)?;
    let mut changes = Vec::new();
    for update in updates {
        let known: Vec<String> = steps
            .iter()
            .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
            .collect();
        let Some(table) = steps
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(update.step))
        else {
            return Err(WriteError::UnknownStep {
                step: update.step.to_string(),
                known: known.join(", "),
            });
        };
        let new_value = parse_value(update.duration)?;
        let before = match table.get_mut("duration") {
            Some(item) => replace_keeping_decor(item, new_value),
            None => {
                table.insert("duration", Item::Value(new_value));
                String::new()
            }
        };
        let basis = match previous_basis(table) {
            Some(was) => format!("{} (was: {was})", update.basis),
            None => update.basis.clone(),
        };
        set_basis(table, basis);
        changes.push(Change {
            step: update.step.to_string(),
            before,
            after: update.duration.to_string(),
        });
    }
    Ok((doc.to_string(), changes))
}

/// Puts `basis` as the step's `source`: in the place of its `source` or
/// `assumed` (which goes, keeping the comments above it), or after its
/// other keys when it had neither.
fn set_basis(table: &mut toml_edit::Table, basis: String) {
    let value = Value::from(basis);
    if let Some(item) = table.get_mut("source") {
        let _ = replace_keeping_decor(item, value);
        table.remove("assumed");
        return;
    }
    if !table.contains_key("assumed") {
        table.insert("source", Item::Value(value));
        return;
    }
    // Rebuilt in order, `assumed` renamed: toml_edit renames no key.
    let names: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let entries: Vec<(Key, Item)> = names
        .iter()
        .filter_map(|k| table.get_key_value(k))
        .map(|(k, i)| (k.clone(), i.clone()))
        .collect();
    table.clear();
    let mut value = Some(value);
    for (key, mut item) in entries {
        if key.get() == "assumed" {
            let renamed = Key::new("source").with_leaf_decor(key.leaf_decor().clone());
            if let Some(v) = value.take() {
                let _ = replace_keeping_decor(&mut item, v);
            }
            table.insert_formatted(&renamed, item);
        } else {
            table.insert_formatted(&key, item);
        }
    }
}

/// `text` (an inline table or a quoted duration) as a TOML value.
fn parse_value(text: &str) -> Result<Value, WriteError> {
    text.parse::<Value>()
        .map_err(|e| WriteError::NotToml(format!("{text}: {e}")))
}

/// Puts `value` in `item`'s place with its comments and spacing, and
/// returns what was there (trimmed TOML).
fn replace_keeping_decor(item: &mut Item, mut value: Value) -> String {
    let before = match &mut *item {
        Item::Value(old) => {
            let mut bare = old.clone();
            bare.decor_mut().clear();
            let text = bare.to_string();
            *value.decor_mut() = old.decor().clone();
            text
        }
        Item::Table(old) => {
            // `[steps.duration]`: written back as a table, in its place.
            let text = old.to_string().trim().to_string();
            if let Value::InlineTable(inline) = &value {
                let mut table = inline_to_table(inline);
                table.set_position(old.position());
                *table.decor_mut() = old.decor().clone();
                *item = Item::Table(table);
                return text;
            }
            text
        }
        other => other.to_string().trim().to_string(),
    };
    *item = Item::Value(value);
    before
}

fn inline_to_table(inline: &InlineTable) -> toml_edit::Table {
    let mut table = toml_edit::Table::new();
    for (key, value) in inline.iter() {
        let mut value = value.clone();
        value.decor_mut().clear();
        table.insert(key, Item::Value(value));
    }
    table
}

/// The basis the step had, as "assumed: …" or the source's text; a
/// previous fit's own `(was: …)` is carried over rather than nested.
fn previous_basis(table: &toml_edit::Table) -> Option<String> {
    if let Some(assumed) = table.get("assumed").and_then(Item::as_str) {
        return Some(format!("assumed: {assumed}"));
    }
    let source = table.get("source").and_then(Item::as_str)?;
    if source.starts_with("drills:") {
        return source
            .split_once(" (was: ")
            .map(|(_, was)| was.strip_suffix(')').unwrap_or(was).to_string());
    }
    Some(source.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"# The plan.
[scenario]
name = "x"   # its name

[[steps]]
# First, look.
id = "detect"
assumed = "a guess"
duration = { dist = "uniform", min = "5m", max = "15m" }   # the guess

[[steps]]
id = "fix"   # then fix
source = "plan: 'RTO: 5-10 min'"
after = ["detect"]
duration = "20m"
"#;

    fn update<'a>(step: &'a str, duration: &'a str) -> Update<'a> {
        Update {
            step,
            duration,
            basis: "drills: t.csv, 6 timings".into(),
        }
    }

    #[test]
    fn changes_only_the_duration_and_basis_and_keeps_every_comment() {
        let updates = [update(
            "detect",
            "{ dist = \"lognormal\", median = \"9m\", p95 = \"20m\" }",
        )];
        let (text, changes) = rewrite(PLAN, &updates).unwrap();
        let expected = PLAN
            .replace(
                "assumed = \"a guess\"",
                "source = \"drills: t.csv, 6 timings (was: assumed: a guess)\"",
            )
            .replace(
                "{ dist = \"uniform\", min = \"5m\", max = \"15m\" }",
                "{ dist = \"lognormal\", median = \"9m\", p95 = \"20m\" }",
            );
        assert_eq!(text, expected);
        assert_eq!(
            changes[0].before,
            "{ dist = \"uniform\", min = \"5m\", max = \"15m\" }"
        );
    }

    #[test]
    fn a_source_is_kept_as_what_it_was_and_not_nested_on_a_second_fit() {
        let (once, _) = rewrite(PLAN, &[update("fix", "\"25m\"")]).unwrap();
        assert!(
            once.contains(
                "source = \"drills: t.csv, 6 timings (was: plan: 'RTO: 5-10 min')\"\nafter"
            )
        );
        assert!(once.contains("duration = \"25m\"\n"));
        let (twice, _) = rewrite(&once, &[update("fix", "\"26m\"")]).unwrap();
        assert!(
            twice.contains(
                "source = \"drills: t.csv, 6 timings (was: plan: 'RTO: 5-10 min')\"\nafter"
            )
        );
    }

    #[test]
    fn an_unknown_step_is_refused_with_the_known_ones() {
        let e = rewrite(PLAN, &[update("nope", "\"1m\"")]).unwrap_err();
        assert_eq!(
            e,
            WriteError::UnknownStep {
                step: "nope".into(),
                known: "detect, fix".into()
            }
        );
    }

    #[test]
    fn a_duration_written_as_a_table_stays_a_table() {
        let plan = "[[steps]]\nid = \"a\"\n\n[steps.duration]   # note\ndist = \"uniform\"\nmin = \"1m\"\nmax = \"2m\"\n";
        let (text, _) = rewrite(
            plan,
            &[update("a", "{ dist = \"exponential\", mean = \"3m\" }")],
        )
        .unwrap();
        assert!(
            text.contains("[steps.duration]   # note\ndist = \"exponential\"\nmean = \"3m\"\n"),
            "{text}"
        );
    }
}
