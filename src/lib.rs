//! leadscore: a compiler and runtime for readable lead-scoring rubrics.
//!
//! A rubric (`.score` file) is parsed (`syntax`), checked against a lead schema (`check`,
//! `schema`) into one typed IR (`ir`), and scored by the reference interpreter (`eval`),
//! which also explains every point. `data` loads leads and events; `output` writes scores.
//!
//! ```
//! use leadscore::{check, data, diag::Source, eval, schema::Schema};
//!
//! let schema = Schema::parse(Source::new("lead.schema", "lead { key id: string  employees: int? }\nevent demo_request {}"))?;
//! let rubric = r#"
//!     ruleset "demo" version 1
//!     use schema "lead.schema"
//!     score fit {
//!       rule "Big company"  when employees >= 250            award 10
//!       rule "Asked a demo" any demo_request within 30d      award 15
//!     }
//!     tiers on fit { cold up to 10  hot above 10 }
//! "#;
//! // Compile once; every error in the rubric comes back at once as `Diagnostics`.
//! let compiled = check::compile(Source::new("demo.score", rubric), |_| Ok(schema))?;
//! let program = &compiled.program;
//!
//! let leads = "id,employees\nA,300\nB,12\n";
//! let events = "lead,event,at\nB,demo_request,2024-05-30\n";
//! let (dataset, _report) = data::load::load_str(&program.schema, "leads.csv", leads, Some(("events.csv", events)), &Default::default())?;
//! let as_of = data::time::parse("2024-06-01").unwrap();
//!
//! let scores: Vec<f64> = dataset.leads.iter().zip(&dataset.events)
//!     .map(|(lead, events)| eval::evaluate(program, lead, events, as_of).scores[0])
//!     .collect();
//! assert_eq!(scores, [10.0, 15.0]);
//!
//! // The same code path, with a trace of why.
//! let (_, trace) = eval::explain(program, &dataset.leads[1], &dataset.events[1], as_of);
//! assert!(eval::explain::render_text(&trace, false).contains("Asked a demo"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod check;
pub mod cli;
pub mod data;
pub mod diag;
pub mod eval;
pub mod gen;
pub mod ir;
pub mod jit;
pub mod output;
pub mod schema;
pub mod scorer;
pub mod syntax;

pub use batch::Batch;
pub use diag::Diagnostics;
pub use schema::Schema;
pub use scorer::{Engine, Ruleset, Scorer, Scores};
