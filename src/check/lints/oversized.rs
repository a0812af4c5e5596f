//! W506: a rule worth more, on its own, than the whole range of its score's clamp.
//!
//! A rule outside `lo..hi` alone is common and fine: `deduct 5` in `clamp 0..100` takes a
//! score of 3 to 0. What is suspicious is a rule whose points exceed the clamp's width
//! `hi − lo`: when it fires it moves the score from one end of the clamp past the other, so
//! the clamp, not the points, decides the result. Only fixed points are judged, and only
//! when the rule can give them in full.

use super::{num, Lint};
use crate::diag::{Code, Diagnostic};
use crate::ir::{Decay, Rule, ScoreKind, Trigger};

pub(super) fn run(l: &mut Lint) {
    for (s, score) in l.p.scores.iter().enumerate() {
        let (ScoreKind::Rules(rules), Some((lo, hi))) = (&score.kind, score.clamp) else {
            continue;
        };
        let width = hi - lo;
        for rule in rules {
            let Some(most) = largest(l, rule) else {
                continue;
            };
            if most.abs() <= width {
                continue;
            }
            let verb = if most > 0.0 { "give" } else { "take away" };
            let amount = num(most.abs());
            let clamp = format!("clamp {}..{}", num(lo), num(hi));
            let width = num(width);
            let fix = match (&rule.trigger, rule.cap) {
                (Trigger::Each(_), Some(_)) => format!("lower its cap to at most {width}"),
                _ => format!("lower the points to at most {width}, or add `cap {width}`"),
            };
            let d = Diagnostic::warning(
                Code::PointsExceedClamp,
                &l.p.source,
                rule.span,
                format!(
                    "rule `{}` alone can {verb} {amount} points, more than the whole range of `{}` ({clamp})",
                    rule.name, score.name
                ),
                format!("can {verb} {amount} points"),
            )
            .with_label(
                l.clamp_span(s).unwrap_or(l.score_span(s)),
                format!("clamped to a range of {width} points"),
            )
            .with_help(format!(
                "when it applies, the clamp decides `{}` rather than the points; {fix}",
                score.name
            ));
            l.out.push(d);
        }
    }
}

/// The largest contribution, by size, that a rule with fixed points can be shown to give;
/// `None` when its points are not fixed or may never come in full.
fn largest(l: &Lint, rule: &Rule) -> Option<f64> {
    let points = l.reach.expr(rule.points).constant()? * rule.sign;
    let logic = l.logic();
    let (pattern, when) = match rule.trigger {
        Trigger::When(c) => (None, Some(c)),
        Trigger::Each(p) | Trigger::Any(p) => (l.p.patterns.get(p as usize), None),
    };
    if let Some(c) = when {
        if logic.facts(c).impossible {
            return None;
        }
    }
    if let Some(pat) = pattern {
        // An event at the as-of time gives full points whatever the decay; a sequence needs
        // time after its first event, so then only an undecayed rule is sure to.
        let undecayed = matches!(rule.decay, Decay::None);
        let filter_ok = pat.filter.is_none_or(|f| !logic.facts(f).impossible);
        if !filter_ok || (pat.followed.is_some() && !undecayed) {
            return None;
        }
    }
    let most = match (rule.cap, &rule.trigger) {
        // Enough matching events reach the cap.
        (Some(cap), Trigger::Each(_)) if points != 0.0 => cap.copysign(points),
        (Some(cap), _) => points.max(-cap).min(cap),
        (None, _) => points,
    };
    (most != 0.0).then_some(most)
}
