//! Parse tree → schema declarations. Validation (duplicates, key) lives in `schema`.

use super::ast::Name;
use super::build::{kids, name, span};
use super::Rule;
use crate::diag::Span;
use pest::iterators::{Pair, Pairs};

/// A field type as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeAst {
    /// `bool`, `int`, `number`, `string`, `timestamp`.
    Prim(String),
    /// `enum { a, b, "c-d" }`.
    Enum(Vec<Name>),
}

/// `[key] name: type[?]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDeclAst {
    /// Field name.
    pub name: Name,
    /// Its type.
    pub ty: TypeAst,
    /// Declared with `?`.
    pub optional: bool,
    /// Declared with `key`.
    pub key: bool,
    /// Whole declaration.
    pub span: Span,
}

/// A schema file's declarations, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaAst {
    /// `lead { … }` blocks' fields (normally one block).
    pub lead: Vec<FieldDeclAst>,
    /// Span of the first `lead` block, if any.
    pub lead_span: Option<Span>,
    /// `event NAME { … }` blocks.
    pub events: Vec<(Name, Vec<FieldDeclAst>)>,
}

pub(super) fn schema(mut pairs: Pairs<Rule>) -> SchemaAst {
    let mut out = SchemaAst::default();
    for block in kids(pairs.next().expect("grammar: schema_file")) {
        match block.as_rule() {
            Rule::lead_block => {
                let start = block.as_span().start();
                out.lead_span.get_or_insert(Span::new(start, start + 4));
                out.lead.extend(kids(block).into_iter().map(field));
            }
            Rule::event_block => {
                let mut k = kids(block).into_iter();
                let n = name(&k.next().unwrap());
                out.events.push((n, k.map(field).collect()));
            }
            _ => {}
        }
    }
    out
}

fn field(p: Pair<Rule>) -> FieldDeclAst {
    let sp = span(&p);
    let mut decl = FieldDeclAst {
        name: Name {
            text: String::new(),
            span: sp,
        },
        ty: TypeAst::Prim(String::new()),
        optional: false,
        key: false,
        span: sp,
    };
    for c in kids(p) {
        match c.as_rule() {
            Rule::key_marker => decl.key = true,
            Rule::raw_ident => decl.name = name(&c),
            Rule::optional => decl.optional = true,
            Rule::type_expr => {
                let t = kids(c).remove(0);
                decl.ty = if t.as_rule() == Rule::enum_type {
                    TypeAst::Enum(kids(t).into_iter().map(|v| name(&kids(v)[0])).collect())
                } else {
                    TypeAst::Prim(t.as_str().to_string())
                };
            }
            _ => {}
        }
    }
    decl
}
