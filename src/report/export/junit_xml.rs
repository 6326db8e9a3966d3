//! The shape of a JUnit XML document, shared by `check --junit` and
//! `compare --junit`: suites of test cases, a case failing or erroring
//! with a one-line message and the numbers behind it, optional
//! `<system-out>` text, and the escaping every attribute and text goes
//! through. `time` attributes are 0: wall-clock times would make the
//! document differ from run to run.

use std::fmt::Write;

/// A test case.
pub(super) struct Case {
    /// The class it is listed under (a scenario's file).
    pub classname: String,
    pub name: String,
    /// What went wrong, if anything.
    pub problem: Option<Problem>,
    /// Text for the CI view's log of the case (`<system-out>`).
    pub output: Option<String>,
}

/// A failed or errored test case.
pub(super) struct Problem {
    pub kind: ProblemKind,
    /// One line for the CI view.
    pub message: String,
    /// The numbers behind it.
    pub detail: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ProblemKind {
    /// A target missed or a regression: `<failure type="drsim">`.
    Failure,
    /// The scenario could not be checked: `<error type="invalid-scenario">`.
    Error,
}

impl ProblemKind {
    fn element(self) -> &'static str {
        match self {
            ProblemKind::Failure => "failure",
            ProblemKind::Error => "error",
        }
    }

    fn type_name(self) -> &'static str {
        match self {
            ProblemKind::Failure => "drsim",
            ProblemKind::Error => "invalid-scenario",
        }
    }
}

impl Case {
    fn is(&self, kind: ProblemKind) -> bool {
        self.problem.as_ref().is_some_and(|p| p.kind == kind)
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
            xml(&self.classname),
            xml(&self.name)
        );
        if self.problem.is_none() && self.output.is_none() {
            return writeln!(out, "{open}/>");
        }
        writeln!(out, "{open}>")?;
        if let Some(p) = &self.problem {
            writeln!(
                out,
                "      <{kind} message=\"{}\" type=\"{}\">{}</{kind}>",
                xml(&p.message),
                p.kind.type_name(),
                xml(&p.detail),
                kind = p.kind.element(),
            )?;
        }
        if let Some(text) = &self.output {
            writeln!(out, "      <system-out>{}</system-out>", xml(text))?;
        }
        writeln!(out, "    </testcase>")
    }
}

/// A test suite.
pub(super) struct Suite {
    pub name: String,
    /// The file it reads (`file` attribute).
    pub file: String,
    pub properties: Vec<Property>,
    pub cases: Vec<Case>,
    /// Text for the CI view's log of the suite (`<system-out>`).
    pub output: Option<String>,
}

/// A `<property>` of a suite.
pub(super) struct Property {
    pub name: &'static str,
    pub value: String,
}

impl Suite {
    fn failures(&self) -> usize {
        self.count(ProblemKind::Failure)
    }

    fn errors(&self) -> usize {
        self.count(ProblemKind::Error)
    }

    fn count(&self, kind: ProblemKind) -> usize {
        self.cases.iter().filter(|c| c.is(kind)).count()
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\" file=\"{}\">",
            xml(&self.name),
            self.cases.len(),
            self.failures(),
            self.errors(),
            xml(&self.file)
        )?;
        if !self.properties.is_empty() {
            writeln!(out, "    <properties>")?;
            for p in &self.properties {
                writeln!(
                    out,
                    "      <property name=\"{}\" value=\"{}\"/>",
                    p.name,
                    xml(&p.value)
                )?;
            }
            writeln!(out, "    </properties>")?;
        }
        for c in &self.cases {
            c.write(out)?;
        }
        if let Some(text) = &self.output {
            writeln!(out, "    <system-out>{}</system-out>", xml(text))?;
        }
        writeln!(out, "  </testsuite>")
    }
}

/// The whole document: `<testsuites name="{title}">` with the totals.
pub(super) fn document(title: &str, suites: &[Suite]) -> String {
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let errors: usize = suites.iter().map(Suite::errors).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Writing into a String cannot fail.
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">",
        xml(title)
    );
    for s in suites {
        let _ = s.write(&mut out);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for XML and HTML attributes and content; characters XML
/// 1.0 cannot carry become U+FFFD.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}"
        );
    }

    #[test]
    fn a_case_with_output_only_is_open_and_closed() {
        let mut out = String::new();
        let case = Case {
            classname: "a.toml".into(),
            name: "x".into(),
            problem: None,
            output: Some("line 1\nline <2>".into()),
        };
        case.write(&mut out).unwrap();
        assert_eq!(
            out,
            "    <testcase classname=\"a.toml\" name=\"x\" time=\"0\">\n      <system-out>line 1&#10;line &lt;2&gt;</system-out>\n    </testcase>\n"
        );
    }
}
