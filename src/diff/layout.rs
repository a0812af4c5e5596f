//! A report laid out as headings, paragraphs and tables, once, for both the text and the
//! markdown renderer; they differ only in how they print these blocks.

use super::impact::{Impact, Transitions};
use super::structure::{Change, ChangeKind, Item, Structure};
use super::{Mover, Report};

/// A run of text, printed as code (`backticks` in markdown) or as prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Seg {
    pub text: String,
    pub code: bool,
}

/// Prose and code runs, in order.
pub type Text = Vec<Seg>;

pub(crate) fn prose(s: impl Into<String>) -> Seg {
    Seg {
        text: one_line(s.into()),
        code: false,
    }
}

pub(crate) fn code(s: impl Into<String>) -> Seg {
    Seg {
        text: one_line(s.into()),
        code: true,
    }
}

/// A lead key or a quoted name may hold a line break or a tab; a table cell may not.
fn one_line(s: String) -> String {
    if s.contains(|c: char| c.is_control()) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        s
    }
}

/// A table: header, which columns are numbers (right-aligned), rows of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Text>>,
}

/// One block of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(Text),
    Heading(Text),
    Para(Text),
    Table(Table),
}

/// A number for people: at most two decimals, no trailing zeros, never `-0`.
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A change with its sign: `+15`, `-5`, `0`.
pub fn signed(v: f64) -> String {
    let s = number(v);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), number)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0 %".into();
    }
    format!("{} %", number(100.0 * part as f64 / whole as f64))
}

/// The whole report as blocks.
pub fn blocks(r: &Report) -> Vec<Block> {
    let mut out = vec![
        Block::Title(vec![
            code(&r.old.ruleset),
            prose(format!(" version {} (", r.old.version)),
            code(&r.old.hash),
            prose(") → "),
            code(&r.new.ruleset),
            prose(format!(" version {} (", r.new.version)),
            code(&r.new.hash),
            prose(")"),
        ]),
        Block::Para(vec![prose(leads_line(&r.impact))]),
    ];
    structure(&r.structure, &mut out);
    for t in &r.impact.tier_sets {
        tiers(t, &r.impact, &mut out);
    }
    routes(&r.impact, &mut out);
    scores(&r.impact, &mut out);
    movers(&r.impact, &mut out);
    out
}

fn leads_line(i: &Impact) -> String {
    let mut s = format!(
        "{} scored by both rubrics as of {}",
        plural(i.leads, "lead"),
        i.as_of
    );
    if i.only_old + i.only_new > 0 {
        s.push_str(&format!(
            "; {} only in the old rubric's data, {} only in the new",
            i.only_old, i.only_new
        ));
    }
    s.push('.');
    s
}

const SUMMARY: [(Item, &str); 7] = [
    (Item::Score, "scores"),
    (Item::Rule, "rules"),
    (Item::Derived, "derived scores"),
    (Item::TierSet, "tier sets"),
    (Item::Tier, "tiers"),
    (Item::Route, "route lines"),
    (Item::Schema, "schema"),
];

/// Starts a section; when it has nothing to show, says so and returns `false`.
fn section(out: &mut Vec<Block>, heading: Text, nothing: Option<&str>) -> bool {
    out.push(Block::Heading(heading));
    if let Some(line) = nothing {
        out.push(Block::Para(vec![prose(line)]));
    }
    nothing.is_none()
}

fn structure(s: &Structure, out: &mut Vec<Block>) {
    let nothing = s.changes.is_empty().then_some(
        "No changes to rules, scores, tiers or routes (comments and layout do not count).",
    );
    if !section(out, vec![prose("Changes to the rubric")], nothing) {
        return;
    }
    let mut parts = Vec::new();
    for (item, word) in SUMMARY {
        let counts: Vec<String> = [
            (ChangeKind::Added, "added"),
            (ChangeKind::Removed, "removed"),
            (ChangeKind::Changed, "changed"),
        ]
        .iter()
        .map(|(k, w)| (s.count(item, *k), w))
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        if !counts.is_empty() {
            parts.push(format!("{word}: {}", counts.join(", ")));
        }
    }
    if !parts.is_empty() {
        out.push(Block::Para(vec![prose(format!("{}.", parts.join("; ")))]));
    }
    out.push(Block::Table(Table {
        header: ["change", "what", "name", "details"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false; 4],
        rows: s.changes.iter().map(change_row).collect(),
    }));
}

fn change_row(c: &Change) -> Vec<Text> {
    let kind = match c.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    let mut name = Vec::new();
    if let Some(w) = &c.within {
        name.push(code(w));
        name.push(prose(" / "));
    }
    name.push(match c.item {
        Item::Rule => prose(&c.name),
        Item::Route | Item::Schema | Item::Ruleset => prose(&c.name),
        _ => code(&c.name),
    });
    let detail = match (c.kind, &c.old, &c.new) {
        (ChangeKind::Added, _, Some(t)) | (ChangeKind::Removed, Some(t), _) => vec![code(t)],
        _ => {
            let mut d = Vec::new();
            for (k, a) in c.aspects.iter().enumerate() {
                if k > 0 {
                    d.push(prose("; "));
                }
                d.extend([
                    prose(format!("{}: ", a.aspect)),
                    code(&a.old),
                    prose(" → "),
                    code(&a.new),
                ]);
            }
            d
        }
    };
    vec![
        vec![prose(kind)],
        vec![prose(c.item.as_str())],
        name,
        detail,
    ]
}

fn tiers(t: &Transitions, i: &Impact, out: &mut Vec<Block>) {
    let total = i.leads + i.only_old + i.only_new;
    out.push(Block::Heading(vec![prose("Tier set "), code(&t.tier_set)]));
    out.push(Block::Para(vec![prose(format!(
        "{} of {} change tier ({}). Rows: old tier, columns: new tier.",
        t.changed,
        plural(total, "lead"),
        percent(t.changed, total)
    ))]));
    let mut header = vec!["old \\ new".to_string()];
    header.extend(t.new_tiers.iter().cloned());
    let rows = t
        .old_tiers
        .iter()
        .zip(&t.counts)
        .map(|(name, counts)| {
            let mut row = vec![vec![code(name)]];
            row.extend(counts.iter().map(|n| vec![prose(n.to_string())]));
            row
        })
        .collect();
    let mut numeric = vec![true; header.len()];
    numeric[0] = false;
    out.push(Block::Table(Table {
        header,
        numeric,
        rows,
    }));
}

fn routes(i: &Impact, out: &mut Vec<Block>) {
    let r = &i.routes;
    out.push(Block::Heading(vec![prose("Routing")]));
    out.push(Block::Para(vec![prose(format!(
        "{} of {} change route: queue {}, notify {}, tags {}.",
        r.changed,
        plural(i.leads, "lead"),
        r.queue,
        r.notify,
        r.tags
    ))]));
    if r.queue_moves.is_empty() {
        return;
    }
    out.push(Block::Table(Table {
        header: ["old queue", "new queue", "leads"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, false, true],
        rows: r
            .queue_moves
            .iter()
            .map(|m| {
                vec![
                    vec![code(&m.old)],
                    vec![code(&m.new)],
                    vec![prose(m.leads.to_string())],
                ]
            })
            .collect(),
    }));
}

fn scores(i: &Impact, out: &mut Vec<Block>) {
    let nothing = i
        .scores
        .is_empty()
        .then_some("The rubrics have no score in common.");
    if !section(out, vec![prose("Score changes (new − old)")], nothing) {
        return;
    }
    out.push(Block::Table(Table {
        header: ["score", "changed", "min", "p25", "median", "p75", "max"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, true, true, true, true, true, true],
        rows: i
            .scores
            .iter()
            .map(|s| {
                let mut row = vec![vec![code(&s.score)], vec![prose(s.changed.to_string())]];
                row.extend(
                    [s.min, s.p25, s.median, s.p75, s.max].map(|v| vec![prose(optional(v))]),
                );
                row
            })
            .collect(),
    }));
}

fn movers(i: &Impact, out: &mut Vec<Block>) {
    let Some(by) = &i.movers_by else { return };
    let nothing = i
        .movers
        .is_empty()
        .then_some("No lead's score or tier changed.");
    if !section(out, vec![prose("Top movers by "), code(by)], nothing) {
        return;
    }
    out.push(Block::Table(Table {
        header: ["lead", by.as_str(), "change", "tier", "rules that changed"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, false, true, false, false],
        rows: i.movers.iter().map(mover_row).collect(),
    }));
}

fn mover_row(m: &Mover) -> Vec<Text> {
    let tier = match (&m.old_tier, &m.new_tier) {
        (Some(a), Some(b)) if a == b => vec![code(a)],
        (Some(a), Some(b)) => vec![code(a), prose(" → "), code(b)],
        _ => vec![],
    };
    let mut rules = Vec::new();
    for (k, r) in m.rules.iter().enumerate() {
        if k > 0 {
            rules.push(prose("; "));
        }
        rules.push(prose(format!(
            "{} {} → {}",
            r.rule,
            optional(r.old),
            optional(r.new)
        )));
    }
    vec![
        vec![code(&m.key)],
        vec![prose(format!("{} → {}", number(m.old), number(m.new)))],
        vec![prose(signed(m.delta))],
        tier,
        rules,
    ]
}
