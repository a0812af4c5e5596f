//! Typing and lowering expressions.

use super::suggest::did_you_mean;
use super::{Checker, Ctx};
use crate::diag::{Code, Span};
use crate::ir::{Expr, ExprId, Ref};
use crate::schema::Type;
use crate::syntax::ast::{self, ArithOp, ExprKind};

/// The checked type of an expression. Timestamps, enums and tiers are not IR values:
/// they are consumed by the tests that accept them (`days_since`, `in`, `==`, …).
#[derive(Clone, Debug)]
pub(crate) enum Typed {
    Num(ExprId),
    Str(ExprId),
    Bool(ExprId),
    Ts(Ref, String),
    Enum(Ref, String, Vec<String>),
    Tier(u32),
    /// Already reported; suppresses follow-on errors.
    Error,
}

impl Typed {
    /// Plain words for messages.
    pub fn describe(&self) -> String {
        match self {
            Typed::Num(_) => "a number".into(),
            Typed::Str(_) => "text".into(),
            Typed::Bool(_) => "a yes/no condition".into(),
            Typed::Ts(_, n) => format!("a date and time (`{n}`)"),
            Typed::Enum(_, n, _) => format!("a choice from the list of `{n}`"),
            Typed::Tier(_) => "a tier".into(),
            Typed::Error => "an invalid value".into(),
        }
    }
}

impl Checker<'_> {
    /// Checks an expression that must be a condition.
    pub fn condition(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<ExprId> {
        match self.typed(e, ctx) {
            Typed::Bool(id) => Some(id),
            Typed::Error => None,
            other => {
                let what = other.describe();
                self.error(
                    Code::NotACondition,
                    e.span,
                    format!("`{}` is {what}, not a condition", self.source.slice(e.span)),
                    "not a yes/no test",
                    "compare it with something, e.g. `employees >= 50`, `seniority == vp` or `email is present`",
                );
                None
            }
        }
    }

    /// Checks an expression that must be a number.
    pub fn number(&mut self, e: &ast::Expr, ctx: Ctx, code: Code) -> Option<ExprId> {
        match self.typed(e, ctx) {
            Typed::Num(id) => Some(id),
            Typed::Error => None,
            other => {
                let what = other.describe();
                let help = match other {
                    Typed::Ts(..) => "use `days_since(…)` to turn a date into a number of days",
                    _ => "points, clamps and arithmetic need numbers, e.g. `award 10` or `award employees / 100`",
                };
                self.error(
                    code,
                    e.span,
                    format!(
                        "expected a number, but `{}` is {what}",
                        self.source.slice(e.span)
                    ),
                    "not a number",
                    help,
                );
                None
            }
        }
    }

    /// Types and lowers any expression.
    pub fn typed(&mut self, e: &ast::Expr, ctx: Ctx) -> Typed {
        let sp = e.span;
        match &e.kind {
            ExprKind::Num(v) | ExprKind::Days(v) => Typed::Num(self.push(Expr::Num(*v), sp)),
            ExprKind::Str(s) => Typed::Str(self.push(Expr::Str(s.clone()), sp)),
            ExprKind::Bool(b) => Typed::Bool(self.push(Expr::Bool(*b), sp)),
            ExprKind::Name(n) => self.name(n, sp, ctx),
            ExprKind::And(parts) | ExprKind::Or(parts) => {
                let ids: Vec<Option<ExprId>> =
                    parts.iter().map(|p| self.condition(p, ctx)).collect();
                let Some(ids) = ids.into_iter().collect::<Option<Vec<_>>>() else {
                    return Typed::Error;
                };
                let node = if matches!(e.kind, ExprKind::And(_)) {
                    Expr::And(ids)
                } else {
                    Expr::Or(ids)
                };
                Typed::Bool(self.push(node, sp))
            }
            ExprKind::Not(a) => match self.condition(a, ctx) {
                Some(id) => Typed::Bool(self.push(Expr::Not(id), sp)),
                None => Typed::Error,
            },
            ExprKind::Neg(a) => match self.number(a, ctx, Code::TypeMismatch) {
                Some(id) => Typed::Num(self.push(Expr::Neg(id), sp)),
                None => Typed::Error,
            },
            ExprKind::Arith(op, a, b) => self.arith(*op, a, b, sp, ctx),
            ExprKind::Cmp(op, a, b) => self.compare(*op, a, b, sp, ctx),
            ExprKind::InList {
                value,
                items,
                negated,
            } => self.in_list(value, items, *negated, sp, ctx),
            ExprKind::InRange {
                value,
                lo,
                hi,
                negated,
            } => self.in_range(value, *lo, *hi, *negated, sp, ctx),
            ExprKind::StrTest(op, value, needle) => self.str_test(*op, value, needle, sp, ctx),
            ExprKind::IsMissing { value, negated } => self.is_missing(value, *negated, sp, ctx),
            ExprKind::Lower(a) => match self.typed(a, ctx) {
                Typed::Str(id) => Typed::Str(self.push(Expr::Lower(id), sp)),
                Typed::Error => Typed::Error,
                other => self.mismatch(
                    a.span,
                    &other,
                    "text",
                    "`lower(…)` works on text fields such as `job_title`",
                ),
            },
            ExprKind::DaysSince(a) => match self.typed(a, ctx) {
                Typed::Ts(r, _) => Typed::Num(self.push(Expr::DaysSince(r), sp)),
                Typed::Error => Typed::Error,
                other => self.mismatch(
                    a.span,
                    &other,
                    "a date and time",
                    "`days_since(…)` takes a `timestamp` field or `last EVENT`",
                ),
            },
            _ if ctx.event.is_some() => {
                let what = self
                    .source
                    .slice(e.span)
                    .split('(')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let msg = format!(
                    "`{what}(…)` cannot be used while one event is being matched or scored"
                );
                let help = "it looks at all of the lead's events, so it is the same for every event; test it in a `when` rule instead";
                self.error(
                    Code::AggregateInPattern,
                    e.span,
                    msg,
                    "inside an event pattern or an event rule's points",
                    help,
                );
                Typed::Error
            }
            _ => self.aggregate(e),
        }
    }

    /// Reports a type mismatch and returns `Typed::Error`.
    pub fn mismatch(&mut self, span: Span, found: &Typed, wanted: &str, help: &str) -> Typed {
        let msg = format!(
            "expected {wanted}, but `{}` is {}",
            self.source.slice(span),
            found.describe()
        );
        self.error(
            Code::TypeMismatch,
            span,
            msg,
            format!("expected {wanted}"),
            help,
        );
        Typed::Error
    }

    fn name(&mut self, n: &str, sp: Span, ctx: Ctx) -> Typed {
        if let Some(Some(ev)) = ctx.event {
            let et = &self.schema.events[ev as usize];
            if let Some(slot) = et.attrs.iter().position(|a| a.name == n) {
                let ty = et.attrs[slot].ty.clone();
                return self.load(Ref::Event(slot as u32), &ty, n, sp);
            }
        }
        if ctx.event.is_some() && n == "at" {
            return Typed::Ts(Ref::EventAt, "at".into());
        }
        if let Some(slot) = self.schema.field(n) {
            let ty = self.schema.fields[slot].ty.clone();
            return self.load(Ref::Lead(slot as u32), &ty, n, sp);
        }
        if let Some(id) = self.score_id(n, ctx.scores) {
            return Typed::Num(self.push(Expr::Score(id as u32), sp));
        }
        if ctx.tiers {
            if let Some(t) = self.tier_sets.iter().position(|t| t.name == n) {
                return Typed::Tier(t as u32);
            }
        }
        self.unknown_name(n, sp, ctx);
        Typed::Error
    }

    fn load(&mut self, r: Ref, ty: &Type, n: &str, sp: Span) -> Typed {
        match ty {
            Type::Bool => Typed::Bool(self.push(Expr::BoolLoad(r), sp)),
            Type::Int | Type::Number => Typed::Num(self.push(Expr::NumLoad(r), sp)),
            Type::String => Typed::Str(self.push(Expr::StrLoad(r), sp)),
            Type::Timestamp => Typed::Ts(r, n.to_string()),
            Type::Enum(v) => Typed::Enum(r, n.to_string(), v.clone()),
        }
    }

    fn unknown_name(&mut self, n: &str, sp: Span, ctx: Ctx) {
        let mut names: Vec<String> = self.schema.fields.iter().map(|f| f.name.clone()).collect();
        if let Some(Some(ev)) = ctx.event {
            names.extend(
                self.schema.events[ev as usize]
                    .attrs
                    .iter()
                    .map(|a| a.name.clone()),
            );
        }
        names.extend(self.scores.iter().take(ctx.scores).map(|s| s.name.clone()));
        if ctx.tiers {
            names.extend(self.tier_sets.iter().map(|t| t.name.clone()));
        }
        let is_score = self.scores.iter().any(|s| s.name == n);
        let fallback = match ctx.event {
            _ if is_score && ctx.scores > 0 => format!("`{n}` is declared further down; a derived score can use only the scores declared above it, so move `{n}` up"),
            _ if is_score => format!("`{n}` is a score; scores can be used in derived scores, tiers and routes, not inside rules"),
            Some(None) => "`event` matches events of every type, so it has no attributes; name one event type to use its attributes".to_string(),
            Some(Some(ev)) => format!("`{}` has {}", self.schema.events[ev as usize].name, attr_list(&self.schema.events[ev as usize].attrs)),
            None => "check the spelling against the schema, or add the field to the schema file".to_string(),
        };
        let help = did_you_mean(n, names.iter().map(String::as_str), fallback);
        let (code, message, label) = match ctx.event {
            _ if is_score => (
                Code::UnknownScore,
                format!("unknown score `{n}`"),
                "not usable here".to_string(),
            ),
            Some(Some(ev)) => {
                let ev = &self.schema.events[ev as usize].name;
                (
                    Code::UnknownAttribute,
                    format!("event `{ev}` has no attribute `{n}`, and no lead field has that name"),
                    "unknown attribute".to_string(),
                )
            }
            Some(None) => (
                Code::UnknownAttribute,
                format!("unknown name `{n}`: `event` has no attributes"),
                "unknown attribute".to_string(),
            ),
            None => (
                Code::UnknownField,
                format!("unknown field `{n}`"),
                format!("no field named `{n}` here"),
            ),
        };
        self.error(code, sp, message, label, help);
    }

    fn arith(&mut self, op: ArithOp, a: &ast::Expr, b: &ast::Expr, sp: Span, ctx: Ctx) -> Typed {
        let ta = self.typed(a, ctx);
        let tb = self.typed(b, ctx);
        match (ta, tb) {
            (Typed::Num(x), Typed::Num(y)) => Typed::Num(self.push(Expr::Arith(op, x, y), sp)),
            (Typed::Error, _) | (_, Typed::Error) => Typed::Error,
            (Typed::Num(_), other) => self.mismatch(
                b.span,
                &other,
                "a number",
                "arithmetic works on numbers only",
            ),
            (other, _) => {
                let help = if matches!(other, Typed::Ts(..)) {
                    "use `days_since(…)` to turn a date into a number of days"
                } else {
                    "arithmetic works on numbers only"
                };
                self.mismatch(a.span, &other, "a number", help)
            }
        }
    }
}

/// "`url` or `seconds`", or "no attributes".
pub(super) fn attr_list(attrs: &[crate::schema::Field]) -> String {
    if attrs.is_empty() {
        return "no attributes".into();
    }
    crate::diag::or_list(&attrs.iter().map(|a| a.name.as_str()).collect::<Vec<_>>())
}
