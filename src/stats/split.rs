//! A percentile over two groups of runs: those where something happened
//! (a risk struck, a step fell back) and the others — "RTO p95 4h10m when
//! it struck, 2h05m when not".

use super::Sorted;

/// The percentile of a quantity in each group; NaN for an empty group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitPercentile {
    /// Over the runs where the flag is set.
    pub when: f64,
    /// Over the other runs.
    pub when_not: f64,
}

/// The nearest-rank `percentile` of `values` over the runs whose `flag`
/// is non-zero, and over the others.
pub fn split_percentile(values: &[f64], flag: &[u8], percentile: f64) -> SplitPercentile {
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for (v, f) in values.iter().zip(flag) {
        if *f != 0 {
            yes.push(*v);
        } else {
            no.push(*v);
        }
    }
    SplitPercentile {
        when: Sorted::new(yes).percentile(percentile),
        when_not: Sorted::new(no).percentile(percentile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_judged_apart_and_an_empty_group_is_nan() {
        let values = [1.0, 10.0, 2.0, 20.0];
        let split = split_percentile(&values, &[0, 1, 0, 1], 100.0);
        assert_eq!(split.when, 20.0);
        assert_eq!(split.when_not, 2.0);
        let none = split_percentile(&values, &[0, 0, 0, 0], 50.0);
        assert!(none.when.is_nan());
        assert_eq!(none.when_not, 2.0);
    }
}
