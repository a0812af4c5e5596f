//! Event patterns and the aggregates over them: `count`, `sum`, `any`, `none`, `days_since(last …)`.

use super::expr::Typed;
use super::suggest::did_you_mean;
use super::{Checker, Ctx};
use crate::diag::Code;
use crate::ir::{self, Expr, PatternId};
use crate::schema::Type;
use crate::syntax::ast::{self, ExprKind};

impl Checker<'_> {
    pub(super) fn aggregate(&mut self, e: &ast::Expr) -> Typed {
        let sp = e.span;
        let (node, is_bool) = match &e.kind {
            ExprKind::Count(p) => (self.pattern(p).map(Expr::Count), false),
            ExprKind::Any(p) => (self.pattern(p).map(Expr::Any), true),
            ExprKind::None(p) => (self.pattern(p).map(Expr::None), true),
            ExprKind::DaysSinceEvent { last, pattern } => (
                self.pattern(pattern).map(|p| Expr::DaysSinceEvent {
                    pattern: p,
                    last: *last,
                }),
                false,
            ),
            ExprKind::Sum { pattern, attr } => {
                let pid = self.pattern(pattern);
                let slot = pid.and_then(|p| self.sum_attr(p, attr));
                (
                    pid.zip(slot)
                        .map(|(pattern, attr)| Expr::Sum { pattern, attr }),
                    false,
                )
            }
            _ => unreachable!("aggregate called on {:?}", e.kind),
        };
        match node {
            Some(n) if is_bool => Typed::Bool(self.push(n, sp)),
            Some(n) => Typed::Num(self.push(n, sp)),
            None => Typed::Error,
        }
    }

    fn sum_attr(&mut self, pid: PatternId, attr: &ast::Name) -> Option<u32> {
        let Some(ev) = self.patterns[pid as usize].event else {
            self.error(
                Code::UnknownAttribute,
                attr.span,
                "`event` matches events of every type, so it has no attributes to sum",
                "no attributes",
                "name one event type, e.g. `sum(page_view.seconds)`",
            );
            return None;
        };
        let et = &self.schema.events[ev as usize];
        let Some(slot) = et.attrs.iter().position(|a| a.name == attr.text) else {
            let names: Vec<&str> = et.attrs.iter().map(|a| a.name.as_str()).collect();
            let fallback = format!("`{}` has {}", et.name, super::expr::attr_list(&et.attrs));
            let help = did_you_mean(&attr.text, names.iter().copied(), fallback);
            let msg = format!("event `{}` has no attribute `{}`", et.name, attr.text);
            self.error(
                Code::UnknownAttribute,
                attr.span,
                msg,
                "unknown attribute",
                help,
            );
            return None;
        };
        if !matches!(et.attrs[slot].ty, Type::Int | Type::Number) {
            let msg = format!(
                "`{}.{}` is {}, so it cannot be summed",
                et.name,
                attr.text,
                et.attrs[slot].ty.describe()
            );
            self.error(
                Code::TypeMismatch,
                attr.span,
                msg,
                "not a number",
                "`sum(…)` adds up a numeric attribute; use `count(…)` to count events",
            );
            return None;
        }
        Some(slot as u32)
    }

    /// Checks a pattern; returns its id, or `None` when an error was reported.
    pub fn pattern(&mut self, p: &ast::Pattern) -> Option<PatternId> {
        let event = self.event_type(&p.event);
        let within = p.within.map(|d| self.window(d, "window"));
        let filter = match (&p.filter, event) {
            (Some(f), Some(ev)) => Some(self.condition(
                f,
                Ctx {
                    event: Some(ev),
                    ..Ctx::default()
                },
            )),
            _ => None,
        };
        let followed = p.followed.as_ref().map(|f| {
            let ev = self.event_type(&f.event);
            let filter = match (&f.filter, ev) {
                (Some(c), Some(ev)) => Some(self.condition(
                    c,
                    Ctx {
                        event: Some(ev),
                        ..Ctx::default()
                    },
                )),
                _ => None,
            };
            (
                f.negated,
                ev,
                filter,
                self.window(f.within, "follow-up window"),
            )
        });
        let event = event?;
        let filter = match filter {
            Some(None) => return None,
            Some(Some(id)) => Some(id),
            None => None,
        };
        let followed = match followed {
            Some((negated, Some(ev), f, w)) => {
                let filter = match f {
                    Some(None) => return None,
                    Some(Some(id)) => Some(id),
                    None => None,
                };
                Some(ir::Followed {
                    negated,
                    event: ev,
                    filter,
                    within: w?,
                })
            }
            Some((_, None, _, _)) => return None,
            None => None,
        };
        let within = match within {
            Some(w) => Some(w?),
            None => None,
        };
        Some(self.push_pattern(ir::Pattern {
            event,
            filter,
            within,
            followed,
            span: p.span,
        }))
    }

    /// Resolves an event type name; `Some(None)` for the wildcard `event`.
    fn event_type(&mut self, n: &ast::Name) -> Option<Option<u32>> {
        if n.text == "event" {
            return Some(None);
        }
        if let Some(id) = self.schema.event(&n.text) {
            return Some(Some(id as u32));
        }
        let names: Vec<&str> = self.schema.events.iter().map(|e| e.name.as_str()).collect();
        let fallback = format!(
            "the schema declares {}; `event` matches any of them",
            crate::diag::or_list(&names)
        );
        let help = did_you_mean(&n.text, names.iter().copied(), fallback);
        self.error(
            Code::UnknownEvent,
            n.span,
            format!("unknown event type `{}`", n.text),
            "not an event type in the schema",
            help,
        );
        None
    }

    /// A window or half-life in whole seconds; must be positive.
    pub fn window(&mut self, d: ast::Duration, what: &str) -> Option<i64> {
        let secs = d.seconds.round();
        if secs < 1.0 {
            let label = if secs < 0.0 {
                "negative length"
            } else {
                "zero length"
            };
            self.error(
                Code::BadDuration,
                d.span,
                format!("the {what} must be longer than zero"),
                label,
                "use a positive duration such as `7d`, `12h` or `2w`",
            );
            return None;
        }
        Some(secs as i64)
    }
}
