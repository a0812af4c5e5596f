//! Route lines have no names, so they are matched by text: the longest common subsequence
//! of canonical lines is unchanged; of the rest, a removed and an added line with the same
//! text moved, and ones with the same guard (or the same actions) are one changed line.

use super::canon;
use super::structure::{aspect, Change, ChangeKind, Item};
use crate::syntax::ast::RouteLine;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A line in canonical form, and where it stands (0-based).
struct Line {
    at: usize,
    guard: String,
    actions: String,
}

impl Line {
    fn text(&self) -> String {
        format!("{} {}", self.guard, self.actions)
    }
}

fn canonical(lines: &[RouteLine]) -> Vec<Line> {
    lines
        .iter()
        .enumerate()
        .map(|(at, l)| Line {
            at,
            guard: canon::guard(&l.guard),
            actions: canon::actions(&l.actions),
        })
        .collect()
}

/// Route lines added, removed, changed or moved, in the order they are met.
pub fn compare(old: &[RouteLine], new: &[RouteLine]) -> Vec<Change> {
    let (a, b) = (canonical(old), canonical(new));
    let (ta, tb): (Vec<String>, Vec<String>) = (
        a.iter().map(Line::text).collect(),
        b.iter().map(Line::text).collect(),
    );
    let (mut gone, mut came): (Vec<&Line>, Vec<&Line>) = (vec![], vec![]);
    for op in capture_diff_slices(Algorithm::Myers, &ta, &tb) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => gone.extend(&a[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => came.extend(&b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                gone.extend(&a[old_index..old_index + old_len]);
                came.extend(&b[new_index..new_index + new_len]);
            }
        }
    }
    pair_up(gone, came)
}

/// Same text (moved), same guard or same actions (changed), else removed and added.
fn pair_up(mut gone: Vec<&Line>, mut came: Vec<&Line>) -> Vec<Change> {
    let same: [fn(&Line, &Line) -> bool; 3] = [
        |x, y| x.guard == y.guard && x.actions == y.actions,
        |x, y| x.guard == y.guard,
        |x, y| x.actions == y.actions,
    ];
    let mut pairs: Vec<(&Line, &Line)> = Vec::new();
    for test in same {
        gone.retain(|x| match came.iter().position(|y| test(x, y)) {
            Some(k) => {
                pairs.push((x, came.remove(k)));
                false
            }
            None => true,
        });
    }
    // In the new file's order; removed lines where they stood in the old one.
    let mut changes: Vec<((usize, u8), Change)> = pairs
        .into_iter()
        .map(|(x, y)| ((y.at, 0), changed(x, y)))
        .collect();
    changes.extend(
        gone.into_iter()
            .map(|x| ((x.at, 1), one_side(x, ChangeKind::Removed))),
    );
    changes.extend(
        came.into_iter()
            .map(|y| ((y.at, 2), one_side(y, ChangeKind::Added))),
    );
    changes.sort_by_key(|c| c.0);
    changes.into_iter().map(|c| c.1).collect()
}

fn line_name(x: Option<&Line>, y: Option<&Line>) -> String {
    match (x, y) {
        (Some(x), Some(y)) if x.at != y.at => format!("line {} → {}", x.at + 1, y.at + 1),
        (_, Some(l)) | (Some(l), None) => format!("line {}", l.at + 1),
        (None, None) => String::new(),
    }
}

fn changed(x: &Line, y: &Line) -> Change {
    let mut aspects: Vec<_> = [
        aspect("guard", x.guard.clone(), y.guard.clone()),
        aspect("actions", x.actions.clone(), y.actions.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Only a line that changed places against the others counts as moved; one shifted by
    // an insertion above it is not reported at all.
    if aspects.is_empty() {
        aspects.extend(aspect(
            "position",
            format!("line {}", x.at + 1),
            format!("line {}", y.at + 1),
        ));
    }
    Change {
        kind: ChangeKind::Changed,
        item: Item::Route,
        within: None,
        name: line_name(Some(x), Some(y)),
        old: Some(x.text()),
        new: Some(y.text()),
        aspects,
    }
}

fn one_side(l: &Line, kind: ChangeKind) -> Change {
    let (old, new) = match kind {
        ChangeKind::Removed => (Some(l.text()), None),
        _ => (None, Some(l.text())),
    };
    Change {
        kind,
        item: Item::Route,
        within: None,
        name: line_name(Some(l), None),
        old,
        new,
        aspects: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn lines(body: &str) -> Vec<RouteLine> {
        let text = format!("ruleset \"t\" version 1\nuse schema \"s\"\nroute {{\n{body}\n}}\n");
        let mut r = crate::syntax::parse_rubric(&Source::new("t", text)).unwrap();
        r.routes.remove(0).lines
    }

    fn summary(old: &str, new: &str) -> Vec<String> {
        compare(&lines(old), &lines(new))
            .iter()
            .map(|c| {
                let aspects: Vec<&str> = c.aspects.iter().map(|a| a.aspect.as_str()).collect();
                format!("{:?} {} {}", c.kind, c.name, aspects.join(","))
            })
            .collect()
    }

    #[test]
    fn a_line_inserted_above_shifts_nothing() {
        let old = "when a > 1 assign \"x\"\notherwise nurture \"y\"";
        let new = "when b > 1 tag \"b\"\nwhen a > 1 assign \"x\"\notherwise nurture \"y\"";
        assert_eq!(summary(old, new), ["Added line 1 "]);
    }

    #[test]
    fn same_guard_or_same_actions_is_one_changed_line() {
        let old = "when a > 1 assign \"x\"\nwhen b > 1 notify \"m\"\notherwise nurture \"y\"";
        let new = "when a > 2 assign \"x\"\nwhen b > 1 notify \"n\"\notherwise nurture \"y\"";
        assert_eq!(
            summary(old, new),
            ["Changed line 1 guard", "Changed line 2 actions"]
        );
    }

    #[test]
    fn reordered_lines_are_moved() {
        let old = "when a > 1 assign \"x\"\nwhen b > 1 assign \"z\"\notherwise nurture \"y\"";
        let new = "when b > 1 assign \"z\"\nwhen a > 1 assign \"x\"\notherwise nurture \"y\"";
        let s = summary(old, new);
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(s[0].ends_with(" position"), "{s:?}");
    }
}
