//! `drsim drill` as text: a table of the actuals against the model (the
//! model's p5, p50 and p95 of each measure, the actual's percentile and
//! the verdict), a sentence for each actual outside the model's 5–95 %
//! band, and the calibration line. The sentences, percentiles and the
//! calibration line are the review page's too.

use std::fmt::Write;
use std::io;

use super::{Exporter, RunInfo};
use crate::drill::{BAND_HIGH, BAND_LOW, Calibration, Verdict};
use crate::format::{aligned_figures, format_secs, percent, thousands};
use crate::report::drill::{ActualReport, DrillReport, SubjectKind};

/// A drill against the model; `quiet`: only the actuals outside the band
/// and the calibration.
pub struct DrillText<'a> {
    pub report: &'a DrillReport,
    pub info: RunInfo,
    pub quiet: bool,
}

/// Why the calibration's probability is only a guide.
pub const DRILL_CAVEAT: &str = "The actuals of one drill are not independent (its RTO is made of its steps): read this as a guide, not a test.";

impl Exporter for DrillText<'_> {
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = render(&mut text, self);
        out.write_all(text.as_bytes())
    }
}

fn render(out: &mut String, d: &DrillText) -> std::fmt::Result {
    let r = d.report;
    let findings: Vec<String> = r.actuals.iter().filter_map(drill_finding).collect();
    if d.quiet {
        for line in &findings {
            writeln!(out, "{line}")?;
        }
        return writeln!(out, "{}", drill_calibration(&r.calibration));
    }
    writeln!(out, "Drill against the model: {}", r.scenario.name)?;
    writeln!(
        out,
        "{} · {} actual{} · {} runs · seed {} · {} thread{} · {:.2} s",
        r.actuals_file,
        r.actuals.len(),
        if r.actuals.len() == 1 { "" } else { "s" },
        thousands(r.iterations),
        r.seed,
        d.info.threads,
        if d.info.threads == 1 { "" } else { "s" },
        d.info.elapsed_secs
    )?;
    writeln!(out)?;
    table(out, &r.actuals)?;
    if !findings.is_empty() {
        writeln!(out)?;
        writeln!(out, "Outside the model's 5–95 % band")?;
        for line in &findings {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", drill_calibration(&r.calibration))?;
    writeln!(out, "{DRILL_CAVEAT}")
}

/// The actuals with the model's figures, aligned; the verdict last.
fn table(out: &mut String, actuals: &[ActualReport]) -> std::fmt::Result {
    let header = ["", "drill", "model p5", "p50", "p95", "percentile"].map(String::from);
    let mut rows = vec![header.to_vec()];
    rows.extend(actuals.iter().map(|a| {
        vec![
            a.measure.clone(),
            format_secs(a.actual),
            format_secs(a.p5),
            format_secs(a.p50),
            format_secs(a.p95),
            drill_percentile(a),
        ]
    }));
    let verdicts = std::iter::once("").chain(actuals.iter().map(|a| verdict_word(a.verdict)));
    for (line, verdict) in aligned_figures(&rows, "   ").iter().zip(verdicts) {
        writeln!(out, "  {}", format!("{line}   {verdict}").trim_end())?;
    }
    Ok(())
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Within => "within",
        Verdict::Optimistic => "optimistic",
        Verdict::Pessimistic => "pessimistic",
    }
}

/// The actual's place in the model: "p83", "p99.7", "p>99.9", "above
/// every run", "below every run", or "–" for a step the model never ran.
/// Rounded so that it never reads on the other side of the band's edge
/// than it is (a p4.7 is not written "p5").
pub fn drill_percentile(a: &ActualReport) -> String {
    let Some(p) = a.percentile else {
        return "–".into();
    };
    if p >= 100.0 {
        return "above every run".into();
    }
    if p <= 0.0 {
        return "below every run".into();
    }
    if p > 99.9 {
        return "p>99.9".into();
    }
    if p < 0.1 {
        return "p<0.1".into();
    }
    let whole = p.round();
    let misleading = (p < BAND_LOW && whole >= BAND_LOW)
        || (p > BAND_HIGH && whole <= BAND_HIGH)
        || whole <= 0.0
        || whole >= 100.0;
    if !misleading {
        return format!("p{whole:.0}");
    }
    // Toward the side the actual is on: down below the median, up above.
    let tenth = if p < 50.0 {
        (p * 10.0).floor() / 10.0
    } else {
        (p * 10.0).ceil() / 10.0
    };
    format!("p{tenth:.1}")
}

/// The sentence for an actual outside the model's band ("the model is
/// optimistic about storage_failover: the drill took 2h40m, p99 of the
/// model (p5–p95 1h10m–2h05m)"); `None` within it.
pub fn drill_finding(a: &ActualReport) -> Option<String> {
    let side = match a.verdict {
        Verdict::Within => return None,
        Verdict::Optimistic => "optimistic",
        Verdict::Pessimistic => "pessimistic",
    };
    let about = subject_words(a);
    if a.percentile.is_none() {
        // Only a step can have no simulated value: the model never ran it.
        return Some(format!(
            "the model is {side} about {about}: the drill ran it ({}), and no simulated run did",
            format_secs(a.actual)
        ));
    }
    let measured = measured_words(a);
    let place = match drill_percentile(a).as_str() {
        "above every run" => "above every simulated run".to_string(),
        "below every run" => "below every simulated run".to_string(),
        label => format!("{label} of the model"),
    };
    Some(format!(
        "the model is {side} about {about}: {measured}, {place} (p5–p95 {}–{})",
        format_secs(a.p5),
        format_secs(a.p95)
    ))
}

/// "storage_failover", "the RTO", "the RPO of postgres".
fn subject_words(a: &ActualReport) -> String {
    let id = &a.subject.id;
    match a.subject.kind {
        SubjectKind::Rto => "the RTO".into(),
        SubjectKind::Rpo => "the RPO".into(),
        SubjectKind::ComponentRto => format!("the RTO of {id}"),
        SubjectKind::ComponentRpo => format!("the RPO of {id}"),
        SubjectKind::Step => id.clone(),
    }
}

/// "the drill took 2h40m", "the drill lost 20m of data", "postgres was
/// back after 1h50m".
fn measured_words(a: &ActualReport) -> String {
    let id = &a.subject.id;
    let x = format_secs(a.actual);
    match a.subject.kind {
        SubjectKind::Rto => format!("the drill was back after {x}"),
        SubjectKind::Rpo => format!("the drill lost {x} of data"),
        SubjectKind::ComponentRto => format!("{id} was back after {x}"),
        SubjectKind::ComponentRpo => format!("{id} lost {x} of data"),
        SubjectKind::Step => format!("the drill took {x}"),
    }
}

/// "Calibration: 2 of 10 actuals outside the model's 5–95 % band, against
/// 1.0 expected by chance; 2 or more by chance: 26.4 % (…)."
pub fn drill_calibration(c: &Calibration) -> String {
    let of = format!(
        "{} of {} actual{}",
        c.outside,
        c.actuals,
        if c.actuals == 1 { "" } else { "s" }
    );
    let expected = format!("{:.1}", c.expected_outside);
    if c.outside == 0 {
        return format!(
            "Calibration: {of} outside the model's 5–95 % band, against {expected} expected by chance."
        );
    }
    format!(
        "Calibration: {of} outside the model's 5–95 % band, against {expected} expected by chance; {} or more by chance: {} (binomial, 1 in 10 each).",
        c.outside,
        percent(c.probability)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::drill::Subject;

    fn actual(percentile: Option<f64>, verdict: Verdict) -> ActualReport {
        ActualReport {
            measure: "step.storage_failover".into(),
            actual: 9600.0,
            percentile,
            p5: 4200.0,
            p50: 5400.0,
            p95: 7500.0,
            runs: 20_000,
            verdict,
            subject: Subject {
                id: "storage_failover".into(),
                name: "Storage account failover".into(),
                kind: SubjectKind::Step,
            },
        }
    }

    #[test]
    fn percentiles_never_read_across_the_band_edge() {
        let label = |p: f64| drill_percentile(&actual(Some(p), Verdict::Within));
        assert_eq!(label(83.46), "p83");
        assert_eq!(label(4.97), "p4.9");
        assert_eq!(label(95.01), "p95.1");
        assert_eq!(label(5.0), "p5");
        assert_eq!(label(99.6), "p99.6");
        assert_eq!(label(99.95), "p>99.9");
        assert_eq!(label(0.3), "p0.3");
        assert_eq!(label(0.05), "p<0.1");
        assert_eq!(label(100.0), "above every run");
        assert_eq!(label(0.0), "below every run");
        assert_eq!(drill_percentile(&actual(None, Verdict::Optimistic)), "–");
    }

    #[test]
    fn a_finding_says_which_side_what_the_drill_took_and_the_band() {
        assert_eq!(
            drill_finding(&actual(Some(99.2), Verdict::Optimistic)).unwrap(),
            "the model is optimistic about storage_failover: the drill took 2h40m, p99 of the model (p5–p95 1h10m–2h05m)"
        );
        assert_eq!(drill_finding(&actual(Some(50.0), Verdict::Within)), None);
        let below = drill_finding(&actual(Some(0.0), Verdict::Pessimistic)).unwrap();
        assert!(below.contains("pessimistic") && below.contains("below every simulated run"));
        let never = drill_finding(&actual(None, Verdict::Optimistic)).unwrap();
        assert_eq!(
            never,
            "the model is optimistic about storage_failover: the drill ran it (2h40m), and no simulated run did"
        );
    }

    #[test]
    fn the_calibration_line_gives_the_count_the_chance_and_the_probability() {
        assert_eq!(
            drill_calibration(&Calibration::of(5, 2)),
            "Calibration: 2 of 5 actuals outside the model's 5–95 % band, against 0.5 expected by chance; 2 or more by chance: 8.1 % (binomial, 1 in 10 each)."
        );
        assert!(
            drill_calibration(&Calibration::of(1, 0))
                .starts_with("Calibration: 0 of 1 actual outside")
        );
    }
}
