//! The report's tables as HTML: every text taken from the report is escaped here.

use super::esc;
use crate::backtest::report::{percent, RubricReport};
use crate::backtest::Report;
use std::fmt::Write;

/// A cell: its escaped HTML and whether it is a number (right-aligned).
struct Cell(String, bool);

fn text(s: &str) -> Cell {
    Cell(esc(s), false)
}

fn code(s: &str) -> Cell {
    Cell(format!("<code>{}</code>", esc(s)), false)
}

fn num(s: String) -> Cell {
    Cell(esc(&s), true)
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> Cell {
    num(v.map_or_else(|| "–".to_string(), f))
}

fn rate(v: Option<f64>) -> Cell {
    opt(v, percent)
}

fn table(out: &mut String, caption: &str, header: &[(&str, bool)], rows: Vec<Vec<Cell>>) {
    let _ = writeln!(out, "<table>\n<caption>{}</caption>", esc(caption));
    out.push_str("<thead><tr>");
    for (h, numeric) in header {
        let class = if *numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for Cell(html, numeric) in row {
            let class = if numeric { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{html}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Every rubric's AUC, and its difference from the first with the bootstrap interval.
pub(super) fn comparison(r: &Report, out: &mut String) {
    let level = r
        .comparisons
        .iter()
        .find_map(|c| c.interval.as_ref())
        .map_or(0.95, |i| i.level);
    let interval = format!("{:.0}% interval", level * 100.0);
    let rows = r
        .rubrics
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let c = k.checked_sub(1).and_then(|k| r.comparisons.get(k));
            let ci = c.and_then(|c| c.interval.as_ref());
            vec![
                code(&x.rubric.path),
                text(&format!("{} v{}", x.rubric.ruleset, x.rubric.version)),
                code(&x.ranked_by),
                opt(x.auc, |a| format!("{a:.4}")),
                opt(c.and_then(|c| c.difference), |d| format!("{d:+.4}")),
                num(ci.map_or_else(
                    || "–".to_string(),
                    |i| format!("{:+.4} to {:+.4}", i.low, i.high),
                )),
            ]
        })
        .collect();
    let header = [
        ("rubric", false),
        ("ruleset", false),
        ("ranked by", false),
        ("AUC", true),
        ("AUC vs first", true),
        (interval.as_str(), true),
    ];
    table(out, "AUC of each rubric on the same leads", &header, rows);
    if let Some(i) = r.comparisons.iter().find_map(|c| c.interval.as_ref()) {
        let _ = writeln!(
            out,
            "<p>Intervals: {} paired bootstrap resamples of the leads (seed {}). \
             An interval that does not include 0 is a real difference, not luck of the sample.</p>",
            i.resamples, i.seed
        );
    }
}

/// One rubric's tables: AUC per score, tiers, deciles and rules.
pub(super) fn rubric(x: &RubricReport, out: &mut String) {
    if x.scores.len() > 1 {
        let rows = x
            .scores
            .iter()
            .map(|s| vec![code(&s.score), opt(s.auc, |a| format!("{a:.4}"))])
            .collect();
        table(
            out,
            "AUC of every score",
            &[("score", false), ("AUC", true)],
            rows,
        );
    }
    for t in &x.tier_sets {
        let rows = t
            .tiers
            .iter()
            .map(|row| {
                vec![
                    code(&row.tier),
                    num(row.leads.to_string()),
                    num(percent(row.share)),
                    num(row.conversions.to_string()),
                    rate(row.rate),
                    opt(row.lift, |l| format!("{l:.2}×")),
                ]
            })
            .collect();
        let caption = format!(
            "Tier column {}, from the score {}{}",
            t.tier_set,
            t.score,
            if t.monotonic {
                ""
            } else {
                " — not in order of conversion"
            }
        );
        let header = [
            ("tier", false),
            ("leads", true),
            ("share of leads", true),
            ("converted", true),
            ("conversion rate", true),
            ("lift", true),
        ];
        table(out, &caption, &header, rows);
    }
    deciles(x, out);
    rules(x, out);
}

fn deciles(x: &RubricReport, out: &mut String) {
    let rows = x
        .deciles
        .iter()
        .map(|d| {
            vec![
                num(d.decile.to_string()),
                num(d.bucket.leads.to_string()),
                num(d.bucket.conversions.to_string()),
                rate(d.bucket.rate()),
                num(percent(d.cumulative_gain)),
            ]
        })
        .collect();
    let header = [
        ("tenth (1 = highest scores)", true),
        ("leads", true),
        ("converted", true),
        ("conversion rate", true),
        ("conversions found so far", true),
    ];
    let caption = format!("Leads by {} in tenths, highest first", x.ranked_by);
    table(out, &caption, &header, rows);
}

fn rules(x: &RubricReport, out: &mut String) {
    let rows = x
        .rules
        .iter()
        .map(|r| {
            vec![
                code(&r.score),
                text(&r.rule),
                num(r.fired.to_string()),
                num(percent(r.fired_share)),
                rate(r.rate_fired),
                rate(r.rate_not_fired),
                opt(r.lift, |l| format!("{l:.2}×")),
            ]
        })
        .collect();
    let header = [
        ("score", false),
        ("rule", false),
        ("fired for", true),
        ("share of leads", true),
        ("rate when fired", true),
        ("rate otherwise", true),
        ("lift", true),
    ];
    table(
        out,
        "Rules: how the leads each rule gave points to converted (lift above 1 picks out buyers)",
        &header,
        rows,
    );
}
