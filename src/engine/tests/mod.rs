//! Unit tests of the walk along the critical path and of the
//! [`Timeline`]: on small plans whose every time is known (a response
//! wait, a wait for a free unit, a risk, a retry, a fallback), and against
//! the engine's own marks on every shipped scenario.

use super::walk::{Link, walk_run};
use super::*;
use crate::scenario;

mod shipped;
mod source;
mod timeline;
mod walk;

const MIN: f64 = 60.0;

/// `promote` (dba, first in line) waits 10m for the dba to respond, fails,
/// retries after 5m, waits for `notify` to free the dba, fails again and
/// falls back to `restore`; `notify` waited for `promote`'s first attempt
/// and a risk adds 2m to it; `announce` follows the recovery.
const SMALL: &str = r#"
[scenario]
name = "small"
[roles]
dba = { count = 1, response = "10m" }
[components.db]
[[steps]]
id = "promote"
role = "dba"
priority = 10
duration = "5m"
recovers = ["db"]
failure = { probability = 1.0, retries = 1, retry_delay = "5m", fallback = "restore" }
[[steps]]
id = "notify"
role = "dba"
duration = "10m"
risks = [ { name = "slow", probability = 1.0, delay = "2m" } ]
[[steps]]
id = "restore"
role = "dba"
fallback_only = true
duration = "1h"
recovers = ["db"]
[[steps]]
id = "announce"
after = ["db"]
duration = "1m"
"#;

const PROMOTE: u32 = 0;
const NOTIFY: u32 = 1;
const RESTORE: u32 = 2;

fn engine(toml: &str) -> Engine {
    match scenario::parse(toml, "test.toml") {
        Ok(s) => Engine::new(s),
        Err(e) => panic!("test scenario invalid:\n{e}"),
    }
}

fn simulate<'w>(e: &Engine, ws: &'w mut Workspace, run: u64) -> Run<'w> {
    e.simulate(ws, crate::engine::RunKey { seed: 0, run })
}

fn span(start_min: f64, end_min: f64) -> Span {
    Span {
        start_secs: start_min * MIN,
        end_secs: end_min * MIN,
    }
}

fn bar(kind: BarKind, start_min: f64, end_min: f64) -> Bar {
    Bar {
        kind,
        span: span(start_min, end_min),
    }
}

fn stretch(activity: Activity, start_min: f64, end_min: f64) -> PathStretch {
    PathStretch {
        activity,
        span: span(start_min, end_min),
    }
}

fn links(run: &Run) -> Vec<Link> {
    let mut links = Vec::new();
    walk_run(run, |link| links.push(link));
    links
}
