//! When a target's clock starts, and which components the overall figures
//! count (issue 11, parts 1 and 2).

use drsim::runner::Column;

use crate::util::{engine, simulate};

const MIN: f64 = 60.0;

/// detect 10m → diagnose 20m → switch 5m, fixed: the service is back at
/// 35m, diagnose starts at 10m and ends at 30m.
const CHAIN: &str = r#"
[scenario]
name = "clocks"
[targets]
rto = { within = "1h", from = "diagnose" }
rpo = "15m"
[components.lb]
rto = { within = "10m", from = "diagnose.start" }
[components.store]
data.geo = { lag = "30m" }
[components.db]
data.rep = { lag = "1m" }
[[steps]]
id = "detect"
duration = "10m"
[[steps]]
id = "diagnose"
after = ["detect"]
duration = "20m"
[[steps]]
id = "switch"
after = ["diagnose"]
duration = "5m"
recovers = ["lb", "store", "db"]
"#;

#[test]
fn a_target_from_a_step_measures_the_closed_form_time_from_it() {
    let e = engine(CHAIN);
    let r = simulate(&e, 200, 1);
    // From diagnose's end (30m) to all back (35m): 5m in every run.
    assert!(
        r.samples
            .column(Column::Rto)
            .iter()
            .all(|&v| v == 5.0 * MIN)
    );
    // lb from diagnose's start (10m): 25m.
    assert!(
        r.samples
            .column(Column::ComponentRto(0))
            .iter()
            .all(|&v| v == 25.0 * MIN)
    );
    // The makespan stays measured from the disaster.
    assert!(
        r.samples
            .column(Column::Makespan)
            .iter()
            .all(|&v| v == 35.0 * MIN)
    );
}

#[test]
fn a_looser_target_of_its_own_takes_a_component_out_of_the_overall_rpo() {
    // Without its own target, the store's 30m loss fails the 15m RPO.
    let r = simulate(&engine(CHAIN), 200, 1);
    assert!(
        r.samples
            .column(Column::Rpo)
            .iter()
            .all(|&v| v == 30.0 * MIN)
    );
    // With a looser own target (1h) it is judged by that, and the overall
    // RPO counts the db alone: 1m, within 15m.
    let own = CHAIN.replace("[components.store]", "[components.store]\nrpo = \"1h\"");
    let e = engine(&own);
    let r = simulate(&e, 200, 1);
    assert!(r.samples.column(Column::Rpo).iter().all(|&v| v == MIN));
    assert!(
        r.samples
            .column(Column::ComponentRpo(1))
            .iter()
            .all(|&v| v == 30.0 * MIN)
    );
    // A tighter own target keeps it in: 10m < 15m.
    let tighter = CHAIN.replace("[components.store]", "[components.store]\nrpo = \"10m\"");
    let r = simulate(&engine(&tighter), 200, 1);
    assert!(
        r.samples
            .column(Column::Rpo)
            .iter()
            .all(|&v| v == 30.0 * MIN)
    );
    // overall = false leaves it out whatever its targets.
    let out = CHAIN.replace("[components.store]", "[components.store]\noverall = false");
    let r = simulate(&engine(&out), 200, 1);
    assert!(r.samples.column(Column::Rpo).iter().all(|&v| v == MIN));
}

#[test]
fn a_clock_names_a_step_or_is_a_located_error() {
    for (from, message) in [
        (
            "\"diagnse\"",
            "no step is called `diagnse`: did you mean `diagnose`?",
        ),
        ("\"diagnose.middle\"", "not its `middle`"),
        ("\"lb\"", "no step is called `lb`"),
    ] {
        let text = CHAIN.replace("from = \"diagnose\" }", &format!("from = {from} }}"));
        let e = drsim::scenario::parse(&text, "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:5:31:") && e.contains(message), "{e}");
    }
}

#[test]
fn reports_say_where_each_clock_starts() {
    let dir = tempfile::tempdir().unwrap();
    let own = CHAIN.replace("[components.store]", "[components.store]\nrpo = \"1h\"");
    std::fs::write(dir.path().join("c.toml"), own).unwrap();
    let run = |args: &[&str]| {
        let out = crate::util::drsim()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run(&["run", "c.toml", "-n", "100"]);
    assert!(text.contains("RTO ≤ 1h from the end of diagnose"), "{text}");
    assert!(
        text.contains("lb RTO ≤ 10m from the start of diagnose"),
        "{text}"
    );
    assert!(text.contains("The overall RPO leaves out store"), "{text}");
    let trace = run(&["run", "c.toml", "-n", "100", "--trace", "0", "-q"]);
    assert!(
        trace.starts_with(
            "Run 0 (seed 0): RTO 5m from the end of diagnose (at 30m; all back at 35m)"
        ),
        "{trace}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["run", "c.toml", "-n", "100", "--json", "-"])).unwrap();
    assert_eq!(json["rto"]["from"], "diagnose");
    assert_eq!(json["components"]["lb"]["rto"]["from"], "diagnose.start");
    assert_eq!(json["left_out"]["rpo"], serde_json::json!(["store"]));
}
