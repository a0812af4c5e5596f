//! leadscore: a compiler and runtime for readable lead-scoring rubrics.
#![forbid(unsafe_code)]

pub mod data;
pub mod diag;
pub mod ir;
pub mod schema;
pub mod syntax;
pub mod check;
pub mod eval;
pub mod cli;
pub mod output;
