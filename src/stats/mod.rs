//! Statistics over runs: exact sums, sorted samples with nearest-rank
//! percentiles, confidence intervals, rank correlation, spread (standard
//! deviation, SSI), percentiles split by a flag, paired differences
//! between plans simulated with common random numbers, and the rule that
//! decides whether a change against a baseline is real.

mod bootstrap;
mod compare;
mod fixed_sum;
mod order;
mod paired;
mod rank;
mod sorted;
mod spread;

pub use bootstrap::{percentile_differences, percentile_differences_of};
pub use compare::{
    Change, Estimate, TIME_FLOOR_SECS, Verdict, Worse, compare_shares, compare_times, judge,
};
pub use fixed_sum::FixedSum;
pub use order::{Order, SplitPercentile};
pub use paired::{PairedDifference, RESAMPLES, percentile_difference, share_difference};
pub use rank::{CentredRanks, pearson, ranks, spearman_f32, spearman_with_ranks};
pub use sorted::{Interval, Sorted, Z_95, nearest_rank, wilson_interval};
pub use spread::{sd, ssi};
