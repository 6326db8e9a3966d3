//! The timeline of one replayed run (`drsim run --trace`): every ready,
//! wait, start, failure, retry, fallback and recovery, with times, and the
//! steps on the critical path marked.

use std::fmt::Write;

use crate::duration::format_secs;
use crate::engine::{Cause, Run};
use crate::scenario::Scenario;

/// Which run to trace, and why it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceHeader {
    pub run: u64,
    pub seed: u64,
    /// E.g. "the run at the p95 RTO".
    pub why: Option<String>,
}

/// Renders the timeline of `run`.
pub fn trace_text(s: &Scenario, header: &TraceHeader, run: &Run) -> String {
    let mut events: Vec<(f64, usize, String, String)> = Vec::new();
    let mut push = |time: f64, who: &str, what: String| {
        let order = events.len();
        events.push((time, order, who.to_string(), what));
    };
    let mut attempt_number = vec![0u32; s.steps.len()];
    for (a, attempt) in run.attempts.iter().enumerate() {
        let i = attempt.step as usize;
        let step = &s.steps[i];
        attempt_number[i] += 1;
        let n = attempt_number[i];
        let role = step.role.map(|r| s.roles[r].id.as_str());
        let ready_note = match attempt.ready_cause {
            Cause::GaveUp(_) => " (activated as a fallback)",
            Cause::Retry(_) => " (retry)",
            _ => "",
        };
        push(attempt.ready_secs, &step.id, format!("ready{ready_note}"));
        let mut start = format!("attempt {n} starts");
        if let Some(role) = role {
            let _ = write!(start, " with {role}");
        }
        if attempt.start_secs > attempt.ready_secs {
            let why = match attempt.cause {
                Cause::Engaged(_) => "for someone to respond",
                _ => "for a free unit",
            };
            let _ = write!(
                start,
                " after waiting {} {why}",
                format_secs(attempt.start_secs - attempt.ready_secs)
            );
        }
        if attempt.risk_delay_secs > 0.0 {
            let _ = write!(
                start,
                "; risks add {}",
                format_secs(attempt.risk_delay_secs)
            );
        }
        push(attempt.start_secs, &step.id, start);
        let last_of_step = !run.attempts[a + 1..]
            .iter()
            .any(|later| later.step == attempt.step);
        let end = if !attempt.failed {
            format!(
                "attempt {n} done after {}",
                format_secs(attempt.end_secs - attempt.start_secs)
            )
        } else if !last_of_step {
            let delay = step.failure.map_or(0.0, |f| f.retry_delay_secs);
            format!("attempt {n} failed; retry after {}", format_secs(delay))
        } else {
            match step.failure.and_then(|f| f.fallback) {
                Some(f) if run.steps[i].fell_back => {
                    format!(
                        "attempt {n} failed; gives up and falls back to {}",
                        s.steps[f].id
                    )
                }
                _ => format!("attempt {n} failed; gives up"),
            }
        };
        push(attempt.end_secs, &step.id, end);
    }
    for (i, st) in run.steps.iter().enumerate() {
        if st.fell_back && st.done_secs.is_finite() {
            push(
                st.done_secs,
                &s.steps[i].id,
                "done: its fallback completed".into(),
            );
        }
    }
    for (c, comp) in run.components.iter().enumerate() {
        if comp.rto_secs.is_finite() && comp.rto_secs > 0.0 {
            let data = if s.components[c].has_data() {
                format!(" (data loss {})", format_secs(comp.rpo_secs))
            } else {
                String::new()
            };
            push(
                comp.rto_secs,
                &s.components[c].id,
                format!("recovered{data}"),
            );
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let width = events
        .iter()
        .map(|e| e.2.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    let why = header
        .why
        .as_ref()
        .map_or(String::new(), |w| format!(", {w}"));
    let _ = writeln!(
        out,
        "Run {} (seed {}{why}): RTO {}, RPO {}, makespan {}",
        header.run,
        header.seed,
        format_secs(run.rto_secs),
        format_secs(run.rpo_secs),
        format_secs(run.makespan_secs)
    );
    for (time, _, who, what) in &events {
        let critical = s
            .steps
            .iter()
            .position(|step| &step.id == who)
            .is_some_and(|i| run.steps[i].critical);
        let mark = if critical { '*' } else { ' ' };
        let _ = writeln!(
            out,
            "  {:>8}  {mark} {who:<width$}  {what}",
            format_secs(*time)
        );
    }
    for (c, comp) in run.components.iter().enumerate() {
        if comp.rto_secs.is_infinite() {
            let _ = writeln!(
                out,
                "  {:>8}    {:<width$}  never recovered",
                "–", s.components[c].id
            );
        }
    }
    out.push_str("  (* = on the critical path of this run's RTO)\n");
    out
}
