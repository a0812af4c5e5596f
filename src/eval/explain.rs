//! Explain traces: what every rule looked at, which events gave points and how much,
//! caps and clamps before and after, the tier boundary and the route taken.

use super::Env;
use crate::data::{time, Event, Lead, Value};
use crate::ir::{Expr, ExprId, Program, Ref, Rule, Score, ScoreKind};
use crate::syntax::ast::ActionKind;
use serde::Serialize;

/// Formats a number so it reads back exactly: shortest round-trip form, no `.0` on whole numbers.
pub fn fmt_num(v: f64) -> String {
    format!("{}", if v == 0.0 { 0.0 } else { v })
}

/// One atomic test of a condition.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// The test as written.
    pub text: String,
    /// `Some(result)`, or `None` when an earlier part of `and`/`or` decided already.
    pub result: Option<bool>,
    /// The values it read, `name = value` (JSON: `{"name": …, "value": …}`).
    #[serde(serialize_with = "named_values")]
    pub values: Vec<(String, String)>,
}

/// One event that gave points.
#[derive(Clone, Debug, Serialize)]
pub struct EventHit {
    /// Event type.
    pub event: String,
    /// When.
    pub at: String,
    /// Age in days at as-of.
    pub age_days: f64,
    /// Decay multiplier.
    pub factor: f64,
    /// Points from this event (signed, before the rule's cap).
    pub points: f64,
}

impl EventHit {
    pub(super) fn new(env: &Env, ev: &Event, age: i64, factor: f64, points: f64) -> Self {
        let event = env
            .p
            .schema
            .events
            .get(ev.kind as usize)
            .map_or("event".into(), |e| e.name.clone());
        EventHit {
            event,
            at: time::format(ev.at),
            age_days: age as f64 / 86_400.0,
            factor,
            points: super::normalize(points),
        }
    }
}

/// One rule's story.
#[derive(Clone, Debug, Serialize)]
pub struct RuleTrace {
    /// Rule name.
    pub name: String,
    /// Whether it fired.
    pub fired: bool,
    /// Condition tests (`when` rules).
    pub checks: Vec<Check>,
    /// The event pattern as written (`each`/`any` rules).
    pub pattern: Option<String>,
    /// Events that gave points (`each`/`any` rules).
    pub events: Vec<EventHit>,
    /// Signed points before the cap.
    pub points_before_cap: f64,
    /// The cap, if any.
    pub cap: Option<f64>,
    /// What the rule added to its score.
    pub contribution: f64,
}

/// One score's story.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreTrace {
    /// Score name.
    pub name: String,
    /// Rules, in order (empty for derived scores).
    pub rules: Vec<RuleTrace>,
    /// The formula of a derived score.
    pub formula: Option<String>,
    /// Values the formula read.
    #[serde(serialize_with = "named_values")]
    pub inputs: Vec<(String, String)>,
    /// Sum of contributions (or formula value) before the clamp.
    pub sum: f64,
    /// The clamp, if any.
    pub clamp: Option<(f64, f64)>,
    /// Final value.
    pub value: f64,
}

impl ScoreTrace {
    pub(super) fn new(score: &Score) -> Self {
        ScoreTrace {
            name: score.name.clone(),
            rules: vec![],
            formula: None,
            inputs: vec![],
            sum: 0.0,
            clamp: score.clamp,
            value: 0.0,
        }
    }

    pub(super) fn push_rule(&mut self, p: &Program, rule: &Rule) -> &mut RuleTrace {
        self.rules.push(RuleTrace {
            name: rule.name.clone(),
            fired: false,
            checks: vec![],
            pattern: match rule.trigger {
                crate::ir::Trigger::Each(id) | crate::ir::Trigger::Any(id) => Some(
                    p.source
                        .slice(p.patterns[id as usize].span)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                crate::ir::Trigger::When(_) => None,
            },
            events: vec![],
            points_before_cap: 0.0,
            cap: rule.cap,
            contribution: 0.0,
        });
        self.rules.last_mut().unwrap()
    }

    pub(super) fn finish(&mut self, p: &Program, env: &Env, score: &Score, sum: f64, value: f64) {
        if let ScoreKind::Derived(e) = score.kind {
            self.formula = Some(p.text(e).to_string());
            self.inputs = observed(env, e);
        }
        self.sum = super::normalize(sum);
        self.value = value;
    }
}

/// Tier placement.
#[derive(Clone, Debug, Serialize)]
pub struct TierTrace {
    /// Tier set name.
    pub set: String,
    /// Score it reads.
    pub score: String,
    /// Score value.
    pub value: f64,
    /// Tier chosen.
    pub tier: String,
    /// Why, e.g. `20 < 47.5 ≤ 50`.
    pub boundary: String,
}

/// One route line's story.
#[derive(Clone, Debug, Serialize)]
pub struct RouteTrace {
    /// 1-based line number within the route block.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// Whether its guard matched.
    pub matched: bool,
    /// Actions, and whether each took effect (a second queue does not).
    #[serde(serialize_with = "named_actions")]
    pub actions: Vec<(ActionKind, String, bool)>,
    /// Condition tests.
    pub checks: Vec<Check>,
}

impl RouteTrace {
    pub(super) fn new(
        p: &Program,
        i: usize,
        matched: bool,
        actions: Vec<(ActionKind, String, bool)>,
        checks: Vec<Check>,
    ) -> Self {
        let text = p
            .source
            .slice(p.routes[i].span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        RouteTrace {
            line: i + 1,
            text,
            matched,
            actions,
            checks,
        }
    }
}

/// The whole trace for one lead.
#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    /// Lead key.
    pub lead: String,
    /// As-of time.
    pub as_of: String,
    /// Ruleset name.
    pub ruleset: String,
    /// Ruleset version.
    pub version: u64,
    /// Content hash.
    pub hash: String,
    /// Scores in order.
    pub scores: Vec<ScoreTrace>,
    /// Tier placements.
    pub tiers: Vec<TierTrace>,
    /// Route lines.
    pub routes: Vec<RouteTrace>,
}

impl Trace {
    pub(super) fn new(p: &Program, lead: &Lead, as_of: i64) -> Self {
        Trace {
            lead: lead.key.clone(),
            as_of: time::format(as_of),
            ruleset: p.name.clone(),
            version: p.version,
            hash: p.hash.clone(),
            scores: vec![],
            tiers: vec![],
            routes: vec![],
        }
    }

    pub(super) fn record_tiers(&mut self, p: &Program, scores: &[f64], tiers: &[u32]) {
        for (set, &t) in p.tier_sets.iter().zip(tiers) {
            let value = scores[set.score as usize];
            let t = t as usize;
            let lower = t.checked_sub(1).and_then(|i| set.uppers.get(i));
            let boundary = match (lower, set.uppers.get(t)) {
                (Some(lo), Some(hi)) => {
                    format!("{} < {} ≤ {}", fmt_num(*lo), fmt_num(value), fmt_num(*hi))
                }
                (None, Some(hi)) => format!("{} ≤ {}", fmt_num(value), fmt_num(*hi)),
                (Some(lo), None) => format!("{} > {}", fmt_num(value), fmt_num(*lo)),
                (None, None) => "only tier".to_string(),
            };
            let score = p.scores[set.score as usize].name.clone();
            self.tiers.push(TierTrace {
                set: set.name.clone(),
                score,
                value,
                tier: set.names[t].clone(),
                boundary,
            });
        }
    }
}

/// Traces a condition: `and`/`or` parts one by one (marking those never reached), other
/// tests as a whole. Results come from `Env::cond`, the function scoring uses.
pub(super) fn checks(env: &Env, id: ExprId) -> Vec<Check> {
    let mut out = Vec::new();
    walk(env, id, &mut out);
    out
}

fn walk(env: &Env, id: ExprId, out: &mut Vec<Check>) {
    // The checker builds some tests (`x != v`, `a == b` on yes/no values) out of `and`/`or`
    // nodes that share the source span of the test; those read best as one test.
    let synthetic = |parts: &[ExprId]| {
        parts
            .iter()
            .any(|p| env.p.spans[*p as usize] == env.p.spans[id as usize])
    };
    let (parts, stop_on) = match env.p.expr(id) {
        Expr::And(parts) if !synthetic(parts) => (parts, false),
        Expr::Or(parts) if !synthetic(parts) => (parts, true),
        _ => {
            out.push(Check {
                text: env.p.text(id).to_string(),
                result: Some(env.cond(id)),
                values: observed(env, id),
            });
            return;
        }
    };
    let mut decided = false;
    for part in parts {
        if decided {
            out.push(Check {
                text: env.p.text(*part).to_string(),
                result: None,
                values: vec![],
            });
        } else {
            walk(env, *part, out);
            decided = env.cond(*part) == stop_on;
        }
    }
}

/// The values a subtree reads, in source order, without repeats.
pub(super) fn observed(env: &Env, id: ExprId) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut stack = vec![id];
    while let Some(e) = stack.pop() {
        let item = match env.p.expr(e) {
            Expr::NumLoad(r)
            | Expr::StrLoad(r)
            | Expr::BoolLoad(r)
            | Expr::EnumIn(r, _)
            | Expr::Present(r)
            | Expr::DaysSince(r) => Some(ref_value(env, *r)),
            Expr::CmpTs(_, a, b) => {
                push_unique(&mut out, ref_value(env, *b));
                Some(ref_value(env, *a))
            }
            Expr::Count(_) | Expr::Sum { .. } | Expr::DaysSinceEvent { .. } => Some((
                env.p.text(e).to_string(),
                env.num(e).map_or("missing".into(), fmt_num),
            )),
            Expr::Any(_) | Expr::None(_) => Some((env.p.text(e).to_string(), yes_no(env.cond(e)))),
            Expr::Score(s) => Some((
                env.p.scores[*s as usize].name.clone(),
                fmt_num(env.scores[*s as usize]),
            )),
            Expr::TierIn(s, _) => {
                let set = &env.p.tier_sets[*s as usize];
                Some((
                    set.name.clone(),
                    set.names
                        .get(env.tiers[*s as usize] as usize)
                        .cloned()
                        .unwrap_or_default(),
                ))
            }
            other => {
                stack.extend(children(other).into_iter().rev());
                None
            }
        };
        if let Some(kv) = item {
            push_unique(&mut out, kv);
        }
    }
    out
}

fn push_unique(out: &mut Vec<(String, String)>, kv: (String, String)) {
    if !out.contains(&kv) {
        out.push(kv);
    }
}

fn children(e: &Expr) -> Vec<ExprId> {
    match e {
        Expr::Neg(a)
        | Expr::Lower(a)
        | Expr::Not(a)
        | Expr::IsMissing(a)
        | Expr::StrIn(a, _)
        | Expr::InRange(a, ..)
        | Expr::StrTest(_, a, _) => vec![*a],
        Expr::Arith(_, a, b) | Expr::CmpNum(_, a, b) => vec![*a, *b],
        Expr::StrEq { a, b, .. } => vec![*a, *b],
        Expr::And(v) | Expr::Or(v) => v.clone(),
        _ => vec![],
    }
}

fn yes_no(b: bool) -> String {
    if b {
        "yes".into()
    } else {
        "no".into()
    }
}

fn ref_value(env: &Env, r: Ref) -> (String, String) {
    // The schema field behind the reference names it and, for enums, its values.
    let field = match r {
        Ref::Lead(s) => env.p.schema.fields.get(s as usize),
        Ref::Event(s) => env
            .event
            .and_then(|e| env.p.schema.events.get(e.kind as usize))
            .and_then(|t| t.attrs.get(s as usize)),
        Ref::EventAt => None,
    };
    let name = match (r, field) {
        (Ref::EventAt, _) => "at".into(),
        (_, Some(f)) => f.name.clone(),
        (_, None) => "attribute".into(),
    };
    let value = match &*env.value(r) {
        Value::Missing => "missing".into(),
        Value::Bool(b) => yes_no(*b),
        Value::Num(v) => fmt_num(*v),
        Value::Str(s) => format!("{s:?}"),
        Value::Ts(t) => time::format(*t),
        Value::Enum(i) => match field.map(|f| &f.ty) {
            Some(crate::schema::Type::Enum(v)) => {
                v.get(*i as usize).cloned().unwrap_or_else(|| i.to_string())
            }
            _ => i.to_string(),
        },
    };
    (name, value)
}

/// JSON readers want named fields, not positional pairs.
fn named_values<S: serde::Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(
        v.iter()
            .map(|(name, value)| serde_json::json!({ "name": name, "value": value })),
    )
}

fn named_actions<S: serde::Serializer>(
    v: &[(ActionKind, String, bool)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|(kind, target, taken)| serde_json::json!({ "action": kind, "target": target, "taken": taken })))
}

#[path = "explain_text.rs"]
mod text;
pub use text::render_text;
