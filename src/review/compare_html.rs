//! The comparison page (`drsim compare --html`): one self-contained HTML
//! page in the review page's style (`page`) — what was compared, the plans
//! side by side, each plan's paired differences against the first with
//! their intervals and verdicts in words, the RTO and RPO curves of every
//! plan, how to read it, and how to reproduce it. Every name and path
//! from the input is escaped.

use std::fmt::Write;
use std::io;

use super::{RenderedChart, page};
use crate::format::{pct_label, percent, thousands};
use crate::report::compare::{COMPARE_PERCENTILE, CompareEntry, CompareReport, plan_label};
use crate::report::export::TargetCells;
use crate::report::export::compare_cells::{
    DiffCell, TargetRow, own_target, stat_rows, target_rows, verdict_words,
};
use crate::report::{Exporter, TargetVerdict, escape_markup as esc};
use crate::stats::Verdict;

/// The page's own rules: an interval on a line of its own under its
/// estimate, and verdicts that do not wrap.
const CSS: &str = "td .interval{display:block;font-size:.82em;color:#6c757d;white-space:nowrap}td.word{white-space:nowrap}\n";

/// The page of one comparison, with its charts rendered as SVG.
pub struct CompareHtml<'a> {
    pub report: &'a CompareReport,
    pub charts: &'a [RenderedChart],
}

impl Exporter for CompareHtml<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = write_page(&mut text, self.report, self.charts);
        out.write_all(text.as_bytes())
    }
}

fn write_page(out: &mut String, c: &CompareReport, charts: &[RenderedChart]) -> std::fmt::Result {
    let names: Vec<&str> = c.entries.iter().map(|e| e.name.as_str()).collect();
    page::head(
        out,
        &format!("DR plans compared: {}", names.join(" · ")),
        CSS,
    )?;
    header(out, c)?;
    side_by_side(out, c)?;
    differences(out, c)?;
    page::charts(out, charts)?;
    how_to_read(out, c)?;
    parameters(out, c)?;
    page::end(out)
}

fn header(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    writeln!(
        out,
        "<header><h1>{} disaster-recovery plans compared</h1>",
        c.entries.len()
    )?;
    writeln!(
        out,
        "<p class=\"muted\">Comparison by drsim: every plan simulated over the same {} disasters (seed {}, common random numbers); plan 1 is the reference; noise threshold {}.</p>",
        thousands(c.iterations),
        c.seed,
        percent(c.noise)
    )?;
    writeln!(out, "<ol>")?;
    for e in &c.entries {
        writeln!(
            out,
            "<li><strong>{}</strong> <span class=\"muted\">(<code>{}</code>)</span></li>",
            esc(&e.name),
            esc(&e.file)
        )?;
    }
    writeln!(out, "</ol></header>")
}

fn side_by_side(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    writeln!(out, "<section id=\"side-by-side\"><h2>Side by side</h2>")?;
    write!(out, "<table><tr><th></th>")?;
    for (k, e) in c.entries.iter().enumerate() {
        write!(out, "<th>{}</th>", esc(&plan_label(k, &e.name)))?;
    }
    writeln!(out, "</tr>")?;
    for row in stat_rows(c) {
        write!(out, "<tr><td>{}</td>", row.label)?;
        for cell in &row.cells {
            write!(out, "<td>{cell}</td>")?;
        }
        writeln!(out, "</tr>")?;
    }
    for row in target_rows(c) {
        write!(out, "<tr><td>{}</td>", esc(&row.label))?;
        for t in &row.cells {
            match t {
                Some(t) => write!(out, "<td>{}</td>", target_cell(&row, t))?,
                None => write!(out, "<td class=\"muted\">no such target</td>")?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table>")?;
    writeln!(
        out,
        "<p class=\"muted\">Unrecovered: the share of runs in which some affected component was never recovered. “Meets” rows: the share of runs meeting the target, its 95\u{a0}% interval, and the verdict at the target's percentile.</p></section>"
    )
}

/// "92.6 % FAIL" over its interval "[92.2 %–93.0 %]", with the plan's own
/// target when it differs from the row's.
fn target_cell(row: &TargetRow, t: &TargetVerdict) -> String {
    let cells = TargetCells::of(t);
    let (class, word) = if t.pass {
        ("pass", "PASS")
    } else {
        ("fail", "FAIL")
    };
    let own = own_target(row, t).map_or(String::new(), |own| {
        format!("<span class=\"interval\">its target: {own}</span>")
    });
    format!(
        "{} <span class=\"{class}\">{word}</span><span class=\"interval\">[{}–{}]</span>{own}",
        cells.p_meet, cells.p_meet_low, cells.p_meet_high
    )
}

fn differences(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    let Some(first) = c.entries.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "<section id=\"differences\"><h2>Differences against plan 1</h2>"
    )?;
    let later: Vec<(usize, &CompareEntry)> = c.entries.iter().enumerate().skip(1).collect();
    if later.is_empty() {
        return writeln!(
            out,
            "<p>Only one plan: nothing to compare it with.</p></section>"
        );
    }
    overall(out, &later)?;
    let p = pct_label(COMPARE_PERCENTILE);
    writeln!(
        out,
        "<table><tr><th>Plan</th><th>Verdict</th><th>RTO {p}</th><th>RPO {p}</th><th>Runs meeting plan 1's RTO target</th></tr>"
    )?;
    for (k, e) in later {
        let Some(d) = &e.diff else { continue };
        let class = match d.verdict {
            Verdict::Regressed => "fail",
            Verdict::Improved => "pass",
            Verdict::Unchanged => "muted",
        };
        let share = d
            .p_meet_rto
            .as_ref()
            .map_or("–".to_string(), |m| diff_html(&DiffCell::share(m)));
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"word {class}\">{}</td><td>{}</td><td>{}</td><td>{share}</td></tr>",
            esc(&plan_label(k, &e.name)),
            verdict_words(d.verdict),
            diff_html(&DiffCell::time(&d.rto_p95)),
            diff_html(&DiffCell::time(&d.rpo_p95)),
        )?;
    }
    writeln!(out, "</table>")?;
    let no_target = if first.rto.target.is_none() {
        " Plan 1 states no RTO target, so the share meeting it is not compared."
    } else {
        ""
    };
    writeln!(
        out,
        "<p>Each difference is the plan's value minus plan 1's, with its 95 % interval in brackets: a negative time and a positive share are better.{no_target}</p></section>"
    )
}

/// The verdict box: which plans are worse, or better, beyond noise.
fn overall(out: &mut String, later: &[(usize, &CompareEntry)]) -> std::fmt::Result {
    let with = |verdict: Verdict| -> Vec<String> {
        later
            .iter()
            .filter(|(_, e)| e.diff.as_ref().is_some_and(|d| d.verdict == verdict))
            .map(|(k, e)| plan_label(*k, &e.name))
            .collect()
    };
    let (worse, better) = (with(Verdict::Regressed), with(Verdict::Improved));
    let text = if !worse.is_empty() {
        format!("Worse than plan 1 beyond noise: {}.", worse.join(", "))
    } else if !better.is_empty() {
        format!(
            "No plan is worse than plan 1 beyond noise. Better beyond noise: {}.",
            better.join(", ")
        )
    } else {
        "No plan differs from plan 1 beyond noise.".to_string()
    };
    page::verdict(out, worse.is_empty(), &text)
}

/// "-19h36m" over its interval "[-20h10m to -18h58m]".
fn diff_html(d: &DiffCell) -> String {
    format!(
        "{}<span class=\"interval\">[{} to {}]</span>",
        d.estimate, d.low, d.high
    )
}

fn how_to_read(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    let noise = percent(c.noise);
    let points = format!("{:.1}\u{a0}points", c.noise * 100.0);
    let p = pct_label(COMPARE_PERCENTILE);
    writeln!(out, "<section id=\"how-to-read\"><h2>How to read this</h2>")?;
    writeln!(
        out,
        "<p><strong>Common random numbers.</strong> Every plan was simulated over the same {} runs with the same seed, and every random draw comes from a stream keyed by what it belongs to (a step, a role, a data source). Run <i>i</i> of every plan therefore draws the same times for everything the plans share: the plans differ only where they really differ, and a change that cannot matter shows exactly 0.</p>",
        thousands(c.iterations)
    )?;
    writeln!(
        out,
        "<p><strong>Paired differences.</strong> Each plan is compared run by run with plan 1: the difference of the {p} RTO and RPO comes with a 95\u{a0}% interval from a bootstrap over runs (the same runs for both plans), the difference of the share of runs meeting plan 1's RTO target with the normal approximation of paired differences. Pairing makes the intervals much narrower than two independent simulations would.</p>"
    )?;
    writeln!(
        out,
        "<p><strong>Beyond noise.</strong> A plan is <em>worse beyond noise</em> only when a whole interval lies beyond the noise threshold of {noise}: a time more than {noise} above plan 1's (at least one second), or a share more than {points} below it; <em>better beyond noise</em> the other way round. Otherwise there is <em>no difference beyond noise</em>, even when the estimates differ: the difference is too small to matter, or too uncertain to tell. <code>--fail-if-worse</code> exits 1 when a plan is worse beyond noise.</p></section>"
    )
}

fn parameters(out: &mut String, c: &CompareReport) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"parameters\"><h2>Run parameters</h2><table>"
    )?;
    for (k, e) in c.entries.iter().enumerate() {
        writeln!(
            out,
            "<tr><td>Plan {}</td><td><code>{}</code>{}</td></tr>",
            k + 1,
            esc(&e.file),
            e.variant
                .as_ref()
                .map(|v| format!(", variant <code>{}</code>", esc(v)))
                .unwrap_or_default()
        )?;
    }
    let noise_percent = (c.noise * 100.0 * 1e6).round() / 1e6;
    for (k, v) in [
        ("Iterations", c.iterations.to_string()),
        ("Seed", c.seed.to_string()),
        ("Noise threshold", percent(c.noise)),
        ("Differences at", pct_label(COMPARE_PERCENTILE)),
        ("drsim version", env!("CARGO_PKG_VERSION").to_string()),
        ("JSON schema version", c.schema_version.to_string()),
    ] {
        writeln!(out, "<tr><td>{k}</td><td>{v}</td></tr>")?;
    }
    writeln!(out, "</table>")?;
    writeln!(
        out,
        "<p>Reproduce: <code>drsim compare {} --iterations {} --seed {} --noise {noise_percent} --html compare.html</code> gives the same page, byte for byte, on any machine and any number of threads.</p></section>",
        esc(&c.plans_argument()),
        c.iterations,
        c.seed
    )
}
