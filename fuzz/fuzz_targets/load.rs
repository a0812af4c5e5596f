//! Any bytes as a leads file and an events file: loading must never panic, in both modes.
#![no_main]

use leadscore::data::load::{load_str, LoadOptions, OnError};
use leadscore::diag::Source;
use leadscore::schema::Schema;
use libfuzzer_sys::fuzz_target;

const SCHEMA: &str = include_str!("../../rules/seed/lead.schema");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first form feed, if any, splits the input into a leads file and an events file.
    let (leads, events) = match text.split_once('\u{c}') {
        Some((l, e)) => (l, Some(("events.csv", e))),
        None => (text, None),
    };
    let Ok(schema) = Schema::parse(Source::new("lead.schema", SCHEMA)) else {
        return;
    };
    for on_error in [OnError::Fail, OnError::Skip] {
        let opts = LoadOptions {
            on_error,
            ..LoadOptions::default()
        };
        let _ = load_str(&schema, "leads.csv", leads, events, &opts);
    }
});
