pub mod dist;
pub mod duration;
pub mod engine;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod stats;
