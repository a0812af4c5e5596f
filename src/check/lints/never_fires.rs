//! W501: a `when` rule whose condition contradicts itself.

use super::Lint;
use crate::diag::{Code, Diagnostic};
use crate::ir::Trigger;

pub(super) fn run(l: &mut Lint) {
    let logic = l.logic();
    for (_, rule) in l.p.rules() {
        let Trigger::When(cond) = rule.trigger else {
            continue;
        };
        if !logic.facts(cond).impossible {
            continue;
        }
        let d = Diagnostic::warning(
            Code::NeverFires,
            &l.p.source,
            l.p.spans[cond as usize],
            format!("rule `{}` can never fire", rule.name),
            "no lead can meet all of these at once",
        )
        .with_help("the parts joined by `and` contradict each other; did you mean `or`, or a different bound?");
        l.out.push(d);
    }
}
