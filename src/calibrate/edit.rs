//! Text edits on the original rubric: the new rubric is the old text with a few numbers
//! replaced, so every rule, comment and blank line stays where the author put it.

use crate::diag::Span;
use std::path::{Component, Path, PathBuf};

/// Replacements of byte ranges of a text.
#[derive(Clone, Debug, Default)]
pub struct Edits(Vec<(Span, String)>);

impl Edits {
    /// Replaces the text under `span` with `text`.
    pub fn replace(&mut self, span: Span, text: String) {
        self.0.push((span, text));
    }

    /// The text under `region` with the replacements that lie inside it made.
    pub fn apply_within(&self, src: &str, region: Span) -> String {
        let inner = Edits(
            self.0
                .iter()
                .filter(|(s, _)| s.start >= region.start && s.end <= region.end)
                .map(|(s, t)| {
                    (
                        Span::new(s.start - region.start, s.end - region.start),
                        t.clone(),
                    )
                })
                .collect(),
        );
        inner.apply(src.get(region.start..region.end).unwrap_or(""))
    }

    /// The text with every replacement made. Overlapping edits keep the first one given.
    pub fn apply(&self, src: &str) -> String {
        let mut edits = self.0.clone();
        edits.sort_by_key(|(s, _)| s.start);
        let mut out = String::with_capacity(src.len());
        let mut at = 0;
        for (span, text) in edits {
            if span.start < at || span.end > src.len() {
                continue;
            }
            out.push_str(&src[at..span.start]);
            out.push_str(&text);
            at = span.end;
        }
        out.push_str(&src[at..]);
        out
    }
}

/// A number for the rubric: rounded to `decimals` places, no trailing zeros, never `-0`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Decimals needed to write multiples of `step` (`1` → 0, `0.5` → 1, `0.25` → 2).
pub fn decimals_of(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-9
        })
        .unwrap_or(6)
}

/// `v` rounded to the nearest multiple of `step`.
pub fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// How a file in `to_dir` should name `target` in `use schema "…"`: relative when both
/// are on the same root, else absolute.
pub fn relative_path(target: &Path, to_dir: &Path) -> PathBuf {
    let (Ok(target), Ok(dir)) = (target.canonicalize(), to_dir.canonicalize()) else {
        return target.to_path_buf();
    };
    let (t, d): (Vec<Component>, Vec<Component>) =
        (target.components().collect(), dir.components().collect());
    let common = t.iter().zip(&d).take_while(|(a, b)| a == b).count();
    // Sharing only the root: an absolute path reads better than a climb to it.
    if common <= 1 {
        return target;
    }
    let mut out = PathBuf::new();
    for _ in common..d.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_replace_spans_in_order() {
        let mut e = Edits::default();
        e.replace(Span::new(8, 10), "12".into());
        e.replace(Span::new(0, 3), "one".into());
        assert_eq!(e.apply("abc and 10 rest"), "one and 12 rest");
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(12.0, 0), "12");
        assert_eq!(number(2.50, 2), "2.5");
        assert_eq!(number(-0.001, 1), "0");
        assert_eq!(decimals_of(1.0), 0);
        assert_eq!(decimals_of(0.5), 1);
        assert_eq!(decimals_of(0.25), 2);
        assert_eq!(round_to(7.4, 0.5), 7.5);
    }
}
