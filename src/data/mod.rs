//! Lead and event data: values, records, and loaders from CSV and JSON Lines.

pub mod load;
pub mod time;

use std::collections::HashMap;

/// One field value of a lead or event. Ints and numbers are both held as `f64`
/// (whole numbers are exact up to 2^53).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Empty cell or absent column.
    Missing,
    /// A bool.
    Bool(bool),
    /// An int or number.
    Num(f64),
    /// Text.
    Str(String),
    /// Seconds since 1970-01-01T00:00:00Z.
    Ts(i64),
    /// Index into the field's enum variants.
    Enum(u32),
}

impl Value {
    /// True for `Missing`.
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}

/// One lead: a value per schema field.
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    /// Values by schema field slot.
    pub values: Vec<Value>,
    /// The key as text.
    pub key: String,
    /// 1-based line of the record in its file (for messages).
    pub line: u64,
}

/// One event of a lead.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Event type id in the schema.
    pub kind: u32,
    /// When it happened, seconds since the epoch.
    pub at: i64,
    /// Attribute values by the event type's slots.
    pub attrs: Vec<Value>,
}

/// Leads with their events, ready to score.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// Leads in input order.
    pub leads: Vec<Lead>,
    /// Events per lead (same index as `leads`), sorted by time, ties in input order.
    pub events: Vec<Vec<Event>>,
    /// Lead index by key.
    pub by_key: HashMap<String, usize>,
}

impl Dataset {
    /// Adds a lead; returns its index, or `None` when the key is taken.
    pub fn push_lead(&mut self, lead: Lead) -> Option<usize> {
        if self.by_key.contains_key(&lead.key) {
            return None;
        }
        let idx = self.leads.len();
        self.by_key.insert(lead.key.clone(), idx);
        self.leads.push(lead);
        self.events.push(Vec::new());
        Some(idx)
    }

    /// Sorts every lead's events by time; stable, so equal times keep input order.
    pub fn sort_events(&mut self) {
        for evs in &mut self.events {
            evs.sort_by_key(|e| e.at);
        }
    }
}
