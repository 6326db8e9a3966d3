pub mod dist;
pub mod duration;
