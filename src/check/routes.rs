//! Tier sets and route blocks.

use super::suggest::did_you_mean;
use super::{Checker, Ctx};
use crate::diag::{Code, Diagnostic, Span};
use crate::ir::{self, Guard};
use crate::syntax::ast::{self, TierBound};
use std::collections::HashMap;

pub(super) fn check_tiers(c: &mut Checker, rubric: &ast::Rubric) {
    let mut names: HashMap<String, Span> = c
        .scores
        .iter()
        .zip(&c.score_spans)
        .map(|(s, sp)| (s.name.clone(), *sp))
        .collect();
    for set in &rubric.tiers {
        c.claim_name(&mut names, &set.name, "tier set");
        let score = match c.score_id(&set.score.text, c.scores.len()) {
            Some(id) => Some(id),
            None => {
                let help = did_you_mean(
                    &set.score.text,
                    c.scores.iter().map(|s| s.name.as_str()),
                    "tiers are set on a score declared with `score NAME { … }` or `NAME = …`"
                        .into(),
                );
                c.error(
                    Code::UnknownScore,
                    set.score.span,
                    format!("unknown score `{}`", set.score.text),
                    "no score with this name",
                    help,
                );
                None
            }
        };
        let hi = score.and_then(|s| c.scores[s].clamp).map(|(_, hi)| hi);
        let bounds = tier_bounds(c, set, hi);
        let mut tier_names: Vec<String> = Vec::new();
        for t in &set.tiers {
            if tier_names.contains(&t.name.text) {
                c.error(
                    Code::DuplicateName,
                    t.name.span,
                    format!("tier `{}` is listed twice", t.name.text),
                    "listed again",
                    "give each tier its own name",
                );
            }
            tier_names.push(t.name.text.clone());
        }
        if let (Some(score), Some(uppers)) = (score, bounds) {
            c.tier_sets.push(ir::TierSet {
                name: set.name.text.clone(),
                score: score as u32,
                names: tier_names,
                uppers,
            });
        } else {
            // Keep routes that mention the set checkable even though the set is invalid.
            c.tier_sets.push(ir::TierSet {
                name: set.name.text.clone(),
                score: 0,
                names: tier_names,
                uppers: vec![],
            });
        }
    }
}

/// Validates the order of `up to` / `above` lines; returns the inclusive upper bounds.
fn tier_bounds(c: &mut Checker, set: &ast::TierSet, clamp_hi: Option<f64>) -> Option<Vec<f64>> {
    let mut uppers: Vec<(f64, Span)> = Vec::new();
    let mut ok = true;
    for (i, t) in set.tiers.iter().enumerate() {
        let last = i + 1 == set.tiers.len();
        match t.bound {
            TierBound::UpTo(n) => {
                if let Some((prev, prev_span)) = uppers.last().copied() {
                    if n.value <= prev {
                        let d = Diagnostic::error(Code::TierOverlap, c.source, t.span, format!("tier `{}` overlaps the tier before it", t.name.text), format!("ends at {}, not above {prev}", n.value))
                            .with_label(prev_span, "the previous tier already reaches this far")
                            .with_help("list tiers from lowest to highest, each `up to` larger than the one before");
                        c.report(d);
                        ok = false;
                    }
                }
                uppers.push((n.value, t.span));
            }
            TierBound::Above(n) => {
                ok &= check_above(c, t, n.value, uppers.last().copied(), last);
            }
        }
    }
    let ends_open = matches!(set.tiers.last().map(|t| t.bound), Some(TierBound::Above(_)));
    if !ends_open {
        let top = uppers.last().map(|u| u.0);
        let covered = matches!((top, clamp_hi), (Some(t), Some(h)) if h <= t);
        if !covered {
            let (msg, span) = match top {
                Some(t) => (
                    format!("scores above {t} have no tier"),
                    set.tiers.last().map_or(set.span, |x| x.span),
                ),
                None => ("this tier set has no tiers".to_string(), set.span),
            };
            c.error(
                Code::TierGap,
                span,
                msg,
                "nothing covers the scores above this",
                "end with a tier for the top, e.g. `very_hot above 80`",
            );
            ok = false;
        }
    }
    let mut bounds: Vec<f64> = uppers.into_iter().map(|u| u.0).collect();
    if !ends_open {
        bounds.pop();
    }
    ok.then_some(bounds)
}

fn check_above(
    c: &mut Checker,
    t: &ast::Tier,
    value: f64,
    prev: Option<(f64, Span)>,
    last: bool,
) -> bool {
    if !last {
        c.error(
            Code::TierOverlap,
            t.span,
            format!(
                "tier `{}` covers every score above {value}, so the tiers after it overlap it",
                t.name.text
            ),
            "`above` must be the last tier",
            "put the `above` tier last, or make it `up to N`",
        );
        return false;
    }
    match prev {
        None => {
            c.error(
                Code::TierGap,
                t.span,
                format!("scores of {value} and below have no tier"),
                "only scores above this are covered",
                "start with a tier such as `cold up to 20`",
            );
            false
        }
        Some((p, _)) if value > p => {
            c.error(
                Code::TierGap,
                t.span,
                format!("scores between {p} and {value} have no tier"),
                format!("starts above {value}, but the tier before ends at {p}"),
                format!("write `above {p}` so the tiers meet"),
            );
            false
        }
        Some((p, ps)) if value < p => {
            let d = Diagnostic::error(
                Code::TierOverlap,
                c.source,
                t.span,
                format!("tier `{}` overlaps the tier before it", t.name.text),
                format!("starts above {value}"),
            )
            .with_label(ps, format!("but this tier already reaches {p}"))
            .with_help(format!(
                "write `above {p}` so the tiers meet without overlapping"
            ));
            c.report(d);
            false
        }
        _ => true,
    }
}

pub(super) fn check_routes(c: &mut Checker, rubric: &ast::Rubric) {
    for extra in rubric.routes.iter().skip(1) {
        let d = Diagnostic::error(
            Code::DuplicateBlock,
            c.source,
            extra.span,
            "a rubric has one `route` block, and this is a second",
            "second route block",
        )
        .with_label(rubric.routes[0].span, "first route block")
        .with_help("merge the lines into the first block; their order decides which queue wins");
        c.report(d);
    }
    let Some(block) = rubric.routes.first() else {
        return;
    };
    let ctx = Ctx {
        event: None,
        scores: c.scores.len(),
        tiers: true,
    };
    let mut otherwise: Option<Span> = None;
    for line in &block.lines {
        if let Some(o) = otherwise {
            let d = Diagnostic::error(
                Code::RouteAfterOtherwise,
                c.source,
                line.span,
                "this route line comes after `otherwise`, so it can never choose a queue",
                "after `otherwise`",
            )
            .with_label(o, "`otherwise` catches every lead still without a queue")
            .with_help("move `otherwise` to the end of the route block");
            c.report(d);
        }
        let guard = match &line.guard {
            ast::Guard::When(cond) => c.condition(cond, ctx).map(Guard::When),
            ast::Guard::Otherwise(sp) => {
                otherwise.get_or_insert(*sp);
                Some(Guard::Otherwise)
            }
            ast::Guard::Sample { percent, cond } => {
                let cond = cond.as_ref().map(|e| c.condition(e, ctx));
                if !(percent.value > 0.0 && percent.value <= 100.0) {
                    c.error(
                        Code::BadPercent,
                        percent.span,
                        "a sample share must be between 0% and 100%",
                        "out of range",
                        "write a share such as `sample 10%`",
                    );
                }
                match cond {
                    Some(None) => None,
                    Some(Some(id)) => Some(Guard::Sample {
                        fraction: percent.value / 100.0,
                        cond: Some(id),
                    }),
                    None => Some(Guard::Sample {
                        fraction: percent.value / 100.0,
                        cond: None,
                    }),
                }
            }
        };
        for a in &line.actions {
            if a.target.text.trim().is_empty() || a.target.text.contains(';') {
                c.error(Code::BadLiteral, a.target.span, "a queue, channel or tag name must not be empty or contain `;`", "not a usable name", "output joins several notify and tag names with `;`; use a name such as \"#hot-leads\"");
            }
        }
        let actions = line
            .actions
            .iter()
            .map(|a| (a.kind, a.target.text.clone()))
            .collect();
        if let Some(guard) = guard {
            c.routes.push(ir::RouteLine {
                guard,
                actions,
                span: line.span,
            });
        }
    }
}
