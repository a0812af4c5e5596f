//! New points for one rule from its fitted multiplier, written the way the rule was.

use super::edit::{decimals_of, number, round_to, Edits};
use crate::syntax::ast::{ArithOp, ExprKind, Rule};
use serde::Serialize;

/// What calibration did to a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// New points written.
    Changed,
    /// The points came out the same.
    Unchanged,
    /// The fit gives it (nearly) nothing: written as 0, a candidate to drop.
    DropCandidate,
    /// The fit says it works the other way round; its old points are kept for a person
    /// to decide.
    SignFlipped,
    /// It never gave points to a training lead, so the data says nothing about it; kept.
    NoEvidence,
}

/// One rule's calibration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleChange {
    /// The score it belongs to.
    pub score: String,
    /// Its name.
    pub rule: String,
    /// Points as written before (`award 10`, `deduct 2 * (campaign - 3) cap 10`).
    pub old: String,
    /// Points as written now.
    pub new: String,
    /// Fitted change of the log-odds per point the rule gave before.
    pub coefficient: f64,
    /// New points per old point (`coefficient × scale`).
    pub multiplier: f64,
    /// Training leads it gave points to.
    pub fired: usize,
    /// What happened.
    pub status: Status,
}

/// The points of `rule` multiplied by `m`, as edits of `src` (read them back with [`text`]).
/// Literal points and caps are rounded to `step`; a factor in a formula see [`factor`].
pub fn rewrite(rule: &Rule, src: &str, m: f64, step: f64, edits: &mut Edits) {
    let d = decimals_of(step);
    let pts = &rule.points;
    let slice = |sp: crate::diag::Span| src.get(sp.start..sp.end).unwrap_or("");
    let whole = slice(pts.span);
    // Replaces a literal inside the points expression, keeping the rest as written.
    let inside = |lit: crate::diag::Span, with: String| {
        let (a, b) = (lit.start - pts.span.start, lit.end - pts.span.start);
        format!("{}{with}{}", &whole[..a], &whole[b..])
    };
    let new_points = match &pts.kind {
        ExprKind::Num(v) => number(round_to(v * m, step), d),
        ExprKind::Arith(ArithOp::Mul, a, b) => match (&a.kind, &b.kind) {
            (ExprKind::Num(v), _) => inside(a.span, factor(v * m, step)),
            (_, ExprKind::Num(v)) => inside(b.span, factor(v * m, step)),
            _ => format!("{} * ({whole})", factor(m, step)),
        },
        _ => format!("{} * ({whole})", factor(m, step)),
    };
    edits.replace(pts.span, new_points);
    if let Some(cap) = rule.cap {
        // A cap that rounds to nothing would silence the rule; keep at least one step.
        let c = number(round_to(cap.value * m, step).abs().max(step), d);
        edits.replace(cap.span, c);
    }
}

/// A factor in a formula: on the points step when that moves it by under a tenth (2.98 → 3),
/// else to 2 decimals (0.3 stays 0.3 rather than vanishing).
fn factor(v: f64, step: f64) -> String {
    let r = round_to(v, step);
    if r != 0.0 && ((r - v) / v).abs() < 0.1 {
        number(r, decimals_of(step))
    } else {
        number(v, 2)
    }
}

/// `award 10` / `deduct 2 * (x - 3) cap 10`: the points part of a rule as written, with
/// `edits` applied (none: as it was).
pub fn text(rule: &Rule, src: &str, edits: &Edits) -> String {
    let from = rule.points.span.start;
    let region = crate::diag::Span::new(from, rule.span.end);
    let body = edits.apply_within(src, region);
    // A rule ends with its points and cap, then an optional decay clause; a comment may
    // follow on the same line or the next ones.
    let end = [" decay", " no_decay", "\tdecay", "\tno_decay", "#"]
        .iter()
        .filter_map(|k| body.find(k))
        .min()
        .unwrap_or(body.len());
    let verb = if rule.deduct { "deduct" } else { "award" };
    format!(
        "{verb} {}",
        body[..end].split_whitespace().collect::<Vec<_>>().join(" ")
    )
}
