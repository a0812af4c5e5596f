//! Expression evaluation for one lead. Missing values: arithmetic on a missing value is
//! missing; every test on a missing value is false (`not` then makes it true).

use super::Env;
use crate::data::Value;
use crate::ir::{Expr, ExprId, Ref};
use crate::syntax::ast::{ArithOp, CmpOp, StrOp};
use std::borrow::Cow;

const DAY: f64 = 86_400.0;

impl<'a> Env<'a> {
    /// The raw value a reference points at.
    pub fn value(&self, r: Ref) -> Cow<'a, Value> {
        match r {
            Ref::Lead(slot) => Cow::Borrowed(
                self.lead
                    .values
                    .get(slot as usize)
                    .unwrap_or(&Value::Missing),
            ),
            Ref::Event(slot) => match self.event {
                Some(e) => Cow::Borrowed(e.attrs.get(slot as usize).unwrap_or(&Value::Missing)),
                None => Cow::Owned(Value::Missing),
            },
            Ref::EventAt => Cow::Owned(self.event.map_or(Value::Missing, |e| Value::Ts(e.at))),
        }
    }

    fn ts(&self, r: Ref) -> Option<i64> {
        match *self.value(r) {
            Value::Ts(t) => Some(t),
            _ => None,
        }
    }

    /// Days from `t` to as-of, as the language defines them (seconds / 86400).
    pub fn days_since(&self, t: i64) -> f64 {
        self.as_of.saturating_sub(t) as f64 / DAY
    }

    /// Evaluates a numeric node.
    pub fn num(&self, id: ExprId) -> Option<f64> {
        match self.p.expr(id) {
            Expr::Num(v) => Some(*v),
            Expr::NumLoad(r) => match *self.value(*r) {
                Value::Num(v) => Some(v),
                _ => None,
            },
            Expr::DaysSince(r) => self.ts(*r).map(|t| self.days_since(t)),
            Expr::DaysSinceEvent { pattern, last } => self
                .edge_event(*pattern, *last)
                .map(|i| self.days_since(self.events[i].at)),
            Expr::Count(p) => Some(self.count(*p) as f64),
            Expr::Sum { pattern, attr } => self.sum(*pattern, *attr),
            Expr::Neg(a) => self.num(*a).map(|v| -v),
            Expr::Arith(op, a, b) => arith(*op, self.num(*a)?, self.num(*b)?),
            Expr::Score(s) => self.scores.get(*s as usize).copied(),
            _ => None,
        }
    }

    /// Evaluates a text node.
    pub fn text(&self, id: ExprId) -> Option<Cow<'a, str>> {
        match self.p.expr(id) {
            Expr::Str(s) => Some(Cow::Borrowed(s.as_str())),
            Expr::StrLoad(r) => match self.value(*r) {
                Cow::Borrowed(Value::Str(s)) => Some(Cow::Borrowed(s.as_str())),
                Cow::Owned(Value::Str(s)) => Some(Cow::Owned(s)),
                _ => None,
            },
            Expr::Lower(a) => self.text(*a).map(|s| Cow::Owned(s.to_lowercase())),
            _ => None,
        }
    }

    /// Evaluates a condition node.
    pub fn cond(&self, id: ExprId) -> bool {
        match self.p.expr(id) {
            Expr::Bool(b) => *b,
            Expr::BoolLoad(r) => matches!(*self.value(*r), Value::Bool(true)),
            Expr::CmpNum(op, a, b) => match (self.num(*a), self.num(*b)) {
                (Some(x), Some(y)) => compare(*op, x.partial_cmp(&y)),
                _ => false,
            },
            Expr::StrEq { a, b, negated } => match (self.text(*a), self.text(*b)) {
                (Some(x), Some(y)) => (x == y) != *negated,
                _ => false,
            },
            Expr::CmpTs(op, a, b) => match (self.ts(*a), self.ts(*b)) {
                (Some(x), Some(y)) => compare(*op, Some(x.cmp(&y))),
                _ => false,
            },
            Expr::EnumIn(r, v) => matches!(*self.value(*r), Value::Enum(i) if v.contains(&i)),
            Expr::TierIn(s, v) => self.tiers.get(*s as usize).is_some_and(|t| v.contains(t)),
            Expr::StrIn(e, list) => self.text(*e).is_some_and(|x| list.iter().any(|l| *l == *x)),
            Expr::InRange(e, lo, hi) => self.num(*e).is_some_and(|x| *lo <= x && x <= *hi),
            Expr::StrTest(op, e, needle) => self.text(*e).is_some_and(|x| match op {
                StrOp::Contains => x.contains(needle.as_str()),
                StrOp::StartsWith => x.starts_with(needle.as_str()),
                StrOp::EndsWith => x.ends_with(needle.as_str()),
            }),
            Expr::IsMissing(e) => {
                if is_text(self.p.expr(*e)) {
                    self.text(*e).is_none()
                } else {
                    self.num(*e).is_none()
                }
            }
            Expr::Present(r) => !self.value(*r).is_missing(),
            Expr::And(parts) => parts.iter().all(|p| self.cond(*p)),
            Expr::Or(parts) => parts.iter().any(|p| self.cond(*p)),
            Expr::Not(a) => !self.cond(*a),
            Expr::Any(p) => self.edge_event(*p, true).is_some(),
            Expr::None(p) => self.edge_event(*p, true).is_none(),
            _ => false,
        }
    }
}

/// True for nodes that yield text.
pub fn is_text(e: &Expr) -> bool {
    matches!(e, Expr::Str(_) | Expr::StrLoad(_) | Expr::Lower(_))
}

/// Arithmetic; division by zero and overflow to infinity are missing, never NaN or ∞.
pub fn arith(op: ArithOp, a: f64, b: f64) -> Option<f64> {
    let v = match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div if b == 0.0 => return None,
        ArithOp::Div => a / b,
    };
    v.is_finite().then_some(v)
}

fn compare(op: CmpOp, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    match (op, ord) {
        (_, None) => false,
        (CmpOp::Eq, Some(o)) => o == Equal,
        (CmpOp::Ne, Some(o)) => o != Equal,
        (CmpOp::Lt, Some(o)) => o == Less,
        (CmpOp::Le, Some(o)) => o != Greater,
        (CmpOp::Gt, Some(o)) => o == Greater,
        (CmpOp::Ge, Some(o)) => o != Less,
    }
}
