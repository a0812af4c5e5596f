//! The untyped AST of `test "name" { … }` blocks: a lead, its events and expectations,
//! written in the rubric file or in a `*.test.score` file beside it.

use super::ast::{Action, CmpOp, Duration, ListItem, Name, Num};
use crate::diag::Span;

/// One `test "name" { … }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct TestBlock {
    /// The quoted name.
    pub name: Name,
    /// `as of "2024-06-01"`: the time the lead is scored at; event times are relative to it.
    pub as_of: Option<Name>,
    /// `lead { field = value, … }`; fields left out are missing.
    pub lead: Vec<TestField>,
    /// Where `lead { … }` is written, if it is.
    pub lead_span: Option<Span>,
    /// `page_view at -2d { url = "/pricing" }`, in the order written.
    pub events: Vec<TestEvent>,
    /// `expect …` lines, in the order written.
    pub expects: Vec<Expect>,
    /// The whole block.
    pub span: Span,
}

/// `name = value` in a lead or event.
#[derive(Clone, Debug, PartialEq)]
pub struct TestField {
    /// The field or attribute.
    pub name: Name,
    /// Its value, typed later against the schema.
    pub value: TestValue,
}

/// A literal as written in a test.
#[derive(Clone, Debug, PartialEq)]
pub enum TestValue {
    /// `"text"`: text, an enum variant, or a timestamp such as `"2024-05-01"`.
    Text(Name),
    /// `250`, `-3.5`.
    Num(Num),
    /// `-30d`: a timestamp relative to the test's as-of.
    Duration(Duration),
    /// `true` / `false`.
    Bool(bool, Span),
    /// `missing`.
    Missing(Span),
    /// A bare word: an enum variant.
    Word(Name),
}

impl TestValue {
    /// Where the value is written.
    pub fn span(&self) -> Span {
        match self {
            TestValue::Text(n) | TestValue::Word(n) => n.span,
            TestValue::Num(n) => n.span,
            TestValue::Duration(d) => d.span,
            TestValue::Bool(_, s) | TestValue::Missing(s) => *s,
        }
    }
}

/// `page_view at -2d { url = "/pricing" }`.
#[derive(Clone, Debug, PartialEq)]
pub struct TestEvent {
    /// The event type.
    pub event: Name,
    /// When, relative to the test's as-of (negative is before).
    pub at: Duration,
    /// Attribute values; attributes left out are missing.
    pub attrs: Vec<TestField>,
    /// The whole event line.
    pub span: Span,
}

/// One `expect …` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    /// What is expected.
    pub kind: ExpectKind,
    /// The whole line.
    pub span: Span,
}

/// The kinds of expectation.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectKind {
    /// `expect fired [..]` (exactly these rules fired) or `expect not fired [..]` (none of them).
    Fired {
        /// `not fired`.
        negated: bool,
        /// Rule names.
        rules: Vec<Name>,
    },
    /// `expect route [..]` (exactly these actions) or `expect not route [..]` (none of them).
    Route {
        /// `not route`.
        negated: bool,
        /// Actions with targets.
        actions: Vec<Action>,
        /// The list, for labels.
        list: Span,
    },
    /// `expect engagement >= 30`, `expect tier == hot`, `expect total about 42.5`, …
    Value {
        /// A score or tier set.
        target: Name,
        /// The test applied to it.
        test: ValueTest,
    },
}

/// A test of one score or tier.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueTest {
    /// `about 12.5`: equal once rounded to the decimals written.
    About(Num, u32),
    /// `== 10`, `>= 30`, `== hot`, `!= "cold"`.
    Cmp(CmpOp, ListItem),
    /// `in [warm, hot]`, `not in [cold]`.
    InList {
        /// `not in`.
        negated: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// `in 10..20`, `not in 10..20` (ends included).
    InRange {
        /// `not in`.
        negated: bool,
        /// Low end.
        lo: Num,
        /// High end.
        hi: Num,
    },
}
