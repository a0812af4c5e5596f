//! Rule coverage: a rule is covered when some test makes it fire and some test makes it
//! not fire, because a rule that is only ever seen firing could be firing for everyone.

use super::run::TestResult;
use crate::ir::Program;

/// Coverage of one rule.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RuleCoverage {
    /// The rule's name.
    pub rule: String,
    /// The score it belongs to.
    pub score: String,
    /// How many tests made it fire.
    pub fired: usize,
    /// How many tests left it unfired.
    pub not_fired: usize,
}

/// Coverage of a rubric's rules by its tests.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// Per rule, in rubric order.
    pub rules: Vec<RuleCoverage>,
}

impl Coverage {
    /// Coverage of `p`'s rules by these results.
    pub fn of<'a>(p: &Program, results: impl Iterator<Item = &'a TestResult>) -> Coverage {
        let mut rules: Vec<RuleCoverage> = p
            .rules()
            .map(|(s, r)| RuleCoverage {
                rule: r.name.clone(),
                score: p.scores[s].name.clone(),
                fired: 0,
                not_fired: 0,
            })
            .collect();
        for res in results {
            for (c, fired) in rules.iter_mut().zip(&res.fired) {
                if *fired {
                    c.fired += 1;
                } else {
                    c.not_fired += 1;
                }
            }
        }
        Coverage { rules }
    }

    /// Covered (rule, outcome) pairs out of two per rule.
    pub fn covered(&self) -> (usize, usize) {
        let hit = self
            .rules
            .iter()
            .map(|r| usize::from(r.fired > 0) + usize::from(r.not_fired > 0))
            .sum();
        (hit, 2 * self.rules.len())
    }

    /// Covered share in percent; a rubric without rules is fully covered.
    pub fn percent(&self) -> f64 {
        let (hit, all) = self.covered();
        if all == 0 {
            100.0
        } else {
            100.0 * hit as f64 / all as f64
        }
    }
}
