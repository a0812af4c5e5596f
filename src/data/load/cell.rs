//! Typing one cell against a schema field.

use crate::data::{time, Value};
use crate::schema::{Field, Type};
use serde_json::Value as Json;

/// A cell as read, before typing.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    /// CSV text (untrimmed).
    Text(&'a str),
    /// A JSON value.
    Json(&'a Json),
}

/// Types a cell; `None` (absent) and empty text are `Missing`, which only optional
/// fields accept. The error is the message alone; the caller knows where the cell is.
pub(crate) fn parse_cell(field: &Field, cell: Option<Cell>) -> Result<Value, String> {
    let v = match cell {
        None => Value::Missing,
        Some(Cell::Text(t)) => parse_text(field, t)?,
        Some(Cell::Json(j)) => parse_json(field, j)?,
    };
    if v.is_missing() && !field.optional {
        return Err(format!("required field `{}` is empty", field.name));
    }
    Ok(v)
}

fn parse_text(field: &Field, text: &str) -> Result<Value, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Value::Missing);
    }
    let v = match &field.ty {
        Type::Bool => bool_word(t).map(Value::Bool),
        Type::Int => parse_int(t).map(|i| Value::Num(i as f64)),
        Type::Number => parse_number(t).map(Value::Num),
        Type::Timestamp => time::parse(t).map(Value::Ts),
        Type::String => Some(Value::Str(t.to_string())),
        Type::Enum(variants) => {
            return match variants.iter().position(|v| v == t) {
                Some(i) => Ok(Value::Enum(i as u32)),
                None => Err(unknown_variant(field, variants, t)),
            }
        }
    };
    v.ok_or_else(|| expected(field, t))
}

fn parse_json(field: &Field, j: &Json) -> Result<Value, String> {
    match (j, &field.ty) {
        (Json::Null, _) => Ok(Value::Missing),
        (Json::String(s), _) => parse_text(field, s),
        (Json::Bool(b), Type::Bool) => Ok(Value::Bool(*b)),
        (Json::Number(n), Type::Int) => {
            // Accept `3.0` from writers that emit every number as a float.
            let whole = n
                .as_i64()
                .map(|i| i as f64)
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18));
            whole
                .map(Value::Num)
                .ok_or_else(|| expected(field, &n.to_string()))
        }
        (Json::Number(n), Type::Number) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Value::Num)
            .ok_or_else(|| expected(field, &n.to_string())),
        // Ids and codes often arrive as JSON numbers or bools; read them as they are written.
        (Json::Number(_) | Json::Bool(_), Type::String | Type::Enum(_)) => {
            parse_text(field, &j.to_string())
        }
        (Json::Array(_), _) => Err(format!(
            "`{}`: expected {}, found a JSON array",
            field.name,
            what(&field.ty)
        )),
        (Json::Object(_), _) => Err(format!(
            "`{}`: expected {}, found a JSON object",
            field.name,
            what(&field.ty)
        )),
        _ => Err(expected(field, &j.to_string())),
    }
}

/// Bool words the loader accepts: true/false, yes/no, y/n, 1/0, any case.
pub(crate) fn bool_word(t: &str) -> Option<bool> {
    match t.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// A whole number with an optional sign.
pub(crate) fn parse_int(t: &str) -> Option<i64> {
    t.parse::<i64>().ok()
}

/// A finite decimal; `nan` and `inf` parse as floats but are not numbers here.
pub(crate) fn parse_number(t: &str) -> Option<f64> {
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn what(ty: &Type) -> String {
    match ty {
        Type::Bool => "yes or no (`true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`)".into(),
        Type::Int => "a whole number".into(),
        Type::Number => "a number".into(),
        Type::Timestamp => time::ACCEPTED.into(),
        Type::String => "text".into(),
        Type::Enum(v) => format!("one of {}", backticked(v.iter().map(String::as_str), 8)),
    }
}

fn expected(field: &Field, found: &str) -> String {
    format!(
        "`{}`: expected {}, found `{}`",
        field.name,
        what(&field.ty),
        shorten(found)
    )
}

fn unknown_variant(field: &Field, variants: &[String], found: &str) -> String {
    format!(
        "unknown value `{}` for `{}`: expected one of {}",
        shorten(found),
        field.name,
        backticked(variants.iter().map(String::as_str), 8)
    )
}

/// The key of a lead as text, so that `42`, `42.0` and `"42"` name the same int key.
pub(crate) fn key_text(field: &Field, v: &Value) -> String {
    match v {
        Value::Missing => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", *n as i64),
        Value::Num(n) => n.to_string(),
        Value::Str(s) => s.clone(),
        Value::Ts(t) => time::format(*t),
        Value::Enum(i) => match &field.ty {
            Type::Enum(vs) => vs.get(*i as usize).cloned().unwrap_or_default(),
            _ => i.to_string(),
        },
    }
}

/// Cuts long values down for messages.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// "`a`, `b`, `c`, …": at most `max` names, then an ellipsis.
pub(crate) fn backticked<'a>(names: impl Iterator<Item = &'a str>, max: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, n) in names.enumerate() {
        if i == max {
            out.push("…".into());
            break;
        }
        out.push(format!("`{}`", shorten(n)));
    }
    out.join(", ")
}
