//! TEMP stub
use crate::schema::Schema;
use super::Dataset;
use std::path::Path;
pub enum OnError { Fail, Skip }
pub enum Format { Csv, Jsonl }
#[derive(Default)]
pub struct LoadOptions { pub on_error: OnError, pub row_key: bool, pub leads_format: Option<Format>, pub events_format: Option<Format> }
impl Default for OnError { fn default() -> Self { OnError::Fail } }
pub struct Reject { pub kind: &'static str, pub file: String, pub line: u64, pub column: u64, pub reason: String, pub raw: String }
#[derive(Debug)]
pub struct DataError { pub file: String, pub line: u64, pub column: u64, pub message: String }
impl std::fmt::Display for DataError { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message) } }
pub struct LoadReport { pub lead_rows: usize, pub event_rows: usize, pub rejects: Vec<Reject>, pub orphan_events: usize, pub warnings: Vec<String> }
pub fn load(_schema: &Schema, _leads: &Path, _events: Option<&Path>, _opts: &LoadOptions) -> Result<(Dataset, LoadReport), DataError> { todo!() }
