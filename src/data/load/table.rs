//! A data file as rows of untyped cells, with enough of the original text kept to
//! point at any cell by line and column.

use super::cell::Cell;
use super::DataError;

/// The cells of one well-formed row.
#[derive(Clone, Debug)]
pub(crate) enum Cells {
    /// CSV fields, one per header column.
    Csv(Vec<String>),
    /// A JSON object.
    Json(serde_json::Map<String, serde_json::Value>),
}

/// One data row.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The row's original text without its line terminator.
    pub raw: String,
    /// The cells, or why the row could not be split into them.
    pub cells: Result<Cells, DataError>,
}

/// How the file was read, which decides how cells are looked up and located.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Layout {
    /// CSV with this delimiter; a header line was present.
    Csv(char),
    /// JSON Lines; columns are the keys seen in any object.
    Jsonl,
}

/// A whole data file.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// The file name as given.
    pub file: String,
    /// Column names: the CSV header (trimmed), or JSON keys in order of first appearance.
    pub columns: Vec<String>,
    /// Data rows, in file order.
    pub rows: Vec<Row>,
    /// How the file was read.
    pub layout: Layout,
}

impl Table {
    /// True when the columns are known, so absent columns can be reported. A JSONL file
    /// with no object rows has no columns to judge.
    pub fn has_header(&self) -> bool {
        match self.layout {
            Layout::Csv(_) => true,
            Layout::Jsonl => self.rows.iter().any(|r| r.cells.is_ok()),
        }
    }

    /// Index of the first column with this name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The cell of a row in a column; `None` when the row has no such cell.
    pub fn cell<'a>(&'a self, row: &'a Row, col: usize) -> Option<Cell<'a>> {
        match row.cells.as_ref().ok()? {
            Cells::Csv(v) => v.get(col).map(|s| Cell::Text(s)),
            Cells::Json(m) => m.get(self.columns.get(col)?).map(Cell::Json),
        }
    }

    /// The cell as plain text (JSON scalars as written, null as absent); for inference.
    pub fn text(&self, row: &Row, col: usize) -> Option<String> {
        match self.cell(row, col)? {
            Cell::Text(s) => Some(s.trim().to_string()),
            Cell::Json(serde_json::Value::Null) => None,
            Cell::Json(serde_json::Value::String(s)) => Some(s.trim().to_string()),
            Cell::Json(other) => Some(other.to_string()),
        }
    }

    /// An error pointing at a row's cell in a column.
    pub fn error(&self, row: &Row, col: usize, message: String) -> DataError {
        let (line, column) = self.locate(row, col);
        DataError {
            file: self.file.clone(),
            line,
            column,
            message,
        }
    }

    /// An error pointing at a character column of a row's first line.
    pub fn error_at(&self, row: &Row, column: u64, message: String) -> DataError {
        DataError {
            file: self.file.clone(),
            line: row.line,
            column,
            message,
        }
    }

    /// Line and character column where a row's cell starts.
    pub fn locate(&self, row: &Row, col: usize) -> (u64, u64) {
        match self.layout {
            Layout::Csv(delim) => {
                let (lines, column) = field_start(&row.raw, delim, col);
                (row.line + lines, column)
            }
            Layout::Jsonl => {
                let column = self
                    .columns
                    .get(col)
                    .and_then(|name| key_column(&row.raw, name))
                    .unwrap_or(1);
                (row.line, column)
            }
        }
    }

    /// Adds one warning naming the columns that match none of `known`.
    pub fn warn_extra_columns(&self, known: &[&str], warnings: &mut Vec<String>) {
        warnings.extend(extra_columns_warning(&self.file, &self.columns, known));
    }
}

/// The warning naming the columns of `file` that match none of `known`, if any.
pub(crate) fn extra_columns_warning(
    file: &str,
    columns: &[String],
    known: &[&str],
) -> Option<String> {
    let extra: Vec<&str> = columns
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty() && !known.contains(c))
        .collect();
    if extra.is_empty() {
        return None;
    }
    let s = if extra.len() == 1 { "" } else { "s" };
    let list = super::cell::backticked(extra.iter().copied(), 10);
    Some(format!(
        "`{file}`: ignoring {} column{s} not in the schema: {list}",
        extra.len()
    ))
}

/// Where CSV field `idx` starts in a record's raw text: (lines after the first, 1-based
/// character column). Delimiters inside quotes do not count; a doubled quote toggles twice,
/// which leaves the state right.
pub(crate) fn field_start(raw: &str, delim: char, idx: usize) -> (u64, u64) {
    let (mut field, mut line, mut col, mut quoted) = (0usize, 0u64, 1u64, false);
    if idx == 0 {
        return (0, 1);
    }
    for c in raw.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delim && !quoted {
            field += 1;
            if field == idx {
                return (line, col + 1);
            }
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Character column of `"name"` used as a key in a JSON line, if it is written plainly.
fn key_column(raw: &str, name: &str) -> Option<u64> {
    let needle = serde_json::to_string(name).ok()?;
    raw.match_indices(&needle)
        .find(|(i, _)| raw[i + needle.len()..].trim_start().starts_with(':'))
        .map(|(i, _)| raw[..i].chars().count() as u64 + 1)
}
