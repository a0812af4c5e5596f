//! Parse tree → AST. The grammar already guarantees shape, so the only errors here are
//! literals out of range and expressions nested beyond what we evaluate safely.

use super::ast::*;
use super::Rule;
use crate::diag::{Code, Diagnostic, Diagnostics, Source, Span};
use pest::iterators::{Pair, Pairs};

/// Deepest expression tree we accept (a chain `a + b + c …` nests one level per term).
pub const MAX_EXPR_DEPTH: usize = 200;

type P<'a> = Pair<'a, Rule>;

/// The span of a pair without the whitespace and comments pest skipped after its last token,
/// so labels and explain texts show exactly what was written.
pub(super) fn span(p: &P) -> Span {
    let s = p.as_span();
    let mut end = s.start() + s.as_str().trim_end().len();
    if let Some(last) = p.clone().into_inner().last() {
        let tail = s.get_input().get(last.as_span().end()..end).unwrap_or("");
        if tail.trim_start().starts_with('#') {
            end = span(&last).end;
        }
    }
    Span::new(s.start(), end)
}

/// Keyword tokens are the grammar rules named `kw_…`; the table is built once, because this
/// is asked for every pair of the parse tree.
pub(super) fn is_kw(r: Rule) -> bool {
    static KW: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = KW.get_or_init(|| {
        // `all_rules` leaves out built-ins such as EOI, so size the table by the largest index.
        let len = Rule::all_rules()
            .iter()
            .map(|r| *r as usize + 1)
            .max()
            .unwrap_or(0)
            .max(Rule::EOI as usize + 1);
        let mut t = vec![false; len];
        for r in Rule::all_rules() {
            t[*r as usize] = format!("{r:?}").starts_with("kw_");
        }
        t
    });
    table.get(r as usize).copied().unwrap_or(false)
}

/// Children without keyword tokens, which carry no information once matched.
pub(super) fn kids<'a>(p: P<'a>) -> Vec<P<'a>> {
    p.into_inner().filter(|c| !is_kw(c.as_rule())).collect()
}

pub(super) fn name(p: &P) -> Name {
    let text = if p.as_rule() == Rule::string {
        unescape(p.as_str())
    } else {
        p.as_str().to_string()
    };
    Name {
        text,
        span: span(p),
    }
}

/// Strips quotes and resolves `\"`, `\\`, `\n`, `\t`.
pub(super) fn unescape(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(quoted);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Parses a number as the language reads it: decimal, no exponent, finite.
pub fn parse_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

struct Builder<'s> {
    source: &'s Source,
    diags: Vec<Diagnostic>,
}

pub(super) fn rubric(source: &Source, mut pairs: Pairs<Rule>) -> Result<Rubric, Diagnostics> {
    let mut b = Builder {
        source,
        diags: Vec::new(),
    };
    let top = pairs.next().expect("grammar: rubric");
    let mut items = kids(top).into_iter();
    let ruleset = items.next().expect("grammar: ruleset");
    // From the `version` keyword to the number, for diagnostics about the version.
    let version_span = ruleset
        .clone()
        .into_inner()
        .find(|c| c.as_rule() == Rule::kw_version)
        .map_or(span(&ruleset), |kw| {
            Span::new(span(&kw).start, span(&ruleset).end)
        });
    let head = kids(ruleset);
    let version = head[1].as_str().parse::<u64>().unwrap_or_else(|_| {
        b.bad_literal(span(&head[1]), "the version number is too large");
        0
    });
    let schema = kids(items.next().expect("grammar: use schema"));
    let mut out = Rubric {
        name: name(&head[0]),
        version,
        version_span,
        schema_path: name(&schema[0]),
        scores: vec![],
        derived: vec![],
        tiers: vec![],
        routes: vec![],
        tests: vec![],
    };
    for item in items {
        match item.as_rule() {
            Rule::score_block => out.scores.push(b.score_block(item)),
            Rule::derived => out.derived.push(b.derived(item)),
            Rule::tiers_block => out.tiers.push(b.tiers(item)),
            Rule::route_block => out.routes.push(b.route_block(item)),
            Rule::test_block => out.tests.push(b.test_block(item)),
            _ => {}
        }
    }
    if b.diags.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(b.diags))
    }
}

impl Builder<'_> {
    fn bad_literal(&mut self, at: Span, message: &str) {
        self.diags.push(
            Diagnostic::error(Code::BadLiteral, self.source, at, message, "this value")
                .with_help("use a plain decimal number such as `15` or `2.5`"),
        );
    }

    fn num(&mut self, p: &P) -> Num {
        let value = parse_number(p.as_str()).unwrap_or_else(|| {
            self.bad_literal(span(p), "this number is too large");
            0.0
        });
        Num {
            value,
            span: span(p),
        }
    }

    fn duration(&mut self, p: &P) -> Duration {
        let text = p.as_str();
        let (digits, unit) = text.split_at(text.len() - 1);
        let per = match unit {
            "h" => 3600.0,
            "w" => 7.0 * 86400.0,
            _ => 86400.0,
        };
        // A number too long for `f64` parses as nothing: that is a duration too long as well.
        let value = parse_number(digits).map_or(f64::INFINITY, |n| n * per);
        if !value.is_finite() || value.abs() > 1e15 {
            self.diags.push(
                Diagnostic::error(
                    Code::BadLiteral,
                    self.source,
                    span(p),
                    "this duration is too long",
                    "this duration",
                )
                .with_help(
                    "durations are counted in hours, days or weeks, e.g. `30d`, `12h` or `-2w`",
                ),
            );
        }
        Duration {
            seconds: value,
            span: span(p),
        }
    }

    fn clamp(&mut self, p: P) -> Clamp {
        let sp = span(&p);
        let k = kids(p);
        Clamp {
            lo: self.num(&k[0]),
            hi: self.num(&k[1]),
            span: sp,
        }
    }

    fn decay(&mut self, p: P) -> Decay {
        if p.as_rule() == Rule::no_decay {
            return Decay::None(span(&p));
        }
        let inner = kids(p).remove(0);
        let kind = inner.as_rule();
        let d = self.duration(&kids(inner)[0]);
        if kind == Rule::half_life {
            Decay::HalfLife(d)
        } else {
            Decay::Linear(d)
        }
    }

    fn score_block(&mut self, p: P) -> ScoreBlock {
        let mut k = kids(p).into_iter();
        let mut block = ScoreBlock {
            name: name(&k.next().unwrap()),
            clamp: None,
            decay: None,
            rules: vec![],
        };
        for c in k {
            match c.as_rule() {
                Rule::clamp => block.clamp = Some(self.clamp(c)),
                Rule::decay => block.decay = Some(self.decay(c)),
                Rule::rule => block.rules.push(self.rule(c)),
                _ => {}
            }
        }
        block
    }

    fn rule(&mut self, p: P) -> Rule_ {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let rule_name = name(&k.next().unwrap());
        let trig = k.next().unwrap();
        let trigger = match trig.as_rule() {
            Rule::when_trigger => Trigger::When(self.expr(kids(trig).remove(0))),
            Rule::each_trigger => Trigger::Each(self.pattern(kids(trig).remove(0))),
            _ => Trigger::Any(self.pattern(kids(trig).remove(0))),
        };
        let points = kids(k.next().unwrap());
        let deduct = points[0].as_rule() == Rule::deduct;
        let points = self.expr(points[1].clone());
        let mut rule = Rule_ {
            name: rule_name,
            trigger,
            deduct,
            points,
            cap: None,
            decay: None,
            span: sp,
        };
        for c in k {
            match c.as_rule() {
                Rule::cap => rule.cap = Some(self.num(&kids(c)[0])),
                _ => rule.decay = Some(self.decay(c)),
            }
        }
        rule
    }

    fn pattern(&mut self, p: P) -> Pattern {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let mut pat = Pattern {
            event: name(&k.next().unwrap()),
            filter: None,
            within: None,
            followed: None,
            span: sp,
        };
        for c in k {
            match c.as_rule() {
                Rule::where_clause => pat.filter = Some(Box::new(self.expr(kids(c).remove(0)))),
                Rule::within => pat.within = Some(self.duration(&kids(c)[0])),
                _ => pat.followed = Some(Box::new(self.followed(c))),
            }
        }
        pat
    }

    fn followed(&mut self, p: P) -> Followed {
        let mut negated = false;
        let mut event = None;
        let mut filter = None;
        let mut within = Duration {
            seconds: 0.0,
            span: span(&p),
        };
        for c in kids(p) {
            match c.as_rule() {
                Rule::negated => negated = true,
                Rule::ident => event = Some(name(&c)),
                Rule::where_clause => filter = Some(self.expr(kids(c).remove(0))),
                _ => within = self.duration(&kids(c)[0]),
            }
        }
        Followed {
            negated,
            event: event.expect("grammar: followed by EVENT"),
            filter,
            within,
        }
    }

    fn derived(&mut self, p: P) -> Derived {
        let mut k = kids(p).into_iter();
        let n = name(&k.next().unwrap());
        let expr = self.expr(k.next().unwrap());
        let clamp = k.next().map(|c| self.clamp(c));
        Derived {
            name: n,
            expr,
            clamp,
        }
    }

    fn tiers(&mut self, p: P) -> TierSet {
        let sp = span(&p);
        let k = kids(p);
        let idents: Vec<&P> = k.iter().filter(|c| c.as_rule() == Rule::ident).collect();
        let (set_name, score) = match idents.as_slice() {
            [score] => (
                Name {
                    text: "tier".into(),
                    span: span(score),
                },
                name(score),
            ),
            [n, score, ..] => (name(n), name(score)),
            [] => unreachable!("grammar: tiers on SCORE"),
        };
        let tiers = k
            .iter()
            .filter(|c| c.as_rule() == Rule::tier)
            .map(|t| self.tier(t.clone()))
            .collect();
        TierSet {
            name: set_name,
            score,
            tiers,
            span: sp,
        }
    }

    fn tier(&mut self, p: P) -> Tier {
        let sp = span(&p);
        let k = kids(p);
        let tier_name = name(&kids(k[0].clone())[0]);
        let bound_kind = k[1].as_rule();
        let n = self.num(&kids(k[1].clone())[0]);
        let bound = if bound_kind == Rule::up_to {
            TierBound::UpTo(n)
        } else {
            TierBound::Above(n)
        };
        Tier {
            name: tier_name,
            bound,
            span: sp,
        }
    }

    fn route_block(&mut self, p: P) -> RouteBlock {
        let sp = span(&p);
        let lines = kids(p).into_iter().map(|l| self.route_line(l)).collect();
        RouteBlock { lines, span: sp }
    }

    fn route_line(&mut self, p: P) -> RouteLine {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let g = k.next().unwrap();
        let guard = match g.as_rule() {
            Rule::route_when => Guard::When(self.expr(kids(g).remove(0))),
            Rule::route_sample => {
                let mut gk = kids(g).into_iter();
                let pct = gk.next().unwrap();
                let percent = Num {
                    value: parse_number(pct.as_str().trim_end_matches('%')).unwrap_or(f64::MAX),
                    span: span(&pct),
                };
                Guard::Sample {
                    percent,
                    cond: gk.next().map(|c| self.expr(c)),
                }
            }
            _ => Guard::Otherwise(span(&g)),
        };
        let actions = k.map(action).collect();
        RouteLine {
            guard,
            actions,
            span: sp,
        }
    }
}

type Rule_ = super::ast::Rule;

pub(super) fn action(p: P) -> Action {
    let k = kids(p);
    let kind = match k[0].as_str() {
        "assign" => ActionKind::Assign,
        "nurture" => ActionKind::Nurture,
        "notify" => ActionKind::Notify,
        _ => ActionKind::Tag,
    };
    Action {
        kind,
        target: name(&k[1]),
    }
}

#[path = "build_expr.rs"]
mod build_expr;
#[path = "build_test.rs"]
mod build_test;

/// Builds the test blocks of a `*.test.score` file.
pub(super) fn test_file(
    source: &Source,
    mut pairs: Pairs<Rule>,
) -> Result<Vec<super::test_ast::TestBlock>, Diagnostics> {
    let mut b = Builder {
        source,
        diags: Vec::new(),
    };
    let top = pairs.next().expect("grammar: test_file");
    let tests = kids(top)
        .into_iter()
        .filter(|p| p.as_rule() == Rule::test_block)
        .map(|p| b.test_block(p))
        .collect();
    if b.diags.is_empty() {
        Ok(tests)
    } else {
        Err(Diagnostics(b.diags))
    }
}
