//! Building a batch in code, typed and checked exactly like a file.

use super::Batch;
use crate::data::load::{load_str, DataError, LoadOptions};
use crate::schema::Schema;

/// Collects leads and events as text cells, then types them against the schema.
///
/// ```
/// # use leadscore::{Batch, diag::Source, Schema};
/// let schema = Schema::parse(Source::new("s", "lead { key id: string  employees: int? }\nevent demo_request {}"))?;
/// let batch = Batch::builder(&schema)
///     .lead(&[("id", "A"), ("employees", "300")])
///     .lead(&[("id", "B")])
///     .event("B", "demo_request", "2024-05-30", &[])
///     .build()?;
/// assert_eq!(batch.len(), 2);
/// assert_eq!(batch.event_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BatchBuilder<'s> {
    schema: &'s Schema,
    leads: csv::Writer<Vec<u8>>,
    events: csv::Writer<Vec<u8>>,
    event_columns: Vec<String>,
}

impl<'s> BatchBuilder<'s> {
    pub(super) fn new(schema: &'s Schema) -> Self {
        let mut leads = csv::Writer::from_writer(Vec::new());
        let _ = leads.write_record(schema.fields.iter().map(|f| f.name.as_str()));
        let mut event_columns: Vec<String> = vec!["lead".into(), "event".into(), "at".into()];
        for a in schema.events.iter().flat_map(|e| &e.attrs) {
            if !event_columns.contains(&a.name) {
                event_columns.push(a.name.clone());
            }
        }
        let mut events = csv::Writer::from_writer(Vec::new());
        let _ = events.write_record(&event_columns);
        BatchBuilder {
            schema,
            leads,
            events,
            event_columns,
        }
    }

    /// Adds a lead from `(field, text)` pairs; fields not named are empty.
    pub fn lead(mut self, cells: &[(&str, &str)]) -> Self {
        let row = self.schema.fields.iter().map(|f| {
            cells
                .iter()
                .find(|(k, _)| *k == f.name)
                .map_or("", |(_, v)| *v)
        });
        let _ = self.leads.write_record(row);
        self
    }

    /// Adds an event of lead `key` of type `event` at time `at`, with attribute cells.
    pub fn event(mut self, key: &str, event: &str, at: &str, attrs: &[(&str, &str)]) -> Self {
        let row = self.event_columns.iter().map(|c| match c.as_str() {
            "lead" => key,
            "event" => event,
            "at" => at,
            name => attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map_or("", |(_, v)| *v),
        });
        let _ = self.events.write_record(row);
        self
    }

    /// Types every cell; the first bad one is an error located in `leads.csv`/`events.csv`.
    pub fn build(self) -> Result<Batch, DataError> {
        let text = |w: csv::Writer<Vec<u8>>| {
            w.into_inner()
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default()
        };
        let (leads, events) = (text(self.leads), text(self.events));
        let opts = LoadOptions::default();
        let (data, _) = load_str(
            self.schema,
            "leads.csv",
            &leads,
            Some(("events.csv", &events)),
            &opts,
        )?;
        Ok(Batch::from_dataset(self.schema, &data))
    }
}
