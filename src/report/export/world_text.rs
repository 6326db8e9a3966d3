//! Results split by what held in a disaster — when in the week it struck,
//! each condition's case — and the correlation groups, as small tables
//! that the text summary and the review page both render.

use crate::format::{format_secs, pct_label, percent};
use crate::report::{GroupReport, Report};

/// One table: a title, a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct WorldTable {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The tables of `r`, in report order: by time of the week, by each
/// condition, and the correlation groups; none when nothing splits it.
pub fn world_tables(r: &Report) -> Vec<WorldTable> {
    let mut tables = Vec::new();
    if !r.by_time_of_week.is_empty() {
        tables.push(WorldTable {
            title:
                "When the disaster strikes (in hours: Mon–Fri 08:00–18:00 on the scenario's clock)"
                    .into(),
            header: group_header(r),
            rows: r
                .by_time_of_week
                .iter()
                .map(|g| group_row(r, g, part_words(&g.key)))
                .collect(),
        });
    }
    for condition in &r.by_condition {
        tables.push(WorldTable {
            title: format!("By condition {}", condition.name),
            header: group_header(r),
            rows: condition
                .cases
                .iter()
                .map(|g| group_row(r, g, &g.key))
                .collect(),
        });
    }
    if !r.correlation.is_empty() {
        let mut rows = Vec::new();
        for group in &r.correlation {
            for pair in &group.achieved {
                let achieved = match (pair.spearman, pair.low, pair.high) {
                    (Some(s), Some(low), Some(high)) => {
                        format!("{s:.3} [{low:.3} to {high:.3}]")
                    }
                    (Some(s), _, _) => format!("{s:.3}"),
                    _ => "drawn independently (rank 0)".into(),
                };
                rows.push(vec![
                    format!("{} – {}", pair.a, pair.b),
                    format!("{:.2}", group.rank),
                    achieved,
                ]);
            }
        }
        tables.push(WorldTable {
            title: "Correlated durations (Spearman rank correlation of first attempts)".into(),
            header: vec!["steps".into(), "requested".into(), "achieved [95 %]".into()],
            rows,
        });
    }
    tables
}

/// "in hours", "nights", "weekends" for a part's key.
fn part_words(key: &str) -> &str {
    match key {
        "in_hours" => "in hours",
        "night" => "nights",
        "weekend" => "weekends",
        other => other,
    }
}

fn group_header(r: &Report) -> Vec<String> {
    let p = pct_label(r.percentile);
    let mut header = vec![
        String::new(),
        "runs".into(),
        "RTO p50".into(),
        format!("RTO {p}"),
    ];
    if let Some(t) = r.rto.target {
        header.push(format!("meets RTO ≤ {}", format_secs(t)));
    }
    if has_rpo(r) {
        header.push(format!("RPO {p}"));
    }
    if let Some(t) = r.rpo.target {
        header.push(format!("meets RPO ≤ {}", format_secs(t)));
    }
    header
}

fn group_row(r: &Report, g: &GroupReport, label: &str) -> Vec<String> {
    let mut row = vec![
        label.to_string(),
        percent(g.share),
        format_secs(g.rto.p50),
        format_secs(g.rto.at_percentile),
    ];
    if r.rto.target.is_some() {
        row.push(g.rto.p_meet.map_or("–".into(), percent));
    }
    if has_rpo(r) {
        row.push(format_secs(g.rpo.at_percentile));
    }
    if r.rpo.target.is_some() {
        row.push(g.rpo.p_meet.map_or("–".into(), percent));
    }
    row
}

/// The plan loses data in some run, or has an RPO target.
fn has_rpo(r: &Report) -> bool {
    r.rpo.target.is_some() || r.rpo.max > 0.0
}

/// The tables as text lines, for the summary.
pub fn world_lines(r: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for table in world_tables(r) {
        lines.push(String::new());
        lines.push(table.title.clone());
        let mut cells = vec![table.header.clone()];
        cells.extend(table.rows.iter().cloned());
        lines.extend(
            crate::format::aligned_figures(&cells, "  ")
                .into_iter()
                .map(|line| format!("  {}", line.trim_end())),
        );
    }
    lines
}
