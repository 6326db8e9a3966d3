//! The integration tests: one binary, one module per concern.

mod advise;
mod assumptions;
mod bases;
mod browser;
mod chart_limits;
mod charts;
mod check;
mod cli;
mod clocks;
mod compare;
mod determinism;
mod display;
mod display_charts;
mod engine;
mod inputs;
mod inputs_page;
mod insight;
mod outputs;
mod resources;
mod review;
mod robustness;
mod scale;
mod scenarios;
mod snapshots;
mod util;
mod variants;
