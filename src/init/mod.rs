//! `drsim init`: a draft scenario from a prose DR plan — Markdown,
//! reStructuredText or plain text — by plain heuristics (no network, no
//! model): a component per section that states an RTO or RPO (or one for
//! the whole service), a step per numbered item or bulleted action (or a
//! heading that names one, or a "Time to …:" line), timings turned into
//! distributions, RTO and RPO lines into targets and data lags, the order
//! of lists into `after` chains, and the plan's words as each value's
//! basis. Every guess is marked `# check:`. The draft validates and runs
//! as written.

mod markdown;
mod outline;
mod plain;
mod plan;
mod render;
mod timing;
mod words;

pub use outline::{Block, BlockKind, Outline, Section};
pub use plan::DraftPlan;
pub use timing::{Measure, Timing, timings};

/// The markup of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// reStructuredText, or plain text read the same way.
    Text,
}

impl Format {
    /// The format of the file named `name` holding `text`: `.md` and
    /// `.markdown` are Markdown, `.rst` and `.rest` reStructuredText;
    /// anything else is reStructuredText when it has reST's marks (a
    /// heading underlined with `#`, `~`, `^`, `+` or `*`, a `.. ` directive
    /// or link target, a `| ` line block), Markdown otherwise.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            return Format::Markdown;
        }
        if lower.ends_with(".rst") || lower.ends_with(".rest") {
            return Format::Text;
        }
        let rest_marks = text.lines().any(|l| {
            let t = l.trim_end();
            t.starts_with(".. ")
                || t.starts_with("| ")
                || (t.len() >= 3 && "#~^+*".chars().any(|c| t.chars().all(|d| d == c)))
        });
        if rest_marks {
            Format::Text
        } else {
            Format::Markdown
        }
    }
}

/// A drafted scenario.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The scenario file's text.
    pub toml: String,
    pub plan: DraftPlan,
}

impl Draft {
    /// Steps whose time is a placeholder.
    pub fn guessed_times(&self) -> usize {
        self.plan
            .steps
            .iter()
            .filter(|s| matches!(s.duration.basis, plan::Basis::Guess(_)))
            .count()
    }
}

/// Why no draft was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InitError {
    #[error(
        "{file}: no steps found. drsim init drafts steps from numbered lists, bulleted actions (a line starting with a verb, such as \"Restore the database\"), headings that name an action (\"Failover process\") and lines such as \"Time to diagnose: 5-30 min\" or \"RTO: 5-10 min\"; add them to the plan, or write the scenario by hand from scenarios/example.toml"
    )]
    NoSteps { file: String },
}

/// Drafts a scenario from `text`, the plan in `file` (named so in the
/// draft), to be saved as `out`.
pub fn draft(text: &str, format: Format, file: &str, out: &str) -> Result<Draft, InitError> {
    let outline = match format {
        Format::Markdown => markdown::outline(text),
        Format::Text => plain::outline(text),
    };
    let fallback = std::path::Path::new(file)
        .file_stem()
        .map_or("plan".to_string(), |s| s.to_string_lossy().into_owned());
    let plan = plan::draft(&outline, &fallback);
    if plan.steps.is_empty() {
        return Err(InitError::NoSteps {
            file: file.to_string(),
        });
    }
    let toml = render::render(&plan, file, out);
    Ok(Draft { toml, plan })
}
