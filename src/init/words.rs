//! Words `drsim init` reads and writes: whether a line reads as an
//! action ("Restore the database", "Failover Process"), ids made from a
//! step's words, and names short enough for a chart.

/// Verbs that start an action in a runbook ("Restore …", "Notify …").
const VERBS: &[&str] = &[
    "activate",
    "add",
    "apply",
    "approve",
    "backup",
    "break",
    "bring",
    "change",
    "check",
    "communicate",
    "complete",
    "configure",
    "confirm",
    "connect",
    "copy",
    "create",
    "cut",
    "deactivate",
    "delete",
    "deploy",
    "detect",
    "diagnose",
    "disable",
    "drain",
    "elect",
    "enable",
    "escalate",
    "establish",
    "execute",
    "fail",
    "failover",
    "fallback",
    "flush",
    "handover",
    "inform",
    "initiate",
    "install",
    "launch",
    "migrate",
    "move",
    "notify",
    "open",
    "perform",
    "point",
    "prepare",
    "procure",
    "promote",
    "provision",
    "rebuild",
    "reconnect",
    "recover",
    "redeploy",
    "redirect",
    "reload",
    "remove",
    "repoint",
    "replay",
    "replicate",
    "reroute",
    "restart",
    "restore",
    "resume",
    "retry",
    "route",
    "run",
    "scale",
    "set",
    "shut",
    "smoke",
    "spawn",
    "start",
    "stop",
    "swap",
    "switch",
    "sync",
    "test",
    "trigger",
    "turn",
    "update",
    "upload",
    "validate",
    "verify",
    "wait",
];

/// Nouns of action that make a heading a step ("Disaster recovery
/// deployment", "Failover process").
const ACTION_NOUNS: &[&str] = &[
    "cutover",
    "deployment",
    "failover",
    "fallback",
    "migration",
    "promotion",
    "redeployment",
    "restore",
    "restoration",
    "rollback",
    "swap",
    "switchover",
];

/// Small words left out of ids.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "be", "by", "for", "from", "if", "in", "into", "is", "it",
    "its", "new", "of", "on", "or", "our", "should", "that", "the", "their", "then", "this", "to",
    "we", "will", "with",
];

/// The words of `text`, lower case, letters and digits only.
fn words(text: &str) -> Vec<String> {
    // "Worker’s servers": the possessive stays with its word.
    let text = text.replace(['\'', '’'], "");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `text` starts with an action verb.
pub fn starts_with_verb(text: &str) -> bool {
    words(text)
        .first()
        .is_some_and(|w| VERBS.contains(&w.as_str()))
}

/// Whether a list item reads as an action: it starts with a verb, or it
/// is numbered and not a definition ("Videos on disk: … are stored in
/// Azure Storage" — a short label, a colon, then no verb).
pub fn is_action_item(text: &str, ordered: bool) -> bool {
    if let Some((label, rest)) = text.split_once(": ") {
        if label.split_whitespace().count() <= 4 {
            return starts_with_verb(rest);
        }
    }
    ordered || starts_with_verb(text)
}

/// Whether a heading names an action: a verb first, or an action noun
/// anywhere.
pub fn is_action_title(title: &str) -> bool {
    starts_with_verb(title)
        || words(title)
            .iter()
            .any(|w| ACTION_NOUNS.contains(&w.as_str()))
}

/// An id from `text`: its first four words that are not small words,
/// `[a-z0-9_]`, at most 40 characters; `fallback` when none.
pub fn slug(text: &str, fallback: &str) -> String {
    // "Stop writes (5-10 min)": what is in brackets is not the step's name.
    let text = text.split('(').next().unwrap_or(text);
    let kept: Vec<String> = words(text)
        .into_iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let mut id = kept.join("_");
    id.truncate(40);
    let id = id.trim_end_matches('_').to_string();
    if id.is_empty() {
        fallback.to_string()
    } else {
        id
    }
}

/// `id`, or `id_2`, `id_3` … whichever `taken` does not hold yet.
pub fn unique(id: String, taken: &[String]) -> String {
    if !taken.contains(&id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}_{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(id)
}

/// A name from a line: its first sentence, at most 80 characters (cut at
/// a word, with "…").
pub fn name(text: &str) -> String {
    let first = text
        .split(". ")
        .next()
        .unwrap_or(text)
        .trim_end_matches('.');
    if first.chars().count() <= 80 {
        return first.to_string();
    }
    let mut cut = String::new();
    for word in first.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > 78 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_ids() {
        assert!(starts_with_verb("Initiate Storage Account failover"));
        assert!(!starts_with_verb("Health checks detect failure"));
        assert!(is_action_title("Disaster recovery deployment"));
        assert!(is_action_title("Swap to disaster recovery"));
        assert!(!is_action_title("Considerations"));
        assert_eq!(
            slug("Create a new Azure App Service", "step"),
            "create_azure_app_service"
        );
        assert_eq!(slug("Worker’s servers", "c"), "workers_servers");
        assert!(!is_action_item(
            "Videos on disk: videos are stored in Azure Storage",
            true
        ));
        assert!(is_action_item(
            "primary-region: change target resource",
            true
        ));
        assert!(!is_action_item(
            "Route 53 Failover: AWS Route 53 is configured",
            false
        ));
        assert!(is_action_item("Health checks detect failure", true));
        assert!(!is_action_item("DNS", false));
        assert_eq!(slug("— ", "step"), "step");
        assert_eq!(slug("Stop writes (5-10 min)", "step"), "stop_writes");
        assert_eq!(unique("a".into(), &["a".into(), "a_2".into()]), "a_3");
        assert_eq!(name("Stop writes. Then wait."), "Stop writes");
        assert!(name(&"word ".repeat(40)).ends_with('…'));
    }
}
