//! The validated scenario: ids resolved to indices, distributions built,
//! everything the engine needs computed once per scenario.

use crate::dist::Dist;

/// A checked scenario, ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// `[scenario].name`.
    pub name: String,
    /// `[scenario].description`, if any.
    pub description: Option<String>,
    /// The file it was read from, as given.
    pub file: String,
    /// SHA-256 of the file's text, lowercase hex.
    pub source_sha256: String,
    /// Default number of simulated disasters.
    pub iterations: u64,
    /// Default seed.
    pub seed: u64,
    /// Scenario-wide targets.
    pub targets: Targets,
    /// Roles in file order.
    pub roles: Vec<Role>,
    /// Components in file order.
    pub components: Vec<Component>,
    /// Steps in file order (the last queue tie-break).
    pub steps: Vec<Step>,
    /// When the disaster strikes and the scenario's clock; `None` when
    /// nothing depends on the time of the week (no role has `hours`, no
    /// `strikes_at`).
    pub calendar: Option<super::Calendar>,
    /// `[conditions.<name>]`, in file order.
    pub conditions: Vec<Condition>,
    /// `[[risks]]`: risks shared by many steps, in file order.
    pub shared_risks: Vec<SharedRisk>,
    /// `[[correlation]]` groups, in file order.
    pub correlations: Vec<Correlation>,
    /// The variant applied, if any.
    pub variant: Option<VariantInfo>,
    /// The `--set PATH=VALUE` edits applied, in order.
    pub set: Vec<String>,
    /// Every variant the file declares.
    pub variants: Vec<VariantInfo>,
    /// What is valid but probably not meant (a role no step needs), at
    /// its place in the file; `validate` prints them.
    pub warnings: Vec<super::ScenarioError>,
    /// The inputs with no basis, at their place in the file, as
    /// validated; `validate --strict` lists them.
    pub unbased: Vec<super::Unbased>,
}

/// A declared variant of a plan (`[variants.<name>]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VariantInfo {
    pub name: String,
    /// Its `description`, if any.
    pub description: Option<String>,
}

/// Where an input's figures came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The plan, quoted: `source = "plan: 'Time to diagnose: 5-30 min'"`.
    Source(String),
    /// An assumption, and why: `assumed = "typical for a PostgreSQL promote"`.
    Assumed(String),
}

/// Per component, whether the scenario-wide RTO and RPO count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverallCounts {
    pub rto: Vec<bool>,
    pub rpo: Vec<bool>,
}

/// When an RTO's clock starts: at the disaster (time 0), or when a step
/// starts or ends. A step that never starts (or ends) in a run leaves the
/// clock at the disaster in that run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    Disaster,
    StepStart(usize),
    StepEnd(usize),
}

impl Clock {
    /// As written in the file: `None` for the disaster, `"diagnose"` for a
    /// step's end, `"diagnose.start"` for its start.
    pub fn as_written(self, steps: &[Step]) -> Option<String> {
        match self {
            Clock::Disaster => None,
            Clock::StepEnd(i) => Some(steps[i].id.clone()),
            Clock::StepStart(i) => Some(format!("{}.start", steps[i].id)),
        }
    }

    /// In words, after "from": "the disaster", "the end of diagnose".
    pub fn words(self, steps: &[Step]) -> String {
        match self {
            Clock::Disaster => "the disaster".into(),
            Clock::StepEnd(i) => format!("the end of {}", steps[i].id),
            Clock::StepStart(i) => format!("the start of {}", steps[i].id),
        }
    }
}

/// `[targets]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Service back within this many seconds (of `rto_from`).
    pub rto_secs: Option<f64>,
    /// When the RTO's clock starts.
    pub rto_from: Clock,
    /// Data lost at most this many seconds.
    pub rpo_secs: Option<f64>,
    /// The percentile (0–100, exclusive) at which targets are judged.
    pub percentile: f64,
}

/// People or capacity that execute steps.
#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    /// Units available (at least 1).
    pub count: u32,
    /// Time until each unit is engaged; `None` means at once.
    pub response: Option<Dist>,
    /// When the role works (`None`: round the clock).
    pub hours: Option<super::Hours>,
    /// How it responds when the disaster strikes outside `hours` (set
    /// exactly when `hours` is).
    pub off_hours: Option<OffHours>,
    /// Where its figures came from, if the file says.
    pub basis: Option<Basis>,
}

/// How a role with working hours responds outside them.
#[derive(Debug, Clone)]
pub enum OffHours {
    /// Each person is paged: engaged after this time instead of `response`.
    Response(Dist),
    /// It acts only in its hours: engaged (after `response`, if any) when
    /// they begin, and it starts steps only within them.
    Wait,
}

/// A scenario-wide condition, one of whose cases holds in each disaster.
#[derive(Debug, Clone)]
pub struct Condition {
    pub name: String,
    /// In file order; probabilities sum to 1.
    pub cases: Vec<Case>,
    pub basis: Option<Basis>,
}

/// One case of a condition and what it changes.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub probability: f64,
    /// Per step: every attempt's duration is multiplied by this (1 when
    /// the case does not name the step).
    pub step_scale: Vec<f64>,
    /// Per role: its people's response times are multiplied by this.
    pub role_scale: Vec<f64>,
}

/// A risk that strikes many steps at once (`[[risks]]`).
#[derive(Debug, Clone)]
pub struct SharedRisk {
    pub name: String,
    /// Chance that it strikes in a disaster.
    pub probability: f64,
    pub effect: SharedEffect,
    /// The steps it applies to, in file order.
    pub steps: Vec<usize>,
    /// `applies_to` as written (ids and globs).
    pub applies_to: Vec<String>,
    pub basis: Option<Basis>,
}

/// What a shared risk does to each step it applies to when it strikes.
#[derive(Debug, Clone)]
pub enum SharedEffect {
    /// One delay, drawn once per disaster, added to each step's first attempt.
    Delay(Dist),
    /// Every attempt of each step takes this many times as long.
    Scale(f64),
}

/// Steps whose durations are rank-correlated (`[[correlation]]`).
#[derive(Debug, Clone)]
pub struct Correlation {
    /// The steps, in the group's order (ids and globs resolved).
    pub steps: Vec<usize>,
    /// Requested Spearman rank correlation between every pair, -1 to 1.
    pub rank: f64,
    pub basis: Option<Basis>,
}

/// A service or data store touched by the disaster.
#[derive(Debug, Clone)]
pub struct Component {
    pub id: String,
    pub name: String,
    /// Components that must be recovered before this one counts as recovered.
    pub depends_on: Vec<usize>,
    /// Per-component RTO target, seconds (of `rto_from`).
    pub rto_target_secs: Option<f64>,
    /// When the component's RTO clock starts.
    pub rto_from: Clock,
    /// Counted in the scenario-wide RTO and RPO (`overall = false` leaves
    /// it out).
    pub overall: bool,
    /// Per-component RPO target, seconds.
    pub rpo_target_secs: Option<f64>,
    /// Data sources in file order.
    pub sources: Vec<Source>,
    /// The non-fallback-only steps that recover it (all must be done).
    pub recovered_by: Vec<usize>,
    /// Where its targets came from, if the file says.
    pub basis: Option<Basis>,
}

impl Component {
    /// True when the component has data (and so an RPO).
    pub fn has_data(&self) -> bool {
        !self.sources.is_empty()
    }
}

/// A data source a component can be recovered from.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    /// Replication lag at the moment of the disaster.
    pub lag: Option<Dist>,
    /// Periodic backups.
    pub backup: Option<Backup>,
    /// Where its figures came from, if the file says.
    pub basis: Option<Basis>,
}

/// Periodic backups or snapshots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backup {
    pub interval_secs: f64,
    /// Probability that a given backup succeeded.
    pub success: f64,
}

/// One runbook step.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub name: String,
    /// What must be done first.
    pub after: Vec<Dep>,
    /// Distribution of one attempt.
    pub duration: Dist,
    /// Role one unit of which is held while an attempt runs.
    pub role: Option<usize>,
    /// Higher first when several steps wait for the same role.
    pub priority: i64,
    pub failure: Option<Failure>,
    pub risks: Vec<Risk>,
    /// Components this step brings back, with the source each uses.
    pub recovers: Vec<Recovery>,
    /// Runs only when activated as a fallback.
    pub fallback_only: bool,
    /// Where its figures came from, if the file says.
    pub basis: Option<Basis>,
}

/// Something a step waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dep {
    Step(usize),
    Component(usize),
}

/// How attempts of a step fail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Failure {
    /// Probability that an attempt fails.
    pub probability: f64,
    /// Further attempts after the first failure.
    pub retries: u32,
    /// Wait before a retry is ready.
    pub retry_delay_secs: f64,
    /// Step activated when the step gives up.
    pub fallback: Option<usize>,
}

/// A once-per-disaster delay on a step's first attempt.
#[derive(Debug, Clone)]
pub struct Risk {
    pub name: String,
    pub probability: f64,
    pub delay: Dist,
}

/// A component a step recovers, and the data source that recovery uses
/// (`None` when the component has no data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    pub component: usize,
    pub source: Option<usize>,
}

impl Scenario {
    /// Per component: counted in the scenario-wide RTO and RPO. A
    /// component counts unless it says `overall = false`, or its own target
    /// for that quantity is looser than the scenario-wide one (with the same
    /// clock): the plan accepts more for it, so the scenario-wide target no
    /// longer holds it. A tighter or equal own target is a milestone within
    /// the whole, which still counts it. When that would leave no affected
    /// component (with data, for the RPO) counted, the `overall = false`
    /// rule alone decides, and when even that leaves none, all count.
    pub fn overall_counts(&self) -> OverallCounts {
        let t = &self.targets;
        let affected = self.affected();
        let looser = |own: Option<f64>, own_clock: Clock, wide: Option<f64>, wide_clock: Clock| matches!((own, wide), (Some(own), Some(wide)) if own > wide && own_clock == wide_clock);
        let rto_looser: Vec<bool> = self
            .components
            .iter()
            .map(|c| looser(c.rto_target_secs, c.rto_from, t.rto_secs, t.rto_from))
            .collect();
        let rpo_looser: Vec<bool> = self
            .components
            .iter()
            .map(|c| {
                looser(
                    c.rpo_target_secs,
                    Clock::Disaster,
                    t.rpo_secs,
                    Clock::Disaster,
                )
            })
            .collect();
        let with_data: Vec<bool> = self.components.iter().map(Component::has_data).collect();
        OverallCounts {
            rto: self.counted(&affected, &rto_looser),
            rpo: self
                .counted(
                    &affected
                        .iter()
                        .zip(&with_data)
                        .map(|(a, d)| *a && *d)
                        .collect::<Vec<_>>(),
                    &rpo_looser,
                )
                .into_iter()
                .zip(&with_data)
                .map(|(counted, data)| counted && *data)
                .collect(),
        }
    }

    /// The components counted among `relevant` ones: not `overall = false`
    /// and not `looser`; failing any, not `overall = false`; failing any, all.
    fn counted(&self, relevant: &[bool], looser: &[bool]) -> Vec<bool> {
        let rules: [&dyn Fn(usize) -> bool; 3] = [
            &|c| self.components[c].overall && !looser[c],
            &|c| self.components[c].overall,
            &|_| true,
        ];
        for rule in rules {
            let counted: Vec<bool> = (0..self.components.len()).map(rule).collect();
            if (0..counted.len()).any(|c| counted[c] && relevant[c]) {
                return counted;
            }
        }
        vec![true; self.components.len()]
    }

    /// The name, with the variant and `--set` edits applied if any:
    /// "Shop (variant global_db)", "Shop (--set roles.ops.count=3)".
    pub fn title(&self) -> String {
        let mut edits: Vec<String> = Vec::new();
        if let Some(v) = &self.variant {
            edits.push(format!("variant {}", v.name));
        }
        edits.extend(
            self.set
                .iter()
                .map(|s| format!("--set {}", crate::input::display_text(s))),
        );
        if edits.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, edits.join("; "))
        }
    }

    /// Per component: true when some step recovers it, directly or through
    /// `depends_on` — it is touched by the disaster. Linear in the size of
    /// the dependency graph.
    pub fn affected(&self) -> Vec<bool> {
        let mut dependents = vec![Vec::new(); self.components.len()];
        for (c, comp) in self.components.iter().enumerate() {
            for &d in &comp.depends_on {
                dependents[d].push(c);
            }
        }
        let mut affected: Vec<bool> = self
            .components
            .iter()
            .map(|c| !c.recovered_by.is_empty())
            .collect();
        let mut work: Vec<usize> = (0..affected.len()).filter(|&c| affected[c]).collect();
        while let Some(c) = work.pop() {
            for &d in &dependents[c] {
                if !affected[d] {
                    affected[d] = true;
                    work.push(d);
                }
            }
        }
        affected
    }
}
