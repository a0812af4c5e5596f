//! `expect SCORE …` and `expect TIER_SET …`: which tests make sense on which.

use super::super::case::{Check, NumTest};
use super::Resolver;
use crate::diag::{or_list, Code};
use crate::syntax::ast::{CmpOp, ListItem, Name};
use crate::syntax::test_ast::ValueTest;

impl Resolver<'_> {
    pub(super) fn value(&mut self, target: &Name, test: &ValueTest) -> Option<Check> {
        if let Some(score) = self.p.scores.iter().position(|s| s.name == target.text) {
            return self.score_test(score, target, test);
        }
        if let Some(set) = self.p.tier_sets.iter().position(|t| t.name == target.text) {
            return self.tier_test(set, target, test);
        }
        let mut names: Vec<&str> = self.p.scores.iter().map(|s| s.name.as_str()).collect();
        names.extend(self.p.tier_sets.iter().map(|t| t.name.as_str()));
        let help = crate::check::suggest::did_you_mean(
            &target.text,
            names.iter().copied(),
            format!(
                "tests can check the scores and tier sets {}",
                or_list(&names)
            ),
        );
        self.error(
            Code::UnknownScore,
            target.span,
            format!("no score or tier set is named `{}`", target.text),
            "unknown name",
            help,
        );
        None
    }

    fn bad(
        &mut self,
        at: crate::diag::Span,
        message: String,
        help: impl Into<String>,
    ) -> Option<Check> {
        self.error(
            Code::BadExpectation,
            at,
            message,
            "cannot check this",
            help.into(),
        );
        None
    }

    fn score_test(&mut self, score: usize, target: &Name, test: &ValueTest) -> Option<Check> {
        let num = match test {
            ValueTest::About(n, d) => NumTest::About(n.value, *d),
            ValueTest::Cmp(op, ListItem::Num(n)) => NumTest::Cmp(*op, n.value),
            ValueTest::InRange { lo, hi, .. } if lo.value > hi.value => {
                return self.bad(
                    lo.span,
                    format!("the range {}..{} is empty: its low end is above its high end", lo.value, hi.value),
                    "write the low end first, e.g. `in 10..20`",
                )
            }
            ValueTest::InRange { negated, lo, hi } => NumTest::Range {
                negated: *negated,
                lo: lo.value,
                hi: hi.value,
            },
            ValueTest::Cmp(_, ListItem::Str(w) | ListItem::Word(w)) => {
                return self.bad(
                    w.span,
                    format!("`{}` is a score, so it is compared with a number", target.text),
                    format!("write a number, e.g. `expect {} >= 30`; to check a tier, name the tier set, e.g. `expect tier == hot`", target.text),
                )
            }
            ValueTest::InList { .. } => {
                return self.bad(
                    target.span,
                    format!("`{}` is a score; `in [...]` lists are for tiers", target.text),
                    format!("check a range instead, e.g. `expect {} in 20..40`", target.text),
                )
            }
        };
        Some(Check::Score { score, test: num })
    }

    fn tier_test(&mut self, set: usize, target: &Name, test: &ValueTest) -> Option<Check> {
        let (negated, items): (bool, Vec<&ListItem>) = match test {
            ValueTest::Cmp(CmpOp::Eq, item) => (false, vec![item]),
            ValueTest::Cmp(CmpOp::Ne, item) => (true, vec![item]),
            ValueTest::InList { negated, items } => (*negated, items.iter().collect()),
            _ => {
                return self.bad(
                    target.span,
                    format!("`{}` is a tier set: check it with `==`, `!=`, `in [...]` or `not in [...]`", target.text),
                    {
                        let ts = &self.p.tier_sets[set];
                        format!(
                            "e.g. `expect {} == {}`; to check the points, name the score: `expect {} >= 30`",
                            ts.name,
                            ts.names.last().map_or("hot", String::as_str),
                            self.p.scores[ts.score as usize].name
                        )
                    },
                )
            }
        };
        let names = self.p.tier_sets[set].names.clone();
        let mut tiers = vec![];
        for item in items {
            let (text, span) = match item {
                ListItem::Str(n) | ListItem::Word(n) => (n.text.as_str(), n.span),
                ListItem::Num(n) => (self.source.slice(n.span), n.span),
            };
            match names.iter().position(|t| t == text) {
                Some(i) => tiers.push(i as u32),
                None => {
                    let help = crate::check::suggest::did_you_mean(
                        text,
                        names.iter().map(String::as_str),
                        format!("write one of {}", or_list(&names)),
                    );
                    self.error(
                        Code::UnknownTier,
                        span,
                        format!("`{}` has no tier `{text}`", target.text),
                        "unknown tier",
                        help,
                    );
                }
            }
        }
        Some(Check::Tier {
            set,
            negated,
            tiers,
        })
    }
}
