//! What `leadscore backtest` measures for each rubric: AUC, tiers, deciles and rules.

use super::metrics::{auc, buckets, deciles, Bucket, Decile};
use crate::diff::Side;
use crate::ir::Program;
use crate::scorer::Scores;
use serde::Serialize;

/// One tier's row: how many leads it holds and how they converted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierRow {
    /// Tier name.
    pub tier: String,
    /// Leads in the tier.
    pub leads: usize,
    /// Their share of all leads.
    pub share: f64,
    /// Of which converted.
    pub conversions: usize,
    /// Conversion rate; `None` for an empty tier.
    pub rate: Option<f64>,
    /// Rate over the base rate.
    pub lift: Option<f64>,
}

/// One tier set's table, lowest tier first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierTable {
    /// The tier set's column name.
    pub tier_set: String,
    /// The score it reads.
    pub score: String,
    /// Its tiers, lowest first.
    pub tiers: Vec<TierRow>,
    /// True when every higher non-empty tier converts at least as well as the one below.
    pub monotonic: bool,
}

/// How one rule relates to the outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleRow {
    /// The score the rule belongs to.
    pub score: String,
    /// The rule's name.
    pub rule: String,
    /// Leads it gave points to (a contribution other than 0).
    pub fired: usize,
    /// Their share of all leads.
    pub fired_share: f64,
    /// Conversion rate of the leads it fired for.
    pub rate_fired: Option<f64>,
    /// Conversion rate of the others.
    pub rate_not_fired: Option<f64>,
    /// `rate_fired` over the base rate: above 1 the rule picks out converting leads.
    pub lift: Option<f64>,
}

/// AUC of one score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreAuc {
    /// Score name.
    pub score: String,
    /// ROC AUC of the score against the outcome.
    pub auc: Option<f64>,
}

/// The backtest of one rubric.
#[derive(Clone, Debug, Serialize)]
pub struct RubricReport {
    /// Which rubric.
    pub rubric: Side,
    /// The score the headline AUC, deciles and charts are of.
    pub ranked_by: String,
    /// ROC AUC of `ranked_by`.
    pub auc: Option<f64>,
    /// AUC of every score of the rubric.
    pub scores: Vec<ScoreAuc>,
    /// One table per tier set.
    pub tier_sets: Vec<TierTable>,
    /// Leads by `ranked_by`, highest tenth first.
    pub deciles: Vec<Decile>,
    /// One row per rule, in the rubric's order.
    pub rules: Vec<RuleRow>,
    /// Each lead's `ranked_by` score (for charts and comparisons; not serialised).
    #[serde(skip)]
    pub values: Vec<f64>,
}

/// The score a rubric is ranked by: `wanted` when given, else the one its first tier set
/// reads, else its last score. `Err` names the scores when `wanted` is not one of them.
pub fn ranked_score(p: &Program, wanted: Option<&str>) -> Result<usize, String> {
    if let Some(name) = wanted {
        return p.scores.iter().position(|s| s.name == name).ok_or_else(|| {
            let names: Vec<String> = p.scores.iter().map(|s| format!("`{}`", s.name)).collect();
            format!(
                "`{}` has no score `{name}`; its scores are {}",
                p.name,
                names.join(", ")
            )
        });
    }
    p.tier_sets
        .first()
        .map(|t| t.score as usize)
        .or(p.scores.len().checked_sub(1))
        .ok_or_else(|| format!("`{}` has no score to rank leads by", p.name))
}

/// Measures one rubric's scores of some leads (`leads`, indices into `scores`) against
/// their outcomes (`outcomes[k]` is lead `leads[k]`'s).
pub fn rubric(
    side: Side,
    p: &Program,
    scores: &Scores,
    (leads, outcomes): (&[usize], &[bool]),
    ranked: usize,
) -> RubricReport {
    let base = rate(outcomes);
    let column = |s: usize| {
        leads
            .iter()
            .map(|&i| scores.score(i, s))
            .collect::<Vec<f64>>()
    };
    let values = column(ranked);
    RubricReport {
        rubric: side,
        ranked_by: p.scores[ranked].name.clone(),
        auc: auc(&values, outcomes),
        scores: (0..p.scores.len())
            .map(|s| ScoreAuc {
                score: p.scores[s].name.clone(),
                auc: auc(&column(s), outcomes),
            })
            .collect(),
        tier_sets: (0..p.tier_sets.len())
            .map(|t| tier_table(p, scores, t, (leads, outcomes), base))
            .collect(),
        deciles: deciles(&values, outcomes),
        rules: rules(p, scores, (leads, outcomes), base),
        values,
    }
}

fn rate(outcomes: &[bool]) -> f64 {
    let hits = outcomes.iter().filter(|o| **o).count();
    if outcomes.is_empty() {
        0.0
    } else {
        hits as f64 / outcomes.len() as f64
    }
}

fn tier_table(
    p: &Program,
    scores: &Scores,
    t: usize,
    (leads, outcomes): (&[usize], &[bool]),
    base: f64,
) -> TierTable {
    let set = &p.tier_sets[t];
    let group: Vec<usize> = leads.iter().map(|&i| scores.tier(i, t) as usize).collect();
    let rows: Vec<TierRow> = buckets(&set.names, &group, outcomes)
        .into_iter()
        .map(|b| TierRow {
            share: share(b.leads, outcomes.len()),
            rate: b.rate(),
            lift: b.lift(base),
            tier: b.label,
            leads: b.leads,
            conversions: b.conversions,
        })
        .collect();
    let rates: Vec<f64> = rows.iter().filter_map(|r| r.rate).collect();
    TierTable {
        tier_set: set.name.clone(),
        score: p.scores[set.score as usize].name.clone(),
        monotonic: rates.windows(2).all(|w| w[1] >= w[0]),
        tiers: rows,
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn rules(
    p: &Program,
    scores: &Scores,
    (leads, outcomes): (&[usize], &[bool]),
    base: f64,
) -> Vec<RuleRow> {
    p.rules()
        .enumerate()
        .map(|(r, (s, rule))| {
            let (mut on, mut off) = (Bucket::default(), Bucket::default());
            for (&i, o) in leads.iter().zip(outcomes) {
                let b = if scores.contribution(i, r) != 0.0 {
                    &mut on
                } else {
                    &mut off
                };
                b.leads += 1;
                b.conversions += usize::from(*o);
            }
            RuleRow {
                score: p.scores[s].name.clone(),
                rule: rule.name.clone(),
                fired: on.leads,
                fired_share: share(on.leads, outcomes.len()),
                rate_fired: on.rate(),
                rate_not_fired: off.rate(),
                lift: on.lift(base),
            }
        })
        .collect()
}

/// The warnings a reader should not miss: tiers that do not convert in order.
pub fn warnings(r: &RubricReport) -> Vec<String> {
    let mut out = Vec::new();
    for t in &r.tier_sets {
        let seen: Vec<&TierRow> = t.tiers.iter().filter(|x| x.rate.is_some()).collect();
        for w in seen.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            if hi.rate < lo.rate {
                out.push(format!(
                    "in `{}`, tier `{}` converts at {} but the lower tier `{}` at {}: the tiers are not in order of conversion",
                    t.tier_set,
                    hi.tier,
                    percent(hi.rate.unwrap_or(0.0)),
                    lo.tier,
                    percent(lo.rate.unwrap_or(0.0)),
                ));
            }
        }
    }
    out
}

/// A rate as a percentage with one decimal: `12.5%`.
pub fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}
