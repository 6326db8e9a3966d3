//! Everything about a scenario that the engine needs and that does not
//! change between runs, computed once: reverse dependency lists, initial
//! pending counts, which components are unaffected.

use super::source::Sources;
use super::state::{ComponentState, StepState};
use super::streams::StreamKeys;
use crate::scenario::{Correlated, Dep, OffHours, OverallCounts, Scenario, SharedEffect};

/// Lists of indices, flattened (compressed sparse rows).
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn from_nested(nested: &[Vec<u32>]) -> Lists {
        let mut offsets = Vec::with_capacity(nested.len() + 1);
        let mut items = Vec::new();
        offsets.push(0);
        for list in nested {
            items.extend_from_slice(list);
            offsets.push(items.len() as u32);
        }
        Lists { offsets, items }
    }

    /// Groups the positions of `keys` (each below `len`) by key: list `k`
    /// holds, in order, the positions whose key is `k`. Linear in the keys
    /// and `len` (a counting sort).
    pub(crate) fn group(len: usize, keys: impl Iterator<Item = u32> + Clone) -> Lists {
        let mut offsets = vec![0u32; len + 1];
        for key in keys.clone() {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..len {
            offsets[k + 1] += offsets[k];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; offsets[len] as usize];
        for (position, key) in keys.enumerate() {
            let slot = &mut next[key as usize];
            items[*slot as usize] = position as u32;
            *slot += 1;
        }
        Lists { offsets, items }
    }

    /// The list at `index`.
    #[inline]
    pub fn get(&self, index: usize) -> &[u32] {
        &self.items[self.offsets[index] as usize..self.offsets[index + 1] as usize]
    }
}

/// What a step being done or a component being recovered reaches: one
/// item of a [`Lists`], its kind in the top two bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// A step with it in `after`.
    Step(u32),
    /// A component it must complete for (recovering step) or that depends
    /// on it (component).
    Component(u32),
    /// A step that names it (a step) as its fallback.
    Waiter(u32),
}

const REACH_BITS: u32 = 30;
const REACH_MASK: u32 = (1 << REACH_BITS) - 1;

impl Reach {
    fn encode(self) -> u32 {
        let (kind, index) = match self {
            Reach::Step(i) => (0, i),
            Reach::Component(i) => (1, i),
            Reach::Waiter(i) => (2, i),
        };
        assert!(index <= REACH_MASK, "index {index} too large");
        kind << REACH_BITS | index
    }

    #[inline(always)]
    pub(crate) fn decode(code: u32) -> Reach {
        let index = code & REACH_MASK;
        match code >> REACH_BITS {
            0 => Reach::Step(index),
            1 => Reach::Component(index),
            _ => Reach::Waiter(index),
        }
    }
}

/// The static shape of a scenario, as the engine uses it.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Per step, what its being done reaches ([`Reach`], encoded), in the
    /// order the engine propagates it: steps with it in `after`, then
    /// components it must complete for (it is in their `recovered_by`),
    /// then steps that name it as their fallback.
    pub(crate) step_reach: Lists,
    /// Per component, what its recovery reaches: steps with it in
    /// `after`, then components with it in `depends_on`.
    pub(crate) component_reach: Lists,
    /// Per component: false when nothing the disaster touches brings it back.
    pub(crate) affected: Vec<bool>,
    /// Per step: its state at time 0 (what a run's reset copies), with
    /// the `after` items not done at time 0 pending.
    pub(crate) initial_steps: Vec<StepState>,
    /// The steps ready at time 0 (active, with nothing of `after` pending),
    /// in file order.
    pub(crate) ready_at_start: Vec<u32>,
    /// Per component: its state at time 0, with its recovering steps and
    /// affected `depends_on` pending.
    pub(crate) initial_components: Vec<ComponentState>,
    /// Per step: index of its first risk among all risks (in file order).
    pub(crate) first_risk: Vec<u32>,
    /// Risks over all steps, then the shared risks (`[[risks]]`).
    pub(crate) risk_count: usize,
    /// Risks over all steps: the first shared risk's index.
    pub(crate) step_risk_count: usize,
    /// Per step: the rank of its priority among the steps' priorities
    /// (higher for a higher priority), for the role queues.
    pub(crate) priority_rank: Vec<u32>,
    /// Per role: it acts only in its hours (`off_hours = "wait"`).
    pub(crate) wait_role: Vec<bool>,
    /// A run draws more than its steps', roles' and sources' streams:
    /// the time of the week, conditions, shared risks or the copula.
    pub(crate) world: bool,
    /// Some condition or shared risk scales durations or response times.
    pub(crate) scaled: bool,
    /// Some shared risk adds a delay.
    pub(crate) delayed: bool,
    /// The steps a copula correlates, if any.
    pub(crate) correlated: Option<Correlated>,
    /// Per role: some step needs it. A role no step needs draws nothing
    /// and costs nothing per run.
    pub(crate) role_used: Vec<bool>,
    /// Keys of the random streams (see `streams`).
    pub(crate) keys: StreamKeys,
    /// Per component: counted in the scenario-wide RTO and RPO
    /// (`Scenario::overall_counts`).
    pub(crate) overall: OverallCounts,
    /// Which data source each recovery uses, through fallbacks.
    pub(crate) sources: Sources,
}

impl Plan {
    /// Precomputes the plan of a checked scenario.
    pub fn new(s: &Scenario) -> Plan {
        let affected = s.affected();
        let Graph {
            step_to_steps,
            step_to_components,
            fallback_waiters,
            component_to_steps,
            component_to_components,
            step_pending,
            component_pending,
        } = Graph::of(s, &affected);
        let step_reach = Lists::from_nested(&reaches(&[
            (&step_to_steps, Reach::Step),
            (&step_to_components, Reach::Component),
            (&fallback_waiters, Reach::Waiter),
        ]));
        let component_reach = Lists::from_nested(&reaches(&[
            (&component_to_steps, Reach::Step),
            (&component_to_components, Reach::Component),
        ]));
        let fallback_waiters = Lists::from_nested(&fallback_waiters);
        let step_risk_count: usize = s.steps.iter().map(|step| step.risks.len()).sum();
        let correlated = Correlated::new(&s.correlations, &s.steps)
            .expect("a checked scenario's correlation groups have a copula");
        let scaled = !s.conditions.is_empty()
            || s.shared_risks
                .iter()
                .any(|r| matches!(r.effect, SharedEffect::Scale(_)));
        let delayed = s
            .shared_risks
            .iter()
            .any(|r| matches!(r.effect, SharedEffect::Delay(_)));
        let (initial_steps, initial_components, ready_at_start) =
            initial_states(s, &step_pending, &component_pending, &affected);
        Plan {
            ready_at_start,
            priority_rank: priority_ranks(s),
            initial_steps,
            initial_components,
            wait_role: s
                .roles
                .iter()
                .map(|r| matches!(r.off_hours, Some(OffHours::Wait)))
                .collect(),
            world: s.calendar.is_some() || scaled || delayed || correlated.is_some(),
            scaled,
            delayed,
            correlated,
            step_risk_count,
            keys: StreamKeys::of(s),
            overall: s.overall_counts(),
            sources: Sources::new(s, &fallback_waiters),
            first_risk: first_risks(s),
            risk_count: step_risk_count + s.shared_risks.len(),
            role_used: roles_needed(s),
            step_reach,
            component_reach,
            affected,
        }
    }
}

/// The dependency graph as the engine follows it: per step and per
/// component, what its completion reaches, and how many items each waits
/// for at time 0 (dependencies the disaster does not touch are not waited
/// for).
struct Graph {
    step_to_steps: Vec<Vec<u32>>,
    step_to_components: Vec<Vec<u32>>,
    fallback_waiters: Vec<Vec<u32>>,
    component_to_steps: Vec<Vec<u32>>,
    component_to_components: Vec<Vec<u32>>,
    step_pending: Vec<u32>,
    component_pending: Vec<u32>,
}

impl Graph {
    fn of(s: &Scenario, affected: &[bool]) -> Graph {
        let (n_steps, n_comps) = (s.steps.len(), s.components.len());
        let mut g = Graph {
            step_to_steps: vec![Vec::new(); n_steps],
            step_to_components: vec![Vec::new(); n_steps],
            fallback_waiters: vec![Vec::new(); n_steps],
            component_to_steps: vec![Vec::new(); n_comps],
            component_to_components: vec![Vec::new(); n_comps],
            step_pending: vec![0; n_steps],
            component_pending: vec![0; n_comps],
        };
        for (i, step) in s.steps.iter().enumerate() {
            for dep in &step.after {
                match *dep {
                    Dep::Step(d) => {
                        g.step_to_steps[d].push(i as u32);
                        g.step_pending[i] += 1;
                    }
                    Dep::Component(c) if affected[c] => {
                        g.component_to_steps[c].push(i as u32);
                        g.step_pending[i] += 1;
                    }
                    Dep::Component(_) => {}
                }
            }
            if let Some(f) = step.failure.and_then(|f| f.fallback) {
                g.fallback_waiters[f].push(i as u32);
            }
        }
        for (c, comp) in s.components.iter().enumerate() {
            for &step in &comp.recovered_by {
                g.step_to_components[step].push(c as u32);
                g.component_pending[c] += 1;
            }
            for &d in &comp.depends_on {
                if affected[d] {
                    g.component_to_components[d].push(c as u32);
                    g.component_pending[c] += 1;
                }
            }
        }
        g
    }
}

/// Every step's and component's state at time 0, and the steps ready then.
fn initial_states(
    s: &Scenario,
    step_pending: &[u32],
    component_pending: &[u32],
    affected: &[bool],
) -> (Vec<StepState>, Vec<ComponentState>, Vec<u32>) {
    let steps: Vec<StepState> = s
        .steps
        .iter()
        .zip(step_pending)
        .map(|(step, &pending)| StepState::initial(pending, !step.fallback_only))
        .collect();
    let components = component_pending
        .iter()
        .zip(affected)
        .map(|(&pending, &affected)| ComponentState::initial(pending, affected))
        .collect();
    let ready = (0..steps.len() as u32)
        .filter(|&i| {
            let st = &steps[i as usize];
            st.active && st.pending == 0
        })
        .collect();
    (steps, components, ready)
}

/// Per owner (step or component), its items of one kind.
type Kind<'a> = (&'a [Vec<u32>], fn(u32) -> Reach);

/// Per owner, the items of each kind of list in turn, encoded.
fn reaches(kinds: &[Kind]) -> Vec<Vec<u32>> {
    let owners = kinds.first().map_or(0, |(lists, _)| lists.len());
    (0..owners)
        .map(|o| {
            kinds
                .iter()
                .flat_map(|(lists, kind)| lists[o].iter().map(|&i| kind(i).encode()))
                .collect()
        })
        .collect()
}

/// Per step, the index of its first risk among all risks in file order.
fn first_risks(s: &Scenario) -> Vec<u32> {
    let mut next = 0u32;
    s.steps
        .iter()
        .map(|step| {
            let first = next;
            next += step.risks.len() as u32;
            first
        })
        .collect()
}

/// Per step, the rank of its priority among the distinct priorities of
/// all steps (0 for the lowest).
fn priority_ranks(s: &Scenario) -> Vec<u32> {
    let mut distinct: Vec<i64> = s.steps.iter().map(|step| step.priority).collect();
    distinct.sort_unstable();
    distinct.dedup();
    s.steps
        .iter()
        .map(|step| distinct.partition_point(|&p| p < step.priority) as u32)
        .collect()
}

/// Per role, whether some step needs it.
fn roles_needed(s: &Scenario) -> Vec<bool> {
    let mut used = vec![false; s.roles.len()];
    for r in s.steps.iter().filter_map(|step| step.role) {
        used[r] = true;
    }
    used
}

#[cfg(test)]
mod tests {
    use super::Lists;

    #[test]
    fn group_lists_the_positions_of_each_key_in_order() {
        let keys = [2u32, 0, 2, 3, 0, 2];
        let lists = Lists::group(5, keys.iter().copied());
        let got: Vec<&[u32]> = (0..5).map(|k| lists.get(k)).collect();
        assert_eq!(got, [&[1, 4][..], &[], &[0, 2, 5], &[3], &[]]);
        let empty = Lists::group(3, std::iter::empty());
        assert!((0..3).all(|k| empty.get(k).is_empty()));
    }
}
