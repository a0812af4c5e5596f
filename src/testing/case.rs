//! A checked test: a lead and its events as data, and expectations resolved to ids.

use crate::data::{Event, Lead};
use crate::diag::Span;
use crate::syntax::ast::{ActionKind, CmpOp};

/// When a test does not say `as of "…"`: a fixed time, so tests never depend on the clock.
pub const DEFAULT_AS_OF: &str = "2024-06-01";

/// One test, ready to run.
#[derive(Clone, Debug)]
pub struct Test {
    /// Its quoted name.
    pub name: String,
    /// 1-based line of `test` in its file.
    pub line: usize,
    /// The whole block.
    pub span: Span,
    /// Scoring time, seconds since the epoch.
    pub as_of: i64,
    /// The lead (fields left out are missing).
    pub lead: Lead,
    /// Its events, sorted by time (ties in the order written).
    pub events: Vec<Event>,
    /// Expectations in the order written.
    pub expects: Vec<Expectation>,
}

/// One `expect` line.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// The line as written, for reports.
    pub text: String,
    /// 1-based line in its file.
    pub line: usize,
    /// What it checks.
    pub check: Check,
}

/// What an expectation checks, with names resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// Exactly these rules fired (`negated`: none of them did). Rule indices in
    /// `Program::rules()` order.
    Fired {
        /// `expect not fired`.
        negated: bool,
        /// Rule indices.
        rules: Vec<usize>,
    },
    /// Exactly these route actions were taken (`negated`: none of them were).
    Route {
        /// `expect not route`.
        negated: bool,
        /// Actions and targets.
        actions: Vec<(ActionKind, String)>,
    },
    /// A test on a score's final value.
    Score {
        /// Score id.
        score: usize,
        /// The test.
        test: NumTest,
    },
    /// The tier of a tier set is one of these (`negated`: is none of them).
    Tier {
        /// Tier set id.
        set: usize,
        /// `!=` or `not in`.
        negated: bool,
        /// Tier indices.
        tiers: Vec<u32>,
    },
}

/// A test on a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NumTest {
    /// `== 10`, `>= 30`, …
    Cmp(CmpOp, f64),
    /// `about 12.5`: equal once rounded to `decimals` places.
    About(f64, u32),
    /// `in 10..20` (ends included); `negated` for `not in`.
    Range {
        /// `not in`.
        negated: bool,
        /// Low end.
        lo: f64,
        /// High end.
        hi: f64,
    },
}

impl NumTest {
    /// Whether `v` passes.
    pub fn holds(self, v: f64) -> bool {
        match self {
            NumTest::Cmp(op, x) => match op {
                CmpOp::Eq => v == x,
                CmpOp::Ne => v != x,
                CmpOp::Lt => v < x,
                CmpOp::Le => v <= x,
                CmpOp::Gt => v > x,
                CmpOp::Ge => v >= x,
            },
            NumTest::About(x, decimals) => {
                // Half a unit of the last decimal written, plus room for binary rounding.
                let half = 0.5 * 10f64.powi(-(decimals as i32));
                (v - x).abs() <= half * (1.0 + 1e-9)
            }
            NumTest::Range { negated, lo, hi } => (lo <= v && v <= hi) != negated,
        }
    }
}
