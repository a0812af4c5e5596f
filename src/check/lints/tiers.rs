//! W503: a tier that no value of its score falls in, given the score's reachable range.

use super::interval::{band, Interval};
use super::reach::Range;
use super::{num, Lint};
use crate::diag::{Code, Diagnostic, Span};
use crate::ir::{Expr, ExprId, Program, Rule, ScoreKind};

pub(super) fn run(l: &mut Lint) {
    for (k, ts) in l.p.tier_sets.iter().enumerate() {
        let s = ts.score as usize;
        let Some(r) = l.reach.scores.get(s).copied() else {
            continue;
        };
        for i in 0..ts.names.len() {
            let b = band(ts, i);
            if !b.meet(Interval::closed(r.lo, r.hi)).is_empty() {
                continue;
            }
            let score = &l.p.scores[s].name;
            // The band lies wholly above the range, or wholly below it.
            let too_high = r.hi <= b.lo.value;
            let message = if too_high {
                format!(
                    "tier `{}` can never be reached: it needs `{score}` above {} but `{score}` is at most {}",
                    ts.names[i],
                    num(b.lo.value),
                    num(r.hi)
                )
            } else {
                format!(
                    "tier `{}` can never be reached: it needs `{score}` at most {} but `{score}` is at least {}",
                    ts.names[i],
                    num(b.hi.value),
                    num(r.lo)
                )
            };
            let line = l
                .rubric
                .tiers
                .get(k)
                .and_then(|t| t.tiers.get(i))
                .map_or(Span::default(), |t| t.span);
            let (span, label, help) = limit(l, s, too_high);
            let d = Diagnostic::warning(
                Code::TierUnreachable,
                &l.p.source,
                line,
                message,
                format!("no value of `{score}` falls in this tier"),
            )
            .with_label(span, label)
            .with_help(help);
            l.out.push(d);
        }
    }
}

/// What holds score `s` below (`upper`) or above its tiers: where, a label, and help.
fn limit(l: &Lint, s: usize, upper: bool) -> (Span, String, String) {
    let score = &l.p.scores[s];
    let name = &score.name;
    let raw = l.reach.unclamped(&score.kind);
    let (bound, word) = if upper {
        (raw.hi, "at most")
    } else {
        (raw.lo, "at least")
    };
    if let Some((lo, hi)) = score.clamp.filter(|(lo, hi)| bound < *lo || bound > *hi) {
        let clamp = format!("`{name}` is clamped to {}..{}", num(lo), num(hi));
        let span = l.clamp_span(s).unwrap_or(l.score_span(s));
        let help = format!("{clamp}; change the clamp or the tier's bound");
        return (span, clamp, help);
    }
    // No clamp moves this end of the range, so the rules or the formula set it.
    let bound = num(bound);
    let why = match &score.kind {
        ScoreKind::Rules(rules) => rules_limit(l, name, rules, upper, &bound),
        ScoreKind::Derived(e) => derived_limit(l, name, *e, upper, &bound),
    };
    let label = format!("`{name}` is {word} {bound}");
    let help = format!("{why} or change the tier's bound");
    (l.score_span(s), label, help)
}

/// Why a rule score stays below (`upper`) or above a bound, and what to change.
fn rules_limit(l: &Lint, name: &str, rules: &[Rule], upper: bool, sum: &str) -> String {
    let (word, direction, verb) = if upper {
        ("at most", "up to", "award")
    } else {
        ("at least", "down to", "deduct")
    };
    let parts: Vec<String> = rules
        .iter()
        .filter_map(|rule| {
            let c = l.reach.rule(rule);
            let v = if upper { c.hi } else { c.lo };
            (v != 0.0).then(|| format!("`{}` {direction} {}", rule.name, num(v)))
        })
        .collect();
    if parts.is_empty() {
        return format!("no rule of `{name}` can {verb} points, so it is {word} 0; add one");
    }
    format!(
        "the rules of `{name}` give {word} {sum} in total ({}); let them {verb} more",
        list(&parts)
    )
}

/// Why a derived score stays below (`upper`) or above a bound: the scores it reads.
fn derived_limit(l: &Lint, name: &str, formula: ExprId, upper: bool, sum: &str) -> String {
    let word = if upper { "at most" } else { "at least" };
    let mut inputs = Vec::new();
    scores_in(l.p, formula, &mut inputs);
    let parts: Vec<String> = inputs
        .iter()
        .map(|i| {
            let input = &l.p.scores[*i as usize].name;
            format!("`{input}` {}", describe(l.reach.scores[*i as usize]))
        })
        .collect();
    let with = if parts.is_empty() {
        String::new()
    } else {
        format!(", with {}", list(&parts))
    };
    format!(
        "`{name} = {}` is {word} {sum}{with}; change those scores",
        l.p.text(formula)
    )
}

/// "a, b and c"; past six, "a, b, …, f and 3 more".
fn list(parts: &[String]) -> String {
    const SHOWN: usize = 6;
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        _ if parts.len() > SHOWN => format!(
            "{} and {} more",
            parts[..SHOWN].join(", "),
            parts.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A score's range in words.
fn describe(r: Range) -> String {
    match (r.lo.is_finite(), r.hi.is_finite()) {
        (true, true) if r.lo == r.hi => format!("always {}", num(r.lo)),
        (true, true) => format!("between {} and {}", num(r.lo), num(r.hi)),
        (true, false) => format!("at least {}", num(r.lo)),
        (false, true) => format!("at most {}", num(r.hi)),
        (false, false) => "unbounded".into(),
    }
}

/// The scores a formula reads, each once, in the order written.
fn scores_in(p: &Program, id: ExprId, out: &mut Vec<u32>) {
    match p.expr(id) {
        Expr::Score(s) if !out.contains(s) => out.push(*s),
        Expr::Neg(a) => scores_in(p, *a, out),
        Expr::Arith(_, a, b) => {
            scores_in(p, *a, out);
            scores_in(p, *b, out);
        }
        _ => {}
    }
}
