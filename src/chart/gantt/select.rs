//! The rows a timeline draws when a run has more than fit under the
//! ceiling ([`TIMELINE_ROWS`]): the most important steps and components,
//! each kept in its original order, and a note row for each kind cut.
//! Steps: every critical step first, then those with the most time on the
//! chart (the longest bars in all). Components: the never-recovered and
//! the last recovered, which decide the RTO.

use super::data::{GanttData, GanttRow};
use crate::chart::limit::{LeftOut, most_important};

/// The most rows a timeline draws, note rows included. At 30 pixels a row
/// that is a chart of at most 2,000 pixels (6 MB of bitmap), two screens
/// or printed pages: the most a review board reads row by row. The
/// shipped plans draw at most 31 rows.
pub const TIMELINE_ROWS: usize = 60;

/// A timeline as drawn: its rows, and what it left out.
#[derive(Debug, Clone)]
pub struct ShownTimeline {
    /// The steps and components drawn, each in its original order.
    pub data: GanttData,
    /// Steps left out, with the note drawn under the steps.
    pub steps_left_out: Option<LeftOut>,
    /// Components left out, with the note drawn under the components.
    pub components_left_out: Option<LeftOut>,
}

impl ShownTimeline {
    /// Rows drawn: steps, components and note rows.
    pub fn row_count(&self) -> usize {
        self.data.row_count()
            + usize::from(self.steps_left_out.is_some())
            + usize::from(self.components_left_out.is_some())
    }

    /// The row of the first component, under the steps and their note.
    pub fn first_recovery_row(&self) -> usize {
        self.data.rows.len() + usize::from(self.steps_left_out.is_some())
    }
}

/// Step and component rows drawn within a ceiling, note rows aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowSplit {
    steps: usize,
    components: usize,
}

/// How many of `steps` and `components` rows fit in `max_rows` with a
/// note row for each kind cut. When both must be cut, components keep a
/// third of the rows and steps the rest; a kind that needs less than its
/// share leaves the rest to the other.
fn split(steps: usize, components: usize, max_rows: usize) -> RowSplit {
    let floor = max_rows / 3;
    if steps + components <= max_rows {
        RowSplit { steps, components }
    } else if components <= floor {
        RowSplit {
            steps: max_rows.saturating_sub(1 + components),
            components,
        }
    } else if steps + 1 + floor <= max_rows {
        RowSplit {
            steps,
            components: max_rows - 1 - steps,
        }
    } else {
        RowSplit {
            steps: max_rows.saturating_sub(2 + floor),
            components: floor,
        }
    }
}

/// Time a row's bars take in all, seconds.
fn bar_secs(row: &GanttRow) -> f64 {
    row.bars
        .iter()
        .map(|b| b.span.end_secs - b.span.start_secs)
        .sum()
}

/// Why the shown steps were chosen, given how many of all steps were
/// critical.
fn steps_why(shown: usize, critical: usize) -> String {
    if critical == 0 {
        format!("the {shown} shown are the longest")
    } else if critical > shown {
        format!(
            "the {shown} shown are the longest of the {} critical steps",
            crate::format::thousands(critical as u64)
        )
    } else if critical == shown {
        format!("the {shown} shown are every critical step")
    } else {
        format!("the {shown} shown are every critical step and the longest others")
    }
}

impl GanttData {
    /// The rows drawn in at most `max_rows` rows (at least 4): all of
    /// them when they fit; else critical steps first, then the steps
    /// with the longest bars in all, and the never or last recovered
    /// components, each kept in its original order, with a note for each
    /// kind cut.
    pub fn limited(&self, max_rows: usize) -> ShownTimeline {
        let max_rows = max_rows.max(4);
        let fit = split(self.rows.len(), self.recoveries.len(), max_rows);
        let rows = &self.rows;
        let steps = most_important(rows.len(), fit.steps, |a, b| {
            let (a, b) = (&rows[a], &rows[b]);
            b.critical
                .cmp(&a.critical)
                .then(bar_secs(b).total_cmp(&bar_secs(a)))
        });
        let recoveries = &self.recoveries;
        let components = most_important(recoveries.len(), fit.components, |a, b| {
            recoveries[b].secs.total_cmp(&recoveries[a].secs)
        });
        let steps_left_out = (fit.steps < rows.len()).then(|| {
            let critical = rows.iter().filter(|r| r.critical).count();
            let why = steps_why(fit.steps, critical);
            LeftOut::new(rows.len() - fit.steps, "step", &why)
        });
        let components_left_out = (fit.components < recoveries.len()).then(|| {
            let why = format!("the {} shown are the last recovered", fit.components);
            LeftOut::new(recoveries.len() - fit.components, "component", &why)
        });
        ShownTimeline {
            data: GanttData {
                title: self.title.clone(),
                percentile: self.percentile,
                run: self.run,
                rto_secs: self.rto_secs,
                measured_rto_secs: self.measured_rto_secs,
                target_secs: self.target_secs,
                clock_secs: self.clock_secs,
                from: self.from.clone(),
                rows: steps.into_iter().map(|k| rows[k].clone()).collect(),
                recoveries: components
                    .into_iter()
                    .map(|k| recoveries[k].clone())
                    .collect(),
            },
            steps_left_out,
            components_left_out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{BarKind, GanttBar, GanttRecovery, GanttSpan};

    fn row(step: &str, critical: bool, secs: f64) -> GanttRow {
        GanttRow {
            step: step.into(),
            name: step.into(),
            critical,
            bars: vec![GanttBar {
                kind: BarKind::Working,
                span: GanttSpan {
                    start_secs: 10.0,
                    end_secs: 10.0 + secs,
                },
            }],
            path: Vec::new(),
        }
    }

    fn recovery(component: &str, secs: f64) -> GanttRecovery {
        GanttRecovery {
            component: component.into(),
            name: component.into(),
            secs,
        }
    }

    fn data(rows: Vec<GanttRow>, recoveries: Vec<GanttRecovery>) -> GanttData {
        GanttData {
            title: "t".into(),
            percentile: 95.0,
            run: Some(3),
            rto_secs: 100.0,
            measured_rto_secs: 100.0,
            target_secs: None,
            clock_secs: 0.0,
            from: None,
            rows,
            recoveries,
        }
    }

    fn steps(d: &GanttData) -> Vec<&str> {
        d.rows.iter().map(|r| r.step.as_str()).collect()
    }

    #[test]
    fn rows_that_fit_are_all_drawn_with_no_note() {
        let d = data(
            vec![row("a", false, 1.0), row("b", true, 2.0)],
            vec![recovery("db", 3.0)],
        );
        let shown = d.limited(3);
        assert_eq!(shown.data.rows, d.rows);
        assert_eq!(shown.data.recoveries, d.recoveries);
        assert_eq!(
            (shown.steps_left_out, shown.components_left_out),
            (None, None)
        );
    }

    #[test]
    fn critical_steps_come_first_then_the_longest_in_order_of_first_start() {
        // 7 steps, 1 component: 6 rows in all, a note among them, so 4 steps.
        let d = data(
            vec![
                row("long", false, 90.0),
                row("crit_short", true, 1.0),
                row("short", false, 2.0),
                row("longest", false, 99.0),
                row("crit", true, 5.0),
                row("mid", false, 50.0),
                row("tiny", false, 0.5),
            ],
            vec![recovery("db", 30.0)],
        );
        let shown = d.limited(6);
        assert_eq!(
            steps(&shown.data),
            ["long", "crit_short", "longest", "crit"]
        );
        assert_eq!(shown.data.recoveries, d.recoveries);
        assert_eq!(shown.row_count(), 6);
        assert_eq!(shown.first_recovery_row(), 5);
        let note = shown.steps_left_out.expect("a note");
        assert_eq!(note.hidden, 3);
        assert_eq!(
            note.note,
            "… and 3 more steps not shown: the 4 shown are every critical step and the longest others"
        );
    }

    #[test]
    fn with_more_critical_steps_than_rows_the_longest_critical_are_shown() {
        let rows = (0..10).map(|k| row(&format!("s{k}"), true, f64::from(k % 5)));
        let shown = data(rows.collect(), Vec::new()).limited(5);
        // Bar times 0 1 2 3 4 0 1 2 3 4: the two 4s, the two 3s.
        assert_eq!(steps(&shown.data), ["s3", "s4", "s8", "s9"]);
        let note = shown.steps_left_out.expect("a note").note;
        assert!(
            note.ends_with("the 4 shown are the longest of the 10 critical steps"),
            "{note}"
        );
    }

    #[test]
    fn the_never_and_last_recovered_components_are_shown() {
        let d = data(
            vec![row("a", true, 1.0)],
            (0..8)
                .map(|k| match k {
                    5 => recovery("c5", f64::INFINITY),
                    k => recovery(&format!("c{k}"), f64::from(k)),
                })
                .collect(),
        );
        // 9 rows into 6: the step, 4 components and a note.
        let shown = d.limited(6);
        assert_eq!(steps(&shown.data), ["a"]);
        let kept: Vec<&str> = shown
            .data
            .recoveries
            .iter()
            .map(|r| r.component.as_str())
            .collect();
        assert_eq!(kept, ["c4", "c5", "c6", "c7"]);
        assert_eq!(shown.row_count(), 6);
        assert!(shown.steps_left_out.is_none());
        assert_eq!(
            shown.components_left_out.expect("a note").note,
            "… and 4 more components not shown: the 4 shown are the last recovered"
        );
    }

    #[test]
    fn with_both_cut_components_keep_a_third_of_the_rows() {
        assert_eq!(
            split(40_000, 1, 60),
            RowSplit {
                steps: 58,
                components: 1
            }
        );
        assert_eq!(
            split(5, 5000, 60),
            RowSplit {
                steps: 5,
                components: 54
            }
        );
        assert_eq!(
            split(5001, 5000, 60),
            RowSplit {
                steps: 38,
                components: 20
            }
        );
        assert_eq!(
            split(31, 29, 60),
            RowSplit {
                steps: 31,
                components: 29
            }
        );
        // Never more rows than the ceiling, notes included.
        for steps in 0..70 {
            for components in 0..70 {
                let s = split(steps, components, 60);
                let notes = usize::from(s.steps < steps) + usize::from(s.components < components);
                assert!(s.steps + s.components + notes <= 60, "{steps} {components}");
                assert!(s.steps <= steps && s.components <= components);
            }
        }
    }

    #[test]
    fn the_note_says_how_the_steps_were_chosen() {
        assert_eq!(steps_why(40, 0), "the 40 shown are the longest");
        assert_eq!(steps_why(40, 40), "the 40 shown are every critical step");
        assert_eq!(
            steps_why(40, 3),
            "the 40 shown are every critical step and the longest others"
        );
        assert_eq!(
            steps_why(40, 40_000),
            "the 40 shown are the longest of the 40,000 critical steps"
        );
    }
}
