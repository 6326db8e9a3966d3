//! The review page's "Drill against the model" section (`drsim report
//! --drill ACTUALS.csv`): the drill's actuals with the model's p5, p50
//! and p95 of each measure, the actual's percentile and verdict, a
//! sentence for each actual outside the model's 5–95 % band, the
//! calibration line and how to read it — the words of `drsim drill`.

use std::fmt::Write;

use super::page;
use crate::drill::Verdict;
use crate::format::format_secs;
use crate::report::drill::{ActualReport, DrillReport};
use crate::report::escape_markup as esc;
use crate::report::export::{DRILL_CAVEAT, drill_calibration, drill_finding, drill_percentile};

/// The section.
pub fn section(out: &mut String, d: &DrillReport) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"drill\"><h2>Drill against the model</h2>"
    )?;
    writeln!(
        out,
        "<p>What a real drill measured (<code>{}</code>), each against the model's distribution of the same measure over its {} simulated disasters.</p>",
        esc(&d.actuals_file),
        crate::format::thousands(d.iterations)
    )?;
    let outside = d.calibration.outside;
    let verdict = if outside == 0 {
        format!(
            "All {} actuals lie within the model's 5–95 % band.",
            d.actuals.len()
        )
    } else {
        format!(
            "{outside} of {} actuals lie outside the model's 5–95 % band.",
            d.actuals.len()
        )
    };
    page::verdict(out, outside == 0, &verdict)?;
    writeln!(
        out,
        "<table><tr><th>Measure</th><th>Drill</th><th>Model p5</th><th>p50</th><th>p95</th><th>Percentile</th><th>Verdict</th></tr>"
    )?;
    for a in &d.actuals {
        row(out, a)?;
    }
    writeln!(out, "</table>")?;
    let findings: Vec<String> = d.actuals.iter().filter_map(drill_finding).collect();
    if !findings.is_empty() {
        writeln!(out, "<ul class=\"drivers\">")?;
        for line in &findings {
            writeln!(out, "<li>{}</li>", esc(line))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "<p>{}</p>", esc(&drill_calibration(&d.calibration)))?;
    writeln!(out, "<p class=\"note\">{}</p>", esc(DRILL_CAVEAT))?;
    how_to_read(out)?;
    writeln!(out, "</section>")
}

/// An actual's row: the measure (with the step's or component's name),
/// the figures, the verdict.
fn row(out: &mut String, a: &ActualReport) -> std::fmt::Result {
    let s = &a.subject;
    let measure = if s.name.is_empty() || s.name == s.id {
        format!("<code>{}</code>", esc(&a.measure))
    } else {
        format!(
            "{} <span class=\"muted id\">{}</span>",
            esc(&s.name),
            esc(&a.measure)
        )
    };
    let verdict = match a.verdict {
        Verdict::Within => "within".to_string(),
        Verdict::Optimistic => "<span class=\"marginal\">optimistic</span>".to_string(),
        Verdict::Pessimistic => "<span class=\"marginal\">pessimistic</span>".to_string(),
    };
    writeln!(
        out,
        "<tr><td>{measure}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{verdict}</td></tr>",
        format_secs(a.actual),
        format_secs(a.p5),
        format_secs(a.p50),
        format_secs(a.p95),
        esc(&drill_percentile(a))
    )
}

fn how_to_read(out: &mut String) -> std::fmt::Result {
    writeln!(out, "<h3>How to read this</h3>")?;
    writeln!(
        out,
        "<p>An actual's percentile is where it falls among the model's values of its measure (ties count half): p50 is what the model expects in a typical disaster; below p5 or above p95 is outside the band the model gives 90 % of disasters. <em>Optimistic</em>: the drill took longer, or lost more data, than the model expects — look again at that figure's assumption. <em>Pessimistic</em>: the drill did better; the model may be cautious, or the drill easier than a real disaster. A step is compared with the runs in which it ran, by its time spent (attempts, retries and risk delays, not waiting for people). Even a well-calibrated model leaves 1 actual in 10 outside its band by chance; the calibration line says how likely as many as the drill's are.</p>"
    )
}
