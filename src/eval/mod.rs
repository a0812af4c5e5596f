//! The reference interpreter: it defines what every score means. Scoring is a pure
//! function of (program, lead, events, as-of); explain runs the very same code and records
//! what it saw, so its numbers add up to the scores exactly.

mod events;
pub mod explain;
mod expr;
mod routes;

pub use expr::{arith, is_text};
pub use routes::{replay_routes, sample_unit};

use crate::data::{Event, Lead};
use crate::ir::{Decay, Program, Rule, ScoreKind, Trigger};
use crate::syntax::ast::ActionKind;
use explain::{EventHit, RuleTrace, ScoreTrace, Trace};

/// Everything an expression can see while one lead is scored.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// The program.
    pub p: &'a Program,
    /// The lead.
    pub lead: &'a Lead,
    /// Its events at or before as-of, oldest first.
    pub events: &'a [Event],
    /// The as-of time, seconds since the epoch.
    pub as_of: i64,
    /// The event being matched or scored, if any.
    pub event: Option<&'a Event>,
    /// Scores computed so far.
    pub scores: &'a [f64],
    /// Tier of each tier set (routes only).
    pub tiers: &'a [u32],
}

/// The result of scoring one lead.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Every score, in `Program::scores` order.
    pub scores: Vec<f64>,
    /// Tier index per tier set.
    pub tiers: Vec<u32>,
    /// The queue chosen by the first matching `assign`/`nurture`.
    pub queue: Option<(ActionKind, String)>,
    /// Channels notified, in route order, without repeats.
    pub notify: Vec<String>,
    /// Tags added, in route order, without repeats.
    pub tags: Vec<String>,
    /// Each rule's contribution after its cap, in `Program::rules` order.
    pub contributions: Vec<f64>,
    /// Indices of the route lines whose guard matched, in order.
    pub matched_routes: Vec<u32>,
}

/// The multiplier for an event `age` seconds old. Both engines call this one function.
pub fn decay_factor(decay: Decay, age: i64) -> f64 {
    match decay {
        Decay::None => 1.0,
        Decay::HalfLife(h) => 0.5f64.powf(age as f64 / h as f64),
        Decay::Linear(len) => (1.0 - age as f64 / len as f64).max(0.0),
    }
}

/// The events that count at `as_of` (events are sorted by time).
pub fn visible_events(events: &[Event], as_of: i64) -> &[Event] {
    &events[..events.partition_point(|e| e.at <= as_of)]
}

/// Scores one lead.
pub fn evaluate(p: &Program, lead: &Lead, events: &[Event], as_of: i64) -> Outcome {
    run(p, lead, events, as_of, None)
}

/// Scores one lead and records why.
pub fn explain(p: &Program, lead: &Lead, events: &[Event], as_of: i64) -> (Outcome, Trace) {
    let mut trace = Trace::new(p, lead, as_of);
    let out = run(p, lead, events, as_of, Some(&mut trace));
    (out, trace)
}

fn run(
    p: &Program,
    lead: &Lead,
    events: &[Event],
    as_of: i64,
    mut trace: Option<&mut Trace>,
) -> Outcome {
    let events = visible_events(events, as_of);
    let mut scores: Vec<f64> = Vec::with_capacity(p.scores.len());
    let mut contributions = Vec::new();
    for score in &p.scores {
        let env = Env {
            p,
            lead,
            events,
            as_of,
            event: None,
            scores: &scores,
            tiers: &[],
        };
        let mut st = trace.as_ref().map(|_| ScoreTrace::new(score));
        let sum = match &score.kind {
            ScoreKind::Rules(rules) => {
                let mut sum = 0.0;
                for rule in rules {
                    let rt = st.as_mut().map(|s| s.push_rule(p, rule));
                    let c = rule_value(&env, rule, rt);
                    contributions.push(c);
                    sum += c;
                }
                sum
            }
            ScoreKind::Derived(e) => env.num(*e).unwrap_or(0.0),
        };
        let sum = if sum.is_finite() { sum } else { 0.0 };
        let value = normalize(score.clamp.map_or(sum, |(lo, hi)| sum.clamp(lo, hi)));
        if let (Some(t), Some(mut s)) = (trace.as_deref_mut(), st) {
            s.finish(p, &env, score, sum, value);
            t.scores.push(s);
        }
        scores.push(value);
    }
    let tiers: Vec<u32> = p
        .tier_sets
        .iter()
        .map(|t| tier_of(t, scores[t.score as usize]))
        .collect();
    let env = Env {
        p,
        lead,
        events,
        as_of,
        event: None,
        scores: &scores,
        tiers: &tiers,
    };
    let routed = routes::route(&env, trace.as_deref_mut());
    if let Some(t) = trace {
        t.record_tiers(p, &scores, &tiers);
    }
    Outcome {
        scores,
        tiers,
        queue: routed.queue,
        notify: routed.notify,
        tags: routed.tags,
        contributions,
        matched_routes: routed.matched,
    }
}

/// −0 prints as "-0"; nobody wants to read that.
fn normalize(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// The first tier whose inclusive upper bound holds the value; the last tier otherwise.
pub fn tier_of(t: &crate::ir::TierSet, value: f64) -> u32 {
    t.uppers
        .iter()
        .position(|u| value <= *u)
        .unwrap_or(t.names.len().saturating_sub(1)) as u32
}

/// A rule's contribution: points (per event × decay factor, summed oldest first) × sign,
/// then the cap. Missing points count as zero.
fn rule_value(env: &Env, rule: &Rule, mut rt: Option<&mut RuleTrace>) -> f64 {
    let (fired, raw) = match rule.trigger {
        Trigger::When(cond) => {
            if let Some(t) = rt.as_deref_mut() {
                t.checks = explain::checks(env, cond);
            }
            let fired = env.cond(cond);
            (
                fired,
                if fired {
                    env.num(rule.points).unwrap_or(0.0)
                } else {
                    0.0
                },
            )
        }
        Trigger::Each(pid) => {
            let mut raw = 0.0;
            let mut fired = false;
            for i in 0..env.events.len() {
                if env.matches(pid, i) {
                    fired = true;
                    raw += event_points(env, rule, i, rt.as_deref_mut());
                }
            }
            (fired, raw)
        }
        Trigger::Any(pid) => match env.edge_event(pid, true) {
            Some(i) => (true, event_points(env, rule, i, rt.as_deref_mut())),
            None => (false, 0.0),
        },
    };
    // Points that overflow are missing, and missing points count as zero.
    let raw = if raw.is_finite() { raw } else { 0.0 };
    let signed = rule.sign * raw;
    let capped = rule.cap.map_or(signed, |c| signed.clamp(-c, c));
    if let Some(t) = rt {
        t.fired = fired;
        t.points_before_cap = normalize(signed);
        t.contribution = normalize(capped);
    }
    capped
}

fn event_points(env: &Env, rule: &Rule, i: usize, rt: Option<&mut RuleTrace>) -> f64 {
    let ev = &env.events[i];
    let pts = env.with_event(ev).num(rule.points).unwrap_or(0.0);
    let age = env.as_of.saturating_sub(ev.at);
    let factor = decay_factor(rule.decay, age);
    let v = pts * factor;
    if let Some(t) = rt {
        t.events
            .push(EventHit::new(env, ev, age, factor, rule.sign * v));
    }
    v
}
