//! No cycle through `after`, `recovers`, `depends_on` and `fallback`: every
//! such cycle would leave its members waiting for each other forever.

use super::ScenarioError;
use super::checker::Checker;
use super::model::{Dep, Scenario};
use super::raw::RawFile;

/// Nodes are steps `0..S` then components `S..S+C`; an edge `a → b` means
/// "a waits for b".
fn edges(s: &Scenario, node: usize) -> Vec<usize> {
    let n_steps = s.steps.len();
    if node < n_steps {
        let step = &s.steps[node];
        let mut out: Vec<usize> = step
            .after
            .iter()
            .map(|d| match d {
                Dep::Step(i) => *i,
                Dep::Component(i) => n_steps + i,
            })
            .collect();
        if let Some(f) = step.failure.and_then(|f| f.fallback) {
            out.push(f);
        }
        out
    } else {
        let comp = &s.components[node - n_steps];
        comp.recovered_by
            .iter()
            .copied()
            .chain(comp.depends_on.iter().map(|d| n_steps + d))
            .collect()
    }
}

/// Finds a cycle, if any, and reports it at its first member.
pub fn check(s: &Scenario, raw: &RawFile, c: &Checker) -> Result<(), ScenarioError> {
    let n_steps = s.steps.len();
    let n = n_steps + s.components.len();
    let adjacency: Vec<Vec<usize>> = (0..n).map(|node| edges(s, node)).collect();
    // 0 = unvisited, 1 = on the DFS stack, 2 = done.
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = adjacency[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        let start = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let mut path: Vec<usize> = stack[start..].iter().map(|(n, _)| *n).collect();
                        path.push(to);
                        return Err(report(s, raw, c, &path));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    Ok(())
}

fn report(s: &Scenario, raw: &RawFile, c: &Checker, path: &[usize]) -> ScenarioError {
    let n_steps = s.steps.len();
    let label = |node: usize| {
        if node < n_steps {
            format!("step `{}`", s.steps[node].id)
        } else {
            format!("component `{}`", s.components[node - n_steps].id)
        }
    };
    let chain: Vec<String> = path.iter().map(|&n| label(n)).collect();
    let first = path[0];
    let span = if first < n_steps {
        raw.steps[first].get_ref().id.span()
    } else {
        raw.components.0[first - n_steps].0.span()
    };
    c.err(
        span,
        format!(
            "cycle: {} — each waits for the next (through after, recovers, depends_on or fallback), so none can ever finish; break one link",
            chain.join(" waits for ")
        ),
    )
}
