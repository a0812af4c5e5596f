//! Warnings: rules that can never fire, scores nothing uses.

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Expr, ExprId, Ref, ScoreKind, Trigger};
use crate::syntax::ast::CmpOp;
use std::collections::HashMap;

pub(super) fn run(c: &mut Checker) {
    if c.diags.iter().any(Diagnostic::is_error) {
        return;
    }
    never_fires(c);
    unused_scores(c);
}

/// Bounds on one numeric field implied by a conjunction: `(value, inclusive)` ends.
#[derive(Clone, Copy)]
struct Interval {
    lo: (f64, bool),
    hi: (f64, bool),
}

impl Interval {
    const ALL: Interval = Interval {
        lo: (f64::NEG_INFINITY, true),
        hi: (f64::INFINITY, true),
    };

    fn meet(self, o: Interval) -> Interval {
        let lo = if o.lo.0 > self.lo.0 || (o.lo.0 == self.lo.0 && !o.lo.1) {
            o.lo
        } else {
            self.lo
        };
        let hi = if o.hi.0 < self.hi.0 || (o.hi.0 == self.hi.0 && !o.hi.1) {
            o.hi
        } else {
            self.hi
        };
        Interval { lo, hi }
    }

    fn is_empty(self) -> bool {
        self.lo.0 > self.hi.0 || (self.lo.0 == self.hi.0 && !(self.lo.1 && self.hi.1))
    }
}

fn conjuncts(c: &Checker, id: ExprId, out: &mut Vec<ExprId>) {
    match &c.exprs[id as usize] {
        Expr::And(parts) => parts.iter().for_each(|p| conjuncts(c, *p, out)),
        _ => out.push(id),
    }
}

fn constraint(c: &Checker, id: ExprId) -> Option<(Ref, Interval)> {
    let load = |e: ExprId| match c.exprs[e as usize] {
        Expr::NumLoad(r) => Some(r),
        _ => None,
    };
    let konst = |e: ExprId| match c.exprs[e as usize] {
        Expr::Num(v) => Some(v),
        _ => None,
    };
    match &c.exprs[id as usize] {
        Expr::InRange(a, lo, hi) => Some((
            load(*a)?,
            Interval {
                lo: (*lo, true),
                hi: (*hi, true),
            },
        )),
        Expr::CmpNum(op, a, b) => {
            let (r, v, op) = match (load(*a), konst(*b), load(*b), konst(*a)) {
                (Some(r), Some(v), _, _) => (r, v, *op),
                (_, _, Some(r), Some(v)) => (r, v, flip(*op)),
                _ => return None,
            };
            let i = Interval::ALL;
            Some((
                r,
                match op {
                    CmpOp::Lt => Interval {
                        hi: (v, false),
                        ..i
                    },
                    CmpOp::Le => Interval { hi: (v, true), ..i },
                    CmpOp::Gt => Interval {
                        lo: (v, false),
                        ..i
                    },
                    CmpOp::Ge => Interval { lo: (v, true), ..i },
                    CmpOp::Eq => Interval {
                        lo: (v, true),
                        hi: (v, true),
                    },
                    CmpOp::Ne => return None,
                },
            ))
        }
        _ => None,
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

fn never_fires(c: &mut Checker) {
    let mut found = Vec::new();
    for score in &c.scores {
        let ScoreKind::Rules(rules) = &score.kind else {
            continue;
        };
        for rule in rules {
            let Trigger::When(cond) = rule.trigger else {
                continue;
            };
            let mut parts = Vec::new();
            conjuncts(c, cond, &mut parts);
            let mut bounds: HashMap<Ref, Interval> = HashMap::new();
            let mut enums: HashMap<Ref, Vec<u32>> = HashMap::new();
            let mut impossible = false;
            for p in parts {
                if let Some((r, i)) = constraint(c, p) {
                    let b = bounds.entry(r).or_insert(Interval::ALL);
                    *b = b.meet(i);
                    impossible |= b.is_empty();
                } else if let Expr::EnumIn(r, v) = &c.exprs[p as usize] {
                    let e = enums.entry(*r).or_insert_with(|| v.clone());
                    e.retain(|x| v.contains(x));
                    impossible |= e.is_empty();
                } else if matches!(c.exprs[p as usize], Expr::Bool(false)) {
                    impossible = true;
                }
            }
            if impossible {
                found.push((rule.name.clone(), c.spans[cond as usize]));
            }
        }
    }
    for (name, span) in found {
        let d = Diagnostic::warning(Code::NeverFires, c.source, span, format!("rule `{name}` can never fire"), "no lead can meet all of these at once")
            .with_help("the parts joined by `and` contradict each other; did you mean `or`, or a different bound?");
        c.report(d);
    }
}

fn unused_scores(c: &mut Checker) {
    let consumers = c
        .scores
        .iter()
        .any(|s| matches!(s.kind, ScoreKind::Derived(_)))
        || !c.tier_sets.is_empty();
    if !consumers {
        return;
    }
    let mut used = vec![false; c.scores.len()];
    for e in &c.exprs {
        if let Expr::Score(id) = e {
            used[*id as usize] = true;
        }
    }
    for t in &c.tier_sets {
        used[t.score as usize] = true;
    }
    let unused: Vec<usize> = (0..c.scores.len())
        .filter(|i| !used[*i] && matches!(c.scores[*i].kind, ScoreKind::Rules(_)))
        .collect();
    for i in unused {
        let name = c.scores[i].name.clone();
        let d = Diagnostic::warning(
            Code::UnusedScore,
            c.source,
            c.score_spans[i],
            format!("score `{name}` is never used"),
            "computed but not used by any derived score, tier or route",
        )
        .with_help(format!(
            "add it to a derived score (e.g. `total = … + {name}`), set tiers on it, or remove it"
        ));
        c.report(d);
    }
}
