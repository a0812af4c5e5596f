//! Test blocks: `test "name" {`, one statement per line in the order written, `}`. A
//! `lead { … }` or a list that would pass the line limit is wrapped, items filling lines
//! four spaces in; one with comments among its items gets one item per line.

use super::align::WIDTH;
use super::comments::{kw_before, skip_trivia};
use super::doc::Gaps;
use super::expr::list_item;
use super::layout::{inner, Printer, INDENT};
use super::literal::{duration, num, quoted, width};
use crate::diag::Span;
use crate::syntax::test_ast::{Expect, ExpectKind, TestBlock, TestField, TestValue, ValueTest};

/// One statement of a test, in source order.
enum Stmt<'a> {
    AsOf(&'a crate::syntax::ast::Name),
    Lead(Span),
    Event(&'a crate::syntax::test_ast::TestEvent),
    Expect(&'a Expect),
}

impl Printer<'_> {
    /// `test "NAME" { … }`; `gaps` says what stands before it.
    pub(super) fn test_block(&mut self, t: &TestBlock, gaps: Gaps) {
        let src = self.src();
        let start = kw_before(src, t.name.span.start, "test");
        let brace = self.brace_end(t.name.span.end);
        let head = format!("test {} {{", quoted(&t.name.text));
        self.doc.push(0, head, Span::new(start, brace), gaps);
        let mut stmts: Vec<(usize, Stmt)> = Vec::new();
        if let Some(a) = &t.as_of {
            stmts.push((
                kw_before(src, kw_before(src, a.span.start, "of"), "as"),
                Stmt::AsOf(a),
            ));
        }
        if let Some(l) = t.lead_span {
            stmts.push((l.start, Stmt::Lead(l)));
        }
        stmts.extend(t.events.iter().map(|e| (e.span.start, Stmt::Event(e))));
        stmts.extend(t.expects.iter().map(|e| (e.span.start, Stmt::Expect(e))));
        stmts.sort_by_key(|(at, _)| *at);
        let mut last = brace;
        for (i, (at, stmt)) in stmts.into_iter().enumerate() {
            let g = inner(i);
            last = match stmt {
                Stmt::AsOf(a) => {
                    let span = Span::new(at, a.span.end);
                    self.doc
                        .push(INDENT, format!("as of {}", quoted(&a.text)), span, g);
                    a.span.end
                }
                Stmt::Lead(span) => {
                    self.fields("lead", &t.lead, span, g);
                    span.end
                }
                Stmt::Event(e) => {
                    let head = format!(
                        "{} at {}",
                        e.event.text,
                        duration(src, e.at.span, e.at.seconds)
                    );
                    if e.attrs.is_empty() {
                        self.doc.push(INDENT, head, e.span, g);
                    } else {
                        self.fields(&head, &e.attrs, e.span, g);
                    }
                    e.span.end
                }
                Stmt::Expect(e) => {
                    self.expect(e, g);
                    e.span.end
                }
            };
        }
        self.close(last);
    }

    /// `HEAD { a = 1, b = 2 }` on one line, or one field per line when that is too long.
    fn fields(&mut self, head: &str, fields: &[TestField], span: Span, gaps: Gaps) {
        let src = self.src();
        let items: Vec<(String, Span)> = fields
            .iter()
            .map(|f| {
                let text = format!("{} = {}", f.name.text, value(src, &f.value));
                (text, Span::new(f.name.span.start, f.value.span().end))
            })
            .collect();
        let (open, close) = ("{", "}");
        self.list(head, open, close, &items, span, gaps);
    }

    /// `HEAD OPEN a, b CLOSE` on one line, or `HEAD OPEN`, one `item,` per line, `CLOSE`.
    fn list(
        &mut self,
        head: &str,
        open: &str,
        close: &str,
        items: &[(String, Span)],
        span: Span,
        gaps: Gaps,
    ) {
        let all: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
        let pad = if open == "{" && !items.is_empty() {
            " "
        } else {
            ""
        };
        let one = format!("{head} {open}{pad}{}{pad}{close}", all.join(", "));
        // Only a comment inside the brackets needs the long form: one before the bracket
        // goes above the line either way, and counting it would change the layout on the
        // second run.
        let open_at = items.first().map_or(span.end, |(_, at)| {
            let before = &self.src()[span.start..at.start];
            span.start + before.rfind(open).unwrap_or(0)
        });
        let inside_comment = self
            .comments
            .iter()
            .any(|c| c.start > open_at && c.start < span.end);
        if items.is_empty() || (!inside_comment && INDENT + width(&one) <= WIDTH) {
            self.doc.push(INDENT, one, span, gaps);
            return;
        }
        let first = items[0].1.start;
        self.doc.push(
            INDENT,
            format!("{head} {open}"),
            Span::new(span.start, first),
            gaps,
        );
        // With comments among the items, each item keeps its own line (and its comment).
        let rows: Vec<&[(String, Span)]> = if inside_comment {
            items.chunks(1).collect()
        } else {
            fill(items)
        };
        for (k, row) in rows.into_iter().enumerate() {
            let text: Vec<&str> = row.iter().map(|(t, _)| t.as_str()).collect();
            let end_of_list = std::ptr::eq(row.last().unwrap(), items.last().unwrap());
            let comma = if end_of_list { "" } else { "," };
            let span = Span::new(row[0].1.start, row[row.len() - 1].1.end);
            self.doc.push(
                2 * INDENT,
                format!("{}{comma}", text.join(", ")),
                span,
                inner(k),
            );
        }
        let end = skip_trivia(self.src(), items[items.len() - 1].1.end);
        // A trailing comma may stand before the closing bracket.
        let end = if self.src()[end..].starts_with(',') {
            skip_trivia(self.src(), end + 1)
        } else {
            end
        };
        self.doc.push(
            INDENT,
            close.to_string(),
            Span::new(end, end + 1),
            Gaps::CLOSE,
        );
        if let Some(l) = self.doc.last_mut() {
            l.comment_indent = 2 * INDENT;
        }
    }

    fn expect(&mut self, e: &Expect, gaps: Gaps) {
        match &e.kind {
            ExpectKind::Fired { negated, rules } => {
                let head = format!("expect {}fired", if *negated { "not " } else { "" });
                let items: Vec<(String, Span)> =
                    rules.iter().map(|r| (quoted(&r.text), r.span)).collect();
                self.list(&head, "[", "]", &items, e.span, gaps);
            }
            ExpectKind::Route {
                negated, actions, ..
            } => {
                let head = format!("expect {}route", if *negated { "not " } else { "" });
                let items: Vec<(String, Span)> = actions
                    .iter()
                    .map(|a| {
                        let start = kw_before(self.src(), a.target.span.start, a.kind.as_str());
                        (
                            format!("{} {}", a.kind.as_str(), quoted(&a.target.text)),
                            Span::new(start, a.target.span.end),
                        )
                    })
                    .collect();
                self.list(&head, "[", "]", &items, e.span, gaps);
            }
            ExpectKind::Value { target, test } => {
                let text = format!("expect {} {}", target.text, value_test(test));
                self.doc.push(INDENT, text, e.span, gaps);
            }
        }
    }
}

/// Items in rows that fit the line limit at the inner indentation, in order.
fn fill(items: &[(String, Span)]) -> Vec<&[(String, Span)]> {
    let mut rows = Vec::new();
    let (mut from, mut used) = (0, 2 * INDENT);
    for (i, (text, _)) in items.iter().enumerate() {
        // Each item takes its text plus ", " (or the final comma of the row).
        let w = width(text) + 2;
        if i > from && used + w > WIDTH {
            rows.push(&items[from..i]);
            from = i;
            used = 2 * INDENT;
        }
        used += w;
    }
    rows.push(&items[from..]);
    rows
}

fn value(src: &str, v: &TestValue) -> String {
    match v {
        TestValue::Text(t) => quoted(&t.text),
        TestValue::Word(w) => w.text.clone(),
        TestValue::Num(n) => num(n.value),
        TestValue::Duration(d) => duration(src, d.span, d.seconds),
        TestValue::Bool(b, _) => b.to_string(),
        TestValue::Missing(_) => "missing".into(),
    }
}

fn value_test(t: &ValueTest) -> String {
    let not = |n: bool| if n { "not " } else { "" };
    match t {
        // The decimals written are part of the meaning: `about 39.0` is stricter than `about 39`.
        ValueTest::About(n, d) => format!("about {:.*}", *d as usize, n.value),
        ValueTest::Cmp(op, item) => format!("{} {}", op.as_str(), list_item(item)),
        ValueTest::InList { negated, items } => {
            let all: Vec<String> = items.iter().map(list_item).collect();
            format!("{}in [{}]", not(*negated), all.join(", "))
        }
        ValueTest::InRange { negated, lo, hi } => {
            format!("{}in {}..{}", not(*negated), num(lo.value), num(hi.value))
        }
    }
}
