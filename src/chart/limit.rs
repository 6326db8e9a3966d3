//! Charts with a ceiling on their rows. A plan can have tens of thousands
//! of steps or components; a chart drawing a row for each would be
//! hundreds of thousands of pixels tall (gigabytes of bitmap) and
//! unreadable. So a chart with more rows than its ceiling keeps the most
//! important ones, in their original order, and says in a note row how
//! many it left out and how the shown ones were chosen. What "most
//! important" means is each chart's own (`gantt/select.rs`,
//! `components.rs`); the picking and the note are here, as pure
//! functions.

use std::cmp::Ordering;

use crate::format::thousands;

/// The indices of the `keep` most important of `len` items, in their
/// original order. `first(a, b)` is `Less` when item `a` is more
/// important than item `b`; ties go to the earlier item.
pub(super) fn most_important(
    len: usize,
    keep: usize,
    first: impl Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    if keep < len {
        order.sort_by(|&a, &b| first(a, b).then(a.cmp(&b)));
        order.truncate(keep);
        order.sort_unstable();
    }
    order
}

/// Rows a chart left out, and the note drawn in a row of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Rows not drawn.
    pub hidden: usize,
    /// "… and 9,960 more steps not shown: the 59 shown are …".
    pub note: String,
}

impl LeftOut {
    /// `hidden` rows of `noun` (singular, e.g. "step") left out; `why`
    /// says which were shown ("the 59 shown are …").
    pub(super) fn new(hidden: usize, noun: &str, why: &str) -> LeftOut {
        let plural = if hidden == 1 { "" } else { "s" };
        LeftOut {
            hidden,
            note: format!(
                "… and {} more {noun}{plural} not shown: {why}",
                thousands(hidden as u64)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_important_are_kept_in_their_original_order() {
        let sizes = [3, 9, 1, 7, 9, 2];
        let largest_first = |a: usize, b: usize| sizes[b].cmp(&sizes[a]);
        // 9, 9 and 7, at indices 1, 4 and 3: returned as 1, 3, 4.
        assert_eq!(most_important(6, 3, largest_first), vec![1, 3, 4]);
        // Ties go to the earlier item: the 9 at index 1, not the one at 4.
        assert_eq!(most_important(6, 1, largest_first), vec![1]);
    }

    #[test]
    fn everything_is_kept_when_it_fits() {
        let any = |_: usize, _: usize| Ordering::Equal;
        assert_eq!(most_important(3, 3, any), vec![0, 1, 2]);
        assert_eq!(most_important(3, 10, any), vec![0, 1, 2]);
        assert_eq!(most_important(0, 5, any), Vec::<usize>::new());
        assert_eq!(most_important(4, 0, any), Vec::<usize>::new());
    }

    #[test]
    fn the_note_counts_what_it_left_out() {
        let many = LeftOut::new(9960, "step", "the 40 shown are the longest");
        assert_eq!(many.hidden, 9960);
        assert_eq!(
            many.note,
            "… and 9,960 more steps not shown: the 40 shown are the longest"
        );
        let one = LeftOut::new(1, "component", "the 39 shown are the last recovered");
        assert_eq!(
            one.note,
            "… and 1 more component not shown: the 39 shown are the last recovered"
        );
    }
}
