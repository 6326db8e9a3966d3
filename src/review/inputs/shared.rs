//! The inputs that hold scenario-wide rather than per step, as tables:
//! the risks shared by many steps (`[[risks]]`), the conditions with
//! their cases (`[conditions]`) and the correlation groups
//! (`[[correlation]]`), each with its basis; and a role's working hours
//! in words. None of these tables is written for a plan without them.

use std::fmt::Write;

use super::tables::basis_cell;
use crate::format::percent;
use crate::report::escape_markup as esc;
use crate::scenario::{Case, OffHours, Role, Scenario, SharedEffect};

/// A role's working hours and what it does outside them, after its
/// response; nothing for a role that works round the clock.
pub(super) fn hours_words(role: &Role) -> String {
    let Some(hours) = &role.hours else {
        return String::new();
    };
    let outside = match &role.off_hours {
        Some(OffHours::Response(d)) => format!("paged, engaged after {}", d.words()),
        Some(OffHours::Wait) | None => "waits for its hours".to_string(),
    };
    format!(
        "; in hours {}; outside them {}",
        esc(&hours.text),
        esc(&outside)
    )
}

/// The shared risks that apply to step `step`, for its Risks cell:
/// "shared: runbook out of date", one per line.
pub(super) fn step_shared_risks(s: &Scenario, step: usize) -> Vec<String> {
    s.shared_risks
        .iter()
        .filter(|r| r.steps.contains(&step))
        .map(|r| format!("<span class=\"muted\">shared:</span> {}", esc(&r.name)))
        .collect()
}

/// What a shared risk does to each step when it strikes.
fn effect_words(effect: &SharedEffect) -> String {
    match effect {
        SharedEffect::Delay(d) => format!(
            "adds {} (drawn once) to each step's first attempt",
            d.words()
        ),
        SharedEffect::Scale(f) => format!("every attempt of each step takes × {f}"),
    }
}

pub(super) fn risks(out: &mut String, s: &Scenario) -> std::fmt::Result {
    if s.shared_risks.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Shared risks</h3><table><tr><th>Risk</th><th>Shared by</th><th class=\"num\">Strikes</th><th>When it strikes</th><th>Basis</th></tr>"
    )?;
    for risk in &s.shared_risks {
        let written: Vec<String> = risk
            .applies_to
            .iter()
            .map(|a| format!("<code>{}</code>", esc(a)))
            .collect();
        let steps = match risk.steps.len() {
            1 => "1 step".to_string(),
            n => format!("{n} steps"),
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{} <span class=\"muted\">({steps})</span></td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&risk.name),
            written.join(", "),
            percent(risk.probability),
            esc(&effect_words(&risk.effect)),
            basis_cell(risk.basis.as_ref())
        )?;
    }
    writeln!(out, "</table>")
}

/// What a case changes: "fix × 2; ops responds × 1.5"; "as planned".
fn case_words(s: &Scenario, case: &Case) -> String {
    let scaled = |scales: &[f64], ids: &mut dyn Iterator<Item = &str>, what: &str| {
        let mut parts = Vec::new();
        for (id, f) in ids.zip(scales) {
            if *f != 1.0 {
                parts.push(format!("{id}{what} × {f}"));
            }
        }
        parts
    };
    let every = |scales: &[f64]| {
        scales
            .first()
            .filter(|f| **f != 1.0 && scales.len() > 1 && scales.iter().all(|g| g == *f))
            .copied()
    };
    let mut parts = match every(&case.step_scale) {
        Some(f) => vec![format!("every step × {f}")],
        None => scaled(
            &case.step_scale,
            &mut s.steps.iter().map(|st| st.id.as_str()),
            "",
        ),
    };
    parts.extend(scaled(
        &case.role_scale,
        &mut s.roles.iter().map(|r| r.id.as_str()),
        " responds",
    ));
    if parts.is_empty() {
        "as planned".into()
    } else {
        parts.join("; ")
    }
}

pub(super) fn conditions(out: &mut String, s: &Scenario) -> std::fmt::Result {
    if s.conditions.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Conditions</h3><table><tr><th>Condition</th><th>Case</th><th class=\"num\">Holds</th><th>What it changes</th><th>Basis</th></tr>"
    )?;
    for condition in &s.conditions {
        for (k, case) in condition.cases.iter().enumerate() {
            let (name, basis) = if k == 0 {
                (
                    format!("<code>{}</code>", esc(&condition.name)),
                    basis_cell(condition.basis.as_ref()),
                )
            } else {
                (String::new(), String::new())
            };
            writeln!(
                out,
                "<tr><td>{name}</td><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td><td>{basis}</td></tr>",
                esc(&case.name),
                percent(case.probability),
                esc(&case_words(s, case))
            )?;
        }
    }
    writeln!(out, "</table>")
}

pub(super) fn correlations(out: &mut String, s: &Scenario) -> std::fmt::Result {
    if s.correlations.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Correlated durations</h3><table><tr><th>Steps</th><th class=\"num\">Rank correlation</th><th>Basis</th></tr>"
    )?;
    for group in &s.correlations {
        let steps: Vec<String> = group
            .steps
            .iter()
            .map(|&k| format!("<code>{}</code>", esc(&s.steps[k].id)))
            .collect();
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{:.2}</td><td>{}</td></tr>",
            steps.join(", "),
            group.rank,
            basis_cell(group.basis.as_ref())
        )?;
    }
    writeln!(out, "</table>")
}

/// Bytes of these tables at most: a row per shared risk, case and
/// group with its texts escaped (up to 6 bytes a byte).
pub(super) fn page_bytes(s: &Scenario) -> u64 {
    const ROW_BYTES: u64 = 384;
    let basis_len = |b: Option<&crate::scenario::Basis>| b.map_or(0, |b| b.text().len());
    let ids: usize = s.steps.iter().map(|st| st.id.len() + 8).sum::<usize>()
        + s.roles.iter().map(|r| r.id.len() + 16).sum::<usize>();
    let risks: usize = s
        .shared_risks
        .iter()
        .map(|r| {
            r.name.len()
                + basis_len(r.basis.as_ref())
                + r.applies_to.iter().map(|a| a.len() + 16).sum::<usize>()
                // The risk's name again in the Risks cell of each step.
                + r.steps.len() * (r.name.len() + 48)
        })
        .sum();
    let conditions: usize = s
        .conditions
        .iter()
        .map(|c| {
            c.name.len()
                + basis_len(c.basis.as_ref())
                + c.cases.iter().map(|k| k.name.len() + ids).sum::<usize>()
        })
        .sum();
    let groups: usize = s
        .correlations
        .iter()
        .map(|g| basis_len(g.basis.as_ref()) + g.steps.len() * 64)
        .sum();
    let roles: usize = s
        .roles
        .iter()
        .map(|r| r.hours.as_ref().map_or(0, |h| h.text.len() + 128))
        .sum();
    let rows = (s.shared_risks.len()
        + s.correlations.len()
        + s.conditions.iter().map(|c| c.cases.len()).sum::<usize>()) as u64;
    rows.saturating_mul(ROW_BYTES)
        .saturating_add(6 * (risks + conditions + groups + roles) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(toml: &str) -> Scenario {
        crate::scenario::parse(toml, "t.toml").expect("valid")
    }

    const PLAN: &str = r#"
[scenario]
name = "t"
[roles]
ops = { count = 1, hours = "Mon-Fri 08:00-18:00", off_hours = "wait" }
[components]
app = {}
[[steps]]
id = "provision_a"
duration = "10m"
role = "ops"
[[steps]]
id = "provision_b"
duration = "10m"
[[steps]]
id = "check"
after = ["provision_a", "provision_b"]
duration = "5m"
recovers = ["app"]
[[risks]]
name = "capacity contention"
probability = 0.3
scale = 2.0
applies_to = ["provision_*"]
[conditions.load]
cases = { normal = 0.7, contended = 0.3 }
[conditions.load.contended]
duration_scale = { "provision_*" = 2.5 }
response_scale = { ops = 1.5 }
"#;

    #[test]
    fn a_case_says_what_it_scales_and_a_plain_case_is_as_planned() {
        let s = scenario(PLAN);
        let cases = &s.conditions[0].cases;
        assert_eq!(case_words(&s, &cases[0]), "as planned");
        assert_eq!(
            case_words(&s, &cases[1]),
            "provision_a × 2.5; provision_b × 2.5; ops responds × 1.5"
        );
    }

    #[test]
    fn shared_risks_are_named_in_the_steps_they_apply_to() {
        let s = scenario(PLAN);
        assert_eq!(step_shared_risks(&s, 0).len(), 1);
        assert!(step_shared_risks(&s, 1)[0].ends_with("capacity contention"));
        assert!(step_shared_risks(&s, 2).is_empty());
    }

    #[test]
    fn a_role_with_hours_says_what_it_does_outside_them() {
        let s = scenario(PLAN);
        assert_eq!(
            hours_words(&s.roles[0]),
            "; in hours Mon-Fri 08:00-18:00; outside them waits for its hours"
        );
    }
}
