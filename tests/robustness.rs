//! Hostile input: nothing may panic or overflow the stack; everything gets a diagnostic.

use leadscore::check::compile;
use leadscore::diag::{Diagnostics, Source};
use leadscore::schema::Schema;

const SCHEMA: &str =
    "lead { key id: string  employees: int?  email: string? }\nevent page_view { url: string }";

fn compile_text(text: &str) -> Result<(), Diagnostics> {
    compile(Source::new("t.score", text), |_| {
        Schema::parse(Source::new("s", SCHEMA))
    })
    .map(|_| ())
}

fn codes(r: Result<(), Diagnostics>) -> Vec<&'static str> {
    r.err()
        .map(|d| d.0.iter().map(|x| x.code.as_str()).collect())
        .unwrap_or_default()
}

fn rubric(cond: &str) -> String {
    format!("ruleset \"r\" version 1\nuse schema \"s\"\nscore fit {{\n  rule \"x\" when {cond} award 1\n}}\n")
}

#[test]
fn ten_thousand_parentheses() {
    let cond = format!("{}employees > 1{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(codes(compile_text(&rubric(&cond))), ["E002"]);
}

#[test]
fn unbalanced_brackets() {
    let text = rubric(&"[(".repeat(5_000));
    assert_eq!(codes(compile_text(&text)), ["E002"]);
}

#[test]
fn long_chains_do_not_overflow() {
    let sum = vec!["1"; 100_000].join(" + ");
    assert_eq!(
        codes(compile_text(&rubric(&format!("employees > {sum}")))),
        ["E002"]
    );
    let nots = format!("{}employees > 1", "not ".repeat(100_000));
    assert_eq!(codes(compile_text(&rubric(&nots))), ["E002"]);
    let minus = format!("employees > {}1", "- ".repeat(100_000));
    assert_eq!(codes(compile_text(&rubric(&minus))), ["E002"]);
}

#[test]
fn wide_and_or_are_fine() {
    let and = vec!["employees > 1"; 20_000].join(" and ");
    assert!(compile_text(&rubric(&and)).is_ok());
}

#[test]
fn binary_garbage_gets_a_diagnostic() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..300)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let result = match leadscore::check::text_source("g.score".into(), bytes) {
            Ok(src) => compile(src, |_| Schema::parse(Source::new("s", SCHEMA))).map(|_| ()),
            Err(d) => Err(d),
        };
        let diags = result.expect_err("garbage compiled");
        assert!(!diags.0.is_empty());
        let _ = leadscore::diag::render_plain(&diags);
    }
}

#[test]
fn fifty_megabytes() {
    let mut text = String::from("ruleset \"big\" version 1\nuse schema \"s\"\nscore fit {\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!("  rule \"r{i}\" when employees > {i} and email ends_with \"@x.com\" award 1  # filler comment\n"));
        i += 1;
    }
    text.push_str("  rule \"broken\" when award 1\n}\n");
    let diags = compile_text(&text).expect_err("the last rule is broken");
    assert_eq!(diags.0.len(), 1);
    assert_eq!(diags.0[0].code.as_str(), "E001");
}

#[test]
fn truncated_rubrics_never_panic() {
    let full = std::fs::read_to_string("rules/b2b-saas/b2b-saas.score").unwrap();
    let schema = std::fs::read_to_string("rules/seed/lead.schema").unwrap();
    for cut in (0..full.len()).filter(|c| full.is_char_boundary(*c)) {
        let _ = compile(Source::new("t", &full[..cut]), |_| {
            Schema::parse(Source::new("s", schema.as_str()))
        });
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "ruleset",
        "\"r\"",
        "version",
        "1",
        "use",
        "schema",
        "\"s\"",
        "score",
        "fit",
        "clamp",
        "0..50",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "rule",
        "\"x\"",
        "when",
        "each",
        "any",
        "page_view",
        "event",
        "where",
        "within",
        "30d",
        "0d",
        "award",
        "deduct",
        "cap",
        "10",
        "-3",
        "employees",
        "email",
        "url",
        ">=",
        "==",
        "<",
        "!=",
        "and",
        "or",
        "not",
        "in",
        "..",
        ",",
        "is",
        "missing",
        "present",
        "contains",
        "starts_with",
        "lower",
        "count",
        "sum",
        "none",
        "days_since",
        "last",
        "followed",
        "by",
        "decay",
        "half_life",
        "linear",
        "no_decay",
        "tiers",
        "on",
        "up",
        "to",
        "above",
        "route",
        "otherwise",
        "sample",
        "10%",
        "of",
        "assign",
        "notify",
        "\"q\"",
        "=",
        "+",
        "*",
        "/",
        ".",
        "seconds",
        "#c\n",
    ];

    fn program() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..80)
            .prop_map(|t| format!("ruleset \"r\" version 1\nuse schema \"s\"\n{}", t.join(" ")))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Token soup from the language's own vocabulary: compile, render, never panic.
        #[test]
        fn token_soup_never_panics(text in program()) {
            if let Err(d) = compile_text(&text) {
                prop_assert!(!d.0.is_empty());
                let _ = leadscore::diag::render_plain(&d);
                let _ = leadscore::diag::render_json(&d);
            }
        }

        /// Arbitrary text as well.
        #[test]
        fn any_text_never_panics(text in "\\PC{0,200}") {
            let _ = compile_text(&text);
        }
    }
}

mod eval_props {
    use leadscore::data::{Event, Lead, Value};
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Missing),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![Just(0.0), Just(-1e300), Just(1e300), -1e6..1e6f64].prop_map(Value::Num),
            "[a-z@./ ]{0,12}".prop_map(Value::Str),
            (-10_000_000_000i64..10_000_000_000i64).prop_map(Value::Ts),
            (0u32..7).prop_map(Value::Enum),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Any values of any type in any slot, any events at any time: scoring and explain
        /// never panic, and explain's contributions add up to each rule score's sum.
        #[test]
        fn scoring_arbitrary_leads_never_panics(
            values in prop::collection::vec(value(), 8),
            events in prop::collection::vec((0u32..11, -10_000_000_000i64..10_000_000_000i64, prop::collection::vec(value(), 0..3)), 0..30),
            as_of in -10_000_000_000i64..10_000_000_000i64,
        ) {
            let compiled = leadscore::check::compile_file(std::path::Path::new("rules/b2b-saas/b2b-saas.score")).unwrap();
            let p = &compiled.program;
            let lead = Lead { values, key: "k".into(), line: 2 };
            let mut evs: Vec<Event> = events.into_iter().map(|(kind, at, attrs)| Event { kind, at, attrs }).collect();
            evs.sort_by_key(|e| e.at);
            let out = leadscore::eval::evaluate(p, &lead, &evs, as_of);
            let (out2, trace) = leadscore::eval::explain(p, &lead, &evs, as_of);
            prop_assert_eq!(&out, &out2);
            for (s, st) in p.scores.iter().zip(&trace.scores) {
                if matches!(s.kind, leadscore::ir::ScoreKind::Rules(_)) {
                    let sum: f64 = st.rules.iter().map(|r| r.contribution).fold(0.0, |a, b| a + b);
                    prop_assert_eq!(sum, st.sum);
                }
                prop_assert!(st.value.is_finite());
            }
            let _ = leadscore::eval::explain::render_text(&trace, false);
        }
    }
}

#[test]
fn overflowing_points_count_as_zero() {
    use leadscore::data::{Event, Lead, Value};
    let schema = "lead { key id: string }\nevent visit { seconds: number? }";
    let text = "ruleset \"r\" version 1\nuse schema \"s\"\nscore s {\n  rule \"p\" each visit award seconds\n  rule \"m\" each visit deduct seconds\n  rule \"total\" when sum(visit.seconds) > 0 award 1\n}\ntiers on s { lo up to 0  hi above 0 }\n";
    let c = compile(Source::new("t", text), |_| {
        Schema::parse(Source::new("s", schema))
    })
    .unwrap();
    let lead = Lead {
        values: vec![Value::Str("A".into())],
        key: "A".into(),
        line: 2,
    };
    let ev = |at| Event {
        kind: 0,
        at,
        attrs: vec![Value::Num(1e308)],
    };
    let out = leadscore::eval::evaluate(&c.program, &lead, &[ev(1), ev(2)], 10);
    assert_eq!(
        out.scores,
        [0.0],
        "1e308 + 1e308 overflows: missing, so 0 points, and the sum is missing too"
    );
    assert_eq!(out.tiers, [0]);
}

#[test]
fn syntax_errors_after_multibyte_words() {
    for tail in [
        "score fit { rule \"a\" when émployés¥ ) award 1 }",
        "score fit { rule ¥¥ }",
        "tiers ¥ {",
        "score fit { rule \"a\" when x contains ¥ award 1 }",
    ] {
        let text = format!("ruleset \"r\" version 1\nuse schema \"s\"\n{tail}\n");
        assert_eq!(codes(compile_text(&text)), ["E001"], "{tail}");
    }
}
