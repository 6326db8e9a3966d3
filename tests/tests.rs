//! The integration tests: one binary, one module per concern.

mod browser;
mod charts;
mod check;
mod cli;
mod determinism;
mod engine;
mod insight;
mod review;
mod robustness;
mod scale;
mod scenarios;
mod snapshots;
mod util;
