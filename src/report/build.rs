//! Turning run results into a [`Report`]: each sampled quantity summarised
//! from its sorted column and judged against its target; the per-step,
//! role, risk and fallback analysis comes from `insight`.

use rayon::prelude::*;

use super::insight::{self, share};
use super::model::*;
use crate::runner::{Column, Results, RunOptions};
use crate::scenario::Scenario;
use crate::stats::{Sorted, wilson_interval};

/// Builds the report of a finished simulation.
pub fn build(s: &Scenario, results: &Results, opts: &RunOptions) -> Report {
    let samples = &results.samples;
    let percentile = s.targets.percentile;
    let metric = |col: Column, target: Option<f64>| metric(samples.sorted(col), target, percentile);
    // The parts are independent: each is worked out on its own thread
    // while the others are, so the pass scales with the threads.
    let (mut rto, mut rpo, mut makespan, mut components) = (None, None, None, None);
    let (mut steps, mut roles, mut risks, mut fallbacks) = (None, None, None, None);
    let (mut by_time_of_week, mut by_condition, mut correlation) = (None, None, None);
    rayon::scope(|scope| {
        scope.spawn(|_| rto = Some(metric(Column::Rto, s.targets.rto_secs)));
        scope.spawn(|_| rpo = Some(metric(Column::Rpo, s.targets.rpo_secs)));
        scope.spawn(|_| makespan = Some(metric(Column::Makespan, None)));
        scope.spawn(|_| components = Some(component_reports(s, results)));
        scope.spawn(|_| steps = Some(insight::steps(s, results)));
        scope.spawn(|_| roles = Some(insight::roles(s, results)));
        scope.spawn(|_| risks = Some(insight::risks(s, results)));
        scope.spawn(|_| fallbacks = Some(insight::fallbacks(s, results)));
        scope.spawn(|_| by_time_of_week = Some(super::world::by_time_of_week(s, results)));
        scope.spawn(|_| by_condition = Some(super::world::by_condition(s, results)));
        scope.spawn(|_| {
            correlation = Some(super::world::correlation(s, results, &correlated_slots(s)))
        });
    });
    let done = "every part of the report is worked out in the scope";
    let rto = rto.expect(done);
    Report {
        schema_version: SCHEMA_VERSION,
        drsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: ScenarioInfo {
            name: s.title(),
            file: s.file.clone(),
            description: s.description.clone(),
            sha256: s.source_sha256.clone(),
            variant: s.variant.clone(),
            set: s.set.clone(),
        },
        iterations: opts.iterations,
        seed: opts.seed,
        percentile,
        left_out: left_out(s, &s.affected()),
        unrecovered: rto.never,
        rto: Metric {
            from: s.targets.rto_from.as_written(&s.steps),
            ..rto
        },
        rpo: rpo.expect(done),
        makespan: makespan.expect(done),
        components: components.expect(done),
        steps: steps.expect(done),
        roles: roles.expect(done),
        risks: risks.expect(done),
        fallbacks: fallbacks.expect(done),
        by_time_of_week: by_time_of_week.expect(done),
        by_condition: by_condition.expect(done),
        correlation: correlation.expect(done),
        tail: insight::tail(s, results),
        assumptions: None,
        check: None,
    }
}

/// Per component, its RTO and RPO against its targets. Each column is
/// sorted for its metric alone (the charts sort again the few they draw),
/// so the columns are not all held sorted at once.
fn component_reports(s: &Scenario, results: &Results) -> Entries<ComponentReport> {
    let samples = &results.samples;
    let runs = samples.runs();
    let percentile = s.targets.percentile;
    let metric =
        |col: Column, target: Option<f64>| metric(&samples.sorted_once(col), target, percentile);
    let affected = s.affected();
    let components = s
        .components
        .par_iter()
        .enumerate()
        .map(|(c, comp)| {
            let rto = metric(Column::ComponentRto(c), comp.rto_target_secs);
            let report = ComponentReport {
                name: comp.name.clone(),
                affected: affected[c],
                has_data: comp.has_data(),
                unrecovered: rto.never,
                rto: Metric {
                    from: comp.rto_from.as_written(&s.steps),
                    ..rto
                },
                rpo: metric(Column::ComponentRpo(c), comp.rpo_target_secs),
                last_recovered: share(results.last_recovered[c], runs),
            };
            (comp.id.clone(), report)
        })
        .collect();
    Entries(components)
}

/// The affected components (with data, for the RPO) that the overall
/// figures leave out.
fn left_out(s: &Scenario, affected: &[bool]) -> LeftOut {
    let counts = s.overall_counts();
    let ids = |counted: &[bool], data_only: bool| {
        s.components
            .iter()
            .enumerate()
            .filter(|(c, comp)| affected[*c] && !counted[*c] && (!data_only || comp.has_data()))
            .map(|(_, comp)| comp.id.clone())
            .collect()
    };
    LeftOut {
        rto: ids(&counts.rto, false),
        rpo: ids(&counts.rpo, true),
    }
}

/// Summary of one sorted quantity against an optional target.
fn metric(sorted: &Sorted, target: Option<f64>, percentile: f64) -> Metric {
    let interval = sorted.percentile_interval(percentile);
    let at_percentile = sorted.percentile(percentile);
    let p_meet = target.map(|t| sorted.share_at_most(t));
    let p_meet_ci = p_meet.map(|p| wilson_interval(p, sorted.len()));
    Metric {
        mean: sorted.mean(),
        mean_recovered: sorted.mean_finite(),
        never: sorted.share_infinite(),
        p50: sorted.percentile(50.0),
        p90: sorted.percentile(90.0),
        p95: sorted.percentile(95.0),
        p99: sorted.percentile(99.0),
        max: sorted.max(),
        target,
        percentile,
        at_percentile,
        at_percentile_low: interval.low,
        at_percentile_high: interval.high,
        p_meet,
        p_meet_low: p_meet_ci.map(|i| i.low),
        p_meet_high: p_meet_ci.map(|i| i.high),
        pass: target.map(|t| at_percentile <= t),
        from: None,
        ci: PercentileIntervals {
            p50: bounds(sorted, 50.0),
            p90: bounds(sorted, 90.0),
            p95: bounds(sorted, 95.0),
            p99: bounds(sorted, 99.0),
        },
    }
}

fn bounds(sorted: &Sorted, percentile: f64) -> Bounds {
    let i = sorted.percentile_interval(percentile);
    Bounds {
        low: i.low,
        high: i.high,
    }
}

/// Per step, its column among the correlated steps' draws, if any.
fn correlated_slots(s: &Scenario) -> Vec<Option<usize>> {
    match crate::scenario::Correlated::new(&s.correlations, &s.steps) {
        Ok(Some(c)) => c.slot,
        _ => vec![None; s.steps.len()],
    }
}
