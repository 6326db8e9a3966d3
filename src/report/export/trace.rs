//! The timeline of one replayed run (`drsim run --trace`): every ready,
//! wait, start, failure, retry, fallback and recovery, with times, and the
//! steps on the critical path marked: a rendering of the engine's
//! [`Timeline`], which has read the run.

use std::fmt::Write;
use std::io;

use super::Exporter;
use crate::engine::{Outcome, Readiness, Timeline, TimelineAttempt, TimelineStep, WaitReason};
use crate::format::format_secs;
use crate::scenario::{Clock, Scenario};

/// Which run to trace, and why it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceHeader {
    pub run: u64,
    pub seed: u64,
    /// E.g. "the run at the p95 RTO".
    pub why: Option<String>,
}

/// The trace of one replayed run.
pub struct Trace<'a> {
    pub scenario: &'a Scenario,
    pub header: TraceHeader,
    /// The engine's reading of the run.
    pub timeline: &'a Timeline,
}

impl Exporter for Trace<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let text = trace_text(self.scenario, &self.header, self.timeline);
        out.write_all(text.as_bytes())
    }
}

/// One line of the trace before sorting.
struct Event {
    secs: f64,
    /// Insertion order: equal times keep it.
    order: usize,
    /// A step's or a component's id.
    who: String,
    /// The step is on the critical path (never for a component).
    critical: bool,
    what: String,
}

/// Renders the timeline of a replayed run.
fn trace_text(s: &Scenario, header: &TraceHeader, timeline: &Timeline) -> String {
    let mut events = Vec::new();
    let mut push = |secs: f64, who: &str, critical: bool, what: String| {
        let order = events.len();
        let who = who.to_string();
        events.push(Event {
            secs,
            order,
            who,
            critical,
            what,
        });
    };
    // Attempts in the order they started, each with its step.
    let mut attempts: Vec<(&TimelineAttempt, &TimelineStep)> = timeline
        .steps
        .iter()
        .flat_map(|st| st.attempts.iter().map(move |a| (a, st)))
        .collect();
    attempts.sort_by_key(|(a, _)| a.order);
    for (a, st) in attempts {
        let id = &s.steps[st.step].id;
        let role = st.role.map(|r| s.roles[r].id.as_str());
        let lines = attempt_lines(s, a, role);
        push(a.ready_secs, id, st.critical, lines.ready);
        push(a.start_secs, id, st.critical, lines.start);
        push(a.end_secs, id, st.critical, lines.end);
    }
    let mut fell_back: Vec<&TimelineStep> = timeline
        .steps
        .iter()
        .filter(|st| st.fallback_done_secs.is_some())
        .collect();
    fell_back.sort_by_key(|st| st.step);
    for st in fell_back {
        if let Some(secs) = st.fallback_done_secs {
            let what = "done: its fallback completed".to_string();
            push(secs, &s.steps[st.step].id, st.critical, what);
        }
    }
    for comp in &timeline.components {
        if comp.recovered_secs.is_finite() && comp.recovered_secs > 0.0 {
            let data = if comp.has_data {
                format!(" (data loss {})", format_secs(comp.rpo_secs))
            } else {
                String::new()
            };
            let id = &s.components[comp.component].id;
            push(comp.recovered_secs, id, false, format!("recovered{data}"));
        }
    }
    events.sort_by(|a, b| a.secs.total_cmp(&b.secs).then(a.order.cmp(&b.order)));
    render(s, header, timeline, &events)
}

/// What an attempt's three lines say.
struct AttemptLines {
    ready: String,
    start: String,
    end: String,
}

fn attempt_lines(s: &Scenario, a: &TimelineAttempt, role: Option<&str>) -> AttemptLines {
    let n = a.number;
    let ready_note = match a.ready {
        Readiness::Fallback => " (activated as a fallback)",
        Readiness::Retry => " (retry)",
        Readiness::Start | Readiness::Dependency => "",
    };
    let mut start = format!("attempt {n} starts");
    if let Some(role) = role {
        let _ = write!(start, " with {role}");
    }
    if let Some(wait) = a.wait {
        let why = match wait.reason {
            WaitReason::Response => "for someone to respond",
            WaitReason::Hours => "for the role's working hours to begin",
            WaitReason::FreeUnit => "for a free unit",
        };
        let _ = write!(start, " after waiting {} {why}", format_secs(wait.secs));
    }
    if a.risk_delay_secs > 0.0 {
        let _ = write!(start, "; risks add {}", format_secs(a.risk_delay_secs));
    }
    let end = match a.outcome {
        Outcome::Done => format!(
            "attempt {n} done after {}",
            format_secs(a.end_secs - a.start_secs)
        ),
        Outcome::Retry { delay_secs } => {
            format!(
                "attempt {n} failed; retry after {}",
                format_secs(delay_secs)
            )
        }
        Outcome::FellBack { to } => format!(
            "attempt {n} failed; gives up and falls back to {}",
            s.steps[to].id
        ),
        Outcome::GaveUp => format!("attempt {n} failed; gives up"),
    };
    AttemptLines {
        ready: format!("ready{ready_note}"),
        start,
        end,
    }
}

/// The header, the sorted events, the components never recovered.
fn render(s: &Scenario, header: &TraceHeader, timeline: &Timeline, events: &[Event]) -> String {
    let width = events
        .iter()
        .map(|e| e.who.chars().count())
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
        "Run {} (seed {}{why}): RTO {}{}, RPO {}, makespan {}",
        header.run,
        header.seed,
        format_secs(timeline.rto_secs),
        match s.targets.rto_from {
            Clock::Disaster => String::new(),
            clock => format!(
                " from {} (at {}; all back at {})",
                clock.words(&s.steps),
                format_secs(timeline.rto_clock_secs),
                format_secs(timeline.recovered_secs)
            ),
        },
        format_secs(timeline.rpo_secs),
        format_secs(timeline.makespan_secs)
    );
    // What held for the whole disaster (issue 12), when the plan says.
    let mut held = Vec::new();
    if let Some(calendar) = &s.calendar {
        let at = timeline.strikes_at_secs;
        held.push(format!(
            "struck {} ({})",
            calendar.words(at),
            calendar.part(at).words()
        ));
    }
    for (condition, &case) in s.conditions.iter().zip(&timeline.cases) {
        held.push(format!(
            "{}: {}",
            condition.name, condition.cases[case as usize].name
        ));
    }
    if !held.is_empty() {
        let _ = writeln!(out, "  {}", held.join("; "));
    }
    for e in events {
        let mark = if e.critical { '*' } else { ' ' };
        let _ = writeln!(
            out,
            "  {:>8}  {mark} {:<width$}  {}",
            format_secs(e.secs),
            e.who,
            e.what
        );
    }
    for comp in &timeline.components {
        if comp.rto_secs.is_infinite() {
            let _ = writeln!(
                out,
                "  {:>8}    {:<width$}  never recovered",
                "–", s.components[comp.component].id
            );
        }
    }
    out.push_str("  (* = on the critical path of this run's RTO)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{TimelineComponent, Wait};

    const MIN: f64 = 60.0;

    fn scenario() -> Scenario {
        let toml = r#"
            [scenario]
            name = "t"
            [roles]
            dba = { count = 1, response = "10m" }
            [components.db]
            [components.db.data.replica]
            lag = "90s"
            [components.web]
            [[steps]]
            id = "promote"
            role = "dba"
            duration = "5m"
            recovers = ["db"]
            failure = { probability = 0.5, retries = 1, retry_delay = "5m", fallback = "restore" }
            [[steps]]
            id = "restore"
            fallback_only = true
            duration = "1h"
            recovers = ["db"]
            [[steps]]
            id = "switch"
            after = ["db"]
            duration = "5m"
            recovers = ["web"]
            failure = { probability = 0.5 }
        "#;
        crate::scenario::parse(toml, "t.toml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn attempt(
        order: usize,
        number: u32,
        ready: Readiness,
        times_min: [f64; 3],
    ) -> TimelineAttempt {
        let [ready_min, start_min, end_min] = times_min;
        TimelineAttempt {
            order,
            number,
            ready_secs: ready_min * MIN,
            ready,
            start_secs: start_min * MIN,
            wait: None,
            risk_delay_secs: 0.0,
            end_secs: end_min * MIN,
            outcome: Outcome::Done,
        }
    }

    fn step(step: usize, critical: bool, attempts: Vec<TimelineAttempt>) -> TimelineStep {
        TimelineStep {
            step,
            role: None,
            critical,
            bars: Vec::new(),
            attempts,
            fallback_done_secs: None,
            path: Vec::new(),
        }
    }

    /// `promote` waits for the dba, fails, retries, fails and falls back to
    /// `restore` (struck by a risk); `switch` gives up, so `web` never is.
    fn timeline() -> Timeline {
        let promote_1 = TimelineAttempt {
            wait: Some(Wait {
                secs: 10.0 * MIN,
                reason: WaitReason::Response,
            }),
            outcome: Outcome::Retry {
                delay_secs: 5.0 * MIN,
            },
            ..attempt(0, 1, Readiness::Start, [0.0, 10.0, 15.0])
        };
        let promote_2 = TimelineAttempt {
            outcome: Outcome::FellBack { to: 1 },
            ..attempt(1, 2, Readiness::Retry, [20.0, 20.0, 25.0])
        };
        let restore = TimelineAttempt {
            risk_delay_secs: 2.0 * MIN,
            ..attempt(2, 1, Readiness::Fallback, [25.0, 25.0, 87.0])
        };
        let switch = TimelineAttempt {
            outcome: Outcome::GaveUp,
            ..attempt(3, 1, Readiness::Dependency, [87.0, 87.0, 92.0])
        };
        let promote = TimelineStep {
            role: Some(0),
            fallback_done_secs: Some(87.0 * MIN),
            ..step(0, true, vec![promote_1, promote_2])
        };
        let component = |component, has_data, rto_min: f64, rpo_secs| TimelineComponent {
            component,
            affected: true,
            has_data,
            recovered_secs: rto_min * MIN,
            rto_secs: rto_min * MIN,
            rpo_secs,
        };
        Timeline {
            strikes_at_secs: 0.0,
            cases: Vec::new(),
            recovered_secs: f64::INFINITY,
            rto_secs: f64::INFINITY,
            rto_clock_secs: 0.0,
            rpo_secs: 90.0,
            makespan_secs: 92.0 * MIN,
            steps: vec![
                promote,
                step(1, true, vec![restore]),
                step(2, false, vec![switch]),
            ],
            components: vec![
                component(0, true, 87.0, 90.0),
                component(1, false, f64::INFINITY, 0.0),
            ],
        }
    }

    /// At equal times attempts come first (in the order they started),
    /// then steps done by their fallback, then recoveries.
    #[test]
    fn renders_every_event_of_a_timeline_in_time_order() {
        let header = TraceHeader {
            run: 7,
            seed: 42,
            why: Some("the run at the p95 RTO".into()),
        };
        let text = trace_text(&scenario(), &header, &timeline());
        let want = "\
Run 7 (seed 42, the run at the p95 RTO): RTO never, RPO 1m30s, makespan 1h32m
        0s  * promote  ready
       10m  * promote  attempt 1 starts with dba after waiting 10m for someone to respond
       15m  * promote  attempt 1 failed; retry after 5m
       20m  * promote  ready (retry)
       20m  * promote  attempt 2 starts with dba
       25m  * promote  attempt 2 failed; gives up and falls back to restore
       25m  * restore  ready (activated as a fallback)
       25m  * restore  attempt 1 starts; risks add 2m
     1h27m  * restore  attempt 1 done after 1h02m
     1h27m    switch   ready
     1h27m    switch   attempt 1 starts
     1h27m  * promote  done: its fallback completed
     1h27m    db       recovered (data loss 1m30s)
     1h32m    switch   attempt 1 failed; gives up
         –    web      never recovered
  (* = on the critical path of this run's RTO)
";
        assert_eq!(text, want);
    }

    #[test]
    fn a_timeline_with_no_attempts_renders_its_header() {
        let empty = Timeline {
            strikes_at_secs: 0.0,
            cases: Vec::new(),
            recovered_secs: 0.0,
            rto_secs: 0.0,
            rto_clock_secs: 0.0,
            rpo_secs: 0.0,
            makespan_secs: 0.0,
            steps: Vec::new(),
            components: Vec::new(),
        };
        let header = TraceHeader {
            run: 0,
            seed: 1,
            why: None,
        };
        let text = trace_text(&scenario(), &header, &empty);
        assert_eq!(
            text,
            "Run 0 (seed 1): RTO 0s, RPO 0s, makespan 0s\n  (* = on the critical path of this run's RTO)\n"
        );
    }
}
