//! Event patterns. `env.events` holds only events at or before as-of, oldest first, so
//! "after as-of" never needs testing here.

use super::Env;
use crate::data::{Event, Value};
use crate::ir::{Pattern, PatternId};

impl<'a> Env<'a> {
    /// The same environment with `event` as the current event.
    pub fn with_event(&self, event: &'a Event) -> Env<'a> {
        Env {
            event: Some(event),
            ..*self
        }
    }

    /// Does event `i` match pattern `p`? Window: `as_of − within < at` (at ≤ as_of holds already).
    pub fn matches(&self, pid: PatternId, i: usize) -> bool {
        let p: &Pattern = &self.p.patterns[pid as usize];
        let ev = &self.events[i];
        if p.event.is_some_and(|t| t != ev.kind) {
            return false;
        }
        if p.within
            .is_some_and(|w| ev.at <= self.as_of.saturating_sub(w))
        {
            return false;
        }
        if p.filter.is_some_and(|f| !self.with_event(ev).cond(f)) {
            return false;
        }
        match &p.followed {
            None => true,
            Some(f) => {
                let deadline = ev.at.saturating_add(f.within);
                let found = self.events[i + 1..]
                    .iter()
                    .take_while(|n| n.at <= deadline)
                    .filter(|n| n.at > ev.at)
                    .any(|n| {
                        f.event.is_none_or(|t| t == n.kind)
                            && f.filter.is_none_or(|c| self.with_event(n).cond(c))
                    });
                if f.negated {
                    // "not followed within 3d" is only known once the 3 days have passed.
                    deadline <= self.as_of && !found
                } else {
                    found
                }
            }
        }
    }

    /// Index of the newest (`last`) or oldest matching event.
    pub fn edge_event(&self, pid: PatternId, last: bool) -> Option<usize> {
        if last {
            (0..self.events.len()).rev().find(|i| self.matches(pid, *i))
        } else {
            (0..self.events.len()).find(|i| self.matches(pid, *i))
        }
    }

    /// Number of matching events.
    pub fn count(&self, pid: PatternId) -> usize {
        (0..self.events.len())
            .filter(|i| self.matches(pid, *i))
            .count()
    }

    /// Sum of a numeric attribute over matching events, oldest first; missing values add
    /// nothing; a sum that overflows is missing, like any other arithmetic.
    pub fn sum(&self, pid: PatternId, attr: u32) -> Option<f64> {
        let mut total = 0.0;
        for i in 0..self.events.len() {
            if self.matches(pid, i) {
                if let Some(Value::Num(v)) = self.events[i].attrs.get(attr as usize) {
                    total += *v;
                }
            }
        }
        total.is_finite().then_some(total)
    }
}
