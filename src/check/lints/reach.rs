//! Reachable ranges: for every score, an interval that holds every value the score can take
//! for any lead, any events and any as-of time.
//!
//! The ranges over-approximate, so "outside the range" is a proof and "inside" means
//! nothing. Bounds are computed with the same floating-point operations, in the same order,
//! as the interpreter; rounding is monotone, so a computed bound holds for the computed
//! values too. Missing values are tracked separately: the rules that turn them into `0`
//! (points, derived scores) add `0` to the range.

use crate::ir::{Expr, ExprId, Program, Rule, ScoreKind, Trigger};
use crate::syntax::ast::ArithOp;

/// Every value a numeric expression can have: non-missing values lie in `lo..=hi`, and
/// `missing` says whether it can also be missing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Lowest possible value (`-∞`: no limit).
    pub lo: f64,
    /// Highest possible value (`∞`: no limit).
    pub hi: f64,
    /// Whether the value can be missing.
    pub missing: bool,
}

impl Range {
    /// Nothing is known.
    pub const ANY: Range = Range {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
        missing: true,
    };

    /// Exactly `v`, never missing.
    pub fn point(v: f64) -> Range {
        Range {
            lo: v,
            hi: v,
            missing: false,
        }
    }

    /// The single value of a constant expression.
    pub fn constant(self) -> Option<f64> {
        (self.lo == self.hi && !self.missing && self.lo.is_finite()).then_some(self.lo)
    }

    /// Missing read as `0`, as points and derived scores do.
    fn missing_as_zero(self) -> Range {
        if self.missing {
            self.with_zero()
        } else {
            self
        }
    }

    /// The range widened to include `0` (and never missing).
    fn with_zero(self) -> Range {
        Range {
            lo: self.lo.min(0.0),
            hi: self.hi.max(0.0),
            missing: false,
        }
    }

    /// `f64::clamp`'s result, without its panic on bounds the checker already ruled out.
    fn clamp(self, lo: f64, hi: f64) -> Range {
        Range {
            lo: self.lo.max(lo).min(hi),
            hi: self.hi.max(lo).min(hi),
            missing: self.missing,
        }
    }

    fn neg(self) -> Range {
        Range {
            lo: -self.hi,
            hi: -self.lo,
            missing: self.missing,
        }
    }
}

/// The reachable range of every score, in `Program::scores` order.
pub fn score_ranges(p: &Program) -> Vec<Range> {
    Reach::new(p).scores
}

/// Ranges of a program's scores, and of any expression over them.
pub(crate) struct Reach<'a> {
    p: &'a Program,
    /// Range of each score, after its clamp.
    pub scores: Vec<Range>,
}

impl<'a> Reach<'a> {
    /// Works out every score's range, in evaluation order.
    pub fn new(p: &'a Program) -> Reach<'a> {
        let mut r = Reach {
            p,
            scores: Vec::with_capacity(p.scores.len()),
        };
        for s in &p.scores {
            let sum = r.unclamped(&s.kind);
            let value = s.clamp.map_or(sum, |(lo, hi)| sum.clamp(lo, hi));
            r.scores.push(value);
        }
        r
    }

    /// A score's range before its clamp.
    pub fn unclamped(&self, kind: &ScoreKind) -> Range {
        match kind {
            ScoreKind::Rules(rules) => {
                // Summed in rule order from 0.0, exactly as the interpreter adds them.
                let (mut lo, mut hi) = (0.0, 0.0);
                for rule in rules {
                    let c = self.rule(rule);
                    lo += c.lo;
                    hi += c.hi;
                }
                // Every rule can give 0, so the sum can be 0: an overflowing sum (read as 0)
                // stays inside.
                Range {
                    lo,
                    hi,
                    missing: false,
                }
            }
            // A missing formula counts as 0; a present one is finite (see `eval::arith`).
            ScoreKind::Derived(e) => self.expr(*e).missing_as_zero(),
        }
    }

    /// One rule's contribution after its sign and cap. It always includes 0: a `when` rule
    /// that does not fire, an event rule with no matching event.
    pub fn rule(&self, rule: &Rule) -> Range {
        // Missing points count as 0, and decay multiplies by a factor in [0, 1], which keeps
        // a value between 0 and itself.
        let per_hit = self.expr(rule.points).with_zero();
        let raw = match rule.trigger {
            Trigger::When(_) | Trigger::Any(_) => per_hit,
            // Any number of events, each giving a value in `per_hit`.
            Trigger::Each(_) => Range {
                lo: if per_hit.lo < 0.0 {
                    f64::NEG_INFINITY
                } else {
                    0.0
                },
                hi: if per_hit.hi > 0.0 { f64::INFINITY } else { 0.0 },
                missing: false,
            },
        };
        let signed = if rule.sign < 0.0 { raw.neg() } else { raw };
        rule.cap.map_or(signed, |c| signed.clamp(-c, c))
    }

    /// The range of a numeric expression.
    pub fn expr(&self, id: ExprId) -> Range {
        match self.p.expr(id) {
            Expr::Num(v) => Range::point(*v),
            Expr::Count(_) => Range {
                lo: 0.0,
                hi: f64::INFINITY,
                missing: false,
            },
            // Events are never after as-of, so their age is never negative.
            Expr::DaysSinceEvent { .. } => Range {
                lo: 0.0,
                hi: f64::INFINITY,
                missing: true,
            },
            Expr::Neg(a) => self.expr(*a).neg(),
            Expr::Arith(op, a, b) => arith(*op, self.expr(*a), self.expr(*b)),
            Expr::Score(s) => self.scores.get(*s as usize).copied().unwrap_or(Range::ANY),
            _ => Range::ANY,
        }
    }
}

/// Interval arithmetic mirroring `eval::arith`: division by a range holding 0, and any
/// result that may overflow, can be missing.
fn arith(op: ArithOp, a: Range, b: Range) -> Range {
    let corners =
        |f: fn(f64, f64) -> f64| [f(a.lo, b.lo), f(a.lo, b.hi), f(a.hi, b.lo), f(a.hi, b.hi)];
    let c = match op {
        ArithOp::Add => [a.lo + b.lo, a.hi + b.hi, a.lo + b.lo, a.hi + b.hi],
        ArithOp::Sub => [a.lo - b.hi, a.hi - b.lo, a.lo - b.hi, a.hi - b.lo],
        ArithOp::Mul => corners(|x, y| x * y),
        ArithOp::Div if b.lo <= 0.0 && b.hi >= 0.0 => return Range::ANY,
        ArithOp::Div => corners(|x, y| x / y),
    };
    // ∞ − ∞ or 0 × ∞ at a corner: nothing useful is known.
    if c.iter().any(|v| v.is_nan()) {
        return Range::ANY;
    }
    let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Range {
        lo,
        hi,
        missing: a.missing || b.missing || !lo.is_finite() || !hi.is_finite(),
    }
}

#[cfg(test)]
mod tests {
    use super::{score_ranges, Range};
    use crate::diag::Source;
    use crate::schema::Schema;

    const SCHEMA: &str = "lead { key id: string  employees: int?  seniority: enum { vp, other }? }
        event page_view { url: string  seconds: int? }
        event demo_request {}
        event email_sent {}";

    /// Every score's range as `(name, lo, hi)`.
    fn ranges(body: &str) -> Vec<(String, f64, f64)> {
        let text = format!("ruleset \"t\" version 1\nuse schema \"s\"\n{body}");
        let compiled = crate::check::compile(Source::new("t.score", text), |_| {
            Schema::parse(Source::new("s", SCHEMA))
        })
        .unwrap_or_else(|d| panic!("{d}"));
        let p = &compiled.program;
        score_ranges(p)
            .into_iter()
            .zip(&p.scores)
            .map(|(r, s)| {
                assert!(!r.missing, "a score is never missing");
                (s.name.clone(), r.lo, r.hi)
            })
            .collect()
    }

    fn r(name: &str, lo: f64, hi: f64) -> (String, f64, f64) {
        (name.to_string(), lo, hi)
    }

    const INF: f64 = f64::INFINITY;

    #[test]
    fn rule_kinds_caps_and_clamps() {
        let got = ranges(
            r#"score open {
                 rule "Views"   each page_view award 10
                 rule "Demo"    any demo_request award 25
                 rule "Quiet"   when count(page_view within 7d) == 0 deduct 5
               }
               score capped {
                 rule "Views 2"   each page_view award 10 cap 30
                 rule "Ignored"   each email_sent not followed by page_view within 3d deduct 5 cap 15
                 rule "Demo 2"    any demo_request award 25 decay half_life 7d
               }
               score clamped clamp 0..40 {
                 rule "Views 3"   each page_view award 10
                 rule "Quiet 3"   when count(page_view within 7d) == 0 deduct 5
               }
               tiers on open { low up to 10  high above 10 }
               tiers c on capped { low up to 10  high above 10 }
               tiers d on clamped { low up to 10  high above 10 }"#,
        );
        assert_eq!(
            got,
            [
                r("open", -5.0, INF),
                r("capped", -15.0, 55.0),
                r("clamped", 0.0, 40.0)
            ]
        );
    }

    #[test]
    fn points_from_expressions() {
        let got = ranges(
            r#"score fixed {
                 rule "Weeks"   when employees > 5 award 2w * 3
                 rule "Quarter" when employees > 5 award 10 / 4
                 rule "Minus"   when employees > 5 award -(3 - 1)
               }
               score field {
                 rule "Size"    when employees > 5 award employees / 100
               }
               score seconds {
                 rule "Per view" any page_view award seconds cap 60
               }
               tiers on fixed { low up to 10  high above 10 }
               tiers f on field { low up to 10  high above 10 }
               tiers s on seconds { low up to 10  high above 10 }"#,
        );
        // 42 and 2.5 are given or not; -2 is taken or not.
        assert_eq!(
            got,
            [
                r("fixed", -2.0, 44.5),
                r("field", -INF, INF),
                r("seconds", -60.0, 60.0)
            ]
        );
    }

    #[test]
    fn derived_scores_use_interval_arithmetic() {
        let got = ranges(
            r#"score fit {
                 rule "VP"  when seniority == vp award 10
                 rule "Big" when employees >= 250 award 10
               }
               score engagement clamp -20..100 {
                 rule "Views"   each page_view award 5
                 rule "Ignored" each email_sent deduct 5
               }
               total = fit + engagement clamp 0..150
               weighted = 2 * fit - engagement / 2
               ratio = fit / (total + 1)
               risky = fit / engagement
               shifted = total + 10
               tiers on weighted { low up to 10  high above 10 }
               tiers b on ratio { low up to 1  high above 1 }
               tiers c on risky { low up to 1  high above 1 }
               tiers d on shifted { low up to 1  high above 1 }"#,
        );
        assert_eq!(
            got,
            [
                r("fit", 0.0, 20.0),
                r("engagement", -20.0, 100.0),
                r("total", 0.0, 120.0),
                // 2 × [0, 20] − [-10, 50]
                r("weighted", -50.0, 50.0),
                // [0, 20] / [1, 121]
                r("ratio", 0.0, 20.0),
                // Division by a range holding 0: missing, read as 0, and unbounded.
                r("risky", -INF, INF),
                // Never missing, so 0 is not added.
                r("shifted", 10.0, 130.0),
            ]
        );
    }

    #[test]
    fn arithmetic_that_may_overflow_may_be_missing() {
        let big = Range::point(f64::MAX);
        let sum = super::arith(crate::syntax::ast::ArithOp::Add, big, big);
        assert!(sum.missing && sum.hi == INF);
        let nan = super::arith(
            crate::syntax::ast::ArithOp::Mul,
            Range::point(0.0),
            Range::ANY,
        );
        assert_eq!(nan, Range::ANY);
        let exact = super::arith(
            crate::syntax::ast::ArithOp::Div,
            Range::point(1.0),
            Range {
                lo: 2.0,
                hi: 4.0,
                missing: false,
            },
        );
        assert_eq!(
            exact,
            Range {
                lo: 0.25,
                hi: 0.5,
                missing: false
            }
        );
    }
}
