//! What a condition being true tells about a lead, and whether that is enough to prove
//! another condition true. Proofs are conservative: "cannot tell" is always "no".
//!
//! Facts are a small lattice: a conjunction meets the facts of its parts, a disjunction
//! joins them (keeping only what every alternative guarantees). Numeric facts come from
//! comparisons with constants, which are false on a missing value, so a fact about a value
//! also says it is present.

use super::interval::{band, Interval};
use super::reach::Reach;
use super::shape::Shapes;
use crate::ir::{Expr, ExprId, Program, Ref};
use crate::syntax::ast::CmpOp;
use std::collections::{HashMap, HashSet};

/// What holds whenever a condition is true.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    /// Bounds on numeric values, by the value's shape.
    nums: HashMap<u32, Interval>,
    /// The enum variants a field can have.
    enums: HashMap<Ref, Vec<u32>>,
    /// The tiers a tier set can be in.
    tiers: HashMap<u32, Vec<u32>>,
    /// Shapes of sub-conditions known to be true.
    atoms: HashSet<u32>,
    /// The condition can never be true: its parts contradict each other.
    pub impossible: bool,
}

impl Facts {
    fn impossible() -> Facts {
        Facts {
            impossible: true,
            ..Facts::default()
        }
    }

    /// Both hold.
    fn meet(mut self, o: Facts) -> Facts {
        if self.impossible || o.impossible {
            return Facts::impossible();
        }
        for (k, iv) in o.nums {
            let e = self.nums.entry(k).or_insert(Interval::ALL);
            *e = e.meet(iv);
            self.impossible |= e.is_empty();
        }
        for (k, set) in o.enums {
            let e = self.enums.entry(k).or_insert_with(|| set.clone());
            e.retain(|x| set.contains(x));
            self.impossible |= e.is_empty();
        }
        for (k, set) in o.tiers {
            let e = self.tiers.entry(k).or_insert_with(|| set.clone());
            e.retain(|x| set.contains(x));
            self.impossible |= e.is_empty();
        }
        self.atoms.extend(o.atoms);
        self
    }

    /// One of the two holds.
    fn join(self, o: Facts) -> Facts {
        if self.impossible {
            return o;
        }
        if o.impossible {
            return self;
        }
        let nums = self
            .nums
            .into_iter()
            .filter_map(|(k, iv)| o.nums.get(&k).map(|w| (k, iv.join(*w))))
            .collect();
        Facts {
            nums,
            enums: union(self.enums, &o.enums),
            tiers: union(self.tiers, &o.tiers),
            atoms: self.atoms.intersection(&o.atoms).copied().collect(),
            impossible: false,
        }
    }
}

/// Per key present on both sides, the values allowed by either.
fn union<K: std::hash::Hash + Eq>(
    a: HashMap<K, Vec<u32>>,
    b: &HashMap<K, Vec<u32>>,
) -> HashMap<K, Vec<u32>> {
    a.into_iter()
        .filter_map(|(k, mut set)| {
            for x in b.get(&k)? {
                if !set.contains(x) {
                    set.push(*x);
                }
            }
            Some((k, set))
        })
        .collect()
}

/// Reasoning about the conditions of one program.
pub(crate) struct Logic<'a> {
    p: &'a Program,
    reach: &'a Reach<'a>,
    shapes: &'a Shapes,
}

impl<'a> Logic<'a> {
    /// Reasoning with the reachable ranges of the program's scores.
    pub fn new(p: &'a Program, reach: &'a Reach<'a>, shapes: &'a Shapes) -> Self {
        Logic { p, reach, shapes }
    }

    /// What holds whenever condition `id` is true.
    pub fn facts(&self, id: ExprId) -> Facts {
        let mut f = match self.p.expr(id) {
            Expr::And(parts) => parts
                .iter()
                .fold(Facts::default(), |f, x| f.meet(self.facts(*x))),
            Expr::Or(parts) => parts
                .iter()
                .fold(Facts::impossible(), |f, x| f.join(self.facts(*x))),
            Expr::Bool(false) => Facts::impossible(),
            Expr::EnumIn(r, set) => Facts {
                enums: HashMap::from([(*r, set.clone())]),
                impossible: set.is_empty(),
                ..Facts::default()
            },
            Expr::TierIn(t, set) => Facts {
                tiers: HashMap::from([(*t, set.clone())]),
                impossible: set.is_empty(),
                ..Facts::default()
            },
            _ => match self.bound(id) {
                Some((key, iv)) => Facts {
                    nums: HashMap::from([(self.shapes.expr(key), iv)]),
                    impossible: iv.is_empty(),
                    ..Facts::default()
                },
                None => Facts::default(),
            },
        };
        if !f.impossible {
            f.atoms.insert(self.shapes.expr(id));
        }
        f
    }

    /// True when `f` proves condition `id` true.
    pub fn implies(&self, f: &Facts, id: ExprId) -> bool {
        if f.atoms.contains(&self.shapes.expr(id)) {
            return true;
        }
        match self.p.expr(id) {
            Expr::Bool(b) => *b,
            Expr::And(parts) => parts.iter().all(|x| self.implies(f, *x)),
            Expr::Or(parts) => parts.iter().any(|x| self.implies(f, *x)),
            Expr::EnumIn(r, set) => f
                .enums
                .get(r)
                .is_some_and(|have| have.iter().all(|x| set.contains(x))),
            Expr::TierIn(t, set) => self
                .possible_tiers(f, *t)
                .is_some_and(|have| have.iter().all(|x| set.contains(x))),
            _ => self
                .bound(id)
                .is_some_and(|(key, iv)| self.bounds(f, key).is_some_and(|b| b.within(iv))),
        }
    }

    /// A comparison of a value with a constant, as (the value, the numbers passing).
    fn bound(&self, id: ExprId) -> Option<(ExprId, Interval)> {
        let konst = |e: ExprId| self.reach.expr(e).constant();
        match self.p.expr(id) {
            Expr::InRange(a, lo, hi) if konst(*a).is_none() => {
                Some((*a, Interval::closed(*lo, *hi)))
            }
            Expr::CmpNum(op, a, b) => {
                let (key, v, op) = match (konst(*a), konst(*b)) {
                    (None, Some(v)) => (*a, v, *op),
                    (Some(v), None) => (*b, v, flip(*op)),
                    _ => return None,
                };
                let iv = match op {
                    CmpOp::Lt => Interval::below(v, false),
                    CmpOp::Le => Interval::below(v, true),
                    CmpOp::Gt => Interval::above(v, false),
                    CmpOp::Ge => Interval::above(v, true),
                    CmpOp::Eq => Interval::closed(v, v),
                    CmpOp::Ne => return None,
                };
                Some((key, iv))
            }
            _ => None,
        }
    }

    /// What `f` says about a numeric value, with what is always true of it; `None` when it
    /// may be missing and `f` says nothing about it.
    fn bounds(&self, f: &Facts, key: ExprId) -> Option<Interval> {
        if let Expr::Score(s) = self.p.expr(key) {
            return Some(self.score_bounds(f, *s));
        }
        let known = f.nums.get(&self.shapes.expr(key)).copied();
        let always = self.reach.expr(key);
        if always.missing {
            return known;
        }
        Some(
            known
                .unwrap_or(Interval::ALL)
                .meet(Interval::closed(always.lo, always.hi)),
        )
    }

    /// A score's possible values under `f`: its reachable range, the comparisons on it, and
    /// the bands of the tiers `f` allows for tier sets on it.
    fn score_bounds(&self, f: &Facts, s: u32) -> Interval {
        let mut iv = self
            .reach
            .scores
            .get(s as usize)
            .map_or(Interval::ALL, |r| Interval::closed(r.lo, r.hi));
        if let Some(known) = self
            .shapes
            .leaf(&Expr::Score(s))
            .and_then(|k| f.nums.get(&k))
        {
            iv = iv.meet(*known);
        }
        for (t, set) in &f.tiers {
            let Some(ts) = self.p.tier_sets.get(*t as usize).filter(|ts| ts.score == s) else {
                continue;
            };
            let hull = set
                .iter()
                .map(|i| band(ts, *i as usize))
                .reduce(Interval::join)
                .unwrap_or(Interval::ALL);
            iv = iv.meet(hull);
        }
        iv
    }

    /// The tiers of set `t` a lead can be in under `f`.
    fn possible_tiers(&self, f: &Facts, t: u32) -> Option<Vec<u32>> {
        let ts = self.p.tier_sets.get(t as usize)?;
        let scores = self.score_bounds(f, ts.score);
        let possible = (0..ts.names.len() as u32)
            .filter(|i| f.tiers.get(&t).is_none_or(|set| set.contains(i)))
            .filter(|i| !band(ts, *i as usize).meet(scores).is_empty())
            .collect();
        Some(possible)
    }
}

/// The same comparison with its sides swapped.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}
