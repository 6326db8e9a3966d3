//! A [`DraftPlan`] written as a scenario file: commented, every guess
//! marked `# check:`, every value from the plan carrying the plan's words
//! as its `source`.

use std::fmt::Write as _;

use super::plan::{Basis, ComponentDraft, DraftPlan, StepDraft, TimeDraft};
use crate::dist::Dist;
use crate::fit::written;

/// What drsim init cannot infer, said at the top of every draft.
const CANNOT_INFER: &str = "\
# drsim init cannot infer, so check and add:
#   - who does each step (roles), how many of them, how soon they respond;
#   - which steps can run at the same time beyond the order of the lists;
#   - how often a step fails, its retries, fallbacks and risks;
#   - which parts of the plan are alternatives (they are drafted in a row:
#     make them variants);
#   - the data each component loses, where the plan states no RPO.
";

/// The scenario text of `plan`, drafted from `file` to be saved as `out`.
pub fn render(plan: &DraftPlan, file: &str, out: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Drafted by `drsim init` from {file}: a first draft for a person who knows"
    );
    t.push_str("# the plan to finish. Lines marked `# check:` are guesses; values from the\n");
    t.push_str("# plan quote it in their `source`.\n");
    t.push_str(CANNOT_INFER);
    let _ = writeln!(
        t,
        "# Then: drsim validate {out} --strict; drsim run {out}\n"
    );
    t.push_str("[scenario]\n");
    let _ = writeln!(t, "name = {}", quoted(&plan.title));
    let _ = writeln!(
        t,
        "description = {}\n",
        quoted(&format!("Drafted by drsim init from {file}"))
    );
    t.push_str("# check: the plan states no target for the whole service; to judge one, write\n");
    t.push_str("# [targets]\n# rto = \"4h\"\n# rpo = \"15m\"\n\n");
    for c in &plan.components {
        component(&mut t, c, file);
    }
    for s in &plan.steps {
        step(&mut t, s, file);
    }
    t
}

fn component(t: &mut String, c: &ComponentDraft, file: &str) {
    let _ = writeln!(t, "# {file}:{}", c.line);
    let _ = writeln!(t, "[components.{}]", c.id);
    let _ = writeln!(t, "name = {}", quoted(&c.name));
    if c.rto.is_none() && c.rpo.is_none() {
        t.push_str("# check: the service as a whole; name each part the plan recovers as its own component\n");
    }
    let mut quotes = Vec::new();
    if let Some((rto, from)) = &c.rto {
        let _ = writeln!(
            t,
            "rto = {{ within = {}, from = \"{from}.start\" }}   # check: counted from when `{from}` starts",
            duration(rto.max_secs)
        );
        quotes.push(plan_words(&rto.basis));
    }
    if let Some(rpo) = &c.rpo {
        let _ = writeln!(t, "rpo = {}", duration(rpo.max_secs));
        quotes.push(plan_words(&rpo.basis));
    }
    let quotes: Vec<String> = quotes.into_iter().flatten().collect();
    if !quotes.is_empty() {
        let _ = writeln!(
            t,
            "source = {}",
            quoted(&format!("plan: {}", quotes.join("; ")))
        );
    }
    t.push('\n');
    if let Some(rpo) = &c.rpo {
        let _ = writeln!(t, "[components.{}.data.plan]", c.id);
        let _ = writeln!(
            t,
            "lag = {}   # check: the plan's RPO, taken as the data's lag",
            distribution(rpo)
        );
        if let Some(words) = plan_words(&rpo.basis) {
            let _ = writeln!(t, "source = {}", quoted(&format!("plan: {words}")));
        }
        t.push('\n');
    }
}

fn step(t: &mut String, s: &StepDraft, file: &str) {
    t.push_str("[[steps]]\n");
    let _ = writeln!(t, "# {file}:{}", s.line);
    if s.commented {
        t.push_str("# check: from a part of the plan left in an HTML comment (<!-- … -->): keep it only if the team does it\n");
    }
    let _ = writeln!(t, "id = \"{}\"", s.id);
    let _ = writeln!(t, "name = {}", quoted(&s.name));
    if !s.after.is_empty() {
        let list: Vec<String> = s.after.iter().map(|a| format!("\"{a}\"")).collect();
        let _ = write!(t, "after = [{}]", list.join(", "));
        match &s.order_check {
            Some(check) => {
                let _ = writeln!(t, "   # check: {check}");
            }
            None => t.push('\n'),
        }
    }
    let _ = write!(t, "duration = {}", distribution(&s.duration));
    match &s.duration.check {
        Some(check) => {
            let _ = writeln!(t, "   # check: {check}");
        }
        None => t.push('\n'),
    }
    if !s.recovers.is_empty() {
        let list: Vec<String> = s.recovers.iter().map(|a| format!("\"{a}\"")).collect();
        let _ = writeln!(t, "recovers = [{}]", list.join(", "));
    }
    match &s.duration.basis {
        Basis::Plan { .. } => {
            let words = plan_words(&s.duration.basis).unwrap_or_default();
            let _ = writeln!(t, "source = {}", quoted(&format!("plan: {words}")));
        }
        Basis::Guess(why) => {
            let _ = writeln!(t, "assumed = {}", quoted(why));
        }
    }
    t.push('\n');
}

/// `'the words'` of a basis from the plan.
fn plan_words(basis: &Basis) -> Option<String> {
    match basis {
        Basis::Plan { quote, .. } => Some(format!("'{quote}'")),
        Basis::Guess(_) => None,
    }
}

/// A time as a distribution: uniform over a range (it states only its
/// ends), fixed for one value.
fn distribution(time: &TimeDraft) -> String {
    let dist = if time.min_secs < time.max_secs {
        Dist::uniform(time.min_secs, time.max_secs)
    } else {
        Ok(Dist::fixed(time.max_secs))
    };
    dist.ok()
        .and_then(|d| written(&d))
        .map_or_else(|| duration(time.max_secs), |w| w.toml)
}

/// A duration as the format writes it.
fn duration(secs: f64) -> String {
    written(&Dist::fixed(secs)).map_or_else(|| "\"0\"".into(), |w| w.toml)
}

/// `text` as a TOML string.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}
