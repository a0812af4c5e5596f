//! Expressions as native code. A numeric node becomes `(valid: i8, value: f64)`, a
//! condition an `i8` 0/1. Conditions are pure, so `and`/`or` evaluate every part without
//! branching; the interpreter's short-circuit gives the same answer. Text never reaches
//! native code: each text test reads a per-value table filled by the interpreter.

use super::gen::{flags, Ev, Gen};
use super::plan::{slot, Column};
use crate::eval::is_text as expr_is_text;
use crate::ir::{Expr, ExprId, Ref};
use crate::syntax::ast::{ArithOp, CmpOp};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder, Value};

const DAY: f64 = 86_400.0;

impl Gen<'_, '_> {
    /// A numeric node: (valid, value); the value is meaningless when not valid.
    pub fn num(&mut self, id: ExprId, ev: Option<Ev>) -> (Value, Value) {
        let one = self.bconst(true);
        match self.p.expr(id).clone() {
            Expr::Num(v) => (one, self.fconst(v)),
            Expr::NumLoad(r) => self.ref_num(r, ev),
            Expr::DaysSince(r) => {
                let (valid, t) = self.ref_ts(r, ev);
                (valid, self.days_since(t))
            }
            Expr::DaysSinceEvent { pattern, last } => {
                let acc = &self.acc[pattern as usize];
                let Some(var) = (if last { acc.newest } else { acc.oldest }) else {
                    return (self.bconst(false), self.fconst(0.0));
                };
                let idx = self.b.use_var(var);
                let valid = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, idx, 0);
                // Index 0 always exists (binding guarantees it); its value is unused then.
                let zero = self.iconst(0);
                let safe = self.b.ins().select(valid, idx, zero);
                let t = self.load_i64(slot::EV_AT, safe);
                (valid, self.days_since(t))
            }
            Expr::Count(pid) => match self.acc[pid as usize].count {
                Some(var) => {
                    let c = self.b.use_var(var);
                    (one, self.b.ins().fcvt_from_sint(types::F64, c))
                }
                None => (one, self.fconst(0.0)),
            },
            Expr::Sum { pattern, attr } => {
                let var = self.acc[pattern as usize]
                    .sums
                    .iter()
                    .find(|(a, _)| *a == attr)
                    .map(|(_, v)| *v);
                let Some(var) = var else {
                    return (one, self.fconst(0.0));
                };
                let total = self.b.use_var(var);
                (self.is_finite(total), total)
            }
            Expr::Neg(a) => {
                let (valid, x) = self.num(a, ev);
                (valid, self.b.ins().fneg(x))
            }
            Expr::Arith(op, a, b) => self.arith(op, a, b, ev),
            Expr::Score(s) => match self.scores.get(s as usize) {
                Some(v) => (one, *v),
                None => (self.bconst(false), self.fconst(0.0)),
            },
            _ => (self.bconst(false), self.fconst(0.0)),
        }
    }

    fn arith(&mut self, op: ArithOp, a: ExprId, b: ExprId, ev: Option<Ev>) -> (Value, Value) {
        let (va, x) = self.num(a, ev);
        let (vb, y) = self.num(b, ev);
        let r = match op {
            ArithOp::Add => self.b.ins().fadd(x, y),
            ArithOp::Sub => self.b.ins().fsub(x, y),
            ArithOp::Mul => self.b.ins().fmul(x, y),
            ArithOp::Div => self.b.ins().fdiv(x, y),
        };
        let mut valid = self.b.ins().band(va, vb);
        let fin = self.is_finite(r);
        valid = self.b.ins().band(valid, fin);
        if op == ArithOp::Div {
            let zero = self.fconst(0.0);
            let nonzero = self.b.ins().fcmp(FloatCC::NotEqual, y, zero);
            valid = self.b.ins().band(valid, nonzero);
        }
        (valid, r)
    }

    /// `(as_of − t) / 86400`, as the interpreter computes it; timestamps are bounded
    /// (binding checks), so the subtraction cannot overflow.
    fn days_since(&mut self, t: Value) -> Value {
        let secs = self.b.ins().isub(self.slots[slot::AS_OF], t);
        let secs = self.b.ins().fcvt_from_sint(types::F64, secs);
        let day = self.fconst(DAY);
        self.b.ins().fdiv(secs, day)
    }

    /// A condition node: 0 or 1.
    pub fn cond(&mut self, id: ExprId, ev: Option<Ev>) -> Value {
        match self.p.expr(id).clone() {
            Expr::Bool(b) => self.bconst(b),
            Expr::BoolLoad(r) => {
                let (valid, raw) = self.ref_raw(r, ev, 1);
                let set = self.b.ins().icmp_imm_s(IntCC::NotEqual, raw, 0);
                self.b.ins().band(valid, set)
            }
            Expr::CmpNum(op, a, b) => {
                let (va, x) = self.num(a, ev);
                let (vb, y) = self.num(b, ev);
                let c = self.b.ins().fcmp(float_cc(op), x, y);
                let both = self.b.ins().band(va, vb);
                self.b.ins().band(both, c)
            }
            Expr::CmpTs(op, a, b) => {
                let (va, x) = self.ref_ts(a, ev);
                let (vb, y) = self.ref_ts(b, ev);
                let c = self.b.ins().icmp(int_cc(op), x, y);
                let both = self.b.ins().band(va, vb);
                self.b.ins().band(both, c)
            }
            Expr::EnumIn(r, variants) => {
                let (valid, v) = self.ref_raw(r, ev, 4);
                let mut any = self.bconst(false);
                for k in variants {
                    let is = self.b.ins().icmp_imm_s(IntCC::Equal, v, i64::from(k));
                    any = self.b.ins().bor(any, is);
                }
                self.b.ins().band(valid, any)
            }
            Expr::TierIn(set, tiers) => match self.tiers.get(set as usize).copied() {
                Some(t) => {
                    let mut any = self.bconst(false);
                    for k in tiers {
                        let is = self.b.ins().icmp_imm_s(IntCC::Equal, t, i64::from(k));
                        any = self.b.ins().bor(any, is);
                    }
                    any
                }
                None => self.bconst(false),
            },
            Expr::InRange(e, lo, hi) => {
                let (valid, x) = self.num(e, ev);
                let (l, h) = (self.fconst(lo), self.fconst(hi));
                let above = self.b.ins().fcmp(FloatCC::LessThanOrEqual, l, x);
                let below = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, h);
                let inside = self.b.ins().band(above, below);
                self.b.ins().band(valid, inside)
            }
            Expr::StrEq { .. } | Expr::StrIn(..) | Expr::StrTest(..) => self.text_test(id, ev),
            Expr::IsMissing(e) => {
                let valid = if expr_is_text(self.p.expr(e)) {
                    self.text_present(e, ev)
                } else {
                    self.num(e, ev).0
                };
                self.b.ins().icmp_imm_s(IntCC::Equal, valid, 0)
            }
            Expr::Present(r) => self.ref_valid(r, ev),
            Expr::And(parts) => self.fold(&parts, ev, true),
            Expr::Or(parts) => self.fold(&parts, ev, false),
            Expr::Not(a) => {
                let c = self.cond(a, ev);
                self.b.ins().icmp_imm_s(IntCC::Equal, c, 0)
            }
            Expr::Any(pid) | Expr::None(pid) => {
                let any = match self.acc[pid as usize].newest {
                    Some(var) => {
                        let idx = self.b.use_var(var);
                        self.b
                            .ins()
                            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, idx, 0)
                    }
                    None => self.bconst(false),
                };
                if matches!(self.p.expr(id), Expr::None(_)) {
                    self.b.ins().icmp_imm_s(IntCC::Equal, any, 0)
                } else {
                    any
                }
            }
            _ => self.bconst(false),
        }
    }

    fn fold(&mut self, parts: &[ExprId], ev: Option<Ev>, all: bool) -> Value {
        let mut acc = self.bconst(all);
        for &p in parts {
            let c = self.cond(p, ev);
            acc = if all {
                self.b.ins().band(acc, c)
            } else {
                self.b.ins().bor(acc, c)
            };
        }
        acc
    }

    /// A text test: a table lookup by dictionary id, or a constant when no column is read.
    fn text_test(&mut self, id: ExprId, ev: Option<Ev>) -> Value {
        let kind = ev.and_then(|e| e.kind);
        if let Some(pair) = self.plan.pairs.get(&(id, kind)).cloned() {
            return self.text_pair(&pair, ev);
        }
        let Some(t) = self.plan.tables.get(&(id, kind)).cloned() else {
            let v = super::plan::decide(self.p, id, kind, None);
            return self.bconst(v);
        };
        let r = match t.column {
            Column::Lead(s) => Ref::Lead(s),
            Column::Attr(_, s) => Ref::Event(s),
        };
        let (valid, dict_id) = self.ref_raw(r, ev, 4);
        let a = self.b.ins().iadd(self.slots[t.slot], dict_id);
        let hit = self.b.ins().load(types::I8, flags(), a, 0);
        let missing = self.bconst(t.missing);
        self.b.ins().select(valid, hit, missing)
    }

    /// Two varying texts compared through their ids in one shared dictionary.
    fn text_pair(&mut self, pair: &super::plan::Pair, ev: Option<Ev>) -> Value {
        let mut ok = self.bconst(true);
        let mut ids = Vec::new();
        for (_, c, s) in pair.sides {
            let r = match c {
                Column::Lead(s) => Ref::Lead(s),
                Column::Attr(_, s) => Ref::Event(s),
            };
            let (valid, dict_id) = self.ref_raw(r, ev, 4);
            let a = self.addr(self.slots[s], dict_id, 4);
            let id = self.b.ins().uload32(flags(), a, 0);
            let present = self
                .b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, id, i64::from(u32::MAX));
            ok = self.b.ins().band(ok, valid);
            ok = self.b.ins().band(ok, present);
            ids.push(id);
        }
        let cc = if pair.negated {
            IntCC::NotEqual
        } else {
            IntCC::Equal
        };
        let same = self.b.ins().icmp(cc, ids[0], ids[1]);
        self.b.ins().band(ok, same)
    }

    /// Is a text node present? Constants are; `lower(x)` is when `x` is.
    fn text_present(&mut self, id: ExprId, ev: Option<Ev>) -> Value {
        match self.p.expr(id).clone() {
            Expr::StrLoad(r) => self.ref_valid(r, ev),
            Expr::Lower(x) => self.text_present(x, ev),
            _ => self.bconst(true),
        }
    }

    /// Column slot and row index of a ref in context.
    fn locate(&mut self, r: Ref, ev: Option<Ev>) -> Option<(usize, Value)> {
        match (r, ev) {
            (Ref::Lead(s), _) => Some((self.plan.columns[&Column::Lead(s)], self.lead)),
            (Ref::Event(s), Some(Ev { e, kind: Some(k) })) => {
                let col = self.plan.columns[&Column::Attr(k, s)];
                let row = self.load_u32(slot::EV_ROW, e);
                Some((col, row))
            }
            _ => None,
        }
    }

    fn bit(&mut self, col: usize, row: Value) -> Value {
        let byte_idx = self.b.ins().ushr_imm_u(row, 3);
        let a = self.b.ins().iadd(self.slots[col + 1], byte_idx);
        let byte = self.b.ins().uload8(types::I64, flags(), a, 0);
        let shift = self.b.ins().band_imm_u(row, 7);
        let bit = self.b.ins().ushr(byte, shift);
        let bit = self.b.ins().band_imm_u(bit, 1);
        self.b.ins().ireduce(types::I8, bit)
    }

    fn ref_valid(&mut self, r: Ref, ev: Option<Ev>) -> Value {
        if r == Ref::EventAt {
            return self.bconst(ev.is_some());
        }
        match self.locate(r, ev) {
            Some((col, row)) => self.bit(col, row),
            None => self.bconst(false),
        }
    }

    /// (valid, raw integer payload) of a 1-byte (bool) or 4-byte (enum, text id) column.
    fn ref_raw(&mut self, r: Ref, ev: Option<Ev>, size: i64) -> (Value, Value) {
        let Some((col, row)) = self.locate(r, ev) else {
            return (self.bconst(false), self.iconst(0));
        };
        let valid = self.bit(col, row);
        let a = self.addr(self.slots[col], row, size);
        let v = if size == 1 {
            self.b.ins().uload8(types::I64, flags(), a, 0)
        } else {
            self.b.ins().uload32(flags(), a, 0)
        };
        (valid, v)
    }

    fn ref_num(&mut self, r: Ref, ev: Option<Ev>) -> (Value, Value) {
        let Some((col, row)) = self.locate(r, ev) else {
            return (self.bconst(false), self.fconst(0.0));
        };
        let valid = self.bit(col, row);
        (valid, self.load_f64(col, row))
    }

    fn ref_ts(&mut self, r: Ref, ev: Option<Ev>) -> (Value, Value) {
        if r == Ref::EventAt {
            return match ev {
                Some(Ev { e, .. }) => (self.bconst(true), self.load_i64(slot::EV_AT, e)),
                None => (self.bconst(false), self.iconst(0)),
            };
        }
        let Some((col, row)) = self.locate(r, ev) else {
            return (self.bconst(false), self.iconst(0));
        };
        let valid = self.bit(col, row);
        (valid, self.load_i64(col, row))
    }

    /// `attr` of event `e` of type `kind`, as a number.
    pub fn attr_num(&mut self, kind: u32, attr: u32, e: Value) -> (Value, Value) {
        self.ref_num(
            Ref::Event(attr),
            Some(Ev {
                e,
                kind: Some(kind),
            }),
        )
    }
}

fn float_cc(op: CmpOp) -> FloatCC {
    match op {
        CmpOp::Eq => FloatCC::Equal,
        CmpOp::Ne => FloatCC::OrderedNotEqual,
        CmpOp::Lt => FloatCC::LessThan,
        CmpOp::Le => FloatCC::LessThanOrEqual,
        CmpOp::Gt => FloatCC::GreaterThan,
        CmpOp::Ge => FloatCC::GreaterThanOrEqual,
    }
}

fn int_cc(op: CmpOp) -> IntCC {
    match op {
        CmpOp::Eq => IntCC::Equal,
        CmpOp::Ne => IntCC::NotEqual,
        CmpOp::Lt => IntCC::SignedLessThan,
        CmpOp::Le => IntCC::SignedLessThanOrEqual,
        CmpOp::Gt => IntCC::SignedGreaterThan,
        CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
    }
}
