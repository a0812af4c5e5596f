//! The report as GitHub-flavoured markdown, ready to paste as a pull-request comment or
//! to append to `$GITHUB_STEP_SUMMARY`: every table has a header row and a `|---|` rule.

use super::layout::{Block, Seg, Table, Text};

/// Renders the blocks as markdown.
pub fn render(blocks: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for b in blocks {
        parts.push(match b {
            Block::Title(t) => format!("### {}", inline(t, false)),
            Block::Heading(t) => format!("#### {}", inline(t, false)),
            Block::Para(t) => inline(t, false),
            Block::Table(t) => table(t),
        });
    }
    // Blank lines between blocks, so that no table is read as part of a paragraph.
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

fn table(t: &Table) -> String {
    let mut lines = Vec::new();
    let header: Vec<String> = t.header.iter().map(|h| escape(h, true)).collect();
    lines.push(format!("| {} |", header.join(" | ")));
    let rule: Vec<&str> = t
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    lines.push(format!("|{}|", rule.join("|")));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| inline(c, true)).collect();
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    lines.join("\n")
}

fn inline(t: &Text, in_table: bool) -> String {
    t.iter().map(|s| seg(s, in_table)).collect()
}

fn seg(s: &Seg, in_table: bool) -> String {
    if !s.code {
        return escape(&s.text, in_table);
    }
    // A code span is fenced by more backticks than it contains in a row; a space pads
    // content that starts or ends with a backtick.
    let longest = s.text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.text.starts_with('`') || s.text.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = if in_table {
        // GitHub splits table cells on `|` before it reads code spans, even inside them.
        s.text.replace('|', "\\|")
    } else {
        s.text.clone()
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Prose with markdown's active characters escaped, so names print as written.
fn escape(text: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '|' if in_table => out.push_str("\\|"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Seg {
        Seg {
            text: s.into(),
            code: true,
        }
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(seg(&code("a`b"), false), "``a`b``");
        assert_eq!(seg(&code("`x"), false), "`` `x ``");
        assert_eq!(seg(&code("a|b"), true), "`a\\|b`");
        assert_eq!(escape("very_hot *1* | x", true), "very\\_hot \\*1\\* \\| x");
    }
}
