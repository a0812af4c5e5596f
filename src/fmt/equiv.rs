//! Structural equality of two syntax trees, ignoring where things were written.
//!
//! Every struct is taken apart field by field with no `..`, so a field added to the AST
//! does not compile here until someone decides how it compares, and the formatter can
//! never silently drop it. Numbers compare by their bits: the formatter must write back
//! the very value it read.

use crate::syntax::ast::*;

/// Equality up to spans.
pub trait Same {
    /// True when `self` and `other` mean the same program text, wherever it stood.
    fn same(&self, other: &Self) -> bool;
}

/// True when two rubrics are the same program.
pub fn same_rubric(a: &Rubric, b: &Rubric) -> bool {
    a.same(b)
}

impl<T: Same> Same for Vec<T> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same(b))
    }
}

impl<T: Same> Same for Option<T> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: Same> Same for Box<T> {
    fn same(&self, other: &Self) -> bool {
        (**self).same(other)
    }
}

impl Same for f64 {
    fn same(&self, other: &Self) -> bool {
        self.to_bits() == other.to_bits()
    }
}

macro_rules! by_eq {
    ($($t:ty),*) => { $(impl Same for $t {
        fn same(&self, other: &Self) -> bool { self == other }
    })* };
}
by_eq!(bool, u64, String, CmpOp, ArithOp, StrOp, ActionKind);

impl Same for Name {
    fn same(&self, other: &Self) -> bool {
        let Name { text, span: _ } = self;
        text.same(&other.text)
    }
}

impl Same for Num {
    fn same(&self, other: &Self) -> bool {
        let Num { value, span: _ } = self;
        value.same(&other.value)
    }
}

impl Same for Duration {
    fn same(&self, other: &Self) -> bool {
        let Duration { seconds, span: _ } = self;
        seconds.same(&other.seconds)
    }
}

impl Same for Rubric {
    fn same(&self, o: &Self) -> bool {
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
        } = self;
        tests.same(&o.tests)
            && name.same(&o.name)
            && version.same(&o.version)
            && schema_path.same(&o.schema_path)
            && scores.same(&o.scores)
            && derived.same(&o.derived)
            && tiers.same(&o.tiers)
            && routes.same(&o.routes)
    }
}

impl Same for ScoreBlock {
    fn same(&self, o: &Self) -> bool {
        let ScoreBlock {
            name,
            clamp,
            decay,
            rules,
        } = self;
        name.same(&o.name) && clamp.same(&o.clamp) && decay.same(&o.decay) && rules.same(&o.rules)
    }
}

impl Same for Clamp {
    fn same(&self, o: &Self) -> bool {
        let Clamp { lo, hi, span: _ } = self;
        lo.same(&o.lo) && hi.same(&o.hi)
    }
}

impl Same for Decay {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (Decay::HalfLife(a), Decay::HalfLife(b)) | (Decay::Linear(a), Decay::Linear(b)) => {
                a.same(b)
            }
            (Decay::None(_), Decay::None(_)) => true,
            _ => false,
        }
    }
}

impl Same for Rule {
    fn same(&self, o: &Self) -> bool {
        let Rule {
            name,
            trigger,
            deduct,
            points,
            cap,
            decay,
            span: _,
        } = self;
        name.same(&o.name)
            && trigger.same(&o.trigger)
            && deduct.same(&o.deduct)
            && points.same(&o.points)
            && cap.same(&o.cap)
            && decay.same(&o.decay)
    }
}

impl Same for Trigger {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (Trigger::When(a), Trigger::When(b)) => a.same(b),
            (Trigger::Each(a), Trigger::Each(b)) | (Trigger::Any(a), Trigger::Any(b)) => a.same(b),
            _ => false,
        }
    }
}

impl Same for Pattern {
    fn same(&self, o: &Self) -> bool {
        let Pattern {
            event,
            filter,
            within,
            followed,
            span: _,
        } = self;
        event.same(&o.event)
            && filter.same(&o.filter)
            && within.same(&o.within)
            && followed.same(&o.followed)
    }
}

impl Same for Followed {
    fn same(&self, o: &Self) -> bool {
        let Followed {
            negated,
            event,
            filter,
            within,
        } = self;
        negated.same(&o.negated)
            && event.same(&o.event)
            && filter.same(&o.filter)
            && within.same(&o.within)
    }
}

impl Same for ListItem {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (ListItem::Str(a), ListItem::Str(b)) | (ListItem::Word(a), ListItem::Word(b)) => {
                a.same(b)
            }
            (ListItem::Num(a), ListItem::Num(b)) => a.same(b),
            _ => false,
        }
    }
}

impl Same for Expr {
    fn same(&self, o: &Self) -> bool {
        let Expr { kind, span: _ } = self;
        kind.same(&o.kind)
    }
}

impl Same for ExprKind {
    fn same(&self, o: &Self) -> bool {
        use ExprKind::*;
        match (self, o) {
            (Num(a), Num(b)) | (Days(a), Days(b)) => a.same(b),
            (Str(a), Str(b)) | (Name(a), Name(b)) => a.same(b),
            (Bool(a), Bool(b)) => a.same(b),
            (And(a), And(b)) | (Or(a), Or(b)) => a.same(b),
            (Not(a), Not(b))
            | (Neg(a), Neg(b))
            | (Lower(a), Lower(b))
            | (DaysSince(a), DaysSince(b)) => a.same(b),
            (Cmp(p, a1, a2), Cmp(q, b1, b2)) => p.same(q) && a1.same(b1) && a2.same(b2),
            (Arith(p, a1, a2), Arith(q, b1, b2)) => p.same(q) && a1.same(b1) && a2.same(b2),
            (
                InList {
                    value,
                    items,
                    negated,
                },
                InList {
                    value: v2,
                    items: i2,
                    negated: n2,
                },
            ) => value.same(v2) && items.same(i2) && negated.same(n2),
            (
                InRange {
                    value,
                    lo,
                    hi,
                    negated,
                },
                InRange {
                    value: v2,
                    lo: l2,
                    hi: h2,
                    negated: n2,
                },
            ) => value.same(v2) && lo.same(l2) && hi.same(h2) && negated.same(n2),
            (StrTest(p, a, t), StrTest(q, b, u)) => p.same(q) && a.same(b) && t.same(u),
            (
                IsMissing { value, negated },
                IsMissing {
                    value: v2,
                    negated: n2,
                },
            ) => value.same(v2) && negated.same(n2),
            (
                DaysSinceEvent { last, pattern },
                DaysSinceEvent {
                    last: l2,
                    pattern: p2,
                },
            ) => last.same(l2) && pattern.same(p2),
            (Count(a), Count(b)) | (Any(a), Any(b)) | (None(a), None(b)) => a.same(b),
            (
                Sum { pattern, attr },
                Sum {
                    pattern: p2,
                    attr: a2,
                },
            ) => pattern.same(p2) && attr.same(a2),
            _ => false,
        }
    }
}

impl Same for Derived {
    fn same(&self, o: &Self) -> bool {
        let Derived { name, expr, clamp } = self;
        name.same(&o.name) && expr.same(&o.expr) && clamp.same(&o.clamp)
    }
}

impl Same for TierSet {
    fn same(&self, o: &Self) -> bool {
        let TierSet {
            name,
            score,
            tiers,
            span: _,
        } = self;
        name.same(&o.name) && score.same(&o.score) && tiers.same(&o.tiers)
    }
}

impl Same for Tier {
    fn same(&self, o: &Self) -> bool {
        let Tier {
            name,
            bound,
            span: _,
        } = self;
        name.same(&o.name) && bound.same(&o.bound)
    }
}

impl Same for TierBound {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (TierBound::UpTo(a), TierBound::UpTo(b))
            | (TierBound::Above(a), TierBound::Above(b)) => a.same(b),
            _ => false,
        }
    }
}

impl Same for RouteBlock {
    fn same(&self, o: &Self) -> bool {
        let RouteBlock { lines, span: _ } = self;
        lines.same(&o.lines)
    }
}

impl Same for RouteLine {
    fn same(&self, o: &Self) -> bool {
        let RouteLine {
            guard,
            actions,
            span: _,
        } = self;
        guard.same(&o.guard) && actions.same(&o.actions)
    }
}

impl Same for Guard {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (Guard::When(a), Guard::When(b)) => a.same(b),
            (
                Guard::Sample { percent, cond },
                Guard::Sample {
                    percent: p2,
                    cond: c2,
                },
            ) => percent.same(p2) && cond.same(c2),
            (Guard::Otherwise(_), Guard::Otherwise(_)) => true,
            _ => false,
        }
    }
}

impl Same for Action {
    fn same(&self, o: &Self) -> bool {
        let Action { kind, target } = self;
        kind.same(&o.kind) && target.same(&o.target)
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Source;
    use crate::syntax::parse_rubric;

    fn parse(text: &str) -> crate::syntax::ast::Rubric {
        parse_rubric(&Source::new("t", text.to_string())).expect("parses")
    }

    #[test]
    fn spans_do_not_matter_but_everything_else_does() {
        let head = "ruleset \"r\" version 1\nuse schema \"s\"\n";
        let a = parse(&format!(
            "{head}score s {{ rule \"a\" when x > 1 award 2 }}"
        ));
        let b = parse(&format!(
            "{head}\n\n score   s {{\n rule \"a\"\n when x>1\n award 2.0 }}"
        ));
        assert!(super::same_rubric(&a, &b));
        for other in [
            "score s { rule \"a\" when x >= 1 award 2 }",
            "score s { rule \"a\" when x > 1 award 3 }",
            "score s { rule \"b\" when x > 1 award 2 }",
            "score s { rule \"a\" when x > 1 deduct 2 }",
            "score s { rule \"a\" when (x > 1) or y award 2 }",
            "score t { rule \"a\" when x > 1 award 2 }",
        ] {
            assert!(
                !super::same_rubric(&a, &parse(&format!("{head}{other}"))),
                "{other}"
            );
        }
        let grouped = parse(&format!(
            "{head}score s {{ rule \"a\" when (a or b) or c award 1 }}"
        ));
        let flat = parse(&format!(
            "{head}score s {{ rule \"a\" when a or b or c award 1 }}"
        ));
        assert!(!super::same_rubric(&grouped, &flat));
    }
}
