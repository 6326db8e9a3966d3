//! The paired percentile bootstrap of many plans against one reference at
//! once. Resample *k* draws the same run indices for every plan (from its
//! own stream of a fixed seed), so each difference is paired run by run;
//! the draws are made once per resample and shared by every plan, and a
//! plan's percentile in a resample is read off its runs sorted once,
//! weighted by how often the resample drew each run — walking from the
//! nearer end, so a p95 reads about 5 % of the runs. The result is exactly
//! what resampling each pair of columns on its own gives.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::nearest_rank;
use super::paired::{PairedDifference, RESAMPLES};
use super::rank::total_order_key;

/// For each column of `others`, the nearest-rank `percentile` of it minus
/// that of `a` (run *i* of each is the same run), with a 95 %
/// percentile-bootstrap interval: [`RESAMPLES`] resamples of the run
/// indices, resample *k* from the stream of `seed` and *k*. Infinite
/// values sort last; a difference involving one is infinite or NaN.
pub fn percentile_differences(
    a: &[f64],
    others: &[&[f64]],
    percentile: f64,
    seed: u64,
) -> Vec<PairedDifference> {
    let mut groups = percentile_differences_of(&[(a, others)], percentile, seed);
    groups.pop().expect("one group in, one out")
}

/// [`percentile_differences`] of several groups at once — each a
/// reference column and the columns measured against it, all over the
/// same runs (the RTO and the RPO of many versions of a plan): resample
/// *k* draws its run indices once for every group, which is what each
/// group's own bootstrap would draw.
pub fn percentile_differences_of(
    groups: &[(&[f64], &[&[f64]])],
    percentile: f64,
    seed: u64,
) -> Vec<Vec<PairedDifference>> {
    let n = groups.first().map_or(0, |(a, _)| a.len());
    assert!(
        groups
            .iter()
            .all(|(a, others)| a.len() == n && others.iter().all(|b| b.len() == n)),
        "paired samples have equal runs"
    );
    if n == 0 {
        let nan = PairedDifference {
            estimate: f64::NAN,
            low: f64::NAN,
            high: f64::NAN,
        };
        return groups
            .iter()
            .map(|(_, others)| vec![nan; others.len()])
            .collect();
    }
    let rank = nearest_rank(percentile, n) - 1;
    let ordered: Vec<(Ordered, Vec<Ordered>)> = groups
        .par_iter()
        .map(|(a, others)| {
            (
                Ordered::new(a),
                others.par_iter().map(|b| Ordered::new(b)).collect(),
            )
        })
        .collect();
    let per_resample = resampled_differences(&ordered, n, rank, seed);
    let mut column = 0;
    ordered
        .iter()
        .map(|(reference, others)| {
            others
                .iter()
                .map(|o| {
                    let diffs = per_resample.iter().map(|d| d[column]).collect();
                    column += 1;
                    interval(o.value(rank) - reference.value(rank), diffs)
                })
                .collect()
        })
        .collect()
}

/// Per resample, every group's every plan's difference at 0-based `rank`
/// from its reference, in a row; the `n` run indices of resample *k* are
/// drawn once for all groups.
fn resampled_differences(
    ordered: &[(Ordered, Vec<Ordered>)],
    n: usize,
    rank: usize,
    seed: u64,
) -> Vec<Vec<f64>> {
    (0..RESAMPLES)
        .into_par_iter()
        .map_init(
            || vec![0u32; n],
            |counts, k| {
                draw_counts(counts, seed, k);
                let mut row = Vec::new();
                for (reference, others) in ordered {
                    let base = reference.at_rank(counts, rank);
                    row.extend(others.iter().map(|o| o.at_rank(counts, rank) - base));
                }
                row
            },
        )
        .collect()
}

/// A difference `estimate` with the 95 % interval of its resamples' `diffs`.
fn interval(estimate: f64, mut diffs: Vec<f64>) -> PairedDifference {
    diffs.sort_unstable_by(f64::total_cmp);
    let at = |p: f64| diffs[nearest_rank(p, RESAMPLES) - 1];
    PairedDifference {
        estimate,
        low: at(2.5),
        high: at(97.5),
    }
}

/// How often resample `k` draws each run index: `counts.len()` draws, as
/// many as there are runs.
fn draw_counts(counts: &mut [u32], seed: u64, k: usize) {
    let n = counts.len();
    counts.fill(0);
    let mut rng =
        Xoshiro256PlusPlus::seed_from_u64(seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for _ in 0..n {
        counts[rng.random_range(0..n)] += 1;
    }
}

/// A column's runs in increasing order of value (infinite last).
struct Ordered<'a> {
    values: &'a [f64],
    order: Vec<u32>,
}

impl<'a> Ordered<'a> {
    fn new(values: &'a [f64]) -> Ordered<'a> {
        // A radix sort of keys that order as `f64::total_cmp` does (−0
        // before +0): runs with equal keys hold the very same value, so
        // their order among themselves changes no percentile.
        let mut keyed: Vec<(u64, u32)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (total_order_key(*v), i as u32))
            .collect();
        radsort::sort_by_key(&mut keyed, |&(key, _)| key);
        let order = keyed.into_iter().map(|(_, i)| i).collect();
        Ordered { values, order }
    }

    /// The value of 0-based rank `rank` over all runs.
    fn value(&self, rank: usize) -> f64 {
        self.values[self.order[rank] as usize]
    }

    /// The value of 0-based rank `rank` in the resample that drew run `i`
    /// `counts[i]` times: the first run, from the nearer end, at which the
    /// draws counted reach past the rank.
    fn at_rank(&self, counts: &[u32], rank: usize) -> f64 {
        let n = self.order.len();
        let mut seen = 0usize;
        if rank < n / 2 {
            for &i in &self.order {
                seen += counts[i as usize] as usize;
                if seen > rank {
                    return self.values[i as usize];
                }
            }
        } else {
            // The values at ranks `rank..n` are the last `n - rank` drawn.
            for &i in self.order.iter().rev() {
                seen += counts[i as usize] as usize;
                if seen >= n - rank {
                    return self.values[i as usize];
                }
            }
        }
        unreachable!("a resample draws as many runs as there are")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bootstrap as resampling each pair on its own does it: the
    /// resampled columns built, and their percentiles selected.
    fn one_pair(a: &[f64], b: &[f64], percentile: f64, seed: u64) -> PairedDifference {
        let n = a.len();
        let rank = nearest_rank(percentile, n) - 1;
        let select = |v: &mut Vec<f64>| *v.select_nth_unstable_by(rank, f64::total_cmp).1;
        let mut diffs: Vec<f64> = (0..RESAMPLES)
            .map(|k| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                    seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                );
                let (mut ra, mut rb) = (Vec::new(), Vec::new());
                for _ in 0..n {
                    let i = rng.random_range(0..n);
                    ra.push(a[i]);
                    rb.push(b[i]);
                }
                select(&mut rb) - select(&mut ra)
            })
            .collect();
        diffs.sort_unstable_by(f64::total_cmp);
        let at = |p: f64| diffs[nearest_rank(p, RESAMPLES) - 1];
        PairedDifference {
            estimate: select(&mut b.to_vec()) - select(&mut a.to_vec()),
            low: at(2.5),
            high: at(97.5),
        }
    }

    #[test]
    fn many_plans_at_once_give_exactly_what_one_pair_at_a_time_gives() {
        let a: Vec<f64> = (0..700).map(|i| f64::from((i * 7919) % 1000)).collect();
        let b: Vec<f64> = a.iter().map(|v| v * 0.8 + 30.0).collect();
        let mut c = a.clone();
        c[3] = f64::INFINITY;
        c[10] = f64::INFINITY;
        let d: Vec<f64> = a.iter().map(|v| (v - 300.0).max(0.0)).collect();
        // −0 and +0 both, which a percentile tells apart.
        let e: Vec<f64> = a
            .iter()
            .map(|v| match *v as u32 % 3 {
                0 => -0.0,
                1 => 0.0,
                _ => *v,
            })
            .collect();
        for percentile in [5.0, 50.0, 95.0, 99.0] {
            let all = percentile_differences(&a, &[&b, &c, &d, &a, &e], percentile, 9);
            for (got, other) in all.iter().zip([&b, &c, &d, &a, &e]) {
                let want = one_pair(&a, other, percentile, 9);
                assert_eq!(
                    (
                        got.estimate.to_bits(),
                        got.low.to_bits(),
                        got.high.to_bits()
                    ),
                    (
                        want.estimate.to_bits(),
                        want.low.to_bits(),
                        want.high.to_bits()
                    ),
                    "p{percentile}"
                );
            }
        }
    }

    #[test]
    fn groups_at_once_give_exactly_what_each_group_alone_gives() {
        let a: Vec<f64> = (0..500).map(|i| f64::from((i * 7919) % 1000)).collect();
        let b: Vec<f64> = a.iter().map(|v| v * 0.8 + 30.0).collect();
        let c: Vec<f64> = (0..500).map(|i| f64::from((i * 104_729) % 300)).collect();
        let d: Vec<f64> = c.iter().map(|v| (v - 100.0).max(0.0)).collect();
        let (first, second): (&[&[f64]], &[&[f64]]) = (&[&b, &a], &[&d]);
        let together = percentile_differences_of(&[(&a, first), (&c, second)], 95.0, 3);
        let alone = [
            percentile_differences(&a, first, 95.0, 3),
            percentile_differences(&c, second, 95.0, 3),
        ];
        let bits = |ds: &[PairedDifference]| -> Vec<[u64; 3]> {
            ds.iter()
                .map(|d| [d.estimate.to_bits(), d.low.to_bits(), d.high.to_bits()])
                .collect()
        };
        for (t, a) in together.iter().zip(&alone) {
            assert_eq!(bits(t), bits(a));
        }
        assert!(percentile_differences_of(&[], 95.0, 3).is_empty());
    }

    #[test]
    fn no_runs_give_no_difference() {
        let none = percentile_differences(&[], &[&[]], 95.0, 1);
        assert!(none[0].estimate.is_nan());
    }
}
