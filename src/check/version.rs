//! W507: the rules changed since an earlier copy of the rubric, but the version did not go
//! up (or it went down). Every scored row carries the version, so it must tell rule sets
//! apart.

use super::hash::rules_hash;
use crate::diag::{Code, Diagnostic};
use crate::ir::Program;

/// Compares a rubric (`new`) with an earlier copy of it (`old`): a warning on `new`'s
/// `version N` when its rules (or schema) changed but the version did not increase, or
/// when the version went down. `None` when the versions tell the two apart properly.
pub fn version_lint(old: &Program, new: &Program) -> Option<Diagnostic> {
    let was = format!("`{}`", old.source.name);
    let next = old.version.saturating_add(1);
    let (message, label, help) = if new.version < old.version {
        (
            format!(
                "the version went down from {} in {was} to {}",
                old.version, new.version
            ),
            format!("lower than {}", old.version),
            format!("versions only go up: write `version {next}`"),
        )
    } else if new.version == old.version && rules_hash(old) != rules_hash(new) {
        (
            format!(
                "the rules changed since {was} but the version is still {}",
                new.version
            ),
            "same version as before".to_string(),
            format!("write `version {next}`, so every scored row shows which rules produced it"),
        )
    } else {
        return None;
    };
    let d = Diagnostic::warning(
        Code::VersionNotBumped,
        &new.source,
        new.version_span,
        message,
        label,
    )
    .with_help(help);
    Some(d)
}
