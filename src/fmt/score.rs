//! Score blocks: the header line and the rules, aligned in columns (name, trigger, points),
//! or a rule on several lines when its aligned line would be too long.

use super::align::{columns, WIDTH};
use super::comments::kw_before;
use super::doc::Gaps;
use super::expr::{expr, push_cond, push_pattern, Part};
use super::layout::{clamp_text, inner, Printer, INDENT};
use super::literal::{duration, quoted};
use crate::diag::Span;
use crate::syntax::ast::{Decay, Rule, ScoreBlock, Trigger};

impl Printer<'_> {
    /// `score NAME [clamp …] [decay …] {`, its rules, `}`; `start` is where `score` is.
    pub(super) fn score_block(&mut self, s: &ScoreBlock, start: usize) {
        let ScoreBlock {
            name,
            clamp,
            decay,
            rules,
        } = s;
        let mut head = format!("score {}", name.text);
        let mut end = name.span.end;
        if let Some(c) = clamp {
            head.push(' ');
            head.push_str(&clamp_text(c));
            end = end.max(c.span.end);
        }
        if let Some(d) = decay {
            head.push(' ');
            head.push_str(&self.decay(d));
            end = end.max(decay_span(d).end);
        }
        head.push_str(" {");
        let brace = self.brace_end(end);
        self.doc.push(0, head, Span::new(start, brace), Gaps::ITEM);

        let rows: Vec<Vec<String>> = rules
            .iter()
            .map(|r| {
                vec![
                    format!("rule {}", quoted(&r.name.text)),
                    super::expr::flat(&self.trigger(r)),
                    self.points(r),
                ]
            })
            .collect();
        let aligned = columns(&rows, &[1, 2], INDENT, WIDTH);
        let group = self.doc.group();
        for (i, (rule, line)) in rules.iter().zip(aligned).enumerate() {
            match line {
                Some(text) => self.doc.push_grouped(text, rule.span, inner(i), group),
                None => self.broken_rule(rule, &rows[i][0], inner(i)),
            }
        }
        self.close(rules.last().map_or(brace, |r| r.span.end));
    }

    /// A rule on several lines: the name, the trigger four spaces in (broken further when
    /// needed), then the points.
    fn broken_rule(&mut self, r: &Rule, name: &str, gaps: Gaps) {
        self.doc.push(
            INDENT,
            name.to_string(),
            Span::new(r.span.start, r.name.span.end),
            gaps,
        );
        let trigger = self.trigger(r);
        self.parts(&trigger, INDENT + 2, Gaps::CONT);
        let kw = if r.deduct { "deduct" } else { "award" };
        let start = kw_before(self.src(), r.points.span.start, kw);
        let points = self.points(r);
        self.doc
            .push(INDENT + 2, points, Span::new(start, r.span.end), Gaps::CONT);
    }

    fn trigger(&self, r: &Rule) -> Vec<Part> {
        let src = self.src();
        let at = super::comments::skip_trivia(src, r.name.span.end);
        match &r.trigger {
            Trigger::When(e) => {
                let mut parts = vec![Part::head("when", at)];
                push_cond(&mut parts, src, e);
                parts
            }
            Trigger::Each(p) | Trigger::Any(p) => {
                let kw = if matches!(r.trigger, Trigger::Each(_)) {
                    "each"
                } else {
                    "any"
                };
                let mut parts = vec![Part::head(kw, at)];
                push_pattern(&mut parts, src, p);
                parts
            }
        }
    }

    /// `award N [cap N] [decay …]`.
    fn points(&self, r: &Rule) -> String {
        let kw = if r.deduct { "deduct" } else { "award" };
        let mut out = format!("{kw} {}", expr(self.src(), &r.points));
        if let Some(c) = &r.cap {
            out.push_str(&format!(" cap {}", super::literal::num(c.value)));
        }
        if let Some(d) = &r.decay {
            out.push(' ');
            out.push_str(&self.decay(d));
        }
        out
    }

    fn decay(&self, d: &Decay) -> String {
        match d {
            Decay::HalfLife(x) => format!(
                "decay half_life {}",
                duration(self.src(), x.span, x.seconds)
            ),
            Decay::Linear(x) => format!("decay linear {}", duration(self.src(), x.span, x.seconds)),
            Decay::None(_) => "no_decay".into(),
        }
    }
}

fn decay_span(d: &Decay) -> Span {
    match d {
        Decay::HalfLife(x) | Decay::Linear(x) => x.span,
        Decay::None(s) => *s,
    }
}
