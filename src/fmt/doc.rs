//! The formatted file as a list of lines, each knowing the source it was printed from, and
//! the one place where comments are put back.
//!
//! Every comment is attached to exactly one line, by its position in the source:
//!
//! - inside the code a line was printed from (a comment in the middle of a rule that now
//!   fits on one line): kept on its own line, just above that line;
//! - after code on the same source line: at the end of that line (a second such comment,
//!   possible only when a line break is removed, goes above the next line);
//! - on a line of its own: above the next line, or at the end of the file.
//!
//! Comments are printed where they are read back from, so formatting twice changes nothing.

use super::comments::Comment;
use super::literal::width;
use crate::diag::Span;

/// Whether a blank line goes before something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// Never.
    None,
    /// When the source had one there (several become one).
    Source,
    /// Always.
    Blank,
}

/// Blank lines around a line and the comments above it.
#[derive(Clone, Copy, Debug)]
pub struct Gaps {
    /// Before the first thing printed: the first comment above the line, else the line.
    pub first: Gap,
    /// Before each later comment, and before the line when comments stand above it.
    pub later: Gap,
    /// Set to `Gap::None` to keep the code of the line against what stands above it.
    pub code: Gap,
}

impl Gaps {
    /// A line that starts a top-level item: one blank line before it.
    pub const ITEM: Gaps = Gaps {
        first: Gap::Blank,
        later: Gap::Source,
        code: Gap::Source,
    };
    /// A line inside a block: blank lines kept from the source.
    pub const INNER: Gaps = Gaps {
        first: Gap::Source,
        later: Gap::Source,
        code: Gap::Source,
    };
    /// The first line of a block or file: nothing blank above it.
    pub const FIRST: Gaps = Gaps {
        first: Gap::None,
        later: Gap::Source,
        code: Gap::Source,
    };
    /// A continuation of the line before (a broken rule): never apart from it.
    pub const CONT: Gaps = Gaps {
        first: Gap::None,
        later: Gap::None,
        code: Gap::None,
    };
    /// A closing `}`: comments above it may stand apart, the brace does not.
    pub const CLOSE: Gaps = Gaps {
        first: Gap::Source,
        later: Gap::Source,
        code: Gap::None,
    };
}

/// One output line.
#[derive(Clone, Debug)]
pub struct Line {
    /// Indentation in spaces.
    pub indent: usize,
    /// The code.
    pub text: String,
    /// Where its code was in the source: first token's start to last token's end.
    pub span: Span,
    /// Blank lines before it.
    pub gaps: Gaps,
    /// Indentation of comments kept above it (deeper for the `}` that closes a block).
    pub comment_indent: usize,
    /// Lines of one group align their trailing comments in one column.
    pub group: Option<usize>,
    /// A blank line stood above its code in the source.
    pub blank_before: bool,
}

/// The lines of a file being formatted.
pub struct Doc<'s> {
    /// The source text the lines are printed from.
    pub src: &'s str,
    /// The lines in order.
    pub lines: Vec<Line>,
    groups: usize,
}

impl<'s> Doc<'s> {
    /// An empty document for `src`.
    pub fn new(src: &'s str) -> Self {
        Doc {
            src,
            lines: Vec::new(),
            groups: 0,
        }
    }

    /// Adds a line whose comments are indented like it.
    pub fn push(&mut self, indent: usize, text: String, span: Span, gaps: Gaps) {
        let span = Span::new(
            span.start,
            super::comments::code_end(self.src, span.start, span.end),
        );
        self.lines.push(Line {
            indent,
            text,
            span,
            gaps,
            comment_indent: indent,
            group: None,
            blank_before: super::comments::blank_before(self.src, span.start),
        });
    }

    /// Adds a line of an aligned block: its trailing comment lines up with the group's.
    pub fn push_grouped(&mut self, text: String, span: Span, gaps: Gaps, group: usize) {
        self.push(super::layout::INDENT, text, span, gaps);
        if let Some(l) = self.lines.last_mut() {
            l.group = Some(group);
        }
    }

    /// A new group id for aligning trailing comments.
    pub fn group(&mut self) -> usize {
        self.groups += 1;
        self.groups
    }

    /// The last line added.
    pub fn last_mut(&mut self) -> Option<&mut Line> {
        self.lines.last_mut()
    }

    /// The whole text with the comments put back.
    pub fn render(&self, comments: &[Comment]) -> String {
        let (leading, trailing) = attach(&self.lines, comments);
        let columns = trailing_columns(&self.lines, &trailing);
        let mut out = Out::default();
        for (i, line) in self.lines.iter().enumerate() {
            out.comments(&leading[i], line.gaps, line.comment_indent);
            let code_gap = match (leading[i].is_empty(), line.gaps.code) {
                (_, Gap::None) => Gap::None,
                (true, _) => line.gaps.first,
                (false, _) => line.gaps.later,
            };
            out.blank(code_gap, line.blank_before);
            out.text(line.indent, &line.text);
            if let Some(c) = trailing[i] {
                let col = line.group.and_then(|g| columns.get(&g).copied());
                let pad = col.map_or(2, |c| c.saturating_sub(line.indent + width(&line.text)));
                out.buf.push_str(&" ".repeat(pad.max(2)));
                out.buf.push_str(&c.text);
            }
        }
        out.comments(&leading[self.lines.len()], Gaps::INNER, 0);
        out.finish()
    }
}

/// Which comments go above each line (the extra last slot is the end of the file) and which
/// stands at the end of each line.
fn attach<'c>(
    lines: &[Line],
    comments: &'c [Comment],
) -> (Vec<Vec<&'c Comment>>, Vec<Option<&'c Comment>>) {
    let mut leading: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len() + 1];
    let mut trailing: Vec<Option<&Comment>> = vec![None; lines.len()];
    for c in comments {
        // The last line that starts at or before the comment.
        let before = lines.partition_point(|l| l.span.start <= c.start);
        let Some(i) = before.checked_sub(1) else {
            leading[0].push(c);
            continue;
        };
        if c.start < lines[i].span.end {
            leading[i].push(c);
        } else if c.trailing && trailing[i].is_none() {
            trailing[i] = Some(c);
        } else {
            leading[i + 1].push(c);
        }
    }
    for l in &mut leading {
        l.sort_by_key(|c| c.start);
    }
    (leading, trailing)
}

/// The column where each group's trailing comments start: two spaces after its longest
/// line that has one.
fn trailing_columns(
    lines: &[Line],
    trailing: &[Option<&Comment>],
) -> std::collections::HashMap<usize, usize> {
    let mut cols = std::collections::HashMap::new();
    for (line, c) in lines.iter().zip(trailing) {
        if let (Some(g), Some(_)) = (line.group, c) {
            let end = line.indent + width(&line.text) + 2;
            let col = cols.entry(g).or_insert(end);
            *col = (*col).max(end);
        }
    }
    cols
}

#[derive(Default)]
struct Out {
    buf: String,
    blank: bool,
}

impl Out {
    fn comments(&mut self, list: &[&Comment], gaps: Gaps, indent: usize) {
        for (k, c) in list.iter().enumerate() {
            let gap = if k == 0 { gaps.first } else { gaps.later };
            self.blank(gap, c.blank_before);
            self.text(indent, &c.text);
        }
    }

    fn blank(&mut self, gap: Gap, in_source: bool) {
        let wanted = match gap {
            Gap::None => false,
            Gap::Source => in_source,
            Gap::Blank => true,
        };
        self.blank |= wanted;
    }

    fn text(&mut self, indent: usize, text: &str) {
        if !self.buf.is_empty() {
            self.buf.push_str(if self.blank { "\n\n" } else { "\n" });
        }
        self.blank = false;
        self.buf.push_str(&" ".repeat(indent));
        self.buf.push_str(text);
    }

    fn finish(mut self) -> String {
        self.buf.push('\n');
        self.buf
    }
}
