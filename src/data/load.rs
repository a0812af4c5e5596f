//! Loading leads and events from CSV or JSON Lines files, typed by a schema.
//!
//! Reading is split in two: `table` turns a file into rows of untyped cells (CSV via the
//! `csv` crate, JSONL via `serde_json`), and this module types those cells against the
//! schema and builds the [`Dataset`]. Bad rows either stop the load ([`OnError::Fail`])
//! or are set aside as [`Reject`]s with their original text ([`OnError::Skip`]).

pub(crate) mod cell;
pub(crate) mod csv_rows;
pub(crate) mod events;
mod jsonl;
pub(crate) mod table;

use crate::data::{Dataset, Lead, Value};
use crate::schema::Schema;
use std::fmt;
use std::path::Path;
use table::{Row, Table};

/// What to do with a row that cannot be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first bad row.
    #[default]
    Fail,
    /// Set the row aside as a [`Reject`] and carry on.
    Skip,
}

/// A data file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// The format a file name implies: `.csv`/`.tsv`/`.txt` → CSV, `.jsonl`/`.ndjson`/`.json` → JSONL.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// How to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Bad-row policy.
    pub on_error: OnError,
    /// When the key column is absent, use the 1-based data row number as the key.
    pub row_key: bool,
    /// Format of the leads file; `None` = from its extension, else sniffed.
    pub leads_format: Option<Format>,
    /// Format of the events file; `None` = from its extension, else sniffed.
    pub events_format: Option<Format>,
}

/// A row set aside under [`OnError::Skip`].
#[derive(Clone, Debug, PartialEq)]
pub struct Reject {
    /// `"lead"` or `"event"`.
    pub kind: &'static str,
    /// The file, as given.
    pub file: String,
    /// 1-based line of the offending field.
    pub line: u64,
    /// 1-based character column of the offending field.
    pub column: u64,
    /// What is wrong.
    pub reason: String,
    /// The row's original text, without its line terminator.
    pub raw: String,
}

/// A load failure, located in a data file.
#[derive(Clone, Debug, PartialEq)]
pub struct DataError {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based character column.
    pub column: u64,
    /// What is wrong (lowercase, names in backticks).
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for DataError {}

/// What a load read, set aside and noticed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// Data rows in the leads file (loaded + rejected).
    pub lead_rows: usize,
    /// Data rows in the events file (loaded + rejected + orphans).
    pub event_rows: usize,
    /// Rows set aside (only under [`OnError::Skip`]).
    pub rejects: Vec<Reject>,
    /// Events whose lead key matched no loaded lead.
    pub orphan_events: usize,
    /// Things worth telling the user that did not stop the load.
    pub warnings: Vec<String>,
}

/// Loads leads (and optionally events) from files.
pub fn load(
    schema: &Schema,
    leads: &Path,
    events: Option<&Path>,
    opts: &LoadOptions,
) -> Result<(Dataset, LoadReport), DataError> {
    let leads_name = leads.display().to_string();
    let leads_text = read_file(leads)?;
    let events = match events {
        Some(p) => Some((p.display().to_string(), read_file(p)?)),
        None => None,
    };
    let events_ref = events.as_ref().map(|(n, t)| (n.as_str(), t.as_str()));
    load_str(schema, &leads_name, &leads_text, events_ref, opts)
}

/// Loads leads (and optionally events, as `(name, text)`) from text already in memory.
/// Names are used for messages and, with the options, to pick the format.
pub fn load_str(
    schema: &Schema,
    leads_name: &str,
    leads_text: &str,
    events: Option<(&str, &str)>,
    opts: &LoadOptions,
) -> Result<(Dataset, LoadReport), DataError> {
    let leads = read_table(leads_name, leads_text, opts.leads_format)?;
    let mut loader = Loader {
        schema,
        opts,
        data: Dataset::default(),
        report: LoadReport::default(),
    };
    loader.leads(&leads)?;
    if let Some((name, text)) = events {
        let table = read_table(name, text, opts.events_format)?;
        events::load_events(&mut loader, &table, leads_name)?;
    }
    loader.data.sort_events();
    Ok((loader.data, loader.report))
}

/// Reads a file as UTF-8 text; a file that is not UTF-8 is pointed at where it stops being so.
pub(crate) fn read_file(path: &Path) -> Result<String, DataError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| DataError {
        file: file.clone(),
        line: 1,
        column: 1,
        message: format!("cannot read the file: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by definition, so this cannot fail; stay panic-free anyway.
        let before = std::str::from_utf8(good).unwrap_or("");
        let line = before.matches('\n').count() as u64 + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        DataError {
            file,
            line,
            column,
            message: "the file is not UTF-8 text; re-save it as UTF-8".into(),
        }
    })
}

/// Reads text into a table in the given format, else the one its name implies, else sniffed.
pub(crate) fn read_table(
    name: &str,
    text: &str,
    format: Option<Format>,
) -> Result<Table, DataError> {
    let format = format
        .or_else(|| Format::from_path(Path::new(name)))
        .unwrap_or_else(|| {
            let first = text.trim_start_matches('\u{feff}').trim_start();
            if first.starts_with('{') {
                Format::Jsonl
            } else {
                Format::Csv
            }
        });
    match format {
        Format::Csv => csv_rows::read_csv(name, text),
        Format::Jsonl => Ok(jsonl::read_jsonl(name, text)),
    }
}

/// Builds a dataset row by row, applying the bad-row policy.
pub(super) struct Loader<'a> {
    pub(super) schema: &'a Schema,
    pub(super) opts: &'a LoadOptions,
    pub(super) data: Dataset,
    pub(super) report: LoadReport,
}

impl Loader<'_> {
    /// Records a bad row: an error under `Fail`, a reject under `Skip`.
    pub(super) fn bad(
        &mut self,
        kind: &'static str,
        row: &Row,
        e: DataError,
    ) -> Result<(), DataError> {
        match self.opts.on_error {
            OnError::Fail => Err(e),
            OnError::Skip => {
                let DataError {
                    file,
                    line,
                    column,
                    message,
                } = e;
                self.report.rejects.push(Reject {
                    kind,
                    file,
                    line,
                    column,
                    reason: message,
                    raw: row.raw.clone(),
                });
                Ok(())
            }
        }
    }

    fn leads(&mut self, t: &Table) -> Result<(), DataError> {
        let cols = self.lead_columns(t)?;
        for (n, row) in t.rows.iter().enumerate() {
            self.report.lead_rows += 1;
            let result = self
                .lead(t, row, n as u64 + 1, &cols)
                .and_then(|lead| self.check_duplicate(t, row, &cols, lead));
            match result {
                Ok(lead) => {
                    self.data.push_lead(lead);
                }
                Err(e) => self.bad("lead", row, e)?,
            }
        }
        Ok(())
    }

    /// Maps each schema field to its column; a missing required column is fatal.
    fn lead_columns(&mut self, t: &Table) -> Result<Vec<Option<usize>>, DataError> {
        let s = self.schema;
        let cols: Vec<Option<usize>> = s.fields.iter().map(|f| t.column(&f.name)).collect();
        if t.has_header() {
            // The key is needed even when declared optional; `--row-key` stands in for it.
            let needed = |slot: usize, f: &crate::schema::Field| {
                if slot == s.key {
                    !self.opts.row_key
                } else {
                    !f.optional
                }
            };
            let missing: Vec<&str> = s
                .fields
                .iter()
                .enumerate()
                .filter(|&(slot, f)| cols[slot].is_none() && needed(slot, f))
                .map(|(_, f)| f.name.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(missing_columns(t, &missing, cols[s.key].is_none()));
            }
            let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
            t.warn_extra_columns(&names, &mut self.report.warnings);
        }
        Ok(cols)
    }

    fn lead(
        &self,
        t: &Table,
        row: &Row,
        n: u64,
        cols: &[Option<usize>],
    ) -> Result<Lead, DataError> {
        row.cells.as_ref().map_err(Clone::clone)?;
        let s = self.schema;
        let mut values = Vec::with_capacity(s.fields.len());
        for (slot, f) in s.fields.iter().enumerate() {
            let v = match cols[slot] {
                Some(c) => cell::parse_cell(f, t.cell(row, c)).map_err(|m| t.error(row, c, m))?,
                None if slot == s.key => row_number_key(&f.ty, n),
                None => Value::Missing,
            };
            values.push(v);
        }
        let key_field = s.key_field();
        let key = match values.get(s.key) {
            Some(v) if !v.is_missing() => cell::key_text(key_field, v),
            _ => {
                let msg = format!("the key `{}` is empty", key_field.name);
                return Err(cols[s.key].map_or_else(
                    || t.error_at(row, 1, msg.clone()),
                    |c| t.error(row, c, msg.clone()),
                ));
            }
        };
        Ok(Lead {
            values,
            key,
            line: row.line,
        })
    }

    fn check_duplicate(
        &self,
        t: &Table,
        row: &Row,
        cols: &[Option<usize>],
        lead: Lead,
    ) -> Result<Lead, DataError> {
        let Some(&idx) = self.data.by_key.get(&lead.key) else {
            return Ok(lead);
        };
        let first = self.data.leads.get(idx).map_or(0, |l| l.line);
        let msg = format!(
            "duplicate lead key `{}`, first seen on line {first}",
            cell::shorten(&lead.key)
        );
        Err(match cols[self.schema.key] {
            Some(c) => t.error(row, c, msg),
            None => t.error_at(row, 1, msg),
        })
    }
}

/// The key of a lead numbered by its data row (`--row-key`).
fn row_number_key(ty: &crate::schema::Type, n: u64) -> Value {
    match ty {
        crate::schema::Type::Int | crate::schema::Type::Number => Value::Num(n as f64),
        _ => Value::Str(n.to_string()),
    }
}

fn missing_columns(t: &Table, names: &[&str], key_absent: bool) -> DataError {
    let list = cell::backticked(names.iter().copied(), 8);
    let s = if names.len() == 1 { "" } else { "s" };
    let hint = if key_absent {
        "; to number the rows instead of using a key column, load with --row-key"
    } else {
        ""
    };
    DataError {
        file: t.file.clone(),
        line: 1,
        column: 1,
        message: format!("missing column{s} {list} required by the schema{hint}"),
    }
}

#[cfg(test)]
mod tests;
