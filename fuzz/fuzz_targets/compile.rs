//! Any bytes as a rubric: compiling, rendering diagnostics, scoring and formatting must never
//! panic, and formatting must never produce a different rubric.
#![no_main]

use leadscore::data::{Event, Lead, Value};
use leadscore::diag::Source;
use leadscore::{check, diag, eval, schema::Schema};
use libfuzzer_sys::fuzz_target;

const SCHEMA: &str = include_str!("../../rules/seed/lead.schema");

fuzz_target!(|data: &[u8]| {
    let src = match check::text_source("fuzz.score".into(), data.to_vec()) {
        Ok(src) => src,
        Err(d) => {
            let _ = diag::render_plain(&d);
            return;
        }
    };
    if let Err(leadscore::fmt::FmtError::Internal(why)) = leadscore::fmt::format(&src) {
        panic!("the formatter changed the rubric: {why}");
    }
    match check::compile(src, |_| Schema::parse(Source::new("lead.schema", SCHEMA))) {
        Err(d) => {
            let _ = diag::render_plain(&d);
            let _ = diag::render_json(&d);
        }
        Ok(c) => {
            let p = &c.program;
            let lead = Lead {
                values: vec![Value::Missing; p.schema.fields.len()],
                key: "k".into(),
                line: 2,
            };
            let events: Vec<Event> = (0..p.schema.events.len() as u32)
                .map(|kind| Event {
                    kind,
                    at: 1_700_000_000 - i64::from(kind) * 86_400,
                    attrs: vec![Value::Missing; 2],
                })
                .rev()
                .collect();
            let (_, trace) = eval::explain(p, &lead, &events, 1_700_000_000);
            let _ = eval::explain::render_text(&trace, false);
        }
    }
});
