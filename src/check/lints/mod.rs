//! Warnings: the rubric compiles, but part of it cannot do what it seems to say. They run
//! on the finished program, and only when there are no errors.

mod double;
mod facts;
mod interval;
mod never_fires;
mod oversized;
pub mod reach;
mod routes;
mod shape;
mod tiers;
mod unused;

use crate::diag::{Diagnostic, Span};
use crate::ir::Program;
use crate::syntax::ast;
use facts::Logic;
use reach::Reach;
use shape::Shapes;

/// What the lints look at, and the warnings they find.
pub(crate) struct Lint<'a> {
    /// The compiled rubric.
    pub p: &'a Program,
    /// Its syntax tree, for the spans the program does not keep (tiers, clamps).
    pub rubric: &'a ast::Rubric,
    /// Where each score is named.
    pub score_spans: &'a [Span],
    /// Reachable range of every score.
    pub reach: &'a Reach<'a>,
    /// Shape numbers of every expression and pattern.
    pub shapes: &'a Shapes,
    /// Warnings found so far.
    pub out: Vec<Diagnostic>,
}

impl<'a> Lint<'a> {
    /// Reasoning about the program's conditions.
    pub fn logic(&self) -> Logic<'a> {
        Logic::new(self.p, self.reach, self.shapes)
    }

    /// Where score `s`'s clamp is written, if it has one.
    pub fn clamp_span(&self, s: usize) -> Option<Span> {
        let blocks = self.rubric.scores.len();
        let clamp = match s.checked_sub(blocks) {
            None => self.rubric.scores.get(s)?.clamp,
            Some(d) => self.rubric.derived.get(d)?.clamp,
        };
        clamp.map(|c| c.span)
    }

    /// Where score `s` is named.
    pub fn score_span(&self, s: usize) -> Span {
        self.score_spans.get(s).copied().unwrap_or_default()
    }
}

/// Every warning for a program that compiled without errors.
pub(super) fn run(p: &Program, rubric: &ast::Rubric, score_spans: &[Span]) -> Vec<Diagnostic> {
    let reach = Reach::new(p);
    let shapes = Shapes::new(p);
    let mut l = Lint {
        p,
        rubric,
        score_spans,
        reach: &reach,
        shapes: &shapes,
        out: Vec::new(),
    };
    never_fires::run(&mut l);
    unused::run(&mut l);
    tiers::run(&mut l);
    routes::run(&mut l);
    double::run(&mut l);
    oversized::run(&mut l);
    l.out
}

/// A number as the rubric would write it: `80`, `2.5`, `-10`.
pub(crate) fn num(v: f64) -> String {
    crate::eval::explain::fmt_num(v)
}
