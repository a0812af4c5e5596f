//! The file as a whole: the header, the items in source order, derived scores, and the
//! rule for breaking a line that is too long.

use super::align::WIDTH;
use super::comments::{kw_before, skip_trivia, word_end, Comment};
use super::doc::{Doc, Gaps};
use super::expr::{flat, Part};
use super::literal::{num, quoted, width};
use crate::diag::Span;
use crate::syntax::ast::{Clamp, Derived, Name, RouteBlock, Rubric, ScoreBlock, TierSet};

/// Indentation of lines inside a block.
pub const INDENT: usize = 2;
/// Extra indentation of a continuation line.
pub const CONT: usize = 4;

/// Builds the lines of one rubric.
pub struct Printer<'s> {
    /// The lines so far.
    pub doc: Doc<'s>,
    /// The comments of the source (some layouts depend on where they are).
    pub comments: &'s [Comment],
    /// The item printed last took one line.
    pub after_one_line: bool,
}

/// A top-level item. The AST keeps each kind in its own list; the formatter prints them in
/// the order they were written, so a new kind of item is one more variant here and one
/// more function to print it.
enum Item<'a> {
    Score(&'a ScoreBlock),
    Derived(&'a Derived),
    Tiers(&'a TierSet),
    Route(&'a RouteBlock),
    Test(&'a crate::syntax::test_ast::TestBlock),
}

impl<'s> Printer<'s> {
    /// The source text.
    pub fn src(&self) -> &'s str {
        self.doc.src
    }

    /// Prints a whole rubric.
    pub fn rubric(&mut self, r: &Rubric) {
        let Rubric {
            name,
            version,
            schema_path,
            scores,
            derived,
            tiers,
            routes,
            tests,
            version_span: _,
        } = r;
        self.header(name, *version, schema_path);
        let src = self.src();
        let mut items: Vec<(usize, Item)> = Vec::new();
        items.extend(
            scores
                .iter()
                .map(|s| (kw_before(src, s.name.span.start, "score"), Item::Score(s))),
        );
        items.extend(
            derived
                .iter()
                .map(|d| (d.name.span.start, Item::Derived(d))),
        );
        items.extend(tiers.iter().map(|t| (t.span.start, Item::Tiers(t))));
        items.extend(routes.iter().map(|r| (r.span.start, Item::Route(r))));
        items.extend(tests.iter().map(|t| (t.span.start, Item::Test(t))));
        items.sort_by_key(|(start, _)| *start);
        for (start, item) in items {
            let before = self.doc.lines.len();
            match item {
                Item::Score(s) => self.score_block(s, start),
                Item::Derived(d) => self.derived(d),
                Item::Tiers(t) => self.tiers(t),
                Item::Route(r) => self.route(r),
                Item::Test(t) => self.test_block(t, Gaps::ITEM),
            }
            self.after_one_line = self.doc.lines.len() == before + 1;
        }
    }

    /// `ruleset "NAME" version N` and `use schema "PATH"`.
    fn header(&mut self, name: &Name, version: u64, schema_path: &Name) {
        let src = self.src();
        let start = skip_trivia(src, 0);
        // The version number has no span in the tree: it is the word after `version`.
        let after_name = skip_trivia(src, name.span.end);
        let end = if src[after_name..].starts_with("version") {
            word_end(src, skip_trivia(src, after_name + "version".len()))
        } else {
            name.span.end
        };
        let head = format!("ruleset {} version {version}", quoted(&name.text));
        self.doc.push(0, head, Span::new(start, end), Gaps::FIRST);
        let use_kw = kw_before(src, kw_before(src, schema_path.span.start, "schema"), "use");
        let schema = format!("use schema {}", quoted(&schema_path.text));
        let span = Span::new(use_kw, schema_path.span.end);
        self.doc.push(0, schema, span, Gaps::FIRST);
    }

    /// Gaps before an item that takes one line (a derived score, a tier set on one line).
    /// A run of them may stand together, as written, like the lines of a block; anything
    /// else is set apart by a blank line.
    pub fn one_line_item(&self) -> Gaps {
        if self.after_one_line {
            Gaps::INNER
        } else {
            Gaps::ITEM
        }
    }

    fn derived(&mut self, d: &Derived) {
        let Derived { name, expr, clamp } = d;
        let mut text = format!("{} = {}", name.text, super::expr::expr(self.src(), expr));
        let mut end = expr.span.end;
        if let Some(c) = clamp {
            text.push(' ');
            text.push_str(&clamp_text(c));
            end = c.span.end;
        }
        self.doc.push(
            0,
            text,
            Span::new(name.span.start, end),
            self.one_line_item(),
        );
    }

    /// The `}` that closes a block, found after `after` (the end of the block's last line).
    pub fn close(&mut self, after: usize) {
        let at = skip_trivia(self.src(), after);
        self.doc
            .push(0, "}".into(), Span::new(at, at + 1), Gaps::CLOSE);
        if let Some(l) = self.doc.last_mut() {
            l.comment_indent = INDENT;
        }
    }

    /// Where the `{` after `after` is, and one past it.
    pub fn brace_end(&self, after: usize) -> usize {
        skip_trivia(self.src(), after) + 1
    }

    /// Lines for parts (a trigger, a guard) at `indent`, the first with `gaps`, the others
    /// continuing it. One line when it fits; else `followed by` starts a line four spaces
    /// deeper; a line still too long is broken after each `and`/`or` of its condition, the
    /// clauses four spaces deeper. A single clause longer than the limit stays whole.
    pub fn parts(&mut self, parts: &[Part], indent: usize, gaps: Gaps) {
        let mut lines = Vec::new();
        if indent + width(&flat(parts)) <= WIDTH {
            lines.push((indent, parts));
        } else {
            for (k, seq) in split(parts, 1).into_iter().enumerate() {
                let at = if k == 0 { indent } else { indent + CONT };
                if at + width(&flat(seq)) <= WIDTH {
                    lines.push((at, seq));
                    continue;
                }
                for (j, clause) in split(seq, 2).into_iter().enumerate() {
                    lines.push((if j == 0 { at } else { at + CONT }, clause));
                }
            }
        }
        for (k, (at, seq)) in lines.into_iter().enumerate() {
            let span = Span::new(
                seq[0].span.start,
                seq.iter().map(|p| p.span.end).max().unwrap_or(0),
            );
            let g = if k == 0 { gaps } else { Gaps::CONT };
            self.doc.push(at, flat(seq), span, g);
        }
    }
}

/// Splits parts before each part whose level is `level`.
fn split(parts: &[Part], level: u8) -> Vec<&[Part]> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, p) in parts.iter().enumerate().skip(1) {
        if p.level == level {
            out.push(&parts[from..i]);
            from = i;
        }
    }
    out.push(&parts[from..]);
    out
}

/// `clamp LO..HI`.
pub fn clamp_text(c: &Clamp) -> String {
    format!("clamp {}..{}", num(c.lo.value), num(c.hi.value))
}

/// Gaps of the `i`-th line of a block.
pub fn inner(i: usize) -> Gaps {
    if i == 0 {
        Gaps::FIRST
    } else {
        Gaps::INNER
    }
}
