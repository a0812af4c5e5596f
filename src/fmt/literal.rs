//! Literals in their canonical spelling: numbers in the shortest form that reads back to
//! the same value, durations in the unit they were written in, text quoted and escaped.

use crate::diag::Span;
use crate::syntax::parse_number;

/// A number: `10`, `2.5`, `-20`. Rust prints `f64` in the shortest form that round-trips
/// and never with an exponent, which is exactly the language's number syntax.
pub fn num(value: f64) -> String {
    format!("{value}")
}

/// A duration as written (`30d` stays `30d`, `1.50h` becomes `1.5h`). The AST keeps only
/// seconds, so the unit comes from the source text under the span; `seconds` is the fallback
/// when that text is not a duration.
pub fn duration(src: &str, span: Span, seconds: f64) -> String {
    let text = src.get(span.start..span.end).unwrap_or("").trim();
    if let Some(unit @ ('d' | 'h' | 'w')) = text.chars().last() {
        if let Some(n) = parse_number(&text[..text.len() - 1]) {
            return format!("{}{unit}", num(n));
        }
    }
    format!("{}d", num(seconds / 86_400.0))
}

/// Text in double quotes, with `"`, `\`, line breaks and tabs escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A tier name: bare when it is a plain word, quoted otherwise (`hot`, `"A+"`).
pub fn tier_name(text: &str) -> String {
    let mut chars = text.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Display width of a line, in characters (alignment counts what the reader sees).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_the_same() {
        for v in [0.0, -0.0, 10.0, 2.5, 0.1, 1e300, 1e-7, -20.0, 123456789.125] {
            assert_eq!(parse_number(&num(v)).map(f64::to_bits), Some(v.to_bits()));
            assert!(!num(v).contains('e'));
        }
    }

    #[test]
    fn durations_keep_their_unit() {
        let src = "within 30d decay 1.50h x -2w";
        assert_eq!(duration(src, Span::new(7, 10), 0.0), "30d");
        assert_eq!(duration(src, Span::new(17, 22), 0.0), "1.5h");
        assert_eq!(duration(src, Span::new(25, 28), 0.0), "-2w");
        assert_eq!(duration(src, Span::new(0, 0), 86_400.0 * 3.0), "3d");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(quoted("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
        assert_eq!(tier_name("very_hot"), "very_hot");
        assert_eq!(tier_name("A+"), "\"A+\"");
        assert_eq!(tier_name("2x"), "\"2x\"");
    }
}
