//! Diagnostics are plain data; every stage produces them and one renderer prints them.
//!
//! Style (after Cedar's error guide): messages are lowercase with names in backticks,
//! the label says what is wrong at the span, and `help` says what to do about it.

mod codes;
mod github;
mod render;
mod sarif;

pub use codes::Code;
pub use github::render_github;
pub use render::{render_human, render_json, render_plain, summary_line};
pub use sarif::{help_uri, render_sarif};

use std::sync::Arc;

/// "`a`, `b` or `c`" for messages, at most eight names shown; "nothing" when empty.
pub fn or_list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(8)
        .map(|v| format!("`{}`", v.as_ref()))
        .collect();
    let more = if names.len() > 8 { ", …" } else { "" };
    match shown.len() {
        0 => "nothing".into(),
        1 => shown[0].clone(),
        n => format!("{} or {}{more}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

/// A source file: its display name and full text. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path or name shown in diagnostics.
    pub name: Arc<str>,
    /// The whole text of the file.
    pub text: Arc<str>,
}

impl Source {
    /// Wraps a name and text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A byte range in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Suspicious but the rubric still compiles.
    Warning,
    /// The rubric cannot be compiled.
    Error,
}

/// One labelled span of a diagnostic.
#[derive(Clone, Debug)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is wrong there.
    pub text: String,
}

/// One problem found in a rubric or schema.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable code, documented in `docs/diagnostics.md`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One lowercase sentence.
    pub message: String,
    /// The file the spans point into.
    pub source: Source,
    /// The primary label first.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a primary label.
    pub fn error(
        code: Code,
        source: &Source,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            source: source.clone(),
            labels: vec![Label {
                span,
                text: label.into(),
            }],
            help: None,
        }
    }

    /// A warning with a primary label.
    pub fn warning(
        code: Code,
        source: &Source,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, source, span, message, label)
        }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// The primary span.
    pub fn span(&self) -> Span {
        self.labels.first().map_or(Span::default(), |l| l.span)
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// All diagnostics of one compilation, in source order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts by file, then position, then code, so output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.source.name.as_ref(), a.span().start, a.code.as_str()).cmp(&(
                b.source.name.as_ref(),
                b.span().start,
                b.code.as_str(),
            ))
        });
    }

    /// Count of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        (errors, self.0.len() - errors)
    }
}

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render_plain(self))
    }
}

impl std::error::Error for Diagnostics {}
