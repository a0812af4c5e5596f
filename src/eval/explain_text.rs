//! Explain traces as aligned text for people.

use super::{fmt_num, Check, RuleTrace, ScoreTrace, Trace};
use std::fmt::Write;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn good(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// Numbers for reading: exact when short, else two decimals (JSON output keeps every digit).
fn short(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == v {
        fmt_num(v)
    } else {
        format!("{v:.2}")
    }
}

fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", short(v))
    } else {
        short(v)
    }
}

/// Renders a trace; `color` adds ANSI colors (for terminals).
pub fn render_text(t: &Trace, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}  ·  ruleset \"{}\" version {} ({})  ·  as of {}",
        paint.bold("lead"),
        paint.bold(&t.lead),
        t.ruleset,
        t.version,
        t.hash,
        t.as_of
    );
    let _ = writeln!(
        out,
        "{}",
        paint.dim("(numbers are rounded to 2 decimals here; `--format json` has every digit)")
    );
    let width = t
        .scores
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.name.chars().count()))
        .max()
        .unwrap_or(0)
        .max(12);
    for s in &t.scores {
        out.push('\n');
        score(&mut out, s, width, &paint);
    }
    if !t.tiers.is_empty() {
        out.push('\n');
    }
    for tier in &t.tiers {
        let boundary = tier
            .boundary
            .replace(&fmt_num(tier.value), &short(tier.value));
        let _ = writeln!(
            out,
            "{} = {}    {} = {}, so {}",
            tier.set,
            paint.bold(&tier.tier),
            tier.score,
            short(tier.value),
            boundary
        );
    }
    if !t.routes.is_empty() {
        let _ = writeln!(out, "\nroute");
        for r in &t.routes {
            let mark = if r.matched {
                paint.good("✓")
            } else {
                paint.dim("✗")
            };
            let _ = writeln!(out, "  {mark} {}. {}", r.line, r.text);
            if !r.checks.is_empty() && !r.checks.iter().all(|c| c.result == Some(true))
                || !r.matched
            {
                checks(&mut out, &r.checks, "       ");
            }
            for (kind, target, took) in &r.actions {
                if r.matched {
                    let verb = kind.as_str();
                    let note = if *took {
                        String::new()
                    } else {
                        paint.dim("  (not taken: a queue was already chosen, or already listed)")
                    };
                    let _ = writeln!(out, "       → {verb} \"{target}\"{note}");
                }
            }
        }
    }
    out
}

fn score(out: &mut String, s: &ScoreTrace, width: usize, paint: &Paint) {
    let _ = writeln!(
        out,
        "{} = {}",
        paint.bold(&s.name),
        paint.bold(&short(s.value))
    );
    if let Some(f) = &s.formula {
        let inputs: Vec<String> = s
            .inputs
            .iter()
            .map(|(k, v)| format!("{k} = {}", v.parse::<f64>().map_or(v.clone(), short)))
            .collect();
        let _ = writeln!(
            out,
            "  formula {f}  ({})  = {}",
            inputs.join(", "),
            short(s.sum)
        );
    }
    for r in &s.rules {
        rule(out, r, width, paint);
    }
    if s.formula.is_none() && s.rules.iter().all(|r| !r.fired) {
        let _ = writeln!(
            out,
            "  no rule fired, so {} gets 0 points from its rules",
            s.name
        );
    }
    let tail = match s.clamp {
        Some((lo, hi)) if s.sum != s.value => format!(
            "clamped to {}..{}: {} → {}",
            fmt_num(lo),
            fmt_num(hi),
            short(s.sum),
            short(s.value)
        ),
        Some((lo, hi)) => format!("within clamp {}..{}", fmt_num(lo), fmt_num(hi)),
        None => "no clamp".into(),
    };
    if s.formula.is_none() {
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}   {}",
            "sum",
            short(s.sum),
            paint.dim(&tail),
            width = width + 2
        );
    } else {
        let _ = writeln!(out, "  {}", paint.dim(&tail));
    }
}

fn rule(out: &mut String, r: &RuleTrace, width: usize, paint: &Paint) {
    let mark = if r.fired {
        paint.good("✓")
    } else {
        paint.dim("✗")
    };
    let pts = if r.fired {
        signed(r.contribution)
    } else {
        "0".into()
    };
    let _ = writeln!(out, "  {mark} {:width$}  {:>8}", r.name, pts, width = width);
    checks(out, &r.checks, "      ");
    if let (Some(p), true) = (&r.pattern, r.events.is_empty()) {
        let _ = writeln!(out, "      no event matched `{p}`");
    }
    for e in &r.events {
        let _ = writeln!(
            out,
            "      {} at {}  age {}d  × {}  = {}",
            e.event,
            e.at,
            short(e.age_days),
            short(e.factor),
            signed(e.points)
        );
    }
    if let Some(cap) = r.cap {
        if r.points_before_cap != r.contribution {
            let _ = writeln!(
                out,
                "      capped at {}: {} → {}",
                short(cap),
                signed(r.points_before_cap),
                signed(r.contribution)
            );
        }
    }
}

fn checks(out: &mut String, checks: &[Check], indent: &str) {
    for c in checks {
        let verdict = match c.result {
            Some(true) => "true",
            Some(false) => "false",
            None => "not evaluated",
        };
        let values: Vec<String> = c
            .values
            .iter()
            .map(|(k, v)| format!("{k} = {}", v.parse::<f64>().map_or(v.clone(), short)))
            .collect();
        let seen = if values.is_empty() {
            String::new()
        } else {
            format!("  ({})", values.join(", "))
        };
        let _ = writeln!(out, "{indent}{}: {verdict}{seen}", c.text);
    }
}
