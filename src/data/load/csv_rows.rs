//! CSV text → [`Table`], via the `csv` crate, keeping each record's raw text.

use super::table::{field_start, Cells, Layout, Row, Table};
use super::DataError;
use csv::{ReaderBuilder, StringRecord};

/// Splits CSV text into a header and rows. Fails only when there is no header line.
/// Rows whose field count differs from the header's become bad rows, not errors here.
pub(crate) fn read_csv(file: &str, text: &str) -> Result<Table, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = detect_delimiter(file, text);
    let mut rdr = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim as u8)
        .from_reader(text.as_bytes());
    let mut records = Records {
        rdr: &mut rdr,
        text,
        counted: 0,
        line: 1,
    };
    let header = loop {
        match records.next_record() {
            None => {
                let message =
                    "the file is empty: expected a header line naming the columns".to_string();
                return Err(DataError {
                    file: file.into(),
                    line: 1,
                    column: 1,
                    message,
                });
            }
            Some((_, raw, _)) if raw.trim().is_empty() => continue,
            Some((_, _, Ok(rec))) => break rec,
            Some((line, _, Err(message))) => {
                return Err(DataError {
                    file: file.into(),
                    line,
                    column: 1,
                    message,
                })
            }
        }
    };
    let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut rows = Vec::new();
    while let Some((line, raw, rec)) = records.next_record() {
        // A line of spaces is a blank line to a reader, though not to the csv crate.
        if raw.trim().is_empty() {
            continue;
        }
        let cells = match rec {
            Ok(rec) if rec.len() == columns.len() => {
                Ok(Cells::Csv(rec.iter().map(str::to_string).collect()))
            }
            Ok(rec) => Err(width_error(
                file,
                line,
                &raw,
                delim,
                columns.len(),
                rec.len(),
            )),
            Err(message) => Err(DataError {
                file: file.into(),
                line,
                column: 1,
                message,
            }),
        };
        rows.push(Row { line, raw, cells });
    }
    Ok(Table {
        file: file.into(),
        columns,
        rows,
        layout: Layout::Csv(delim),
    })
}

/// `;` when the header has more of them than commas (European exports), tab for `.tsv` or
/// when tabs dominate, else `,`.
pub(crate) fn detect_delimiter(file: &str, text: &str) -> char {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if file.to_ascii_lowercase().ends_with(".tsv") || (tabs > commas && tabs > semis) {
        '\t'
    } else if semis > commas {
        ';'
    } else {
        ','
    }
}

fn width_error(
    file: &str,
    line: u64,
    raw: &str,
    delim: char,
    want: usize,
    got: usize,
) -> DataError {
    // Point at the first surplus field when there are too many; else at the row start.
    let (lines, column) = if got > want {
        field_start(raw, delim, want)
    } else {
        (0, 1)
    };
    let message = format!(
        "expected {want} column{}, found {got}",
        if want == 1 { "" } else { "s" }
    );
    DataError {
        file: file.into(),
        line: line + lines,
        column,
        message,
    }
}

/// Records with their 1-based start line and raw text.
struct Records<'r, 't> {
    rdr: &'r mut csv::Reader<&'t [u8]>,
    text: &'t str,
    /// Lines counted up to this byte; record starts only move forward.
    counted: usize,
    line: u64,
}

impl Records<'_, '_> {
    fn next_record(&mut self) -> Option<(u64, String, Result<StringRecord, String>)> {
        let mut rec = StringRecord::new();
        let before = self.rdr.position().byte() as usize;
        let result = self.rdr.read_record(&mut rec);
        let after = self.rdr.position().byte() as usize;
        // The crate reports a record as starting where the read began, which may be on
        // the previous line's terminator or on blank lines it skipped; step past those.
        let skipped = self
            .text
            .get(before..after)
            .map_or(0, |s| s.len() - s.trim_start_matches(['\r', '\n']).len());
        let start = before + skipped;
        let line = self.line_at(start);
        match result {
            Ok(false) => None,
            Ok(true) => Some((line, self.raw(start, after), Ok(rec))),
            Err(e) => {
                // Input is a &str, so the crate has nothing left to object to but its own
                // limits; stop rather than risk looping on a reader that cannot advance.
                if after <= before {
                    return None;
                }
                Some((
                    line,
                    self.raw(start, after),
                    Err(format!("unreadable CSV row: {e}")),
                ))
            }
        }
    }

    /// 1-based line of a byte offset at or after the last one asked about.
    fn line_at(&mut self, offset: usize) -> u64 {
        let bytes = self.text.as_bytes();
        let end = offset.min(bytes.len());
        for i in self.counted..end {
            // `\n`, `\r\n` and a lone `\r` (old Mac exports) each end a line.
            let lone_cr = bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if bytes[i] == b'\n' || lone_cr {
                self.line += 1;
            }
        }
        self.counted = self.counted.max(end);
        self.line
    }

    fn raw(&self, start: usize, end: usize) -> String {
        let s = self.text.get(start..end.min(self.text.len())).unwrap_or("");
        s.trim_end_matches(['\r', '\n']).to_string()
    }
}
