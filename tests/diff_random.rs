//! `diff` on random pairs of well-typed rubrics (tests/gen) and random leads: it never
//! panics, its counts add up, it is symmetric, and every engine renders the same bytes.

mod common;
mod gen;

use leadscore::diff::{compare, ChangeKind, Format, Item, Options, Side, Structure};
use leadscore::ir::Program;
use leadscore::{Batch, Engine};
use proptest::prelude::*;

fn program(text: &str) -> Result<Program, TestCaseError> {
    gen::compile(text).map(|c| c.program).map_err(|e| {
        TestCaseError::fail(format!("generated rubric does not compile:\n{text}\n{e}"))
    })
}

fn batch(leads: &[gen::LeadData]) -> Batch {
    let schema = gen::schema();
    let mut data = leadscore::data::Dataset::default();
    for l in leads {
        let (lead, events) = gen::materialize(&schema, l, gen::as_of());
        if let Some(k) = data.push_lead(lead) {
            data.events[k] = events;
        }
    }
    Batch::from_dataset(&schema, &data)
}

/// Every markdown table row has as many cells as its header.
fn tables_are_well_formed(markdown: &str) -> bool {
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut width = None;
    for l in markdown.lines() {
        if !l.starts_with('|') {
            width = None;
            continue;
        }
        match width {
            None => width = Some(cells(l)),
            Some(w) if w != cells(l) => return false,
            _ => {}
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_rubric_pairs_add_up(a in gen::rubric(), b in gen::rubric(), leads in gen::leads()) {
        let (pa, pb) = (program(&a)?, program(&b)?);
        prop_assert_eq!(Structure::between(&pa, &pa).unwrap().changes, vec![]);
        let (ab, ba) = (Structure::between(&pa, &pb).unwrap(), Structure::between(&pb, &pa).unwrap());
        for item in [Item::Score, Item::Rule, Item::Derived, Item::TierSet, Item::Tier, Item::Route] {
            prop_assert_eq!(ab.count(item, ChangeKind::Added), ba.count(item, ChangeKind::Removed));
            prop_assert_eq!(ab.count(item, ChangeKind::Changed), ba.count(item, ChangeKind::Changed));
        }

        let batch = batch(&leads);
        let (sa, sb) = (Side::of("a.score", &pa), Side::of("b.score", &pb));
        let report = |engine| {
            let opts = Options { as_of: gen::as_of(), engine, top: 3 };
            compare((&sa, &pa, &batch), (&sb, &pb, &batch), &opts).unwrap()
        };
        let r = report(Engine::Interp);
        let i = &r.impact;
        prop_assert_eq!(i.leads, batch.len());
        for t in &i.tier_sets {
            let total: usize = t.counts.iter().flatten().sum();
            prop_assert_eq!(total, batch.len());
            let mut moved = 0;
            for (row, counts) in t.old_tiers.iter().zip(&t.counts) {
                for (col, n) in t.new_tiers.iter().zip(counts) {
                    moved += if row == col { 0 } else { *n };
                }
            }
            prop_assert_eq!(moved, t.changed);
        }
        let moves: usize = i.routes.queue_moves.iter().map(|m| m.leads).sum();
        prop_assert_eq!(moves, i.routes.queue);
        prop_assert!(i.routes.changed <= batch.len());
        prop_assert!(i.routes.queue.max(i.routes.notify).max(i.routes.tags) <= i.routes.changed);
        prop_assert!(i.movers.len() <= 3);
        prop_assert!(i.movers.windows(2).all(|w| w[0].delta.abs() >= w[1].delta.abs()));
        for s in &i.scores {
            prop_assert!(s.min <= s.p25 && s.p25 <= s.median && s.median <= s.p75 && s.p75 <= s.max);
        }

        let jit = report(Engine::Jit);
        for format in [Format::Text, Format::Markdown, Format::Json] {
            prop_assert_eq!(r.render(format), jit.render(format));
        }
        prop_assert!(tables_are_well_formed(&r.render(Format::Markdown)));
    }
}
