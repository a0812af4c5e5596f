//! Stable diagnostic codes. Never renumber: CI configurations and docs refer to them.

macro_rules! codes {
    ($($variant:ident = $code:literal, $slug:literal;)*) => {
        /// A stable diagnostic code; each is documented in `docs/diagnostics.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $(#[doc = $slug] $variant,)* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed, e.g. `E201`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, e.g. `unknown-field`.
            pub fn slug(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }
        }
    };
}

codes! {
    Syntax = "E001", "syntax-error";
    TooDeep = "E002", "too-deeply-nested";
    NotText = "E003", "not-text";
    BadLiteral = "E004", "bad-literal";
    Unreadable = "E005", "file-unreadable";
    SchemaUnreadable = "E101", "schema-file-unreadable";
    SchemaDuplicateField = "E102", "schema-duplicate-field";
    SchemaKey = "E103", "schema-key";
    SchemaDuplicateEvent = "E104", "schema-duplicate-event";
    SchemaEnum = "E105", "schema-bad-enum";
    UnknownField = "E201", "unknown-field";
    UnknownEvent = "E202", "unknown-event";
    UnknownVariant = "E203", "unknown-enum-variant";
    UnknownAttribute = "E204", "unknown-event-attribute";
    UnknownScore = "E205", "unknown-score";
    UnknownTier = "E206", "unknown-tier";
    DuplicateRule = "E207", "duplicate-rule-name";
    DuplicateName = "E208", "duplicate-name";
    TypeMismatch = "E301", "type-mismatch";
    NotACondition = "E302", "not-a-condition";
    NotANumber = "E303", "points-not-a-number";
    EmptyRange = "E401", "empty-range";
    BadDuration = "E402", "bad-duration";
    TierOverlap = "E403", "tier-overlap";
    TierGap = "E404", "tier-gap";
    RouteAfterOtherwise = "E405", "route-after-otherwise";
    BadPercent = "E406", "bad-percent";
    DecayWithoutEvent = "E407", "decay-without-event";
    DuplicateBlock = "E408", "duplicate-block";
    AggregateInPattern = "E409", "aggregate-inside-event";
    UnknownRule = "E601", "unknown-rule";
    DuplicateTest = "E602", "duplicate-test-name";
    BadExpectation = "E603", "bad-expectation";
    TestWithoutRubric = "E604", "test-file-without-rubric";
    RepeatedInTest = "E605", "repeated-in-test";
    NeverFires = "W501", "rule-never-fires";
    UnusedScore = "W502", "unused-score";
    TierUnreachable = "W503", "tier-unreachable";
    RouteUnreachable = "W504", "route-unreachable";
    DoubleCounting = "W505", "double-counting";
    PointsExceedClamp = "W506", "points-exceed-clamp";
    VersionNotBumped = "W507", "version-not-bumped";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
