//! Binding a batch to compiled code: every length and id the generated code relies on is
//! checked here, once, so the code itself needs no bounds checks; text tests become
//! per-value tables; the slot array is laid out.

use super::plan::{decide, slot, text_of, Column, Unsupported};
use super::Jit;
use crate::batch::{Batch, Column as Col, ColumnData};
use crate::eval::sample_unit;
use crate::ir::{Guard, Program};
use crate::schema::Type;
use rayon::prelude::*;

/// Timestamps the code handles: ±400 billion seconds (about ±12,700 years) keeps every
/// difference it takes far from overflow. The loaders cannot produce anything outside.
pub const MAX_TS: i64 = 400_000_000_000;

/// Index 0 of the event arrays is read when a lead has no matching event (and the value
/// is then ignored); an empty batch points here instead.
static EMPTY: [u64; 1] = [0];

/// A batch checked and laid out for one compiled rubric and as-of time.
pub struct Bound<'a> {
    jit: &'a Jit,
    batch: &'a Batch,
    shape: Shape,
    slots: Vec<u64>,
    /// Owned storage the slots point into.
    _tables: Vec<Vec<u8>>,
    _maps: Vec<Vec<u32>>,
    _sample: Vec<f64>,
}

/// Output sizes per lead.
#[derive(Clone, Copy)]
struct Shape {
    scores: usize,
    tiers: usize,
    rules: usize,
}

/// Output arrays, lead-major: lead `i`'s scores are `scores[i * n_scores..]`, etc.
pub struct Outputs<'o> {
    /// `leads × scores`.
    pub scores: &'o mut [f64],
    /// `leads × tier sets`.
    pub tiers: &'o mut [u32],
    /// One word per lead: bit `k` set when route line `k` matched.
    pub routes: &'o mut [u64],
    /// `leads × rules`.
    pub contributions: &'o mut [f64],
}

fn bad(msg: impl Into<String>) -> Unsupported {
    Unsupported(msg.into())
}

impl Jit {
    /// Checks `batch` against what the code reads and prepares a run at `as_of`.
    pub fn bind<'a>(
        &'a self,
        p: &Program,
        batch: &'a Batch,
        as_of: i64,
    ) -> Result<Bound<'a>, Unsupported> {
        let plan = &self.plan;
        check_events(batch, p)?;
        if as_of.abs() > MAX_TS {
            return Err(bad(
                "the as-of time is too far from today for the compiled engine",
            ));
        }
        let mut slots = vec![0u64; plan.slots];
        slots[slot::OFFSETS] = batch.offsets.as_ptr() as u64;
        slots[slot::EV_AT] = event_array(&batch.ev_at);
        slots[slot::EV_KIND] = event_array(&batch.ev_kind);
        slots[slot::EV_ROW] = event_array(&batch.ev_row);
        slots[slot::AS_OF] = as_of as u64;
        for (&c, &s) in &plan.columns {
            let col = column(p, batch, c)?;
            slots[s] = data_ptr(col);
            slots[s + 1] = col.valid.bytes.as_ptr() as u64;
        }
        let mut tables = Vec::new();
        let mut maps: Vec<Vec<u32>> = Vec::new();
        for ((expr, kind), t) in &plan.tables {
            let table = build_table(p, batch, *expr, *kind, t.column)?;
            slots[t.slot] = table.as_ptr() as u64;
            tables.push(table);
        }
        for ((_, kind), pair) in &plan.pairs {
            let mut shared = crate::batch::Dict::default();
            for (side, c, s) in pair.sides {
                let map = build_id_map(p, batch, side, *kind, c, &mut shared)?;
                slots[s] = map.as_ptr() as u64;
                maps.push(map);
            }
        }
        for (&pid, &s) in &plan.windows {
            let w = p.patterns[pid as usize].within.unwrap_or(0);
            slots[s] = as_of.saturating_sub(w) as u64;
        }
        let sampled = p
            .routes
            .iter()
            .any(|r| matches!(r.guard, Guard::Sample { .. }));
        let sample: Vec<f64> = if sampled {
            (0..batch.len())
                .map(|i| sample_unit(&p.name, batch.key(i)))
                .collect()
        } else {
            vec![0.0]
        };
        slots[slot::SAMPLE] = sample.as_ptr() as u64;
        let shape = Shape {
            scores: p.scores.len(),
            tiers: p.tier_sets.len(),
            rules: p.rules().count(),
        };
        Ok(Bound {
            jit: self,
            batch,
            shape,
            slots,
            _tables: tables,
            _maps: maps,
            _sample: sample,
        })
    }
}

impl Bound<'_> {
    /// Scores every lead into `out`, `chunk` leads per task on the current rayon pool;
    /// `progress` hears how many leads each finished task scored.
    pub fn run(&self, out: Outputs<'_>, chunk: usize, progress: &(dyn Fn(usize) + Sync)) {
        let n = self.batch.len();
        let s = self.shape;
        assert!(
            out.scores.len() == n * s.scores
                && out.tiers.len() == n * s.tiers
                && out.routes.len() == n
                && out.contributions.len() == n * s.rules,
            "output arrays do not match the batch"
        );
        let mut slots = self.slots.clone();
        slots[slot::OUT_SCORES] = out.scores.as_mut_ptr() as u64;
        slots[slot::OUT_TIERS] = out.tiers.as_mut_ptr() as u64;
        slots[slot::OUT_ROUTES] = out.routes.as_mut_ptr() as u64;
        slots[slot::OUT_CONTRIB] = out.contributions.as_mut_ptr() as u64;
        let chunk = chunk.max(1);
        let func = self.jit.func;
        let slots = &slots;
        (0..n.div_ceil(chunk)).into_par_iter().for_each(|c| {
            let (lo, hi) = (c * chunk, ((c + 1) * chunk).min(n));
            // SAFETY: `bind` checked every array the code reads against the batch (event
            // offsets, kinds, rows, column lengths, dictionary ids, timestamp range), and
            // the batch is borrowed for as long as `self` lives, so it cannot change. The
            // output arrays were checked above to hold `n` leads; tasks get disjoint lead
            // ranges, so no two threads write the same element, and the `&mut` borrows in
            // `out` keep Rust code away from them until every task has finished.
            unsafe { func(slots.as_ptr(), lo as i64, hi as i64) };
            progress(hi - lo);
        });
    }
}

/// An event array's address, or [`EMPTY`]'s when it has no element 0 to read.
fn event_array<T>(v: &[T]) -> u64 {
    if v.is_empty() {
        EMPTY.as_ptr() as u64
    } else {
        v.as_ptr() as u64
    }
}

/// Offsets rise from 0 to the event count; the event arrays agree in length; every event
/// type exists and every row is within its type's columns; every time is in range.
fn check_events(b: &Batch, p: &Program) -> Result<(), Unsupported> {
    let m = b.ev_at.len();
    let ok = b.offsets.first() == Some(&0)
        && b.offsets.last() == Some(&(m as u64))
        && b.offsets.windows(2).all(|w| w[0] <= w[1])
        && b.ev_kind.len() == m
        && b.ev_row.len() == m
        && b.attrs.len() == p.schema.events.len();
    if !ok {
        return Err(bad("the batch's event arrays are inconsistent"));
    }
    let rows: Vec<usize> = b
        .attrs
        .iter()
        .map(|cols| cols.iter().map(Col::len).min().unwrap_or(usize::MAX))
        .collect();
    let fine = b
        .ev_kind
        .par_iter()
        .zip(&b.ev_row)
        .zip(&b.ev_at)
        .all(|((&k, &r), &t)| {
            rows.get(k as usize).is_some_and(|&n| (r as usize) < n) && t.abs() <= MAX_TS
        });
    if !fine {
        return Err(bad(
            "the batch has an event of an unknown type, a bad row, or a time out of range",
        ));
    }
    Ok(())
}

/// A column the code reads, checked for length, type and (for times) range.
fn column<'b>(p: &Program, b: &'b Batch, c: Column) -> Result<&'b Col, Unsupported> {
    let (col, ty, len) = match c {
        Column::Lead(s) => (
            b.fields.get(s as usize),
            p.schema.fields.get(s as usize).map(|f| &f.ty),
            b.len(),
        ),
        Column::Attr(k, s) => {
            let col = b.attrs.get(k as usize).and_then(|a| a.get(s as usize));
            let ty = p
                .schema
                .events
                .get(k as usize)
                .and_then(|e| e.attrs.get(s as usize))
                .map(|a| &a.ty);
            (col, ty, col.map_or(0, Col::len))
        }
    };
    let (Some(col), Some(ty)) = (col, ty) else {
        return Err(bad("the batch lacks a column the rubric reads"));
    };
    let shaped = std::mem::discriminant(&col.data) == std::mem::discriminant(&Col::new(ty).data)
        && col.len() == len
        && data_len(&col.data) == len
        && col.valid.bytes.len() >= len.div_ceil(8);
    if !shaped {
        return Err(bad("a column of the batch does not match the schema"));
    }
    if let ColumnData::Ts(v) = &col.data {
        if v.par_iter().any(|t| t.abs() > MAX_TS) {
            return Err(bad(
                "a time in the batch is out of range for the compiled engine",
            ));
        }
    }
    if let (ColumnData::Str(ids, d), Type::String) = (&col.data, ty) {
        if ids.par_iter().any(|&i| i as usize >= d.len().max(1)) {
            return Err(bad("a text id in the batch is outside its dictionary"));
        }
    }
    Ok(col)
}

fn data_len(d: &ColumnData) -> usize {
    match d {
        ColumnData::Num(v) => v.len(),
        ColumnData::Bool(v) => v.len(),
        ColumnData::Ts(v) => v.len(),
        ColumnData::Enum(v) => v.len(),
        ColumnData::Str(v, _) => v.len(),
    }
}

fn data_ptr(c: &Col) -> u64 {
    match &c.data {
        ColumnData::Num(v) => v.as_ptr() as u64,
        ColumnData::Bool(v) => v.as_ptr() as u64,
        ColumnData::Ts(v) => v.as_ptr() as u64,
        ColumnData::Enum(v) => v.as_ptr() as u64,
        ColumnData::Str(v, _) => v.as_ptr() as u64,
    }
}

/// The interpreter's verdict for every distinct value of the column (at least one entry,
/// so a missing value's zero id is always in bounds).
fn build_table(
    p: &Program,
    b: &Batch,
    expr: crate::ir::ExprId,
    kind: Option<u32>,
    c: Column,
) -> Result<Vec<u8>, Unsupported> {
    let col = column(p, b, c)?;
    let ColumnData::Str(_, dict) = &col.data else {
        return Err(bad("a text test reads a column that is not text"));
    };
    let mut t: Vec<u8> = dict
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|s| u8::from(decide(p, expr, kind, Some((c, s)))))
        .collect();
    if t.is_empty() {
        t.push(0);
    }
    Ok(t)
}

/// Each distinct value of the column → the id of the side's text in `shared`
/// (`u32::MAX` when the side is missing); at least one entry.
fn build_id_map(
    p: &Program,
    b: &Batch,
    side: crate::ir::ExprId,
    kind: Option<u32>,
    c: Column,
    shared: &mut crate::batch::Dict,
) -> Result<Vec<u32>, Unsupported> {
    let col = column(p, b, c)?;
    let ColumnData::Str(_, dict) = &col.data else {
        return Err(bad("a text test reads a column that is not text"));
    };
    let mut m: Vec<u32> = dict
        .iter()
        .map(|s| text_of(p, side, kind, (c, s)).map_or(u32::MAX, |t| shared.intern(&t)))
        .collect();
    if m.is_empty() {
        m.push(u32::MAX);
    }
    Ok(m)
}
