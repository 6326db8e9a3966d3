//! Statistics over runs: exact sums, sorted samples with nearest-rank
//! percentiles, confidence intervals.

mod fixed_sum;
mod rank;
mod sorted;

pub use fixed_sum::FixedSum;
pub use rank::{pearson, ranks, spearman_f32, spearman_with_ranks};
pub use sorted::{Interval, Sorted, Z_95, wilson_interval};
