pub mod dist;
pub mod duration;
pub mod scenario;
pub mod engine;
