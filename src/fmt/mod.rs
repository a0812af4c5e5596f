//! The canonical formatter for rubric files (`leadscore fmt`).
//!
//! One layout for every rubric (documented in `docs/language.md`, "Formatting"): the header,
//! one blank line between items, two-space indentation, the rules of a score block and the
//! lines of a route block aligned in columns, lines kept within 100 columns where a break
//! can do it, every comment kept. The text is printed from the syntax tree; the source is
//! read again only for comments and for what the tree does not keep (the unit a duration was
//! written in, where keywords stand).
//!
//! Formatting never changes a program: before any text is returned it is parsed again and
//! compared with the original tree (ignoring positions), and its comments with the
//! original's. If either differs that is a bug in the formatter, reported as
//! [`FmtError::Internal`], and nothing should be written.

mod align;
pub mod comments;
mod doc;
pub mod equiv;
mod equiv_test;
mod expr;
mod layout;
pub(crate) mod literal;
mod route;
mod score;
mod test_block;
mod tiers;

use crate::diag::{Diagnostics, Source};
use crate::syntax::{self, ast::Rubric};

/// Why a file could not be formatted.
#[derive(Debug)]
pub enum FmtError {
    /// The file is not a valid rubric: the usual diagnostics.
    Syntax(Diagnostics),
    /// The formatter produced something that is not the same program: a bug. The file must
    /// be left as it is.
    Internal(String),
}

/// Formats a rubric, or a test file when the name ends in `.test.score`, and checks that
/// the result is the same program with the same comments.
pub fn format(source: &Source) -> Result<String, FmtError> {
    if source.name.ends_with(".test.score") {
        return format_tests(source);
    }
    let rubric = match syntax::parse_rubric(source) {
        Ok(r) => r,
        // Without a file name (standard input) a test file is known by parsing as one.
        Err(_) if !source.name.ends_with(".score") && syntax::parse_test_file(source).is_ok() => {
            return format_tests(source)
        }
        Err(d) => return Err(FmtError::Syntax(d)),
    };
    let text = print(&rubric, &source.text);
    verify(&rubric, &source.text, &text)?;
    Ok(text)
}

/// Prints a parsed rubric canonically; `src` is the text it was parsed from. Unchecked:
/// use [`format`] unless the result is verified some other way.
pub fn print(rubric: &Rubric, src: &str) -> String {
    let comments = comments::scan(src);
    let mut p = layout::Printer {
        doc: doc::Doc::new(src),
        comments: &comments,
        after_one_line: false,
    };
    p.rubric(rubric);
    p.doc.render(&comments)
}

/// Formats a `*.test.score` file (test blocks only), verified like a rubric.
pub fn format_tests(source: &Source) -> Result<String, FmtError> {
    let tests = syntax::parse_test_file(source).map_err(FmtError::Syntax)?;
    let comments = comments::scan(&source.text);
    let mut p = layout::Printer {
        doc: doc::Doc::new(&source.text),
        comments: &comments,
        after_one_line: false,
    };
    for (i, t) in tests.iter().enumerate() {
        let gaps = if i == 0 {
            doc::Gaps::FIRST
        } else {
            doc::Gaps::ITEM
        };
        p.test_block(t, gaps);
    }
    let text = p.doc.render(&comments);
    let again = Source::new("formatted.test.score", text.clone());
    let reparsed = syntax::parse_test_file(&again).map_err(|d| {
        let first = d.0.first().map_or(String::new(), |d| d.message.clone());
        FmtError::Internal(format!("the formatted text does not parse: {first}"))
    })?;
    if !equiv::Same::same(&tests, &reparsed) {
        return Err(FmtError::Internal(
            "the formatted text has different tests".into(),
        ));
    }
    if comments::texts(&source.text) != comments::texts(&text) {
        return Err(FmtError::Internal(
            "the formatted text does not keep every comment".into(),
        ));
    }
    Ok(text)
}

/// Fails unless `formatted` parses to the same tree as `original` and keeps every comment
/// of `src`.
pub fn verify(original: &Rubric, src: &str, formatted: &str) -> Result<(), FmtError> {
    let again = Source::new("formatted", formatted.to_string());
    let reparsed = syntax::parse_rubric(&again).map_err(|d| {
        let first = d.0.first().map_or(String::new(), |d| d.message.clone());
        FmtError::Internal(format!("the formatted text does not parse: {first}"))
    })?;
    if !equiv::same_rubric(original, &reparsed) {
        return Err(FmtError::Internal(
            "the formatted text is a different rubric".into(),
        ));
    }
    if comments::texts(src) != comments::texts(formatted) {
        return Err(FmtError::Internal(
            "the formatted text does not keep every comment".into(),
        ));
    }
    Ok(())
}
