//! Spearman rank correlation, with average ranks for ties (infinite values
//! tie at the top).

/// A key whose unsigned order is the numeric order of `v` (−0 equals +0).
pub(crate) fn order_key(v: f64) -> u64 {
    let bits = (v + 0.0).to_bits();
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

/// [`spearman_with_ranks`] for single-precision series (per-run step
/// times): their key and index pack into one integer, which sorts fastest.
pub fn spearman_f32(x: &[f32], y_ranks: &[f64]) -> Option<f64> {
    let first = *x.first()?;
    if x.iter().all(|v| *v == first) {
        return None;
    }
    let mut order: Vec<u64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| u64::from(order_key_f32(*v)) << 32 | i as u64)
        .collect();
    // Stable by the key (the high half): ties stay in index order.
    radsort::sort_by_key(&mut order, |&packed| (packed >> 32) as u32);
    let mut x_ranks = vec![0.0; x.len()];
    let mut start = 0;
    while start < order.len() {
        let key = order[start] >> 32;
        let mut end = start + 1;
        while end < order.len() && order[end] >> 32 == key {
            end += 1;
        }
        let rank = (start + 1 + end) as f64 / 2.0;
        for packed in &order[start..end] {
            x_ranks[(packed & 0xffff_ffff) as usize] = rank;
        }
        start = end;
    }
    pearson(&x_ranks, y_ranks)
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
        let r32 = spearman_f32(&x32, &ranks(&y)).unwrap();
        assert!((r32 - 1.0).abs() < 1e-12);
        assert_eq!(spearman_f32(&[2.0, 2.0], &[1.0, 2.0]), None);
    }
}
