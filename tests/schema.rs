//! `drsim schema` (issue 15, part 2): the JSON Schema editors validate a
//! plan with accepts every plan the parser accepts, and refuses what the
//! parser refuses for the file's shape; the shipped copy never goes stale.
//!
//! Each file is checked as an editor would check it: the TOML read into
//! JSON, validated by the schema as draft 2020-12 says, and again with
//! draft 7 rules, which Taplo (Even Better TOML) applies.

use jsonschema::Validator;
use serde_json::Value;
use std::path::Path;

use drsim::scenario::{self, Document, Edits};

use crate::util::{drsim, repo_path};

/// The shipped copy, which `#:schema` directives can point at.
const SHIPPED: &str = "docs/scenario.schema.json";

fn schema() -> Value {
    serde_json::from_str(&scenario::json_schema()).expect("the schema is JSON")
}

/// The schema as 2020-12 and as draft 7 validators read it.
fn validators() -> [Validator; 2] {
    let schema = schema();
    let mut draft7 = schema.clone();
    // Taplo does not know the 2020-12 URI and falls back to draft 7.
    draft7.as_object_mut().unwrap().remove("$schema");
    [
        jsonschema::validator_for(&schema).expect("a valid 2020-12 schema"),
        jsonschema::draft7::new(&draft7).expect("a valid draft 7 schema"),
    ]
}

fn json_of(toml_text: &str) -> Value {
    toml::from_str(toml_text).expect("TOML")
}

/// The schema's complaints about `toml_text`, the same under both drafts.
fn schema_errors(validators: &[Validator; 2], toml_text: &str) -> Vec<String> {
    let json = json_of(toml_text);
    let [modern, draft7] = validators;
    let errors: Vec<String> = modern
        .iter_errors(&json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert_eq!(
        errors.is_empty(),
        draft7.is_valid(&json),
        "draft 7 and 2020-12 disagree on:\n{toml_text}\n{errors:?}"
    );
    errors
}

/// What the parser says of `toml_text`, every declared variant built too
/// (as `drsim validate` does).
fn parser_error(toml_text: &str, file: &str) -> Option<String> {
    let document = match Document::new(toml_text.to_string(), file) {
        Ok(d) => d,
        Err(e) => return Some(e.to_string()),
    };
    let mut edits = vec![Edits::default()];
    match document.variants() {
        Ok(variants) => edits.extend(variants.into_iter().map(|v| Edits {
            variant: Some(v.name),
            set: Vec::new(),
        })),
        Err(e) => return Some(e.to_string()),
    }
    edits
        .iter()
        .find_map(|e| document.build(e).err().map(|e| e.to_string()))
}

#[test]
fn drsim_schema_prints_the_shipped_copy() {
    let printed = drsim()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shipped = std::fs::read_to_string(repo_path(SHIPPED)).unwrap_or_default();
    assert!(
        String::from_utf8(printed).unwrap() == shipped,
        "{SHIPPED} is stale: run `cargo run -- schema -o {SHIPPED}`"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("drsim.schema.json");
    drsim()
        .args(["schema", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), shipped);
    drsim()
        .args(["schema", "-o"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn the_schema_is_a_valid_2020_12_schema_named_and_described() {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("valid against its meta-schema");
    assert_eq!(schema["title"], "drsim scenario");
    assert!(
        schema["description"]
            .as_str()
            .unwrap()
            .contains("docs/spec.md")
    );
}

#[test]
fn every_shipped_scenario_and_fixture_the_parser_accepts_validates() {
    let validators = validators();
    let mut files = Vec::new();
    for dir in ["scenarios", "scenarios/drafts", "tests/fixtures"] {
        for entry in std::fs::read_dir(repo_path(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if parser_error(&text, &path.display().to_string()).is_some() {
            continue;
        }
        let errors = schema_errors(&validators, &text);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} files checked");
}

/// A plan with every table kind, every field kind and a variant.
const PLAN: &str = r#"
[scenario]
name = "Schema test"
iterations = 100
seed = 1
timezone = "UTC+01:00"

[targets]
rto = { within = "2h", from = "detect" }
rpo = "15m"
percentile = 95

[roles]
ops = 2
dba = { count = 1, response = { dist = "lognormal", median = "10m", p95 = "30m" }, hours = "Mon-Fri 08:00-18:00", off_hours = "wait", assumed = "office hours" }

[components.db]
name = "Database"
rpo = "1h"
source = "plan: 'RPO 1h'"
[components.db.data.replica]
lag = { dist = "exponential", mean = "30s" }
assumed = "async replication"
[components.db.data.backup]
interval = "24h"
success = 0.98

[components.web]
depends_on = ["db"]
rto = "3h"

[[steps]]
id = "detect"
duration = { dist = "uniform", min = "5m", max = "30m" }
source = "plan: '5-30 min'"

[[steps]]
id = "promote_db"
after = ["detect"]
role = "dba"
duration = { dist = "pert", min = "5m", mode = "10m", max = "30m" }
failure = { probability = 0.1, retries = 2, retry_delay = "5m", fallback = "restore_db" }
risks = [{ name = "replica lagging", probability = 0.1, delay = "15m" }]
recovers = ["db"]
from = "replica"

[[steps]]
id = "restore_db"
fallback_only = true
role = "dba"
duration = { dist = "triangular", min = "1h", mode = "2h", max = "6h" }
recovers = ["db"]
from = "backup"

[[steps]]
id = "switch_traffic"
after = ["db"]
role = "ops"
priority = 10
duration = "10m"
recovers = ["web"]

[conditions.load]
cases = { normal = 0.7, contended = 0.3 }
assumed = "a regional outage loads the secondary region"
[conditions.load.contended]
duration_scale = { "promote_*" = 2.0 }
response_scale = { ops = 1.5 }

[[risks]]
name = "runbook out of date"
probability = 0.2
scale = 1.5
applies_to = ["restore_db", "switch_traffic"]

[[correlation]]
steps = ["detect", "switch_traffic"]
rank = 0.5

[variants.faster]
description = "A second DBA"
roles.dba.count = 2
roles.ops = 3
steps.promote_db.failure.retries = 3
components.db.data.backup.interval = "12h"
[[variants.faster.add_steps]]
id = "warm_cache"
after = ["web"]
duration = "0"
"#;

/// Malformed plans: each the plan above with one snippet replaced, which
/// the parser refuses for the file's shape (and the schema must too).
const MALFORMED: &[(&str, &str, &str)] = &[
    (
        "unknown field in [scenario]",
        "seed = 1",
        "seed = 1\nseeds = 2",
    ),
    (
        "unknown field in [targets]",
        "percentile = 95",
        "percentile = 95\nrto_p = \"1h\"",
    ),
    (
        "unknown field in an RTO table",
        "from = \"detect\" }",
        "from = \"detect\", until = \"web\" }",
    ),
    (
        "unknown field in a role",
        "off_hours = \"wait\",",
        "off_hours = \"wait\", shift = \"day\",",
    ),
    (
        "unknown field in a component",
        "name = \"Database\"",
        "name = \"Database\"\nowner = \"dba\"",
    ),
    (
        "unknown field in a data source",
        "success = 0.98",
        "success = 0.98\nretention = \"30d\"",
    ),
    (
        "unknown field in a step",
        "priority = 10",
        "priority = 10\nowner = \"ops\"",
    ),
    (
        "unknown field in a failure",
        "retry_delay = \"5m\",",
        "retry_delay = \"5m\", backoff = 2,",
    ),
    (
        "unknown field in a step's risk",
        "delay = \"15m\" }]",
        "delay = \"15m\", impact = 2 }]",
    ),
    (
        "unknown field in a case",
        "response_scale = { ops = 1.5 }",
        "response_scale = { ops = 1.5 }\nlag_scale = { db = 2.0 }",
    ),
    (
        "unknown field in [[risks]]",
        "scale = 1.5",
        "scale = 1.5\nseverity = \"high\"",
    ),
    (
        "unknown field in [[correlation]]",
        "rank = 0.5",
        "rank = 0.5\nmethod = \"pearson\"",
    ),
    (
        "unknown field in a variant",
        "description = \"A second DBA\"",
        "description = \"A second DBA\"\nnotes = \"x\"",
    ),
    (
        "unknown top-level table",
        "[scenario]",
        "[metadata]\nowner = \"ops\"\n\n[scenario]",
    ),
    (
        "wrong type: iterations as text",
        "iterations = 100",
        "iterations = \"many\"",
    ),
    (
        "wrong type: after as text",
        "after = [\"detect\"]",
        "after = \"detect\"",
    ),
    ("wrong type: a role as text", "ops = 2", "ops = \"two\""),
    (
        "wrong type: fallback_only as text",
        "fallback_only = true",
        "fallback_only = \"yes\"",
    ),
    (
        "wrong type: a probability as text",
        "probability = 0.2",
        "probability = \"20 %\"",
    ),
    (
        "wrong type: a case's scales as a list",
        "response_scale = { ops = 1.5 }",
        "response_scale = [1.5]",
    ),
    (
        "a uniform with pert's mode",
        "min = \"5m\", max = \"30m\" }",
        "min = \"5m\", max = \"30m\", mode = \"10m\" }",
    ),
    (
        "a lognormal with a mean",
        "p95 = \"30m\" }",
        "p95 = \"30m\", mean = \"12m\" }",
    ),
    (
        "an unknown distribution",
        "dist = \"exponential\"",
        "dist = \"poisson\"",
    ),
    (
        "a duration without a unit",
        "duration = \"10m\"",
        "duration = \"15\"",
    ),
    ("a bare number as a duration", "rpo = \"15m\"", "rpo = 15"),
    (
        "units out of order",
        "retry_delay = \"5m\"",
        "retry_delay = \"30s5m\"",
    ),
    (
        "an unknown unit",
        "interval = \"24h\"",
        "interval = \"1day\"",
    ),
    (
        "off_hours neither wait nor a duration",
        "off_hours = \"wait\"",
        "off_hours = \"later\"",
    ),
    (
        "a step without a duration",
        "priority = 10\nduration = \"10m\"",
        "priority = 10",
    ),
    ("a step without an id", "id = \"switch_traffic\"\n", ""),
    ("[scenario] without a name", "name = \"Schema test\"\n", ""),
    (
        "an RTO table without within",
        "rto = { within = \"2h\", from",
        "rto = { from",
    ),
    (
        "a role table without a count",
        "dba = { count = 1, ",
        "dba = { ",
    ),
    (
        "a pert without its mode",
        "min = \"5m\", mode = \"10m\", max = \"30m\"",
        "min = \"5m\", max = \"30m\"",
    ),
    ("a risk without a delay", ", delay = \"15m\" }]", " }]"),
    (
        "a failure without a probability",
        "probability = 0.1, retries",
        "retries",
    ),
    (
        "remove_steps without extends",
        "[scenario]",
        "remove_steps = [\"detect\"]\n\n[scenario]",
    ),
    (
        "a variant renaming a step",
        "steps.promote_db.failure.retries = 3",
        "steps.promote_db.id = \"promote\"",
    ),
    (
        "a variant's partial distribution",
        "steps.promote_db.failure.retries = 3",
        "steps.promote_db.duration.max = \"1h\"",
    ),
    (
        "a step id with capitals and a blank",
        "id = \"warm_cache\"",
        "id = \"Warm cache\"",
    ),
];

#[test]
fn the_plan_with_every_table_kind_is_accepted_by_both() {
    assert_eq!(parser_error(PLAN, "test.toml"), None);
    let errors = schema_errors(&validators(), PLAN);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn what_the_parser_refuses_for_its_shape_the_schema_refuses_too() {
    let validators = validators();
    for (what, from, to) in MALFORMED {
        assert_eq!(
            PLAN.matches(from).count(),
            1,
            "{what}: {from:?} is not unique"
        );
        let text = PLAN.replacen(from, to, 1);
        assert!(
            parser_error(&text, "test.toml").is_some(),
            "the parser accepts {what}"
        );
        assert!(
            !schema_errors(&validators, &text).is_empty(),
            "the schema accepts {what}:\n{text}"
        );
    }
}

#[test]
fn a_file_that_extends_another_may_change_only_what_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        format!("{PLAN}\n[[steps]]\nid = \"notify\"\nafter = [\"web\"]\nduration = \"5m\"\n");
    std::fs::write(dir.path().join("base.toml"), base).unwrap();
    let change = "extends = \"base.toml\"\nremove_steps = [\"notify\"]\n\n\
        [targets]\nrpo = \"30m\"\n\n[roles]\ndba = { count = 2 }\n\n\
        [components.db.data.backup]\ninterval = \"6h\"\n\n\
        [[steps]]\nid = \"promote_db\"\nfailure = { probability = 0.05 }\n";
    let path = dir.path().join("change.toml");
    std::fs::write(&path, change).unwrap();
    let loaded = scenario::load(Path::new(&path));
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
    let validators = validators();
    assert_eq!(schema_errors(&validators, change), Vec::<String>::new());
    let without_id = change.replace("id = \"promote_db\"\n", "");
    std::fs::write(&path, &without_id).unwrap();
    assert!(scenario::load(Path::new(&path)).is_err());
    assert!(!schema_errors(&validators, &without_id).is_empty());
}

/// The duration pattern accepts exactly the strings `parse_secs` reads
/// (below its ten-year limit, which a pattern cannot say).
fn duration_agrees(text: &str, validator: &Validator) {
    let parsed = drsim::duration::parse_secs(text);
    if parsed.as_ref().is_err_and(|e| e.contains("10 years")) {
        return;
    }
    let schema_ok = validator.is_valid(&Value::String(text.to_string()));
    assert_eq!(parsed.is_ok(), schema_ok, "{text:?}: parser {parsed:?}");
}

fn duration_validator() -> Validator {
    let schema = schema();
    let only = serde_json::json!({ "$ref": "#/$defs/Duration", "$defs": schema["$defs"] });
    jsonschema::validator_for(&only).unwrap()
}

#[test]
fn the_duration_pattern_is_the_parser_s_grammar() {
    let validator = duration_validator();
    for text in [
        "0",
        " 0 ",
        "45s",
        "15m",
        "1h30m",
        "1.5h",
        "3d",
        "250ms",
        "1m5ms",
        "1d2h3m4s5ms",
        ".5h",
        "1.h",
        "",
        "15",
        "1.2.3h",
        "30s5m",
        "1h1h",
        "5min",
        "h",
        "1 h",
        "-5m",
        "1e3s",
        "0m",
    ] {
        duration_agrees(text, &validator);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    #[test]
    fn any_text_of_digits_dots_and_units_is_read_alike(text in "[ 0-9.dhms]{0,9}") {
        duration_agrees(&text, &duration_validator());
    }
}
