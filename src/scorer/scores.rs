//! Scores of a whole batch, lead-major, as both engines write them.

use crate::eval::{replay_routes, Outcome};
use crate::ir::Program;

/// Every lead's scores, tiers, matched route lines and rule contributions.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    leads: usize,
    n_scores: usize,
    n_tiers: usize,
    n_rules: usize,
    route_words: usize,
    pub(crate) scores: Vec<f64>,
    pub(crate) tiers: Vec<u32>,
    pub(crate) routes: Vec<u64>,
    pub(crate) contributions: Vec<f64>,
}

impl Scores {
    /// Zeroed storage for `leads` leads of a program.
    pub fn new(p: &Program, leads: usize) -> Scores {
        let (n_scores, n_tiers, n_rules) = (p.scores.len(), p.tier_sets.len(), p.rules().count());
        let route_words = p.routes.len().div_ceil(64).max(1);
        Scores {
            leads,
            n_scores,
            n_tiers,
            n_rules,
            route_words,
            scores: vec![0.0; leads * n_scores],
            tiers: vec![0; leads * n_tiers],
            routes: vec![0; leads * route_words],
            contributions: vec![0.0; leads * n_rules],
        }
    }

    /// Number of leads.
    pub fn len(&self) -> usize {
        self.leads
    }

    /// True when there are no leads.
    pub fn is_empty(&self) -> bool {
        self.leads == 0
    }

    /// Score `s` (in `Program::scores` order) of lead `i`.
    pub fn score(&self, i: usize, s: usize) -> f64 {
        self.scores[i * self.n_scores + s]
    }

    /// Tier index of tier set `t` for lead `i`.
    pub fn tier(&self, i: usize, t: usize) -> u32 {
        self.tiers[i * self.n_tiers + t]
    }

    /// Contribution of rule `r` (in `Program::rules` order) to lead `i`, after its cap.
    pub fn contribution(&self, i: usize, r: usize) -> f64 {
        self.contributions[i * self.n_rules + r]
    }

    /// Did route line `k` match lead `i`?
    pub fn route_matched(&self, i: usize, k: usize) -> bool {
        self.routes
            .get(i * self.route_words + k / 64)
            .is_some_and(|w| w >> (k % 64) & 1 == 1)
    }

    /// The matched-route bits of lead `i` (bit `k % 64` of word `k / 64` is line `k`).
    pub fn route_words(&self, i: usize) -> &[u64] {
        &self.routes[i * self.route_words..(i + 1) * self.route_words]
    }

    /// Lead `i` as the interpreter's [`Outcome`], queues and channels included.
    pub fn outcome(&self, p: &Program, i: usize) -> Outcome {
        let routed = replay_routes(p, (0..p.routes.len()).filter(|&k| self.route_matched(i, k)));
        Outcome {
            scores: self.scores[i * self.n_scores..(i + 1) * self.n_scores].to_vec(),
            tiers: self.tiers[i * self.n_tiers..(i + 1) * self.n_tiers].to_vec(),
            queue: routed.queue,
            notify: routed.notify,
            tags: routed.tags,
            contributions: self.contributions[i * self.n_rules..(i + 1) * self.n_rules].to_vec(),
            matched_routes: routed.matched,
        }
    }

    /// Stores one lead's interpreter outcome.
    pub(crate) fn set(&mut self, i: usize, o: &Outcome) {
        let s = i * self.n_scores;
        self.scores[s..s + self.n_scores].copy_from_slice(&o.scores);
        let t = i * self.n_tiers;
        self.tiers[t..t + self.n_tiers].copy_from_slice(&o.tiers);
        let r = i * self.n_rules;
        self.contributions[r..r + self.n_rules].copy_from_slice(&o.contributions);
        let w = i * self.route_words;
        for &k in &o.matched_routes {
            self.routes[w + k as usize / 64] |= 1 << (k % 64);
        }
    }

    /// First lead that differs from `other` in any bit, for agreement checks.
    pub fn first_difference(&self, other: &Scores) -> Option<usize> {
        let bits = |v: &[f64], i: usize, n: usize| -> Vec<u64> {
            v[i * n..(i + 1) * n].iter().map(|x| x.to_bits()).collect()
        };
        (0..self.leads.max(other.leads)).find(|&i| {
            i >= self.leads
                || i >= other.leads
                || bits(&self.scores, i, self.n_scores) != bits(&other.scores, i, other.n_scores)
                || bits(&self.contributions, i, self.n_rules)
                    != bits(&other.contributions, i, other.n_rules)
                || self.tiers[i * self.n_tiers..(i + 1) * self.n_tiers]
                    != other.tiers[i * other.n_tiers..(i + 1) * other.n_tiers]
                || self.routes[i * self.route_words..(i + 1) * self.route_words]
                    != other.routes[i * other.route_words..(i + 1) * other.route_words]
        })
    }
}
