//! Lines of a block aligned in columns, as in `rules/seed/seed.score`.

use super::literal::width;

/// Lines are at most this wide where the layout can help it. The rubrics this layout was
/// modelled on (`rules/seed/seed.score`, the README) are tables about 100 to 115 columns wide.
pub const WIDTH: usize = 120;

/// Aligns rows of cells: each cell but the last is padded to its column's widest cell and
/// followed by `gaps[i]` spaces. A row whose aligned line would pass `limit` columns (at
/// `indent`) is left out, `None`, for the caller to print on several lines.
///
/// Which rows to leave out: as few as possible. One very long condition should not push
/// every other line past the limit, so each width of the last padded column is tried as a
/// cap (rows wider than it are left out, then rows that still do not fit, until all do) and
/// the cap that keeps the most rows wins; on a tie, the narrower (the long line it leaves out
/// is the one that reads better broken).
pub fn columns(
    rows: &[Vec<String>],
    gaps: &[usize],
    indent: usize,
    limit: usize,
) -> Vec<Option<String>> {
    let fits: Vec<bool> = rows
        .iter()
        .map(|r| indent + packed(r, gaps) <= limit)
        .collect();
    let capped = |r: &Vec<String>| {
        r.len()
            .checked_sub(2)
            .and_then(|i| r.get(i))
            .map_or(0, |c| width(c))
    };
    let mut caps: Vec<usize> = rows
        .iter()
        .zip(&fits)
        .filter(|(_, f)| **f)
        .map(|(r, _)| capped(r))
        .collect();
    caps.sort_unstable();
    caps.dedup();
    let mut best = (vec![false; rows.len()], 0usize);
    for cap in caps {
        let keep: Vec<bool> = rows
            .iter()
            .zip(&fits)
            .map(|(r, f)| *f && capped(r) <= cap)
            .collect();
        let keep = settle(rows, gaps, indent, limit, keep);
        let n = keep.iter().filter(|k| **k).count();
        if n > best.1 {
            best = (keep, n);
        }
    }
    let widths = widths(rows, &best.0);
    rows.iter()
        .zip(&best.0)
        .map(|(r, k)| k.then(|| render(r, &widths, gaps)))
        .collect()
}

/// Leaves out rows that do not fit with the columns the kept rows make, until all fit
/// (each round only narrows the columns, so this ends).
fn settle(
    rows: &[Vec<String>],
    gaps: &[usize],
    indent: usize,
    limit: usize,
    mut keep: Vec<bool>,
) -> Vec<bool> {
    loop {
        let widths = widths(rows, &keep);
        let mut changed = false;
        for (row, k) in rows.iter().zip(keep.iter_mut()) {
            if *k && indent + width(&render(row, &widths, gaps)) > limit {
                *k = false;
                changed = true;
            }
        }
        if !changed {
            return keep;
        }
    }
}

/// Width of a row with no padding.
fn packed(row: &[String], gaps: &[usize]) -> usize {
    let cells: usize = row.iter().map(|c| width(c)).sum();
    cells + gaps.iter().take(row.len().saturating_sub(1)).sum::<usize>()
}

fn widths(rows: &[Vec<String>], keep: &[bool]) -> Vec<usize> {
    let mut w: Vec<usize> = Vec::new();
    for (row, _) in rows.iter().zip(keep).filter(|(_, k)| **k) {
        for (i, cell) in row.iter().enumerate() {
            if i >= w.len() {
                w.push(0);
            }
            w[i] = w[i].max(width(cell));
        }
    }
    w
}

fn render(row: &[String], widths: &[usize], gaps: &[usize]) -> String {
    let mut out = String::new();
    for (i, cell) in row.iter().enumerate() {
        out.push_str(cell);
        if i + 1 < row.len() {
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(width(cell));
            out.push_str(&" ".repeat(pad + gaps.get(i).copied().unwrap_or(1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn pads_columns_and_drops_rows_that_do_not_fit() {
        let rows = [
            row(&["a", "bb", "c"]),
            row(&["aaa", "b", "c"]),
            row(&["x", &"y".repeat(30), "z"]),
        ];
        let out = columns(&rows, &[1, 2], 2, 20);
        assert_eq!(out[0].as_deref(), Some("a   bb  c"));
        assert_eq!(out[1].as_deref(), Some("aaa b   c"));
        assert_eq!(out[2], None);
    }
}
