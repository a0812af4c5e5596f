//! The shape of the generated function: a loop over a range of leads; per lead, one walk
//! over its events that feeds every pattern's accumulators; then rules, scores, tiers and
//! routes in the interpreter's order, written to the output arrays.
//!
//! Signature: `fn(slots: *const u64, lo: i64, hi: i64)`; see [`super::plan::slot`].

use super::plan::{slot, Plan};
use crate::ir::{Decay, Guard, PatternId, Program, ScoreKind, Trigger};
use crate::syntax::ast::ActionKind;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, FuncRef, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::{FunctionBuilder, Variable};

/// Accumulators of one pattern, live while a lead's events are walked.
#[derive(Default)]
pub(super) struct Acc {
    pub count: Option<Variable>,
    pub sums: Vec<(u32, Variable)>,
    pub newest: Option<Variable>,
    pub oldest: Option<Variable>,
}

/// The event an expression is evaluated for.
#[derive(Clone, Copy)]
pub(super) struct Ev {
    /// Event index.
    pub e: Value,
    /// Its type, when known.
    pub kind: Option<u32>,
}

pub(super) struct Gen<'a, 'f> {
    pub p: &'a Program,
    pub plan: &'a Plan,
    pub b: FunctionBuilder<'f>,
    pub slots: Vec<Value>,
    pub lead: Value,
    pub decay: FuncRef,
    pub acc: Vec<Acc>,
    /// Per rule (global index): the running sum of an `each` rule.
    pub each: Vec<Option<Variable>>,
    pub scores: Vec<Value>,
    pub tiers: Vec<Value>,
    /// End of the current lead's events.
    pub ev_end: Value,
}

pub(super) fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl<'a, 'f> Gen<'a, 'f> {
    pub fn new(p: &'a Program, plan: &'a Plan, mut b: FunctionBuilder<'f>, decay: FuncRef) -> Self {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let base = b.block_params(entry)[0];
        let slots = (0..plan.slots)
            .map(|s| b.ins().load(types::I64, flags(), base, (s * 8) as i32))
            .collect();
        let zero = b.ins().iconst(types::I64, 0);
        Gen {
            p,
            plan,
            b,
            slots,
            lead: zero,
            decay,
            acc: vec![],
            each: vec![],
            scores: vec![],
            tiers: vec![],
            ev_end: zero,
        }
    }

    pub fn iconst(&mut self, v: i64) -> Value {
        self.b.ins().iconst(types::I64, v)
    }

    pub fn fconst(&mut self, v: f64) -> Value {
        self.b.ins().f64const(v)
    }

    pub fn bconst(&mut self, v: bool) -> Value {
        self.b.ins().iconst(types::I8, i64::from(v))
    }

    /// `base[idx]` for elements of `size` bytes.
    pub fn addr(&mut self, base: Value, idx: Value, size: i64) -> Value {
        let off = self.b.ins().imul_imm_s(idx, size);
        self.b.ins().iadd(base, off)
    }

    pub fn load_i64(&mut self, slot_no: usize, idx: Value) -> Value {
        let a = self.addr(self.slots[slot_no], idx, 8);
        self.b.ins().load(types::I64, flags(), a, 0)
    }

    pub fn load_u32(&mut self, slot_no: usize, idx: Value) -> Value {
        let a = self.addr(self.slots[slot_no], idx, 4);
        self.b.ins().uload32(flags(), a, 0)
    }

    pub fn var(&mut self, ty: types::Type, init: Value) -> Variable {
        let v = self.b.declare_var(ty);
        self.b.def_var(v, init);
        v
    }

    /// The whole function body.
    pub fn function(mut self, lo: Value, hi: Value) -> FunctionBuilder<'f> {
        let i = self.var(types::I64, lo);
        let (header, body, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let iv = self.b.use_var(i);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, iv, hi);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.b.switch_to_block(body);
        self.lead = self.b.use_var(i);
        self.lead_body();
        let next = self.b.ins().iadd_imm_s(self.lead, 1);
        self.b.def_var(i, next);
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(exit);
        self.b.ins().return_(&[]);
        self.b.seal_all_blocks();
        self.b
    }

    fn lead_body(&mut self) {
        let e0 = self.load_i64(slot::OFFSETS, self.lead);
        let i1 = self.b.ins().iadd_imm_s(self.lead, 1);
        self.ev_end = self.load_i64(slot::OFFSETS, i1);
        self.init_accumulators();
        self.event_loop(e0);
        self.scores.clear();
        self.tiers.clear();
        let mut r = 0;
        for s in 0..self.p.scores.len() {
            self.score(s, &mut r);
        }
        self.tier_sets();
        self.routes();
    }

    fn init_accumulators(&mut self) {
        let (zero, fzero, none) = (self.iconst(0), self.fconst(0.0), self.iconst(-1));
        self.acc.clear();
        for n in &self.plan.needs {
            let mut a = Acc::default();
            if n.count {
                a.count = Some(self.var(types::I64, zero));
            }
            for &attr in &n.sums {
                let v = self.var(types::F64, fzero);
                a.sums.push((attr, v));
            }
            if n.newest {
                a.newest = Some(self.var(types::I64, none));
            }
            if n.oldest {
                a.oldest = Some(self.var(types::I64, none));
            }
            self.acc.push(a);
        }
        let rules = self.p.rules().count();
        self.each = vec![None; rules];
        for n in &self.plan.needs {
            for &r in &n.each {
                self.each[r] = Some(self.var(types::F64, fzero));
            }
        }
    }

    /// Events `e0..end` that are at or before as-of, oldest first, each offered to every
    /// pattern that keeps an accumulator.
    fn event_loop(&mut self, e0: Value) {
        let e = self.var(types::I64, e0);
        let (header, check, body, after) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let ev = self.b.use_var(e);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, ev, self.ev_end);
        self.b.ins().brif(more, check, &[], after, &[]);
        self.b.switch_to_block(check);
        let at = self.load_i64(slot::EV_AT, ev);
        let seen = self
            .b
            .ins()
            .icmp(IntCC::SignedLessThanOrEqual, at, self.slots[slot::AS_OF]);
        self.b.ins().brif(seen, body, &[], after, &[]);
        self.b.switch_to_block(body);
        let kind = self.load_u32(slot::EV_KIND, ev);
        self.dispatch_on_kind(ev, at, kind);
        let next = self.b.ins().iadd_imm_s(ev, 1);
        self.b.def_var(e, next);
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(after);
    }

    /// Jumps on the event's type to the patterns of that type (then those of any type),
    /// so an event is only ever tested against patterns that can match it.
    fn dispatch_on_kind(&mut self, e: Value, at: Value, kind: Value) {
        let used: Vec<PatternId> = (0..self.p.patterns.len() as PatternId)
            .filter(|&pid| self.plan.needs[pid as usize].is_used())
            .collect();
        let any: Vec<PatternId> = used
            .iter()
            .copied()
            .filter(|&p| self.p.patterns[p as usize].event.is_none())
            .collect();
        let mut kinds: Vec<u32> = used
            .iter()
            .filter_map(|&p| self.p.patterns[p as usize].event)
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let join = self.b.create_block();
        let otherwise = self.b.create_block();
        let mut switch = cranelift_frontend::Switch::new();
        let blocks: Vec<_> = kinds.iter().map(|&k| (k, self.b.create_block())).collect();
        for &(k, block) in &blocks {
            switch.set_entry(u128::from(k), block);
        }
        switch.emit(&mut self.b, kind, otherwise);
        for (k, block) in blocks {
            self.b.switch_to_block(block);
            for &pid in used
                .iter()
                .filter(|&&p| self.p.patterns[p as usize].event == Some(k))
            {
                self.pattern(pid, e, at);
            }
            for &pid in &any {
                self.pattern(pid, e, at);
            }
            self.b.ins().jump(join, &[]);
        }
        self.b.switch_to_block(otherwise);
        for &pid in &any {
            self.pattern(pid, e, at);
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
    }

    /// Tests event `e` (already known to be of the pattern's type) against a pattern and,
    /// on a match, updates its accumulators.
    fn pattern(&mut self, pid: PatternId, e: Value, at: Value) {
        let pat = &self.p.patterns[pid as usize];
        let (matched, next) = (self.b.create_block(), self.b.create_block());
        let mut gate = self.bconst(true);
        if let Some(&s) = self.plan.windows.get(&pid) {
            let inside = self
                .b
                .ins()
                .icmp(IntCC::SignedGreaterThan, at, self.slots[s]);
            gate = self.b.ins().band(gate, inside);
        }
        let filtered = self.b.create_block();
        self.b.ins().brif(gate, filtered, &[], next, &[]);
        self.b.switch_to_block(filtered);
        let ev = Ev { e, kind: pat.event };
        let mut ok = match pat.filter {
            Some(f) => self.cond(f, Some(ev)),
            None => self.bconst(true),
        };
        if let Some(fol) = pat.followed.clone() {
            let follow = self.b.create_block();
            self.b.ins().brif(ok, follow, &[], next, &[]);
            self.b.switch_to_block(follow);
            ok = self.followed(&fol, e, at);
        }
        self.b.ins().brif(ok, matched, &[], next, &[]);
        self.b.switch_to_block(matched);
        self.update(pid, ev, at);
        self.b.ins().jump(next, &[]);
        self.b.switch_to_block(next);
    }

    fn update(&mut self, pid: PatternId, ev: Ev, at: Value) {
        let acc = std::mem::take(&mut self.acc[pid as usize]);
        if let Some(c) = acc.count {
            let v = self.b.use_var(c);
            let v = self.b.ins().iadd_imm_s(v, 1);
            self.b.def_var(c, v);
        }
        for &(attr, var) in &acc.sums {
            let kind = ev.kind.unwrap_or(0);
            let (valid, x) = self.attr_num(kind, attr, ev.e);
            let total = self.b.use_var(var);
            let added = self.b.ins().fadd(total, x);
            let total = self.b.ins().select(valid, added, total);
            self.b.def_var(var, total);
        }
        if let Some(n) = acc.newest {
            self.b.def_var(n, ev.e);
        }
        if let Some(o) = acc.oldest {
            let old = self.b.use_var(o);
            let unset = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, old, 0);
            let v = self.b.ins().select(unset, ev.e, old);
            self.b.def_var(o, v);
        }
        self.acc[pid as usize] = acc;
        let each = self.plan.needs[pid as usize].each.clone();
        for r in each {
            let v = self.event_points(r, ev, at);
            if let Some(var) = self.each[r] {
                let sum = self.b.use_var(var);
                let sum = self.b.ins().fadd(sum, v);
                self.b.def_var(var, sum);
            }
        }
    }

    /// `points × decay factor` of rule `r` for one event (missing points are zero).
    pub fn event_points(&mut self, r: usize, ev: Ev, at: Value) -> Value {
        let rule = self.p.rules().nth(r).map(|(_, rule)| rule.clone());
        let Some(rule) = rule else {
            return self.fconst(0.0);
        };
        let (valid, x) = self.num(rule.points, Some(ev));
        let zero = self.fconst(0.0);
        let pts = self.b.ins().select(valid, x, zero);
        let (code, param) = match rule.decay {
            Decay::None => return pts,
            Decay::HalfLife(h) => (1, h),
            Decay::Linear(l) => (2, l),
        };
        let age = self.b.ins().isub(self.slots[slot::AS_OF], at);
        let (code, param) = (self.iconst(code), self.iconst(param));
        let call = self.b.ins().call(self.decay, &[code, param, age]);
        let factor = self.b.inst_results(call)[0];
        self.b.ins().fmul(pts, factor)
    }

    /// Is there a follow-up after event `e` (at `at`) within the window? For `not
    /// followed`, true only once the window has passed without one.
    fn followed(&mut self, f: &crate::ir::Followed, e: Value, at: Value) -> Value {
        let deadline = self.saturating_add(at, f.within);
        let no = self.bconst(false);
        let found = self.var(types::I8, no);
        let start = self.b.ins().iadd_imm_s(e, 1);
        let j = self.var(types::I64, start);
        let (header, check, body, hit, after) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let jv = self.b.use_var(j);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, jv, self.ev_end);
        self.b.ins().brif(more, check, &[], after, &[]);
        self.b.switch_to_block(check);
        let nat = self.load_i64(slot::EV_AT, jv);
        let seen = self
            .b
            .ins()
            .icmp(IntCC::SignedLessThanOrEqual, nat, self.slots[slot::AS_OF]);
        let in_time = self
            .b
            .ins()
            .icmp(IntCC::SignedLessThanOrEqual, nat, deadline);
        let go_on = self.b.ins().band(seen, in_time);
        self.b.ins().brif(go_on, body, &[], after, &[]);
        self.b.switch_to_block(body);
        let later = self.b.ins().icmp(IntCC::SignedGreaterThan, nat, at);
        let mut ok = later;
        let nkind = self.load_u32(slot::EV_KIND, jv);
        if let Some(k) = f.event {
            let same = self.b.ins().icmp_imm_s(IntCC::Equal, nkind, i64::from(k));
            ok = self.b.ins().band(ok, same);
        }
        let next = self.b.create_block();
        if let Some(c) = f.filter {
            let test = self.b.create_block();
            self.b.ins().brif(ok, test, &[], next, &[]);
            self.b.switch_to_block(test);
            ok = self.cond(
                c,
                Some(Ev {
                    e: jv,
                    kind: f.event,
                }),
            );
        }
        self.b.ins().brif(ok, hit, &[], next, &[]);
        self.b.switch_to_block(hit);
        let yes = self.bconst(true);
        self.b.def_var(found, yes);
        self.b.ins().jump(after, &[]);
        self.b.switch_to_block(next);
        let jn = self.b.ins().iadd_imm_s(jv, 1);
        self.b.def_var(j, jn);
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(after);
        let found = self.b.use_var(found);
        if !f.negated {
            return found;
        }
        let passed = self.b.ins().icmp(
            IntCC::SignedLessThanOrEqual,
            deadline,
            self.slots[slot::AS_OF],
        );
        let none = self.b.ins().icmp_imm_s(IntCC::Equal, found, 0);
        self.b.ins().band(passed, none)
    }

    /// `at.saturating_add(w)` for `w ≥ 0`, exactly as the interpreter computes it.
    fn saturating_add(&mut self, at: Value, w: i64) -> Value {
        let sum = self.b.ins().iadd_imm_s(at, w);
        let over = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThan, at, i64::MAX - w);
        let max = self.iconst(i64::MAX);
        self.b.ins().select(over, max, sum)
    }

    /// Rules, sum, finiteness, clamp, normalisation of score `s`, stored and kept.
    fn score(&mut self, s: usize, r: &mut usize) {
        let score = self.p.scores[s].clone();
        let nrules = self.p.rules().count() as i64;
        let sum = match &score.kind {
            ScoreKind::Rules(rules) => {
                let mut sum = self.fconst(0.0);
                for rule in rules {
                    let c = self.rule_value(*r, rule);
                    let idx = self.b.ins().imul_imm_s(self.lead, nrules);
                    let idx = self.b.ins().iadd_imm_s(idx, *r as i64);
                    let a = self.addr(self.slots[slot::OUT_CONTRIB], idx, 8);
                    self.b.ins().store(flags(), c, a, 0);
                    sum = self.b.ins().fadd(sum, c);
                    *r += 1;
                }
                sum
            }
            ScoreKind::Derived(e) => {
                let (valid, x) = self.num(*e, None);
                let zero = self.fconst(0.0);
                self.b.ins().select(valid, x, zero)
            }
        };
        let sum = self.finite_or_zero(sum);
        let v = match score.clamp {
            Some((lo, hi)) => self.clamp(sum, lo, hi),
            None => sum,
        };
        let zero = self.fconst(0.0);
        let is_zero = self.b.ins().fcmp(FloatCC::Equal, v, zero);
        let v = self.b.ins().select(is_zero, zero, v);
        let idx = self
            .b
            .ins()
            .imul_imm_s(self.lead, self.p.scores.len() as i64);
        let idx = self.b.ins().iadd_imm_s(idx, s as i64);
        let a = self.addr(self.slots[slot::OUT_SCORES], idx, 8);
        self.b.ins().store(flags(), v, a, 0);
        self.scores.push(v);
    }

    /// `f64::clamp`: below `lo` → `lo`, then above `hi` → `hi`.
    pub fn clamp(&mut self, x: Value, lo: f64, hi: f64) -> Value {
        let (l, h) = (self.fconst(lo), self.fconst(hi));
        let below = self.b.ins().fcmp(FloatCC::LessThan, x, l);
        let x = self.b.ins().select(below, l, x);
        let above = self.b.ins().fcmp(FloatCC::GreaterThan, x, h);
        self.b.ins().select(above, h, x)
    }

    pub fn is_finite(&mut self, x: Value) -> Value {
        let abs = self.b.ins().fabs(x);
        let inf = self.fconst(f64::INFINITY);
        self.b.ins().fcmp(FloatCC::LessThan, abs, inf)
    }

    fn finite_or_zero(&mut self, x: Value) -> Value {
        let ok = self.is_finite(x);
        let zero = self.fconst(0.0);
        self.b.ins().select(ok, x, zero)
    }

    /// A rule's contribution, as `eval::rule_value` computes it.
    fn rule_value(&mut self, r: usize, rule: &crate::ir::Rule) -> Value {
        let raw = match rule.trigger {
            Trigger::When(c) => {
                let fired = self.cond(c, None);
                let (valid, x) = self.num(rule.points, None);
                let both = self.b.ins().band(fired, valid);
                let zero = self.fconst(0.0);
                self.b.ins().select(both, x, zero)
            }
            Trigger::Each(_) => match self.each[r] {
                Some(v) => self.b.use_var(v),
                None => self.fconst(0.0),
            },
            Trigger::Any(pid) => self.any_points(r, pid),
        };
        let raw = self.finite_or_zero(raw);
        let sign = self.fconst(rule.sign);
        let signed = self.b.ins().fmul(sign, raw);
        match rule.cap {
            Some(c) => self.clamp(signed, -c, c),
            None => signed,
        }
    }

    /// Points of the newest match of an `any` rule, or 0 when none matched.
    fn any_points(&mut self, r: usize, pid: PatternId) -> Value {
        let Some(newest) = self.acc[pid as usize].newest else {
            return self.fconst(0.0);
        };
        let idx = self.b.use_var(newest);
        let (some, join) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(join, types::F64);
        let zero = self.fconst(0.0);
        let fired = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, idx, 0);
        self.b.ins().brif(fired, some, &[], join, &[zero.into()]);
        self.b.switch_to_block(some);
        let at = self.load_i64(slot::EV_AT, idx);
        let kind = self.p.patterns[pid as usize].event;
        let v = self.event_points(r, Ev { e: idx, kind }, at);
        self.b.ins().jump(join, &[v.into()]);
        self.b.switch_to_block(join);
        out
    }

    /// Tier index per tier set: the first inclusive upper bound that holds, else the last.
    fn tier_sets(&mut self) {
        let sets = self.p.tier_sets.clone();
        for (t, set) in sets.iter().enumerate() {
            let v = self.scores[set.score as usize];
            let mut tier = self.iconst(set.names.len().saturating_sub(1) as i64);
            for (k, u) in set.uppers.iter().enumerate().rev() {
                let bound = self.fconst(*u);
                let within = self.b.ins().fcmp(FloatCC::LessThanOrEqual, v, bound);
                let k = self.iconst(k as i64);
                tier = self.b.ins().select(within, k, tier);
            }
            let idx = self.b.ins().imul_imm_s(self.lead, sets.len() as i64);
            let idx = self.b.ins().iadd_imm_s(idx, t as i64);
            let a = self.addr(self.slots[slot::OUT_TIERS], idx, 4);
            self.b.ins().istore32(flags(), tier, a, 0);
            self.tiers.push(tier);
        }
    }

    /// One bit per route line whose guard matched; `otherwise` sees the queue so far.
    fn routes(&mut self) {
        let lines = self.p.routes.clone();
        let mut mask = self.iconst(0);
        let mut queued = self.bconst(false);
        for (i, line) in lines.iter().enumerate() {
            let matched = match &line.guard {
                Guard::When(c) => self.cond(*c, None),
                Guard::Sample { fraction, cond } => {
                    let draw = self.load_f64(slot::SAMPLE, self.lead);
                    let f = self.fconst(*fraction);
                    let picked = self.b.ins().fcmp(FloatCC::LessThan, draw, f);
                    match cond {
                        Some(c) => {
                            let c = self.cond(*c, None);
                            self.b.ins().band(c, picked)
                        }
                        None => picked,
                    }
                }
                Guard::Otherwise => self.b.ins().icmp_imm_s(IntCC::Equal, queued, 0),
            };
            let bit = self.b.ins().uextend(types::I64, matched);
            let bit = self.b.ins().ishl_imm_u(bit, i as i64);
            mask = self.b.ins().bor(mask, bit);
            let queues = line
                .actions
                .iter()
                .any(|(k, _)| matches!(k, ActionKind::Assign | ActionKind::Nurture));
            if queues {
                queued = self.b.ins().bor(queued, matched);
            }
        }
        let a = self.addr(self.slots[slot::OUT_ROUTES], self.lead, 8);
        self.b.ins().store(flags(), mask, a, 0);
    }

    pub fn load_f64(&mut self, slot_no: usize, idx: Value) -> Value {
        let a = self.addr(self.slots[slot_no], idx, 8);
        self.b.ins().load(types::F64, flags(), a, 0)
    }
}
