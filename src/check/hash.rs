//! The content hash printed on every output row: same compiled rules, same hash; comments,
//! layout and source positions do not count.

use crate::diag::Span;
use crate::ir::Program;
use sha2::{Digest, Sha256};

/// First 12 hex digits of SHA-256 over the program and schema with positions erased.
pub(super) fn content_hash(p: &Program) -> String {
    digest(p, Some(p.version))
}

/// The content hash as if the rubric had no version: equal exactly when only the version
/// (or layout and comments) differs.
pub(super) fn rules_hash(p: &Program) -> String {
    digest(p, None)
}

fn digest(p: &Program, version: Option<u64>) -> String {
    let mut patterns = p.patterns.clone();
    patterns.iter_mut().for_each(|x| x.span = Span::default());
    let mut scores = p.scores.clone();
    for s in &mut scores {
        if let crate::ir::ScoreKind::Rules(rules) = &mut s.kind {
            rules.iter_mut().for_each(|r| r.span = Span::default());
        }
    }
    let mut routes = p.routes.clone();
    routes.iter_mut().for_each(|r| r.span = Span::default());
    // A version prints as it always has, so published hashes stay valid; none prints
    // nothing, which no version does.
    let version = version.map_or(String::new(), |v| v.to_string());
    let canonical = format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        p.name,
        version,
        p.exprs,
        patterns,
        scores,
        p.tier_sets,
        routes,
        p.schema.fields,
        p.schema.key,
        p.schema.events
    );
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}
