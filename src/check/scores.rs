//! Score blocks, their rules, and derived scores.

use super::{Checker, Ctx};
use crate::diag::{Code, Diagnostic, Span};
use crate::ir::{self, Decay, ScoreKind, Trigger};
use crate::syntax::ast;
use std::collections::HashMap;

pub(super) fn check_scores(c: &mut Checker, rubric: &ast::Rubric) {
    let mut names: HashMap<String, Span> = HashMap::new();
    let declared = rubric
        .scores
        .iter()
        .map(|s| (&s.name, s.clamp))
        .chain(rubric.derived.iter().map(|d| (&d.name, d.clamp)));
    for (name, clamp) in declared {
        c.claim_name(&mut names, name, "score");
        let clamp = clamp.and_then(|cl| c.clamp(cl));
        c.scores.push(ir::Score {
            name: name.text.clone(),
            kind: ScoreKind::Rules(vec![]),
            clamp,
        });
        c.score_spans.push(name.span);
    }
    let mut rule_names: HashMap<String, Span> = HashMap::new();
    for (i, block) in rubric.scores.iter().enumerate() {
        let default_decay = block.decay.and_then(|d| c.decay(d));
        let rules = block
            .rules
            .iter()
            .filter_map(|r| c.rule(r, default_decay, &mut rule_names))
            .collect();
        c.scores[i].kind = ScoreKind::Rules(rules);
    }
    let base = rubric.scores.len();
    for (i, d) in rubric.derived.iter().enumerate() {
        let ctx = Ctx {
            scores: base + i,
            ..Ctx::default()
        };
        if let Some(id) = c.number(&d.expr, ctx, Code::TypeMismatch) {
            c.scores[base + i].kind = ScoreKind::Derived(id);
        }
    }
}

impl Checker<'_> {
    /// Reports a name used twice among scores and tier sets, or shadowing a lead field.
    pub(super) fn claim_name(
        &mut self,
        names: &mut HashMap<String, Span>,
        name: &ast::Name,
        what: &str,
    ) {
        if let Some(first) = names.get(&name.text) {
            let d = Diagnostic::error(
                Code::DuplicateName,
                self.source,
                name.span,
                format!("the name `{}` is used twice", name.text),
                format!("this {what} reuses it"),
            )
            .with_label(*first, "first used here")
            .with_help("scores and tier sets share one namespace; rename one of them");
            self.report(d);
        } else if crate::output::FIXED_COLUMNS.contains(&name.text.as_str()) {
            let help = format!(
                "every output row already has a `{}` column; choose another name",
                name.text
            );
            self.error(
                Code::DuplicateName,
                name.span,
                format!(
                    "the {what} name `{}` is reserved for an output column",
                    name.text
                ),
                "reserved name",
                help,
            );
        } else if self.schema.field(&name.text).is_some() {
            self.error(
                Code::DuplicateName,
                name.span,
                format!(
                    "the {what} `{}` has the same name as a lead field",
                    name.text
                ),
                "same name as a field",
                "rename it, so that rules and routes can tell the two apart",
            );
        }
        names.entry(name.text.clone()).or_insert(name.span);
    }

    /// `clamp lo..hi`; lo must be below hi.
    pub(super) fn clamp(&mut self, cl: ast::Clamp) -> Option<(f64, f64)> {
        if cl.lo.value >= cl.hi.value {
            let what = if cl.lo.value == cl.hi.value {
                "leaves a single value"
            } else {
                "is inverted"
            };
            self.error(
                Code::EmptyRange,
                cl.span,
                format!("the clamp {}..{} {what}", cl.lo.value, cl.hi.value),
                "empty or inverted range",
                "write the lowest allowed score first, e.g. `clamp 0..100`",
            );
            return None;
        }
        Some((cl.lo.value, cl.hi.value))
    }

    pub(super) fn decay(&mut self, d: ast::Decay) -> Option<Decay> {
        match d {
            ast::Decay::HalfLife(dur) => self.window(dur, "half-life").map(Decay::HalfLife),
            ast::Decay::Linear(dur) => self.window(dur, "fade length").map(Decay::Linear),
            ast::Decay::None(_) => Some(Decay::None),
        }
    }

    fn rule(
        &mut self,
        r: &ast::Rule,
        default_decay: Option<Decay>,
        names: &mut HashMap<String, Span>,
    ) -> Option<ir::Rule> {
        if let Some(first) = names.get(&r.name.text) {
            let d = Diagnostic::error(
                Code::DuplicateRule,
                self.source,
                r.name.span,
                format!("two rules are named `{}`", r.name.text),
                "second rule with this name",
            )
            .with_label(*first, "first rule with this name")
            .with_help(
                "give every rule its own name: explain output and tests refer to rules by name",
            );
            self.report(d);
        }
        names.entry(r.name.text.clone()).or_insert(r.name.span);
        let (trigger, points_ctx) = match &r.trigger {
            ast::Trigger::When(cond) => (
                self.condition(cond, Ctx::default()).map(Trigger::When),
                Ctx::default(),
            ),
            ast::Trigger::Each(p) | ast::Trigger::Any(p) => {
                let ev = self.schema.event(&p.event.text).map(|e| e as u32);
                let id = self.pattern(p);
                let t = if matches!(r.trigger, ast::Trigger::Each(_)) {
                    id.map(Trigger::Each)
                } else {
                    id.map(Trigger::Any)
                };
                (
                    t,
                    Ctx {
                        event: Some(ev),
                        ..Ctx::default()
                    },
                )
            }
        };
        let points = self.number(&r.points, points_ctx, Code::NotANumber);
        let cap = r.cap.and_then(|cap| {
            if cap.value > 0.0 {
                return Some(cap.value);
            }
            self.error(
                Code::EmptyRange,
                cap.span,
                "a cap of zero leaves the rule nothing to give",
                "cap must be above zero",
                "use a positive cap, or remove the rule",
            );
            None
        });
        let is_event_rule = !matches!(r.trigger, ast::Trigger::When(_));
        let decay = match r.decay {
            Some(d) if !is_event_rule && !matches!(d, ast::Decay::None(_)) => {
                let span = match d {
                    ast::Decay::HalfLife(x) | ast::Decay::Linear(x) => x.span,
                    ast::Decay::None(s) => s,
                };
                self.error(
                    Code::DecayWithoutEvent,
                    span,
                    "decay needs an event, but this rule fires on a condition",
                    "nothing to decay",
                    "decay applies to `each` and `any` rules, whose points come from dated events",
                );
                None
            }
            Some(d) => self.decay(d),
            None if is_event_rule => default_decay.or(Some(Decay::None)),
            None => Some(Decay::None),
        };
        let sign = if r.deduct { -1.0 } else { 1.0 };
        Some(ir::Rule {
            name: r.name.text.clone(),
            trigger: trigger?,
            points: points?,
            sign,
            cap,
            decay: decay?,
            span: r.span,
        })
    }
}
