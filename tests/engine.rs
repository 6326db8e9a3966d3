//! The engine against closed-form answers (SPEC §2). Fixed seeds; every
//! statistical tolerance is derived from the sample size next to its assertion.

use drsim::engine::{Engine, Span, Workspace};
use drsim::runner::{Column, replay};
use drsim::scenario::{Document, Edits};
use drsim::stats::Sorted;

use crate::util::{engine, mean, simulate};

const HEAD: &str = "[scenario]\nname = \"t\"\n";

fn minutes(secs: f64) -> f64 {
    secs / 60.0
}

#[test]
fn chain_of_fixed_steps_is_exact_and_fully_critical() {
    let e = engine(&format!(
        "{HEAD}[components.app]\n\
         [[steps]]\nid = \"a\"\nduration = \"10m\"\n\
         [[steps]]\nid = \"b\"\nafter = [\"a\"]\nduration = \"20m\"\n\
         [[steps]]\nid = \"c\"\nafter = [\"b\"]\nduration = \"30m\"\nrecovers = [\"app\"]\n"
    ));
    let r = simulate(&e, 1000, 1);
    for run in 0..1000 {
        assert_eq!(r.samples.value(run, Column::Rto), 3600.0);
    }
    for tally in &r.steps {
        assert_eq!(tally.critical, 1000, "every step of a chain is critical");
    }
}

#[test]
fn rto_of_two_parallel_uniforms_is_their_maximum() {
    let e = engine(&format!(
        "{HEAD}[components.x]\n[components.y]\n\
         [[steps]]\nid = \"a\"\nduration = {{ dist = \"uniform\", min = \"0s\", max = \"1h\" }}\nrecovers = [\"x\"]\n\
         [[steps]]\nid = \"b\"\nduration = {{ dist = \"uniform\", min = \"0s\", max = \"1h\" }}\nrecovers = [\"y\"]\n"
    ));
    let n = 100_000;
    let r = simulate(&e, n, 2);
    let hours: Vec<f64> = r
        .samples
        .column(Column::Rto)
        .iter()
        .map(|s| s / 3600.0)
        .collect();
    // Max of two U(0,1): mean 2/3, variance 1/18.
    let tol = 4.0 * (1.0f64 / 18.0).sqrt() / (n as f64).sqrt();
    assert!(
        (mean(&hours) - 2.0 / 3.0).abs() < tol,
        "mean {}",
        mean(&hours)
    );
    // P(max <= 1/2) = 1/4; binomial tolerance.
    let below = hours.iter().filter(|h| **h <= 0.5).count() as f64 / n as f64;
    assert!(
        (below - 0.25).abs() < 4.0 * (0.25f64 * 0.75 / n as f64).sqrt(),
        "{below}"
    );
    // Each branch decides the RTO in half of the runs (binomial tolerance).
    let share_a = r.steps[0].critical as f64 / n as f64;
    assert!(
        (share_a - 0.5).abs() < 4.0 * (0.25 / n as f64).sqrt(),
        "{share_a}"
    );
    assert_eq!(r.steps[0].critical + r.steps[1].critical, n);
}

#[test]
fn failures_retry_then_fall_back_at_rate_p_to_the_r_plus_1() {
    let (p, retries) = (0.4f64, 2u32);
    let e = engine(&format!(
        "{HEAD}[components.db]\n\
         [[steps]]\nid = \"promote\"\nduration = \"10m\"\nrecovers = [\"db\"]\n\
         failure = {{ probability = {p}, retries = {retries}, retry_delay = \"5m\", fallback = \"restore\" }}\n\
         [[steps]]\nid = \"restore\"\nfallback_only = true\nduration = \"2h\"\nrecovers = [\"db\"]\n"
    ));
    let n = 100_000u64;
    let r = simulate(&e, n, 3);
    let q = p.powi(retries as i32 + 1);
    let rate = r.steps[0].fell_back as f64 / n as f64;
    assert!(
        (rate - q).abs() < 4.0 * (q * (1.0 - q) / n as f64).sqrt(),
        "fallback rate {rate} vs {q}"
    );
    assert_eq!(
        r.steps[1].ran, r.steps[0].fell_back,
        "the fallback runs exactly when activated"
    );
    // Attempts: 1 + min(K, r) with K failures before success; E = (1 - p^(r+1)) / (1 - p).
    let expected = (1.0 - q) / (1.0 - p);
    let attempts = r.steps[0].attempts as f64 / n as f64;
    // Attempts lie in [1, 3]: sd at most 1.
    assert!(
        (attempts - expected).abs() < 4.0 / (n as f64).sqrt(),
        "attempts {attempts} vs {expected}"
    );
    // A run that fell back: 3 failed attempts (30m) + 2 retry delays (10m) + 2h restore.
    let rto = r.samples.column(Column::Rto);
    let fell_back = rto
        .iter()
        .filter(|v| **v == 3.0 * 600.0 + 2.0 * 300.0 + 7200.0)
        .count() as u64;
    assert_eq!(fell_back, r.steps[0].fell_back);
    // Otherwise k failures then success: 10m + k·15m.
    for v in rto {
        let k = (v - 600.0) / 900.0;
        assert!(
            *v == 9600.0 || (k.fract() == 0.0 && (0.0..=2.0).contains(&k)),
            "rto {v}"
        );
    }
}

#[test]
fn contended_role_serves_priority_then_ready_time_then_file_order() {
    let e = engine(&format!(
        "{HEAD}[roles]\nops = 1\n[components.x]\n\
         [[steps]]\nid = \"low\"\nrole = \"ops\"\nduration = \"10m\"\n\
         [[steps]]\nid = \"high\"\nrole = \"ops\"\npriority = 10\nduration = \"20m\"\n\
         [[steps]]\nid = \"low_too\"\nrole = \"ops\"\nduration = \"5m\"\n\
         [[steps]]\nid = \"last\"\nafter = [\"low\", \"high\", \"low_too\"]\nduration = \"0\"\nrecovers = [\"x\"]\n"
    ));
    let mut ws = Workspace::default();
    let run = replay(&e, 9, 0, &mut ws);
    let timeline = e.timeline(&run);
    let mut attempts: Vec<(usize, usize, f64)> = timeline
        .steps
        .iter()
        .flat_map(|st| {
            st.attempts
                .iter()
                .map(|a| (a.order, st.step, minutes(a.start_secs)))
        })
        .collect();
    attempts.sort_by_key(|&(order, _, _)| order);
    let starts: Vec<(usize, f64)> = attempts.iter().map(|&(_, i, t)| (i, t)).collect();
    // high first (priority), then low before low_too (same priority and ready time: file order).
    assert_eq!(starts, vec![(1, 0.0), (0, 20.0), (2, 30.0), (3, 35.0)]);
    assert_eq!(run.rto_secs, 35.0 * 60.0);
    // The role was the constraint: all three share the critical path.
    assert!(run.steps.iter().all(|s| s.critical));
}

#[test]
fn completions_and_what_they_make_ready_come_before_starts() {
    // At 10m `a` completes and makes `c` (priority 5) ready; `b` (priority 1)
    // has waited since 5m. `c` must win the freed unit.
    let e = engine(&format!(
        "{HEAD}[roles]\nops = 1\n[components.x]\n\
         [[steps]]\nid = \"a\"\nrole = \"ops\"\nduration = \"10m\"\n\
         [[steps]]\nid = \"t\"\nduration = \"5m\"\n\
         [[steps]]\nid = \"b\"\nafter = [\"t\"]\nrole = \"ops\"\npriority = 1\nduration = \"10m\"\nrecovers = [\"x\"]\n\
         [[steps]]\nid = \"c\"\nafter = [\"a\"]\nrole = \"ops\"\npriority = 5\nduration = \"10m\"\n"
    ));
    let mut ws = Workspace::default();
    let run = replay(&e, 1, 0, &mut ws);
    let timeline = e.timeline(&run);
    let start = |step: usize| {
        timeline
            .steps
            .iter()
            .find(|st| st.step == step)
            .map(|st| minutes(st.attempts[0].start_secs))
    };
    assert_eq!(start(3), Some(10.0));
    assert_eq!(start(2), Some(20.0));
    assert_eq!(run.rto_secs, 30.0 * 60.0);
}

#[test]
fn response_time_delays_the_first_start() {
    let e = engine(&format!(
        "{HEAD}[roles]\ndba = {{ count = 1, response = \"15m\" }}\n\
         ops = {{ count = 1, response = {{ dist = \"uniform\", min = \"0s\", max = \"30m\" }} }}\n\
         [components.x]\n[components.y]\n\
         [[steps]]\nid = \"a\"\nrole = \"dba\"\nduration = \"10m\"\nrecovers = [\"x\"]\n\
         [[steps]]\nid = \"b\"\nrole = \"ops\"\nduration = \"10m\"\nrecovers = [\"y\"]\n"
    ));
    let n = 50_000;
    let r = simulate(&e, n, 4);
    let x = r.samples.column(Column::ComponentRto(0));
    assert!(
        x.iter().all(|v| *v == 25.0 * 60.0),
        "fixed response 15m + 10m"
    );
    let y: Vec<f64> = r
        .samples
        .column(Column::ComponentRto(1))
        .iter()
        .map(|v| minutes(*v))
        .collect();
    // U(0, 30m) + 10m: mean 25m, sd 30/√12 m.
    let tol = 4.0 * (30.0 / 12f64.sqrt()) / (n as f64).sqrt();
    assert!((mean(&y) - 25.0).abs() < tol, "{}", mean(&y));
    assert!(y.iter().all(|v| (10.0..=40.0).contains(v)));
}

#[test]
fn rpo_of_an_interval_source_with_failed_backups() {
    let (interval_h, success) = (24.0f64, 0.8f64);
    let e = engine(&format!(
        "{HEAD}[components.db]\n[components.db.data.backup]\ninterval = \"{interval_h}h\"\nsuccess = {success}\n\
         [[steps]]\nid = \"restore\"\nduration = \"1h\"\nrecovers = [\"db\"]\n"
    ));
    let n = 200_000;
    let r = simulate(&e, n, 5);
    let age: Vec<f64> = r
        .samples
        .column(Column::Rpo)
        .iter()
        .map(|s| s / 3600.0)
        .collect();
    // Age = I·U + I·K, K geometric failures: mean I·(1/2 + (1−s)/s), var I²·(1/12 + (1−s)/s²).
    let want = interval_h * (0.5 + (1.0 - success) / success);
    let sd_want = interval_h * (1.0 / 12.0 + (1.0 - success) / (success * success)).sqrt();
    assert!(
        (mean(&age) - want).abs() < 4.0 * sd_want / (n as f64).sqrt(),
        "mean {} vs {want}",
        mean(&age)
    );
    // The last good backup is older than one interval exactly when the latest failed.
    let older = age.iter().filter(|a| **a > interval_h).count() as f64 / n as f64;
    let q = 1.0 - success;
    assert!(
        (older - q).abs() < 4.0 * (q * (1.0 - q) / n as f64).sqrt(),
        "{older}"
    );
}

#[test]
fn fallback_decides_the_data_source() {
    let e = engine(&format!(
        "{HEAD}[components.db]\n[components.db.data.replica]\nlag = \"1m\"\n\
         [components.db.data.backup]\ninterval = \"24h\"\n\
         [[steps]]\nid = \"promote\"\nduration = \"5m\"\nrecovers = [\"db\"]\nfrom = \"replica\"\n\
         failure = {{ probability = 0.5, fallback = \"restore\" }}\n\
         [[steps]]\nid = \"restore\"\nfallback_only = true\nduration = \"1h\"\nrecovers = [\"db\"]\nfrom = \"backup\"\n"
    ));
    let r = simulate(&e, 2000, 6);
    for run in 0..2000 {
        let (rto, rpo) = (
            r.samples.value(run, Column::Rto),
            r.samples.value(run, Column::Rpo),
        );
        if rto == 300.0 {
            assert_eq!(rpo, 60.0, "promoted replica: lag only");
        } else {
            assert_eq!(rto, 300.0 + 3600.0);
            assert!(rpo <= 86_400.0, "restored backup: age within the interval");
        }
    }
}

#[test]
fn a_component_whose_dependency_never_recovers_is_unrecovered() {
    let e = engine(&format!(
        "{HEAD}[components.db]\n[components.web]\ndepends_on = [\"db\"]\n\
         [[steps]]\nid = \"promote\"\nduration = \"5m\"\nrecovers = [\"db\"]\nfailure = {{ probability = 1.0 }}\n\
         [[steps]]\nid = \"switch\"\nduration = \"5m\"\nrecovers = [\"web\"]\n"
    ));
    let r = simulate(&e, 500, 7);
    let rto = Sorted::new(r.samples.column(Column::Rto).to_vec());
    assert_eq!(rto.share_infinite(), 1.0);
    let web = Sorted::new(r.samples.column(Column::ComponentRto(1)).to_vec());
    assert_eq!(web.share_infinite(), 1.0, "web waits for db forever");
    assert_eq!(r.steps[0].failed, 500);
}

#[test]
fn a_risk_delays_the_first_attempt_with_its_probability() {
    let p = 0.3;
    let e = engine(&format!(
        "{HEAD}[components.x]\n\
         [[steps]]\nid = \"a\"\nduration = \"10m\"\nrecovers = [\"x\"]\n\
         risks = [ {{ name = \"throttled\", probability = {p}, delay = \"1h\" }} ]\n"
    ));
    let n = 50_000;
    let r = simulate(&e, n, 8);
    let rto = r.samples.column(Column::Rto);
    let delayed = rto.iter().filter(|v| **v == 4200.0).count() as f64 / n as f64;
    assert!(rto.iter().all(|v| *v == 600.0 || *v == 4200.0));
    assert!(
        (delayed - p).abs() < 4.0 * (p * (1.0 - p) / n as f64).sqrt(),
        "{delayed}"
    );
}

#[test]
fn unaffected_components_are_available_at_zero() {
    let e = engine(&format!(
        "{HEAD}[components.global]\n[components.global.data.geo]\nlag = \"1h\"\n\
         [components.app]\ndepends_on = [\"global\"]\n\
         [[steps]]\nid = \"noop\"\nduration = \"1m\"\n"
    ));
    let r = simulate(&e, 10, 9);
    for run in 0..10 {
        assert_eq!(
            [Column::Rto, Column::Rpo, Column::Makespan].map(|c| r.samples.value(run, c)),
            [0.0, 0.0, 60.0],
            "RTO 0, RPO 0, makespan 1m"
        );
    }
}

#[test]
fn a_replayed_run_equals_the_same_run_in_a_batch() {
    let e = engine(
        &std::fs::read_to_string(crate::util::repo_path("tests/fixtures/spec_example.toml"))
            .unwrap(),
    );
    let r = simulate(&e, 3000, 11);
    let mut ws = Workspace::default();
    for run in [0u64, 1, 1023, 1024, 2999] {
        let one = replay(&e, 11, run, &mut ws);
        assert_eq!(
            one.rto_secs.to_bits(),
            r.samples.value(run as usize, Column::Rto).to_bits()
        );
        assert_eq!(
            one.rpo_secs.to_bits(),
            r.samples.value(run as usize, Column::Rpo).to_bits()
        );
    }
}

#[test]
fn the_critical_path_tiles_zero_to_the_rto_in_every_shipped_scenario_and_variant() {
    let mut files: Vec<_> = std::fs::read_dir(crate::util::repo_path("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.push(crate::util::repo_path("tests/fixtures/spec_example.toml"));
    // Every plan as written, and as each of its variants.
    let mut plans = Vec::new();
    for file in files {
        let document = Document::read(&file).unwrap();
        let base = document.build(&Edits::default()).unwrap();
        for v in &base.variants {
            let edits = Edits {
                variant: Some(v.name.clone()),
                set: Vec::new(),
            };
            let name = format!("{} --variant {}", file.display(), v.name);
            plans.push((name, Engine::new(document.build(&edits).unwrap())));
        }
        plans.push((file.display().to_string(), Engine::new(base)));
    }
    let mut ws = Workspace::default();
    for (file, e) in plans {
        for run in 0..300 {
            let r = replay(&e, 5, run, &mut ws);
            let timeline = e.timeline(&r);
            // Every stretch of the path, with the step it lies on.
            let mut path: Vec<(usize, Span)> = timeline
                .steps
                .iter()
                .flat_map(|st| st.path.iter().map(|p| (st.step, p.span)))
                .collect();
            if !r.rto_secs.is_finite() || r.rto_secs == 0.0 {
                assert!(path.is_empty());
                continue;
            }
            path.sort_by(|a, b| a.1.start_secs.total_cmp(&b.1.start_secs));
            let mut t = 0.0;
            for (step, span) in &path {
                assert_eq!(
                    span.start_secs, t,
                    "{file}: run {run}: gap or overlap at {t}: {path:?}"
                );
                assert!(r.steps[*step].critical, "path steps are critical");
                t = span.end_secs;
            }
            assert_eq!(t, r.rto_secs, "{file}: run {run}");
        }
    }
}
