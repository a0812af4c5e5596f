//! What the generated code needs from a batch, decided once per rubric: which columns it
//! reads, which accumulators each event pattern keeps, which text tests become lookup
//! tables, and where each of those lives in the slot array passed at run time.

use crate::eval::Env;
use crate::ir::{Expr, ExprId, PatternId, Program, Ref, Trigger};
use std::collections::BTreeMap;

/// Fixed slots; per-rubric slots follow from [`FIRST_DYNAMIC`].
pub mod slot {
    /// `u64` event offsets per lead.
    pub const OFFSETS: usize = 0;
    /// `i64` event times.
    pub const EV_AT: usize = 1;
    /// `u32` event types.
    pub const EV_KIND: usize = 2;
    /// `u32` row of each event in its type's columns.
    pub const EV_ROW: usize = 3;
    /// The as-of time (a value, not a pointer).
    pub const AS_OF: usize = 4;
    /// `f64` sample draw per lead (null when the rubric does not sample).
    pub const SAMPLE: usize = 5;
    /// `f64` scores out, `leads × scores`.
    pub const OUT_SCORES: usize = 6;
    /// `u32` tiers out, `leads × tier sets`.
    pub const OUT_TIERS: usize = 7;
    /// `u64` matched route lines out, one word per lead.
    pub const OUT_ROUTES: usize = 8;
    /// `f64` rule contributions out, `leads × rules`.
    pub const OUT_CONTRIB: usize = 9;
    /// First per-rubric slot.
    pub const FIRST_DYNAMIC: usize = 10;
}

/// A text test decided per distinct value: `table[id]` is the result for dictionary
/// entry `id`; `missing` is the result when the value is missing.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The condition node.
    pub expr: ExprId,
    /// The text column it reads.
    pub column: Column,
    /// Result for a missing value.
    pub missing: bool,
    /// Slot of the table pointer.
    pub slot: usize,
}

/// Text equality between two varying texts: each side's distinct values are mapped to
/// ids in one shared dictionary (`u32::MAX`: the side is missing), so equal texts get
/// equal ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The two sides: text expression, the column it reads, slot of its `u32` id map.
    pub sides: [(ExprId, Column, usize); 2],
    /// `!=` rather than `==`.
    pub negated: bool,
}

/// A column of the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// Lead field slot.
    Lead(u32),
    /// Event type and attribute slot.
    Attr(u32, u32),
}

/// Accumulators one pattern keeps while a lead's events are walked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Needs {
    /// Number of matches.
    pub count: bool,
    /// Attribute slots summed over matches.
    pub sums: Vec<u32>,
    /// Newest match (for `any`, `last`, presence).
    pub newest: bool,
    /// Oldest match.
    pub oldest: bool,
    /// Global indices of `each` rules over this pattern.
    pub each: Vec<usize>,
}

impl Needs {
    /// Does the pattern keep any accumulator (else the event walk skips it)?
    pub fn is_used(&self) -> bool {
        self.count || !self.sums.is_empty() || self.newest || self.oldest || !self.each.is_empty()
    }
}

/// The plan of one rubric.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Every column read, with the slot of its data (validity at `slot + 1`).
    pub columns: BTreeMap<Column, usize>,
    /// Text tests, by (node, event type the node is evaluated for).
    pub tables: BTreeMap<(ExprId, Option<u32>), Table>,
    /// Text equalities between two varying texts, by (node, event type).
    pub pairs: BTreeMap<(ExprId, Option<u32>), Pair>,
    /// Slot of `as_of − within` per windowed pattern.
    pub windows: BTreeMap<PatternId, usize>,
    /// Per pattern.
    pub needs: Vec<Needs>,
    /// Number of slots.
    pub slots: usize,
}

/// Why a rubric cannot be compiled; the scorer then uses the interpreter.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsupported(pub String);

impl Plan {
    /// Plans a program, or says what the JIT does not handle.
    pub fn new(p: &Program) -> Result<Plan, Unsupported> {
        if p.routes.len() > 64 {
            return Err(Unsupported(format!(
                "{} route lines (the compiled engine handles up to 64)",
                p.routes.len()
            )));
        }
        let mut plan = Plan {
            needs: vec![Needs::default(); p.patterns.len()],
            slots: slot::FIRST_DYNAMIC,
            ..Plan::default()
        };
        for (r, (_, rule)) in p.rules().enumerate() {
            match rule.trigger {
                Trigger::Each(pid) => plan.needs[pid as usize].each.push(r),
                Trigger::Any(pid) => plan.needs[pid as usize].newest = true,
                Trigger::When(_) => {}
            }
        }
        for e in &p.exprs {
            match *e {
                Expr::Count(pid) => plan.needs[pid as usize].count = true,
                Expr::Sum { pattern, attr } => {
                    let Some(kind) = p.patterns[pattern as usize].event else {
                        return Err(Unsupported("a sum over events of any type".into()));
                    };
                    plan.column(Column::Attr(kind, attr));
                    let sums = &mut plan.needs[pattern as usize].sums;
                    if !sums.contains(&attr) {
                        sums.push(attr);
                    }
                }
                Expr::DaysSinceEvent { pattern, last } => {
                    let n = &mut plan.needs[pattern as usize];
                    if last {
                        n.newest = true;
                    } else {
                        n.oldest = true;
                    }
                }
                Expr::Any(pid) | Expr::None(pid) => plan.needs[pid as usize].newest = true,
                _ => {}
            }
        }
        for (pid, pat) in p.patterns.iter().enumerate() {
            if pat.within.is_some() {
                let s = plan.take_slots(1);
                plan.windows.insert(pid as PatternId, s);
            }
        }
        plan.scan(p)?;
        Ok(plan)
    }

    fn take_slots(&mut self, n: usize) -> usize {
        let s = self.slots;
        self.slots += n;
        s
    }

    fn column(&mut self, c: Column) -> usize {
        if let Some(s) = self.columns.get(&c) {
            return *s;
        }
        let s = self.take_slots(2);
        self.columns.insert(c, s);
        s
    }

    /// Walks every expression in the context it is evaluated in (lead, or an event of a
    /// known type), assigning column and table slots.
    fn scan(&mut self, p: &Program) -> Result<(), Unsupported> {
        for (_, rule) in p.rules() {
            match rule.trigger {
                Trigger::When(c) => {
                    self.expr(p, c, None)?;
                    self.expr(p, rule.points, None)?;
                }
                Trigger::Each(pid) | Trigger::Any(pid) => {
                    self.expr(p, rule.points, Some(p.patterns[pid as usize].event))?;
                }
            }
        }
        for pat in &p.patterns {
            if let Some(f) = pat.filter {
                self.expr(p, f, Some(pat.event))?;
            }
            if let Some(fol) = &pat.followed {
                if let Some(f) = fol.filter {
                    self.expr(p, f, Some(fol.event))?;
                }
            }
        }
        for s in &p.scores {
            if let crate::ir::ScoreKind::Derived(e) = s.kind {
                self.expr(p, e, None)?;
            }
        }
        for line in &p.routes {
            match &line.guard {
                crate::ir::Guard::When(c) | crate::ir::Guard::Sample { cond: Some(c), .. } => {
                    self.expr(p, *c, None)?
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `ev`: `None` at lead level; `Some(kind)` inside an event of that type (`Some(None)`:
    /// any type, where attributes cannot be read).
    fn expr(
        &mut self,
        p: &Program,
        id: ExprId,
        ev: Option<Option<u32>>,
    ) -> Result<(), Unsupported> {
        let kind = ev.flatten();
        if let Some(text_node) = text_test(p.expr(id)) {
            let refs = text_refs(p, text_node);
            return match refs.as_slice() {
                [] => Ok(()),
                [r] => {
                    let column = self.ref_column(*r, ev)?;
                    let missing = decide(p, id, kind, None);
                    let slot = self.take_slots(1);
                    let t = Table {
                        expr: id,
                        column,
                        missing,
                        slot,
                    };
                    self.tables.insert((id, kind), t);
                    Ok(())
                }
                _ => self.pair(p, id, ev),
            };
        }
        let refs = match p.expr(id) {
            Expr::CmpTs(_, a, b) => vec![*a, *b],
            e => direct_ref(e).into_iter().collect(),
        };
        for r in refs {
            if r != Ref::EventAt {
                self.ref_column(r, ev)?;
            }
        }
        for child in children(p.expr(id)) {
            self.expr(p, child, ev)?;
        }
        Ok(())
    }

    fn pair(
        &mut self,
        p: &Program,
        id: ExprId,
        ev: Option<Option<u32>>,
    ) -> Result<(), Unsupported> {
        let Expr::StrEq { a, b, negated } = *p.expr(id) else {
            return Err(Unsupported(format!(
                "`{}` tests two varying texts",
                p.text(id)
            )));
        };
        let mut sides = Vec::new();
        for side in [a, b] {
            let [r] = text_refs(p, vec![side])[..] else {
                return Err(Unsupported(format!(
                    "`{}` tests two varying texts",
                    p.text(id)
                )));
            };
            let column = self.ref_column(r, ev)?;
            sides.push((side, column, self.take_slots(1)));
        }
        let pair = Pair {
            sides: [sides[0], sides[1]],
            negated,
        };
        self.pairs.insert((id, ev.flatten()), pair);
        Ok(())
    }

    fn ref_column(&mut self, r: Ref, ev: Option<Option<u32>>) -> Result<Column, Unsupported> {
        let c = match (r, ev) {
            (Ref::Lead(s), _) => Column::Lead(s),
            (Ref::Event(s), Some(Some(k))) => Column::Attr(k, s),
            _ => {
                return Err(Unsupported(
                    "an event attribute read outside a typed event".into(),
                ))
            }
        };
        self.column(c);
        Ok(c)
    }
}

/// The text operands of a condition decided by table, if the node is one.
fn text_test(e: &Expr) -> Option<Vec<ExprId>> {
    match e {
        Expr::StrEq { a, b, .. } => Some(vec![*a, *b]),
        Expr::StrIn(x, _) | Expr::StrTest(_, x, _) => Some(vec![*x]),
        _ => None,
    }
}

/// Distinct refs read by text nodes.
fn text_refs(p: &Program, roots: Vec<ExprId>) -> Vec<Ref> {
    let mut out = Vec::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        match p.expr(id) {
            Expr::StrLoad(r) if !out.contains(r) => out.push(*r),
            Expr::Lower(x) => stack.push(*x),
            _ => {}
        }
    }
    out
}

/// The ref a load node reads directly.
pub fn direct_ref(e: &Expr) -> Option<Ref> {
    match e {
        Expr::NumLoad(r)
        | Expr::DaysSince(r)
        | Expr::StrLoad(r)
        | Expr::BoolLoad(r)
        | Expr::EnumIn(r, _)
        | Expr::Present(r) => Some(*r),
        _ => None,
    }
}

/// Sub-expressions evaluated in the same context.
pub fn children(e: &Expr) -> Vec<ExprId> {
    match e {
        Expr::Neg(a) | Expr::Lower(a) | Expr::Not(a) | Expr::IsMissing(a) => vec![*a],
        Expr::InRange(a, ..) | Expr::StrIn(a, _) | Expr::StrTest(_, a, _) => vec![*a],
        Expr::Arith(_, a, b) | Expr::CmpNum(_, a, b) => vec![*a, *b],
        Expr::StrEq { a, b, .. } => vec![*a, *b],
        Expr::And(v) | Expr::Or(v) => v.clone(),
        _ => vec![],
    }
}

/// The interpreter's verdict on a text test for one value of its column (`None`:
/// missing). Tables are filled by this, so both engines agree by construction.
pub fn decide(p: &Program, id: ExprId, kind: Option<u32>, value: Option<(Column, &str)>) -> bool {
    with_value(p, kind, value, |env| env.cond(id))
}

/// The interpreter's value of a text expression for one value of its column.
pub fn text_of(
    p: &Program,
    id: ExprId,
    kind: Option<u32>,
    value: (Column, &str),
) -> Option<String> {
    with_value(p, kind, Some(value), |env| {
        env.text(id).map(|t| t.into_owned())
    })
}

/// Runs `f` on an environment where only `value`'s column holds a value.
fn with_value<T>(
    p: &Program,
    kind: Option<u32>,
    value: Option<(Column, &str)>,
    f: impl FnOnce(&Env) -> T,
) -> T {
    use crate::data::{Event, Lead, Value};
    let mut lead = Lead {
        values: vec![Value::Missing; p.schema.fields.len()],
        key: String::new(),
        line: 0,
    };
    let mut event = kind.map(|k| Event {
        kind: k,
        at: 0,
        attrs: vec![Value::Missing; p.schema.events[k as usize].attrs.len()],
    });
    match value {
        Some((Column::Lead(s), text)) => lead.values[s as usize] = Value::Str(text.to_string()),
        Some((Column::Attr(_, s), text)) => {
            if let Some(ev) = event.as_mut() {
                ev.attrs[s as usize] = Value::Str(text.to_string());
            }
        }
        None => {}
    }
    let env = Env {
        p,
        lead: &lead,
        events: &[],
        as_of: 0,
        event: event.as_ref(),
        scores: &[],
        tiers: &[],
    };
    f(&env)
}
