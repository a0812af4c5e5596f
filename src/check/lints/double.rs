//! W505: two rules of one score that count the same thing in the same direction: the same
//! `when` condition, or the same kind of event rule over the same events (type, `where`,
//! window and sequence). Their points add up, which is rarely what was meant.

use super::shape::Shapes;
use super::Lint;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Program, Rule, ScoreKind, Trigger};
use std::collections::HashMap;

/// What a rule counts, in which direction: trigger kind, shape, and award (`true`).
fn counts(shapes: &Shapes, rule: &Rule) -> (u8, u32, bool) {
    let (kind, what) = match rule.trigger {
        Trigger::When(c) => (0, shapes.expr(c)),
        Trigger::Each(pat) => (1, shapes.pattern(pat)),
        Trigger::Any(pat) => (2, shapes.pattern(pat)),
    };
    (kind, what, rule.sign > 0.0)
}

/// "the same `page_view` events", "the same events of any type", "the same condition".
fn subject(p: &Program, rule: &Rule) -> String {
    let pattern = match rule.trigger {
        Trigger::When(_) => return "the same condition".into(),
        Trigger::Each(pat) | Trigger::Any(pat) => &p.patterns[pat as usize],
    };
    match pattern.event.and_then(|e| p.schema.events.get(e as usize)) {
        Some(ev) => format!("the same `{}` events", ev.name),
        None => "the same events of any type".into(),
    }
}

pub(super) fn run(l: &mut Lint) {
    let p = l.p;
    for score in &p.scores {
        let ScoreKind::Rules(rules) = &score.kind else {
            continue;
        };
        let mut seen = HashMap::new();
        for (b, rule) in rules.iter().enumerate() {
            let a = *seen.entry(counts(l.shapes, rule)).or_insert(b);
            if a == b {
                continue;
            }
            let first = &rules[a];
            let verb = if rule.sign < 0.0 { "deduct" } else { "award" };
            let d = Diagnostic::warning(
                Code::DoubleCounting,
                &p.source,
                rule.span,
                format!(
                    "rules `{}` and `{}` both {verb} points for {}",
                    first.name,
                    rule.name,
                    subject(p, rule)
                ),
                "counts the same thing again",
            )
            .with_label(first.span, "first counted here")
            .with_help(format!(
                "their points add up for every lead that matches; merge them into one rule, or make their conditions differ (both are in `{}`)",
                score.name
            ));
            l.out.push(d);
        }
    }
}
