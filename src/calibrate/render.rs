//! The calibration report for people: what the fit changed, and what it does to leads the
//! fit never saw.

use super::{Plan, Status};
use crate::backtest::Report;
use crate::diff::layout::{code, number, prose, Block, Table, Text};

fn cell(s: String) -> Text {
    vec![prose(s)]
}

fn note(s: Status) -> &'static str {
    match s {
        Status::Changed => "",
        Status::Unchanged => "same",
        Status::DropCandidate => "candidate to drop",
        Status::SignFlipped => "sign flipped: kept, decide by hand",
        Status::NoEvidence => "never fired in training: kept",
    }
}

/// Renders the plan and the held-out comparison as plain text.
pub fn text(plan: &Plan, held: &Report, old: &str, new: &str) -> String {
    let mut out = vec![
        Block::Title(vec![
            prose("Calibrated "),
            code(old),
            prose(format!(" (version {}) into ", plan.version.0)),
            code(new),
            prose(format!(" (version {})", plan.version.1)),
        ]),
        Block::Para(vec![prose(format!(
            "Fitted the {} rules of `{}` on {} training leads ({} converted); L2 penalty {}; \
             {} points per unit of log-odds ({} points double the odds).",
            plan.rules.len(),
            plan.score,
            plan.fit.training_leads,
            plan.fit.training_conversions,
            plan.fit.l2,
            number(plan.fit.points_per_logit),
            number(plan.fit.points_per_logit * std::f64::consts::LN_2),
        ))]),
    ];
    if !plan.fit.converged {
        out.push(Block::Para(vec![prose(format!(
            "warning: the fit stopped after {} iterations without converging; try a larger --l2",
            plan.fit.iterations
        ))]));
    }
    if let Some(c) = &plan.clamp {
        let share = format!("{:.1}%", c.outside_old * 100.0);
        let line = if c.new != c.old {
            format!(
                "The clamp {}..{} cut off {share} of training leads; widened to {}..{}.",
                number(c.old.0),
                number(c.old.1),
                number(c.new.0),
                number(c.new.1)
            )
        } else if c.outside_old > 0.05 {
            format!(
                "warning: the clamp {}..{} cuts off {share} of training leads, which then tie at \
                 a bound; `--clamp widen` keeps them apart.",
                number(c.old.0),
                number(c.old.1)
            )
        } else {
            format!(
                "The clamp {}..{} cuts off {share} of training leads.",
                number(c.old.0),
                number(c.old.1)
            )
        };
        out.push(Block::Para(vec![prose(line)]));
    }
    held_out(held, &mut out);
    rules(plan, &mut out);
    for t in &plan.tiers {
        out.push(Block::Para(vec![
            prose("Tier bounds of "),
            code(t.tier_set.clone()),
            prose(":"),
        ]));
        let rows = t
            .names
            .iter()
            .enumerate()
            .map(|(j, name)| {
                let bound = |v: &[f64]| match (v.get(j), j.checked_sub(1).and_then(|k| v.get(k))) {
                    (Some(u), _) => format!("up to {}", number(*u)),
                    (None, Some(l)) => format!("above {}", number(*l)),
                    _ => "all".to_string(),
                };
                vec![
                    vec![code(name.clone())],
                    cell(bound(&t.old)),
                    cell(bound(&t.new)),
                ]
            })
            .collect();
        out.push(Block::Table(Table {
            header: vec!["tier".into(), "before".into(), "after".into()],
            numeric: vec![false, false, false],
            rows,
        }));
        for n in &t.notes {
            out.push(Block::Para(vec![prose(format!("note: {n}"))]));
        }
    }
    let mut s = crate::diff::render_text::render(&out);
    s.push_str(&format!(
        "\nReview the change with `leadscore diff {old} {new} --leads …`.\n"
    ));
    s
}

fn held_out(held: &Report, out: &mut Vec<Block>) {
    let (Some(a), Some(b)) = (held.rubrics.first(), held.rubrics.get(1)) else {
        return;
    };
    let auc = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |x| format!("{x:.4}"));
    let mut line = format!(
        "Held-out AUC on {} leads the fit never saw ({} converted): before {}, after {}",
        held.leads,
        held.conversions,
        auc(a.auc),
        auc(b.auc)
    );
    if let Some(c) = held.comparisons.first() {
        if let Some(d) = c.difference {
            line.push_str(&format!(", difference {d:+.4}"));
        }
        if let Some(i) = &c.interval {
            line.push_str(&format!(
                " ({:.0}% bootstrap interval {:+.4} to {:+.4})",
                i.level * 100.0,
                i.low,
                i.high
            ));
        }
    }
    line.push('.');
    out.push(Block::Heading(vec![prose(line)]));
    for (label, r) in [("before", a), ("after", b)] {
        if let Some(t) = r.tier_sets.first() {
            let parts: Vec<String> = t
                .tiers
                .iter()
                .map(|x| {
                    format!(
                        "{} {} leads at {}",
                        x.tier,
                        x.leads,
                        x.rate.map_or("–".into(), crate::backtest::report::percent)
                    )
                })
                .collect();
            out.push(Block::Para(vec![prose(format!(
                "{label}: {}",
                parts.join(", ")
            ))]));
        }
    }
}

fn rules(plan: &Plan, out: &mut Vec<Block>) {
    out.push(Block::Heading(vec![prose("Rules")]));
    let rows = plan
        .rules
        .iter()
        .map(|r| {
            vec![
                cell(r.rule.clone()),
                vec![code(r.old.clone())],
                vec![code(r.new.clone())],
                cell(format!("{:+.4}", r.coefficient)),
                cell(r.fired.to_string()),
                cell(note(r.status).to_string()),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        header: [
            "rule",
            "before",
            "after",
            "log-odds per point",
            "fired",
            "note",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false, false, false, true, true, false],
        rows,
    }));
}
