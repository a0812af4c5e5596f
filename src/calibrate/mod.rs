//! Calibration: new points for a rubric's rules, fitted from won/lost history, written as
//! a new version of the same readable rubric for a person to review.
//!
//! Each rule of the ranked score is one feature: what it gave a lead (its firing, or for
//! an `each` rule its decayed, capped contribution). An L2-regularised logistic regression
//! on the training leads gives each rule a weight in log-odds per point it gives today;
//! the weights are rescaled to the rubric's own scale and rounded ([`points`]), tier
//! thresholds are re-derived on the new score ([`tiers`]), and the new text is the old
//! text with those numbers replaced ([`edit`]). Nothing here reads the held-out leads
//! except to measure the result.

pub mod edit;
pub mod points;
pub mod render;
pub mod tiers;

pub use points::{RuleChange, Status};
pub use tiers::TierMode;

use crate::backtest::logistic;
use crate::ir::{Program, ScoreKind};
use crate::scorer::Scores;
use crate::syntax::ast::Rubric;
use edit::Edits;
use serde::Serialize;

/// How points are put on the rubric's scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// The rule that gives the most points today keeps that many.
    KeepLargest,
    /// This many points double a lead's odds of converting.
    PerDoubling(f64),
}

/// How to calibrate.
#[derive(Clone, Debug)]
pub struct Options {
    /// L2 penalty on the standardised weights.
    pub l2: f64,
    /// The points scale.
    pub scale: Scale,
    /// Points are rounded to multiples of this.
    pub round: f64,
    /// How tier thresholds are re-derived (`None`: kept as they are).
    pub tiers: Option<TierMode>,
    /// The score to fit; default: the one the first tier set reads.
    pub score: Option<String>,
    /// Widen the score's clamp so it binds on no training lead.
    pub widen_clamp: bool,
}

/// A tier set's thresholds before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierChange {
    /// The tier set.
    pub tier_set: String,
    /// Tier names, lowest first.
    pub names: Vec<String>,
    /// Upper bounds before.
    pub old: Vec<f64>,
    /// Upper bounds after.
    pub new: Vec<f64>,
    /// What could not be met exactly.
    pub notes: Vec<String>,
}

/// The score's clamp before and after, and how many training leads it holds at a bound.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClampChange {
    /// `(lo, hi)` before.
    pub old: (f64, f64),
    /// `(lo, hi)` after.
    pub new: (f64, f64),
    /// Share of training leads whose new score, unclamped, falls outside the old clamp:
    /// they tie at a bound, and ties hide differences the ranking needs.
    pub outside_old: f64,
}

/// The fit itself, for the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitSummary {
    /// Training leads.
    pub training_leads: usize,
    /// Of which converted.
    pub training_conversions: usize,
    /// The L2 penalty used.
    pub l2: f64,
    /// New points per unit of log-odds.
    pub points_per_logit: f64,
    /// Newton iterations.
    pub iterations: usize,
    /// Whether the solver converged.
    pub converged: bool,
}

/// A calibrated rubric, before it is written.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// The score whose rules were fitted.
    pub score: String,
    /// Version before and after.
    pub version: (u64, u64),
    /// Every rule of that score.
    pub rules: Vec<RuleChange>,
    /// Tier sets on that score.
    pub tiers: Vec<TierChange>,
    /// The clamp before and after, when the score has one.
    pub clamp: Option<ClampChange>,
    /// The fit.
    pub fit: FitSummary,
    /// The new rubric's text.
    #[serde(skip)]
    pub text: String,
}

/// What calibration needs from the caller: the old rubric (parsed and compiled), its
/// scores of every lead, the outcomes, which leads are held out, and a way to compile and
/// score new text (with the same data and as-of times).
pub struct Inputs<'a> {
    /// The rubric's text.
    pub src: &'a str,
    /// Its syntax tree.
    pub rubric: &'a Rubric,
    /// It, compiled.
    pub program: &'a Program,
    /// Its scores of every lead.
    pub scores: &'a Scores,
    /// Every lead's outcome.
    pub outcomes: &'a [bool],
    /// `true` for held-out leads, which the fit never sees.
    pub held_out: &'a [bool],
    /// Replacement for the `use schema "…"` path, when the new file lives elsewhere.
    pub schema_path: Option<String>,
}

/// Scores every lead with a new rubric text; `Err` is a message.
pub type Rescore<'a> = dyn Fn(&str) -> Result<(Program, Scores), String> + 'a;

/// Fits new points and thresholds; `Err` is a message for the user.
pub fn plan(inp: &Inputs, opts: &Options, rescore: &Rescore) -> Result<Plan, String> {
    let p = inp.program;
    let s = crate::backtest::report::ranked_score(p, opts.score.as_deref())?;
    if !matches!(p.scores[s].kind, ScoreKind::Rules(_)) {
        return Err(format!(
            "`{}` is computed from other scores, so it has no points of its own to fit; \
             choose a score with rules with `--score`",
            p.scores[s].name
        ));
    }
    let (rules, names): (Vec<usize>, Vec<&str>) = p
        .rules()
        .enumerate()
        .filter(|(_, (sc, _))| *sc == s)
        .map(|(r, (_, rule))| (r, rule.name.as_str()))
        .unzip();
    let train: Vec<usize> = (0..inp.outcomes.len())
        .filter(|&i| !inp.held_out[i])
        .collect();
    let y: Vec<bool> = train.iter().map(|&i| inp.outcomes[i]).collect();
    let columns: Vec<Vec<f64>> = rules
        .iter()
        .map(|&r| {
            train
                .iter()
                .map(|&i| inp.scores.contribution(i, r))
                .collect()
        })
        .collect();
    let fit = logistic::fit(&columns, &y, opts.l2).map_err(|e| format!("cannot fit: {e}"))?;
    let largest: Vec<f64> = columns
        .iter()
        .map(|c| c.iter().fold(0.0f64, |m, v| m.max(v.abs())))
        .collect();
    let k = match opts.scale {
        Scale::PerDoubling(pts) => pts / std::f64::consts::LN_2,
        Scale::KeepLargest => {
            let old = largest.iter().fold(0.0f64, |a, b| a.max(*b));
            let new = fit
                .coef
                .iter()
                .zip(&largest)
                .fold(0.0f64, |a, (b, l)| a.max((b * l).abs()));
            if new > 0.0 {
                old / new
            } else {
                1.0
            }
        }
    };
    let ast_rules = &inp
        .rubric
        .scores
        .get(s)
        .ok_or("the score has no block")?
        .rules;
    let mut edits = Edits::default();
    let mut changes = Vec::new();
    for (j, name) in names.iter().enumerate() {
        let rule = ast_rules
            .get(j)
            .ok_or("the rubric and its program disagree")?;
        let fired = columns[j].iter().filter(|v| **v != 0.0).count();
        let m = k * fit.coef[j];
        changes.push(rule_change(
            rule,
            inp.src,
            (&p.scores[s].name, name),
            (m, fit.coef[j], largest[j], fired),
            opts.round,
            &mut edits,
        ));
    }
    let version = inp.rubric.version;
    edits.replace(inp.rubric.version_span, format!("version {}", version + 1));
    if let Some(path) = &inp.schema_path {
        edits.replace(
            inp.rubric.schema_path.span,
            crate::fmt::literal::quoted(path),
        );
    }
    let clamp = reclamp(inp, opts, s, &train, (&columns, &fit.coef, k), &mut edits);
    let first = edits.apply(inp.src);
    let (p1, scores1) = rescore(&first)?;
    let tiers = retier(inp, opts, s, &train, &p1, &scores1, &mut edits)?;
    Ok(Plan {
        score: p.scores[s].name.clone(),
        version: (version, version + 1),
        rules: changes,
        tiers,
        clamp,
        fit: FitSummary {
            training_leads: train.len(),
            training_conversions: y.iter().filter(|v| **v).count(),
            l2: opts.l2,
            points_per_logit: k,
            iterations: fit.iterations,
            converged: fit.converged,
        },
        text: edits.apply(inp.src),
    })
}

/// Each training lead's new score before any clamp, as the fit sees it (unrounded).
fn unclamped(columns: &[Vec<f64>], coef: &[f64], k: f64) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| columns.iter().zip(coef).map(|(c, b)| c[i] * b * k).sum())
        .collect()
}

/// Reports how often the clamp binds, and widens it when asked.
fn reclamp(
    inp: &Inputs,
    opts: &Options,
    s: usize,
    train: &[usize],
    (columns, coef, k): (&[Vec<f64>], &[f64], f64),
    edits: &mut Edits,
) -> Option<ClampChange> {
    let clamp = inp.rubric.scores.get(s)?.clamp?;
    let free = unclamped(columns, coef, k);
    let old = (clamp.lo.value, clamp.hi.value);
    let outside = free.iter().filter(|v| **v < old.0 || **v > old.1).count();
    let mut new = old;
    if opts.widen_clamp {
        let lo = free.iter().fold(old.0, |a, b| a.min(*b));
        let hi = free.iter().fold(old.1, |a, b| a.max(*b));
        new = (
            (lo / opts.round).floor() * opts.round,
            (hi / opts.round).ceil() * opts.round,
        );
        let d = edit::decimals_of(opts.round);
        edits.replace(clamp.lo.span, edit::number(new.0, d));
        edits.replace(clamp.hi.span, edit::number(new.1, d));
    }
    Some(ClampChange {
        old,
        new,
        outside_old: outside as f64 / train.len().max(1) as f64,
    })
}

fn rule_change(
    rule: &crate::syntax::ast::Rule,
    src: &str,
    (score, name): (&str, &str),
    (m, coefficient, largest, fired): (f64, f64, f64, usize),
    step: f64,
    edits: &mut Edits,
) -> RuleChange {
    let old = points::text(rule, src, &Edits::default());
    let (status, new) = if fired == 0 {
        (Status::NoEvidence, old.clone())
    } else if m < 0.0 {
        (Status::SignFlipped, old.clone())
    } else if m * largest < step / 2.0 {
        edits.replace(rule.points.span, "0".into());
        if let Some(c) = rule.cap {
            edits.replace(c.span, edit::number(step, edit::decimals_of(step)));
        }
        (Status::DropCandidate, points::text(rule, src, edits))
    } else {
        points::rewrite(rule, src, m, step, edits);
        let new = points::text(rule, src, edits);
        let status = if new == old {
            Status::Unchanged
        } else {
            Status::Changed
        };
        (status, new)
    };
    RuleChange {
        score: score.to_string(),
        rule: name.to_string(),
        old,
        new,
        coefficient,
        multiplier: m,
        fired,
        status,
    }
}

/// New bounds for every tier set on the fitted score, as edits.
fn retier(
    inp: &Inputs,
    opts: &Options,
    s: usize,
    train: &[usize],
    p1: &Program,
    scores1: &Scores,
    edits: &mut Edits,
) -> Result<Vec<TierChange>, String> {
    let Some(mode) = &opts.tiers else {
        return Ok(Vec::new());
    };
    let p = inp.program;
    let values: Vec<f64> = train.iter().map(|&i| scores1.score(i, s)).collect();
    let y: Vec<bool> = train.iter().map(|&i| inp.outcomes[i]).collect();
    let mut out = Vec::new();
    for (t, set) in p.tier_sets.iter().enumerate() {
        if set.score as usize != s || p1.tier_sets.len() != p.tier_sets.len() {
            continue;
        }
        let found = match mode {
            TierMode::ByShare => {
                let cumulative: Vec<f64> = (0..set.uppers.len())
                    .map(|j| {
                        let below = train
                            .iter()
                            .filter(|&&i| (inp.scores.tier(i, t) as usize) <= j)
                            .count();
                        below as f64 / train.len().max(1) as f64
                    })
                    .collect();
                tiers::by_share(&values, &y, &cumulative)
            }
            TierMode::ByRate(rates) => tiers::by_rate(&values, &y, set.names.len(), rates),
        };
        let ast = inp
            .rubric
            .tiers
            .get(t)
            .ok_or("the rubric and its program disagree on tiers")?;
        write_bounds(ast, &found.uppers, opts.round, edits);
        out.push(TierChange {
            tier_set: set.name.clone(),
            names: set.names.clone(),
            old: set.uppers.clone(),
            new: found.uppers,
            notes: found.notes,
        });
    }
    Ok(out)
}

fn write_bounds(ast: &crate::syntax::ast::TierSet, uppers: &[f64], step: f64, edits: &mut Edits) {
    use crate::syntax::ast::TierBound;
    // Bounds are exact score values; more decimals than the points only when decay or a
    // formula made fractional scores.
    let d = edit::decimals_of(step).max(if uppers.iter().all(|u| u.fract() == 0.0) {
        0
    } else {
        2
    });
    let mut j = 0;
    for tier in &ast.tiers {
        match tier.bound {
            TierBound::UpTo(n) => {
                if let Some(u) = uppers.get(j) {
                    edits.replace(n.span, edit::number(*u, d));
                }
                j += 1;
            }
            TierBound::Above(n) => {
                if let Some(u) = uppers.last() {
                    edits.replace(n.span, edit::number(*u, d));
                }
            }
        }
    }
}
