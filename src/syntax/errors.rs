//! Syntax errors in words: pest reports grammar rule names; people need "a duration such as `30d`".

use super::Rule;
use crate::diag::{Code, Diagnostic, Source, Span};
use pest::error::{ErrorVariant, InputLocation};

/// Converts a pest failure into a diagnostic that names what was expected in plain words.
pub(super) fn from_pest(source: &Source, err: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = found_at(&source.text, pos);
    let mut expected: Vec<String> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| describe(*r)).collect()
        }
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    expected.sort();
    expected.dedup();
    let expected = summarize(expected);
    let wanted = join_or(&expected);
    let end = pos + found.len().max(1);
    let span = Span::new(pos, end.min(source.text.len()).max(pos));
    if found == "\""
        && !source.text[pos + 1..]
            .lines()
            .next()
            .unwrap_or("")
            .contains('"')
    {
        let span = Span::new(pos, pos + 1);
        return Diagnostic::error(
            Code::Syntax,
            source,
            span,
            "this quoted text is never closed",
            "opening quote without a closing one",
        )
        .with_help("end the text with `\"` on the same line, e.g. `rule \"Big company\"`");
    }
    let message = match (found.is_empty(), wanted.is_empty()) {
        (true, false) => format!("the file ends too early: expected {wanted}"),
        (true, true) => "the file ends too early".to_string(),
        (false, false) => format!("unexpected `{found}`: expected {wanted}"),
        (false, true) => format!("unexpected `{found}`"),
    };
    let label = if wanted.is_empty() {
        "not understood".to_string()
    } else {
        format!("expected {wanted}")
    };
    Diagnostic::error(Code::Syntax, source, span, message, label).with_help(help_for(
        &found,
        &expected,
        word_before(&source.text, pos),
    ))
}

/// The word (or single character) at `pos`, for the message.
fn found_at(text: &str, pos: usize) -> String {
    let rest = text.get(pos..).unwrap_or("");
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .take(30)
        .collect();
    if !word.is_empty() {
        return word;
    }
    rest.chars()
        .next()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_string())
        .unwrap_or_else(|| {
            if rest.is_empty() {
                String::new()
            } else {
                "end of line".to_string()
            }
        })
}

/// The last word before `pos`, which often says what the writer was in the middle of.
fn word_before(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// Help for the mistakes people really make, before the generic hints.
fn help_for(found: &str, expected: &[String], before: &str) -> String {
    let wants_text = expected.iter().any(|e| e.starts_with("a quoted text"));
    let specific = match (found, before) {
        ("=", _) => "to compare two values write `==`; a single `=` only defines a derived score",
        ("&", _) => "write `and` instead of `&&`",
        ("|", _) => "write `or` instead of `||`",
        ("!", _) => "write `not` before a condition, or `!=` for \"is not equal to\"",
        ("+", "award" | "deduct") => "write the number without a sign: `award 10` adds points, `deduct 10` takes them away",
        (_, "rule") if wants_text => "rule names are quoted: `rule \"Big company\" when employees >= 250 award 10`",
        (_, "contains" | "starts_with" | "ends_with") if wants_text => "put the text in quotes, e.g. `contains \"student\"`",
        (_, "tiers") => "tiers name the score they read: `tiers on total { cold up to 20  warm up to 50  hot above 50 }`",
        _ => "",
    };
    if !specific.is_empty() {
        return specific.into();
    }
    if expected.iter().any(|e| e == "`about`") {
        return "an expectation tests a score or a tier set: `expect fit >= 10`, `expect fit about 12.5`, `expect fit in 10..20` or `expect tier == hot`".into();
    }
    if expected.iter().any(|e| e.contains("award")) {
        return "every rule ends with `award N` or `deduct N`, e.g. `rule \"Demo\" when demo_requested award 15`".into();
    }
    if expected.iter().any(|e| e.contains("duration")) {
        return "durations are a number followed by `d` (days), `h` (hours) or `w` (weeks), e.g. `30d`".into();
    }
    "see docs/language.md for the shape of each construct".into()
}

/// Continuations of an expression, summarised when something structural is also possible,
/// so "expected `award` or `deduct`" is not buried under operators.
fn summarize(expected: Vec<String>) -> Vec<String> {
    let is_op = |e: &String| {
        [
            "`and`",
            "`or`",
            "`in`",
            "`is`",
            "a comparison such as `>=`",
            "a text test such as `contains`",
            "an operator such as `+`",
        ]
        .contains(&e.as_str())
    };
    let (ops, rest): (Vec<String>, Vec<String>) = expected.into_iter().partition(is_op);
    if ops.is_empty() || rest.is_empty() {
        return if rest.is_empty() { ops } else { rest };
    }
    let mut out = rest;
    out.push("more of the condition".to_string());
    out
}

fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Plain words for a grammar rule; `None` hides rules that would only confuse.
fn describe(r: Rule) -> Option<String> {
    use Rule::*;
    let name = format!("{r:?}");
    if let Some(word) = name.strip_prefix("kw_") {
        return Some(format!("`{word}`"));
    }
    let words = match r {
        EOI => "the end of the file",
        ident | raw_ident => "a name",
        string => "a quoted text like \"Demo request\"",
        number | signed_num | int_lit => "a number",
        duration => "a duration such as `30d`",
        percent => "a percentage such as `10%`",
        rubric | ruleset => "`ruleset \"name\" version N`",
        use_schema => "`use schema \"file.schema\"`",
        score_block => "`score`",
        derived => "a derived score like `total = fit + engagement`",
        tiers_block => "`tiers`",
        route_block => "`route`",
        rule => "`rule`",
        clamp => "`clamp`",
        decay => "`decay`",
        no_decay => "`no_decay`",
        cap => "`cap`",
        points | award | deduct => "`award` or `deduct`",
        when_trigger | route_when => "`when`",
        each_trigger => "`each`",
        any_trigger | any_call => "`any`",
        cmp_op | compare => "a comparison such as `>=`",
        add_op | mul_op => "an operator such as `+`",
        in_list | in_range => "`in`",
        str_op | str_test => "a text test such as `contains`",
        is_test => "`is`",
        expr | or_expr | and_expr | not_expr | cmp_expr | sum_expr | prod_expr | unary => {
            "a value or condition"
        }
        where_clause => "`where`",
        within => "`within`",
        followed => "`followed by`",
        tier => "a tier like `warm up to 50`",
        up_to | above => "`up to N` or `above N`",
        route_line => "a route line (`when`, `sample` or `otherwise`)",
        action | action_kind => "an action (`assign`, `nurture`, `notify` or `tag`)",
        lead_block => "`lead { … }`",
        event_block => "`event NAME { … }`",
        field_decl => "a field like `employees: int`",
        type_expr | prim_type | enum_type => {
            "a type (`bool`, `int`, `number`, `string`, `timestamp` or `enum { … }`)"
        }
        list_item | variant => "a value",
        test_as_of => "`as of \"2024-06-01\"`",
        test_lead => "`lead { … }`",
        test_fields => "`{ field = value, … }`",
        test_field => "a field like `employees = 250`",
        test_value => "a value such as `250`, `\"text\"`, `vp`, `-30d` or `missing`",
        test_event => "an event like `demo_request at -2d`",
        expect => "`expect`",
        expect_fired => "`fired [\"Rule name\", …]`",
        expect_route => "`route [assign \"queue\", …]`",
        expect_value => "a score or tier set",
        expect_about => "`about N`",
        expect_cmp => "a comparison such as `>=`",
        _ => return None,
    };
    Some(words.to_string())
}
