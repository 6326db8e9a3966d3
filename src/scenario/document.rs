//! A scenario as written: its file, the files it `extends`, its declared
//! variants; built into a [`Scenario`] as it is, or with a variant and
//! `--set` edits applied ([`Edits`]).
//!
//! Building merges, in order: the deepest file `extends` names, each file
//! over the one it extends, the chosen variant, then each `--set` (see
//! `layers` for the merge rule). Every value keeps the span of the text it
//! came from, so an error in a variant or a `--set` points there.

use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::checker::Checker;
use super::layers::{Mode, Value, merge_root};
use super::names::{suggest_id, valid_id};
use super::sources::Sources;
use super::{Scenario, ScenarioError, VariantInfo, step_edits, validate};
use crate::input;

/// Most files a chain of `extends` may hold, the first included.
pub const MAX_EXTENDS: usize = 8;

/// What to change in a plan before simulating it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    /// A variant the file declares (`[variants.<name>]`).
    pub variant: Option<String>,
    /// `PATH=VALUE` edits, applied in order after the variant.
    pub set: Vec<String>,
}

/// The texts of a scenario file and of the files it extends, the file
/// first.
#[derive(Debug, Clone)]
pub struct Document {
    sources: Sources,
}

/// The keys a variant table may have.
pub(super) const VARIANT_KEYS: [&str; 11] = [
    "description",
    "scenario",
    "targets",
    "roles",
    "components",
    "steps",
    "add_steps",
    "remove_steps",
    "conditions",
    "risks",
    "correlation",
];

impl Document {
    /// A scenario whose text is `source`, named `file` in errors; a file it
    /// extends is read relative to `file`'s folder.
    pub fn new(source: String, file: &str) -> Result<Document, ScenarioError> {
        Document::at_path(source, file, Path::new(file))
    }

    /// [`Document::new`] of the file at `path`, named `file`.
    fn at_path(source: String, file: &str, path: &Path) -> Result<Document, ScenarioError> {
        let mut sources = Sources::default();
        sources.push(file, source);
        let mut chain = vec![path.to_path_buf()];
        loop {
            let last = sources.len() - 1;
            let Some((name, span)) = extends_of(&sources, last)? else {
                break;
            };
            let path = chain[last].parent().unwrap_or(Path::new("")).join(&name);
            if chain.len() >= MAX_EXTENDS {
                return Err(sources.error(
                    span,
                    format!("`extends` chains at most {MAX_EXTENDS} files: flatten the chain"),
                ));
            }
            let same = |p: &PathBuf| same_file(p, &path);
            if chain.iter().any(same) {
                let names: Vec<String> = chain.iter().map(|p| input::name(p)).collect();
                return Err(sources.error(
                    span,
                    format!(
                        "`{name}` is already in this chain of `extends` ({} → {name}): remove the loop",
                        names.join(" → ")
                    ),
                ));
            }
            let text = read_text(&path).map_err(|e| sources.error(span.clone(), e))?;
            sources.push(&input::name(&path), text);
            chain.push(path);
        }
        Ok(Document { sources })
    }

    /// Reads the file at `path` (`-`: standard input, named `<stdin>`) and
    /// what it extends: at most [`super::MAX_FILE_BYTES`] of each, from any
    /// kind of file (see [`crate::input`]).
    pub fn read(path: &Path) -> Result<Document, ScenarioError> {
        let file = input::name(path);
        let bytes = input::read_bounded(path, super::MAX_FILE_BYTES, "scenario")
            .map_err(|e| ScenarioError::whole_file(&file, e.message()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid_up_to = e.utf8_error().valid_up_to();
            ScenarioError::not_utf8(&file, e.as_bytes(), valid_up_to)
        })?;
        Document::at_path(text, &file, path)
    }

    /// The variants the file declares (and those of the files it
    /// extends), in file order.
    pub fn variants(&self) -> Result<Vec<VariantInfo>, ScenarioError> {
        let root = self.merged(&self.sources)?;
        Ok(declared(&root))
    }

    /// Builds the scenario with `edits` applied.
    pub fn build(&self, edits: &Edits) -> Result<Scenario, ScenarioError> {
        let mut sources = self.sources.clone();
        let sets = edits
            .set
            .iter()
            .map(|arg| push_set(&mut sources, arg))
            .collect::<Result<Vec<_>, _>>()?;
        let mut merged = self.merged(&sources)?;
        let variants = declared(&merged);
        let variant = match &edits.variant {
            Some(name) => Some(apply_variant(&mut merged, name, &sources)?),
            None => None,
        };
        for index in sets {
            let over = sources.parse(index)?;
            merge_root(&mut merged.root, over.get_ref(), Mode::Override, &sources)?;
        }
        let document = toml::de::Deserializer::from(Spanned::new(merged.span, merged.root));
        let raw = serde::Deserialize::deserialize(document).map_err(|e| sources.toml_error(&e))?;
        let file = sources.main().name.clone();
        let mut scenario = validate::build(
            raw,
            &Checker {
                file: &file,
                sources: &sources,
            },
        )?;
        scenario.variant = variant;
        scenario.set = edits.set.clone();
        scenario.variants = variants;
        Ok(scenario)
    }

    /// Every file merged over the one it extends, its variants kept apart.
    fn merged<'s>(&self, sources: &'s Sources) -> Result<Merged<'s>, ScenarioError> {
        let files = self.sources.len();
        let mut merged = Merged {
            root: DeTable::new(),
            span: 0..0,
            variants: DeTable::new(),
        };
        for index in (0..files).rev() {
            let parsed = sources.parse(index)?;
            // The file's own span, which toml's errors about the whole
            // document point at.
            merged.span = parsed.span();
            let mut doc = parsed.into_inner();
            doc.remove("extends");
            if let Some(variants) = doc.remove("variants") {
                let DeValue::Table(table) = variants.get_ref() else {
                    return Err(sources.error(
                        variants.span(),
                        "variants are tables: write [variants.<name>] with a description and the fields to change",
                    ));
                };
                for (name, variant) in table.iter() {
                    check_variant(name, variant, sources)?;
                    merged.variants.insert(name.clone(), variant.clone());
                }
            }
            if index == files - 1 {
                merged.root = doc;
                continue;
            }
            if let Some(patterns) = doc.remove("remove_steps") {
                step_edits::remove(&mut merged.root, &patterns, sources)?;
            }
            merge_root(&mut merged.root, &doc, Mode::Extend, sources)?;
        }
        Ok(merged)
    }
}

/// The merged document, and the variants it declares.
struct Merged<'s> {
    root: DeTable<'s>,
    /// The span of the file's own text (the last merged).
    span: std::ops::Range<usize>,
    variants: DeTable<'s>,
}

/// The names and descriptions of the declared variants.
fn declared(merged: &Merged<'_>) -> Vec<VariantInfo> {
    merged
        .variants
        .iter()
        .map(|(name, v)| VariantInfo {
            name: name.get_ref().to_string(),
            description: v
                .get_ref()
                .get("description")
                .and_then(|d| d.get_ref().as_str())
                .map(input::display_text),
        })
        .collect()
}

/// A variant is a table of known keys, with a text description.
fn check_variant(
    name: &Spanned<std::borrow::Cow<'_, str>>,
    variant: &Value<'_>,
    sources: &Sources,
) -> Result<(), ScenarioError> {
    if !valid_id(name.get_ref()) {
        return Err(sources.error(
            name.span(),
            format!(
                "variant name {:?} may only use a-z, 0-9, _ and - (it is given as --variant NAME): write e.g. {:?}",
                name.get_ref(),
                suggest_id(name.get_ref())
            ),
        ));
    }
    let Some(table) = variant.get_ref().as_table() else {
        return Err(sources.error(
            variant.span(),
            format!("variant `{}` is a table: write [variants.{}] with a description and the fields to change", name.get_ref(), name.get_ref()),
        ));
    };
    for (key, value) in table.iter() {
        if !VARIANT_KEYS.contains(&key.get_ref().as_ref()) {
            return Err(sources.error(
                key.span(),
                format!(
                    "unknown field `{}` in variant `{}`: a variant has {}",
                    key.get_ref(),
                    name.get_ref(),
                    VARIANT_KEYS.join(", ")
                ),
            ));
        }
        if key.get_ref() == "description" && !value.get_ref().is_str() {
            return Err(sources.error(value.span(), "a variant's description is text, in quotes"));
        }
    }
    Ok(())
}

/// Applies the variant called `name`: its removed steps, its changes, its
/// added steps, in that order.
fn apply_variant<'s>(
    merged: &mut Merged<'s>,
    name: &str,
    sources: &'s Sources,
) -> Result<VariantInfo, ScenarioError> {
    let Some(variant) = merged.variants.get(name).cloned() else {
        let known: Vec<&str> = merged
            .variants
            .keys()
            .map(|k| k.get_ref().as_ref())
            .collect();
        let file = &sources.main().name;
        return Err(ScenarioError::whole_file(
            file,
            if known.is_empty() {
                format!("no variant `{name}`: the file declares none ([variants.<name>])")
            } else {
                format!(
                    "no variant `{name}`; the file declares: {}",
                    known.join(", ")
                )
            },
        ));
    };
    let DeValue::Table(mut changes) = variant.into_inner() else {
        unreachable!("checked by check_variant");
    };
    let description = changes
        .remove("description")
        .and_then(|d| d.get_ref().as_str().map(input::display_text));
    if let Some(patterns) = changes.remove("remove_steps") {
        step_edits::remove(&mut merged.root, &patterns, sources)?;
    }
    let add = changes.remove("add_steps");
    merge_root(&mut merged.root, &changes, Mode::Override, sources)?;
    if let Some(add) = add {
        step_edits::add(&mut merged.root, &add, sources)?;
    }
    Ok(VariantInfo {
        name: name.to_string(),
        description,
    })
}

/// The file `extends` names in text `index`, and where.
fn extends_of(
    sources: &Sources,
    index: usize,
) -> Result<Option<(String, std::ops::Range<usize>)>, ScenarioError> {
    let doc = sources.parse(index)?;
    let Some(value) = doc.get_ref().get("extends") else {
        return Ok(None);
    };
    match value.get_ref().as_str() {
        Some(name) if !name.trim().is_empty() => Ok(Some((name.to_string(), value.span()))),
        _ => Err(sources.error(
            value.span(),
            "`extends` names the scenario file this one starts from, e.g. extends = \"base.toml\"",
        )),
    }
}

/// The text of a scenario file, at most [`super::MAX_FILE_BYTES`].
fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        input::read_bounded(path, super::MAX_FILE_BYTES, "scenario").map_err(|e| e.message())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (an invalid byte after {} bytes): save it as UTF-8",
            input::name(path),
            e.utf8_error().valid_up_to()
        )
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Adds a `--set PATH=VALUE` as a text of its own, `PATH = VALUE` in TOML;
/// a VALUE that is not TOML (`10m`) is taken as text (`"10m"`).
fn push_set(sources: &mut Sources, arg: &str) -> Result<usize, ScenarioError> {
    let usage = |message: &str| {
        ScenarioError::whole_file(
            "--set",
            format!(
                "{message}: write --set PATH=VALUE, e.g. --set roles.ops.count=3 or --set 'steps.promote_db.duration=\"10m\"'"
            ),
        )
    };
    if arg.contains(['\n', '\r']) {
        return Err(usage("one edit per --set, on one line"));
    }
    let Some((path, value)) = arg.split_once('=') else {
        return Err(usage(&format!("`{}` has no `=`", input::display_text(arg))));
    };
    let path = path.trim();
    let bare = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !path.split('.').all(bare) {
        return Err(usage(&format!(
            "`{}` is not a path of ids joined by dots",
            input::display_text(path)
        )));
    }
    let value = value.trim();
    let is_toml = DeValue::parse(value).is_ok() || value.starts_with(['"', '\'', '[', '{']);
    let text = if is_toml {
        format!("{path} = {value}")
    } else {
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{path} = \"{quoted}\"")
    };
    Ok(sources.push("--set", text))
}
