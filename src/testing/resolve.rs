//! Checking test blocks against a compiled rubric: names resolved, literals typed, every
//! mistake reported at once, like the rest of the checker.

use super::case::{Check, Expectation, Test, DEFAULT_AS_OF};
use super::values::{shift, typed};
use crate::check::suggest::did_you_mean;
use crate::data::load::cell::key_text;
use crate::data::{time, Event, Lead, Value};
use crate::diag::{or_list, Code, Diagnostic, Source, Span};
use crate::ir::Program;
use crate::schema::Field;
use crate::syntax::test_ast::{Expect, ExpectKind, TestBlock, TestField};
use std::collections::HashMap;

struct Resolver<'a> {
    p: &'a Program,
    source: &'a Source,
    diags: Vec<Diagnostic>,
}

/// Resolves test blocks written in `source` against `p`. Returns the tests that are
/// free of errors and every diagnostic found.
pub fn resolve(p: &Program, blocks: &[TestBlock], source: &Source) -> (Vec<Test>, Vec<Diagnostic>) {
    resolve_beside(p, blocks, source, &[])
}

/// Like [`resolve`], for tests in a file beside the rubric whose own tests are `taken`:
/// names must be unique across both files.
pub fn resolve_beside(
    p: &Program,
    blocks: &[TestBlock],
    source: &Source,
    taken: &[Test],
) -> (Vec<Test>, Vec<Diagnostic>) {
    let mut r = Resolver {
        p,
        source,
        diags: vec![],
    };
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut tests = vec![];
    for b in blocks {
        let first = seen.get(b.name.text.as_str()).copied();
        let elsewhere = taken.iter().find(|t| t.name == b.name.text);
        if first.is_some() || elsewhere.is_some() {
            let mut d = Diagnostic::error(
                Code::DuplicateTest,
                source,
                b.name.span,
                format!("two tests are named `{}`", b.name.text),
                "second test with this name",
            );
            let help = match (first, elsewhere) {
                (Some(f), _) => {
                    d = d.with_label(f, "first test with this name");
                    "give every test its own name: reports refer to tests by name".to_string()
                }
                (None, t) => format!(
                    "the rubric file has a test with this name too (line {}); give every test its own name",
                    t.map_or(0, |t| t.line)
                ),
            };
            r.diags.push(d.with_help(help));
        }
        seen.entry(&b.name.text).or_insert(b.name.span);
        let before = r.diags.len();
        let t = r.test(b);
        if r.diags.len() == before {
            tests.push(t);
        }
    }
    (tests, r.diags)
}

impl Resolver<'_> {
    fn error(&mut self, code: Code, span: Span, message: String, label: &str, help: String) {
        self.diags
            .push(Diagnostic::error(code, self.source, span, message, label).with_help(help));
    }

    fn line(&self, span: Span) -> usize {
        self.source.line_col(span.start).0
    }

    fn test(&mut self, b: &TestBlock) -> Test {
        let as_of = self.as_of(b);
        let lead = self.lead(b, as_of);
        let mut events: Vec<Event> = b
            .events
            .iter()
            .filter_map(|e| self.event(e, as_of))
            .collect();
        events.sort_by_key(|e| e.at);
        let expects = b.expects.iter().filter_map(|e| self.expect(e)).collect();
        Test {
            name: b.name.text.clone(),
            line: self.line(b.span),
            span: b.span,
            as_of,
            lead,
            events,
            expects,
        }
    }

    fn as_of(&mut self, b: &TestBlock) -> i64 {
        let default = time::parse(DEFAULT_AS_OF).expect("the default as-of is a date");
        let Some(at) = &b.as_of else { return default };
        time::parse(&at.text).unwrap_or_else(|| {
            self.error(
                Code::BadLiteral,
                at.span,
                format!("`{}` is not a time", at.text),
                "not a time",
                format!("write {}", time::ACCEPTED),
            );
            default
        })
    }

    /// Types `fields` against `schema_fields`; `what` names the owner in messages.
    fn fields(
        &mut self,
        fields: &[TestField],
        schema_fields: &[Field],
        what: &str,
        code: Code,
        as_of: i64,
    ) -> Vec<Value> {
        let mut values = vec![Value::Missing; schema_fields.len()];
        let mut given: HashMap<usize, Span> = HashMap::new();
        for f in fields {
            let Some(i) = schema_fields.iter().position(|s| s.name == f.name.text) else {
                let names = schema_fields.iter().map(|s| s.name.as_str());
                let help = did_you_mean(
                    &f.name.text,
                    names,
                    format!(
                        "{what} has {}",
                        or_list(&schema_fields.iter().map(|s| &s.name).collect::<Vec<_>>())
                    ),
                );
                self.error(
                    code,
                    f.name.span,
                    format!("unknown field `{}` in {what}", f.name.text),
                    "not in the schema",
                    help,
                );
                continue;
            };
            if let Some(first) = given.insert(i, f.name.span) {
                let d = Diagnostic::error(
                    Code::RepeatedInTest,
                    self.source,
                    f.name.span,
                    format!("`{}` is given twice", f.name.text),
                    "second value",
                )
                .with_label(first, "first value")
                .with_help("give each field one value");
                self.diags.push(d);
            }
            match typed(&schema_fields[i], &f.value, as_of) {
                Ok(v) => values[i] = v,
                Err(m) => self.error(m.code, f.value.span(), m.message, &m.label, m.help),
            }
        }
        values
    }

    fn lead(&mut self, b: &TestBlock, as_of: i64) -> Lead {
        let schema = self.p.schema.clone();
        let mut values = self.fields(
            &b.lead,
            &schema.fields,
            "the lead",
            Code::UnknownField,
            as_of,
        );
        let key_field = schema.key_field();
        // A lead without a key is keyed by the test's name, so `sample` lines are repeatable.
        let key = match &values[schema.key] {
            Value::Missing => {
                if matches!(key_field.ty, crate::schema::Type::String) {
                    values[schema.key] = Value::Str(b.name.text.clone());
                }
                b.name.text.clone()
            }
            v => key_text(key_field, v),
        };
        Lead {
            values,
            key,
            line: self.line(b.span) as u64,
        }
    }

    fn event(&mut self, e: &crate::syntax::test_ast::TestEvent, as_of: i64) -> Option<Event> {
        let schema = self.p.schema.clone();
        let Some(kind) = schema.event(&e.event.text) else {
            let names: Vec<&str> = schema.events.iter().map(|t| t.name.as_str()).collect();
            let help = did_you_mean(
                &e.event.text,
                names.iter().copied(),
                format!("the schema's event types are {}", or_list(&names)),
            );
            self.error(
                Code::UnknownEvent,
                e.event.span,
                format!("unknown event type `{}`", e.event.text),
                "not in the schema",
                help,
            );
            return None;
        };
        let ty = &schema.events[kind];
        let attrs = self.fields(
            &e.attrs,
            &ty.attrs,
            &format!("a `{}` event", ty.name),
            Code::UnknownAttribute,
            as_of,
        );
        Some(Event {
            kind: kind as u32,
            at: shift(as_of, e.at.seconds),
            attrs,
        })
    }

    fn expect(&mut self, e: &Expect) -> Option<Expectation> {
        let check = match &e.kind {
            ExpectKind::Fired { negated, rules } => Check::Fired {
                negated: *negated,
                // Every name is looked up first, so each misspelling is reported.
                rules: rules
                    .iter()
                    .map(|n| self.rule(n))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<Vec<_>>>()?,
            },
            ExpectKind::Route {
                negated, actions, ..
            } => {
                let known = actions.iter().filter(|a| self.route_action(a)).count();
                if known < actions.len() {
                    return None;
                }
                Check::Route {
                    negated: *negated,
                    actions: actions
                        .iter()
                        .map(|a| (a.kind, a.target.text.clone()))
                        .collect(),
                }
            }
            ExpectKind::Value { target, test } => self.value(target, test)?,
        };
        Some(Expectation {
            text: one_line(self.source.slice(e.span)),
            line: self.line(e.span),
            check,
        })
    }

    /// True when some route line can take this action; an error otherwise, because an
    /// `expect not route [...]` with a misspelled queue would always pass.
    fn route_action(&mut self, a: &crate::syntax::ast::Action) -> bool {
        let lines = &self.p.routes;
        if lines.iter().any(|l| {
            l.actions
                .iter()
                .any(|(k, t)| *k == a.kind && *t == a.target.text)
        }) {
            return true;
        }
        let all: Vec<String> = lines
            .iter()
            .flat_map(|l| {
                l.actions
                    .iter()
                    .map(|(k, t)| format!("{} \"{t}\"", k.as_str()))
            })
            .collect();
        let written = format!("{} \"{}\"", a.kind.as_str(), a.target.text);
        let help = crate::check::suggest::did_you_mean(
            &written,
            all.iter().map(String::as_str),
            format!("the route block can take {}", or_list(&all)),
        );
        self.error(
            Code::BadExpectation,
            a.target.span,
            format!("no route line can take `{written}`"),
            "not in the route block",
            help,
        );
        false
    }

    fn rule(&mut self, n: &crate::syntax::ast::Name) -> Option<usize> {
        let found = self.p.rules().position(|(_, r)| r.name == n.text);
        if found.is_none() {
            let names: Vec<&str> = self.p.rules().map(|(_, r)| r.name.as_str()).collect();
            let help = did_you_mean(
                &n.text,
                names.iter().copied(),
                format!("the rubric's rules are {}", or_list(&names)),
            );
            self.error(
                Code::UnknownRule,
                n.span,
                format!("no rule is named `{}`", n.text),
                "unknown rule",
                help,
            );
        }
        found
    }
}

/// An expectation as one line for reports: comments dropped, line breaks and runs of
/// spaces made single spaces (`fmt` may have spread a long list over several lines).
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in crate::fmt::comments::scan(text) {
        out.push_str(&text[last..c.start]);
        last = c.start + c.text.len();
    }
    out.push_str(&text[last..]);
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .join(" ")
        .replace("[ ", "[")
        .replace(", ]", "]")
        .replace(",]", "]")
        .replace(" ]", "]")
}

#[path = "resolve_value.rs"]
mod resolve_value;
