//! Comments and the source positions the AST does not keep.
//!
//! The grammar skips comments silently, so the formatter finds them in the text itself: a
//! `#` outside a string, to the end of the line. The same scanner answers the questions
//! about layout the AST cannot: where a keyword before a name starts, whether a blank line
//! stood above something.

/// One `# …` comment of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the `#`.
    pub start: usize,
    /// The comment from `#` to the end of its line, trailing whitespace removed.
    pub text: String,
    /// Code stands before it on its line (`award 5  # why`).
    pub trailing: bool,
    /// A blank line stands directly above it (only for comments alone on their line).
    pub blank_before: bool,
}

/// Every comment of `text`, in order.
pub fn scan(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut in_str, mut code_on_line) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                in_str = false;
                code_on_line = false;
            }
            b'\\' if in_str => i += 1,
            b'"' => {
                in_str = !in_str;
                code_on_line = true;
            }
            _ if in_str => {}
            b'#' => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                out.push(Comment {
                    start: i,
                    text: text[i..end].trim_end().to_string(),
                    trailing: code_on_line,
                    blank_before: blank_before(text, i),
                });
                i = end;
                continue;
            }
            c if !c.is_ascii_whitespace() => code_on_line = true,
            _ => {}
        }
        i += 1;
    }
    out
}

/// The texts of every comment, sorted: two files keep the same comments when these agree.
pub fn texts(text: &str) -> Vec<String> {
    let mut v: Vec<String> = scan(text).into_iter().map(|c| c.text).collect();
    v.sort();
    v
}

/// True when `pos` begins its line (after indentation) and the line above is blank.
pub fn blank_before(text: &str, pos: usize) -> bool {
    let pos = pos.min(text.len());
    let line_start = text[..pos].rfind('\n').map_or(0, |n| n + 1);
    if line_start == 0 || !text[line_start..pos].trim().is_empty() {
        return false;
    }
    let above_start = text[..line_start - 1].rfind('\n').map_or(0, |n| n + 1);
    text[above_start..line_start - 1].trim().is_empty()
}

/// One past the last byte of code in `start..end`, so that whitespace and comments the
/// parser took into a span at its end (its spans of optional tails do) are left out.
pub fn code_end(text: &str, start: usize, end: usize) -> usize {
    let end = end.min(text.len());
    let bytes = text.as_bytes();
    let (mut last, mut in_str, mut i) = (start.min(end), false, start.min(end));
    while i < end {
        match bytes[i] {
            b'\n' => in_str = false,
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'#' if !in_str => {
                i = text[i..end].find('\n').map_or(end, |n| i + n);
                continue;
            }
            _ => {}
        }
        if !bytes[i].is_ascii_whitespace() {
            last = (i + 1).min(end);
        }
        i += 1;
    }
    last
}

/// The offset of the next token at or after `pos`, skipping whitespace and comments.
pub fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b'#' => pos = text[pos..].find('\n').map_or(text.len(), |n| pos + n),
            c if c.is_ascii_whitespace() => pos += 1,
            _ => break,
        }
    }
    pos
}

/// Where the keyword `kw` that stands just before `pos` starts (over whitespace and opening
/// parentheses); `pos` itself when something else stands there, such as a comment.
pub fn kw_before(text: &str, pos: usize, kw: &str) -> usize {
    let head =
        text[..pos.min(text.len())].trim_end_matches(|c: char| c.is_whitespace() || c == '(');
    let Some(rest) = head.strip_suffix(kw) else {
        return pos;
    };
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if rest.chars().next_back().is_some_and(ident) {
        return pos;
    }
    rest.len()
}

/// The end of the word (keyword, name or number) starting at `pos`.
pub fn word_end(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    let len = text[pos..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(text.len() - pos);
    pos + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_strings_only() {
        let src = "a \"x # not\" # yes\n\n  # full \"q\n\"#\\\"\" # after\n";
        let c = scan(src);
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["# yes", "# full \"q", "# after"]);
        assert!(c[0].trailing && !c[1].trailing && c[2].trailing);
        assert!(c[1].blank_before && !c[0].blank_before);
    }

    #[test]
    fn keywords_before_names() {
        let src = "score  fit {";
        assert_eq!(kw_before(src, 7, "score"), 0);
        assert_eq!(kw_before(src, 7, "rule"), 7);
        assert_eq!(kw_before("xscore fit", 7, "score"), 7);
        assert_eq!(skip_trivia("  # c\n  {", 0), 8);
        assert_eq!(word_end("version 12 use", 8), 10);
        let rule = "award 7  # c \"x\n  # d\n  ";
        assert_eq!(code_end(rule, 0, rule.len()), 7);
        assert_eq!(code_end("a \"#\" b", 0, 7), 7);
    }
}
