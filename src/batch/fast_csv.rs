//! CSV straight into columns: one reused record buffer, strings interned, no allocation
//! per row. It handles well-formed files only: at the first thing it does not accept (a
//! bad cell, a duplicate key, a row to set aside) it gives up and the caller reloads with
//! the row loader, which owns every error message. A well-formed file thus loads the same
//! either way, and a bad one is reported the same either way.

use super::{parse, Batch, Column, ColumnData};
use crate::data::load::csv_rows::detect_delimiter;
use crate::data::load::events::orphan_warning;
use crate::data::load::table::extra_columns_warning;
use crate::data::load::{Format, LoadOptions, LoadReport, OnError};
use crate::schema::{Field, Schema, Type};
use csv::StringRecord;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// `None`: not loadable here; use the row loader.
pub(super) fn load(
    schema: &Schema,
    leads: &Path,
    events: Option<&Path>,
    opts: &LoadOptions,
) -> Option<(Batch, LoadReport)> {
    let is_csv =
        |p: &Path, f: Option<Format>| f.or_else(|| Format::from_path(p)) == Some(Format::Csv);
    if !is_csv(leads, opts.leads_format) || events.is_some_and(|e| !is_csv(e, opts.events_format)) {
        return None;
    }
    let mut b = Batch::empty(schema);
    let mut report = LoadReport::default();
    let leads_name = leads.display().to_string();
    load_leads(schema, &mut b, &mut report, leads, &leads_name, opts)?;
    match events {
        Some(p) => load_events(schema, &mut b, &mut report, p, &leads_name, opts)?,
        None => b.offsets = vec![0; b.keys.len() + 1],
    }
    Some((b, report))
}

/// A CSV reader past the header, with the trimmed column names.
fn open(path: &Path) -> Option<(csv::Reader<File>, Vec<String>)> {
    let mut file = File::open(path).ok()?;
    let mut head = vec![0u8; 64 * 1024];
    let n = read_full(&mut file, &mut head)?;
    head.truncate(n);
    let bom = if head.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let text = std::str::from_utf8(&head[bom..]).ok()?;
    // The delimiter is judged on the header line, which must fit in what was read.
    if n == head.capacity() && !text.contains('\n') {
        return None;
    }
    let delim = detect_delimiter(&path.display().to_string(), text);
    file.seek(SeekFrom::Start(bom as u64)).ok()?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim as u8)
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let mut header = StringRecord::new();
    if !rdr.read_record(&mut header).ok()? || is_blank(&header) {
        return None;
    }
    Some((rdr, header.iter().map(|h| h.trim().to_string()).collect()))
}

fn read_full(f: &mut File, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]).ok()? {
            0 => break,
            k => n += k,
        }
    }
    Some(n)
}

/// A record the row loader would read as a blank line, or as a row of one empty quoted
/// cell; the two cannot be told apart from here.
fn is_blank(rec: &StringRecord) -> bool {
    rec.len() == 1 && rec[0].trim().is_empty()
}

fn column(cols: &[String], name: &str) -> Option<usize> {
    cols.iter().position(|c| c == name)
}

fn load_leads(
    s: &Schema,
    b: &mut Batch,
    report: &mut LoadReport,
    path: &Path,
    name: &str,
    opts: &LoadOptions,
) -> Option<()> {
    let (mut rdr, cols) = open(path)?;
    let map: Vec<Option<usize>> = s.fields.iter().map(|f| column(&cols, &f.name)).collect();
    let key_col = map[s.key];
    let row_key = key_col.is_none() && opts.row_key;
    let all_there = s.fields.iter().enumerate().all(|(slot, f)| {
        map[slot].is_some() || (slot == s.key && row_key) || (slot != s.key && f.optional)
    });
    if !all_there {
        return None;
    }
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    report
        .warnings
        .extend(extra_columns_warning(name, &cols, &names));
    let mut rec = StringRecord::new();
    let mut key = String::new();
    while rdr.read_record(&mut rec).ok()? {
        if rec.len() != cols.len() {
            return None;
        }
        report.lead_rows += 1;
        key.clear();
        for (slot, f) in s.fields.iter().enumerate() {
            match map[slot] {
                Some(c) => push_cell(&mut b.fields[slot], f, &rec[c])?,
                None if slot == s.key => {
                    let _ = write!(key, "{}", report.lead_rows);
                    push_cell(&mut b.fields[slot], f, &key)?;
                    continue;
                }
                None => b.fields[slot].push(&crate::data::Value::Missing),
            }
            if slot == s.key {
                key_text(f, &rec[key_col?], &mut key)?;
            }
        }
        let before = b.keys.len();
        if b.keys.intern(&key) as usize != before {
            return None; // duplicate key
        }
    }
    Some(())
}

/// Types one cell into a column; `None` when the row loader would object.
fn push_cell(col: &mut Column, f: &Field, cell: &str) -> Option<()> {
    let t = cell.trim();
    let present = !t.is_empty();
    if !present && !f.optional {
        return None;
    }
    match (&mut col.data, &f.ty) {
        (ColumnData::Num(c), Type::Int) => c.push(if present {
            t.parse::<i64>().ok()? as f64
        } else {
            0.0
        }),
        (ColumnData::Num(c), _) => c.push(if present { finite(t)? } else { 0.0 }),
        (ColumnData::Bool(c), _) => c.push(if present {
            u8::from(parse::bool_word(t)?)
        } else {
            0
        }),
        (ColumnData::Ts(c), _) => c.push(if present { parse::timestamp(t)? } else { 0 }),
        (ColumnData::Enum(c), Type::Enum(vs)) => c.push(if present {
            vs.iter().position(|v| v == t)? as u32
        } else {
            0
        }),
        (ColumnData::Str(c, d), _) => c.push(if present { d.intern(t) } else { 0 }),
        _ => return None,
    };
    col.valid.push(col.len, present);
    col.len += 1;
    Some(())
}

fn finite(t: &str) -> Option<f64> {
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// The key as the row loader spells it (`cell::key_text`), for string and numeric keys.
fn key_text(f: &Field, cell: &str, out: &mut String) -> Option<()> {
    let t = cell.trim();
    match f.ty {
        Type::String => out.push_str(t),
        Type::Int => {
            let n = t.parse::<i64>().ok()? as f64;
            num_key(n, out);
        }
        Type::Number => num_key(finite(t)?, out),
        _ => return None,
    }
    (!out.is_empty()).then_some(())
}

fn num_key(n: f64, out: &mut String) {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        let _ = write!(out, "{n}");
    }
}

/// Where an events file's columns are.
struct EventCols {
    lead: usize,
    event: usize,
    at: usize,
    /// Per type, per attribute.
    attrs: Vec<Vec<Option<usize>>>,
}

fn event_columns(s: &Schema, cols: &[String]) -> Option<EventCols> {
    Some(EventCols {
        lead: column(cols, "lead")?,
        event: column(cols, "event")?,
        at: column(cols, "at")?,
        attrs: s
            .events
            .iter()
            .map(|e| e.attrs.iter().map(|a| column(cols, &a.name)).collect())
            .collect(),
    })
}

fn load_events(
    s: &Schema,
    b: &mut Batch,
    report: &mut LoadReport,
    path: &Path,
    leads_name: &str,
    opts: &LoadOptions,
) -> Option<()> {
    let (mut rdr, cols) = open(path)?;
    let ec = event_columns(s, &cols)?;
    let mut known = vec!["lead", "event", "at"];
    known.extend(
        s.events
            .iter()
            .flat_map(|e| e.attrs.iter().map(|a| a.name.as_str())),
    );
    report.warnings.extend(extra_columns_warning(
        &path.display().to_string(),
        &cols,
        &known,
    ));
    let kinds: FxHashMap<&str, u32> = s
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i as u32))
        .collect();
    let key_field = s.key_field();
    let mut rec = StringRecord::new();
    let (mut key, mut last_key, mut last_lead) = (String::new(), String::new(), u32::MAX);
    let mut ev_lead: Vec<u32> = Vec::new();
    let mut orphans = 0usize;
    while rdr.read_record(&mut rec).ok()? {
        if rec.len() != cols.len() {
            return None;
        }
        report.event_rows += 1;
        key.clear();
        key_text(key_field, &rec[ec.lead], &mut key)?;
        let kind = *kinds.get(rec[ec.event].trim())?;
        let at = parse::timestamp(non_empty(&rec[ec.at])?)?;
        let row = push_attrs(s, b, &ec, kind, &rec)?;
        // Exports are usually grouped by lead; skip the lookup while the key repeats.
        if key != last_key || last_lead == u32::MAX {
            match b.keys.find(&key) {
                Some(i) => last_lead = i,
                None if opts.on_error == OnError::Skip => return None,
                None => {
                    orphans += 1;
                    truncate_attrs(b, kind as usize, row);
                    last_lead = u32::MAX;
                    continue;
                }
            }
            std::mem::swap(&mut key, &mut last_key);
        }
        ev_lead.push(last_lead);
        b.ev_at.push(at);
        b.ev_kind.push(kind);
        b.ev_row.push(row);
    }
    if orphans > 0 {
        report.orphan_events = orphans;
        report.warnings.push(orphan_warning(orphans, leads_name));
    }
    group_by_lead(b, &ev_lead);
    Some(())
}

fn non_empty(cell: &str) -> Option<&str> {
    let t = cell.trim();
    (!t.is_empty()).then_some(t)
}

/// Appends an event's attributes to its type's columns; returns its row there.
fn push_attrs(
    s: &Schema,
    b: &mut Batch,
    ec: &EventCols,
    kind: u32,
    rec: &StringRecord,
) -> Option<u32> {
    let k = kind as usize;
    let row = b.attrs[k].first().map_or(0, Column::len) as u32;
    for (slot, a) in s.events[k].attrs.iter().enumerate() {
        let col = &mut b.attrs[k][slot];
        match ec.attrs[k][slot] {
            Some(c) => push_cell(col, a, &rec[c])?,
            None if a.optional => col.push(&crate::data::Value::Missing),
            None => return None,
        }
    }
    Some(row)
}

/// Drops the attributes of an event that turned out to belong to no lead.
fn truncate_attrs(b: &mut Batch, kind: usize, row: u32) {
    for col in &mut b.attrs[kind] {
        col.truncate(row as usize);
    }
}

/// Orders events by lead (a stable counting sort), then by time within each lead
/// (stable, so equal times keep file order), and fills the offsets.
fn group_by_lead(b: &mut Batch, ev_lead: &[u32]) {
    let n = b.keys.len();
    let mut offsets = vec![0u64; n + 1];
    for &l in ev_lead {
        offsets[l as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let already = ev_lead.windows(2).all(|w| w[0] <= w[1]);
    if !already {
        let mut next: Vec<u64> = offsets[..n].to_vec();
        let mut order = vec![0u32; ev_lead.len()];
        for (e, &l) in ev_lead.iter().enumerate() {
            order[next[l as usize] as usize] = e as u32;
            next[l as usize] += 1;
        }
        b.ev_at = order.iter().map(|&e| b.ev_at[e as usize]).collect();
        b.ev_kind = order.iter().map(|&e| b.ev_kind[e as usize]).collect();
        b.ev_row = order.iter().map(|&e| b.ev_row[e as usize]).collect();
    }
    for i in 0..n {
        let (lo, hi) = (offsets[i] as usize, offsets[i + 1] as usize);
        if b.ev_at[lo..hi].windows(2).any(|w| w[0] > w[1]) {
            let mut idx: Vec<usize> = (lo..hi).collect();
            idx.sort_by_key(|&e| b.ev_at[e]);
            let at: Vec<i64> = idx.iter().map(|&e| b.ev_at[e]).collect();
            let kind: Vec<u32> = idx.iter().map(|&e| b.ev_kind[e]).collect();
            let row: Vec<u32> = idx.iter().map(|&e| b.ev_row[e]).collect();
            b.ev_at[lo..hi].copy_from_slice(&at);
            b.ev_kind[lo..hi].copy_from_slice(&kind);
            b.ev_row[lo..hi].copy_from_slice(&row);
        }
    }
    b.offsets = offsets;
}
