//! The heuristics of `drsim init`: which sections are components, which
//! lines are steps, in what order, how long each takes, and the targets
//! the plan states — from an [`Outline`] to a [`DraftPlan`] that `render`
//! writes as TOML. Every rule is in `docs/semantics.md`, "`drsim init`".

use super::outline::{Block, BlockKind, Outline, Section};
use super::timing::{Measure, Timing, timings};
use super::words::{is_action_item, is_action_title, name, slug, unique};

/// The draft before it is written.
#[derive(Debug, Clone, Default)]
pub struct DraftPlan {
    pub title: String,
    pub components: Vec<ComponentDraft>,
    pub steps: Vec<StepDraft>,
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// The plan's words, and the line they are on.
    Plan { quote: String, line: usize },
    /// A guess, and why.
    Guess(String),
}

/// A time as drafted: seconds (a range, or min = max for one value).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeDraft {
    pub min_secs: f64,
    pub max_secs: f64,
    pub basis: Basis,
    /// What to check about it, when it is not simply the plan's words.
    pub check: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StepDraft {
    pub id: String,
    pub name: String,
    /// The line the step comes from.
    pub line: usize,
    pub after: Vec<String>,
    pub duration: TimeDraft,
    pub recovers: Vec<String>,
    /// Why `after` is what it is, when it is a guess.
    pub order_check: Option<String>,
    /// From a part of the plan commented out (`<!-- … -->`).
    pub commented: bool,
}

#[derive(Debug, Clone)]
pub struct ComponentDraft {
    pub id: String,
    pub name: String,
    pub line: usize,
    /// The RTO target and the step from whose start it counts.
    pub rto: Option<(TimeDraft, String)>,
    /// The RPO target; its range is the data source's lag.
    pub rpo: Option<TimeDraft>,
}

/// The placeholder time of a step the plan gives no time for.
const GUESS_MIN_SECS: f64 = 300.0;
const GUESS_MAX_SECS: f64 = 1800.0;

/// Drafts the plan in `outline`.
pub fn draft(outline: &Outline, fallback_title: &str) -> DraftPlan {
    let mut d = Drafter {
        plan: DraftPlan {
            title: outline
                .title
                .clone()
                .unwrap_or_else(|| fallback_title.to_string()),
            ..DraftPlan::default()
        },
        start: Vec::new(),
    };
    for section in &outline.sections {
        d.section(section, outline.sections.len() == 1);
    }
    d.recover_the_rest();
    d.plan
}

struct Drafter {
    plan: DraftPlan,
    /// The steps a new procedure waits for: the ends of the last one.
    start: Vec<String>,
}

impl Drafter {
    fn section(&mut self, section: &Section, only: bool) {
        let found: Vec<(&Block, Timing)> = section
            .blocks
            .iter()
            .flat_map(|b| timings(&b.text).into_iter().map(move |t| (b, t)))
            .collect();
        let rto = found.iter().find(|(_, t)| t.measure == Measure::Rto);
        let rpo = found.iter().find(|(_, t)| t.measure == Measure::Rpo);
        let first = self.plan.steps.len();
        for (block, timing) in found.iter().filter(|(b, t)| {
            t.measure == Measure::Duration && t.label.is_some() && b.kind == BlockKind::Paragraph
        }) {
            let label = timing.label.clone().unwrap_or_default();
            let after = self.start.clone();
            self.add_step(
                &label,
                &capitalised(&label),
                block.line,
                after,
                Some(timing),
            );
        }
        self.items(section);
        let titled_step = self.plan.steps.len() == first
            && rto.is_none()
            && rpo.is_none()
            && !only
            && section.level > 1
            && is_action_title(&section.title);
        if titled_step {
            let after = self.start.clone();
            let line = section.line;
            self.add_step(&section.title, &section.title, line, after, None);
        }
        if rto.is_some() || rpo.is_some() {
            self.component(
                section,
                first,
                rto.map(|(b, t)| (*b, t)),
                rpo.map(|(b, t)| (*b, t)),
            );
        } else if self.plan.steps.len() > first {
            self.start = sinks(&self.plan.steps[first..]);
        }
    }

    /// Steps from the section's list items: numbered ones each after the
    /// step before it, bulleted actions after their parent — the item they
    /// are nested in, or the numbered item just above their list — or
    /// where the section starts.
    fn items(&mut self, section: &Section) {
        let mut previous: Option<String> = None;
        // The last numbered step: a bulleted list right under it (not
        // indented, as Markdown often has it) is its detail.
        let mut numbered: Option<String> = None;
        let mut parents: Vec<Option<String>> = Vec::new();
        for block in &section.blocks {
            let BlockKind::Item { ordered, depth } = block.kind else {
                continue;
            };
            parents.truncate(depth + 1);
            if !is_action_item(&block.text, ordered) {
                continue;
            }
            let parent = match depth.checked_sub(1) {
                Some(d) => parents.get(d).cloned().flatten(),
                None => numbered.clone(),
            };
            let after = if ordered {
                previous
                    .clone()
                    .map(|p| vec![p])
                    .unwrap_or_else(|| self.start.clone())
            } else {
                parent
                    .map(|p| vec![p])
                    .unwrap_or_else(|| self.start.clone())
            };
            let timing = timings(&block.text)
                .into_iter()
                .find(|t| t.measure == Measure::Duration);
            let id = self.add_step(
                &block.text,
                &name(&block.text),
                block.line,
                after,
                timing.as_ref(),
            );
            if let Some(step) = self.plan.steps.last_mut() {
                step.commented = block.commented;
                if !ordered {
                    step.order_check = Some("a bulleted action: drafted in parallel with its siblings; chain it if the order matters".into());
                }
            }
            parents.resize(depth + 1, None);
            parents[depth] = Some(id.clone());
            if ordered && depth == 0 {
                numbered = Some(id.clone());
            }
            previous = Some(id);
        }
    }

    /// A component for a section that states an RTO or RPO: recovered by
    /// the section's steps (or a step drafted from its RTO).
    fn component(
        &mut self,
        section: &Section,
        first: usize,
        rto: Option<(&Block, &Timing)>,
        rpo: Option<(&Block, &Timing)>,
    ) {
        let title = if section.title.is_empty() {
            self.plan.title.clone()
        } else {
            section.title.clone()
        };
        let id = unique(slug(&title, "service"), &self.ids());
        if self.plan.steps.len() == first {
            let after = self.start.clone();
            let words = format!("recover {title}");
            let name = format!("Recover {title}");
            self.add_step(&words, &name, section.line, after, rto.map(|(_, t)| t));
            if let (Some(step), Some(_)) = (self.plan.steps.last_mut(), rto) {
                step.duration.check =
                    Some("the plan's RTO range, taken as the time this reaction takes".into());
            }
        }
        let reacting = self.plan.steps[first].id.clone();
        let ends = sinks(&self.plan.steps[first..]);
        self.recover_by(&id, &ends);
        let target = |(block, t): (&Block, &Timing)| TimeDraft {
            min_secs: t.min_secs,
            max_secs: t.max_secs,
            basis: Basis::Plan {
                quote: t.sentence.clone(),
                line: block.line,
            },
            check: None,
        };
        self.plan.components.push(ComponentDraft {
            id,
            name: title,
            line: section.line,
            rto: rto.map(|r| (target(r), reacting)),
            rpo: rpo.map(target),
        });
    }

    /// The last of `ends` recovers `component`, after the others.
    fn recover_by(&mut self, component: &str, ends: &[String]) {
        let Some(last) = ends.last() else { return };
        let others: Vec<String> = ends[..ends.len() - 1].to_vec();
        if let Some(step) = self.plan.steps.iter_mut().find(|s| &s.id == last) {
            step.recovers.push(component.to_string());
            if !others.is_empty() {
                step.after.extend(others);
                step.order_check = Some("recovers the component, so drafted after every other step that ends its section".into());
            }
        }
    }

    /// Without any component from the plan, one for the whole service,
    /// recovered when every procedure is done.
    fn recover_the_rest(&mut self) {
        if !self.plan.components.is_empty() || self.plan.steps.is_empty() {
            return;
        }
        let id = unique(slug(&self.plan.title, "service"), &self.ids());
        let ends = sinks(&self.plan.steps);
        self.recover_by(&id, &ends);
        self.plan.components.push(ComponentDraft {
            id,
            name: self.plan.title.clone(),
            line: 1,
            rto: None,
            rpo: None,
        });
    }

    fn ids(&self) -> Vec<String> {
        self.plan
            .steps
            .iter()
            .map(|s| s.id.clone())
            .chain(self.plan.components.iter().map(|c| c.id.clone()))
            .collect()
    }

    /// Adds a step; returns its id.
    fn add_step(
        &mut self,
        words: &str,
        name: &str,
        line: usize,
        after: Vec<String>,
        timing: Option<&Timing>,
    ) -> String {
        let id = unique(slug(words, "step"), &self.ids());
        let duration = match timing {
            Some(t) => time_of(t, line),
            None => TimeDraft {
                min_secs: GUESS_MIN_SECS,
                max_secs: GUESS_MAX_SECS,
                basis: Basis::Guess("drsim init: the plan gives no time for this step; 5-30 minutes is a placeholder to replace".into()),
                check: Some("no time in the plan: a placeholder".into()),
            },
        };
        self.plan.steps.push(StepDraft {
            id: id.clone(),
            name: name.to_string(),
            line,
            after,
            duration,
            recovers: Vec::new(),
            order_check: None,
            commented: false,
        });
        id
    }
}

/// A step's time from a timing in the plan.
fn time_of(t: &Timing, line: usize) -> TimeDraft {
    TimeDraft {
        min_secs: t.min_secs,
        max_secs: t.max_secs,
        basis: Basis::Plan {
            quote: t.sentence.clone(),
            line,
        },
        check: t
            .at_most
            .then(|| "the plan gives only an upper bound: drafted as uniform from 0".into()),
    }
}

/// The steps among `steps` that no other of them waits for.
fn sinks(steps: &[StepDraft]) -> Vec<String> {
    steps
        .iter()
        .filter(|s| !steps.iter().any(|o| o.after.contains(&s.id)))
        .map(|s| s.id.clone())
        .collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
