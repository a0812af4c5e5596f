//! The shape of an expression or pattern: its tree written out without source positions,
//! so two conditions written in different places compare equal exactly when they compute
//! the same thing the same way.

use crate::ir::{Expr, ExprId, PatternId, Program};
use std::fmt::Write;

/// The shape of an expression.
pub(crate) fn expr(p: &Program, id: ExprId) -> String {
    let mut out = String::new();
    write_expr(p, id, &mut out);
    out
}

/// The shape of an event pattern (type, filter, window and sequence).
pub(crate) fn pattern(p: &Program, id: PatternId) -> String {
    let mut out = String::new();
    write_pattern(p, id, &mut out);
    out
}

fn write_pattern(p: &Program, id: PatternId, out: &mut String) {
    let Some(pat) = p.patterns.get(id as usize) else {
        return;
    };
    let _ = write!(out, "pattern({:?} ", pat.event);
    write_opt(p, pat.filter, out);
    let _ = write!(out, " {:?}", pat.within);
    if let Some(f) = &pat.followed {
        let _ = write!(out, " followed({} {:?} {} ", f.negated, f.event, f.within);
        write_opt(p, f.filter, out);
        out.push(')');
    }
    out.push(')');
}

fn write_opt(p: &Program, id: Option<ExprId>, out: &mut String) {
    match id {
        Some(id) => write_expr(p, id, out),
        None => out.push('-'),
    }
}

fn write_all(p: &Program, name: &str, ids: &[ExprId], out: &mut String) {
    out.push_str(name);
    out.push('(');
    for id in ids {
        write_expr(p, *id, out);
        out.push(' ');
    }
    out.push(')');
}

fn write_expr(p: &Program, id: ExprId, out: &mut String) {
    let Some(e) = p.exprs.get(id as usize) else {
        return;
    };
    match e {
        Expr::DaysSinceEvent { pattern, last } => {
            write_around(p, &format!("days_since{last}"), *pattern, out)
        }
        Expr::Count(pat) => write_around(p, "count", *pat, out),
        Expr::Any(pat) => write_around(p, "any", *pat, out),
        Expr::None(pat) => write_around(p, "none", *pat, out),
        Expr::Sum { pattern, attr } => write_around(p, &format!("sum{attr}"), *pattern, out),
        Expr::Neg(a) => write_all(p, "neg", &[*a], out),
        Expr::Lower(a) => write_all(p, "lower", &[*a], out),
        Expr::Not(a) => write_all(p, "not", &[*a], out),
        Expr::IsMissing(a) => write_all(p, "is_missing", &[*a], out),
        Expr::Arith(op, a, b) => write_all(p, &format!("{op:?}"), &[*a, *b], out),
        Expr::CmpNum(op, a, b) => write_all(p, &format!("cmp{op:?}"), &[*a, *b], out),
        Expr::StrEq { a, b, negated } => write_all(p, &format!("str_eq{negated}"), &[*a, *b], out),
        Expr::StrIn(a, list) => write_all(p, &format!("str_in{list:?}"), &[*a], out),
        Expr::InRange(a, lo, hi) => write_all(p, &format!("in{lo:?}..{hi:?}"), &[*a], out),
        Expr::StrTest(op, a, needle) => write_all(p, &format!("{op:?}{needle:?}"), &[*a], out),
        Expr::And(parts) => write_all(p, "and", parts, out),
        Expr::Or(parts) => write_all(p, "or", parts, out),
        // The rest hold no expression or pattern ids: their debug form is their shape.
        leaf => {
            let _ = write!(out, "{leaf:?}");
        }
    }
}

/// `name(pattern)`.
fn write_around(p: &Program, name: &str, pattern: PatternId, out: &mut String) {
    out.push_str(name);
    out.push('(');
    write_pattern(p, pattern, out);
    out.push(')');
}
