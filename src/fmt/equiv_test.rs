//! Structural equality of test blocks, field by field like the rest of the tree.

use super::equiv::Same;
use crate::syntax::test_ast::*;

impl Same for TestBlock {
    fn same(&self, o: &Self) -> bool {
        let TestBlock {
            name,
            as_of,
            lead,
            lead_span: _,
            events,
            expects,
            span: _,
        } = self;
        name.same(&o.name)
            && as_of.same(&o.as_of)
            && lead.same(&o.lead)
            && o.lead_span.is_some() == self.lead_span.is_some()
            && events.same(&o.events)
            && expects.same(&o.expects)
    }
}

impl Same for TestField {
    fn same(&self, o: &Self) -> bool {
        let TestField { name, value } = self;
        name.same(&o.name) && value.same(&o.value)
    }
}

impl Same for TestValue {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (TestValue::Text(a), TestValue::Text(b)) | (TestValue::Word(a), TestValue::Word(b)) => {
                a.same(b)
            }
            (TestValue::Num(a), TestValue::Num(b)) => a.same(b),
            (TestValue::Duration(a), TestValue::Duration(b)) => a.same(b),
            (TestValue::Bool(a, _), TestValue::Bool(b, _)) => a == b,
            (TestValue::Missing(_), TestValue::Missing(_)) => true,
            _ => false,
        }
    }
}

impl Same for TestEvent {
    fn same(&self, o: &Self) -> bool {
        let TestEvent {
            event,
            at,
            attrs,
            span: _,
        } = self;
        event.same(&o.event) && at.same(&o.at) && attrs.same(&o.attrs)
    }
}

impl Same for Expect {
    fn same(&self, o: &Self) -> bool {
        let Expect { kind, span: _ } = self;
        kind.same(&o.kind)
    }
}

impl Same for ExpectKind {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (
                ExpectKind::Fired { negated, rules },
                ExpectKind::Fired {
                    negated: n2,
                    rules: r2,
                },
            ) => negated == n2 && rules.same(r2),
            (
                ExpectKind::Route {
                    negated,
                    actions,
                    list: _,
                },
                ExpectKind::Route {
                    negated: n2,
                    actions: a2,
                    list: _,
                },
            ) => negated == n2 && actions.same(a2),
            (
                ExpectKind::Value { target, test },
                ExpectKind::Value {
                    target: t2,
                    test: v2,
                },
            ) => target.same(t2) && test.same(v2),
            _ => false,
        }
    }
}

impl Same for ValueTest {
    fn same(&self, o: &Self) -> bool {
        match (self, o) {
            (ValueTest::About(a, d), ValueTest::About(b, e)) => a.same(b) && d == e,
            (ValueTest::Cmp(op, a), ValueTest::Cmp(op2, b)) => op == op2 && a.same(b),
            (
                ValueTest::InList { negated, items },
                ValueTest::InList {
                    negated: n2,
                    items: i2,
                },
            ) => negated == n2 && items.same(i2),
            (
                ValueTest::InRange { negated, lo, hi },
                ValueTest::InRange {
                    negated: n2,
                    lo: l2,
                    hi: h2,
                },
            ) => negated == n2 && lo.same(l2) && hi.same(h2),
            _ => false,
        }
    }
}
