//! The runs of one quantity in ascending order of its value: sorted once,
//! it gives the quantity's average ranks (for rank correlations) and the
//! sorted values of any group of runs — those where a risk struck, those
//! that struck at night — without sorting each group again.

use rayon::prelude::*;

use super::rank::{CentredRanks, centred, order_key};
use super::sorted::Sorted;

/// The percentile of a quantity in two groups of runs — those where
/// something happened (a risk struck, a step fell back) and the others:
/// "RTO p95 4h10m when it struck, 2h05m when not". NaN for an empty group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitPercentile {
    /// Over the runs where the flag is set.
    pub when: f64,
    /// Over the other runs.
    pub when_not: f64,
}

/// Run indices in ascending order of value, ties in run order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    runs: Vec<u32>,
}

impl Order {
    /// Orders `values` (which must not be NaN; at most 2³² of them).
    ///
    /// The runs are first dealt into 2¹⁶ buckets by the leading bits of
    /// their keys' offsets from the smallest (in run order, so each bucket
    /// holds its runs in run order), then each bucket is sorted by the
    /// whole key, stably, the buckets side by side on the pool's threads.
    /// A million runs of a plan spread over the buckets by a few dozen
    /// each; what this holds while it works is the order and a copy of
    /// the keys (12 bytes a run).
    pub fn new(values: &[f64]) -> Order {
        let n = values.len();
        let (low, high) = values
            .par_iter()
            .fold(
                || (u64::MAX, 0),
                |(low, high), v| {
                    let k = order_key(*v);
                    (low.min(k), high.max(k))
                },
            )
            .reduce(|| (u64::MAX, 0), |a, b| (a.0.min(b.0), a.1.max(b.1)));
        if n == 0 || low == high {
            return Order {
                runs: (0..n as u32).collect(),
            };
        }
        let spread = u64::BITS - (high - low).leading_zeros();
        let (mut runs, keys, starts) = deal(values, low, spread.saturating_sub(BUCKET_BITS));
        let mut buckets = Vec::new();
        let (mut rest_runs, mut rest_keys) = (runs.as_mut_slice(), keys.as_slice());
        for w in starts.windows(2) {
            let len = w[1] - w[0];
            let (r, more_runs) = std::mem::take(&mut rest_runs).split_at_mut(len);
            let (k, more_keys) = rest_keys.split_at(len);
            (rest_runs, rest_keys) = (more_runs, more_keys);
            if len > 1 {
                buckets.push((r, k));
            }
        }
        buckets
            .into_par_iter()
            .for_each_init(Vec::new, |pairs, (runs, keys)| {
                sort_bucket(runs, keys, pairs)
            });
        Order { runs }
    }

    /// Number of runs.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// True without runs.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Average ranks (1-based) of `values`, the values this order was made
    /// from: runs with equal values share the average of their ranks.
    pub fn ranks(&self, values: &[f64]) -> Vec<f64> {
        // Ranks start+1 ..= end share their average.
        self.per_tie(values, |start, end| (start + 1 + end) as f64 / 2.0)
    }

    /// Per run, its [`CentredRanks`] among `values`, the values this order
    /// was made from.
    pub fn centred_ranks(&self, values: &[f64]) -> CentredRanks {
        let n = self.runs.len();
        CentredRanks::new(self.per_tie(values, |start, end| centred(start, end, n)))
    }

    /// Per run, `of(start, end)` of the runs with its value, which hold
    /// the places `start..end` (0-based) of this order; `values` being
    /// those it was made from.
    fn per_tie<T: Copy + Default>(&self, values: &[f64], of: impl Fn(usize, usize) -> T) -> Vec<T> {
        let n = self.runs.len();
        let mut out = vec![T::default(); n];
        let mut start = 0;
        while start < n {
            let key = order_key(values[self.runs[start] as usize]);
            let mut end = start + 1;
            while end < n && order_key(values[self.runs[end] as usize]) == key {
                end += 1;
            }
            let tie = of(start, end);
            for &i in &self.runs[start..end] {
                out[i as usize] = tie;
            }
            start = end;
        }
        out
    }

    /// `values` (those this order was made from) sorted.
    pub fn sorted(&self, values: &[f64]) -> Sorted {
        // `+ 0.0`: a −0 is kept as the +0 a sort of keys gives.
        Sorted::from_ascending(
            self.runs
                .par_iter()
                .map(|&i| values[i as usize] + 0.0)
                .collect(),
        )
    }

    /// Per label `0..count`, the sorted values of the runs whose `labels`
    /// entry is that label (`values` being those this order was made
    /// from): one walk sorts every group.
    pub fn groups(&self, values: &[f64], labels: &[u8], count: usize) -> Vec<Sorted> {
        let mut groups: Vec<Vec<f64>> = vec![Vec::new(); count];
        for &i in &self.runs {
            if let Some(group) = groups.get_mut(usize::from(labels[i as usize])) {
                // `+ 0.0`: a −0 is kept as the +0 a sort of keys gives.
                group.push(values[i as usize] + 0.0);
            }
        }
        groups.into_iter().map(Sorted::from_ascending).collect()
    }

    /// The nearest-rank `percentile` of `values` over the runs whose `flag`
    /// is non-zero, and over the others; NaN for an empty group.
    pub fn split_percentile(
        &self,
        values: &[f64],
        flags: &[u8],
        percentile: f64,
    ) -> SplitPercentile {
        let flagged = flags.iter().filter(|f| **f != 0).count();
        let (mut when, mut when_not) = (
            Walk::new(flagged, percentile),
            Walk::new(self.runs.len() - flagged, percentile),
        );
        // From the top: a high percentile (the target's) is found after a
        // few per cent of the runs.
        for &i in self.runs.iter().rev() {
            let walk = if flags[i as usize] != 0 {
                &mut when
            } else {
                &mut when_not
            };
            walk.step(values[i as usize]);
            if when.found.is_some() && when_not.found.is_some() {
                break;
            }
        }
        SplitPercentile {
            when: when.found.unwrap_or(f64::NAN),
            when_not: when_not.found.unwrap_or(f64::NAN),
        }
    }
}

/// Bits of the buckets [`Order::new`] deals the runs into.
const BUCKET_BITS: u32 = 16;

/// The runs of `values` dealt into buckets by their keys' offsets from
/// `low` shifted right by `shift`, each bucket in run order: the runs,
/// their keys, and where each bucket starts (and, last, the end).
fn deal(values: &[f64], low: u64, shift: u32) -> (Vec<u32>, Vec<u64>, Vec<usize>) {
    let bucket = |v: f64| ((order_key(v) - low) >> shift) as usize;
    let mut starts = vec![0usize; (1 << BUCKET_BITS) + 1];
    for v in values {
        starts[bucket(*v) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut runs = vec![0u32; values.len()];
    let mut keys = vec![0u64; values.len()];
    let mut next = starts.clone();
    for (i, v) in values.iter().enumerate() {
        let at = &mut next[bucket(*v)];
        runs[*at] = i as u32;
        keys[*at] = order_key(*v);
        *at += 1;
    }
    (runs, keys, starts)
}

/// Sorts one bucket's `runs` (in run order) by their `keys`, stably;
/// `pairs` is a buffer to reuse.
fn sort_bucket(runs: &mut [u32], keys: &[u64], pairs: &mut Vec<(u64, u32)>) {
    if keys.iter().all(|k| *k == keys[0]) {
        return;
    }
    pairs.clear();
    pairs.extend(keys.iter().copied().zip(runs.iter().copied()));
    // Stable by the key alone: ties stay in run order.
    if pairs.len() > 4096 {
        radsort::sort_by_key(pairs, |&(key, _)| key);
    } else {
        pairs.sort_by_key(|&(key, _)| key);
    }
    for (run, (_, i)) in runs.iter_mut().zip(pairs.iter()) {
        *run = *i;
    }
}

/// Counting one group's runs in descending order down to its percentile's
/// rank.
struct Walk {
    /// The rank sought, counted from the largest (1 for the largest; 0 for
    /// an empty group: never found).
    rank: usize,
    seen: usize,
    found: Option<f64>,
}

impl Walk {
    fn new(len: usize, percentile: f64) -> Walk {
        Walk {
            rank: if len == 0 {
                0
            } else {
                len + 1 - super::sorted::nearest_rank(percentile, len)
            },
            seen: 0,
            found: None,
        }
    }

    fn step(&mut self, value: f64) {
        self.seen += 1;
        if self.seen == self.rank {
            self.found = Some(value + 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ranks;

    /// The split percentiles by sorting each group.
    fn split_by_sorting(values: &[f64], flag: &[u8], percentile: f64) -> SplitPercentile {
        let group = |set: bool| {
            let values: Vec<f64> = values
                .iter()
                .zip(flag)
                .filter(|(_, f)| (**f != 0) == set)
                .map(|(v, _)| *v)
                .collect();
            Sorted::new(values).percentile(percentile)
        };
        SplitPercentile {
            when: group(true),
            when_not: group(false),
        }
    }

    /// Values with ties, infinities, −0 and +0, in a scrambled order.
    fn values(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| match i % 11 {
                0 => f64::INFINITY,
                1 => -0.0,
                2 => 0.0,
                _ => ((i * 7919) % 97) as f64 * 0.5,
            })
            .collect()
    }

    #[test]
    fn groups_are_what_sorting_each_group_gives() {
        let v = values(5000);
        let labels: Vec<u8> = (0..v.len()).map(|i| ((i * 31) % 3) as u8).collect();
        let order = Order::new(&v);
        for label in 0..4 {
            let by_sort: Vec<f64> = v
                .iter()
                .zip(&labels)
                .filter(|(_, l)| **l == label)
                .map(|(x, _)| *x)
                .collect();
            let by_sort = Sorted::new(by_sort);
            let by_order = order.groups(&v, &labels, 4).swap_remove(usize::from(label));
            let bits = |s: &Sorted| s.values().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&by_order), bits(&by_sort), "label {label}");
        }
    }

    #[test]
    fn split_percentiles_are_those_of_sorting_each_half() {
        let v = values(3001);
        for (flags, p) in [
            (
                (0..v.len())
                    .map(|i| u8::from(i % 7 == 0))
                    .collect::<Vec<_>>(),
                95.0,
            ),
            (vec![0; v.len()], 50.0),
            (vec![1; v.len()], 99.0),
            ((0..v.len()).map(|i| u8::from(i % 2 == 0)).collect(), 100.0),
        ] {
            let got = Order::new(&v).split_percentile(&v, &flags, p);
            let want = split_by_sorting(&v, &flags, p);
            for (a, b) in [(got.when, want.when), (got.when_not, want.when_not)] {
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn groups_are_judged_apart_and_an_empty_group_is_nan() {
        let values = [1.0, 10.0, 2.0, 20.0];
        let order = Order::new(&values);
        let split = order.split_percentile(&values, &[0, 1, 0, 1], 100.0);
        assert_eq!((split.when, split.when_not), (20.0, 2.0));
        let none = order.split_percentile(&values, &[0, 0, 0, 0], 50.0);
        assert!(none.when.is_nan());
        assert_eq!(none.when_not, 2.0);
    }

    #[test]
    fn an_order_made_in_parts_is_the_order_made_whole() {
        // Long enough to be split on 4 threads, with ties across the parts.
        let v = values(300_000);
        let whole = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| Order::new(&v));
        let parts = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| Order::new(&v));
        assert_eq!(whole, parts);
        let is_ascending_then_by_run = whole.runs.windows(2).all(|w| {
            let (a, b) = (order_key(v[w[0] as usize]), order_key(v[w[1] as usize]));
            a < b || (a == b && w[0] < w[1])
        });
        assert!(is_ascending_then_by_run);
    }

    #[test]
    fn an_order_is_a_stable_sort_by_value_however_the_values_spread() {
        // Buckets of one run, of thousands (sorted by radix), all in one
        // bucket with ties, and values far apart (a few non-empty buckets).
        type Spread = (&'static str, fn(usize) -> f64);
        let spreads: [Spread; 5] = [
            // One far value: the rest share one bucket, sorted by radix.
            ("one bucket", |i| match i {
                0 => 1e300,
                _ => 1000.0 + ((i * 7919) % 50_021) as f64 * 1e-10,
            }),
            ("wide", |i| ((i * 7919) % 100_003) as f64 * 0.37),
            ("narrow", |i| 1000.0 + ((i * 31) % 9973) as f64 * 1e-9),
            ("ties", |i| [5.0, 5.0, 7.5, 5.0][i % 4]),
            ("far", |i| match i % 3 {
                0 => 1e9 + (i % 17) as f64,
                _ => (i % 13) as f64,
            }),
        ];
        for (name, value) in spreads {
            let v: Vec<f64> = (0..60_000).map(value).collect();
            let mut want: Vec<u32> = (0..v.len() as u32).collect();
            want.sort_by_key(|&i| order_key(v[i as usize]));
            assert_eq!(Order::new(&v).runs, want, "{name}");
        }
    }

    #[test]
    fn ranks_average_over_ties() {
        // By counting: below, plus the average place among the equal.
        let v = values(600);
        let counted: Vec<f64> = v
            .iter()
            .map(|x| {
                let below = v.iter().filter(|y| *y < x).count();
                let equal = v.iter().filter(|y| *y == x).count();
                below as f64 + (equal as f64 + 1.0) / 2.0
            })
            .collect();
        assert_eq!(Order::new(&v).ranks(&v), counted);
        let small = [3.0, 1.0, 3.0, f64::INFINITY, 0.0, -0.0];
        assert_eq!(ranks(&small), vec![4.5, 3.0, 4.5, 6.0, 1.5, 1.5]);
    }
}
