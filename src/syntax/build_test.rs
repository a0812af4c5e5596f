//! Test blocks: parse tree → `test_ast`. Values stay untyped until checked against the schema.

use super::super::ast::{ListItem, Num};
use super::super::test_ast::*;
use super::super::Rule;
use super::build_expr::cmp_op;
use super::{action, kids, name, span, Builder, P};
use crate::diag::{Code, Diagnostic, Span};

/// Most decimals an `about` number may have.
const MAX_DECIMALS: usize = 15;

impl Builder<'_> {
    pub(super) fn test_block(&mut self, p: P) -> TestBlock {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let mut t = TestBlock {
            name: name(&k.next().expect("grammar: test name")),
            as_of: None,
            lead: vec![],
            lead_span: None,
            events: vec![],
            expects: vec![],
            span: sp,
        };
        let (mut as_of_at, mut lead_at) = (None, None);
        for stmt in k {
            match stmt.as_rule() {
                Rule::test_as_of => {
                    self.once(&mut as_of_at, span(&stmt), "`as of`");
                    t.as_of = Some(name(&kids(stmt)[0]));
                }
                Rule::test_lead => {
                    self.once(&mut lead_at, span(&stmt), "`lead { … }`");
                    t.lead_span = Some(span(&stmt));
                    t.lead = self.test_fields(kids(stmt).remove(0));
                }
                Rule::expect => t.expects.push(self.expect(stmt)),
                _ => t.events.push(self.test_event(stmt)),
            }
        }
        t
    }

    /// Reports a statement that a test may have only once.
    fn once(&mut self, first: &mut Option<Span>, at: Span, what: &str) {
        if let Some(f) = *first {
            let d = Diagnostic::error(
                Code::RepeatedInTest,
                self.source,
                at,
                format!("this test has {what} twice"),
                "second one",
            )
            .with_label(f, "first one")
            .with_help("keep one: which was meant cannot be guessed");
            self.diags.push(d);
        }
        first.get_or_insert(at);
    }

    fn test_fields(&mut self, p: P) -> Vec<TestField> {
        kids(p)
            .into_iter()
            .map(|f| {
                let k = kids(f);
                TestField {
                    name: name(&k[0]),
                    value: self.test_value(k[1].clone()),
                }
            })
            .collect()
    }

    fn test_value(&mut self, p: P) -> TestValue {
        let v = kids(p).remove(0);
        match v.as_rule() {
            Rule::string => TestValue::Text(name(&v)),
            Rule::duration => TestValue::Duration(self.duration(&v)),
            Rule::signed_num => TestValue::Num(self.num(&v)),
            Rule::bool_lit => TestValue::Bool(v.as_str().trim() == "true", span(&v)),
            Rule::missing => TestValue::Missing(span(&v)),
            _ => TestValue::Word(name(&v)),
        }
    }

    fn test_event(&mut self, p: P) -> TestEvent {
        let sp = span(&p);
        let mut k = kids(p).into_iter();
        let event = name(&k.next().expect("grammar: event type"));
        let at = self.duration(&k.next().expect("grammar: at DURATION"));
        let attrs = k.next().map_or(vec![], |f| self.test_fields(f));
        TestEvent {
            event,
            at,
            attrs,
            span: sp,
        }
    }

    fn expect(&mut self, p: P) -> Expect {
        let sp = span(&p);
        let body = kids(p).remove(0);
        let which = body.as_rule();
        let parts = kids(body);
        let negated = parts.first().is_some_and(|c| c.as_rule() == Rule::negated);
        let kind = match which {
            Rule::expect_fired => ExpectKind::Fired {
                negated,
                rules: parts
                    .iter()
                    .filter(|c| c.as_rule() == Rule::string)
                    .map(name)
                    .collect(),
            },
            Rule::expect_route => {
                let actions: Vec<P> = parts
                    .into_iter()
                    .filter(|c| c.as_rule() == Rule::action)
                    .collect();
                let list = match (actions.first(), actions.last()) {
                    (Some(a), Some(b)) => crate::diag::Span::new(span(a).start, span(b).end),
                    _ => sp,
                };
                ExpectKind::Route {
                    negated,
                    actions: actions.into_iter().map(action).collect(),
                    list,
                }
            }
            _ => ExpectKind::Value {
                target: name(&parts[0]),
                test: self.value_test(parts[1].clone()),
            },
        };
        Expect { kind, span: sp }
    }

    fn value_test(&mut self, p: P) -> ValueTest {
        let which = p.as_rule();
        let k = kids(p);
        let negated = k.first().is_some_and(|c| c.as_rule() == Rule::negated);
        match which {
            Rule::expect_about => {
                let text = k[0].as_str();
                let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
                let n = self.num(&k[0]);
                // An f64 holds about 17 significant digits; more decimals cannot be meant.
                if decimals > MAX_DECIMALS {
                    self.diags.push(
                        Diagnostic::error(
                            Code::BadLiteral,
                            self.source,
                            n.span,
                            "too many decimals after `about`",
                            "this number",
                        )
                        .with_help(format!(
                            "write at most {MAX_DECIMALS} decimals, e.g. `about 12.5`"
                        )),
                    );
                }
                ValueTest::About(n, decimals.min(MAX_DECIMALS) as u32)
            }
            Rule::expect_cmp => ValueTest::Cmp(cmp_op(k[0].as_str()), self.literal(k[1].clone())),
            Rule::in_list => ValueTest::InList {
                negated,
                items: self.list_items(k),
            },
            _ => {
                let nums: Vec<Num> = k
                    .iter()
                    .filter(|c| c.as_rule() == Rule::signed_num)
                    .map(|c| self.num(c))
                    .collect();
                ValueTest::InRange {
                    negated,
                    lo: nums[0],
                    hi: nums[1],
                }
            }
        }
    }

    fn literal(&mut self, p: P) -> ListItem {
        match p.as_rule() {
            Rule::string => ListItem::Str(name(&p)),
            Rule::signed_num => ListItem::Num(self.num(&p)),
            _ => ListItem::Word(name(&p)),
        }
    }
}
