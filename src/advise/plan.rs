//! A plan to meet the targets: the smallest set of candidates found
//! greedily. The pool is the [`PLAN_POOL`] candidates that do best alone
//! (each better than the base plan by [`Standing::preference`]); each
//! round adds the one whose addition, re-simulated with the others chosen
//! so far, is preferred most, until every target passes, nothing improves,
//! or [`MAX_PLAN_ROUNDS`] rounds. A set that meets every target is then
//! pruned: a choice the others make unnecessary is dropped. The final set
//! is simulated in full for its report.

use rayon::prelude::*;
use std::cmp::Ordering;

use super::candidate::{Candidate, compose};
use super::measure::{Context, Measured, Sampled, measure};
use super::standing::{Standing, with_targets_of};
use super::{AdviseError, Progress};
use crate::engine::Engine;
use crate::runner::{self, Results, RunOptions};
use crate::scenario::Scenario;

/// Candidates the greedy plan chooses from.
pub const PLAN_POOL: usize = 12;

/// Most rounds (so most interventions in a plan).
pub const MAX_PLAN_ROUNDS: usize = 6;

/// One choice of the plan, and where the plan stands after it.
#[derive(Debug, Clone)]
pub struct PlanStep {
    /// Index into the candidates.
    pub candidate: usize,
    pub standing: Standing,
}

/// The plan found.
#[derive(Debug)]
pub struct PlanAdvice {
    /// Its choices in the order made (after pruning).
    pub steps: Vec<PlanStep>,
    /// Every target passes with them (true with none when the base plan
    /// already meets every target).
    pub meets_all: bool,
    /// Versions simulated to find it.
    pub simulations: u64,
    /// The plan with its choices, simulated in full (`None` without choices).
    pub outcome: Option<PlanOutcome>,
}

/// The plan with its choices made.
#[derive(Debug)]
pub struct PlanOutcome {
    pub scenario: Scenario,
    pub results: Results,
    /// Against the base plan, run by run.
    pub measured: Measured,
}

/// The greedy search, from the candidates measured alone.
pub(super) fn greedy(
    ctx: &Context,
    candidates: &[Candidate],
    measured: &[Measured],
    base: &Sampled,
    run_options: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<PlanAdvice, AdviseError> {
    let mut search = Search {
        ctx,
        candidates,
        progress,
        simulations: 0,
    };
    let pool = pool(measured, &base.standing);
    let mut steps: Vec<PlanStep> = Vec::new();
    let mut current = base.standing.clone();
    while !current.meets_all() && steps.len() < MAX_PLAN_ROUNDS {
        match search.next(&pool, &steps, measured) {
            Some(step) if step.standing.preference(&current) == Ordering::Greater => {
                current = step.standing.clone();
                steps.push(step);
            }
            _ => break,
        }
    }
    let meets_all = current.meets_all();
    if meets_all {
        search.prune(&mut steps);
    }
    let outcome = match steps.is_empty() {
        true => None,
        false => Some(search.outcome(&steps, base, run_options)?),
    };
    Ok(PlanAdvice {
        steps,
        meets_all,
        simulations: search.simulations,
        outcome,
    })
}

/// The [`PLAN_POOL`] candidates preferred most alone, among those
/// preferred to the plan as it is; most preferred first.
fn pool(measured: &[Measured], base: &Standing) -> Vec<usize> {
    let mut pool: Vec<usize> = (0..measured.len())
        .filter(|&i| measured[i].standing.preference(base) == Ordering::Greater)
        .collect();
    pool.sort_by(|&a, &b| {
        let (sa, sb) = (&measured[a].standing, &measured[b].standing);
        sb.preference(sa).then(a.cmp(&b))
    });
    pool.truncate(PLAN_POOL);
    pool
}

/// The state of a greedy search.
struct Search<'a> {
    ctx: &'a Context<'a>,
    candidates: &'a [Candidate],
    progress: &'a (dyn Fn(Progress) + Sync),
    simulations: u64,
}

impl Search<'_> {
    /// The most preferred choice to add to `steps` (the first in pool
    /// order among equals); `None` when the pool is spent.
    fn next(
        &mut self,
        pool: &[usize],
        steps: &[PlanStep],
        measured: &[Measured],
    ) -> Option<PlanStep> {
        let chosen: Vec<usize> = steps.iter().map(|s| s.candidate).collect();
        let remaining: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|i| !chosen.contains(i))
            .collect();
        let tried: Vec<PlanStep> = if chosen.is_empty() {
            // Alone, they were measured already.
            remaining
                .iter()
                .map(|&candidate| PlanStep {
                    candidate,
                    standing: measured[candidate].standing.clone(),
                })
                .collect()
        } else {
            self.standings(&chosen, &remaining)
        };
        tried.into_iter().reduce(|a, b| {
            if b.standing.preference(&a.standing) == Ordering::Greater {
                b
            } else {
                a
            }
        })
    }

    /// The plan with `chosen` and `more` (candidate indices), if they combine.
    fn compose(&self, chosen: &[usize], more: Option<usize>) -> Option<Scenario> {
        let set: Vec<&Candidate> = chosen
            .iter()
            .chain(&more)
            .map(|&i| &self.candidates[i])
            .collect();
        compose(self.ctx.base, &set).ok()
    }

    /// Where `chosen` plus each of `remaining` stands, re-simulated;
    /// combinations that cannot be made (two variants) are left out.
    fn standings(&mut self, chosen: &[usize], remaining: &[usize]) -> Vec<PlanStep> {
        (self.progress)(Progress::Planned(remaining.len() as u64));
        self.simulations += remaining.len() as u64;
        let (ctx, progress) = (self.ctx, self.progress);
        remaining
            .par_iter()
            .filter_map(|&i| {
                let s = self.compose(chosen, Some(i));
                let standing = s.map(|s| ctx.sample(s).standing);
                progress(Progress::Done(1));
                standing.map(|standing| PlanStep {
                    candidate: i,
                    standing,
                })
            })
            .collect()
    }

    /// Drops, in order, each choice without which the rest still meet
    /// every target.
    fn prune(&mut self, steps: &mut Vec<PlanStep>) {
        let (mut k, mut pruned) = (0, false);
        while steps.len() > 1 && k < steps.len() {
            let others: Vec<usize> = steps
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, s)| s.candidate)
                .collect();
            (self.progress)(Progress::Planned(1));
            self.simulations += 1;
            let standing = self
                .compose(&others, None)
                .map(|s| self.ctx.sample(s).standing);
            (self.progress)(Progress::Done(1));
            match standing {
                Some(st) if st.meets_all() => {
                    steps.remove(k);
                    pruned = true;
                }
                _ => k += 1,
            }
        }
        if pruned {
            self.restate(steps);
        }
    }

    /// Where the plan stands after each of its choices, re-simulated.
    fn restate(&mut self, steps: &mut [PlanStep]) {
        let chosen: Vec<usize> = steps.iter().map(|s| s.candidate).collect();
        (self.progress)(Progress::Planned(steps.len() as u64));
        self.simulations += steps.len() as u64;
        let (ctx, progress) = (self.ctx, self.progress);
        let standings: Vec<Option<Standing>> = (1..=chosen.len())
            .into_par_iter()
            .map(|len| {
                let s = self.compose(&chosen[..len], None);
                progress(Progress::Done(1));
                s.map(|s| ctx.sample(s).standing)
            })
            .collect();
        for (step, standing) in steps.iter_mut().zip(standings) {
            if let Some(st) = standing {
                step.standing = st;
            }
        }
    }

    /// The plan with its choices, simulated in full and measured against the base.
    fn outcome(
        &mut self,
        steps: &[PlanStep],
        base: &Sampled,
        run_options: &RunOptions,
    ) -> Result<PlanOutcome, AdviseError> {
        let chosen: Vec<usize> = steps.iter().map(|s| s.candidate).collect();
        let mut scenario = self
            .compose(&chosen, None)
            .expect("the chosen candidates were combined before");
        with_targets_of(&mut scenario, self.ctx.base);
        (self.progress)(Progress::Planned(1));
        let results = runner::run(&Engine::new(scenario.clone()), run_options, &|_| {})?;
        (self.progress)(Progress::Done(1));
        let sampled = self.ctx.sampled_from(&results.samples);
        let measured = measure(self.ctx, base, vec![sampled]).remove(0);
        Ok(PlanOutcome {
            scenario,
            results,
            measured,
        })
    }
}
