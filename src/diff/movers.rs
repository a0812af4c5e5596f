//! The top movers: the leads whose tiered score changed most, with the rules that made
//! the difference.

use super::impact::{common_scores, tier_name, Scored};
use serde::Serialize;

/// One rule whose contribution to a lead changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleMove {
    /// The score the rule belongs to.
    pub score: String,
    /// The rule's name.
    pub rule: String,
    /// Points before (`None`: the old rubric has no such rule).
    pub old: Option<f64>,
    /// Points after (`None`: the new rubric has no such rule).
    pub new: Option<f64>,
}

/// A lead whose ranked score or tier changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mover {
    /// The lead's key.
    pub key: String,
    /// The ranked score before.
    pub old: f64,
    /// The ranked score after.
    pub new: f64,
    /// `new − old`.
    pub delta: f64,
    /// Tier before, in the first tier set both rubrics have.
    pub old_tier: Option<String>,
    /// Tier after.
    pub new_tier: Option<String>,
    /// Rules whose contribution changed, old rubric's order, then rules only the new has.
    pub rules: Vec<RuleMove>,
}

/// Score pair (old, new) to rank by, and the tier set pair shown beside it: the score the
/// first common tier set reads, else the last score both rubrics have.
pub(super) type Ranking = ((usize, usize), Option<(usize, usize)>);

/// What movers are ranked by, or `None` when the rubrics have no score in common.
pub(super) fn ranked_by(a: &crate::ir::Program, b: &crate::ir::Program) -> Option<Ranking> {
    let common: Vec<(usize, usize)> = common_scores(a, b).collect();
    let tiers = b.tier_sets.iter().enumerate().find_map(|(tb, set)| {
        let ta = a.tier_sets.iter().position(|t| t.name == set.name)?;
        Some((ta, tb))
    });
    let read = tiers.and_then(|(ta, tb)| {
        let (sa, sb) = (
            a.tier_sets[ta].score as usize,
            b.tier_sets[tb].score as usize,
        );
        let by = |f: &dyn Fn(&(usize, usize)) -> bool| common.iter().copied().find(|p| f(p));
        by(&|p| p.1 == sb).or_else(|| by(&|p| p.0 == sa))
    });
    Some((read.or(common.last().copied())?, tiers))
}

/// The `n` leads with the largest change of the ranked score (ties by key), among those
/// whose score or tier changed.
pub(super) fn top(
    a: &Scored,
    b: &Scored,
    both: &[(usize, usize)],
    (sa, sb): (usize, usize),
    tiers: Option<(usize, usize)>,
    n: usize,
) -> Vec<Mover> {
    let tier =
        |i: usize, j: usize| tiers.map(|(ta, tb)| (tier_name(a, i, ta), tier_name(b, j, tb)));
    let mut moved: Vec<(f64, &str, usize, usize)> = both
        .iter()
        .filter_map(|&(i, j)| {
            let delta = b.scores.score(j, sb) - a.scores.score(i, sa);
            let tier_moved = tier(i, j).is_some_and(|(x, y)| x != y);
            (delta != 0.0 || tier_moved).then(|| (delta, a.batch.key(i), i, j))
        })
        .collect();
    moved.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then(x.1.cmp(y.1)));
    moved
        .into_iter()
        .take(n)
        .map(|(delta, key, i, j)| {
            let t = tier(i, j);
            Mover {
                key: key.to_string(),
                old: a.scores.score(i, sa),
                new: b.scores.score(j, sb),
                delta,
                old_tier: t.map(|x| x.0.to_string()),
                new_tier: t.map(|x| x.1.to_string()),
                rules: rule_moves(a, b, i, j),
            }
        })
        .collect()
}

/// (score, rule) names of every rule, in `Program::rules` order.
fn rule_names(p: &crate::ir::Program) -> Vec<(&str, &str)> {
    p.rules()
        .map(|(s, r)| (p.scores[s].name.as_str(), r.name.as_str()))
        .collect()
}

fn rule_moves(a: &Scored, b: &Scored, i: usize, j: usize) -> Vec<RuleMove> {
    let (na, nb) = (rule_names(a.p), rule_names(b.p));
    let mut out = Vec::new();
    let mut push = |key: (&str, &str), old: Option<f64>, new: Option<f64>| {
        if old.unwrap_or(0.0) != new.unwrap_or(0.0) {
            out.push(RuleMove {
                score: key.0.to_string(),
                rule: key.1.to_string(),
                old,
                new,
            });
        }
    };
    for (r, key) in na.iter().enumerate() {
        let new = nb.iter().position(|k| k == key);
        push(
            *key,
            Some(a.scores.contribution(i, r)),
            new.map(|q| b.scores.contribution(j, q)),
        );
    }
    for (q, key) in nb.iter().enumerate() {
        if !na.contains(key) {
            push(*key, None, Some(b.scores.contribution(j, q)));
        }
    }
    out
}
