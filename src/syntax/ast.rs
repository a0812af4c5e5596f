//! The untyped syntax tree of a rubric, exactly as written, with spans.
//! Nothing here is checked against a schema; `check` turns it into `ir::Program`.

use crate::diag::Span;

/// A name and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A number literal with its span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    /// Value.
    pub value: f64,
    /// Where.
    pub span: Span,
}

/// A duration literal (`30d`, `12h`, `2w`) in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duration {
    /// Length in seconds (may be zero; the checker rejects that where it matters).
    pub seconds: f64,
    /// Where.
    pub span: Span,
}

/// A whole rubric file.
#[derive(Clone, Debug, PartialEq)]
pub struct Rubric {
    /// `ruleset "name"`.
    pub name: Name,
    /// `version N`.
    pub version: u64,
    /// Where `version N` is written.
    pub version_span: Span,
    /// `use schema "path"`.
    pub schema_path: Name,
    /// Score blocks in order.
    pub scores: Vec<ScoreBlock>,
    /// Derived scores in order.
    pub derived: Vec<Derived>,
    /// Tier sets in order.
    pub tiers: Vec<TierSet>,
    /// Route blocks (only one is allowed; the checker says so).
    pub routes: Vec<RouteBlock>,
    /// `test "name" { … }` blocks written in the rubric file.
    pub tests: Vec<super::test_ast::TestBlock>,
}

/// `score NAME clamp lo..hi decay … { rules }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreBlock {
    /// Score name.
    pub name: Name,
    /// Optional clamp.
    pub clamp: Option<Clamp>,
    /// Default decay for event rules.
    pub decay: Option<Decay>,
    /// Rules in order.
    pub rules: Vec<Rule>,
}

/// `clamp lo..hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clamp {
    /// Lower bound.
    pub lo: Num,
    /// Upper bound.
    pub hi: Num,
    /// Whole clause.
    pub span: Span,
}

/// A decay clause.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decay {
    /// `decay half_life D`.
    HalfLife(Duration),
    /// `decay linear D`.
    Linear(Duration),
    /// `no_decay`.
    None(Span),
}

/// One `rule`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The quoted rule name.
    pub name: Name,
    /// What makes it fire.
    pub trigger: Trigger,
    /// `deduct` rather than `award`.
    pub deduct: bool,
    /// The points expression.
    pub points: Expr,
    /// `cap N`.
    pub cap: Option<Num>,
    /// Per-rule decay override.
    pub decay: Option<Decay>,
    /// The whole rule.
    pub span: Span,
}

/// The firing condition of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// `when COND`.
    When(Expr),
    /// `each PATTERN`: points per matching event.
    Each(Pattern),
    /// `any PATTERN`: points once, decayed by the newest match.
    Any(Pattern),
}

/// An event pattern: `page_view where … within 30d not followed by … within 3d`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// Event type, or `event` for any type.
    pub event: Name,
    /// Filter on the event's attributes.
    pub filter: Option<Box<Expr>>,
    /// Recency window.
    pub within: Option<Duration>,
    /// Sequence condition.
    pub followed: Option<Box<Followed>>,
    /// Whole pattern.
    pub span: Span,
}

/// `[not] followed by EVENT [where …] within D`.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    /// `not followed by`.
    pub negated: bool,
    /// The follow-up event type.
    pub event: Name,
    /// Its filter.
    pub filter: Option<Expr>,
    /// How soon it must follow.
    pub within: Duration,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl ArithOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// String tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrOp {
    /// `contains`
    Contains,
    /// `starts_with`
    StartsWith,
    /// `ends_with`
    EndsWith,
}

impl StrOp {
    /// The keyword as written.
    pub fn as_str(self) -> &'static str {
        match self {
            StrOp::Contains => "contains",
            StrOp::StartsWith => "starts_with",
            StrOp::EndsWith => "ends_with",
        }
    }
}

/// An item of an `in [...]` list.
#[derive(Clone, Debug, PartialEq)]
pub enum ListItem {
    /// `"text"`.
    Str(Name),
    /// `42`.
    Num(Num),
    /// A bare word: an enum variant or tier name.
    Word(Name),
}

/// An expression, untyped.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What kind.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number.
    Num(f64),
    /// A duration, used as a number of days.
    Days(f64),
    /// A string.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A bare name: field, attribute, score, tier set, enum variant.
    Name(String),
    /// `a and b and …`.
    And(Vec<Expr>),
    /// `a or b or …`.
    Or(Vec<Expr>),
    /// `not a`.
    Not(Box<Expr>),
    /// `-a`.
    Neg(Box<Expr>),
    /// `a OP b`.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `a + b` etc.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `a [not] in [..]`.
    InList {
        /// The value tested.
        value: Box<Expr>,
        /// The list.
        items: Vec<ListItem>,
        /// `not in`.
        negated: bool,
    },
    /// `a [not] in lo..hi` (inclusive).
    InRange {
        /// The value tested.
        value: Box<Expr>,
        /// Lower end, included.
        lo: Num,
        /// Upper end, included.
        hi: Num,
        /// `not in`.
        negated: bool,
    },
    /// `a contains "x"`.
    StrTest(StrOp, Box<Expr>, Name),
    /// `a is [not] missing`; `present` is `is not missing`.
    IsMissing {
        /// The value tested.
        value: Box<Expr>,
        /// `is present` / `is not missing`.
        negated: bool,
    },
    /// `lower(a)`.
    Lower(Box<Expr>),
    /// `days_since(a)`.
    DaysSince(Box<Expr>),
    /// `days_since(last P)` / `days_since(first P)`.
    DaysSinceEvent {
        /// `last` rather than `first`.
        last: bool,
        /// The events considered.
        pattern: Pattern,
    },
    /// `count(P)`.
    Count(Pattern),
    /// `sum(EVENT.attr where … within D)`.
    Sum {
        /// The events summed.
        pattern: Pattern,
        /// The attribute summed.
        attr: Name,
    },
    /// `any(P)`.
    Any(Pattern),
    /// `none(P)`.
    None(Pattern),
}

/// `name = expr clamp lo..hi`.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// Name.
    pub name: Name,
    /// Formula over other scores.
    pub expr: Expr,
    /// Optional clamp.
    pub clamp: Option<Clamp>,
}

/// `tiers [NAME] on SCORE { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct TierSet {
    /// Name used in routes and output (default `tier`).
    pub name: Name,
    /// The score it reads.
    pub score: Name,
    /// Tiers in order, lowest first.
    pub tiers: Vec<Tier>,
    /// Whole block.
    pub span: Span,
}

/// One tier line.
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    /// Tier name.
    pub name: Name,
    /// `up to N` (inclusive upper bound) or `above N`.
    pub bound: TierBound,
    /// Whole line.
    pub span: Span,
}

/// How a tier line is bounded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TierBound {
    /// `up to N`.
    UpTo(Num),
    /// `above N`.
    Above(Num),
}

/// `route { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteBlock {
    /// Lines in order.
    pub lines: Vec<RouteLine>,
    /// Whole block.
    pub span: Span,
}

/// One line of a route block.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteLine {
    /// When it matches.
    pub guard: Guard,
    /// What it does.
    pub actions: Vec<Action>,
    /// Whole line.
    pub span: Span,
}

/// Route guards.
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    /// `when COND`.
    When(Expr),
    /// `sample P% [of COND]`.
    Sample {
        /// The share, in percent.
        percent: Num,
        /// `of COND`.
        cond: Option<Expr>,
    },
    /// `otherwise`.
    Otherwise(Span),
}

/// Route action kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// Sets the queue (first wins).
    Assign,
    /// Sets the queue to a nurture track (first wins).
    Nurture,
    /// Notifies a channel (every match fires).
    Notify,
    /// Adds a tag (every match fires).
    Tag,
}

impl ActionKind {
    /// The keyword, as written in rubrics and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Assign => "assign",
            ActionKind::Nurture => "nurture",
            ActionKind::Notify => "notify",
            ActionKind::Tag => "tag",
        }
    }
}

/// `assign "queue"` etc.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Kind.
    pub kind: ActionKind,
    /// Target.
    pub target: Name,
}
