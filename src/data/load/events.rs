//! Events rows → events of loaded leads.

use super::cell::{self, parse_cell};
use super::table::{Row, Table};
use super::{DataError, Loader, OnError, Reject};
use crate::data::{Event, Value};
use crate::schema::{Field, Type};

/// Where the columns an events row needs are.
struct Columns {
    lead: usize,
    event: usize,
    at: usize,
    /// Per event type, per attribute: its column, if the file has one.
    attrs: Vec<Vec<Option<usize>>>,
}

/// The fixed columns, typed: `lead` as the lead key, `event` as text, `at` as a timestamp.
struct Fixed {
    lead: Field,
    event: Field,
    at: Field,
}

/// Loads the events table into the leads already in the loader. Orphans (events of
/// leads that are not loaded) are counted, never fatal.
pub(super) fn load_events(l: &mut Loader, t: &Table, leads_name: &str) -> Result<(), DataError> {
    let Some(cols) = columns(l, t)? else {
        return Ok(());
    };
    let key = l.schema.key_field();
    let fixed = Fixed {
        lead: Field {
            name: "lead".into(),
            ty: key.ty.clone(),
            optional: false,
        },
        event: Field {
            name: "event".into(),
            ty: Type::String,
            optional: false,
        },
        at: Field {
            name: "at".into(),
            ty: Type::Timestamp,
            optional: false,
        },
    };
    let mut orphans = 0usize;
    for row in &t.rows {
        l.report.event_rows += 1;
        let (key, ev) = match event(l, t, row, &cols, &fixed) {
            Ok(found) => found,
            Err(e) => {
                l.bad("event", row, e)?;
                continue;
            }
        };
        match l.data.by_key.get(&key) {
            Some(&idx) => {
                if let Some(evs) = l.data.events.get_mut(idx) {
                    evs.push(ev);
                }
            }
            None => {
                orphans += 1;
                if l.opts.on_error == OnError::Skip {
                    let (line, column) = t.locate(row, cols.lead);
                    let reason = format!("no lead with key `{}`", cell::shorten(&key));
                    let raw = row.raw.clone();
                    l.report.rejects.push(Reject {
                        kind: "event",
                        file: t.file.clone(),
                        line,
                        column,
                        reason,
                        raw,
                    });
                }
            }
        }
    }
    if orphans > 0 {
        l.report.orphan_events = orphans;
        l.report.warnings.push(orphan_warning(orphans, leads_name));
    }
    Ok(())
}

/// The warning for events whose lead is not in the leads file.
pub(crate) fn orphan_warning(orphans: usize, leads_name: &str) -> String {
    let (s, verb) = if orphans == 1 {
        ("", "refers to a lead")
    } else {
        ("s", "refer to leads")
    };
    format!("{orphans} event{s} {verb} not in `{leads_name}`")
}

/// Finds the columns; a missing `lead`, `event` or `at` column is fatal. `None` when
/// the file has no rows to judge (an empty JSONL file).
fn columns(l: &mut Loader, t: &Table) -> Result<Option<Columns>, DataError> {
    if !t.has_header() {
        return Ok(None);
    }
    let (lead, event, at) = (t.column("lead"), t.column("event"), t.column("at"));
    let (Some(lead), Some(event), Some(at)) = (lead, event, at) else {
        let missing: Vec<&str> = [("lead", lead), ("event", event), ("at", at)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect();
        let s = if missing.len() == 1 { "" } else { "s" };
        let message = format!(
            "missing column{s} {}: an events file needs `lead` (the lead's key), `event` (its type) and `at` (when)",
            cell::backticked(missing.iter().copied(), 3)
        );
        return Err(DataError {
            file: t.file.clone(),
            line: 1,
            column: 1,
            message,
        });
    };
    let attrs = l
        .schema
        .events
        .iter()
        .map(|e| e.attrs.iter().map(|a| t.column(&a.name)).collect())
        .collect();
    let mut known = vec!["lead", "event", "at"];
    known.extend(
        l.schema
            .events
            .iter()
            .flat_map(|e| e.attrs.iter().map(|a| a.name.as_str())),
    );
    t.warn_extra_columns(&known, &mut l.report.warnings);
    Ok(Some(Columns {
        lead,
        event,
        at,
        attrs,
    }))
}

/// Types one row into (lead key, event).
fn event(
    l: &Loader,
    t: &Table,
    row: &Row,
    cols: &Columns,
    fixed: &Fixed,
) -> Result<(String, Event), DataError> {
    row.cells.as_ref().map_err(Clone::clone)?;
    let lead =
        parse_cell(&fixed.lead, t.cell(row, cols.lead)).map_err(|m| t.error(row, cols.lead, m))?;
    let name = match parse_cell(&fixed.event, t.cell(row, cols.event))
        .map_err(|m| t.error(row, cols.event, m))?
    {
        Value::Str(s) => s,
        _ => String::new(),
    };
    let Some(kind) = l.schema.event(&name) else {
        let known = cell::backticked(l.schema.events.iter().map(|e| e.name.as_str()), 8);
        let expected = if known.is_empty() {
            "the schema declares no event types".to_string()
        } else {
            format!("expected one of {known}")
        };
        let msg = format!("unknown event type `{}`: {expected}", cell::shorten(&name));
        return Err(t.error(row, cols.event, msg));
    };
    let at =
        match parse_cell(&fixed.at, t.cell(row, cols.at)).map_err(|m| t.error(row, cols.at, m))? {
            Value::Ts(ts) => ts,
            _ => 0,
        };
    let ty = &l.schema.events[kind];
    let mut attrs = Vec::with_capacity(ty.attrs.len());
    for (slot, a) in ty.attrs.iter().enumerate() {
        let v = match cols
            .attrs
            .get(kind)
            .and_then(|c| c.get(slot))
            .copied()
            .flatten()
        {
            Some(c) => parse_cell(a, t.cell(row, c)).map_err(|m| t.error(row, c, m))?,
            None if a.optional => Value::Missing,
            None => {
                let msg = format!(
                    "event `{}` needs attribute `{}`, but the file has no `{}` column",
                    ty.name, a.name, a.name
                );
                return Err(t.error_at(row, 1, msg));
            }
        };
        attrs.push(v);
    }
    let key = cell::key_text(&fixed.lead, &lead);
    Ok((
        key,
        Event {
            kind: kind as u32,
            at,
            attrs,
        },
    ))
}
