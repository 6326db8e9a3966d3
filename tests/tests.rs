//! The integration tests: one binary, one module per concern.

mod cli;
mod determinism;
mod engine;
mod scenarios;
mod util;
