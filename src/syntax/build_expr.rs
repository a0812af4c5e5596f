//! Expressions: precedence levels of the grammar → `ExprKind` trees.

use super::super::ast::*;
use super::super::Rule;
use super::{kids, name, span, Builder, MAX_EXPR_DEPTH, P};
use crate::diag::{Code, Diagnostic};

/// Longest run of `+`/`*` terms or prefix operators kept in one tree level.
const MAX_CHAIN: usize = 100;

impl Builder<'_> {
    /// Builds an expression and rejects trees too deep to evaluate safely.
    pub(super) fn expr(&mut self, p: P) -> Expr {
        let e = self.any_level(p);
        if depth(&e) > MAX_EXPR_DEPTH {
            return self.too_long(e.span);
        }
        e
    }

    fn too_long(&mut self, at: crate::diag::Span) -> Expr {
        self.diags.push(
            Diagnostic::error(Code::TooDeep, self.source, at, "this expression is too long or too deeply nested", "too complex")
                .with_help(format!("keep expressions under {MAX_EXPR_DEPTH} levels; split long sums into several rules")),
        );
        Expr {
            kind: ExprKind::Num(0.0),
            span: at,
        }
    }

    fn any_level(&mut self, p: P) -> Expr {
        let sp = span(&p);
        let mk = |kind| Expr { kind, span: sp };
        match p.as_rule() {
            Rule::expr | Rule::paren => self.any_level(kids(p).remove(0)),
            Rule::or_expr | Rule::and_expr => {
                let is_or = p.as_rule() == Rule::or_expr;
                let mut parts: Vec<Expr> = kids(p).into_iter().map(|c| self.any_level(c)).collect();
                if parts.len() == 1 {
                    return parts.pop().unwrap();
                }
                mk(if is_or {
                    ExprKind::Or(parts)
                } else {
                    ExprKind::And(parts)
                })
            }
            Rule::not_expr => self.prefixed(p, Rule::negated, |e| ExprKind::Not(Box::new(e))),
            Rule::unary => self.prefixed(p, Rule::minus, |e| ExprKind::Neg(Box::new(e))),
            Rule::cmp_expr => self.cmp_expr(p),
            Rule::sum_expr | Rule::prod_expr => self.chain(p),
            _ => self.primary(p),
        }
    }

    /// `not not x` / `- - x`: prefix operators are a flat list in the grammar, applied innermost first.
    fn prefixed(&mut self, p: P, prefix: Rule, wrap: fn(Expr) -> ExprKind) -> Expr {
        let k = kids(p);
        let prefixes: Vec<_> = k
            .iter()
            .filter(|c| c.as_rule() == prefix)
            .map(span)
            .collect();
        let mut e = self.any_level(k.last().unwrap().clone());
        if prefixes.len() > MAX_CHAIN {
            return self.too_long(e.span);
        }
        for sp in prefixes.into_iter().rev() {
            let whole = sp.join(e.span);
            e = Expr {
                kind: wrap(e),
                span: whole,
            };
        }
        e
    }

    fn chain(&mut self, p: P) -> Expr {
        let k = kids(p);
        if k.len() > 2 * MAX_CHAIN {
            return self.too_long(span(&k[0]).join(span(k.last().unwrap())));
        }
        let mut k = k.into_iter();
        let mut acc = self.any_level(k.next().unwrap());
        while let (Some(op), Some(rhs)) = (k.next(), k.next()) {
            let op = match op.as_str() {
                "+" => ArithOp::Add,
                "-" => ArithOp::Sub,
                "*" => ArithOp::Mul,
                _ => ArithOp::Div,
            };
            let rhs = self.any_level(rhs);
            let sp = acc.span.join(rhs.span);
            acc = Expr {
                kind: ExprKind::Arith(op, Box::new(acc), Box::new(rhs)),
                span: sp,
            };
        }
        acc
    }

    fn cmp_expr(&mut self, p: P) -> Expr {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let lhs = self.any_level(k.next().unwrap());
        let Some(tail) = k.next() else { return lhs };
        let value = Box::new(lhs);
        let kind = match tail.as_rule() {
            Rule::compare => {
                let t = kids(tail);
                ExprKind::Cmp(
                    cmp_op(t[0].as_str()),
                    value,
                    Box::new(self.any_level(t[1].clone())),
                )
            }
            Rule::in_list => {
                let t = kids(tail);
                let negated = t.first().is_some_and(|c| c.as_rule() == Rule::negated);
                let items = self.list_items(t);
                ExprKind::InList {
                    value,
                    items,
                    negated,
                }
            }
            Rule::in_range => {
                let t = kids(tail);
                let negated = t[0].as_rule() == Rule::negated;
                let nums: Vec<_> = t
                    .iter()
                    .filter(|c| c.as_rule() == Rule::signed_num)
                    .collect();
                ExprKind::InRange {
                    value,
                    lo: self.num(nums[0]),
                    hi: self.num(nums[1]),
                    negated,
                }
            }
            Rule::str_test => {
                let t = kids(tail);
                let op = match t[0].as_str() {
                    "contains" => StrOp::Contains,
                    "starts_with" => StrOp::StartsWith,
                    _ => StrOp::EndsWith,
                };
                ExprKind::StrTest(op, value, name(&t[1]))
            }
            _ => {
                let t = kids(tail);
                let negated = t[0].as_rule() == Rule::negated;
                let present = t.last().unwrap().as_rule() == Rule::present;
                ExprKind::IsMissing {
                    value,
                    negated: negated != present,
                }
            }
        };
        Expr { kind, span: sp }
    }

    /// The items of an `in [...]` list among `parts`.
    pub(super) fn list_items(&mut self, parts: Vec<P>) -> Vec<ListItem> {
        parts
            .into_iter()
            .filter(|c| c.as_rule() == Rule::list_item)
            .map(|i| self.list_item(i))
            .collect()
    }

    fn list_item(&mut self, p: P) -> ListItem {
        let inner = kids(p).remove(0);
        match inner.as_rule() {
            Rule::string => ListItem::Str(name(&inner)),
            Rule::signed_num => ListItem::Num(self.num(&inner)),
            _ => ListItem::Word(name(&inner)),
        }
    }

    fn primary(&mut self, p: P) -> Expr {
        let sp = span(&p);
        let kind = match p.as_rule() {
            Rule::number => ExprKind::Num(self.num(&p).value),
            Rule::duration => ExprKind::Days(self.duration(&p).seconds / 86400.0),
            Rule::string => ExprKind::Str(name(&p).text),
            Rule::bool_lit => ExprKind::Bool(p.as_str().trim() == "true"),
            Rule::ident => ExprKind::Name(p.as_str().to_string()),
            Rule::lower_call => ExprKind::Lower(Box::new(self.any_level(kids(p).remove(0)))),
            Rule::days_call => {
                let arg = kids(p).remove(0);
                if arg.as_rule() == Rule::last_event {
                    let k = kids(arg);
                    let last = k[0].as_rule() == Rule::last_kw;
                    ExprKind::DaysSinceEvent {
                        last,
                        pattern: self.pattern(k[1].clone()),
                    }
                } else {
                    ExprKind::DaysSince(Box::new(self.any_level(arg)))
                }
            }
            Rule::count_call => ExprKind::Count(self.pattern(kids(p).remove(0))),
            Rule::any_call => ExprKind::Any(self.pattern(kids(p).remove(0))),
            Rule::none_call => ExprKind::None(self.pattern(kids(p).remove(0))),
            Rule::sum_call => self.sum_call(p),
            other => unreachable!("grammar: unexpected {other:?} in expression"),
        };
        Expr { kind, span: sp }
    }

    fn sum_call(&mut self, p: P) -> ExprKind {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let event = name(&k.next().unwrap());
        let attr = name(&k.next().unwrap());
        let mut pattern = Pattern {
            event,
            filter: None,
            within: None,
            followed: None,
            span: sp,
        };
        for c in k {
            match c.as_rule() {
                Rule::where_clause => pattern.filter = Some(Box::new(self.expr(kids(c).remove(0)))),
                _ => pattern.within = Some(self.duration(&kids(c)[0])),
            }
        }
        ExprKind::Sum { pattern, attr }
    }
}

/// The operator of a `cmp_op` token.
pub(super) fn cmp_op(text: &str) -> CmpOp {
    match text {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        _ => CmpOp::Ge,
    }
}

/// Tree depth, computed with an explicit stack so that measuring cannot overflow either.
pub(crate) fn depth(root: &Expr) -> usize {
    let mut max = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((e, d)) = stack.pop() {
        max = max.max(d);
        for child in children(e) {
            stack.push((child, d + 1));
        }
    }
    max
}

/// Direct sub-expressions, including those inside event patterns.
pub(crate) fn children(e: &Expr) -> Vec<&Expr> {
    use ExprKind::*;
    match &e.kind {
        Num(_) | Days(_) | Str(_) | Bool(_) | Name(_) => vec![],
        And(v) | Or(v) => v.iter().collect(),
        Not(a) | Neg(a) | Lower(a) | DaysSince(a) => vec![a],
        Cmp(_, a, b) | Arith(_, a, b) => vec![a, b],
        InList { value, .. }
        | InRange { value, .. }
        | StrTest(_, value, _)
        | IsMissing { value, .. } => vec![value],
        DaysSinceEvent { pattern, .. }
        | Count(pattern)
        | Any(pattern)
        | None(pattern)
        | Sum { pattern, .. } => pattern_exprs(pattern),
    }
}

fn pattern_exprs(p: &Pattern) -> Vec<&Expr> {
    let mut v: Vec<&Expr> = p.filter.iter().map(|b| b.as_ref()).collect();
    if let Some(f) = &p.followed {
        v.extend(f.filter.iter());
    }
    v
}
