//! Differential property tests: random well-typed rubrics (tests/gen) scored on random
//! leads and events. Today the only engine is the reference interpreter, so the test checks
//! that every generated rubric compiles without errors, that scoring never panics, and the
//! invariants every outcome must satisfy; `check_agreement` is the one place where a second
//! engine's outcomes are compared with the interpreter's, bit for bit.
//!
//! `PROPTEST_CASES=5000 cargo test --test differential` runs longer.

mod common;
mod gen;

use leadscore::data::{Event, Lead};
use leadscore::eval::{self, Outcome};
use leadscore::ir::{self, Decay, Expr, Guard, Program, ScoreKind, Trigger};
use leadscore::syntax::ast::{ActionKind, ArithOp, CmpOp, StrOp};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::collections::BTreeMap;

// ------------------------------------------------------------------ the comparison

/// Scores every lead with the interpreter (and, once it exists, with the second engine) and
/// fails unless both agree exactly: scores and contributions by `f64::to_bits`, tiers,
/// queue, notify and tags by equality. Also checks the interpreter's own invariants.
fn check_agreement(program: &Program, leads: &[Lead], events: &[Vec<Event>], as_of: i64) {
    assert_eq!(leads.len(), events.len());
    let reference: Vec<Outcome> = leads
        .iter()
        .zip(events)
        .map(|(lead, evs)| eval::evaluate(program, lead, evs, as_of))
        .collect();
    for (lead, out) in leads.iter().zip(&reference) {
        check_invariants(program, lead, out);
    }

    // The compiled engine, on the same leads as one batch.
    let data = leadscore::data::Dataset {
        leads: leads.to_vec(),
        events: events.to_vec(),
        by_key: Default::default(),
    };
    let batch = leadscore::Batch::from_dataset(&program.schema, &data);
    let jit = leadscore::Scorer::new(std::sync::Arc::new(program.clone()), leadscore::Engine::Jit);
    assert_eq!(jit.engine(), leadscore::Engine::Jit, "{:?}", jit.note());
    let prepared = jit.prepare(&batch, as_of);
    assert!(prepared.note().is_none(), "{:?}", prepared.note());
    let scores = prepared.run(&|_| {});
    for (i, (lead, a)) in leads.iter().zip(&reference).enumerate() {
        assert_same(program, &lead.key, a, &scores.outcome(program, i));
    }
}

/// Bitwise equality of two outcomes, with a readable message naming what differs.
fn assert_same(p: &Program, key: &str, a: &Outcome, b: &Outcome) {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    assert_eq!(
        bits(&a.scores),
        bits(&b.scores),
        "lead {key}: scores differ: interpreter {:?}, other {:?}",
        a.scores,
        b.scores
    );
    let rule_names: Vec<&str> = p.rules().map(|(_, r)| r.name.as_str()).collect();
    assert_eq!(
        a.contributions.len(),
        b.contributions.len(),
        "lead {key}: rule count"
    );
    for (i, (x, y)) in a.contributions.iter().zip(&b.contributions).enumerate() {
        assert_eq!(
            x.to_bits(),
            y.to_bits(),
            "lead {key}: rule {:?} contributes {x:?} (interpreter) vs {y:?}",
            rule_names.get(i)
        );
    }
    assert_eq!(a.tiers, b.tiers, "lead {key}: tiers differ");
    assert_eq!(a.queue, b.queue, "lead {key}: queue differs");
    assert_eq!(a.notify, b.notify, "lead {key}: notify differs");
    assert_eq!(a.tags, b.tags, "lead {key}: tags differ");
}

/// What every outcome must satisfy, whatever the rubric and data.
fn check_invariants(p: &Program, lead: &Lead, o: &Outcome) {
    let key = &lead.key;
    assert_eq!(
        o.scores.len(),
        p.scores.len(),
        "lead {key}: one value per score"
    );
    let rules: Vec<(usize, &ir::Rule)> = p.rules().collect();
    assert_eq!(
        o.contributions.len(),
        rules.len(),
        "lead {key}: one contribution per rule"
    );

    for ((_, rule), c) in rules.iter().zip(&o.contributions) {
        assert!(
            c.is_finite(),
            "lead {key}: rule {} contributes {c}",
            rule.name
        );
        if let Some(cap) = rule.cap {
            assert!(
                c.abs() <= cap,
                "lead {key}: rule {} gives {c} over cap {cap}",
                rule.name
            );
        }
    }

    // A rule score is its contributions summed in order, then clamped (section 11).
    let mut next_rule = 0;
    for (i, (score, v)) in p.scores.iter().zip(&o.scores).enumerate() {
        assert!(v.is_finite(), "lead {key}: score {} = {v}", score.name);
        assert_ne!(
            v.to_bits(),
            (-0.0f64).to_bits(),
            "lead {key}: score {} is -0",
            score.name
        );
        if let Some((lo, hi)) = score.clamp {
            assert!(
                lo <= *v && *v <= hi,
                "lead {key}: score {} = {v} outside clamp {lo}..{hi}",
                score.name
            );
        }
        if let ScoreKind::Rules(rs) = &score.kind {
            let mine = &o.contributions[next_rule..next_rule + rs.len()];
            assert!(rules[next_rule..next_rule + rs.len()]
                .iter()
                .all(|(s, _)| *s == i));
            next_rule += rs.len();
            let sum = mine.iter().fold(0.0, |acc, c| acc + c);
            let sum = if sum.is_finite() { sum } else { 0.0 };
            let want = score.clamp.map_or(sum, |(lo, hi)| sum.clamp(lo, hi));
            let want = if want == 0.0 { 0.0 } else { want };
            assert_eq!(
                v.to_bits(),
                want.to_bits(),
                "lead {key}: score {} is not its rules' sum",
                score.name
            );
        }
    }

    assert_eq!(
        o.tiers.len(),
        p.tier_sets.len(),
        "lead {key}: one tier per tier set"
    );
    for (set, t) in p.tier_sets.iter().zip(&o.tiers) {
        assert!(
            (*t as usize) < set.names.len(),
            "lead {key}: tier index {t} of {}",
            set.name
        );
        let value = o.scores[set.score as usize];
        let want = set
            .uppers
            .iter()
            .position(|u| value <= *u)
            .unwrap_or(set.names.len() - 1);
        assert_eq!(
            *t as usize, want,
            "lead {key}: tier of {} for {value}",
            set.name
        );
    }

    if let Some((kind, target)) = &o.queue {
        assert!(matches!(kind, ActionKind::Assign | ActionKind::Nurture));
        assert!(
            p.routes
                .iter()
                .flat_map(|l| &l.actions)
                .any(|(k, t)| k == kind && t == target),
            "lead {key}: queue {target} is in no route line"
        );
    }
    for list in [&o.notify, &o.tags] {
        let mut seen = list.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(
            seen.len(),
            list.len(),
            "lead {key}: repeated notify/tag {list:?}"
        );
    }
    // `otherwise` matches every lead still without a queue, so with one there is a queue.
    if p.routes.iter().any(|l| l.guard == Guard::Otherwise) {
        assert!(
            o.queue.is_some() || !otherwise_assigns(p),
            "lead {key}: otherwise did not fire"
        );
    }
}

fn otherwise_assigns(p: &Program) -> bool {
    p.routes.iter().any(|l| {
        l.guard == Guard::Otherwise
            && l.actions
                .iter()
                .any(|(k, _)| matches!(k, ActionKind::Assign | ActionKind::Nurture))
    })
}

// ------------------------------------------------------------------ the property

proptest! {
    // ProptestConfig::default() honours PROPTEST_CASES (256 when unset).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn interpreter_agrees_with_itself_on_random_rubrics(
        rubric in gen::rubric(),
        leads in gen::leads(),
    ) {
        let compiled = match gen::compile(&rubric) {
            Ok(c) => c,
            Err(e) => return Err(TestCaseError::fail(format!(
                "generated rubric does not compile:\n{rubric}\n{e}"))),
        };
        let program = compiled.program;
        let as_of = gen::as_of();
        let (ls, es): (Vec<Lead>, Vec<Vec<Event>>) = leads
            .iter()
            .map(|l| gen::materialize(&program.schema, l, as_of))
            .unzip();
        check_agreement(&program, &ls, &es, as_of);
    }
}

// ------------------------------------------------------------------ generator coverage

/// The generator must keep producing every construct of the language. 300 rubrics from a
/// fixed seed; each must compile without errors; then every construct must show up, both
/// in the compiled IR and (for purely syntactic forms) in the text.
#[test]
fn generator_covers_every_construct() {
    let mut runner = TestRunner::deterministic();
    let strategy = gen::rubric();
    let leads_strategy = gen::leads();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut hit = |k: String| *seen.entry(k).or_insert(0) += 1;
    for _ in 0..300 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let p = match gen::compile(&text) {
            Ok(c) => c.program,
            Err(e) => panic!("generated rubric does not compile:\n{text}\n{e}"),
        };
        let leads = leads_strategy.new_tree(&mut runner).unwrap().current();
        for l in &leads {
            let (lead, events) = gen::materialize(&p.schema, l, gen::as_of());
            let o = eval::evaluate(&p, &lead, &events, gen::as_of());
            for ((_, r), c) in p.rules().zip(&o.contributions) {
                if *c != 0.0 {
                    hit(match r.trigger {
                        Trigger::When(_) => "outcome: when rule gives points".into(),
                        Trigger::Each(_) => "outcome: each rule gives points".into(),
                        Trigger::Any(_) => "outcome: any rule gives points".into(),
                    });
                    if c.fract() != 0.0 && !matches!(r.decay, Decay::None) {
                        hit("outcome: decayed points".into());
                    }
                }
                if r.cap.is_some_and(|cap| c.abs() == cap) {
                    hit("outcome: rule at its cap".into());
                }
            }
            for (s, v) in p.scores.iter().zip(&o.scores) {
                match s.clamp {
                    Some((lo, _)) if *v == lo => hit("outcome: score at clamp low".into()),
                    Some((_, hi)) if *v == hi => hit("outcome: score at clamp high".into()),
                    _ => {}
                }
            }
            if o.tiers.iter().any(|t| *t > 0) {
                hit("outcome: tier above the first".into());
            }
            if o.queue.is_some() {
                hit("outcome: queue chosen".into());
            }
            if !o.notify.is_empty() || !o.tags.is_empty() {
                hit("outcome: notify or tag".into());
            }
        }
        for needle in TEXT_NEEDLES {
            if text.contains(needle) {
                hit(format!("text `{needle}`"));
            }
        }
        for e in &p.exprs {
            hit(expr_kind(e));
        }
        for pat in &p.patterns {
            hit(match pat.event {
                None => "pattern: any event type".into(),
                Some(_) => "pattern: one event type".into(),
            });
            if pat.filter.is_some() {
                hit("pattern: where".into());
            }
            if pat.within.is_some() {
                hit("pattern: within".into());
            }
            match &pat.followed {
                Some(f) if f.negated => hit("pattern: not followed by".into()),
                Some(_) => hit("pattern: followed by".into()),
                None => {}
            }
        }
        for (_, r) in p.rules() {
            hit(match r.trigger {
                Trigger::When(_) => "rule: when".into(),
                Trigger::Each(_) => "rule: each".into(),
                Trigger::Any(_) => "rule: any".into(),
            });
            hit(if r.sign < 0.0 {
                "rule: deduct".into()
            } else {
                "rule: award".into()
            });
            if r.cap.is_some() {
                hit("rule: cap".into());
            }
            if !matches!(r.trigger, Trigger::When(_)) {
                hit(match r.decay {
                    Decay::None => "decay: none".into(),
                    Decay::HalfLife(_) => "decay: half_life".into(),
                    Decay::Linear(_) => "decay: linear".into(),
                });
            }
            if !matches!(p.expr(r.points), Expr::Num(_)) {
                hit("rule: computed points".into());
            }
            if !matches!(r.trigger, Trigger::When(_)) && uses_event_attr(&p, r.points) {
                hit("rule: points from event attributes".into());
            }
        }
        for s in &p.scores {
            hit(match (&s.kind, s.clamp.is_some()) {
                (ScoreKind::Rules(_), false) => "score: rules".into(),
                (ScoreKind::Rules(_), true) => "score: rules, clamped".into(),
                (ScoreKind::Derived(_), false) => "score: derived".into(),
                (ScoreKind::Derived(_), true) => "score: derived, clamped".into(),
            });
        }
        for t in &p.tier_sets {
            hit(format!("tier set `{}`", t.name));
            if t.names.iter().any(|n| n == "A+") {
                hit("tier set: letter grades".into());
            }
            if t.uppers.len() + 1 == t.names.len() {
                hit("tier set".into());
            }
        }
        for l in &p.routes {
            hit(match &l.guard {
                Guard::When(_) => "route: when".into(),
                Guard::Sample { cond: None, .. } => "route: sample".into(),
                Guard::Sample { cond: Some(_), .. } => "route: sample of".into(),
                Guard::Otherwise => "route: otherwise".into(),
            });
            for (k, _) in &l.actions {
                hit(format!("action: {k:?}"));
            }
        }
    }
    let mut required: Vec<String> = TEXT_NEEDLES.iter().map(|n| format!("text `{n}`")).collect();
    required.extend(REQUIRED.iter().map(|s| s.to_string()));
    let missing: Vec<&String> = required.iter().filter(|k| !seen.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "the generator no longer produces: {missing:#?}\ncounts: {seen:#?}"
    );
    assert!(required.len() >= 80, "{} constructs", required.len());
    if std::env::var_os("SHOW_SAMPLE").is_some() {
        let mut r = TestRunner::deterministic();
        for _ in 0..2 {
            eprintln!("{}", strategy.new_tree(&mut r).unwrap().current());
        }
    }
    if std::env::var_os("SHOW_COVERAGE").is_some() {
        eprintln!(
            "{} constructs required; counts over 300 rubrics: {seen:#?}",
            required.len()
        );
    }
}

/// Syntactic forms checked in the generated text.
const TEXT_NEEDLES: &[&str] = &[
    " and ",
    " or ",
    "not ",
    " is missing",
    " is present",
    " is not missing",
    " is not present",
    " not in [",
    " in [",
    "..",
    " contains ",
    " starts_with ",
    " ends_with ",
    "lower(",
    "lower(lower(",
    "days_since(created_at)",
    "days_since(at)",
    "days_since(last ",
    "days_since(first ",
    "count(",
    "sum(page_view.seconds",
    "any(",
    "none(",
    " within ",
    " followed by ",
    " not followed by ",
    "followed by event",
    "each event",
    "any event",
    " cap ",
    " no_decay",
    " clamp -",
    " decay half_life",
    " decay linear",
    "score s0 clamp",
    "score s0 decay",
    "= ",
    "tiers on",
    "tiers grade on",
    "tiers tier on",
    " up to ",
    " above ",
    "\"A+\"",
    "sample ",
    "% of ",
    "otherwise ",
    "assign ",
    "nurture ",
    "notify ",
    "tag ",
    "active == ",
    "active != ",
    "seniority == \"",
    "seniority != ",
    "at > ",
    "at <= ",
    "created_at == ",
    "(employees - employees)",
    "/ 0)",
    "-0",
    "-(",
    "--",
    "1000000000000000000000000000000000000000000",
    "0.1",
    "1.5d",
    "12h",
    "2w",
    "365d",
    " == \"",
    "x\\\"y",
    "\"école\"",
    "tier == ",
    "tier in [",
    "grade ",
    "deduct ",
    "award ",
    "award -",
    "deduct (",
    "award count(",
    "s1",
    "s2",
    "d0 = ",
    "d1 = ",
];

/// IR-level constructs.
const REQUIRED: &[&str] = &[
    "Num",
    "NumLoad(lead)",
    "NumLoad(event)",
    "DaysSince(lead)",
    "DaysSince(at)",
    "DaysSinceEvent(last)",
    "DaysSinceEvent(first)",
    "Count",
    "Sum",
    "Neg",
    "Arith(Add)",
    "Arith(Sub)",
    "Arith(Mul)",
    "Arith(Div)",
    "Score",
    "Str",
    "StrLoad(lead)",
    "StrLoad(event)",
    "Lower",
    "Bool",
    "BoolLoad",
    "CmpNum(Eq)",
    "CmpNum(Ne)",
    "CmpNum(Lt)",
    "CmpNum(Le)",
    "CmpNum(Gt)",
    "CmpNum(Ge)",
    "StrEq(==)",
    "StrEq(!=)",
    "CmpTs(Eq)",
    "CmpTs(Ne)",
    "CmpTs(Lt)",
    "CmpTs(Le)",
    "CmpTs(Gt)",
    "CmpTs(Ge)",
    "EnumIn",
    "TierIn",
    "StrIn",
    "InRange",
    "StrTest(Contains)",
    "StrTest(StartsWith)",
    "StrTest(EndsWith)",
    "IsMissing",
    "Present",
    "And",
    "Or",
    "Not",
    "Any",
    "None",
    "pattern: any event type",
    "pattern: one event type",
    "pattern: where",
    "pattern: within",
    "pattern: followed by",
    "pattern: not followed by",
    "rule: when",
    "rule: each",
    "rule: any",
    "rule: award",
    "rule: deduct",
    "rule: cap",
    "decay: none",
    "decay: half_life",
    "decay: linear",
    "rule: computed points",
    "rule: points from event attributes",
    "score: rules",
    "score: rules, clamped",
    "score: derived",
    "score: derived, clamped",
    "tier set `tier`",
    "tier set `grade`",
    "tier set: letter grades",
    "route: when",
    "route: sample",
    "route: sample of",
    "route: otherwise",
    "action: Assign",
    "action: Nurture",
    "action: Notify",
    "action: Tag",
    "outcome: when rule gives points",
    "outcome: each rule gives points",
    "outcome: any rule gives points",
    "outcome: decayed points",
    "outcome: rule at its cap",
    "outcome: score at clamp low",
    "outcome: score at clamp high",
    "outcome: tier above the first",
    "outcome: queue chosen",
    "outcome: notify or tag",
];

fn expr_kind(e: &Expr) -> String {
    let side = |r: &ir::Ref| match r {
        ir::Ref::Lead(_) => "lead",
        ir::Ref::Event(_) => "event",
        ir::Ref::EventAt => "at",
    };
    match e {
        Expr::Num(_) => "Num".into(),
        Expr::NumLoad(r) => format!("NumLoad({})", side(r)),
        Expr::DaysSince(r) => format!("DaysSince({})", side(r)),
        Expr::DaysSinceEvent { last, .. } => {
            format!("DaysSinceEvent({})", if *last { "last" } else { "first" })
        }
        Expr::Count(_) => "Count".into(),
        Expr::Sum { .. } => "Sum".into(),
        Expr::Neg(_) => "Neg".into(),
        Expr::Arith(op, ..) => format!(
            "Arith({})",
            match op {
                ArithOp::Add => "Add",
                ArithOp::Sub => "Sub",
                ArithOp::Mul => "Mul",
                ArithOp::Div => "Div",
            }
        ),
        Expr::Score(_) => "Score".into(),
        Expr::Str(_) => "Str".into(),
        Expr::StrLoad(r) => format!("StrLoad({})", side(r)),
        Expr::Lower(_) => "Lower".into(),
        Expr::Bool(_) => "Bool".into(),
        Expr::BoolLoad(_) => "BoolLoad".into(),
        Expr::CmpNum(op, ..) => format!("CmpNum({})", cmp(*op)),
        Expr::StrEq { negated, .. } => format!("StrEq({})", if *negated { "!=" } else { "==" }),
        Expr::CmpTs(op, ..) => format!("CmpTs({})", cmp(*op)),
        Expr::EnumIn(..) => "EnumIn".into(),
        Expr::TierIn(..) => "TierIn".into(),
        Expr::StrIn(..) => "StrIn".into(),
        Expr::InRange(..) => "InRange".into(),
        Expr::StrTest(op, ..) => format!(
            "StrTest({})",
            match op {
                StrOp::Contains => "Contains",
                StrOp::StartsWith => "StartsWith",
                StrOp::EndsWith => "EndsWith",
            }
        ),
        Expr::IsMissing(_) => "IsMissing".into(),
        Expr::Present(_) => "Present".into(),
        Expr::And(_) => "And".into(),
        Expr::Or(_) => "Or".into(),
        Expr::Not(_) => "Not".into(),
        Expr::Any(_) => "Any".into(),
        Expr::None(_) => "None".into(),
    }
}

fn cmp(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "Eq",
        CmpOp::Ne => "Ne",
        CmpOp::Lt => "Lt",
        CmpOp::Le => "Le",
        CmpOp::Gt => "Gt",
        CmpOp::Ge => "Ge",
    }
}

/// Does the expression read an attribute of the event being scored?
fn uses_event_attr(p: &Program, id: ir::ExprId) -> bool {
    match p.expr(id) {
        Expr::NumLoad(ir::Ref::Event(_)) | Expr::StrLoad(ir::Ref::Event(_)) => true,
        Expr::DaysSince(ir::Ref::EventAt) => true,
        Expr::Neg(a) | Expr::Lower(a) => uses_event_attr(p, *a),
        Expr::Arith(_, a, b) => uses_event_attr(p, *a) || uses_event_attr(p, *b),
        _ => false,
    }
}
