//! Tests written in the rubric language: `test "name" { … }` blocks give a lead, its events
//! and what the rubric must make of them; `leadscore test` runs them and reports coverage.

mod case;
pub mod coverage;
pub mod report;
mod resolve;
mod run;
mod suite;
mod values;

pub use case::{Check, Expectation, NumTest, Test, DEFAULT_AS_OF};
pub use coverage::{Coverage, RuleCoverage};
pub use resolve::resolve;
pub use run::{run, Failure, TestResult};
pub use suite::{is_test_file, load, load_beside, load_test_file, partner, Suite, SuiteResult};
