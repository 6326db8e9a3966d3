//! `drsim advise` as data: the plan today, every intervention that changes
//! something with its paired differences (ranked best first), those that
//! change nothing, the plan to meet the targets, and the smallest targets
//! the plan meets today. Plain serializable structs — the JSON schema of
//! `advise --json`, each field documented with its unit — and the
//! function that builds them from an [`Advice`].

use serde::{Deserialize, Serialize};

use super::build::build;
use super::check::{TargetVerdict, target_verdicts};
use super::compare::Difference;
use super::model::{Entries, Metric, Report, SCHEMA_VERSION, ScenarioInfo, secs};
use crate::advise::{Advice, Candidate, Kind, Measured, Standing};
use crate::format::round_up_shown;
use crate::runner::{Results, RunOptions};
use crate::scenario::Scenario;

/// The advice on one plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdviseReport {
    pub schema_version: u32,
    pub scenario: ScenarioInfo,
    /// Runs per version of the plan, and their seed (the same for all).
    pub iterations: u64,
    pub seed: u64,
    /// The percentile targets are judged at (0–100).
    pub percentile: f64,
    /// *automate*: the factor a step's duration is multiplied by.
    pub automate_factor: f64,
    /// The plan as it is.
    pub baseline: Baseline,
    /// Every intervention that changes something, best first.
    pub interventions: Vec<Intervention>,
    /// Interventions that change nothing measured (all three differences
    /// exactly 0, every target met by the same share), in generation order.
    pub no_difference: Vec<Named>,
    /// The smallest set of interventions found that meets every target.
    pub plan: PlanReport,
    /// The smallest targets the plan meets today at its percentile.
    pub minimal_targets: MinimalTargets,
}

/// The plan as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub rto: Metric,
    pub rpo: Metric,
    /// Share of runs in which some affected component was never recovered.
    pub unrecovered: f64,
    /// Every target judged at its percentile, as `check` judges it.
    pub targets: Vec<TargetVerdict>,
    /// Targets that pass, of `targets`.
    pub targets_met: usize,
}

/// What an intervention is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Named {
    /// `automate`, `add_person`, `engage_now`, `reliable`, `remove_risk`,
    /// `parallelise` or `variant`.
    pub kind: Kind,
    /// The id of what it changes: a step (`automate`, `reliable`), a role
    /// (`add_person`, `engage_now`), `<step>: <risk name>`, `<step> after
    /// <step>` (`parallelise`), a variant's name.
    pub target: String,
    /// The change in a sentence.
    pub description: String,
    /// What to check before relying on it (`null` for most kinds).
    pub caveat: Option<String>,
}

impl Named {
    fn of(c: &Candidate) -> Named {
        Named {
            kind: c.kind,
            target: c.target.clone(),
            description: c.description.clone(),
            caveat: c.caveat.clone(),
        }
    }
}

/// One intervention against the plan as it is, paired run by run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Intervention {
    #[serde(flatten)]
    pub name: Named,
    /// The gain in the share of runs meeting the scenario's RTO target (a
    /// share, 0–1; `null` without an RTO target).
    pub p_meet_rto: Option<Difference>,
    /// The change of the p95 RTO and RPO, seconds (negative is better).
    pub rto_p95: Difference,
    pub rpo_p95: Difference,
    /// Where the plan stands with it.
    pub after: After,
}

/// Where a version of the plan stands (point estimates).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct After {
    /// Targets that pass at their percentile.
    pub targets_met: usize,
    /// Share of runs meeting the scenario's RTO target (`null` without one).
    pub p_meet_rto: Option<f64>,
    /// p95 RTO and RPO, seconds (`"never"` when infinite).
    #[serde(with = "secs")]
    pub rto_p95: f64,
    #[serde(with = "secs")]
    pub rpo_p95: f64,
}

impl After {
    fn of(s: &Standing) -> After {
        After {
            targets_met: s.met(),
            p_meet_rto: s.p_meet_rto,
            rto_p95: s.rto_p95,
            rpo_p95: s.rpo_p95,
        }
    }
}

/// The plan to meet the targets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanReport {
    /// Its interventions in the order chosen, each with where the plan
    /// stands once it and those before it are made (empty when the plan
    /// meets every target as it is, or nothing found helps).
    pub interventions: Vec<PlanChoice>,
    /// Every target passes with them.
    pub meets_all: bool,
    /// Share of runs meeting the scenario's RTO target with them, and its
    /// 95 % Wilson interval (`null` without an RTO target).
    pub p_meet_rto: Option<ShareEstimate>,
    /// Against the plan as it is, paired run by run (`null` without
    /// interventions).
    pub difference: Option<PlanDifference>,
    /// Every target judged with them (the plan as it is without any).
    pub targets: Vec<TargetVerdict>,
    pub targets_met: usize,
    /// Versions of the plan simulated to find it.
    pub simulations: u64,
    /// Other single interventions that meet every target alone, best first
    /// (empty when the plan meets every target as it is).
    pub alternatives: Vec<Alternative>,
}

/// An intervention that meets every target alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alternative {
    /// Its place in `interventions` (1 is the first).
    pub rank: usize,
    #[serde(flatten)]
    pub name: Named,
}

/// One intervention of the plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanChoice {
    #[serde(flatten)]
    pub name: Named,
    pub after: After,
}

/// A share and its 95 % interval `[low, high]`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct ShareEstimate {
    pub estimate: f64,
    pub ci: [f64; 2],
}

/// The plan's interventions together against the plan as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanDifference {
    pub p_meet_rto: Option<Difference>,
    pub rto_p95: Difference,
    pub rpo_p95: Difference,
}

impl PlanDifference {
    fn of(m: &Measured) -> PlanDifference {
        PlanDifference {
            p_meet_rto: m.p_meet_rto.map(Into::into),
            rto_p95: m.rto_p95.into(),
            rpo_p95: m.rpo_p95.into(),
        }
    }
}

/// The smallest targets the plan meets today at its percentile: the
/// nearest-rank value, rounded up to what durations are written as (whole
/// seconds below an hour, minutes below a day, hours beyond), seconds;
/// `"never"` when not every run recovers at that percentile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MinimalTargets {
    pub percentile: f64,
    #[serde(with = "secs")]
    pub rto: f64,
    #[serde(with = "secs")]
    pub rpo: f64,
    /// Per component with a target (file order): the smallest RTO and RPO
    /// targets it meets (`null` for a quantity without a target).
    pub components: Entries<ComponentMinimal>,
}

/// A component's smallest targets met today, seconds (`null` for a
/// quantity without a target, `"never"` when it is not recovered often
/// enough).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComponentMinimal {
    #[serde(with = "secs")]
    pub rto: f64,
    #[serde(with = "secs")]
    pub rpo: f64,
}

/// The report of `advice`, given on the plan `base`.
pub fn advise_report(base: &Scenario, advice: &Advice) -> AdviseReport {
    let o = &advice.options;
    let report_of = |s: &Scenario, results: &Results| {
        let opts = RunOptions {
            iterations: o.iterations,
            seed: o.seed,
            threads: o.threads,
            chunk_runs: crate::runner::DEFAULT_CHUNK_RUNS,
        };
        build(s, results, &opts)
    };
    let today = report_of(base, &advice.baseline);
    let intervention = |&i: &usize| {
        let m = &advice.measured[i];
        Intervention {
            name: Named::of(&advice.candidates[i]),
            p_meet_rto: m.p_meet_rto.map(Into::into),
            rto_p95: m.rto_p95.into(),
            rpo_p95: m.rpo_p95.into(),
            after: After::of(&m.standing),
        }
    };
    AdviseReport {
        schema_version: SCHEMA_VERSION,
        scenario: today.scenario.clone(),
        iterations: o.iterations,
        seed: o.seed,
        percentile: today.percentile,
        automate_factor: o.automate_factor,
        interventions: advice.ranking.iter().map(intervention).collect(),
        no_difference: advice
            .no_difference
            .iter()
            .map(|&i| Named::of(&advice.candidates[i]))
            .collect(),
        plan: plan(advice, &today, &report_of),
        minimal_targets: minimal_targets(&today),
        baseline: Baseline {
            rto: today.rto.clone(),
            rpo: today.rpo.clone(),
            unrecovered: today.unrecovered,
            targets_met: advice.baseline_standing.met(),
            targets: target_verdicts(&today),
        },
    }
}

fn plan(
    advice: &Advice,
    today: &Report,
    report_of: &dyn Fn(&Scenario, &Results) -> Report,
) -> PlanReport {
    let p = &advice.plan;
    let with_plan = p
        .outcome
        .as_ref()
        .map(|o| report_of(&o.scenario, &o.results));
    let judged = with_plan.as_ref().unwrap_or(today);
    let targets = target_verdicts(judged);
    PlanReport {
        interventions: p
            .steps
            .iter()
            .map(|s| PlanChoice {
                name: Named::of(&advice.candidates[s.candidate]),
                after: After::of(&s.standing),
            })
            .collect(),
        meets_all: p.meets_all,
        p_meet_rto: judged.rto.p_meet.map(|estimate| ShareEstimate {
            estimate,
            ci: [
                judged.rto.p_meet_low.unwrap_or(estimate),
                judged.rto.p_meet_high.unwrap_or(estimate),
            ],
        }),
        difference: p.outcome.as_ref().map(|o| PlanDifference::of(&o.measured)),
        targets_met: targets.iter().filter(|t| t.pass).count(),
        targets,
        simulations: p.simulations,
        alternatives: alternatives(advice),
    }
}

/// Interventions that meet every target alone, other than the plan's own.
fn alternatives(advice: &Advice) -> Vec<Alternative> {
    if advice.baseline_standing.meets_all() {
        return Vec::new();
    }
    let chosen: Vec<usize> = advice.plan.steps.iter().map(|s| s.candidate).collect();
    advice
        .ranking
        .iter()
        .enumerate()
        .filter(|(_, i)| advice.measured[**i].standing.meets_all() && !chosen.contains(i))
        .map(|(k, &i)| Alternative {
            rank: k + 1,
            name: Named::of(&advice.candidates[i]),
        })
        .collect()
}

fn minimal_targets(today: &Report) -> MinimalTargets {
    let shown = |m: &Metric| round_up_shown(m.at_percentile);
    let components = today
        .components
        .0
        .iter()
        .filter(|(_, c)| c.rto.target.is_some() || c.rpo.target.is_some())
        .map(|(id, c)| {
            let minimal = ComponentMinimal {
                rto: c.rto.target.map_or(f64::NAN, |_| shown(&c.rto)),
                rpo: c.rpo.target.map_or(f64::NAN, |_| shown(&c.rpo)),
            };
            (id.clone(), minimal)
        })
        .collect();
    MinimalTargets {
        percentile: today.percentile,
        rto: shown(&today.rto),
        rpo: shown(&today.rpo),
        components: Entries(components),
    }
}
