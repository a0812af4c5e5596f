//! Shapes: every expression and pattern gets a number such that two of them have the same
//! number exactly when their trees are the same, wherever they are written. Conditions can
//! then be compared, and used as map keys, in constant time.

use crate::ir::{Expr, ExprId, PatternId, Program};
use std::collections::HashMap;
use std::fmt::Write;

/// The shape number of every expression and pattern of a program.
pub(crate) struct Shapes {
    exprs: Vec<u32>,
    patterns: Vec<u32>,
    /// Each node written with its children's shape numbers, and its number.
    interned: HashMap<String, u32>,
}

impl Shapes {
    /// Numbers every node of the program.
    pub fn new(p: &Program) -> Shapes {
        let mut b = Builder {
            p,
            exprs: vec![None; p.exprs.len()],
            patterns: vec![None; p.patterns.len()],
            interned: HashMap::new(),
        };
        for id in 0..p.exprs.len() {
            b.expr(id as ExprId);
        }
        for id in 0..p.patterns.len() {
            b.pattern(id as PatternId);
        }
        Shapes {
            exprs: b.exprs.into_iter().map(Option::unwrap_or_default).collect(),
            patterns: b
                .patterns
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
            interned: b.interned,
        }
    }

    /// The shape of an expression.
    pub fn expr(&self, id: ExprId) -> u32 {
        self.exprs.get(id as usize).copied().unwrap_or(u32::MAX)
    }

    /// The shape of a pattern (event type, filter, window and sequence).
    pub fn pattern(&self, id: PatternId) -> u32 {
        self.patterns.get(id as usize).copied().unwrap_or(u32::MAX)
    }

    /// The shape of a node without children (`Score(2)`), if the program has one.
    pub fn leaf(&self, e: &Expr) -> Option<u32> {
        self.interned.get(&format!("{e:?}")).copied()
    }
}

struct Builder<'a> {
    p: &'a Program,
    exprs: Vec<Option<u32>>,
    patterns: Vec<Option<u32>>,
    interned: HashMap<String, u32>,
}

impl Builder<'_> {
    fn intern(&mut self, key: String) -> u32 {
        let next = self.interned.len() as u32;
        *self.interned.entry(key).or_insert(next)
    }

    fn pattern(&mut self, id: PatternId) -> u32 {
        if let Some(s) = self.patterns.get(id as usize).copied().flatten() {
            return s;
        }
        let p = self.p;
        let Some(pat) = p.patterns.get(id as usize) else {
            return u32::MAX;
        };
        let filter = pat.filter.map(|f| self.expr(f));
        let mut key = format!("pattern({:?} {filter:?} {:?}", pat.event, pat.within);
        if let Some(f) = &pat.followed {
            let then = f.filter.map(|x| self.expr(x));
            let _ = write!(
                key,
                " followed({} {:?} {} {then:?})",
                f.negated, f.event, f.within
            );
        }
        key.push(')');
        let s = self.intern(key);
        self.patterns[id as usize] = Some(s);
        s
    }

    fn expr(&mut self, id: ExprId) -> u32 {
        if let Some(s) = self.exprs.get(id as usize).copied().flatten() {
            return s;
        }
        let p = self.p;
        let Some(e) = p.exprs.get(id as usize) else {
            return u32::MAX;
        };
        let key = match e {
            Expr::DaysSinceEvent { pattern, last } => {
                format!("days_since{last}({})", self.pattern(*pattern))
            }
            Expr::Count(pat) => format!("count({})", self.pattern(*pat)),
            Expr::Any(pat) => format!("any({})", self.pattern(*pat)),
            Expr::None(pat) => format!("none({})", self.pattern(*pat)),
            Expr::Sum { pattern, attr } => format!("sum{attr}({})", self.pattern(*pattern)),
            Expr::Neg(a) => format!("neg({})", self.expr(*a)),
            Expr::Lower(a) => format!("lower({})", self.expr(*a)),
            Expr::Not(a) => format!("not({})", self.expr(*a)),
            Expr::IsMissing(a) => format!("is_missing({})", self.expr(*a)),
            Expr::Arith(op, a, b) => format!("{op:?}({} {})", self.expr(*a), self.expr(*b)),
            Expr::CmpNum(op, a, b) => format!("cmp{op:?}({} {})", self.expr(*a), self.expr(*b)),
            Expr::StrEq { a, b, negated } => {
                format!("str_eq{negated}({} {})", self.expr(*a), self.expr(*b))
            }
            Expr::StrIn(a, list) => format!("str_in{list:?}({})", self.expr(*a)),
            Expr::InRange(a, lo, hi) => format!("in{lo:?}..{hi:?}({})", self.expr(*a)),
            Expr::StrTest(op, a, needle) => format!("{op:?}{needle:?}({})", self.expr(*a)),
            Expr::And(parts) => format!("and{:?}", self.all(parts)),
            Expr::Or(parts) => format!("or{:?}", self.all(parts)),
            // The rest hold no expression or pattern ids: their debug form is their shape.
            leaf => format!("{leaf:?}"),
        };
        let s = self.intern(key);
        self.exprs[id as usize] = Some(s);
        s
    }

    fn all(&mut self, ids: &[ExprId]) -> Vec<u32> {
        ids.iter().map(|id| self.expr(*id)).collect()
    }
}
