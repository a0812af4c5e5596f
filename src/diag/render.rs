//! The one renderer for diagnostics: miette graphics for people, JSON for machines.

use super::{Diagnostic, Diagnostics, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt;

/// Adapts our data to miette's trait, which wants owned boxes and iterators.
struct Report<'a> {
    diag: &'a Diagnostic,
    named: NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.named)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.diag.source.text.len();
        Some(Box::new(self.diag.labels.iter().enumerate().map(
            move |(i, l)| {
                let start = l.span.start.min(len);
                let end = l.span.end.clamp(start, len);
                let span = (start, end - start);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(l.text.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(l.text.clone()), span)
                }
            },
        )))
    }
}

fn render_with(diags: &Diagnostics, theme: GraphicalTheme) -> String {
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for diag in &diags.0 {
        let report = Report {
            diag,
            named: NamedSource::new(&diag.source.name, printable(&diag.source.text)),
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}: {}\n", diag.code, diag.message));
        }
    }
    out
}

/// Control characters would garble a terminal; spaces keep every byte offset in place.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_control() && !matches!(c, '\n' | '\t' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Colored, for a terminal.
pub fn render_human(diags: &Diagnostics) -> String {
    render_with(diags, GraphicalTheme::unicode())
}

/// Same layout without color, for logs and snapshots.
pub fn render_plain(diags: &Diagnostics) -> String {
    render_with(diags, GraphicalTheme::unicode_nocolor())
}

/// "2 errors, 1 warning" style summary.
pub fn summary_line(diags: &Diagnostics) -> String {
    let (e, w) = diags.counts();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(e, "error"), plural(w, "warning"))
}

/// One JSON object per diagnostic, in an array.
pub fn render_json(diags: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = diags.0.iter().map(json_one).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

fn json_one(d: &Diagnostic) -> serde_json::Value {
    let span = d.span();
    let (line, column) = d.source.line_col(span.start);
    let (end_line, end_column) = d.source.line_col(span.end);
    let labels: Vec<serde_json::Value> = d
        .labels
        .iter()
        .map(|l| {
            let (line, column) = d.source.line_col(l.span.start);
            serde_json::json!({
                "message": l.text, "line": line, "column": column,
                "offset": l.span.start, "length": l.span.end - l.span.start,
            })
        })
        .collect();
    serde_json::json!({
        "code": d.code.as_str(),
        "name": d.code.slug(),
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": d.message,
        "file": d.source.name.as_ref(),
        "line": line, "column": column, "end_line": end_line, "end_column": end_column,
        "labels": labels,
        "help": d.help,
    })
}
