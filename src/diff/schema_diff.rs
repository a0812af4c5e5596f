//! Changes to the lead schema between the two rubrics: lead fields and event types added,
//! removed or retyped, as one change with an aspect per difference.

use super::structure::{aspect, Aspect, Change, ChangeKind, Item};
use crate::schema::{Field, Schema, Type};

/// The schema's differences, or `None` when both rubrics read the same schema.
pub fn compare(old: &Schema, new: &Schema) -> Option<Change> {
    let mut aspects: Vec<Aspect> = Vec::new();
    let key = |s: &Schema| s.key_field().name.clone();
    aspects.extend(aspect("key", key(old), key(new)));
    fields("field", &old.fields, &new.fields, &mut aspects);
    let names = |s: &Schema| -> Vec<String> { s.events.iter().map(|e| e.name.clone()).collect() };
    let (a, b) = (names(old), names(new));
    for name in union(&a, &b) {
        match (event(old, &name), event(new, &name)) {
            (Some(x), Some(y)) => {
                fields(&format!("event {name}"), &x.attrs, &y.attrs, &mut aspects);
            }
            (x, y) => aspects.extend(aspect(
                &format!("event {name}"),
                presence(x.is_some()),
                presence(y.is_some()),
            )),
        }
    }
    (!aspects.is_empty()).then(|| Change {
        kind: ChangeKind::Changed,
        item: Item::Schema,
        within: None,
        name: new.source.name.to_string(),
        old: None,
        new: None,
        aspects,
    })
}

fn event<'a>(s: &'a Schema, name: &str) -> Option<&'a crate::schema::EventType> {
    s.event(name).map(|i| &s.events[i])
}

/// Fields (or attributes) added, removed or retyped, each as `prefix name`.
fn fields(prefix: &str, old: &[Field], new: &[Field], out: &mut Vec<Aspect>) {
    let names = |v: &[Field]| -> Vec<String> { v.iter().map(|f| f.name.clone()).collect() };
    for name in union(&names(old), &names(new)) {
        let ty = |v: &[Field]| {
            v.iter()
                .find(|f| f.name == name)
                .map_or_else(|| presence(false), field_type)
        };
        out.extend(aspect(&format!("{prefix} {name}"), ty(old), ty(new)));
    }
}

/// Old names in order, then the names only the new side has.
fn union(old: &[String], new: &[String]) -> Vec<String> {
    let mut all = old.to_vec();
    all.extend(new.iter().filter(|n| !old.contains(n)).cloned());
    all
}

fn presence(present: bool) -> String {
    if present { "present" } else { "absent" }.to_string()
}

fn field_type(f: &Field) -> String {
    let ty = match &f.ty {
        Type::Bool => "bool".to_string(),
        Type::Int => "int".to_string(),
        Type::Number => "number".to_string(),
        Type::String => "string".to_string(),
        Type::Timestamp => "timestamp".to_string(),
        Type::Enum(v) => format!("enum {{ {} }}", v.join(", ")),
    };
    if f.optional {
        format!("{ty}?")
    } else {
        ty
    }
}
