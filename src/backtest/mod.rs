//! Backtesting a rubric against real outcomes (issue 5, in progress): the ranking metrics
//! that `leadscore backtest` will report. Pure functions of scores and outcomes, so they
//! are tested on hand-computed inputs and give the same bits on every run.

pub mod logistic;
pub mod metrics;
pub mod split;

pub use metrics::{auc, buckets, deciles, Bucket, Decile};
