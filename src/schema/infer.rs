//! Drafting a schema from data (`leadscore schema infer`).
//!
//! The draft is a starting point for a person to review, so it errs towards the
//! plainer type (`string` over `enum`) and says in comments what it left out.

use crate::data::load::cell::{parse_int, parse_number};
use crate::data::load::table::Table;
use crate::data::load::{read_file, read_table, DataError};
use crate::data::time;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// Words the rubric language reserves; a field with one of these names could not be
/// referred to from a rubric. Mirrors `keyword` in grammar/score.pest.
const KEYWORDS: &[&str] = &[
    "ruleset",
    "version",
    "use",
    "score",
    "rule",
    "when",
    "award",
    "deduct",
    "cap",
    "clamp",
    "decay",
    "no_decay",
    "each",
    "where",
    "within",
    "not",
    "followed",
    "by",
    "and",
    "or",
    "in",
    "is",
    "missing",
    "present",
    "tiers",
    "on",
    "above",
    "route",
    "otherwise",
    "sample",
    "of",
    "assign",
    "nurture",
    "notify",
    "tag",
    "true",
    "false",
    "contains",
    "starts_with",
    "ends_with",
    "up",
];

/// Column names preferred for the key; the first such column (in file order) that qualifies wins.
const KEY_NAMES: &[&str] = &["id", "key", "lead_id", "email"];

/// Most distinct values a column may have and still be drafted as an enum.
const MAX_VARIANTS: usize = 20;

/// Drafts a schema from a leads file and, optionally, an events file.
pub fn infer(leads: &Path, events: Option<&Path>) -> Result<String, DataError> {
    let leads_name = leads.display().to_string();
    let leads_text = read_file(leads)?;
    let events = match events {
        Some(p) => Some((p.display().to_string(), read_file(p)?)),
        None => None,
    };
    infer_str(
        &leads_name,
        &leads_text,
        events.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
    )
}

/// Drafts a schema from file contents already in memory; names pick the format and
/// appear in the header comment.
pub fn infer_str(
    leads_name: &str,
    leads_text: &str,
    events: Option<(&str, &str)>,
) -> Result<String, DataError> {
    let leads = read_table(leads_name, leads_text, None)?;
    let events = match events {
        Some((name, text)) => Some(read_table(name, text, None)?),
        None => None,
    };
    let mut out = String::new();
    let mut from = format!("{} ({})", plain(leads_name), rows(leads.rows.len()));
    if let Some(ev) = &events {
        let _ = write!(from, " and {} ({})", plain(&ev.file), rows(ev.rows.len()));
    }
    let _ = writeln!(
        out,
        "# Drafted by `leadscore schema infer` from {from}; review before use."
    );
    for t in std::iter::once(&leads).chain(events.as_ref()) {
        let bad = t.rows.iter().filter(|r| r.cells.is_err()).count();
        if bad > 0 {
            let _ = writeln!(
                out,
                "# {} in {} could not be read and were ignored.",
                rows(bad),
                plain(&t.file)
            );
        }
    }
    lead_block(&leads, &mut out);
    if let Some(ev) = &events {
        event_blocks(ev, &mut out)?;
    }
    Ok(out)
}

/// What the values of one column look like.
struct Column {
    could_bool: bool,
    could_int: bool,
    could_number: bool,
    could_timestamp: bool,
    present: usize,
    empty: usize,
    /// Distinct values in order of first appearance, up to one more than an enum allows.
    distinct: Vec<String>,
    /// Every value seen, while they are all different; emptied once one repeats.
    seen: HashSet<String>,
    unique: bool,
    /// Only lead columns can be keys; event columns skip the cost of `seen`.
    track_unique: bool,
}

impl Column {
    fn new(track_unique: bool) -> Column {
        Column {
            could_bool: true,
            could_int: true,
            could_number: true,
            could_timestamp: true,
            present: 0,
            empty: 0,
            distinct: Vec::new(),
            seen: HashSet::new(),
            unique: true,
            track_unique,
        }
    }

    fn add(&mut self, value: Option<String>) {
        let Some(v) = value.filter(|v| !v.is_empty()) else {
            self.empty += 1;
            return;
        };
        self.present += 1;
        // Unlike the loader, 1/0 are left to `int`: a column of counts is not a flag.
        self.could_bool = self.could_bool
            && matches!(
                v.to_ascii_lowercase().as_str(),
                "true" | "false" | "yes" | "no"
            );
        self.could_int = self.could_int && parse_int(&v).is_some();
        self.could_number = self.could_number && parse_number(&v).is_some();
        self.could_timestamp = self.could_timestamp && time::parse(&v).is_some();
        if self.distinct.len() <= MAX_VARIANTS && !self.distinct.contains(&v) {
            self.distinct.push(v.clone());
        }
        if self.track_unique && self.unique && !self.seen.insert(v) {
            self.unique = false;
            self.seen = HashSet::new();
        }
    }

    /// The drafted type, as schema text.
    fn ty(&self) -> String {
        if self.present == 0 {
            return "string".into();
        }
        let simple = [
            (self.could_bool, "bool"),
            (self.could_int, "int"),
            (self.could_number, "number"),
            (self.could_timestamp, "timestamp"),
        ];
        if let Some((_, name)) = simple.iter().find(|(ok, _)| *ok) {
            return (*name).into();
        }
        let n = self.distinct.len();
        // Few values that repeat a lot look like categories; free text and e-mails do not.
        if n <= MAX_VARIANTS && n * 2 <= self.present {
            let variants: Vec<String> = self.distinct.iter().map(|v| variant(v)).collect();
            return format!("enum {{ {} }}", variants.join(", "));
        }
        "string".into()
    }

    fn can_be_key(&self) -> bool {
        self.empty == 0 && self.unique
    }
}

/// A row count in words.
fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

/// A name made safe to print inside a comment line.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why a column cannot be a field, if it cannot.
fn unusable(name: &str) -> Option<String> {
    if !is_ident(name) {
        Some("not a valid field name".into())
    } else if KEYWORDS.contains(&name) {
        Some(format!("`{name}` is a reserved word"))
    } else {
        None
    }
}

/// An enum variant as schema text: bare when it is a plain identifier, else quoted.
fn variant(v: &str) -> String {
    if is_ident(v) {
        return v.to_string();
    }
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Statistics for each column over the well-formed rows.
fn scan(t: &Table) -> Vec<Column> {
    let mut cols: Vec<Column> = t.columns.iter().map(|_| Column::new(true)).collect();
    for row in t.rows.iter().filter(|r| r.cells.is_ok()) {
        for (i, c) in cols.iter_mut().enumerate() {
            c.add(t.text(row, i));
        }
    }
    cols
}

/// Columns that can be fields: (index, name), with comments for the rest.
fn usable_columns<'t>(
    t: &'t Table,
    skip: &[&str],
    comments: &mut Vec<(usize, String)>,
) -> Vec<(usize, &'t str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    for (i, name) in t.columns.iter().enumerate() {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let why = if out.iter().any(|(_, n)| n == name) {
            Some("it appears twice".to_string())
        } else {
            unusable(name)
        };
        match why {
            Some(why) => comments.push((i, format!("# skipped column {:?}: {why}", name))),
            None => out.push((i, name)),
        }
    }
    out
}

fn lead_block(t: &Table, out: &mut String) {
    let stats = scan(t);
    let mut comments = Vec::new();
    let usable = usable_columns(t, &[], &mut comments);
    let key = usable
        .iter()
        .find(|(i, n)| KEY_NAMES.contains(n) && stats[*i].can_be_key())
        .or_else(|| usable.iter().find(|(i, _)| stats[*i].can_be_key()))
        .map(|(i, _)| *i);
    if key.is_none() {
        let _ = writeln!(
            out,
            "# no column has unique values: add an id column or score with --row-key"
        );
    }
    out.push_str("lead {\n");
    if key.is_none() {
        out.push_str("  # no key: add an id column (`key id: string`) or score with --row-key\n");
    }
    for (i, col) in stats.iter().enumerate() {
        for (_, c) in comments.iter().filter(|(at, _)| *at == i) {
            let _ = writeln!(out, "  {c}");
        }
        let Some((_, name)) = usable.iter().find(|(at, _)| *at == i) else {
            continue;
        };
        if Some(i) == key {
            // A key is matched as text or a whole number; other types would only confuse.
            let ty = if col.present > 0 && col.could_int {
                "int"
            } else {
                "string"
            };
            let _ = writeln!(out, "  key {name}: {ty}");
        } else {
            let opt = if col.empty > 0 { "?" } else { "" };
            let _ = writeln!(out, "  {name}: {}{opt}", col.ty());
        }
    }
    out.push_str("}\n");
}

fn event_blocks(t: &Table, out: &mut String) -> Result<(), DataError> {
    let Some(event_col) = t.column("event") else {
        if !t.has_header() {
            return Ok(());
        }
        let message = "missing column `event`: an events file needs `lead`, `event` (the event type) and `at`".to_string();
        return Err(DataError {
            file: t.file.clone(),
            line: 1,
            column: 1,
            message,
        });
    };
    // One pass: event types in order of first appearance, each with its own column stats.
    let mut types: Vec<(String, Vec<Column>)> = Vec::new();
    for row in t.rows.iter().filter(|r| r.cells.is_ok()) {
        let Some(name) = t.text(row, event_col).filter(|n| !n.is_empty()) else {
            continue;
        };
        let idx = match types.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                types.push((name, t.columns.iter().map(|_| Column::new(false)).collect()));
                types.len() - 1
            }
        };
        for (i, c) in types[idx].1.iter_mut().enumerate() {
            c.add(t.text(row, i));
        }
    }
    for (name, stats) in &types {
        let reserved =
            matches!(name.as_str(), "event" | "lead" | "at") || KEYWORDS.contains(&name.as_str());
        if !is_ident(name) || reserved {
            let why = if reserved {
                format!("`{name}` is a reserved word")
            } else {
                "not a valid name".into()
            };
            let _ = writeln!(out, "# skipped event type {:?}: {why}", name);
            continue;
        }
        event_block(t, name, stats, out);
    }
    Ok(())
}

fn event_block(t: &Table, name: &str, stats: &[Column], out: &mut String) {
    let mut comments = Vec::new();
    let usable = usable_columns(t, &["lead", "event", "at"], &mut comments);
    let mut body = String::new();
    for (i, col) in stats.iter().enumerate() {
        // Columns this type never fills belong to other types; say nothing about them.
        if col.present == 0 {
            continue;
        }
        for (_, c) in comments.iter().filter(|(at, _)| *at == i) {
            let _ = writeln!(body, "  {c}");
        }
        if let Some((_, attr)) = usable.iter().find(|(at, _)| *at == i) {
            let _ = writeln!(
                body,
                "  {attr}: {}{}",
                col.ty(),
                if col.empty > 0 { "?" } else { "" }
            );
        }
    }
    if body.is_empty() {
        let _ = writeln!(out, "event {name} {{}}");
    } else {
        let _ = write!(out, "event {name} {{\n{body}}}\n");
    }
}

#[cfg(test)]
mod tests;
