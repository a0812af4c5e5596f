//! The report as plain text: headings, paragraphs and tables with aligned columns.

use super::layout::{Block, Table, Text};

fn plain(t: &Text) -> String {
    t.iter().map(|s| s.text.as_str()).collect()
}

/// Renders the blocks for a terminal or a log.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => {
                out.push_str(&plain(t));
                out.push('\n');
            }
            Block::Para(t) => {
                out.push_str("  ");
                out.push_str(&plain(t));
                out.push('\n');
            }
            Block::Heading(t) => {
                out.push('\n');
                out.push_str(&plain(t));
                out.push('\n');
            }
            Block::Table(t) => table(t, &mut out),
        }
    }
    out
}

/// Columns padded to their widest cell (in characters), numbers to the right, two spaces
/// apart, a rule under the header; indented to sit under its heading.
fn table(t: &Table, out: &mut String) {
    let header: Vec<String> = t.header.clone();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(plain).collect())
        .collect();
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .chain(std::iter::once(&header[c]))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    for row in std::iter::once(&header)
        .chain(std::iter::once(&rule))
        .chain(&rows)
    {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(&t.numeric)
            .map(|((cell, w), numeric)| {
                if *numeric {
                    format!("{cell:>w$}")
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str("  ");
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
}
