//! The lead schema: typed lead fields (one of them the key) and event types with attributes.

pub mod infer;

use crate::diag::{Code, Diagnostic, Diagnostics, Source};
use crate::syntax::{self, FieldDeclAst, TypeAst};
use std::collections::HashMap;
use std::path::Path;

/// A value type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// true / false (data: true/false, yes/no, 1/0).
    Bool,
    /// Whole number.
    Int,
    /// Decimal number.
    Number,
    /// Text.
    String,
    /// A point in time.
    Timestamp,
    /// One of a fixed set of variants.
    Enum(Vec<String>),
}

impl Type {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Type::Bool => "a yes/no value (`bool`)".into(),
            Type::Int => "a whole number (`int`)".into(),
            Type::Number => "a number (`number`)".into(),
            Type::String => "text (`string`)".into(),
            Type::Timestamp => "a date and time (`timestamp`)".into(),
            Type::Enum(v) => format!("one of {}", crate::diag::or_list(v)),
        }
    }

    /// True for int and number.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Number)
    }
}

/// A typed field of a lead or an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Column name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// May be empty in data.
    pub optional: bool,
}

/// An event type and its attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct EventType {
    /// Name as it appears in the `event` column.
    pub name: String,
    /// Attributes, by slot.
    pub attrs: Vec<Field>,
}

/// A validated schema.
#[derive(Clone, Debug)]
pub struct Schema {
    /// Lead fields, by slot.
    pub fields: Vec<Field>,
    /// Slot of the key field.
    pub key: usize,
    /// Event types, by id.
    pub events: Vec<EventType>,
    /// The file text, kept for hashing and diagnostics.
    pub source: Source,
}

impl Schema {
    /// Reads and validates a schema file.
    pub fn load(path: &Path) -> Result<Schema, Diagnostics> {
        let text = std::fs::read(path).map_err(|e| unreadable(path, &e.to_string()))?;
        let text = String::from_utf8(text).map_err(|_| unreadable(path, "it is not UTF-8 text"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Schema::parse(Source::new(path.display().to_string(), text))
    }

    /// Parses and validates schema text.
    pub fn parse(source: Source) -> Result<Schema, Diagnostics> {
        let ast = syntax::parse_schema(&source)?;
        validate(source, ast)
    }

    /// Slot of a lead field by name.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Id of an event type by name.
    pub fn event(&self, name: &str) -> Option<usize> {
        self.events.iter().position(|e| e.name == name)
    }

    /// The key field.
    pub fn key_field(&self) -> &Field {
        &self.fields[self.key]
    }
}

fn unreadable(path: &Path, why: &str) -> Diagnostics {
    let src = Source::new(path.display().to_string(), "");
    let d = Diagnostic::error(
        Code::SchemaUnreadable,
        &src,
        Default::default(),
        format!("cannot read schema file `{}`: {why}", path.display()),
        "schema file",
    )
    .with_help("the path in `use schema \"…\"` is relative to the rubric file; draft one with `leadscore schema infer leads.csv`");
    Diagnostics(vec![d])
}

fn validate(source: Source, ast: syntax::SchemaAst) -> Result<Schema, Diagnostics> {
    let mut diags = Vec::new();
    let fields = fields(&source, &ast.lead, &mut diags);
    let keys: Vec<&FieldDeclAst> = ast.lead.iter().filter(|f| f.key).collect();
    let key = match keys.as_slice() {
        [one] => {
            if crate::output::FIXED_COLUMNS.contains(&one.name.text.as_str()) {
                diags.push(
                    Diagnostic::error(Code::SchemaKey, &source, one.name.span, format!("the key `{}` has the name of an output column", one.name.text), "reserved name")
                        .with_help("scores are written with fixed columns action, queue, notify, tags, ruleset, version and hash; rename the key"),
                );
            }
            fields
                .iter()
                .position(|f| f.name == one.name.text)
                .unwrap_or(0)
        }
        [] => {
            let span = ast.lead_span.unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    Code::SchemaKey,
                    &source,
                    span,
                    "the lead schema has no key field",
                    "no field here is marked `key`",
                )
                .with_help("mark the column that identifies a lead, e.g. `key id: string`"),
            );
            0
        }
        [_, second, ..] => {
            diags.push(
                Diagnostic::error(
                    Code::SchemaKey,
                    &source,
                    second.span,
                    "the lead schema has more than one key field",
                    "second key",
                )
                .with_help(
                    "a lead is identified by exactly one column; remove `key` from all but one",
                ),
            );
            0
        }
    };
    let mut events: Vec<EventType> = Vec::new();
    for (name, attrs) in &ast.events {
        let reserved = matches!(name.text.as_str(), "event" | "lead" | "at");
        if reserved || events.iter().any(|e| e.name == name.text) {
            let why = if reserved {
                "is a reserved word"
            } else {
                "is declared twice"
            };
            diags.push(
                Diagnostic::error(
                    Code::SchemaDuplicateEvent,
                    &source,
                    name.span,
                    format!("event type `{}` {why}", name.text),
                    "here",
                )
                .with_help(
                    "give each event type its own name; `event`, `lead` and `at` are reserved",
                ),
            );
        }
        for a in attrs
            .iter()
            .filter(|a| matches!(a.name.text.as_str(), "at" | "lead" | "event"))
        {
            diags.push(
                Diagnostic::error(Code::SchemaDuplicateField, &source, a.name.span, format!("attribute `{}` clashes with a column every events file has", a.name.text), "reserved name")
                    .with_help("the events file's `lead`, `event` and `at` columns are taken; rename the attribute"),
            );
        }
        let attrs = self::fields(&source, attrs, &mut diags);
        events.push(EventType {
            name: name.text.clone(),
            attrs,
        });
    }
    if !diags.is_empty() {
        return Err(Diagnostics(diags));
    }
    Ok(Schema {
        fields,
        key,
        events,
        source,
    })
}

fn fields(source: &Source, decls: &[FieldDeclAst], diags: &mut Vec<Diagnostic>) -> Vec<Field> {
    let mut seen: HashMap<&str, &FieldDeclAst> = HashMap::new();
    let mut out = Vec::new();
    for d in decls {
        if let Some(first) = seen.insert(&d.name.text, d) {
            diags.push(
                Diagnostic::error(
                    Code::SchemaDuplicateField,
                    source,
                    d.name.span,
                    format!("field `{}` is declared twice", d.name.text),
                    "declared again here",
                )
                .with_label(first.name.span, "first declared here")
                .with_help("remove one of the two declarations"),
            );
            continue;
        }
        let ty = match &d.ty {
            TypeAst::Prim(p) => match p.as_str() {
                "bool" => Type::Bool,
                "int" => Type::Int,
                "number" => Type::Number,
                "timestamp" => Type::Timestamp,
                _ => Type::String,
            },
            TypeAst::Enum(variants) => Type::Enum(enum_variants(source, d, variants, diags)),
        };
        out.push(Field {
            name: d.name.text.clone(),
            ty,
            optional: d.optional,
        });
    }
    out
}

fn enum_variants(
    source: &Source,
    d: &FieldDeclAst,
    variants: &[syntax::ast::Name],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in variants {
        if out.contains(&v.text) || v.text.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::SchemaEnum,
                    source,
                    v.span,
                    format!("enum value `{}` is empty or listed twice", v.text),
                    "here",
                )
                .with_help("list each value once"),
            );
        }
        out.push(v.text.clone());
    }
    if out.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::SchemaEnum,
                source,
                d.name.span,
                format!("enum `{}` has no values", d.name.text),
                "empty enum",
            )
            .with_help("list the values the column can take, e.g. `enum { vp, director }`"),
        );
    }
    out
}
