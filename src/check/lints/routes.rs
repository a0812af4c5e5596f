//! W504: a route line that only chooses a queue, when an earlier line that chooses a queue
//! already matches every lead it matches. Only the first matching `assign`/`nurture` counts,
//! so the later line can never change anything.

use super::facts::{Facts, Logic};
use super::Lint;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Guard, RouteLine};
use crate::syntax::ast::ActionKind;

fn chooses_queue(kind: ActionKind) -> bool {
    matches!(kind, ActionKind::Assign | ActionKind::Nurture)
}

/// What a lead matching a guard is known to satisfy, and its sample share if any.
fn facts(logic: &Logic, guard: &Guard) -> (Facts, Option<f64>) {
    match guard {
        Guard::When(c) => (logic.facts(*c), None),
        Guard::Sample { fraction, cond } => (
            cond.map_or_else(Facts::default, |c| logic.facts(c)),
            Some(*fraction),
        ),
        Guard::Otherwise => (Facts::default(), None),
    }
}

/// True when every lead with facts `f` (and, for a sample line, a draw below `share`)
/// matches `earlier`.
fn covered(logic: &Logic, f: &Facts, share: Option<f64>, earlier: &Guard) -> bool {
    match earlier {
        Guard::When(c) => logic.implies(f, *c),
        // Every sample line draws the same number for a lead, and draws are below 1.
        Guard::Sample { fraction, cond } => {
            (*fraction >= 1.0 || share.is_some_and(|s| s <= *fraction))
                && cond.is_none_or(|c| logic.implies(f, c))
        }
        Guard::Otherwise => false,
    }
}

pub(super) fn run(l: &mut Lint) {
    let logic = l.logic();
    let lines = &l.p.routes;
    for (j, line) in lines.iter().enumerate() {
        if line.actions.is_empty() || !line.actions.iter().all(|a| chooses_queue(a.0)) {
            continue;
        }
        let (f, share) = facts(&logic, &line.guard);
        if f.impossible {
            continue;
        }
        let earlier = lines[..j]
            .iter()
            .enumerate()
            .filter(|(_, e)| e.actions.iter().any(|a| chooses_queue(a.0)))
            .find(|(_, e)| covered(&logic, &f, share, &e.guard));
        if let Some((i, first)) = earlier {
            let always = covered(&logic, &Facts::default(), None, &first.guard);
            l.out.push(warning(l, j, line, i, first, always));
        }
    }
}

fn warning(
    l: &Lint,
    j: usize,
    line: &RouteLine,
    i: usize,
    first: &RouteLine,
    always: bool,
) -> Diagnostic {
    let (j, i) = (j + 1, i + 1);
    let (why, label) = if always {
        (
            format!("line {i} matches every lead and chooses a queue first"),
            "matches every lead".to_string(),
        )
    } else {
        (
            format!("line {i} already chooses a queue for every lead it matches"),
            format!("every lead line {j} matches is matched here first"),
        )
    };
    Diagnostic::warning(
        Code::RouteUnreachable,
        &l.p.source,
        line.span,
        format!("route line {j} is unreachable: {why}"),
        "can never choose the queue",
    )
    .with_label(first.span, label)
    .with_help(if matches!(line.guard, Guard::Otherwise) {
        format!("narrow line {i}'s condition, or remove the `otherwise` line")
    } else {
        format!("only the first matching `assign` or `nurture` counts; move line {j} above line {i}, narrow line {i}'s condition, or remove line {j}")
    })
}
