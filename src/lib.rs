//! # drsim — disaster-recovery plans, simulated
//!
//! A DR plan written as a scenario file (TOML, see `docs/spec.md` §1 and
//! `docs/semantics.md`) is simulated as a discrete-event model many
//! thousands of times; the results are RTO/RPO distributions, the chance
//! of meeting each target, and the steps that drive the tail.
//!
//! Data flows one way; no module imports one further down this list:
//!
//! - [`input`]: what users hand drsim (a scenario, a baseline) read with
//!   a bound on its size from any kind of file, and their text shown back
//!   with control characters replaced;
//! - [`duration`] and [`dist`]: durations with units, and the closed set of
//!   distributions a scenario draws its times from;
//! - [`observed`]: times observed in drills and incidents (CSV), each
//!   located at file:line:col;
//! - [`fit`]: drill timings fitted to distributions, ranked, checked,
//!   and written into a scenario in place;
//! - [`init`]: a draft scenario from a prose DR plan (Markdown,
//!   reStructuredText, plain text), every guess marked;
//! - [`scenario`]: a file → a checked [`scenario::Scenario`], every error
//!   located at file:line:col;
//! - [`engine`]: one simulated disaster as a discrete-event model, and one
//!   reading of a finished run ([`engine::Timeline`]) for the trace and the
//!   timeline chart;
//! - [`runner`]: many runs in parallel, each from its own random stream of
//!   (seed, run), so results do not depend on threads; per-run
//!   [`runner::Samples`] and tallies;
//! - [`stats`]: percentiles, intervals, rank correlation, spread, the
//!   regression rule;
//! - [`advise`]: what to change — the plan re-simulated under each single
//!   intervention and variant with common random numbers, ranked, and a
//!   greedy plan to meet every target;
//! - [`drill`]: a real drill scored against the model — each actual's
//!   percentile in the simulated distribution of its measure, the ones
//!   outside the 5–95 % band, and the calibration over all of them;
//! - [`report`]: the analysis ([`report::Report`], `check` verdicts, the
//!   drivers) and one exporter per format (text, JSON, CSV, `check`
//!   text, JUnit, trace);
//! - [`format`](mod@format): numbers as people read them, shared by every output;
//! - [`chart`]: one plotters chart per file, PNG or SVG;
//! - [`review`]: the self-contained HTML pages with their charts: the
//!   review of one plan, and the comparison of several.
//!
//! The `drsim` binary (`src/cli/`) parses the command line on top of these.
//!
//! ```
//! use drsim::{engine::Engine, report, runner, scenario};
//!
//! let toml = r#"
//!     [scenario]
//!     name = "Two steps"
//!     [targets]
//!     rto = "1h"
//!     [components.app]
//!     [[steps]]
//!     id = "detect"
//!     duration = { dist = "uniform", min = "5m", max = "15m" }
//!     [[steps]]
//!     id = "failover"
//!     after = ["detect"]
//!     duration = "20m"
//!     recovers = ["app"]
//! "#;
//! let engine = Engine::new(scenario::parse(toml, "two.toml")?);
//! let options = runner::RunOptions { iterations: 1000, seed: 1, threads: 1, chunk_runs: 256 };
//! let results = runner::run(&engine, &options, &|_| {})?;
//! let summary = report::build(engine.scenario(), &results, &options);
//! assert!(summary.rto.p50 >= 25.0 * 60.0 && summary.rto.max <= 35.0 * 60.0);
//! assert_eq!(summary.rto.pass, Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod advise;
pub mod chart;
pub mod dist;
pub mod drill;
pub mod duration;
pub mod engine;
pub mod fit;
pub mod format;
pub mod init;
pub mod input;
pub mod observed;
pub mod report;
pub mod review;
pub mod runner;
pub mod scenario;
pub mod stats;
