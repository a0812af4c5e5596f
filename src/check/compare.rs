//! Comparisons and tests: `==`, `<`, `in [..]`, `in lo..hi`, `contains`, `is missing`.

use super::expr::Typed;
use super::suggest::did_you_mean;
use super::{Checker, Ctx};
use crate::diag::or_list;
use crate::diag::{Code, Span};
use crate::ir::{Expr, ExprId};
use crate::syntax::ast::{self, CmpOp, ExprKind, ListItem, Num, StrOp};

/// A bare word or quoted text that may name an enum variant or tier.
fn as_word(e: &ast::Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Name(n) | ExprKind::Str(n) => Some(n),
        _ => None,
    }
}

impl Checker<'_> {
    pub(super) fn compare(
        &mut self,
        op: CmpOp,
        a: &ast::Expr,
        b: &ast::Expr,
        sp: Span,
        ctx: Ctx,
    ) -> Typed {
        let ta = self.typed(a, ctx);
        if matches!(ta, Typed::Enum(..) | Typed::Tier(_)) {
            if let Some(w) = as_word(b) {
                let item = ListItem::Word(ast::Name {
                    text: w.to_string(),
                    span: b.span,
                });
                return self.choice_test(&ta, op, &[item], sp);
            }
        }
        let tb = self.typed(b, ctx);
        let eq_only = matches!(op, CmpOp::Eq | CmpOp::Ne);
        let node = match (&ta, &tb) {
            (Typed::Error, _) | (_, Typed::Error) => return Typed::Error,
            (Typed::Num(x), Typed::Num(y)) => Expr::CmpNum(op, *x, *y),
            (Typed::Str(x), Typed::Str(y)) if eq_only => Expr::StrEq {
                a: *x,
                b: *y,
                negated: op == CmpOp::Ne,
            },
            (Typed::Ts(x, _), Typed::Ts(y, _)) => Expr::CmpTs(op, *x, *y),
            (Typed::Bool(x), Typed::Bool(y)) if eq_only => {
                // a == b  ⇔  (a and b) or (not a and not b)
                let both = self.push(Expr::And(vec![*x, *y]), sp);
                let (nx, ny) = (self.push(Expr::Not(*x), sp), self.push(Expr::Not(*y), sp));
                let neither = self.push(Expr::And(vec![nx, ny]), sp);
                let same = self.push(Expr::Or(vec![both, neither]), sp);
                let result = if op == CmpOp::Eq {
                    same
                } else {
                    self.push(Expr::Not(same), sp)
                };
                // A missing yes/no field reads as false; the comparison itself must be false then.
                let mut parts = Vec::new();
                for e in [*x, *y] {
                    if let Expr::BoolLoad(r) = self.exprs[e as usize] {
                        parts.push(self.push(Expr::Present(r), sp));
                    }
                }
                if parts.is_empty() {
                    return Typed::Bool(result);
                }
                parts.push(result);
                return Typed::Bool(self.push(Expr::And(parts), sp));
            }
            (Typed::Enum(_, n, v), _) => return self.bad_choice(b.span, n, v, &tb),
            (Typed::Str(_), Typed::Str(_)) | (Typed::Bool(_), Typed::Bool(_)) => {
                self.error(
                    Code::TypeMismatch,
                    sp,
                    "text and yes/no values can only be compared with `==` or `!=`",
                    "ordering is not defined here",
                    "use `==`, `!=`, `in [...]` or a text test such as `starts_with`",
                );
                return Typed::Error;
            }
            _ => return self.compare_mismatch(a, &ta, b, &tb),
        };
        Typed::Bool(self.push(node, sp))
    }

    fn bad_choice(&mut self, span: Span, field: &str, variants: &[String], found: &Typed) -> Typed {
        let msg = format!(
            "`{field}` is a choice from a list, but it is compared with {}",
            found.describe()
        );
        let help = format!("compare it with one of its values: {}", or_list(variants));
        self.error(Code::TypeMismatch, span, msg, "not one of its values", help);
        Typed::Error
    }

    fn compare_mismatch(&mut self, a: &ast::Expr, ta: &Typed, b: &ast::Expr, tb: &Typed) -> Typed {
        let help = match (ta, tb) {
            (Typed::Ts(..), Typed::Num(_)) | (Typed::Num(_), Typed::Ts(..)) => {
                "a date is not a number: write `days_since(created_at) > 30` to compare its age in days".to_string()
            }
            (Typed::Str(_), Typed::Num(_)) | (Typed::Num(_), Typed::Str(_)) => {
                "text and numbers cannot be compared; check the field's type in the schema or remove the quotes".to_string()
            }
            _ => "both sides of a comparison must be of the same kind".to_string(),
        };
        let msg = format!("cannot compare {} with {}", ta.describe(), tb.describe());
        let d = crate::diag::Diagnostic::error(
            Code::TypeMismatch,
            self.source,
            a.span,
            msg,
            ta.describe(),
        )
        .with_label(b.span, tb.describe())
        .with_help(help);
        self.report(d);
        Typed::Error
    }

    /// `==`, `!=` and `in [..]` against an enum field or a tier set.
    fn choice_test(&mut self, t: &Typed, op: CmpOp, items: &[ListItem], sp: Span) -> Typed {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.error(
                Code::TypeMismatch,
                sp,
                "a choice from a list can only be compared with `==`, `!=` or `in [...]`",
                "no order between these values",
                "list the values you want, e.g. `seniority in [vp, director]`",
            );
            return Typed::Error;
        }
        let (variants, field) = match t {
            Typed::Enum(_, n, v) => (v.clone(), n.clone()),
            Typed::Tier(s) => (
                self.tier_sets[*s as usize].names.clone(),
                self.tier_sets[*s as usize].name.clone(),
            ),
            _ => unreachable!("choice_test on a non-choice"),
        };
        let mut idx = Vec::new();
        for item in items {
            let (text, span) = match item {
                ListItem::Str(n) | ListItem::Word(n) => (n.text.as_str(), n.span),
                ListItem::Num(n) => {
                    self.error(
                        Code::TypeMismatch,
                        n.span,
                        format!("`{field}` is a choice from a list, not a number"),
                        "a number",
                        format!("use one of: {}", or_list(&variants)),
                    );
                    return Typed::Error;
                }
            };
            match variants.iter().position(|v| v == text) {
                Some(i) => idx.push(i as u32),
                None => return self.unknown_choice(t, text, span, &field, &variants),
            }
        }
        let (node, presence) = match t {
            Typed::Enum(r, ..) => (Expr::EnumIn(*r, idx), Some(Expr::Present(*r))),
            Typed::Tier(s) => (Expr::TierIn(*s, idx), None),
            _ => unreachable!(),
        };
        let id = self.push(node, sp);
        if op == CmpOp::Eq {
            return Typed::Bool(id);
        }
        let presence = presence.map(|p| self.push(p, sp));
        Typed::Bool(self.negate_present(id, presence, sp))
    }

    fn unknown_choice(
        &mut self,
        t: &Typed,
        text: &str,
        span: Span,
        field: &str,
        variants: &[String],
    ) -> Typed {
        let (code, what) = if matches!(t, Typed::Tier(_)) {
            (Code::UnknownTier, "tier")
        } else {
            (Code::UnknownVariant, "value")
        };
        let help = did_you_mean(
            text,
            variants.iter().map(String::as_str),
            format!("`{field}` can be {}", or_list(variants)),
        );
        self.error(
            code,
            span,
            format!("unknown {what} `{text}` for `{field}`"),
            format!("not a {what} of `{field}`"),
            help,
        );
        Typed::Error
    }

    pub(super) fn in_list(
        &mut self,
        value: &ast::Expr,
        items: &[ListItem],
        negated: bool,
        sp: Span,
        ctx: Ctx,
    ) -> Typed {
        let t = self.typed(value, ctx);
        let op = if negated { CmpOp::Ne } else { CmpOp::Eq };
        let node = match &t {
            Typed::Error => return Typed::Error,
            Typed::Enum(..) | Typed::Tier(_) => return self.choice_test(&t, op, items, sp),
            Typed::Str(id) => {
                let mut texts = Vec::new();
                for item in items {
                    match item {
                        ListItem::Str(n) => texts.push(n.text.clone()),
                        other => {
                            let span = item_span(other);
                            self.error(
                                Code::TypeMismatch,
                                span,
                                "this list holds text, so each item must be quoted",
                                "not quoted text",
                                format!("write `\"{}\"`", self.source.slice(span)),
                            );
                            return Typed::Error;
                        }
                    }
                }
                Expr::StrIn(*id, texts)
            }
            Typed::Num(id) => {
                let mut alts = Vec::new();
                for item in items {
                    let ListItem::Num(n) = item else {
                        let span = item_span(item);
                        self.error(
                            Code::TypeMismatch,
                            span,
                            format!(
                                "`{}` is a number, so the list must hold numbers",
                                self.source.slice(value.span)
                            ),
                            "not a number",
                            "use numbers, or a range such as `in 50..249`",
                        );
                        return Typed::Error;
                    };
                    // The whole test's span marks these as one test for explain.
                    alts.push(self.push(Expr::InRange(*id, n.value, n.value), sp));
                }
                Expr::Or(alts)
            }
            other => {
                return self.mismatch(
                    value.span,
                    other,
                    "text, a number or a choice from a list",
                    "`in [...]` tests membership in a list of values",
                )
            }
        };
        let id = self.push(node, sp);
        if !negated {
            return Typed::Bool(id);
        }
        let presence = self.presence_of(&t, sp);
        Typed::Bool(self.negate_present(id, presence, sp))
    }

    /// `not test`, but false when the value is missing: every test on a missing value is false.
    fn negate_present(&mut self, test: ExprId, presence: Option<ExprId>, sp: Span) -> ExprId {
        let not = self.push(Expr::Not(test), sp);
        match presence {
            Some(p) => self.push(Expr::And(vec![p, not]), sp),
            None => not,
        }
    }

    /// A condition that is true when a number or text value is present.
    fn presence_of(&mut self, t: &Typed, sp: Span) -> Option<ExprId> {
        let id = match t {
            Typed::Num(id) | Typed::Str(id) => *id,
            _ => return None,
        };
        let missing = self.push(Expr::IsMissing(id), sp);
        Some(self.push(Expr::Not(missing), sp))
    }

    pub(super) fn in_range(
        &mut self,
        value: &ast::Expr,
        lo: Num,
        hi: Num,
        negated: bool,
        sp: Span,
        ctx: Ctx,
    ) -> Typed {
        let Some(v) = self.number(value, ctx, Code::TypeMismatch) else {
            return Typed::Error;
        };
        if lo.value > hi.value {
            self.error(
                Code::EmptyRange,
                lo.span.join(hi.span),
                format!("the range {}..{} is empty", lo.value, hi.value),
                "lower end above upper end",
                "write the smaller number first; ranges include both ends",
            );
            return Typed::Error;
        }
        let id = self.push(Expr::InRange(v, lo.value, hi.value), sp);
        if !negated {
            return Typed::Bool(id);
        }
        let presence = self.presence_of(&Typed::Num(v), sp);
        Typed::Bool(self.negate_present(id, presence, sp))
    }

    pub(super) fn str_test(
        &mut self,
        op: StrOp,
        value: &ast::Expr,
        needle: &ast::Name,
        sp: Span,
        ctx: Ctx,
    ) -> Typed {
        match self.typed(value, ctx) {
            Typed::Str(id) => {
                Typed::Bool(self.push(Expr::StrTest(op, id, needle.text.clone()), sp))
            }
            Typed::Error => Typed::Error,
            other @ Typed::Enum(..) => self.mismatch(
                value.span,
                &other,
                "text",
                "for a choice from a list use `==` or `in [...]`",
            ),
            other => self.mismatch(
                value.span,
                &other,
                "text",
                "`contains`, `starts_with` and `ends_with` test text fields",
            ),
        }
    }

    pub(super) fn is_missing(
        &mut self,
        value: &ast::Expr,
        negated: bool,
        sp: Span,
        ctx: Ctx,
    ) -> Typed {
        let id: ExprId = match self.typed(value, ctx) {
            Typed::Num(id) | Typed::Str(id) => self.push(Expr::IsMissing(id), sp),
            Typed::Ts(r, _) | Typed::Enum(r, ..) => {
                let present = self.push(Expr::Present(r), sp);
                self.push(Expr::Not(present), sp)
            }
            Typed::Bool(id) => match &self.exprs[id as usize] {
                Expr::BoolLoad(r) => {
                    let r = *r;
                    let present = self.push(Expr::Present(r), sp);
                    self.push(Expr::Not(present), sp)
                }
                _ => self.push(Expr::Bool(false), sp),
            },
            Typed::Tier(_) => self.push(Expr::Bool(false), sp),
            Typed::Error => return Typed::Error,
        };
        Typed::Bool(if negated {
            self.push(Expr::Not(id), sp)
        } else {
            id
        })
    }
}

fn item_span(item: &ListItem) -> Span {
    match item {
        ListItem::Str(n) | ListItem::Word(n) => n.span,
        ListItem::Num(n) => n.span,
    }
}
