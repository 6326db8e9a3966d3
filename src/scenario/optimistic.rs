//! The plan with every assumed figure at its optimistic end: each step
//! whose basis is `assumed` takes its duration's 5th percentile in every
//! attempt, each assumed role its response's, each assumed data source its
//! lag's. Everything else — risks, failures, retries, backups, every input
//! from the plan or with no basis — stays as written. The pinned
//! distributions draw what the originals draw, so every other random
//! number of every run is as it was (common random numbers): the
//! difference to the plan as written is the assumptions' alone.

use super::basis::Input;
use super::model::{Basis, Scenario};
use crate::dist::Dist;

/// The quantile an assumed figure is pinned at: its optimistic end.
pub const OPTIMISTIC_QUANTILE: f64 = 0.05;

/// A plan with its assumed figures pinned.
#[derive(Debug, Clone)]
pub struct Optimistic {
    pub scenario: Scenario,
    /// The assumed inputs whose figures were pinned (those that vary: a
    /// fixed time is already at its end).
    pub pinned: Vec<Input>,
}

impl Scenario {
    /// This plan with every assumed duration, response and lag at its
    /// quantile `p` (see the module's documentation).
    pub fn optimistic(&self, p: f64) -> Optimistic {
        let mut s = self.clone();
        let mut pinned = Vec::new();
        let assumed = |basis: &Option<Basis>| matches!(basis, Some(Basis::Assumed(_)));
        let mut pin = |dist: &mut Dist, input: Input| {
            if !matches!(dist, Dist::Fixed(_)) {
                *dist = dist.clone().pinned(p);
                pinned.push(input);
            }
        };
        for (i, step) in s.steps.iter_mut().enumerate() {
            if assumed(&step.basis) {
                pin(&mut step.duration, Input::Step(i));
            }
        }
        for (r, role) in s.roles.iter_mut().enumerate() {
            if let (true, Some(response)) = (assumed(&role.basis), role.response.as_mut()) {
                pin(response, Input::Role(r));
            }
        }
        for (c, comp) in s.components.iter_mut().enumerate() {
            for (k, source) in comp.sources.iter_mut().enumerate() {
                if let (true, Some(lag)) = (assumed(&source.basis), source.lag.as_mut()) {
                    pin(
                        lag,
                        Input::Source {
                            component: c,
                            source: k,
                        },
                    );
                }
            }
        }
        Optimistic {
            scenario: s,
            pinned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
[scenario]
name = "t"
[roles]
dba = { count = 1, response = { dist = "uniform", min = "0s", max = "20m" }, assumed = "paging" }
ops = { count = 1, response = { dist = "uniform", min = "0s", max = "20m" }, source = "plan: 'ops on call'" }
[components.db.data.replica]
lag = { dist = "uniform", min = "0s", max = "100s" }
assumed = "typical"
[[steps]]
id = "a"
duration = { dist = "uniform", min = "10m", max = "30m" }
assumed = "no figure"
role = "dba"
recovers = ["db"]
[[steps]]
id = "b"
duration = { dist = "uniform", min = "10m", max = "30m" }
role = "ops"
after = ["a"]
[[steps]]
id = "c"
duration = "5m"
assumed = "fixed anyway"
after = ["b"]
"#;

    #[test]
    fn assumed_figures_are_pinned_and_nothing_else() {
        let s = super::super::parse(PLAN, "t.toml").unwrap();
        let o = s.optimistic(OPTIMISTIC_QUANTILE);
        assert_eq!(
            o.pinned,
            vec![
                Input::Step(0),
                Input::Role(0),
                Input::Source {
                    component: 0,
                    source: 0
                }
            ]
        );
        let o = &o.scenario;
        // Uniform 10m–30m at 5 %: 11m; 0–20m: 1m; 0–100s: 5s.
        assert_eq!(o.steps[0].duration.quantile(0.9), 660.0);
        assert_eq!(o.roles[0].response.as_ref().unwrap().quantile(0.9), 60.0);
        let lag = o.components[0].sources[0].lag.as_ref().unwrap();
        assert_eq!(lag.quantile(0.9), 5.0);
        // From the plan, or no basis: as written.
        assert_eq!(o.steps[1].duration.quantile(0.9), 1680.0);
        assert_eq!(o.roles[1].response.as_ref().unwrap().quantile(0.9), 1080.0);
        assert!(matches!(o.steps[2].duration, Dist::Fixed(v) if v == 300.0));
    }
}
