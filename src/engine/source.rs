//! Which data source a recovered component's data came from (SPEC §2,
//! "Which source"): the `from` of the deepest step along the fallbacks its
//! recovering step actually took that lists the component in its
//! `recovers`, else the recovering step's own.
//!
//! Walking the fallbacks once per component costs components × chain
//! depth, and looking a component up in a step's `recovers` costs that
//! list's length. So [`Sources`] lays the fallbacks out once as a forest
//! (each step's fallback its parent; a chain is a path to a root), numbered
//! in preorder so that "is on the chain of" is two comparisons, and lists
//! per component every step that recovers it, nearest the root first. A
//! run then costs one pass over the steps (only when a recovering step fell
//! back) and, per component, a scan of its own recovering steps.

use super::plan::Lists;
use super::state::StepState;
use crate::scenario::Scenario;

/// The fallback forest and each component's recovering steps.
#[derive(Debug, Clone)]
pub(crate) struct Sources {
    /// Per step, its fallback, if any.
    fallback: Vec<Option<u32>>,
    /// Steps in preorder of the forest: a fallback before the steps
    /// falling back to it.
    preorder: Vec<u32>,
    /// Per step: its position in `preorder`.
    enter: Vec<u32>,
    /// Per step: one past the position in `preorder` of its last descendant
    /// (the steps whose chain passes through it).
    leave: Vec<u32>,
    /// Per step: fallbacks between it and the end of its chain.
    depth: Vec<u32>,
    /// Per component: positions in `recoverers` of the steps listing it in
    /// their `recovers`, nearest the root of their chain first.
    of_component: Lists,
    /// Every (step, component) pair of `recovers`.
    recoverers: Vec<Recoverer>,
}

/// A step that lists a component in its `recovers`.
#[derive(Debug, Clone, Copy)]
struct Recoverer {
    step: u32,
    /// The data source it uses (`from`), if the component has one.
    source: Option<usize>,
}

/// Per step, the last step of the chain of fallbacks it actually took in
/// one run (itself when it did not fall back). Filled at most once a run.
#[derive(Debug, Default)]
pub(crate) struct ChainEnds {
    end: Vec<u32>,
    filled: bool,
}

impl ChainEnds {
    /// Forgets the last run's ends (keeping the memory).
    pub(crate) fn reset(&mut self) {
        self.filled = false;
    }
}

impl Sources {
    /// Lays out the fallbacks and recovering steps of a checked scenario
    /// (fallback chains do not loop).
    pub(crate) fn new(s: &Scenario, fallback_waiters: &Lists) -> Sources {
        let n = s.steps.len();
        let fallback: Vec<Option<u32>> = s
            .steps
            .iter()
            .map(|step| step.failure.and_then(|f| f.fallback).map(|f| f as u32))
            .collect();
        let mut preorder = Vec::with_capacity(n);
        let mut stack: Vec<u32> = (0..n as u32)
            .rev()
            .filter(|&i| fallback[i as usize].is_none())
            .collect();
        while let Some(i) = stack.pop() {
            preorder.push(i);
            stack.extend(fallback_waiters.get(i as usize).iter().rev());
        }
        assert_eq!(preorder.len(), n, "fallback chains do not loop");
        let mut enter = vec![0u32; n];
        let mut depth = vec![0u32; n];
        for (k, &i) in preorder.iter().enumerate() {
            enter[i as usize] = k as u32;
            if let Some(f) = fallback[i as usize] {
                depth[i as usize] = depth[f as usize] + 1;
            }
        }
        // Subtree sizes, children before their parent.
        let mut size = vec![1u32; n];
        for &i in preorder.iter().rev() {
            if let Some(f) = fallback[i as usize] {
                size[f as usize] += size[i as usize];
            }
        }
        let leave = (0..n).map(|i| enter[i] + size[i]).collect();
        let mut recoverers = Vec::new();
        for (i, step) in s.steps.iter().enumerate() {
            for r in &step.recovers {
                let (step, source) = (i as u32, r.source);
                recoverers.push((r.component, Recoverer { step, source }));
            }
        }
        recoverers.sort_by_key(|&(c, r)| (c, depth[r.step as usize], r.step));
        let of_component = Lists::group(
            s.components.len(),
            recoverers.iter().map(|&(c, _)| c as u32),
        );
        Sources {
            fallback,
            preorder,
            enter,
            leave,
            depth,
            of_component,
            recoverers: recoverers.into_iter().map(|(_, r)| r).collect(),
        }
    }

    /// The data source of component `c` as recovered by `step` in a run
    /// whose steps are `steps`.
    #[inline]
    pub(crate) fn effective(
        &self,
        steps: &[StepState],
        ends: &mut ChainEnds,
        step: u32,
        c: usize,
    ) -> Option<usize> {
        let mut candidates = self
            .of_component
            .get(c)
            .iter()
            .map(|&k| self.recoverers[k as usize]);
        if !steps[step as usize].fell_back {
            return candidates.find(|r| r.step == step).and_then(|r| r.source);
        }
        let end = self.chain_end(steps, ends, step);
        let floor = self.depth[end as usize];
        let at = self.enter[step as usize];
        // Nearest the end first: the first on the chain from `step` to `end`.
        candidates
            .find(|r| {
                let t = r.step as usize;
                self.depth[t] >= floor && self.enter[t] <= at && at < self.leave[t]
            })
            .and_then(|r| r.source)
    }

    /// Where the fallbacks `step` took in this run end.
    fn chain_end(&self, steps: &[StepState], ends: &mut ChainEnds, step: u32) -> u32 {
        if !ends.filled {
            ends.end.resize(self.preorder.len(), 0);
            for &i in &self.preorder {
                let i = i as usize;
                ends.end[i] = match self.fallback[i] {
                    Some(f) if steps[i].fell_back => ends.end[f as usize],
                    _ => i as u32,
                };
            }
            ends.filled = true;
        }
        ends.end[step as usize]
    }
}
