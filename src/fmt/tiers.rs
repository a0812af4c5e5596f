//! Tier sets: on one line when they fit and hold no comment, else one tier per line with
//! the names aligned.

use super::align::{columns, WIDTH};
use super::doc::Gaps;
use super::layout::{inner, Printer, INDENT};
use super::literal::{num, tier_name, width};
use crate::diag::Span;
use crate::syntax::ast::{Tier, TierBound, TierSet};

/// Space between tiers written on one line.
const BETWEEN: &str = "   ";

impl Printer<'_> {
    /// `tiers [NAME] on SCORE { … }`.
    pub(super) fn tiers(&mut self, t: &TierSet) {
        let TierSet {
            name,
            score,
            tiers,
            span,
        } = t;
        // An unnamed set is called `tier`; writing `tiers tier on …` means the same.
        let head = if name.text == "tier" {
            format!("tiers on {}", score.text)
        } else {
            format!("tiers {} on {}", name.text, score.text)
        };
        let cells: Vec<Vec<String>> = tiers.iter().map(cells).collect();
        let one_line = if cells.is_empty() {
            format!("{head} {{}}")
        } else {
            let all: Vec<String> = cells.iter().map(|c| c.join(" ")).collect();
            format!("{head} {{ {} }}", all.join(BETWEEN))
        };
        // Comments after the `{` stay inside the block, so they need the long form; those
        // before it go above the line whichever form is chosen.
        let brace = self.brace_end(score.span.end);
        let first = self.comments.partition_point(|c| c.start < brace);
        let commented = self.comments.get(first).is_some_and(|c| c.start < span.end);
        if !commented && width(&one_line) <= WIDTH {
            self.doc.push(0, one_line, *span, self.one_line_item());
            return;
        }
        self.doc.push(
            0,
            format!("{head} {{"),
            Span::new(span.start, brace),
            Gaps::ITEM,
        );
        let aligned = columns(&cells, &[1], INDENT, usize::MAX);
        let group = self.doc.group();
        for (i, (tier, text)) in tiers.iter().zip(aligned).enumerate() {
            self.doc
                .push_grouped(text.unwrap_or_default(), tier.span, inner(i), group);
        }
        self.close(tiers.last().map_or(brace, |t| t.span.end));
    }
}

fn cells(t: &Tier) -> Vec<String> {
    let bound = match t.bound {
        TierBound::UpTo(n) => format!("up to {}", num(n.value)),
        TierBound::Above(n) => format!("above {}", num(n.value)),
    };
    vec![tier_name(&t.name.text), bound]
}
