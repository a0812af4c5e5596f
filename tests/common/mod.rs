//! Shared helpers for the semantics and explain tests: compile a rubric body against a
//! small test schema, build a lead and its events from text, score them.
#![allow(dead_code)]

pub mod cli;

use leadscore::check::compile;
use leadscore::data::{time, Event, Lead, Value};
use leadscore::diag::{render_plain, Source};
use leadscore::eval::Outcome;
use leadscore::ir::Program;
use leadscore::schema::{Schema, Type};

/// The test schema: every field type, most of them optional, and four event types.
pub const SCHEMA: &str = r#"
lead {
  key id: string
  employees: int?
  revenue: number?
  active: bool?
  title: string?
  email: string?
  created_at: timestamp?
  contacted_at: timestamp?
  seniority: enum { c_level, vp, director, manager, individual }?
  adjustment: number?
}
event page_view { url: string  seconds: int? }
event email_sent {}
event email_open {}
event demo_request {}
"#;

/// The as-of time most tests use.
pub const AS_OF: &str = "2024-06-01T00:00:00Z";

/// An event written as (type, at, attributes).
pub type Ev<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

pub fn ts(text: &str) -> i64 {
    time::parse(text).unwrap_or_else(|| panic!("bad timestamp in test: {text:?}"))
}

/// Parses one field value by its schema type; an empty text is missing.
pub fn value(ty: &Type, text: &str) -> Value {
    if text.is_empty() {
        return Value::Missing;
    }
    match ty {
        Type::Bool => match text {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => panic!("bad bool in test: {text:?}"),
        },
        Type::Int | Type::Number => Value::Num(
            text.parse()
                .unwrap_or_else(|_| panic!("bad number in test: {text:?}")),
        ),
        Type::String => Value::Str(text.to_string()),
        Type::Timestamp => Value::Ts(ts(text)),
        Type::Enum(v) => Value::Enum(
            v.iter()
                .position(|x| x == text)
                .unwrap_or_else(|| panic!("bad variant in test: {text:?}")) as u32,
        ),
    }
}

/// A lead: one value per schema field slot; absent fields are missing; key = the key field's text.
pub fn build_lead(schema: &Schema, pairs: &[(&str, &str)]) -> Lead {
    for (k, _) in pairs {
        assert!(
            schema.field(k).is_some(),
            "test lead names unknown field {k:?}"
        );
    }
    let values = schema
        .fields
        .iter()
        .map(|f| {
            pairs
                .iter()
                .find(|(k, _)| *k == f.name)
                .map_or(Value::Missing, |(_, v)| value(&f.ty, v))
        })
        .collect();
    let key_name = &schema.key_field().name;
    let key = pairs
        .iter()
        .find(|(k, _)| k == key_name)
        .map_or(String::new(), |(_, v)| v.to_string());
    Lead {
        values,
        key,
        line: 1,
    }
}

/// Events with attributes by slot, sorted by time (stable: ties keep the given order).
pub fn build_events(schema: &Schema, events: &[Ev]) -> Vec<Event> {
    let mut out: Vec<Event> = events
        .iter()
        .map(|(kind, at, attrs)| {
            let k = schema
                .event(kind)
                .unwrap_or_else(|| panic!("unknown event type in test: {kind:?}"));
            let et = &schema.events[k];
            for (a, _) in attrs.iter() {
                assert!(
                    et.attrs.iter().any(|x| x.name == *a),
                    "event {kind} has no attribute {a:?}"
                );
            }
            let attrs = et
                .attrs
                .iter()
                .map(|f| {
                    attrs
                        .iter()
                        .find(|(a, _)| *a == f.name)
                        .map_or(Value::Missing, |(_, v)| value(&f.ty, v))
                })
                .collect();
            Event {
                kind: k as u32,
                at: ts(at),
                attrs,
            }
        })
        .collect();
    out.sort_by_key(|e| e.at);
    out
}

/// Compiles a rubric body (ruleset and schema lines are prepended); panics with the
/// rendered diagnostics when it does not compile.
pub fn program(rubric_body: &str) -> Program {
    let text = format!("ruleset \"t\" version 1\nuse schema \"s\"\n{rubric_body}\n");
    match compile(Source::new("t.score", text), |_| {
        Schema::parse(Source::new("s", SCHEMA))
    }) {
        Ok(c) => c.program,
        Err(d) => panic!(
            "rubric does not compile:\n{rubric_body}\n{}",
            render_plain(&d)
        ),
    }
}

pub fn run(
    rubric_body: &str,
    lead: &[(&str, &str)],
    events: &[Ev],
    as_of: &str,
) -> (Program, Outcome) {
    let p = program(rubric_body);
    let o = run_program(&p, lead, events, as_of);
    (p, o)
}

pub fn run_program(p: &Program, lead: &[(&str, &str)], events: &[Ev], as_of: &str) -> Outcome {
    let lead = build_lead(&p.schema, lead);
    let events = build_events(&p.schema, events);
    let o = leadscore::eval::evaluate(p, &lead, &events, ts(as_of));
    assert_engines_agree(p, lead, events, ts(as_of), &o);
    o
}

/// Scores the same lead with the compiled engine and demands the interpreter's result,
/// bit for bit: every semantics test is also an agreement test.
pub fn assert_engines_agree(p: &Program, lead: Lead, events: Vec<Event>, as_of: i64, o: &Outcome) {
    use leadscore::{Batch, Engine, Scorer};
    let mut data = leadscore::data::Dataset::default();
    data.push_lead(lead);
    data.events[0] = events;
    let batch = Batch::from_dataset(&p.schema, &data);
    let jit = Scorer::new(std::sync::Arc::new(p.clone()), Engine::Jit);
    assert_eq!(jit.engine(), Engine::Jit, "{:?}", jit.note());
    let prepared = jit.prepare(&batch, as_of);
    assert!(prepared.note().is_none(), "{:?}", prepared.note());
    let got = prepared.run(&|_| {});
    let interp = Scorer::new(std::sync::Arc::new(p.clone()), Engine::Interp).score(&batch, as_of);
    assert_eq!(
        got.first_difference(&interp),
        None,
        "engines disagree:\n jit    {:?}\n interp {:?}",
        got.outcome(p, 0),
        o
    );
    assert_eq!(&got.outcome(p, 0), o);
}

pub fn score_index(p: &Program, name: &str) -> usize {
    p.scores
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no score named {name:?}"))
}

pub fn score_of(o: &Outcome, p: &Program, name: &str) -> f64 {
    o.scores[score_index(p, name)]
}

/// The tier name chosen in tier set `set`.
pub fn tier_name(o: &Outcome, p: &Program, set: &str) -> String {
    let i = p
        .tier_sets
        .iter()
        .position(|t| t.name == set)
        .unwrap_or_else(|| panic!("no tier set {set:?}"));
    p.tier_sets[i].names[o.tiers[i] as usize].clone()
}

/// Decay with a half-life, as the language defines it.
pub fn half_life(points: f64, age_secs: i64, half_life_secs: i64) -> f64 {
    points * 0.5f64.powf(age_secs as f64 / half_life_secs as f64)
}

/// Linear decay, as the language defines it.
pub fn linear(points: f64, age_secs: i64, len_secs: i64) -> f64 {
    points * (1.0 - age_secs as f64 / len_secs as f64).max(0.0)
}

pub const DAY: i64 = 86_400;
