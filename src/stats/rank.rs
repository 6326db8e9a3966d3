//! Spearman rank correlation, with average ranks for ties (infinite values
//! tie at the top).

/// A key whose unsigned order is the numeric order of `v` (−0 equals +0).
pub(crate) fn order_key(v: f64) -> u64 {
    // `+ 0.0` turns a −0 into +0.
    total_order_key(v + 0.0)
}

/// A key whose unsigned order is [`f64::total_cmp`]'s (−0 before +0).
pub(crate) fn total_order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The value of an [`order_key`].
pub(crate) fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

/// Average ranks (1-based) of `values`.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    super::Order::new(values).ranks(values)
}

/// Pearson correlation of two equally long series; `None` when either is
/// constant.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 2 || x.len() != y.len() {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman correlation of `x` with a series whose ranks are `y_ranks`;
/// `None` when `x` is constant.
pub fn spearman_with_ranks(x: &[f64], y_ranks: &[f64]) -> Option<f64> {
    let first = *x.first()?;
    if x.iter().all(|v| *v == first) {
        return None;
    }
    pearson(&ranks(x), y_ranks)
}

/// Per run, twice its average rank (1-based) minus n + 1: the rank's
/// distance from the mean rank, doubled so that it is an integer (ties
/// average to a half). Their sums and products are exact, so a rank
/// correlation computed from them does not depend on the order of the
/// runs nor lose digits at millions of runs. Held in 32 bits: up to
/// 2³¹ − 1 runs, whose per-run results alone would take hundreds of
/// gigabytes (`run` refuses far fewer: `runner::memory_needed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentredRanks {
    values: Vec<i32>,
    /// The sum of the squares.
    squares: i128,
}

impl CentredRanks {
    /// From each run's doubled, centred rank.
    pub(crate) fn new(values: Vec<i32>) -> CentredRanks {
        let squares = values.iter().map(|&c| i128::from(c) * i128::from(c)).sum();
        CentredRanks { values, squares }
    }

    /// Number of runs.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True without runs.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The doubled, centred rank of the runs `start..end` (0-based places in
/// ascending order) that tie among `n`: twice their average rank
/// `(start + 1 + end) / 2`, minus n + 1 (`n` below 2³¹).
pub(crate) fn centred(start: usize, end: usize, n: usize) -> i32 {
    debug_assert!(
        n <= i32::MAX as usize,
        "{n} runs: centred ranks hold 2^31 - 1"
    );
    (start as i64 + end as i64 - n as i64) as i32
}

/// Spearman correlation of the single-precision series `x` (per-run step
/// times) with a series whose ranks are `y`; `None` when `x` is constant.
///
/// `x`'s key and run pack into one integer, which sorts fastest; walking
/// the runs in that order gives each its centred rank (equal values
/// share theirs), and the sums of the products with `y`'s are integers,
/// added exactly. The sums are the Pearson sums of the ranks, times 4,
/// and are divided by 4
/// before the float division, so that when they are small enough to be
/// exact as floats the result has the bits of Pearson's formula on the
/// ranks.
pub fn spearman_f32(x: &[f32], y: &CentredRanks) -> Option<f64> {
    let first = *x.first()?;
    if x.iter().all(|v| *v == first) {
        return None;
    }
    debug_assert_eq!(x.len(), y.len(), "paired series have equal runs");
    let n = x.len();
    let mut order: Vec<u64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| u64::from(order_key_f32(*v)) << 32 | i as u64)
        .collect();
    // Stable by the key (the high half): ties stay in index order.
    radsort::sort_by_key(&mut order, |&packed| (packed >> 32) as u32);
    // Each run's centred rank, by run (the groups of equal values in
    // turn), then the products with `y`'s in run order.
    let mut x_ranks = vec![0i32; n];
    let mut sxx = 0i128;
    let mut start = 0;
    while start < n {
        let key = order[start] >> 32;
        let mut end = start + 1;
        while end < n && order[end] >> 32 == key {
            end += 1;
        }
        let c = centred(start, end, n);
        for packed in &order[start..end] {
            x_ranks[(packed & 0xffff_ffff) as usize] = c;
        }
        sxx += i128::from(c) * i128::from(c) * (end - start) as i128;
        start = end;
    }
    let sxy = products(&x_ranks, &y.values);
    let quarter = |sum: i128| sum as f64 / 4.0;
    let (sxy, sxx, syy) = (quarter(sxy), quarter(sxx), quarter(y.squares));
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// The sum of the products `x[i]·y[i]` of centred ranks (each at most
/// `n + 1` in size), exactly: in 64-bit sums over as many terms as cannot
/// overflow, added up in 128 bits.
fn products(x: &[i32], y: &[i32]) -> i128 {
    let n = x.len().max(1) as i128;
    let per_block = (i128::from(i64::MAX) / ((n + 1) * (n + 1))).max(1) as usize;
    x.chunks(per_block)
        .zip(y.chunks(per_block))
        .map(|(xs, ys)| {
            let block: i64 = xs
                .iter()
                .zip(ys)
                .map(|(a, b)| i64::from(*a) * i64::from(*b))
                .sum();
            i128::from(block)
        })
        .sum()
}

/// [`order_key`] for `f32`.
fn order_key_f32(v: f32) -> u32 {
    let bits = (v + 0.0).to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_rank_sums_give_pearsons_bits_where_its_sums_are_exact() {
        // At a few thousand runs Pearson's float sums of ranks are exact,
        // so the integer sums must give the very same bits; with ties in
        // both series and a constant stretch.
        let n = 3000;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 211) as f32 * 0.5).collect();
        let y: Vec<f64> = (0..n)
            .map(|i| ((i * 104_729) % 977) as f64 + if i % 5 == 0 { 0.0 } else { 1e-3 * i as f64 })
            .collect();
        let x64: Vec<f64> = x.iter().map(|v| f64::from(*v)).collect();
        let want = pearson(&ranks(&x64), &ranks(&y)).unwrap();
        let y_ranks = super::super::Order::new(&y).centred_ranks(&y);
        let got = spearman_f32(&x, &y_ranks).unwrap();
        assert_eq!(got.to_bits(), want.to_bits(), "{got} against {want}");
        assert!(got.abs() < 0.2, "{got}: the series are unrelated");
    }

    #[test]
    fn centred_ranks_are_twice_the_average_rank_less_n_plus_one() {
        let v = [3.0, 1.0, 3.0, f64::INFINITY, 0.0, -0.0];
        let centred = super::super::Order::new(&v).centred_ranks(&v);
        let from_ranks: Vec<i32> = ranks(&v).iter().map(|r| (2.0 * r) as i32 - 7).collect();
        assert_eq!(centred, CentredRanks::new(from_ranks));
        assert_eq!(centred.squares, 2 * 4 + 1 + 25 + 2 * 16);
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(
            ranks(&[3.0, 1.0, 3.0, f64::INFINITY]),
            vec![2.5, 1.0, 2.5, 4.0]
        );
    }

    #[test]
    fn monotone_series_correlate_perfectly() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| v.powi(3)).collect();
        let r = spearman_with_ranks(&x, &ranks(&y)).unwrap();
        assert!((r - 1.0).abs() < 1e-12);
        let rev: Vec<f64> = y.iter().map(|v| -v).collect();
        assert!((spearman_with_ranks(&x, &ranks(&rev)).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        let x32: Vec<f32> = (0..50).map(|v| (v as f32 - 20.0).powi(3)).collect();
        let r32 = spearman_f32(&x32, &super::super::Order::new(&y).centred_ranks(&y)).unwrap();
        assert!((r32 - 1.0).abs() < 1e-12);
        assert_eq!(
            spearman_f32(&[2.0, 2.0], &CentredRanks::new(vec![-1, 1])),
            None
        );
    }
}
