//! The components a chart draws when a plan has more than fit under the
//! ceiling ([`COMPONENT_ROWS`]): those with the longest p95 RTO (never
//! recovered counts as longest), kept in file order, and a note row.

use super::ComponentsData;
use crate::chart::limit::{LeftOut, most_important};

/// The most rows the chart draws, the note row included. At 44 pixels a
/// row (a name with its summary under it) that is a chart of at most
/// 1,910 pixels, a little shorter than the longest timeline; the shipped
/// plans draw at most 12 rows.
pub const COMPONENT_ROWS: usize = 40;

/// The components chart as drawn: its boxes, and what it left out.
#[derive(Debug, Clone)]
pub struct ShownComponents {
    /// The components drawn, in file order.
    pub data: ComponentsData,
    /// Components left out, with the note drawn under the boxes.
    pub left_out: Option<LeftOut>,
}

impl ShownComponents {
    /// Rows drawn: boxes and the note row.
    pub fn row_count(&self) -> usize {
        self.data.boxes.len() + usize::from(self.left_out.is_some())
    }
}

impl ComponentsData {
    /// The boxes drawn in at most `max_rows` rows (at least 2): all of
    /// them when they fit; else those with the longest p95 (never
    /// recovered counts as longest; then the most often never recovered),
    /// in file order, and a note row.
    pub fn limited(&self, max_rows: usize) -> ShownComponents {
        let max_rows = max_rows.max(2);
        let b = &self.boxes;
        if b.len() <= max_rows {
            return ShownComponents {
                data: self.clone(),
                left_out: None,
            };
        }
        let keep = max_rows - 1;
        let kept = most_important(b.len(), keep, |x, y| {
            (b[y].p95.total_cmp(&b[x].p95)).then(b[y].unrecovered.total_cmp(&b[x].unrecovered))
        });
        let why = format!("the {keep} shown have the longest p95 RTO");
        ShownComponents {
            data: ComponentsData {
                title: self.title.clone(),
                runs: self.runs,
                boxes: kept.into_iter().map(|k| b[k].clone()).collect(),
            },
            left_out: Some(LeftOut::new(b.len() - keep, "component", &why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ComponentBox;

    fn component(id: &str, p95: f64, unrecovered: f64) -> ComponentBox {
        ComponentBox {
            id: id.into(),
            name: String::new(),
            p5: 1.0,
            p25: 2.0,
            p50: 3.0,
            p75: 4.0,
            p95,
            p99: p95,
            unrecovered,
            target_secs: None,
        }
    }

    fn data(boxes: Vec<ComponentBox>) -> ComponentsData {
        ComponentsData {
            title: "t".into(),
            runs: 100,
            boxes,
        }
    }

    #[test]
    fn components_that_fit_are_all_drawn_with_no_note() {
        let d = data(vec![component("db", 600.0, 0.0); 3]);
        let shown = d.limited(3);
        assert_eq!(shown.data.boxes, d.boxes);
        assert_eq!(shown.left_out, None);
        assert_eq!(shown.row_count(), 3);
    }

    #[test]
    fn the_longest_p95_and_the_never_recovered_are_kept_in_file_order() {
        let d = data(vec![
            component("short", 60.0, 0.0),
            component("long", 900.0, 0.0),
            component("never", f64::INFINITY, 0.5),
            component("often_never", 900.0, 0.04),
            component("mid", 300.0, 0.0),
        ]);
        // 5 into 4 rows: 3 boxes and a note.
        let shown = d.limited(4);
        let ids: Vec<&str> = shown.data.boxes.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["long", "never", "often_never"]);
        assert_eq!(shown.row_count(), 4);
        let left_out = shown.left_out.expect("a note");
        assert_eq!(left_out.hidden, 2);
        assert_eq!(
            left_out.note,
            "… and 2 more components not shown: the 3 shown have the longest p95 RTO"
        );
        // 5 into 3 rows: the never recovered, then the more often never of
        // the two with p95 900 s.
        let ids: Vec<String> = d.limited(3).data.boxes.into_iter().map(|b| b.id).collect();
        assert_eq!(ids, ["never", "often_never"]);
    }
}
