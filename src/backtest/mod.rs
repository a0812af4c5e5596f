//! Backtesting rubrics against real outcomes: how well does each rank the leads that
//! converted above those that did not, tier by tier, decile by decile and rule by rule,
//! and is one rubric really better than another?
//!
//! [`metrics`] holds the pure ranking measures; [`report`] applies them to one rubric's
//! scores; [`bootstrap`] puts a confidence interval on the AUC difference of two rubrics;
//! [`columns`] reads the outcome (and decision times) that the schema does not declare;
//! [`split`] holds leads out for honest measurement and [`logistic`] is the deterministic
//! fit that `calibrate` uses.

pub mod bootstrap;
pub mod columns;
pub mod html;
pub mod logistic;
pub mod metrics;
mod render;
pub mod report;
pub mod split;

pub use metrics::{auc, buckets, deciles, Bucket, Decile};
pub use report::{RubricReport, RuleRow, TierRow, TierTable};

use serde::Serialize;

/// How to compare.
#[derive(Clone, Debug)]
pub struct Options {
    /// Bootstrap resamples for the AUC difference (0: no interval).
    pub resamples: usize,
    /// Coverage of the interval, e.g. 0.95.
    pub level: f64,
    /// Seed of the first resample.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            resamples: 1000,
            level: 0.95,
            seed: 42,
        }
    }
}

/// A rubric compared with the first rubric of the backtest.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The first rubric's file.
    pub baseline: String,
    /// This rubric's file.
    pub challenger: String,
    /// `AUC(challenger) − AUC(baseline)`.
    pub difference: Option<f64>,
    /// A paired bootstrap interval for the difference.
    pub interval: Option<bootstrap::Interval>,
}

/// Everything `leadscore backtest` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Leads with an outcome.
    pub leads: usize,
    /// Of which converted.
    pub conversions: usize,
    /// `conversions / leads`.
    pub base_rate: f64,
    /// When the leads were scored: a time, or "per lead from column `…`".
    pub scored_as_of: String,
    /// One section per rubric, in the order given.
    pub rubrics: Vec<RubricReport>,
    /// Every rubric after the first against the first.
    pub comparisons: Vec<Comparison>,
    /// Non-monotonic tiers and the like.
    pub warnings: Vec<String>,
    /// Each lead's outcome (for charts; not serialised).
    #[serde(skip)]
    pub outcomes: Vec<bool>,
}

impl Report {
    /// Assembles the report from each rubric's measured section.
    pub fn new(
        rubrics: Vec<RubricReport>,
        outcomes: Vec<bool>,
        scored_as_of: String,
        opts: &Options,
    ) -> Report {
        let conversions = outcomes.iter().filter(|o| **o).count();
        let comparisons = rubrics
            .iter()
            .skip(1)
            .map(|r| compare(&rubrics[0], r, &outcomes, opts))
            .collect();
        let warnings = rubrics
            .iter()
            .flat_map(|r| {
                report::warnings(r)
                    .into_iter()
                    .map(move |w| format!("{}: {w}", r.rubric.path))
            })
            .collect();
        Report {
            leads: outcomes.len(),
            conversions,
            base_rate: if outcomes.is_empty() {
                0.0
            } else {
                conversions as f64 / outcomes.len() as f64
            },
            scored_as_of,
            rubrics,
            comparisons,
            warnings,
            outcomes,
        }
    }

    /// The report as aligned text tables.
    pub fn text(&self) -> String {
        render::text(self)
    }

    /// The report as GitHub-flavoured markdown.
    pub fn markdown(&self) -> String {
        render::markdown(self)
    }

    /// The report as one pretty-printed JSON object.
    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Every field is a plain number, string or list; this cannot fail.
            format!("{{\"error\": \"{e}\"}}")
        });
        s.push('\n');
        s
    }
}

fn compare(a: &RubricReport, b: &RubricReport, outcomes: &[bool], opts: &Options) -> Comparison {
    Comparison {
        baseline: a.rubric.path.clone(),
        challenger: b.rubric.path.clone(),
        difference: a.auc.zip(b.auc).map(|(x, y)| y - x),
        interval: (opts.resamples > 0)
            .then(|| {
                bootstrap::auc_difference(
                    &a.values,
                    &b.values,
                    outcomes,
                    opts.resamples,
                    opts.level,
                    opts.seed,
                )
            })
            .flatten(),
    }
}
