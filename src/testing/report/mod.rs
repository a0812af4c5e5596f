//! Test reports: for people (like `cargo test`), JUnit XML for CI dashboards, and JSON.

mod human;
mod json;
pub(crate) mod junit;

pub use human::{human, summary};
pub use json::json;
pub use junit::junit;
