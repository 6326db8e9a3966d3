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
    /// The variant applied, if any.
    pub variant: Option<VariantInfo>,
    /// The `--set PATH=VALUE` edits applied, in order.
    pub set: Vec<String>,
    /// Every variant the file declares.
    pub variants: Vec<VariantInfo>,
    /// What is valid but probably not meant (a role no step needs), at
    /// its place in the file; `validate` prints them.
    pub warnings: Vec<super::ScenarioError>,
}

/// A declared variant of a plan (`[variants.<name>]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VariantInfo {
    pub name: String,
    /// Its `description`, if any.
    pub description: Option<String>,
}

/// `[targets]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Service back within this many seconds.
    pub rto_secs: Option<f64>,
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
}

/// A service or data store touched by the disaster.
#[derive(Debug, Clone)]
pub struct Component {
    pub id: String,
    pub name: String,
    /// Components that must be recovered before this one counts as recovered.
    pub depends_on: Vec<usize>,
    /// Per-component RTO target, seconds.
    pub rto_target_secs: Option<f64>,
    /// Per-component RPO target, seconds.
    pub rpo_target_secs: Option<f64>,
    /// Data sources in file order.
    pub sources: Vec<Source>,
    /// The non-fallback-only steps that recover it (all must be done).
    pub recovered_by: Vec<usize>,
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
