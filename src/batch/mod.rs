//! Columnar batches: leads as typed columns, events grouped per lead like a CSR matrix.
//!
//! This is the layout both engines score from. Lead field `slot` is `fields[slot]`; the
//! events of lead `i` are `offsets[i]..offsets[i + 1]`, oldest first (ties keep file
//! order); an event's attributes live in its type's columns at row `ev_row[e]`, so a type
//! with no attributes costs nothing. Every column carries a validity bitmap: a cleared bit
//! is a missing value, and the payload under it is zero.

mod builder;
mod dict;
mod fast_csv;
mod from_dataset;
mod parse;

pub use builder::BatchBuilder;
pub use dict::Dict;

use crate::data::load::{DataError, LoadOptions, LoadReport};
use crate::data::{Event, Lead, Value};
use crate::schema::{Schema, Type};
use std::path::Path;

/// One bit per row: set = present.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bitmap {
    /// Bit `i % 8` of byte `i / 8` is row `i`.
    pub bytes: Vec<u8>,
}

impl Bitmap {
    /// Is row `i` present?
    pub fn get(&self, i: usize) -> bool {
        self.bytes
            .get(i >> 3)
            .is_some_and(|b| b >> (i & 7) & 1 == 1)
    }

    fn push(&mut self, len: usize, present: bool) {
        if len & 7 == 0 {
            self.bytes.push(0);
        }
        if present {
            if let Some(b) = self.bytes.last_mut() {
                *b |= 1 << (len & 7);
            }
        }
    }
}

/// The values of one column, by type. Ints and numbers are both `f64`, as in the language.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnData {
    /// Int or number.
    Num(Vec<f64>),
    /// 0 or 1.
    Bool(Vec<u8>),
    /// Seconds since the epoch.
    Ts(Vec<i64>),
    /// Variant index.
    Enum(Vec<u32>),
    /// Ids into the column's dictionary.
    Str(Vec<u32>, Dict),
}

/// A typed column with its validity bitmap.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Which rows hold a value.
    pub valid: Bitmap,
    /// The payloads (zero where missing).
    pub data: ColumnData,
    len: usize,
}

impl Column {
    /// An empty column for a schema type.
    pub fn new(ty: &Type) -> Column {
        let data = match ty {
            Type::Int | Type::Number => ColumnData::Num(vec![]),
            Type::Bool => ColumnData::Bool(vec![]),
            Type::Timestamp => ColumnData::Ts(vec![]),
            Type::Enum(_) => ColumnData::Enum(vec![]),
            Type::String => ColumnData::Str(vec![], Dict::default()),
        };
        Column {
            valid: Bitmap::default(),
            data,
            len: 0,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends a value; a value of the wrong type is stored as missing.
    pub fn push(&mut self, v: &Value) {
        let present = match (&mut self.data, v) {
            (ColumnData::Num(c), Value::Num(x)) => push(c, *x),
            (ColumnData::Bool(c), Value::Bool(b)) => push(c, u8::from(*b)),
            (ColumnData::Ts(c), Value::Ts(t)) => push(c, *t),
            (ColumnData::Enum(c), Value::Enum(e)) => push(c, *e),
            (ColumnData::Str(c, d), Value::Str(s)) => push(c, d.intern(s)),
            (ColumnData::Num(c), _) => !push(c, 0.0),
            (ColumnData::Bool(c), _) => !push(c, 0),
            (ColumnData::Ts(c), _) => !push(c, 0),
            (ColumnData::Enum(c), _) => !push(c, 0),
            (ColumnData::Str(c, _), _) => !push(c, 0),
        };
        self.valid.push(self.len, present);
        self.len += 1;
    }

    /// Keeps the first `len` rows.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        match &mut self.data {
            ColumnData::Num(c) => c.truncate(len),
            ColumnData::Bool(c) => c.truncate(len),
            ColumnData::Ts(c) => c.truncate(len),
            ColumnData::Enum(c) => c.truncate(len),
            ColumnData::Str(c, _) => c.truncate(len),
        }
        self.valid.bytes.truncate(len.div_ceil(8));
        if len & 7 != 0 {
            if let Some(b) = self.valid.bytes.last_mut() {
                *b &= (1u8 << (len & 7)) - 1;
            }
        }
        self.len = len;
    }

    /// The value at row `i`, as the interpreter sees it.
    pub fn value(&self, i: usize) -> Value {
        if !self.valid.get(i) {
            return Value::Missing;
        }
        match &self.data {
            ColumnData::Num(c) => Value::Num(c[i]),
            ColumnData::Bool(c) => Value::Bool(c[i] != 0),
            ColumnData::Ts(c) => Value::Ts(c[i]),
            ColumnData::Enum(c) => Value::Enum(c[i]),
            ColumnData::Str(c, d) => Value::Str(d.get(c[i]).to_string()),
        }
    }
}

fn push<T>(c: &mut Vec<T>, v: T) -> bool {
    c.push(v);
    true
}

/// Leads and their events, in columns, typed by a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    /// Lead keys as text, by lead.
    pub keys: Dict,
    /// Per schema field slot, one row per lead.
    pub fields: Vec<Column>,
    /// `offsets[i]..offsets[i + 1]` are lead `i`'s events; `len() == leads + 1`.
    pub offsets: Vec<u64>,
    /// Event times, seconds since the epoch.
    pub ev_at: Vec<i64>,
    /// Event type ids.
    pub ev_kind: Vec<u32>,
    /// Row of each event in its type's attribute columns.
    pub ev_row: Vec<u32>,
    /// Per event type, per attribute slot: one row per event of that type.
    pub attrs: Vec<Vec<Column>>,
}

impl Batch {
    /// An empty batch shaped for a schema.
    pub fn empty(schema: &Schema) -> Batch {
        Batch {
            keys: Dict::default(),
            fields: schema.fields.iter().map(|f| Column::new(&f.ty)).collect(),
            offsets: vec![0],
            ev_at: vec![],
            ev_kind: vec![],
            ev_row: vec![],
            attrs: schema
                .events
                .iter()
                .map(|e| e.attrs.iter().map(|a| Column::new(&a.ty)).collect())
                .collect(),
        }
    }

    /// Loads leads (and events) from files in any supported format (see
    /// [`Batch::from_csv`]; JSON Lines goes through the row loader).
    pub fn load(
        schema: &Schema,
        leads: &Path,
        events: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<(Batch, LoadReport), DataError> {
        Self::from_csv(schema, leads, events, opts)
    }

    /// Loads leads (and events) from CSV files. Well-formed CSV goes straight into columns;
    /// anything else (a bad row, JSON Lines, `--on-error skip` with rejects) is loaded by
    /// the row loader, so messages, rejects and warnings are exactly the row loader's.
    pub fn from_csv(
        schema: &Schema,
        leads: &Path,
        events: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<(Batch, LoadReport), DataError> {
        if let Some(done) = fast_csv::load(schema, leads, events, opts) {
            return Ok(done);
        }
        Self::from_rows(schema, leads, events, opts)
    }

    /// Loads leads (and events) from JSON Lines files, through the row loader.
    pub fn from_jsonl(
        schema: &Schema,
        leads: &Path,
        events: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<(Batch, LoadReport), DataError> {
        Self::from_rows(schema, leads, events, opts)
    }

    fn from_rows(
        schema: &Schema,
        leads: &Path,
        events: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<(Batch, LoadReport), DataError> {
        let (data, report) = crate::data::load::load(schema, leads, events, opts)?;
        Ok((Batch::from_dataset(schema, &data), report))
    }

    /// A builder for leads and events given in code.
    pub fn builder(schema: &Schema) -> BatchBuilder<'_> {
        BatchBuilder::new(schema)
    }

    /// Number of leads.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// True when there are no leads.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total number of events.
    pub fn event_count(&self) -> usize {
        self.ev_at.len()
    }

    /// The key of lead `i`.
    pub fn key(&self, i: usize) -> &str {
        self.keys.get(i as u32)
    }

    /// The index of the lead with this key.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.keys.find(key).map(|i| i as usize)
    }

    /// Lead `i` as a row, for the interpreter and explain.
    pub fn lead(&self, i: usize) -> Lead {
        Lead {
            values: self.fields.iter().map(|c| c.value(i)).collect(),
            key: self.key(i).to_string(),
            line: 0,
        }
    }

    /// The events of lead `i` as rows, oldest first, into `out` (cleared first).
    pub fn events_into(&self, i: usize, out: &mut Vec<Event>) {
        out.clear();
        let (lo, hi) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        for e in lo..hi {
            let kind = self.ev_kind[e];
            let row = self.ev_row[e] as usize;
            let attrs = self.attrs[kind as usize]
                .iter()
                .map(|c| c.value(row))
                .collect();
            out.push(Event {
                kind,
                at: self.ev_at[e],
                attrs,
            });
        }
    }

    /// The events of lead `i` as rows, oldest first.
    pub fn events(&self, i: usize) -> Vec<Event> {
        let mut v = Vec::new();
        self.events_into(i, &mut v);
        v
    }
}

#[cfg(test)]
mod tests;
