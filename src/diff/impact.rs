//! The change's effect on real leads: both rubrics score the same leads (joined by key),
//! and the tier transitions, route changes, score deltas and biggest movers are counted.

use super::movers::{self, Mover};
use super::stats::{summarise, DeltaSummary};
use crate::batch::Batch;
use crate::eval::Outcome;
use crate::ir::Program;
use crate::scorer::{Engine, Scorer, Scores};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// How the leads are scored and how much is reported.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Score as of this time (seconds since the epoch).
    pub as_of: i64,
    /// The engine both rubrics are scored with; every engine gives the same report.
    pub engine: Engine,
    /// How many top movers to list.
    pub top: usize,
}

/// The label of a lead that one side does not have, and of "no queue".
pub const NONE: &str = "(none)";

/// Leads per (old tier, new tier) of one tier set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transitions {
    /// The tier set's name.
    pub tier_set: String,
    /// Row labels: the old rubric's tiers, lowest first (then `(none)` for leads only the
    /// new side has).
    pub old_tiers: Vec<String>,
    /// Column labels: the new rubric's tiers (then `(none)` for leads only the old side has).
    pub new_tiers: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<usize>>,
    /// Leads whose tier name differs.
    pub changed: usize,
}

/// Leads whose routing changed (leads both sides scored).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RouteChanges {
    /// Leads with any of queue, notify set or tag set changed.
    pub changed: usize,
    /// Leads whose queue (action and target) changed.
    pub queue: usize,
    /// Leads whose set of notified channels changed.
    pub notify: usize,
    /// Leads whose set of tags changed.
    pub tags: usize,
    /// Queue moves with their lead counts, most leads first.
    pub queue_moves: Vec<QueueMove>,
}

/// Leads moved from one queue to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueMove {
    /// `assign "sdr"`, or `(none)`.
    pub old: String,
    /// The new queue.
    pub new: String,
    /// How many leads.
    pub leads: usize,
}

/// What the change does to the leads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// The as-of time both rubrics scored at.
    pub as_of: String,
    /// Leads both rubrics scored.
    pub leads: usize,
    /// Leads only the old rubric's data had (different schemas only).
    pub only_old: usize,
    /// Leads only the new rubric's data had.
    pub only_new: usize,
    /// One matrix per tier set both rubrics have, in the new rubric's order.
    pub tier_sets: Vec<Transitions>,
    /// Routing changes.
    pub routes: RouteChanges,
    /// Score changes per score both rubrics have, in the new rubric's order.
    pub scores: Vec<DeltaSummary>,
    /// The score movers are ranked by: the one the first common tier set reads.
    pub movers_by: Option<String>,
    /// The leads that moved most, largest change first, ties by key.
    pub movers: Vec<Mover>,
}

impl Impact {
    /// Share of leads (0…1) whose tier changed in the first tier set both rubrics have;
    /// `None` when they have none in common.
    pub fn moved_share(&self) -> Option<f64> {
        let t = self.tier_sets.first()?;
        let total = self.leads + self.only_old + self.only_new;
        Some(if total == 0 {
            0.0
        } else {
            t.changed as f64 / total as f64
        })
    }
}

/// One side scored: its program, leads and results.
pub(super) struct Scored<'a> {
    pub p: &'a Program,
    pub batch: &'a Batch,
    pub scores: Scores,
}

impl<'a> Scored<'a> {
    fn new((p, batch): (&'a Program, &'a Batch), opts: &Options) -> Scored<'a> {
        let scores = Scorer::new(Arc::new(p.clone()), opts.engine).score(batch, opts.as_of);
        Scored { p, batch, scores }
    }
}

/// Scores both sides and counts what moved.
pub fn measure(old: (&Program, &Batch), new: (&Program, &Batch), opts: &Options) -> Impact {
    let (a, b) = (Scored::new(old, opts), Scored::new(new, opts));
    let join = Join::of(a.batch, b.batch);
    let tier_sets: Vec<Transitions> =
        b.p.tier_sets
            .iter()
            .enumerate()
            .filter_map(|(tb, set)| {
                let ta = a.p.tier_sets.iter().position(|t| t.name == set.name)?;
                Some(transitions(&a, &b, &join, ta, tb))
            })
            .collect();
    let scores = common_scores(a.p, b.p)
        .map(|(sa, sb)| {
            let mut d: Vec<f64> = join
                .both
                .iter()
                .map(|&(i, j)| b.scores.score(j, sb) - a.scores.score(i, sa))
                .collect();
            summarise(&b.p.scores[sb].name, &mut d)
        })
        .collect();
    let ranked = movers::ranked_by(a.p, b.p);
    Impact {
        as_of: crate::data::time::format(opts.as_of),
        leads: join.both.len(),
        only_old: join.only_old.len(),
        only_new: join.only_new.len(),
        tier_sets,
        routes: routes(&a, &b, &join),
        scores,
        movers_by: ranked.map(|(s, _)| b.p.scores[s.1].name.clone()),
        movers: ranked.map_or_else(Vec::new, |(s, t)| {
            movers::top(&a, &b, &join.both, s, t, opts.top)
        }),
    }
}

/// Score index pairs (old, new) of the scores both rubrics have, in the new order.
pub(super) fn common_scores<'a>(
    a: &'a Program,
    b: &'a Program,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    b.scores
        .iter()
        .enumerate()
        .filter_map(|(j, s)| Some((a.scores.iter().position(|x| x.name == s.name)?, j)))
}

/// Which lead of the old batch is which lead of the new one.
pub(super) struct Join {
    pub both: Vec<(usize, usize)>,
    pub only_old: Vec<usize>,
    pub only_new: Vec<usize>,
}

impl Join {
    fn of(a: &Batch, b: &Batch) -> Join {
        if std::ptr::eq(a, b) {
            return Join {
                both: (0..a.len()).map(|i| (i, i)).collect(),
                only_old: vec![],
                only_new: vec![],
            };
        }
        let index: HashMap<&str, usize> = (0..b.len()).map(|j| (b.key(j), j)).collect();
        let mut seen = vec![false; b.len()];
        let (mut both, mut only_old) = (Vec::new(), Vec::new());
        for i in 0..a.len() {
            match index.get(a.key(i)) {
                Some(&j) => {
                    seen[j] = true;
                    both.push((i, j));
                }
                None => only_old.push(i),
            }
        }
        let only_new = (0..b.len()).filter(|&j| !seen[j]).collect();
        Join {
            both,
            only_old,
            only_new,
        }
    }
}

/// The tier name of lead `i` in tier set `t`.
pub(super) fn tier_name<'a>(s: &'a Scored, i: usize, t: usize) -> &'a str {
    let set = &s.p.tier_sets[t];
    set.names
        .get(s.scores.tier(i, t) as usize)
        .map_or(NONE, String::as_str)
}

fn transitions(a: &Scored, b: &Scored, join: &Join, ta: usize, tb: usize) -> Transitions {
    let mut t = Transitions {
        tier_set: b.p.tier_sets[tb].name.clone(),
        old_tiers: a.p.tier_sets[ta].names.clone(),
        new_tiers: b.p.tier_sets[tb].names.clone(),
        counts: vec![],
        changed: 0,
    };
    t.counts = vec![vec![0; t.new_tiers.len()]; t.old_tiers.len()];
    for &(i, j) in &join.both {
        t.add(tier_name(a, i, ta), tier_name(b, j, tb));
    }
    for &i in &join.only_old {
        t.add(tier_name(a, i, ta), NONE);
    }
    for &j in &join.only_new {
        t.add(NONE, tier_name(b, j, tb));
    }
    t
}

impl Transitions {
    /// Counts one lead; a label not seen yet (`(none)`) gets its own row or column.
    fn add(&mut self, from: &str, to: &str) {
        let r = match self.old_tiers.iter().position(|x| x == from) {
            Some(r) => r,
            None => {
                self.old_tiers.push(from.to_string());
                self.counts.push(vec![0; self.new_tiers.len()]);
                self.old_tiers.len() - 1
            }
        };
        let c = match self.new_tiers.iter().position(|x| x == to) {
            Some(c) => c,
            None => {
                self.new_tiers.push(to.to_string());
                self.counts.iter_mut().for_each(|row| row.push(0));
                self.new_tiers.len() - 1
            }
        };
        self.counts[r][c] += 1;
        self.changed += usize::from(from != to);
    }
}

fn queue(o: &Outcome) -> String {
    o.queue.as_ref().map_or_else(
        || NONE.to_string(),
        |(kind, target)| format!("{} {}", kind.as_str(), super::canon::string(target)),
    )
}

fn sorted(v: &[String]) -> Vec<&String> {
    let mut s: Vec<&String> = v.iter().collect();
    s.sort();
    s
}

fn routes(a: &Scored, b: &Scored, join: &Join) -> RouteChanges {
    let mut r = RouteChanges::default();
    let mut moves: HashMap<(String, String), usize> = HashMap::new();
    for &(i, j) in &join.both {
        let (x, y) = (a.scores.outcome(a.p, i), b.scores.outcome(b.p, j));
        let (qx, qy) = (queue(&x), queue(&y));
        let queue_moved = qx != qy;
        let notify = sorted(&x.notify) != sorted(&y.notify);
        let tags = sorted(&x.tags) != sorted(&y.tags);
        r.queue += usize::from(queue_moved);
        r.notify += usize::from(notify);
        r.tags += usize::from(tags);
        r.changed += usize::from(queue_moved || notify || tags);
        if queue_moved {
            *moves.entry((qx, qy)).or_default() += 1;
        }
    }
    let mut moves: Vec<QueueMove> = moves
        .into_iter()
        .map(|((old, new), leads)| QueueMove { old, new, leads })
        .collect();
    moves.sort_by(|x, y| (y.leads, &x.old, &x.new).cmp(&(x.leads, &y.old, &y.new)));
    r.queue_moves = moves;
    r
}
