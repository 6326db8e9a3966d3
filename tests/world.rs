//! What correlates the steps of one disaster (issue 12): when in the week
//! it strikes and working hours, conditions, shared risks, correlated
//! durations. Closed-form answers where there are some; fixed seeds, and
//! every statistical tolerance derived from the sample size next to its
//! assertion.

use drsim::report;
use drsim::runner::{self, Column, RunOptions};
use drsim::scenario;

use crate::util::{engine, simulate};

const HEAD: &str = "[scenario]\nname = \"t\"\n";
const H: f64 = 3600.0;
const M: f64 = 60.0;

/// The error a scenario gives, as printed.
fn error_of(toml: &str) -> String {
    match scenario::parse(toml, "test.toml") {
        Ok(_) => panic!("expected an error for:\n{toml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_condition_that_always_holds_equals_scaling_by_hand() {
    // Uniform(20m, 40m) × 2.5 is Uniform(50m, 100m), and a response of
    // Uniform(10m, 20m) × 1.5 is Uniform(15m, 30m): drawn from the same
    // streams, every run agrees to rounding.
    let scaled = engine(&format!(
        "{HEAD}[roles]\nops = {{ count = 1, response = {{ dist = \"uniform\", min = \"10m\", max = \"20m\" }} }}\n\
         [components.app]\n\
         [[steps]]\nid = \"provision_vm\"\nrole = \"ops\"\nduration = {{ dist = \"uniform\", min = \"20m\", max = \"40m\" }}\n\
         [[steps]]\nid = \"deploy\"\nafter = [\"provision_vm\"]\nduration = {{ dist = \"uniform\", min = \"5m\", max = \"10m\" }}\nrecovers = [\"app\"]\n\
         [conditions.region]\ncases = {{ contended = 1.0, normal = 0.0 }}\n\
         [conditions.region.contended]\nduration_scale = {{ \"provision_*\" = 2.5 }}\nresponse_scale = {{ ops = 1.5 }}\n"
    ));
    let by_hand = engine(&format!(
        "{HEAD}[roles]\nops = {{ count = 1, response = {{ dist = \"uniform\", min = \"15m\", max = \"30m\" }} }}\n\
         [components.app]\n\
         [[steps]]\nid = \"provision_vm\"\nrole = \"ops\"\nduration = {{ dist = \"uniform\", min = \"50m\", max = \"100m\" }}\n\
         [[steps]]\nid = \"deploy\"\nafter = [\"provision_vm\"]\nduration = {{ dist = \"uniform\", min = \"5m\", max = \"10m\" }}\nrecovers = [\"app\"]\n"
    ));
    let (a, b) = (simulate(&scaled, 5000, 3), simulate(&by_hand, 5000, 3));
    for (x, y) in a
        .samples
        .column(Column::Rto)
        .iter()
        .zip(b.samples.column(Column::Rto))
    {
        assert!((x - y).abs() <= 1e-9 * y, "{x} vs {y}");
    }
    let r = report::build(scaled.scenario(), &a, &options(5000, 3));
    assert_eq!(r.by_condition[0].cases[0].runs, 5000);
    assert_eq!(r.by_condition[0].cases[1].runs, 0);
}

fn options(iterations: u64, seed: u64) -> RunOptions {
    RunOptions {
        iterations,
        seed,
        threads: 2,
        chunk_runs: runner::DEFAULT_CHUNK_RUNS,
    }
}

#[test]
fn a_shared_risk_on_two_chained_fixed_steps_gives_a_two_point_rto() {
    for effect in ["delay = \"15m\"", "scale = 2.0"] {
        let e = engine(&format!(
            "{HEAD}[components.app]\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\n\
             [[steps]]\nid = \"b\"\nafter = [\"a\"]\nduration = \"20m\"\nrecovers = [\"app\"]\n\
             [[risks]]\nname = \"contention\"\nprobability = 0.3\n{effect}\napplies_to = [\"a\", \"b\"]\n"
        ));
        let n = 20_000;
        let r = simulate(&e, n, 7);
        let rto = r.samples.column(Column::Rto);
        // Struck: both steps delayed by 15m (30m + 30m) or doubled (60m).
        let struck = rto.iter().filter(|&&x| x == 60.0 * M).count();
        let calm = rto.iter().filter(|&&x| x == 30.0 * M).count();
        assert_eq!(struck + calm, n as usize, "{effect}: only two outcomes");
        let share = struck as f64 / n as f64;
        // Binomial: sd of the share is sqrt(p(1-p)/n).
        let tolerance = 4.0 * (0.3f64 * 0.7 / n as f64).sqrt();
        assert!((share - 0.3).abs() < tolerance, "{effect}: {share}");
        // The flag the risk report reads agrees run by run.
        let fired = r.risk_fired.column(0);
        assert!(
            rto.iter()
                .zip(fired)
                .all(|(x, f)| (*f == 1) == (*x == 60.0 * M))
        );
        let report = report::build(e.scenario(), &r, &options(n, 7));
        assert_eq!(report.risks[0].applies_to, ["a", "b"]);
        assert_eq!(report.risks[0].rto_when_fired, 60.0 * M);
    }
}

#[test]
fn a_role_with_hours_waits_exactly_until_they_begin() {
    // Saturday 03:00 to Monday 08:00 is 53 hours; the approval takes 15m.
    let weekend = engine(&format!(
        "{HEAD}strikes_at = \"Sat 03:00\"\n\
         [roles]\nboard = {{ count = 1, hours = \"Mon-Fri 08:00-18:00\", off_hours = \"wait\" }}\n\
         [components.app]\n\
         [[steps]]\nid = \"approve\"\nrole = \"board\"\nduration = \"15m\"\nrecovers = [\"app\"]\n"
    ));
    let r = simulate(&weekend, 50, 1);
    assert!(
        r.samples
            .column(Column::Rto)
            .iter()
            .all(|&x| x == 53.0 * H + 15.0 * M)
    );
    // Monday 17:00: the fix (65m) is done at 18:05, after the board went
    // home; it approves at 08:00 on Tuesday, 15h after the disaster.
    let evening = engine(&format!(
        "{HEAD}strikes_at = \"Mon 17:00\"\n\
         [roles]\nboard = {{ count = 1, hours = \"Mon-Fri 08:00-18:00\", off_hours = \"wait\" }}\n\
         [components.app]\n\
         [[steps]]\nid = \"fix\"\nduration = \"65m\"\n\
         [[steps]]\nid = \"approve\"\nafter = [\"fix\"]\nrole = \"board\"\nduration = \"15m\"\nrecovers = [\"app\"]\n"
    ));
    let r = simulate(&evening, 10, 1);
    assert_eq!(r.samples.value(0, Column::Rto), 15.0 * H + 15.0 * M);
    // A step that starts before closing runs to its end: ready at 17:50,
    // done at 18:10.
    let late = engine(&format!(
        "{HEAD}strikes_at = \"Mon 17:00\"\n\
         [roles]\nboard = {{ count = 1, hours = \"Mon-Fri 08:00-18:00\", off_hours = \"wait\" }}\n\
         [components.app]\n\
         [[steps]]\nid = \"fix\"\nduration = \"50m\"\n\
         [[steps]]\nid = \"approve\"\nafter = [\"fix\"]\nrole = \"board\"\nduration = \"20m\"\nrecovers = [\"app\"]\n"
    ));
    assert_eq!(
        simulate(&late, 10, 1).samples.value(0, Column::Rto),
        70.0 * M
    );
}

#[test]
fn out_of_hours_a_person_responds_as_paged_at_night() {
    let toml = |at: &str| {
        format!(
            "[scenario]\nname = \"t\"\nstrikes_at = \"{at}\"\ntimezone = \"UTC+01:00\"\n\
             [roles]\nops = {{ count = 1, response = \"10m\", hours = \"Mon-Fri 08:00-18:00\", off_hours = \"40m\" }}\n\
             [components.app]\n\
             [[steps]]\nid = \"fix\"\nrole = \"ops\"\nduration = \"30m\"\nrecovers = [\"app\"]\n"
        )
    };
    // Both times on the scenario's clock (UTC+1), as are the hours.
    for (at, rto, part) in [
        ("Wed 10:00", 40.0 * M, "in_hours"),
        ("Wed 07:59", 70.0 * M, "night"),
        ("Sun 12:00", 70.0 * M, "weekend"),
    ] {
        let e = engine(&toml(at));
        let r = simulate(&e, 20, 2);
        assert_eq!(r.samples.value(0, Column::Rto), rto, "{at}");
        let report = report::build(e.scenario(), &r, &options(20, 2));
        let group = report
            .by_time_of_week
            .iter()
            .find(|g| g.runs == 20)
            .expect("one part of the week holds every run");
        assert_eq!(group.key, part, "{at}");
    }
}

#[test]
fn a_disaster_strikes_uniformly_over_the_week_when_roles_have_hours() {
    let e = engine(&format!(
        "{HEAD}[roles]\nops = {{ count = 1, response = \"10m\", hours = \"Mon-Fri 08:00-18:00\", off_hours = \"40m\" }}\n\
         [components.app]\n\
         [[steps]]\nid = \"fix\"\nrole = \"ops\"\nduration = \"30m\"\nrecovers = [\"app\"]\n"
    ));
    let n = 40_000;
    let r = simulate(&e, n, 11);
    let report = report::build(e.scenario(), &r, &options(n, 11));
    // In hours 50 of the week's 168 hours, weekends 48, nights the rest.
    for (group, hours) in report.by_time_of_week.iter().zip([50.0, 70.0, 48.0]) {
        let p: f64 = hours / 168.0;
        let tolerance = 4.0 * (p * (1.0 - p) / n as f64).sqrt();
        assert!(
            (group.share - p).abs() < tolerance,
            "{}: {}",
            group.key,
            group.share
        );
        let expected = if group.key == "in_hours" { 40.0 } else { 70.0 };
        assert_eq!(group.rto.at_percentile, expected * M, "{}", group.key);
    }
}

/// Two steps in parallel, optionally correlated with `rank`.
fn pair(rank: Option<f64>) -> String {
    let group = rank.map_or(String::new(), |r| {
        format!("[[correlation]]\nsteps = [\"copy_*\"]\nrank = {r}\n")
    });
    format!(
        "{HEAD}[components.x]\n[components.y]\n\
         [[steps]]\nid = \"copy_blobs\"\nduration = {{ dist = \"lognormal\", median = \"1h\", p95 = \"3h\" }}\nrecovers = [\"x\"]\n\
         [[steps]]\nid = \"copy_tables\"\nduration = {{ dist = \"pert\", min = \"20m\", mode = \"40m\", max = \"2h\" }}\nrecovers = [\"y\"]\n\
         [[steps]]\nid = \"other\"\nduration = {{ dist = \"uniform\", min = \"10m\", max = \"1h\" }}\nrecovers = [\"y\"]\n{group}"
    )
}

#[test]
fn rank_zero_reproduces_the_uncorrelated_results_exactly() {
    let plain = simulate(&engine(&pair(None)), 3000, 5);
    let zero = simulate(&engine(&pair(Some(0.0))), 3000, 5);
    assert_eq!(plain.samples, zero.samples);
}

#[test]
fn the_achieved_rank_correlation_is_the_requested_one() {
    let n = 20_000;
    for rank in [0.6, -0.4, 0.95] {
        let e = engine(&pair(Some(rank)));
        let r = simulate(&e, n, 9);
        let report = report::build(e.scenario(), &r, &options(n, 9));
        let achieved = report.correlation[0].achieved[0]
            .spearman
            .expect("measured");
        // Fisher's z of a Spearman correlation has variance 1.06/(n-3);
        // back on the correlation's scale the sd is (1 - ρ²) times that.
        let sd = (1.0 - rank * rank) * (1.06 / (n as f64 - 3.0)).sqrt();
        assert!(
            (achieved - rank).abs() < 4.0 * sd,
            "rank {rank}: achieved {achieved} (sd {sd})"
        );
        // The marginals are the steps' own: compare with the plan without
        // the group (each median's standard error is under 1 % of it at
        // this n, so 4 % is over four of them).
        let plain = simulate(&engine(&pair(None)), n, 9);
        for step in 0..2 {
            let median = |res: &runner::Results| {
                let mut v: Vec<f64> = res
                    .step_busy
                    .column(step)
                    .iter()
                    .map(|x| f64::from(*x))
                    .collect();
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            };
            let (a, b) = (median(&r), median(&plain));
            assert!((a - b).abs() < 0.04 * b, "step {step}: {a} vs {b}");
        }
    }
}

#[test]
fn results_do_not_depend_on_threads_with_every_feature() {
    let toml = format!(
        "{HEAD}[roles]\nops = {{ count = 1, response = \"10m\", hours = \"Mon-Fri 08:00-18:00\", off_hours = {{ dist = \"uniform\", min = \"20m\", max = \"1h\" }} }}\n\
         board = {{ count = 1, hours = \"Mon-Fri 09:00-17:00\", off_hours = \"wait\" }}\n\
         [components.app]\n\
         [[steps]]\nid = \"copy_a\"\nrole = \"ops\"\nduration = {{ dist = \"lognormal\", median = \"1h\", p95 = \"3h\" }}\n\
         [[steps]]\nid = \"copy_b\"\nduration = {{ dist = \"uniform\", min = \"10m\", max = \"1h\" }}\n\
         [[steps]]\nid = \"approve\"\nafter = [\"copy_a\", \"copy_b\"]\nrole = \"board\"\nduration = \"15m\"\nrecovers = [\"app\"]\n\
         [conditions.net]\ncases = {{ good = 0.8, bad = 0.2 }}\n[conditions.net.bad]\nduration_scale = {{ \"copy_*\" = 2.0 }}\n\
         [[risks]]\nname = \"stale runbook\"\nprobability = 0.25\nscale = 1.5\napplies_to = [\"*\"]\n\
         [[correlation]]\nsteps = [\"copy_a\", \"copy_b\"]\nrank = 0.5\n"
    );
    let e = engine(&toml);
    let run = |threads, chunk_runs| {
        runner::run(
            &e,
            &RunOptions {
                iterations: 3000,
                seed: 4,
                threads,
                chunk_runs,
            },
            &|_| {},
        )
        .unwrap()
    };
    let one = run(1, 1024);
    assert_eq!(one, run(2, 100));
    // A run replays alone as it ran in the batch.
    let mut ws = drsim::engine::Workspace::default();
    let again = runner::replay(&e, 4, 1234, &mut ws).rto_secs;
    assert_eq!(
        again.to_bits(),
        one.samples.value(1234, Column::Rto).to_bits()
    );
}

#[test]
fn malformed_inputs_are_located_errors_that_say_what_to_write() {
    let base = format!(
        "{HEAD}[roles]\nops = 1\n[components.app]\n\
         [[steps]]\nid = \"provision_vm\"\nrole = \"ops\"\nduration = \"30m\"\nrecovers = [\"app\"]\n"
    );
    let cases = [
        (
            "[roles.board]\ncount = 1\nhours = \"Mon-Fry 08:00-18:00\"\noff_hours = \"wait\"\n",
            "Mon-Fry",
            "not a range of days",
        ),
        (
            "[roles.board]\ncount = 1\nhours = \"Mon-Fri 08:00-18:00\"\n",
            "hours = ",
            "off_hours = \"wait\"",
        ),
        (
            "[conditions.load]\ncases = { normal = 0.7, busy = 0.2 }\n",
            "cases",
            "sum to 1",
        ),
        (
            "[conditions.load]\ncases = { normal = 0.7, busy = 0.3 }\n[conditions.load.bussy]\nduration_scale = { \"*\" = 2.0 }\n",
            "bussy",
            "did you mean `busy`?",
        ),
        (
            "[conditions.load]\ncases = { normal = 0.7, busy = 0.3 }\n[conditions.load.busy]\nresponse_scale = { opps = 2.0 }\n",
            "opps",
            "no role is called `opps`",
        ),
        (
            "[[risks]]\nname = \"r\"\nprobability = 1.5\ndelay = \"1h\"\napplies_to = [\"*\"]\n",
            "1.5",
            "probability between 0 and 1",
        ),
        (
            "[[risks]]\nname = \"r\"\nprobability = 0.5\ndelay = \"1h\"\napplies_to = [\"provison_vm\"]\n",
            "provison_",
            "did you mean `provision_vm`?",
        ),
        (
            "[[correlation]]\nsteps = [\"provision_vm\", \"app\"]\nrank = 0.5\n",
            "[\"provision_vm\", \"app\"]",
            "is a component",
        ),
        (
            "[[correlation]]\nsteps = [\"provision_vm\", \"provision_vm\"]\nrank = 1.5\n",
            "1.5",
            "between -1 and 1",
        ),
    ];
    for (extra, at, says) in cases {
        let text = format!("{base}{extra}");
        let e = error_of(&text);
        assert!(e.contains(says), "{extra}\n→ {e}");
        let line = text[..text.find(at).expect("the place is in the text")]
            .matches('\n')
            .count()
            + 1;
        assert!(
            e.contains(&format!("test.toml:{line}:")),
            "{extra}\n→ {e} (line {line})"
        );
    }
}

#[test]
fn a_glob_that_matches_no_step_is_a_warning_so_a_variant_may_remove_its_steps() {
    let text = format!(
        "{HEAD}[components.app]\n\
         [[steps]]\nid = \"provision_vm\"\nduration = \"30m\"\nrecovers = [\"app\"]\n\
         [[risks]]\nname = \"r\"\nprobability = 0.5\nscale = 2.0\napplies_to = [\"provision_*\", \"copy_*\"]\n\
         [variants.prebuilt]\nremove_steps = [\"provision_*\"]\n\
         add_steps = [{{ id = \"start_vm\", duration = \"5m\", recovers = [\"app\"] }}]\n"
    );
    let plan = scenario::parse(&text, "test.toml").expect("valid");
    let line = text[..text.find("copy_*").unwrap()].matches('\n').count() + 1;
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.to_string().contains(&format!("test.toml:{line}:"))
                && w.to_string().contains("`copy_*` matches no step")),
        "{:?}",
        plan.warnings
    );
    let doc = scenario::Document::new(text.clone(), "test.toml").unwrap();
    let variant = doc
        .build(&scenario::Edits {
            variant: Some("prebuilt".into()),
            set: Vec::new(),
        })
        .expect("the variant builds without the steps the glob named");
    assert!(variant.shared_risks[0].steps.is_empty());
}

#[test]
fn groups_that_no_copula_can_have_name_the_group() {
    let text = format!(
        "{HEAD}[components.app]\n\
         [[steps]]\nid = \"a\"\nduration = \"10m\"\nrecovers = [\"app\"]\n\
         [[steps]]\nid = \"b\"\nduration = \"10m\"\n\
         [[steps]]\nid = \"c\"\nduration = \"10m\"\n\
         [[correlation]]\nsteps = [\"a\", \"b\"]\nrank = 0.5\n\
         [[correlation]]\nsteps = [\"b\", \"c\"]\nrank = 0.5\n\
         [[correlation]]\nsteps = [\"a\", \"c\"]\nrank = -0.9\n"
    );
    let e = error_of(&text);
    assert!(e.contains("correlation group 3 (a, c, rank -0.9)"), "{e}");
    let line = text[..text.rfind("[[correlation]]").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(e.contains(&format!("test.toml:{line}:")), "{e}");
}

#[test]
fn advise_offers_to_remove_a_shared_risk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.toml");
    std::fs::write(
        &path,
        format!(
            "{HEAD}iterations = 4000\n[targets]\nrto = \"40m\"\n[components.app]\n\
             [[steps]]\nid = \"a\"\nduration = \"10m\"\n\
             [[steps]]\nid = \"b\"\nafter = [\"a\"]\nduration = \"20m\"\nrecovers = [\"app\"]\n\
             [[risks]]\nname = \"contention\"\nprobability = 0.3\ndelay = \"15m\"\napplies_to = [\"a\", \"b\"]\n"
        ),
    )
    .unwrap();
    let out = crate::util::drsim()
        .args(["advise", path.to_str().unwrap(), "--json", "-"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let text = json.to_string();
    assert!(
        text.contains("Remove the shared risk \\\"contention\\\" of a, b"),
        "{text}"
    );
    assert!(
        out.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_correlated_empirical_step_follows_the_ranks_whatever_order_its_samples_are_written_in() {
    let plan = |samples: &str| {
        engine(&format!(
            "{HEAD}[components.x]\n[components.y]\n\
             [[steps]]\nid = \"drill\"\nduration = {{ dist = \"empirical\", samples = [{samples}] }}\nrecovers = [\"x\"]\n\
             [[steps]]\nid = \"copy\"\nduration = {{ dist = \"lognormal\", median = \"1h\", p95 = \"3h\" }}\nrecovers = [\"y\"]\n\
             [[correlation]]\nsteps = [\"drill\", \"copy\"]\nrank = 0.8\n"
        ))
    };
    let written = simulate(&plan("\"3h\", \"10m\", \"1h\", \"30m\", \"2h\""), 4000, 3);
    let sorted = simulate(&plan("\"10m\", \"30m\", \"1h\", \"2h\", \"3h\""), 4000, 3);
    assert_eq!(written.samples, sorted.samples);
    // And the ranks move together: the drill's longest draws come with the
    // copy's longest (a positive rank correlation of the first attempts).
    let report = report::build(
        plan("\"3h\", \"10m\"").scenario(),
        &simulate(&plan("\"3h\", \"10m\""), 4000, 3),
        &options(4000, 3),
    );
    assert!(report.correlation[0].achieved[0].spearman.unwrap() > 0.5);
}

#[test]
fn conditions_shared_risks_and_correlation_groups_need_a_basis_under_strict() {
    let text = format!(
        "{HEAD}[components.app]\n\
         [[steps]]\nid = \"a\"\nduration = \"10m\"\nassumed = \"typical\"\n\
         [[steps]]\nid = \"b\"\nduration = \"20m\"\nrecovers = [\"app\"]\nassumed = \"typical\"\n\
         [conditions.load]\ncases = {{ calm = 0.5, busy = 0.5 }}\n\
         [[risks]]\nname = \"stale runbook\"\nprobability = 0.2\nscale = 1.5\napplies_to = [\"*\"]\nassumed = \"last tested a year ago\"\n\
         [[correlation]]\nsteps = [\"a\", \"b\"]\nrank = 0.5\n"
    );
    let plan = scenario::parse(&text, "test.toml").unwrap();
    let unbased: Vec<String> = plan
        .unbased
        .iter()
        .map(|u| {
            format!(
                "{} at line {}",
                plan.input_name(u.input),
                u.place.location.map_or(0, |l| l.line)
            )
        })
        .collect();
    let line = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
    assert_eq!(
        unbased,
        [
            format!("condition `load` at line {}", line("[conditions.load]")),
            format!("correlation group 1 at line {}", line("[[correlation]]")),
        ]
    );
}
