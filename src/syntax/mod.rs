//! Parsing: text → pest parse tree → untyped AST with spans.

pub mod ast;
mod build;
mod errors;
mod schema_build;
pub mod test_ast;

pub use build::parse_number;

use crate::diag::{Code, Diagnostic, Diagnostics, Source, Span};
use pest::Parser as _;

mod parser {
    #![allow(missing_docs)]
    /// The pest parser generated from `grammar/score.pest`; `Rule` names its grammar rules.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/score.pest"]
    pub(crate) struct ScoreParser;
}
pub(crate) use parser::{Rule, ScoreParser};

/// Deepest bracket nesting we accept. pest and our tree walks recurse once per level,
/// so a bound here is what keeps hostile input from overflowing the stack.
pub const MAX_NESTING: usize = 32;

/// Parses a rubric file.
pub fn parse_rubric(source: &Source) -> Result<ast::Rubric, Diagnostics> {
    precheck(source)?;
    let pairs = ScoreParser::parse(Rule::rubric, &source.text)
        .map_err(|e| Diagnostics(vec![errors::from_pest(source, e)]))?;
    build::rubric(source, pairs)
}

/// Parses a `*.test.score` file: test blocks only.
pub fn parse_test_file(source: &Source) -> Result<Vec<test_ast::TestBlock>, Diagnostics> {
    precheck(source)?;
    let pairs = ScoreParser::parse(Rule::test_file, &source.text)
        .map_err(|e| Diagnostics(vec![errors::from_pest(source, e)]))?;
    build::test_file(source, pairs)
}

/// Parses a schema file into its declarations (not yet validated).
pub fn parse_schema(source: &Source) -> Result<schema_build::SchemaAst, Diagnostics> {
    precheck(source)?;
    let pairs = ScoreParser::parse(Rule::schema_file, &source.text)
        .map_err(|e| Diagnostics(vec![errors::from_pest(source, e)]))?;
    Ok(schema_build::schema(pairs))
}

pub use schema_build::{FieldDeclAst, SchemaAst, TypeAst};

/// Rejects input that would make the parser recurse too deeply, before pest sees it.
fn precheck(source: &Source) -> Result<(), Diagnostics> {
    let text = source.text.as_bytes();
    let (mut depth, mut in_str, mut in_comment) = (0usize, false, false);
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        match c {
            b'\n' => in_comment = false,
            _ if in_comment => {}
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            _ if in_str => {}
            b'#' => in_comment = true,
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let d = Diagnostic::error(
                        Code::TooDeep,
                        source,
                        Span::new(i, i + 1),
                        format!("brackets are nested more than {MAX_NESTING} levels deep"),
                        "too deep here",
                    )
                    .with_help(
                        "split the condition into simpler parts; no rubric needs this much nesting",
                    );
                    return Err(Diagnostics(vec![d]));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}
