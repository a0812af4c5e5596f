//! Rows → columns, for data the row loader read (JSON Lines, files with bad rows) and
//! for the builder.

use super::{Batch, Column};
use crate::data::Dataset;
use crate::schema::Schema;

impl Batch {
    /// Converts loaded rows to a batch; lead and event order are kept.
    pub fn from_dataset(schema: &Schema, data: &Dataset) -> Batch {
        let mut b = Batch::empty(schema);
        for (lead, events) in data.leads.iter().zip(&data.events) {
            b.keys.intern(&lead.key);
            for (slot, col) in b.fields.iter_mut().enumerate() {
                col.push(
                    lead.values
                        .get(slot)
                        .unwrap_or(&crate::data::Value::Missing),
                );
            }
            for ev in events {
                let cols: &mut Vec<Column> = &mut b.attrs[ev.kind as usize];
                let row = cols.first().map_or(0, Column::len);
                for (slot, col) in cols.iter_mut().enumerate() {
                    col.push(ev.attrs.get(slot).unwrap_or(&crate::data::Value::Missing));
                }
                b.ev_at.push(ev.at);
                b.ev_kind.push(ev.kind);
                b.ev_row.push(row as u32);
            }
            b.offsets.push(b.ev_at.len() as u64);
        }
        b
    }
}
