//! The backtest as headings, paragraphs and tables, printed by the same text and markdown
//! renderers as `leadscore diff`.

use super::report::{percent, RubricReport};
use super::Report;
use crate::diff::layout::{code, prose, Block, Table, Text};
use crate::diff::{render_markdown, render_text};

pub(super) fn text(r: &Report) -> String {
    render_text::render(&blocks(r))
}

pub(super) fn markdown(r: &Report) -> String {
    render_markdown::render(&blocks(r))
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "–".to_string(), f)
}

fn auc(v: Option<f64>) -> String {
    opt(v, |x| format!("{x:.4}"))
}

fn lift(v: Option<f64>) -> String {
    opt(v, |x| format!("{x:.2}×"))
}

fn cell(s: String) -> Text {
    vec![prose(s)]
}

fn table(header: &[&str], numeric: &[bool], rows: Vec<Vec<Text>>) -> Block {
    Block::Table(Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        numeric: numeric.to_vec(),
        rows,
    })
}

fn blocks(r: &Report) -> Vec<Block> {
    let mut out = vec![
        Block::Title(vec![prose(format!(
            "Backtest of {} rubric{} on {} leads",
            r.rubrics.len(),
            if r.rubrics.len() == 1 { "" } else { "s" },
            r.leads
        ))]),
        Block::Para(vec![prose(format!(
            "{} converted (base rate {}); scored as of {}.",
            r.conversions,
            percent(r.base_rate),
            r.scored_as_of
        ))]),
    ];
    if r.rubrics.len() > 1 {
        comparison(r, &mut out);
    }
    for rubric in &r.rubrics {
        section(rubric, &mut out);
    }
    if !r.warnings.is_empty() {
        out.push(Block::Heading(vec![prose("Warnings")]));
        for w in &r.warnings {
            out.push(Block::Para(vec![prose(format!("warning: {w}"))]));
        }
    }
    out
}

fn comparison(r: &Report, out: &mut Vec<Block>) {
    out.push(Block::Heading(vec![prose("Side by side")]));
    let rows = r
        .rubrics
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let c = k.checked_sub(1).and_then(|k| r.comparisons.get(k));
            let diff = c.and_then(|c| c.difference);
            let ci = c.and_then(|c| c.interval.as_ref());
            vec![
                vec![code(x.rubric.path.clone())],
                cell(format!("{} v{}", x.rubric.ruleset, x.rubric.version)),
                vec![code(x.ranked_by.clone())],
                cell(auc(x.auc)),
                cell(opt(diff, |d| format!("{d:+.4}"))),
                cell(ci.map_or_else(
                    || "–".to_string(),
                    |i| format!("{:+.4} to {:+.4}", i.low, i.high),
                )),
            ]
        })
        .collect();
    out.push(table(
        &[
            "rubric",
            "ruleset",
            "ranked by",
            "AUC",
            "vs first",
            "95% interval",
        ],
        &[false, false, false, true, true, true],
        rows,
    ));
    if let Some(i) = r.comparisons.iter().find_map(|c| c.interval.as_ref()) {
        out.push(Block::Para(vec![prose(format!(
            "Intervals: {} paired bootstrap resamples of the leads (seed {}), {:.0}% coverage; \
             an interval that excludes 0 is a real difference.",
            i.resamples,
            i.seed,
            i.level * 100.0
        ))]));
    }
}

fn section(x: &RubricReport, out: &mut Vec<Block>) {
    out.push(Block::Heading(vec![
        code(x.rubric.path.clone()),
        prose(format!(
            " — ruleset {} version {}, ranked by ",
            x.rubric.ruleset, x.rubric.version
        )),
        code(x.ranked_by.clone()),
        prose(format!(": AUC {}", auc(x.auc))),
    ]));
    if x.scores.len() > 1 {
        let rows = x
            .scores
            .iter()
            .map(|s| vec![vec![code(s.score.clone())], cell(auc(s.auc))])
            .collect();
        out.push(table(&["score", "AUC"], &[false, true], rows));
    }
    for t in &x.tier_sets {
        out.push(Block::Para(vec![
            prose("Tiers "),
            code(t.tier_set.clone()),
            prose(" on "),
            code(t.score.clone()),
            prose(":"),
        ]));
        let rows = t
            .tiers
            .iter()
            .map(|row| {
                vec![
                    vec![code(row.tier.clone())],
                    cell(row.leads.to_string()),
                    cell(percent(row.share)),
                    cell(row.conversions.to_string()),
                    cell(opt(row.rate, percent)),
                    cell(lift(row.lift)),
                ]
            })
            .collect();
        out.push(table(
            &["tier", "leads", "share", "converted", "rate", "lift"],
            &[false, true, true, true, true, true],
            rows,
        ));
    }
    deciles(x, out);
    rules(x, out);
}

fn deciles(x: &RubricReport, out: &mut Vec<Block>) {
    out.push(Block::Para(vec![
        prose("Deciles of "),
        code(x.ranked_by.clone()),
        prose(", highest scores first:"),
    ]));
    let rows = x
        .deciles
        .iter()
        .map(|d| {
            vec![
                cell(d.decile.to_string()),
                cell(d.bucket.leads.to_string()),
                cell(d.bucket.conversions.to_string()),
                cell(opt(d.bucket.rate(), percent)),
                cell(percent(d.cumulative_gain)),
            ]
        })
        .collect();
    out.push(table(
        &["decile", "leads", "converted", "rate", "cumulative gain"],
        &[true, true, true, true, true],
        rows,
    ));
}

fn rules(x: &RubricReport, out: &mut Vec<Block>) {
    out.push(Block::Para(vec![prose(
        "Rules: how often each gave points, and how those leads converted:",
    )]));
    let rows = x
        .rules
        .iter()
        .map(|r| {
            vec![
                vec![code(r.score.clone())],
                cell(r.rule.clone()),
                cell(r.fired.to_string()),
                cell(percent(r.fired_share)),
                cell(opt(r.rate_fired, percent)),
                cell(opt(r.rate_not_fired, percent)),
                cell(lift(r.lift)),
            ]
        })
        .collect();
    out.push(table(
        &[
            "score",
            "rule",
            "fired",
            "share",
            "rate fired",
            "rate not",
            "lift",
        ],
        &[false, false, true, true, true, true, true],
        rows,
    ));
}
