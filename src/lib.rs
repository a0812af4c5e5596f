//! leadscore: a compiler and runtime for readable lead-scoring rubrics.
//!
//! A rubric (`.score` file) is parsed (`syntax`), checked against a lead schema (`check`,
//! `schema`) into one typed IR (`ir`). Two back ends score it: the reference interpreter
//! (`eval`), which also explains every point, and a cranelift JIT (`jit`) that compiles the
//! whole rubric to one native function and gives the same results bit for bit. Data is
//! loaded into columnar [`Batch`]es (`batch`); [`Scorer`] runs either engine in parallel.
//!
//! The embedding surface, end to end:
//!
//! ```
//! use leadscore::{Batch, Engine, Ruleset, Schema, diag::Source};
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
//! let ruleset = Ruleset::compile(rubric, &schema)?;
//!
//! // A batch from files (`Batch::load`) or built in code, typed by the schema.
//! let batch = Batch::builder(&schema)
//!     .lead(&[("id", "A"), ("employees", "300")])
//!     .lead(&[("id", "B"), ("employees", "12")])
//!     .event("B", "demo_request", "2024-05-30", &[])
//!     .build()?;
//! let as_of = leadscore::data::time::parse("2024-06-01").unwrap();
//!
//! // Native code where the host allows (`Engine::Auto`), the interpreter otherwise.
//! let scorer = ruleset.scorer(Engine::Auto);
//! let scores = scorer.score(&batch, as_of);
//! assert_eq!((scores.score(0, 0), scores.score(1, 0)), (10.0, 15.0));
//! assert_eq!(scores.tier(1, 0), 1); // hot
//!
//! // Both engines agree bit for bit.
//! let reference = ruleset.scorer(Engine::Interp).score(&batch, as_of);
//! assert_eq!(scores.first_difference(&reference), None);
//!
//! // Why B got its points: the interpreter's trace, which adds up to the score.
//! let (_, trace) = scorer.explain(&batch, 1, as_of);
//! assert!(leadscore::eval::explain::render_text(&trace, false).contains("Asked a demo"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod backtest;
pub mod batch;
pub mod calibrate;
pub mod check;
pub mod cli;
pub mod data;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod gen;
pub mod ir;
pub mod jit;
pub mod output;
pub mod schema;
pub mod scorer;
pub mod syntax;
pub mod testing;

pub use batch::Batch;
pub use diag::Diagnostics;
pub use schema::Schema;
pub use scorer::{Engine, Ruleset, Scorer, Scores};
