//! The integration tests: one binary, one module per concern.

mod check;
mod cli;
mod determinism;
mod engine;
mod insight;
mod robustness;
mod scenarios;
mod util;
