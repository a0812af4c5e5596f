//! Columns of the leads file that the schema does not declare: the outcome, a decision
//! time, a split key. The loader ignores undeclared columns on purpose (a rubric must not
//! read the outcome), so backtesting reads them on its own, from the same file, lined up
//! with the batch's leads.

use crate::data::load::{read_file, read_table, DataError, Format};
use std::path::Path;

/// One undeclared column, one text per lead, in the batch's lead order.
#[derive(Clone, Debug)]
pub struct LeadColumn {
    /// The column's name.
    pub name: String,
    file: String,
    cells: Vec<(Option<String>, u64, u64)>,
}

impl LeadColumn {
    /// The text of lead `i`'s cell (trimmed); `None` when the cell is absent.
    pub fn text(&self, i: usize) -> Option<&str> {
        self.cells.get(i).and_then(|c| c.0.as_deref())
    }

    /// Number of leads.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True when there are no leads.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// An error located at lead `i`'s cell.
    pub fn error(&self, i: usize, message: String) -> DataError {
        let (line, column) = self.cells.get(i).map_or((1, 1), |c| (c.1, c.2));
        DataError {
            file: self.file.clone(),
            line,
            column,
            message,
        }
    }
}

/// Reads the named columns from a leads file. Rows line up with a batch loaded from the
/// same file with bad rows failing the load (every row becomes one lead, in file order);
/// `leads` is that batch's length, checked so a mismatch is an error, not a silent shift.
pub fn read(
    path: &Path,
    format: Option<Format>,
    names: &[&str],
    leads: usize,
) -> Result<Vec<LeadColumn>, DataError> {
    let file = path.display().to_string();
    let text = read_file(path)?;
    let table = read_table(&file, &text, format)?;
    let at_top = |message: String| DataError {
        file: file.clone(),
        line: 1,
        column: 1,
        message,
    };
    if table.rows.len() != leads {
        return Err(at_top(format!(
            "the file has {} data rows but {leads} leads were loaded from it",
            table.rows.len()
        )));
    }
    names
        .iter()
        .map(|name| {
            let col = table.column(name).ok_or_else(|| {
                at_top(format!(
                    "no column `{name}` in the leads file; its columns are {}",
                    listed(&table.columns)
                ))
            })?;
            let cells = table
                .rows
                .iter()
                .map(|row| {
                    let (line, column) = table.locate(row, col);
                    (table.text(row, col).filter(|t| !t.is_empty()), line, column)
                })
                .collect();
            Ok(LeadColumn {
                name: name.to_string(),
                file: file.clone(),
                cells,
            })
        })
        .collect()
}

fn listed(columns: &[String]) -> String {
    let shown: Vec<String> = columns.iter().take(30).map(|c| format!("`{c}`")).collect();
    let more = columns.len().saturating_sub(30);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Reads an outcome column as converted / not converted. With `positive`, a lead
/// converted when its cell equals that text; otherwise `true`/`false`, `yes`/`no` and
/// `1`/`0` are understood, in any case.
pub fn outcomes(col: &LeadColumn, positive: Option<&str>) -> Result<Vec<bool>, DataError> {
    (0..col.len())
        .map(|i| {
            let text = col.text(i).ok_or_else(|| {
                col.error(i, format!("the outcome `{}` is empty for this lead", col.name))
            })?;
            if let Some(p) = positive {
                return Ok(text == p);
            }
            match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(true),
                "false" | "no" | "0" => Ok(false),
                _ => Err(col.error(
                    i,
                    format!(
                        "expected the outcome `{}` to be true/false, yes/no or 1/0, found `{text}`; \
                         use `--positive {text}` if this value means converted",
                        col.name
                    ),
                )),
            }
        })
        .collect()
}

/// Reads a column of times (`2024-06-01` or RFC 3339), as seconds since the epoch.
pub fn times(col: &LeadColumn) -> Result<Vec<i64>, DataError> {
    (0..col.len())
        .map(|i| {
            let text = col.text(i).unwrap_or("");
            crate::data::time::parse(text).ok_or_else(|| {
                col.error(
                    i,
                    format!(
                        "expected a time in `{}` such as `2024-06-01` or `2024-06-01T12:00:00Z`, found `{text}`",
                        col.name
                    ),
                )
            })
        })
        .collect()
}

/// Reads a column to order leads by: numbers when every cell is one, else times when
/// every cell is one, else text in byte order (as ranks). Empty cells are an error.
pub fn order_keys(col: &LeadColumn) -> Result<Vec<f64>, DataError> {
    let mut texts = Vec::with_capacity(col.len());
    for i in 0..col.len() {
        let t = col.text(i).ok_or_else(|| {
            col.error(
                i,
                format!(
                    "`{}` is empty for this lead, so it cannot be ordered",
                    col.name
                ),
            )
        })?;
        texts.push(t);
    }
    if let Some(v) = texts
        .iter()
        .map(|t| t.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect()
    {
        return Ok(v);
    }
    if let Some(v) = texts
        .iter()
        .map(|t| crate::data::time::parse(t).map(|s| s as f64))
        .collect()
    {
        return Ok(v);
    }
    let mut sorted: Vec<&str> = texts.clone();
    sorted.sort_unstable();
    sorted.dedup();
    Ok(texts
        .iter()
        .map(|t| sorted.binary_search(t).unwrap_or(0) as f64)
        .collect())
}
