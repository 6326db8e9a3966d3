//! What drsim's HTML pages share: the head with the one stylesheet, the
//! charts as captioned figures of inline SVG, a verdict box and the end.
//! The review page (`html`) and the comparison page (`compare_html`) are
//! written with these, so they look alike and are escaped alike.

use std::fmt::Write;

use super::RenderedChart;
use crate::report::escape_markup as esc;

const CSS: &str = "
body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:#212529;max-width:1000px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #dee2e6;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #dee2e6;padding:.3rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}
td{white-space:nowrap}td:first-child{white-space:normal}#inputs td{white-space:normal}#inputs td.num{white-space:nowrap}.id{font-size:.8em;white-space:nowrap}p.note{font-size:.88rem;color:#495057;margin:.2rem 0}
th{background:#f1f3f5}.pass{color:#1b7e1b;font-weight:bold}.fail{color:#c00;font-weight:bold}.marginal{color:#b36b00}
.verdict{font-size:1.15rem;padding:.6rem .8rem;border-radius:4px;margin:.8rem 0}
.verdict.ok{background:#e6f4e6}.verdict.bad{background:#fdeaea}
figure{margin:1.2rem 0;page-break-inside:avoid}figure svg{width:100%;height:auto;border:1px solid #dee2e6}
figcaption{font-size:.88rem;color:#495057;margin-top:.3rem}
ul.drivers li{margin:.25rem 0}code{font-size:.9em}.muted{color:#6c757d}
@media print{body{max-width:none;margin:0}section{page-break-before:always}section:first-of-type{page-break-before:auto}}
";

/// The doctype, the head (title escaped here) with the stylesheet and a
/// page's own rules (`extra_css`), and the opening `<body>`.
pub fn head(out: &mut String, title: &str, extra_css: &str) -> std::fmt::Result {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\"><head><meta charset=\"utf-8\"/>")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
    )?;
    writeln!(out, "<title>{}</title>", esc(title))?;
    writeln!(out, "<style>{CSS}{extra_css}</style></head><body>")
}

/// The section of charts, each a captioned figure.
pub fn charts(out: &mut String, charts: &[RenderedChart]) -> std::fmt::Result {
    writeln!(out, "<section id=\"charts\"><h2>Charts</h2>")?;
    for chart in charts {
        figure(out, chart)?;
    }
    writeln!(out, "</section>")
}

/// A chart as a figure with its caption, its id the chart's name.
pub fn figure(out: &mut String, chart: &RenderedChart) -> std::fmt::Result {
    writeln!(
        out,
        "<figure id=\"{}\">{}<figcaption>{}</figcaption></figure>",
        esc(&chart.name),
        chart.svg,
        esc(chart.caption)
    )
}

/// A verdict in a green (`ok`) or red box; `text` is escaped here.
pub fn verdict(out: &mut String, ok: bool, text: &str) -> std::fmt::Result {
    let class = if ok { "ok" } else { "bad" };
    writeln!(out, "<p class=\"verdict {class}\">{}</p>", esc(text))
}

/// A step or component by the name the scenario gives it, its id after
/// it in small muted text (only the id when the name is the id); escaped.
pub fn named(name: &str, id: &str) -> String {
    if name.is_empty() || name == id {
        esc(id)
    } else {
        format!("{} <span class=\"muted id\">{}</span>", esc(name), esc(id))
    }
}

/// The end of the page.
pub fn end(out: &mut String) -> std::fmt::Result {
    writeln!(out, "</body></html>")
}
