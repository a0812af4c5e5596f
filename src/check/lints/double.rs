//! W505: two rules of one score that count the same thing in the same direction: the same
//! `when` condition, or the same kind of event rule over the same events (type, `where`,
//! window and sequence). Their points add up, which is rarely what was meant.

use super::{shape, Lint};
use crate::diag::{Code, Diagnostic};
use crate::ir::{Program, Rule, ScoreKind, Trigger};

/// What a rule counts, as a comparable shape.
fn counts(p: &Program, rule: &Rule) -> String {
    let (kind, what) = match rule.trigger {
        Trigger::When(c) => ("when", shape::expr(p, c)),
        Trigger::Each(pat) => ("each", shape::pattern(p, pat)),
        Trigger::Any(pat) => ("any", shape::pattern(p, pat)),
    };
    format!("{kind} {} {what}", rule.sign)
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
        let shapes: Vec<String> = rules.iter().map(|r| counts(p, r)).collect();
        for (b, rule) in rules.iter().enumerate() {
            let Some(a) = shapes[..b].iter().position(|s| *s == shapes[b]) else {
                continue;
            };
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
