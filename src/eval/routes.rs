//! Routing: the first matching `assign`/`nurture` sets the queue; every matching
//! `notify`/`tag` fires.

use super::explain::{RouteTrace, Trace};
use super::Env;
use crate::ir::Guard;
use crate::syntax::ast::ActionKind;

/// What routing decided for one lead.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Routed {
    /// The queue chosen by the first matching `assign`/`nurture`.
    pub queue: Option<(ActionKind, String)>,
    /// Channels notified, in route order, without repeats.
    pub notify: Vec<String>,
    /// Tags added, in route order, without repeats.
    pub tags: Vec<String>,
    /// Indices of the route lines whose guard matched.
    pub matched: Vec<u32>,
}

/// The actions of the route lines that matched (indices in order), applied as routing
/// applies them. The compiled engine reports matched lines; this turns them into queues.
pub fn replay_routes(p: &crate::ir::Program, matched: impl Iterator<Item = usize>) -> Routed {
    let mut r = Routed::default();
    for i in matched {
        let Some(line) = p.routes.get(i) else {
            continue;
        };
        r.matched.push(i as u32);
        for (kind, target) in &line.actions {
            apply(&mut r, *kind, target);
        }
    }
    r
}

pub(super) fn route(env: &Env, mut trace: Option<&mut Trace>) -> Routed {
    let mut r = Routed::default();
    for (i, line) in env.p.routes.iter().enumerate() {
        let matched = match &line.guard {
            Guard::When(c) => env.cond(*c),
            Guard::Sample { fraction, cond } => {
                cond.is_none_or(|c| env.cond(c))
                    && sample_unit(&env.p.name, &env.lead.key) < *fraction
            }
            Guard::Otherwise => r.queue.is_none(),
        };
        let mut taken = Vec::new();
        if matched {
            r.matched.push(i as u32);
            for (kind, target) in &line.actions {
                let fresh = apply(&mut r, *kind, target);
                if trace.is_some() {
                    taken.push((*kind, target.clone(), fresh));
                }
            }
        }
        if let Some(t) = trace.as_deref_mut() {
            let mut checks = match &line.guard {
                Guard::When(c) | Guard::Sample { cond: Some(c), .. } => {
                    super::explain::checks(env, *c)
                }
                _ => vec![],
            };
            if let Guard::Sample { fraction, .. } = &line.guard {
                checks.push(sample_check(env, *fraction));
            }
            t.routes
                .push(RouteTrace::new(env.p, i, matched, taken, checks));
        }
    }
    r
}

/// The draw behind a `sample` line, so a reader can see why the lead was (not) picked.
fn sample_check(env: &Env, fraction: f64) -> super::explain::Check {
    let draw = sample_unit(&env.p.name, &env.lead.key);
    let pct = super::explain::fmt_num(fraction * 100.0);
    super::explain::Check {
        text: format!(
            "sample {pct}% (the lead's draw must be below {})",
            super::explain::fmt_num(fraction)
        ),
        result: Some(draw < fraction),
        values: vec![("draw".into(), format!("{draw:.4}"))],
    }
}

/// Applies one action; false when it changed nothing (a queue was already chosen, or the
/// channel or tag is already listed).
fn apply(r: &mut Routed, kind: ActionKind, target: &str) -> bool {
    match kind {
        ActionKind::Assign | ActionKind::Nurture if r.queue.is_none() => {
            r.queue = Some((kind, target.to_string()));
            true
        }
        ActionKind::Assign | ActionKind::Nurture => false,
        ActionKind::Notify => push_new(&mut r.notify, target),
        ActionKind::Tag => push_new(&mut r.tags, target),
    }
}

fn push_new(list: &mut Vec<String>, target: &str) -> bool {
    if list.iter().any(|x| x == target) {
        return false;
    }
    list.push(target.to_string());
    true
}

/// A stable number in [0, 1) from the ruleset name and lead key: FNV-1a 64, then the
/// SplitMix64 finaliser to spread similar keys. Reruns and both engines sample identically.
pub fn sample_unit(ruleset: &str, key: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in ruleset.bytes().chain([0x1f]).chain(key.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn sampling_is_stable_and_roughly_uniform() {
        let a = super::sample_unit("r", "lead-1");
        assert_eq!(a, super::sample_unit("r", "lead-1"));
        assert_ne!(a, super::sample_unit("other", "lead-1"));
        let hits = (0..10_000)
            .filter(|i| super::sample_unit("r", &format!("L{i}")) < 0.1)
            .count();
        assert!((800..1200).contains(&hits), "{hits}");
    }
}
