//! JSON Lines text → [`Table`]: one object per non-empty line.

use super::table::{Cells, Layout, Row, Table};
use super::DataError;

/// Splits JSONL text into rows. A line that is not a JSON object is a bad row; the
/// columns are the keys of all objects, in order of first appearance.
pub(crate) fn read_jsonl(file: &str, text: &str) -> Table {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut columns: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let raw = line.strip_suffix('\r').unwrap_or(line);
        if raw.trim().is_empty() {
            continue;
        }
        let line_no = i as u64 + 1;
        let cells = match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(serde_json::Value::Object(map)) => {
                for k in map.keys() {
                    if seen.insert(k.clone()) {
                        columns.push(k.clone());
                    }
                }
                Ok(Cells::Json(map))
            }
            Ok(other) => Err(DataError {
                file: file.into(),
                line: line_no,
                column: first_char_column(raw),
                message: format!(
                    "expected a JSON object `{{…}}`, found {}",
                    json_kind(&other)
                ),
            }),
            Err(e) => Err(DataError {
                file: file.into(),
                line: line_no,
                column: char_column(raw, e.column()),
                message: format!("invalid JSON: {}", strip_position(&e.to_string())),
            }),
        };
        rows.push(Row {
            line: line_no,
            raw: raw.to_string(),
            cells,
        });
    }
    Table {
        file: file.into(),
        columns,
        rows,
        layout: Layout::Jsonl,
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "`null`",
        serde_json::Value::Bool(_) => "a bool",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn first_char_column(raw: &str) -> u64 {
    raw.chars().take_while(|c| c.is_whitespace()).count() as u64 + 1
}

/// serde_json counts columns in bytes; messages count characters.
fn char_column(raw: &str, byte_col: usize) -> u64 {
    let mut end = byte_col.saturating_sub(1).min(raw.len());
    while end > 0 && !raw.is_char_boundary(end) {
        end -= 1;
    }
    raw[..end].chars().count() as u64 + 1
}

/// serde_json appends " at line L column C"; the error carries its own position.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
