//! The typed IR: the single contract between the checker and the back ends.
//!
//! A `Program` exists only as the output of `check`, so holding one means the rubric was
//! checked. Expressions and event patterns live in flat arenas addressed by ids; every
//! expression's type is fixed by its variant (numeric, text or condition), so back ends
//! never inspect types at run time.

use crate::diag::{Source, Span};
use crate::schema::Schema;
use crate::syntax::ast::{ActionKind, ArithOp, CmpOp, StrOp};
use std::sync::Arc;

/// Index into `Program::exprs`.
pub type ExprId = u32;
/// Index into `Program::patterns`.
pub type PatternId = u32;
/// Index into `Program::scores`.
pub type ScoreId = u32;

/// Where a loaded value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ref {
    /// A lead field slot.
    Lead(u32),
    /// An attribute slot of the event currently being matched.
    Event(u32),
    /// The event's own time (`at`).
    EventAt,
}

/// A typed expression node. Numeric nodes yield `f64` or missing; text nodes yield text or
/// missing; condition nodes yield a plain bool (a test on a missing value is false).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Numeric constant.
    Num(f64),
    /// An int/number field or attribute.
    NumLoad(Ref),
    /// Days between a timestamp and as-of (negative when in the future).
    DaysSince(Ref),
    /// Days since the newest (`last`) or oldest matching event.
    DaysSinceEvent {
        /// The events considered.
        pattern: PatternId,
        /// Newest (`true`) or oldest.
        last: bool,
    },
    /// Number of matching events.
    Count(PatternId),
    /// Sum of a numeric attribute over matching events (missing values skipped).
    Sum {
        /// The events summed.
        pattern: PatternId,
        /// Attribute slot of the event type.
        attr: u32,
    },
    /// `-x`.
    Neg(ExprId),
    /// Arithmetic; division by zero and non-finite results are missing.
    Arith(ArithOp, ExprId, ExprId),
    /// The value of an earlier score (derived scores, routes).
    Score(ScoreId),
    /// Text constant.
    Str(String),
    /// A string field or attribute.
    StrLoad(Ref),
    /// Lower-cased text.
    Lower(ExprId),
    /// Constant condition.
    Bool(bool),
    /// A bool field or attribute.
    BoolLoad(Ref),
    /// Numeric comparison.
    CmpNum(CmpOp, ExprId, ExprId),
    /// Text equality (`negated` for `!=`).
    StrEq {
        /// Left text.
        a: ExprId,
        /// Right text.
        b: ExprId,
        /// `!=` rather than `==`.
        negated: bool,
    },
    /// Timestamp comparison.
    CmpTs(CmpOp, Ref, Ref),
    /// Enum value is one of these variant indices.
    EnumIn(Ref, Vec<u32>),
    /// A tier set's tier is one of these.
    TierIn(u32, Vec<u32>),
    /// Text is one of these.
    StrIn(ExprId, Vec<String>),
    /// Number in `lo..=hi`.
    InRange(ExprId, f64, f64),
    /// `contains` / `starts_with` / `ends_with`.
    StrTest(StrOp, ExprId, String),
    /// The value is missing (any type).
    IsMissing(ExprId),
    /// A field of any type loaded only to test presence.
    Present(Ref),
    /// All true (stops at the first false).
    And(Vec<ExprId>),
    /// Any true (stops at the first true).
    Or(Vec<ExprId>),
    /// Negation.
    Not(ExprId),
    /// At least one matching event.
    Any(PatternId),
    /// No matching event.
    None(PatternId),
}

/// Event selection shared by rules and aggregates.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// Event type id, or `None` for any type.
    pub event: Option<u32>,
    /// Condition on the event (refs are `Ref::Event`).
    pub filter: Option<ExprId>,
    /// Window in seconds: `as_of - within < at <= as_of`.
    pub within: Option<i64>,
    /// Sequence condition.
    pub followed: Option<Followed>,
    /// Source text, for explain.
    pub span: Span,
}

/// `[not] followed by EVENT where … within D`.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    /// True for `not followed by`.
    pub negated: bool,
    /// Follow-up event type, or any.
    pub event: Option<u32>,
    /// Condition on the follow-up event.
    pub filter: Option<ExprId>,
    /// Seconds: a follow-up at `t < f <= t + within` counts.
    pub within: i64,
}

/// How event points fade with age.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decay {
    /// Full points whatever the age.
    None,
    /// `points × 0.5^(age / half_life)`, both in seconds.
    HalfLife(i64),
    /// `points × max(0, 1 − age / length)`.
    Linear(i64),
}

/// What makes a rule fire.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// A condition on the lead.
    When(ExprId),
    /// Points per matching event.
    Each(PatternId),
    /// Points once when any event matches, decayed by the newest match.
    Any(PatternId),
}

/// One scoring rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Its quoted name.
    pub name: String,
    /// When it fires.
    pub trigger: Trigger,
    /// Points expression (numeric).
    pub points: ExprId,
    /// −1 for `deduct`, +1 for `award`.
    pub sign: f64,
    /// Contribution limited to `[-cap, cap]`.
    pub cap: Option<f64>,
    /// Effective decay (rule's own, else the score's, else none).
    pub decay: Decay,
    /// Whole rule in the source.
    pub span: Span,
}

/// How a score is computed.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoreKind {
    /// Sum of rule contributions, rules in order.
    Rules(Vec<Rule>),
    /// A formula over earlier scores.
    Derived(ExprId),
}

/// A named score.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Name.
    pub name: String,
    /// Rules or formula.
    pub kind: ScoreKind,
    /// `clamp lo..hi`.
    pub clamp: Option<(f64, f64)>,
}

/// A set of tiers on one score.
#[derive(Clone, Debug, PartialEq)]
pub struct TierSet {
    /// Column name (`tier`, `grade`, …).
    pub name: String,
    /// The score read.
    pub score: ScoreId,
    /// Tier names, lowest first.
    pub names: Vec<String>,
    /// Inclusive upper bound of every tier but the last.
    pub uppers: Vec<f64>,
}

/// What a route line matches on.
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    /// A condition.
    When(ExprId),
    /// A deterministic share of leads, optionally only those meeting a condition.
    Sample {
        /// Share of leads, 0 < fraction ≤ 1.
        fraction: f64,
        /// Only leads meeting this condition.
        cond: Option<ExprId>,
    },
    /// Leads that no earlier line gave a queue.
    Otherwise,
}

/// One route line.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteLine {
    /// Its guard.
    pub guard: Guard,
    /// Its actions with targets.
    pub actions: Vec<(ActionKind, String)>,
    /// Whole line.
    pub span: Span,
}

/// A checked, lowered rubric.
#[derive(Clone, Debug)]
pub struct Program {
    /// `ruleset "name"`.
    pub name: String,
    /// `version N`.
    pub version: u64,
    /// Where `version N` is written, for diagnostics about the version.
    pub version_span: Span,
    /// Short content hash of the compiled rubric and schema.
    pub hash: String,
    /// The schema it was checked against.
    pub schema: Arc<Schema>,
    /// Rubric text, for explain snippets.
    pub source: Source,
    /// Expression arena.
    pub exprs: Vec<Expr>,
    /// Span of each expression.
    pub spans: Vec<Span>,
    /// Pattern arena.
    pub patterns: Vec<Pattern>,
    /// Rule scores first, then derived, each group in source order.
    pub scores: Vec<Score>,
    /// Tier sets in source order.
    pub tier_sets: Vec<TierSet>,
    /// Route lines in order.
    pub routes: Vec<RouteLine>,
}

impl Program {
    /// The expression node.
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id as usize]
    }

    /// The source text of an expression.
    pub fn text(&self, id: ExprId) -> &str {
        self.source.slice(self.spans[id as usize])
    }

    /// Every rule with its score id, in evaluation order.
    pub fn rules(&self) -> impl Iterator<Item = (usize, &Rule)> {
        self.scores
            .iter()
            .enumerate()
            .flat_map(|(i, s)| match &s.kind {
                ScoreKind::Rules(r) => r.iter().map(move |r| (i, r)).collect::<Vec<_>>(),
                ScoreKind::Derived(_) => vec![],
            })
    }
}
