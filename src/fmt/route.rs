//! The route block: guards padded to one column, then the actions; a line too long for
//! that has its guard on one line (broken after `and`/`or` if needed) and its actions below.

use super::align::{columns, WIDTH};
use super::comments::{kw_before, skip_trivia};
use super::doc::Gaps;
use super::expr::{append, flat, push_cond, Part};
use super::layout::{inner, Printer, INDENT};
use super::literal::{num, quoted};
use crate::diag::Span;
use crate::syntax::ast::{Guard, RouteBlock, RouteLine};

/// Space between the guard column and the actions (as in the README's examples).
const AFTER_GUARD: usize = 3;

impl Printer<'_> {
    /// `route { … }`.
    pub(super) fn route(&mut self, r: &RouteBlock) {
        let RouteBlock { lines, span } = r;
        let brace = self.brace_end(span.start + "route".len());
        self.doc.push(
            0,
            "route {".into(),
            Span::new(span.start, brace),
            Gaps::ITEM,
        );
        let rows: Vec<Vec<String>> = lines
            .iter()
            .map(|l| vec![flat(&self.guard(l)), actions(l)])
            .collect();
        let aligned = columns(&rows, &[AFTER_GUARD], INDENT, WIDTH);
        let group = self.doc.group();
        for (i, (line, text)) in lines.iter().zip(aligned).enumerate() {
            match text {
                Some(text) => self.doc.push_grouped(text, line.span, inner(i), group),
                None => {
                    let guard = self.guard(line);
                    self.parts(&guard, INDENT, inner(i));
                    let start = line.actions.first().map_or(line.span.end, |a| {
                        kw_before(self.src(), a.target.span.start, a.kind.as_str())
                    });
                    let span = Span::new(start, line.span.end);
                    self.doc
                        .push(INDENT + 2, rows[i][1].clone(), span, Gaps::CONT);
                }
            }
        }
        self.close(lines.last().map_or(brace, |l| l.span.end));
    }

    fn guard(&self, l: &RouteLine) -> Vec<Part> {
        let src = self.src();
        let at = l.span.start;
        match &l.guard {
            Guard::When(e) => {
                let mut parts = vec![Part::head("when", at)];
                push_cond(&mut parts, src, e);
                parts
            }
            Guard::Sample { percent, cond } => {
                let mut parts = vec![Part::head("sample", at)];
                append(
                    &mut parts,
                    &format!("{}%", num(percent.value)),
                    percent.span.end,
                );
                if let Some(c) = cond {
                    append(&mut parts, "of", 0);
                    push_cond(&mut parts, src, c);
                }
                parts
            }
            Guard::Otherwise(s) => vec![Part::head("otherwise", skip_trivia(src, s.start))],
        }
    }
}

/// `assign "sales"  notify "#hot"`.
fn actions(l: &RouteLine) -> String {
    let all: Vec<String> = l
        .actions
        .iter()
        .map(|a| format!("{} {}", a.kind.as_str(), quoted(&a.target.text)))
        .collect();
    all.join("  ")
}
