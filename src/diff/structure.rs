//! The structural summary: rules, scores, derived scores, tiers and route lines added,
//! removed or changed, found by comparing the two syntax trees in canonical form.
//! Rules are matched by (score, rule name), everything else with a name by its name.

use super::canon;
use crate::diag::Diagnostics;
use crate::ir::Program;
use crate::syntax::ast::{self, Rubric, Trigger};
use serde::Serialize;

/// Added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new rubric.
    Added,
    /// Only in the old rubric.
    Removed,
    /// In both, different.
    Changed,
}

/// What kind of thing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The header: name, version, schema path.
    Ruleset,
    /// The lead schema the rubric is checked against.
    Schema,
    /// A `score NAME { … }` block (its clamp and default decay).
    Score,
    /// One rule of a score block.
    Rule,
    /// A derived score `NAME = …`.
    Derived,
    /// A `tiers … on SCORE { … }` block.
    TierSet,
    /// One tier of a tier set.
    Tier,
    /// One line of the route block.
    Route,
}

impl Item {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Ruleset => "ruleset",
            Item::Schema => "schema",
            Item::Score => "score",
            Item::Rule => "rule",
            Item::Derived => "derived",
            Item::TierSet => "tier set",
            Item::Tier => "tier",
            Item::Route => "route",
        }
    }
}

/// One part of a changed item: its old and new canonical text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aspect {
    /// Which part: `points`, `window`, `bound`, `actions`, …
    pub aspect: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// One change to the rubric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What kind of thing.
    pub item: Item,
    /// The score a rule belongs to, or the tier set a tier belongs to.
    pub within: Option<String>,
    /// Its name (`line N` for route lines).
    pub name: String,
    /// The whole item before, in canonical form.
    pub old: Option<String>,
    /// The whole item after, in canonical form.
    pub new: Option<String>,
    /// For changed items, the parts that differ.
    pub aspects: Vec<Aspect>,
}

/// Every change, in document order: header, schema, scores with their rules, derived
/// scores, tier sets with their tiers, route lines.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Structure {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Structure {
    /// Compares two compiled rubrics through their syntax trees.
    pub fn between(old: &Program, new: &Program) -> Result<Structure, Diagnostics> {
        let a = crate::syntax::parse_rubric(&old.source)?;
        let b = crate::syntax::parse_rubric(&new.source)?;
        let mut s = Structure::of_trees(&a, &b);
        let header = s.changes.first().is_some_and(|c| c.item == Item::Ruleset);
        match super::schema_diff::compare(&old.schema, &new.schema) {
            Some(c) => s.changes.insert(usize::from(header), c),
            // The path only locates the schema: a new path to the same schema is no change.
            None if header => {
                s.changes[0].aspects.retain(|a| a.aspect != "schema");
                if s.changes[0].aspects.is_empty() {
                    s.changes.remove(0);
                }
            }
            None => {}
        }
        Ok(s)
    }

    /// Compares two syntax trees (no schema needed).
    pub fn of_trees(old: &Rubric, new: &Rubric) -> Structure {
        let mut s = Structure::default();
        s.header(old, new);
        s.scores(old, new);
        s.named(
            Item::Derived,
            None,
            &old.derived,
            &new.derived,
            |d| &d.name.text,
            derived_text,
            derived_aspects,
        );
        s.tier_sets(old, new);
        s.changes.extend(super::route_lines::compare(
            route_lines(old),
            route_lines(new),
        ));
        s
    }

    /// How many changes of a kind to a kind of item.
    pub fn count(&self, item: Item, kind: ChangeKind) -> usize {
        self.changes
            .iter()
            .filter(|c| c.item == item && c.kind == kind)
            .count()
    }

    fn header(&mut self, old: &Rubric, new: &Rubric) {
        let aspects: Vec<Aspect> = [
            (
                "name",
                canon::string(&old.name.text),
                canon::string(&new.name.text),
            ),
            ("version", old.version.to_string(), new.version.to_string()),
            (
                "schema",
                canon::string(&old.schema_path.text),
                canon::string(&new.schema_path.text),
            ),
        ]
        .into_iter()
        .filter_map(|(k, a, b)| aspect(k, a, b))
        .collect();
        if !aspects.is_empty() {
            self.changes.push(Change {
                kind: ChangeKind::Changed,
                item: Item::Ruleset,
                within: None,
                name: new.name.text.clone(),
                old: None,
                new: None,
                aspects,
            });
        }
    }

    fn scores(&mut self, old: &Rubric, new: &Rubric) {
        for (a, b) in by_name(&old.scores, &new.scores, |s| &s.name.text) {
            self.one(
                Item::Score,
                None,
                (a, b),
                |s| &s.name.text,
                score_text,
                score_aspects,
            );
            let within = b.or(a).map(|s| s.name.text.clone());
            self.named(
                Item::Rule,
                within,
                rules(a),
                rules(b),
                |r| &r.name.text,
                canon::rule,
                rule_aspects,
            );
        }
    }

    fn tier_sets(&mut self, old: &Rubric, new: &Rubric) {
        for (a, b) in by_name(&old.tiers, &new.tiers, |t| &t.name.text) {
            let score = |x: &ast::TierSet, y: &ast::TierSet| {
                aspect("score", x.score.text.clone(), y.score.text.clone())
                    .into_iter()
                    .collect()
            };
            self.one(
                Item::TierSet,
                None,
                (a, b),
                |t| &t.name.text,
                tier_set_text,
                score,
            );
            // A whole set added or removed is one change; its tiers are in its text.
            if let (Some(a), Some(b)) = (a, b) {
                let bound = |t: &ast::Tier| canon::tier_bound(&t.bound);
                self.named(
                    Item::Tier,
                    Some(b.name.text.clone()),
                    &a.tiers,
                    &b.tiers,
                    |t| &t.name.text,
                    bound,
                    |x, y| aspect("bound", bound(x), bound(y)).into_iter().collect(),
                );
            }
        }
    }

    /// Matches items by name and records what was added, removed or changed.
    #[allow(clippy::too_many_arguments)]
    fn named<T>(
        &mut self,
        item: Item,
        within: Option<String>,
        old: &[T],
        new: &[T],
        name: impl Fn(&T) -> &String,
        text: impl Fn(&T) -> String,
        aspects: impl Fn(&T, &T) -> Vec<Aspect>,
    ) {
        for pair in by_name(old, new, &name) {
            self.one(item, within.clone(), pair, &name, &text, &aspects);
        }
    }

    /// Records one matched pair: added, removed, or changed when some aspect differs.
    fn one<T>(
        &mut self,
        item: Item,
        within: Option<String>,
        (a, b): (Option<&T>, Option<&T>),
        name: impl Fn(&T) -> &String,
        text: impl Fn(&T) -> String,
        aspects: impl Fn(&T, &T) -> Vec<Aspect>,
    ) {
        let (kind, aspects) = match (a, b) {
            (Some(a), Some(b)) => match aspects(a, b) {
                found if found.is_empty() => return,
                found => (ChangeKind::Changed, found),
            },
            (None, _) => (ChangeKind::Added, vec![]),
            (_, None) => (ChangeKind::Removed, vec![]),
        };
        let Some(either) = b.or(a) else { return };
        self.changes.push(Change {
            kind,
            item,
            within,
            name: name(either).clone(),
            old: a.map(&text),
            new: b.map(&text),
            aspects,
        });
    }
}

fn route_lines(r: &Rubric) -> &[ast::RouteLine] {
    r.routes.first().map_or(&[], |b| &b.lines)
}

fn rules(s: Option<&ast::ScoreBlock>) -> &[ast::Rule] {
    s.map_or(&[], |s| &s.rules)
}

/// Pairs items by name: every new item in order (with its old namesake, if any), then the
/// old items that are gone, in their order.
fn by_name<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut out: Vec<(Option<&T>, Option<&T>)> = new
        .iter()
        .map(|b| (old.iter().find(|a| name(a) == name(b)), Some(b)))
        .collect();
    out.extend(
        old.iter()
            .filter(|a| !new.iter().any(|b| name(b) == name(a)))
            .map(|a| (Some(a), None)),
    );
    out
}

/// An aspect when the two texts differ.
pub(super) fn aspect(name: &str, old: String, new: String) -> Option<Aspect> {
    (old != new).then(|| Aspect {
        aspect: name.to_string(),
        old,
        new,
    })
}

fn score_text(s: &ast::ScoreBlock) -> String {
    let n = s.rules.len();
    format!(
        "{} rule{}, {}, default decay {}",
        n,
        if n == 1 { "" } else { "s" },
        canon::clamp(&s.clamp),
        canon::decay(&s.decay)
    )
}

fn score_aspects(a: &ast::ScoreBlock, b: &ast::ScoreBlock) -> Vec<Aspect> {
    found([
        aspect("clamp", canon::clamp(&a.clamp), canon::clamp(&b.clamp)),
        aspect("decay", canon::decay(&a.decay), canon::decay(&b.decay)),
    ])
}

/// The aspects that differ.
fn found(v: impl IntoIterator<Item = Option<Aspect>>) -> Vec<Aspect> {
    v.into_iter().flatten().collect()
}

fn rule_aspects(a: &ast::Rule, b: &ast::Rule) -> Vec<Aspect> {
    let mut out: Vec<Option<Aspect>> = match (&a.trigger, &b.trigger) {
        (Trigger::When(x), Trigger::When(y)) => {
            vec![aspect("condition", canon::expr(x), canon::expr(y))]
        }
        (Trigger::Each(x), Trigger::Each(y)) | (Trigger::Any(x), Trigger::Any(y)) => vec![
            aspect("event", x.event.text.clone(), y.event.text.clone()),
            aspect(
                "filter",
                canon::filter(x.filter.as_deref()),
                canon::filter(y.filter.as_deref()),
            ),
            aspect("window", canon::window(&x.within), canon::window(&y.within)),
            aspect(
                "followed",
                canon::followed(x.followed.as_deref()),
                canon::followed(y.followed.as_deref()),
            ),
        ],
        (x, y) => vec![aspect("trigger", canon::trigger(x), canon::trigger(y))],
    };
    out.extend([
        aspect("points", canon::points(a), canon::points(b)),
        aspect("cap", canon::cap(a), canon::cap(b)),
        aspect("decay", canon::decay(&a.decay), canon::decay(&b.decay)),
    ]);
    found(out)
}

fn derived_text(d: &ast::Derived) -> String {
    match &d.clamp {
        Some(_) => format!("= {} {}", canon::expr(&d.expr), canon::clamp(&d.clamp)),
        None => format!("= {}", canon::expr(&d.expr)),
    }
}

fn derived_aspects(a: &ast::Derived, b: &ast::Derived) -> Vec<Aspect> {
    found([
        aspect("formula", canon::expr(&a.expr), canon::expr(&b.expr)),
        aspect("clamp", canon::clamp(&a.clamp), canon::clamp(&b.clamp)),
    ])
}

fn tier_set_text(t: &ast::TierSet) -> String {
    let tiers: Vec<String> = t
        .tiers
        .iter()
        .map(|x| {
            format!(
                "{} {}",
                canon::word(&x.name.text),
                canon::tier_bound(&x.bound)
            )
        })
        .collect();
    format!("on {} {{ {} }}", t.score.text, tiers.join("   "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn tree(body: &str) -> Rubric {
        let text = format!("ruleset \"t\" version 1\nuse schema \"s\"\n{body}\n");
        crate::syntax::parse_rubric(&Source::new("t", text)).unwrap()
    }

    /// `kind item within/name: aspect old → new; …` per change.
    fn changes(old: &str, new: &str) -> Vec<String> {
        Structure::of_trees(&tree(old), &tree(new))
            .changes
            .iter()
            .map(|c| {
                let aspects: Vec<String> = c
                    .aspects
                    .iter()
                    .map(|a| format!("{} {} → {}", a.aspect, a.old, a.new))
                    .collect();
                let within = c
                    .within
                    .as_deref()
                    .map_or(String::new(), |w| format!("{w}/"));
                format!(
                    "{:?} {} {within}{}: {}",
                    c.kind,
                    c.item.as_str(),
                    c.name,
                    aspects.join("; ")
                )
            })
            .collect()
    }

    #[test]
    fn each_part_of_a_rule_is_its_own_aspect() {
        let old = r#"score s clamp 0..10 decay half_life 7d {
  rule "a" each page_view where url contains "x" within 30d not followed by email_open within 3d award 5 cap 10
  rule "b" when employees > 10 award 3
  rule "c" any demo_request award 1 decay linear 2w
}"#;
        let new = r#"score s clamp 0..20 {
  rule "a" each page_view where url contains "y" within 14d followed by email_open within 3d deduct 5
  rule "b" any demo_request award 3
  rule "c" any demo_request award 1 no_decay
}"#;
        assert_eq!(
            changes(old, new),
            [
                "Changed score s: clamp clamp 0..10 → clamp 0..20; decay decay half_life 1w → none",
                "Changed rule s/a: filter where url contains \"x\" → where url contains \"y\"; window within 30d → within 2w; followed not followed by email_open within 3d → followed by email_open within 3d; points award 5 → deduct 5; cap cap 10 → none",
                "Changed rule s/b: trigger when employees > 10 → any demo_request",
                "Changed rule s/c: decay decay linear 2w → no_decay",
            ]
        );
    }

    #[test]
    fn derived_scores_tiers_and_whole_items() {
        let old = "score s { rule \"a\" when true award 1 }\nd = s * 2\ntiers on s { lo up to 5 hi above 5 }\ntiers g on s { x up to 1 y above 1 }";
        let new = "score s { rule \"a\" when true award 1 }\nscore t { rule \"b\" when true award 1 }\nd = s * 3 clamp 0..9\ntiers on d { lo up to 4 mid up to 6 hi above 6 }";
        assert_eq!(
            changes(old, new),
            [
                "Added score t: ",
                "Added rule t/b: ",
                "Changed derived d: formula s * 2 → s * 3; clamp none → clamp 0..9",
                "Changed tier set tier: score s → d",
                "Changed tier tier/lo: bound up to 5 → up to 4",
                "Added tier tier/mid: ",
                "Changed tier tier/hi: bound above 5 → above 6",
                "Removed tier set g: ",
            ]
        );
    }
}
