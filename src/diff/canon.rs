//! One canonical text for each part of a rubric's syntax tree, so that two rubrics can be
//! compared by meaning of their text rather than by layout: spacing, comments, redundant
//! parentheses and the unit a duration was written in (`2w` or `14d`) all disappear.

use crate::syntax::ast::*;

/// A number as the shortest text that reads back to the same value.
pub fn num(v: f64) -> String {
    // `-0` and `0` mean the same points; print both as `0`.
    if v == 0.0 {
        return "0".into();
    }
    format!("{v}")
}

/// A duration in the largest of `w`, `d`, `h` that divides it, else in days.
pub fn duration(seconds: f64) -> String {
    for (unit, per) in [("w", 604_800.0), ("d", 86_400.0), ("h", 3_600.0)] {
        let n = seconds / per;
        if n != 0.0 && (n - n.round()).abs() < 1e-9 {
            return format!("{}{unit}", num(n.round()));
        }
    }
    format!("{}d", num(seconds / 86_400.0))
}

/// A quoted string with the escapes the grammar reads, and a name as a bare word when it
/// is one: spelled exactly as `leadscore fmt` writes them.
pub use crate::fmt::literal::{quoted as string, tier_name as word};

/// `clamp lo..hi`, or `none`.
pub fn clamp(c: &Option<Clamp>) -> String {
    match c {
        Some(c) => format!("clamp {}..{}", num(c.lo.value), num(c.hi.value)),
        None => "none".into(),
    }
}

/// A decay clause, or `none` when there is none.
pub fn decay(d: &Option<Decay>) -> String {
    match d {
        Some(Decay::HalfLife(x)) => format!("decay half_life {}", duration(x.seconds)),
        Some(Decay::Linear(x)) => format!("decay linear {}", duration(x.seconds)),
        Some(Decay::None(_)) => "no_decay".into(),
        None => "none".into(),
    }
}

/// `award 10` / `deduct 5`.
pub fn points(r: &Rule) -> String {
    let verb = if r.deduct { "deduct" } else { "award" };
    format!("{verb} {}", expr(&r.points))
}

/// `cap 10`, or `none`.
pub fn cap(r: &Rule) -> String {
    r.cap
        .map_or_else(|| "none".into(), |c| format!("cap {}", num(c.value)))
}

/// The trigger keyword: `when`, `each` or `any`.
pub fn trigger_kind(t: &Trigger) -> &'static str {
    match t {
        Trigger::When(_) => "when",
        Trigger::Each(_) => "each",
        Trigger::Any(_) => "any",
    }
}

/// The whole trigger: `when COND`, `each PATTERN`, `any PATTERN`.
pub fn trigger(t: &Trigger) -> String {
    match t {
        Trigger::When(e) => format!("when {}", expr(e)),
        Trigger::Each(p) => format!("each {}", pattern(p)),
        Trigger::Any(p) => format!("any {}", pattern(p)),
    }
}

/// A whole rule without its name.
pub fn rule(r: &Rule) -> String {
    let mut out = format!("{} {}", trigger(&r.trigger), points(r));
    if r.cap.is_some() {
        out.push(' ');
        out.push_str(&cap(r));
    }
    if r.decay.is_some() {
        out.push(' ');
        out.push_str(&decay(&r.decay));
    }
    out
}

/// `where COND`, or `none`.
pub fn filter(f: Option<&Expr>) -> String {
    f.map_or_else(|| "none".into(), |e| format!("where {}", expr(e)))
}

/// `within D`, or `none`.
pub fn window(w: &Option<Duration>) -> String {
    w.map_or_else(
        || "none".into(),
        |d| format!("within {}", duration(d.seconds)),
    )
}

/// `[not] followed by EVENT [where …] within D`, or `none`.
pub fn followed(f: Option<&Followed>) -> String {
    let Some(f) = f else {
        return "none".into();
    };
    let mut out = String::new();
    if f.negated {
        out.push_str("not ");
    }
    out.push_str("followed by ");
    out.push_str(&f.event.text);
    if let Some(e) = &f.filter {
        out.push_str(" where ");
        out.push_str(&expr(e));
    }
    out.push_str(&format!(" within {}", duration(f.within.seconds)));
    out
}

/// An event pattern: `page_view where … within 30d not followed by …`.
pub fn pattern(p: &Pattern) -> String {
    let mut out = p.event.text.clone();
    for part in [
        p.filter.as_deref().map(|e| filter(Some(e))),
        p.within.map(|w| window(&Some(w))),
        p.followed.as_deref().map(|f| followed(Some(f))),
    ]
    .into_iter()
    .flatten()
    {
        out.push(' ');
        out.push_str(&part);
    }
    out
}

/// A tier's bound: `up to 50` or `above 80`.
pub fn tier_bound(b: &TierBound) -> String {
    match b {
        TierBound::UpTo(n) => format!("up to {}", num(n.value)),
        TierBound::Above(n) => format!("above {}", num(n.value)),
    }
}

/// A route line's guard: `when COND`, `sample 10% [of COND]`, `otherwise`.
pub fn guard(g: &Guard) -> String {
    match g {
        Guard::When(e) => format!("when {}", expr(e)),
        Guard::Sample { percent, cond } => {
            let of = cond
                .as_ref()
                .map_or(String::new(), |c| format!(" of {}", expr(c)));
            format!("sample {}%{of}", num(percent.value))
        }
        Guard::Otherwise(_) => "otherwise".into(),
    }
}

/// A route line's actions: `assign "sales" notify "manager"`.
pub fn actions(a: &[Action]) -> String {
    let parts: Vec<String> = a
        .iter()
        .map(|a| format!("{} {}", a.kind.as_str(), string(&a.target.text)))
        .collect();
    parts.join(" ")
}

/// Binding strength, loosest first; a child binding more loosely than its place needs
/// gets parentheses.
fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Or(_) => 1,
        ExprKind::And(_) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Cmp(..)
        | ExprKind::InList { .. }
        | ExprKind::InRange { .. }
        | ExprKind::StrTest(..)
        | ExprKind::IsMissing { .. } => 4,
        ExprKind::Arith(ArithOp::Add | ArithOp::Sub, ..) => 5,
        ExprKind::Arith(ArithOp::Mul | ArithOp::Div, ..) => 6,
        ExprKind::Neg(_) => 7,
        _ => 8,
    }
}

fn at(e: &Expr, min: u8) -> String {
    if level(e) < min {
        format!("({})", expr(e))
    } else {
        expr(e)
    }
}

fn joined(parts: &[Expr], word: &str, min: u8) -> String {
    let v: Vec<String> = parts.iter().map(|p| at(p, min)).collect();
    v.join(word)
}

/// An expression with single spaces and only the parentheses its meaning needs.
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Num(v) => num(*v),
        ExprKind::Days(d) => duration(d * 86_400.0),
        ExprKind::Str(s) => string(s),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Or(v) => joined(v, " or ", 2),
        ExprKind::And(v) => joined(v, " and ", 3),
        ExprKind::Not(a) => format!("not {}", at(a, 3)),
        ExprKind::Neg(a) => format!("-{}", at(a, 7)),
        ExprKind::Cmp(op, a, b) => format!("{} {} {}", at(a, 5), op.as_str(), at(b, 5)),
        ExprKind::Arith(op, a, b) => {
            let l = level(e);
            // Left-associative: an equal-level right operand needs parentheses.
            format!("{} {} {}", at(a, l), op.as_str(), at(b, l + 1))
        }
        ExprKind::InList {
            value,
            items,
            negated,
        } => {
            let items: Vec<String> = items.iter().map(list_item).collect();
            let not = if *negated { "not " } else { "" };
            format!("{} {not}in [{}]", at(value, 5), items.join(", "))
        }
        ExprKind::InRange {
            value,
            lo,
            hi,
            negated,
        } => {
            let not = if *negated { "not " } else { "" };
            format!(
                "{} {not}in {}..{}",
                at(value, 5),
                num(lo.value),
                num(hi.value)
            )
        }
        ExprKind::StrTest(op, value, s) => {
            format!("{} {} {}", at(value, 5), op.as_str(), string(&s.text))
        }
        ExprKind::IsMissing { value, negated } => {
            let word = if *negated { "present" } else { "missing" };
            format!("{} is {word}", at(value, 5))
        }
        ExprKind::Lower(a) => format!("lower({})", expr(a)),
        ExprKind::DaysSince(a) => format!("days_since({})", expr(a)),
        ExprKind::DaysSinceEvent { last, pattern: p } => {
            let which = if *last { "last" } else { "first" };
            format!("days_since({which} {})", pattern(p))
        }
        ExprKind::Count(p) => format!("count({})", pattern(p)),
        ExprKind::Any(p) => format!("any({})", pattern(p)),
        ExprKind::None(p) => format!("none({})", pattern(p)),
        ExprKind::Sum { pattern: p, attr } => {
            let mut inner = format!("{}.{}", p.event.text, attr.text);
            if let Some(f) = &p.filter {
                inner.push(' ');
                inner.push_str(&filter(Some(f)));
            }
            if p.within.is_some() {
                inner.push(' ');
                inner.push_str(&window(&p.within));
            }
            format!("sum({inner})")
        }
    }
}

fn list_item(i: &ListItem) -> String {
    match i {
        ListItem::Str(s) => string(&s.text),
        ListItem::Num(n) => num(n.value),
        ListItem::Word(w) => w.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn rule_text(body: &str) -> String {
        let text = format!("ruleset \"t\" version 1\nuse schema \"s\"\nscore s {{\n{body}\n}}\n");
        let r = crate::syntax::parse_rubric(&Source::new("t", text)).unwrap();
        rule(&r.scores[0].rules[0])
    }

    #[test]
    fn layout_comments_and_redundant_parentheses_disappear() {
        let a = rule_text(
            "rule \"x\" when (employees>=10  and (  title contains \"cto\")) # why\n award 5",
        );
        let b = rule_text("rule \"x\" when employees >= 10 and title contains \"cto\" award 5");
        assert_eq!(a, b);
        assert_eq!(a, "when employees >= 10 and title contains \"cto\" award 5");
    }

    #[test]
    fn needed_parentheses_stay() {
        assert_eq!(
            rule_text("rule \"x\" when (a or b) and not (c or d) award (1 - (2 - 3)) * 4"),
            "when (a or b) and not (c or d) award (1 - (2 - 3)) * 4"
        );
    }

    #[test]
    fn durations_in_their_largest_whole_unit() {
        assert_eq!(duration(14.0 * 86_400.0), "2w");
        assert_eq!(duration(86_400.0 / 2.0), "12h");
        assert_eq!(duration(3.0 * 86_400.0), "3d");
        assert_eq!(duration(90.0), "0.0010416666666666667d");
        assert_eq!(
            rule_text("rule \"x\" each page_view where url starts_with \"/p\\\"q\" within 14d not followed by email_open within 36h award 1 cap 5 decay half_life 1w"),
            "each page_view where url starts_with \"/p\\\"q\" within 2w not followed by email_open within 36h award 1 cap 5 decay half_life 1w"
        );
    }
}
