//! W502: a rule score that nothing reads.

use super::Lint;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Expr, ScoreKind};

pub(super) fn run(l: &mut Lint) {
    let p = l.p;
    let consumers = p
        .scores
        .iter()
        .any(|s| matches!(s.kind, ScoreKind::Derived(_)))
        || !p.tier_sets.is_empty();
    if !consumers {
        return;
    }
    let mut used = vec![false; p.scores.len()];
    for e in &p.exprs {
        if let Expr::Score(id) = e {
            if let Some(u) = used.get_mut(*id as usize) {
                *u = true;
            }
        }
    }
    for t in &p.tier_sets {
        if let Some(u) = used.get_mut(t.score as usize) {
            *u = true;
        }
    }
    for (i, score) in p.scores.iter().enumerate() {
        if used[i] || !matches!(score.kind, ScoreKind::Rules(_)) {
            continue;
        }
        let name = &score.name;
        let d = Diagnostic::warning(
            Code::UnusedScore,
            &p.source,
            l.score_span(i),
            format!("score `{name}` is never used"),
            "computed but not used by any derived score, tier or route",
        )
        .with_help(format!(
            "add it to a derived score (e.g. `total = … + {name}`), set tiers on it, or remove it"
        ));
        l.out.push(d);
    }
}
