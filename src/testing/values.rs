//! Typing the literals of a test against the schema, with errors that say what to write.

use crate::data::{time, Value};
use crate::diag::{or_list, Code};
use crate::schema::{Field, Type};
use crate::syntax::test_ast::TestValue;

/// Why a literal does not fit its field: code, message, label, help.
pub(super) struct Misfit {
    pub code: Code,
    pub message: String,
    pub label: String,
    pub help: String,
}

fn mismatch(field: &Field, found: &str, help: String) -> Misfit {
    Misfit {
        code: Code::TypeMismatch,
        message: format!(
            "`{}` is {} but this is {found}",
            field.name,
            field.ty.describe()
        ),
        label: format!("{found} here"),
        help,
    }
}

/// What to write for a field of this type.
fn example(ty: &Type) -> String {
    match ty {
        Type::Bool => "write `true` or `false`".into(),
        Type::Int => "write a whole number such as `250`".into(),
        Type::Number => "write a number such as `2.5`".into(),
        Type::String => "put text in quotes, e.g. `\"VP Marketing\"`".into(),
        Type::Timestamp => {
            "write a time relative to the test's as-of such as `-30d`, or a date in quotes such as `\"2024-05-01\"`".into()
        }
        Type::Enum(vs) => format!("write one of {}", or_list(vs)),
    }
}

/// The value a literal gives a field; `as_of` anchors relative times such as `-30d`.
pub(super) fn typed(field: &Field, v: &TestValue, as_of: i64) -> Result<Value, Misfit> {
    let bad = |found: &str| Err(mismatch(field, found, example(&field.ty)));
    match (v, &field.ty) {
        (TestValue::Missing(_), _) => Ok(Value::Missing),
        (TestValue::Bool(b, _), Type::Bool) => Ok(Value::Bool(*b)),
        (TestValue::Num(n), Type::Int) if n.value.fract() == 0.0 => Ok(Value::Num(n.value)),
        (TestValue::Num(n), Type::Number) => Ok(Value::Num(n.value)),
        (TestValue::Duration(d), Type::Timestamp) => Ok(Value::Ts(shift(as_of, d.seconds))),
        (TestValue::Text(t), Type::String) => Ok(Value::Str(t.text.clone())),
        (TestValue::Text(t), Type::Timestamp) => match time::parse(&t.text) {
            Some(ts) => Ok(Value::Ts(ts)),
            None => bad("text that is not a time"),
        },
        (TestValue::Text(t) | TestValue::Word(t), Type::Enum(vs)) => {
            match vs.iter().position(|x| *x == t.text) {
                Some(i) => Ok(Value::Enum(i as u32)),
                None => Err(Misfit {
                    code: Code::UnknownVariant,
                    message: format!("`{}` is not a value of `{}`", t.text, field.name),
                    label: "unknown value".into(),
                    help: crate::check::suggest::did_you_mean(
                        &t.text,
                        vs.iter().map(String::as_str),
                        example(&field.ty),
                    ),
                }),
            }
        }
        (TestValue::Num(_), Type::Int) => bad("a decimal number"),
        (TestValue::Num(_), _) => bad("a number"),
        (TestValue::Bool(..), _) => bad("a bool"),
        (TestValue::Duration(_), _) => bad("a duration"),
        (TestValue::Text(_), _) => bad("text"),
        (TestValue::Word(_), _) => bad("a bare word"),
    }
}

/// `as_of + seconds`, saturating: a test may say `-100000w` without overflowing.
pub(super) fn shift(as_of: i64, seconds: f64) -> i64 {
    // Away from the as-of time, so that `0.1h` later is in the future, not at as-of.
    let s = if seconds > 0.0 {
        seconds.ceil()
    } else {
        seconds.floor()
    };
    (as_of as f64 + s).clamp(i64::MIN as f64, i64::MAX as f64) as i64
}
