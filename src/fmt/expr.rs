//! Expressions and event patterns as text, with the fewest parentheses that parse back to
//! the same tree, and as *parts*: the places where a long condition may be broken.

use super::literal::{duration, num, quoted};
use crate::diag::Span;
use crate::syntax::ast::{ArithOp, Expr, ExprKind, ListItem, Pattern};

/// A piece of a line that may go on a line of its own when the whole is too long.
#[derive(Clone, Debug)]
pub struct Part {
    /// The text, with the `and`/`or` that joins it to the next part at its end.
    pub text: String,
    /// The source it was printed from; comments are attached by it.
    pub span: Span,
    /// 0: never starts a line; 1: `followed by`; 2: a clause of an `and`/`or` condition.
    pub level: u8,
}

impl Part {
    /// A first part, starting at `start` in the source.
    pub fn head(text: &str, start: usize) -> Part {
        Part {
            text: text.to_string(),
            span: Span::new(start, start + text.len()),
            level: 0,
        }
    }
}

/// The parts joined on one line.
pub fn flat(parts: &[Part]) -> String {
    let texts: Vec<&str> = parts
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    texts.join(" ")
}

/// Appends text to the last part, separated by a space, and extends its span to `end`.
pub fn append(parts: &mut [Part], text: &str, end: usize) {
    if let Some(last) = parts.last_mut() {
        if !last.text.is_empty() && !text.is_empty() {
            last.text.push(' ');
        }
        last.text.push_str(text);
        last.span.end = last.span.end.max(end);
    }
}

/// Appends a condition; the clauses of a top-level `and`/`or` become parts of their own.
pub fn push_cond(parts: &mut Vec<Part>, src: &str, e: &Expr) {
    let (clauses, joiner, min): (Vec<&Expr>, &str, u8) = match &e.kind {
        ExprKind::Or(v) => (v.iter().collect(), " or", OR + 1),
        ExprKind::And(v) => (v.iter().collect(), " and", AND + 1),
        _ => (vec![e], "", 0),
    };
    for (i, c) in clauses.iter().enumerate() {
        let mut text = child(src, c, min);
        if i + 1 < clauses.len() {
            text.push_str(joiner);
        }
        if i == 0 {
            append(parts, &text, c.span.end);
        } else {
            parts.push(Part {
                text,
                span: c.span,
                level: 2,
            });
        }
    }
}

/// Appends an event pattern; `followed by` and the clauses of its conditions become parts.
pub fn push_pattern(parts: &mut Vec<Part>, src: &str, p: &Pattern) {
    append(parts, &p.event.text, p.event.span.end);
    if let Some(f) = &p.filter {
        append(parts, "where", 0);
        push_cond(parts, src, f);
    }
    if let Some(d) = &p.within {
        append(parts, "within", 0);
        append(parts, &duration(src, d.span, d.seconds), d.span.end);
    }
    if let Some(f) = &p.followed {
        let by = super::comments::kw_before(src, f.event.span.start, "by");
        let mut start = super::comments::kw_before(src, by, "followed");
        if f.negated {
            start = super::comments::kw_before(src, start, "not");
        }
        let kw = if f.negated {
            "not followed by"
        } else {
            "followed by"
        };
        parts.push(Part {
            level: 1,
            ..Part::head(kw, start)
        });
        append(parts, &f.event.text, f.event.span.end);
        if let Some(c) = &f.filter {
            append(parts, "where", 0);
            push_cond(parts, src, c);
        }
        append(parts, "within", 0);
        append(
            parts,
            &duration(src, f.within.span, f.within.seconds),
            f.within.span.end,
        );
    }
}

/// A pattern on one line (inside `count(…)` and the other calls).
pub fn pattern(src: &str, p: &Pattern) -> String {
    let mut parts = vec![Part::head("", p.span.start)];
    push_pattern(&mut parts, src, p);
    flat(&parts)
}

// Binding strength, loosest first, as in the grammar's precedence levels.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const SUM: u8 = 5;
const PROD: u8 = 6;
const NEG: u8 = 7;
const ATOM: u8 = 8;

fn prec(k: &ExprKind) -> u8 {
    match k {
        ExprKind::Or(_) => OR,
        ExprKind::And(_) => AND,
        ExprKind::Not(_) => NOT,
        ExprKind::Cmp(..)
        | ExprKind::InList { .. }
        | ExprKind::InRange { .. }
        | ExprKind::StrTest(..)
        | ExprKind::IsMissing { .. } => CMP,
        ExprKind::Arith(ArithOp::Add | ArithOp::Sub, ..) => SUM,
        ExprKind::Arith(..) => PROD,
        ExprKind::Neg(_) => NEG,
        _ => ATOM,
    }
}

/// `e` where the grammar expects something binding at least as tightly as `min`:
/// parenthesised when it binds more loosely. `a or b` inside an `or` is parenthesised too,
/// because the tree keeps the grouping the parentheses made.
fn child(src: &str, e: &Expr, min: u8) -> String {
    let text = expr(src, e);
    if prec(&e.kind) < min {
        format!("({text})")
    } else {
        text
    }
}

/// An expression on one line.
pub fn expr(src: &str, e: &Expr) -> String {
    use ExprKind::*;
    match &e.kind {
        Num(v) => num(*v),
        Days(d) => duration(src, e.span, d * 86_400.0),
        Str(s) => quoted(s),
        Bool(b) => b.to_string(),
        Name(n) => n.clone(),
        Or(v) => join(src, v, " or ", OR + 1),
        And(v) => join(src, v, " and ", AND + 1),
        // `not employees > 500` means `not (employees > 500)` but reads as if `not` applied
        // to `employees`, so a negated comparison or test keeps its parentheses.
        Not(a) if matches!(a.kind, Not(_)) => format!("not {}", expr(src, a)),
        Not(a) => format!("not {}", child(src, a, SUM)),
        Neg(a) => {
            let inner = child(src, a, NEG);
            let sep = if inner.starts_with('-') { " " } else { "" };
            format!("-{sep}{inner}")
        }
        Cmp(op, a, b) => format!(
            "{} {} {}",
            child(src, a, SUM),
            op.as_str(),
            child(src, b, SUM)
        ),
        Arith(op, a, b) => {
            let (sym, lhs, rhs) = match op {
                ArithOp::Add => ("+", SUM, PROD),
                ArithOp::Sub => ("-", SUM, PROD),
                ArithOp::Mul => ("*", PROD, NEG),
                ArithOp::Div => ("/", PROD, NEG),
            };
            format!("{} {sym} {}", child(src, a, lhs), child(src, b, rhs))
        }
        InList {
            value,
            items,
            negated,
        } => {
            let items: Vec<String> = items.iter().map(list_item).collect();
            let not = if *negated { "not " } else { "" };
            format!("{} {not}in [{}]", child(src, value, SUM), items.join(", "))
        }
        InRange {
            value,
            lo,
            hi,
            negated,
        } => {
            let not = if *negated { "not " } else { "" };
            let (lo, hi) = (num(lo.value), num(hi.value));
            format!("{} {not}in {lo}..{hi}", child(src, value, SUM))
        }
        StrTest(op, value, text) => {
            format!(
                "{} {} {}",
                child(src, value, SUM),
                op.as_str(),
                quoted(&text.text)
            )
        }
        IsMissing { value, negated } => {
            let test = if *negated { "is present" } else { "is missing" };
            format!("{} {test}", child(src, value, SUM))
        }
        Lower(a) => format!("lower({})", expr(src, a)),
        DaysSince(a) => format!("days_since({})", expr(src, a)),
        DaysSinceEvent { last, pattern: p } => {
            let which = if *last { "last" } else { "first" };
            format!("days_since({which} {})", pattern(src, p))
        }
        Count(p) => format!("count({})", pattern(src, p)),
        Any(p) => format!("any({})", pattern(src, p)),
        None(p) => format!("none({})", pattern(src, p)),
        Sum { pattern: p, attr } => {
            let mut parts = vec![Part::head("", p.span.start)];
            push_pattern(&mut parts, src, p);
            let text = flat(&parts);
            // `sum(page_view.seconds where …)`: the attribute goes right after the event.
            let rest = &text[p.event.text.len()..];
            format!("sum({}.{}{rest})", p.event.text, attr.text)
        }
    }
}

fn join(src: &str, parts: &[Expr], sep: &str, min: u8) -> String {
    let texts: Vec<String> = parts.iter().map(|p| child(src, p, min)).collect();
    texts.join(sep)
}

pub(super) fn list_item(item: &ListItem) -> String {
    match item {
        ListItem::Str(s) => quoted(&s.text),
        ListItem::Num(n) => num(n.value),
        ListItem::Word(w) => w.text.clone(),
    }
}
