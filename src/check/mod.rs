//! The checker: untyped AST + schema → typed `ir::Program`, reporting every error at once.

mod compare;
mod expr;
mod hash;
mod lints;
mod patterns;
mod routes;
mod scores;
pub mod suggest;
mod version;

pub use lints::reach::{score_ranges, Range};
pub use version::version_lint;

use crate::diag::{Code, Diagnostic, Diagnostics, Source, Span};
use crate::ir::{self, ExprId, PatternId, Program};
use crate::schema::Schema;
use crate::syntax::{self, ast};
use std::path::Path;
use std::sync::Arc;

/// A compiled rubric and the warnings found while compiling it.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The program.
    pub program: Program,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
    /// The `test` blocks written in the rubric file, checked.
    pub tests: Vec<crate::testing::Test>,
}

/// Compiles a rubric file, loading the schema it names relative to the rubric's folder.
pub fn compile_file(path: &Path) -> Result<Compiled, Diagnostics> {
    let source = read_source(path)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    compile(source, |rel| Schema::load(&dir.join(rel)))
}

/// Reads a `.score` file (rubric or tests) as text, with a diagnostic when it cannot.
pub fn read_source(path: &Path) -> Result<Source, Diagnostics> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let src = Source::new(name.clone(), "");
        let d = Diagnostic::error(
            Code::Unreadable,
            &src,
            Span::default(),
            format!("cannot read `{name}`: {e}"),
            "this file",
        )
        .with_help("check the path; rubric files usually end in `.score`");
        Diagnostics(vec![d])
    })?;
    text_source(name, bytes)
}

/// Wraps file bytes as a source, rejecting what is not UTF-8 text.
pub fn text_source(name: String, bytes: Vec<u8>) -> Result<Source, Diagnostics> {
    match String::from_utf8(bytes) {
        // Some editors start UTF-8 files with a byte-order mark; it is not part of the rubric.
        Ok(text) => Ok(Source::new(
            name,
            text.strip_prefix('\u{feff}').unwrap_or(&text),
        )),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let src = Source::new(name, lossy);
            let d = Diagnostic::error(
                Code::NotText,
                &src,
                Span::new(at, at + 1),
                "this file is not UTF-8 text",
                "invalid byte here",
            )
            .with_help("rubrics are plain text files; save the file as UTF-8");
            Err(Diagnostics(vec![d]))
        }
    }
}

/// Compiles rubric text. `load_schema` resolves the path written in `use schema "…"`.
pub fn compile(
    source: Source,
    load_schema: impl FnOnce(&str) -> Result<Schema, Diagnostics>,
) -> Result<Compiled, Diagnostics> {
    let rubric = syntax::parse_rubric(&source)?;
    let schema = match load_schema(&rubric.schema_path.text) {
        Ok(s) => Arc::new(s),
        Err(mut diags) => {
            for d in &mut diags.0 {
                if d.code == Code::SchemaUnreadable {
                    d.source = source.clone();
                    d.labels = vec![crate::diag::Label {
                        span: rubric.schema_path.span,
                        text: "this schema file".into(),
                    }];
                }
            }
            return Err(diags);
        }
    };
    check(&rubric, schema, &source)
}

/// Type-checks a parsed rubric against a schema.
pub fn check(
    rubric: &ast::Rubric,
    schema: Arc<Schema>,
    source: &Source,
) -> Result<Compiled, Diagnostics> {
    let mut c = Checker::new(schema, source);
    scores::check_scores(&mut c, rubric);
    routes::check_tiers(&mut c, rubric);
    routes::check_routes(&mut c, rubric);
    let mut diags = Diagnostics(std::mem::take(&mut c.diags));
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let score_spans = std::mem::take(&mut c.score_spans);
    let program = c.finish(rubric);
    diags.0.extend(lints::run(&program, rubric, &score_spans));
    diags.sort();
    // Tests are checked against the finished program: they name its rules, scores and tiers.
    let (tests, test_diags) = crate::testing::resolve(&program, &rubric.tests, source);
    if !test_diags.is_empty() {
        let mut all = Diagnostics(test_diags);
        all.0.extend(diags.0);
        all.sort();
        return Err(all);
    }
    Ok(Compiled {
        program,
        warnings: diags,
        tests,
    })
}

/// What names an expression may use.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ctx {
    /// Inside an event pattern or an event rule's points: the event type (`Some(None)`: any type).
    pub event: Option<Option<u32>>,
    /// How many scores (from id 0) are visible.
    pub scores: usize,
    /// Tier sets are visible (routes).
    pub tiers: bool,
}

/// Checker state: arenas under construction, the schema, and collected diagnostics.
pub(crate) struct Checker<'s> {
    pub schema: Arc<Schema>,
    pub source: &'s Source,
    pub exprs: Vec<ir::Expr>,
    pub spans: Vec<Span>,
    pub patterns: Vec<ir::Pattern>,
    pub scores: Vec<ir::Score>,
    /// Where each score was named, for messages.
    pub score_spans: Vec<Span>,
    pub tier_sets: Vec<ir::TierSet>,
    pub routes: Vec<ir::RouteLine>,
    pub diags: Vec<Diagnostic>,
}

impl<'s> Checker<'s> {
    fn new(schema: Arc<Schema>, source: &'s Source) -> Self {
        Checker {
            schema,
            source,
            exprs: vec![],
            spans: vec![],
            patterns: vec![],
            scores: vec![],
            score_spans: vec![],
            tier_sets: vec![],
            routes: vec![],
            diags: vec![],
        }
    }

    /// Adds an expression node to the arena.
    pub fn push(&mut self, e: ir::Expr, span: Span) -> ExprId {
        self.exprs.push(e);
        self.spans.push(span);
        (self.exprs.len() - 1) as ExprId
    }

    /// Adds a pattern to the arena.
    pub fn push_pattern(&mut self, p: ir::Pattern) -> PatternId {
        self.patterns.push(p);
        (self.patterns.len() - 1) as PatternId
    }

    /// Records an error.
    pub fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, self.source, span, message, label).with_help(help));
    }

    /// Records a diagnostic built by the caller.
    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A score id by name among the first `visible` scores.
    pub fn score_id(&self, name: &str, visible: usize) -> Option<usize> {
        self.scores
            .iter()
            .take(visible)
            .position(|s| s.name == name)
    }

    fn finish(self, rubric: &ast::Rubric) -> Program {
        let mut p = Program {
            name: rubric.name.text.clone(),
            version: rubric.version,
            version_span: rubric.version_span,
            hash: String::new(),
            schema: self.schema,
            source: self.source.clone(),
            exprs: self.exprs,
            spans: self.spans,
            patterns: self.patterns,
            scores: self.scores,
            tier_sets: self.tier_sets,
            routes: self.routes,
        };
        p.hash = hash::content_hash(&p);
        p
    }
}
