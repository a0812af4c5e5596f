//! Diagnostics as SARIF 2.1.0, the format code-scanning services (GitHub among them) read.
//!
//! One run; one rule descriptor per code that occurs; one result per diagnostic, located by
//! 1-based lines and columns counted in Unicode code points (`columnKind`), the end
//! exclusive. Secondary labels are `relatedLocations`; the help line ends the message text,
//! where every viewer shows it.

use super::{Code, Diagnostic, Diagnostics, Severity, Source, Span};
use serde_json::{json, Value};

/// Where leadscore is documented; every rule's help links into its diagnostics page.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The SARIF log of one `check` run, as pretty-printed JSON.
pub fn render_sarif(diags: &Diagnostics) -> String {
    let mut codes: Vec<Code> = diags.0.iter().map(|d| d.code).collect();
    codes.sort_by_key(|c| Code::ALL.iter().position(|x| x == c));
    codes.dedup();
    let results: Vec<Value> = diags.0.iter().map(|d| result(d, &codes)).collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "leadscore",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": REPOSITORY,
                    "rules": codes.iter().map(|c| rule(*c)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
}

/// The documentation of a code: its section of docs/diagnostics.md.
pub fn help_uri(code: Code) -> String {
    format!(
        "{REPOSITORY}/blob/main/docs/diagnostics.md#{}-{}",
        code.as_str().to_lowercase(),
        code.slug()
    )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(code: Code) -> Value {
    // The slug is the stable short name; spelled out, it is the short description.
    let mut words = code.slug().replace('-', " ");
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let severity = if code.as_str().starts_with('W') {
        Severity::Warning
    } else {
        Severity::Error
    };
    json!({
        "id": code.as_str(),
        "name": code.slug(),
        "shortDescription": { "text": words },
        "helpUri": help_uri(code),
        "defaultConfiguration": { "level": level(severity) },
    })
}

fn result(d: &Diagnostic, codes: &[Code]) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let primary = d.labels.first();
    let related: Vec<Value> = d
        .labels
        .iter()
        .skip(1)
        .enumerate()
        .map(|(k, l)| {
            json!({
                "id": k,
                "physicalLocation": location(&d.source, l.span),
                "message": { "text": l.text },
            })
        })
        .collect();
    let mut loc = json!({ "physicalLocation": location(&d.source, d.span()) });
    if let Some(l) = primary {
        loc["message"] = json!({ "text": l.text });
    }
    let mut r = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": codes.iter().position(|c| *c == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [loc],
    });
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    r
}

fn location(source: &Source, span: Span) -> Value {
    let (start_line, start_column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    json!({
        "artifactLocation": { "uri": uri(&source.name) },
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        }
    })
}

/// The file's path as given, as a URI reference: relative paths stay relative (viewers
/// resolve them against the repository), absolute ones become `file://` URIs, and every
/// byte that is not plain in a URI path is percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("rules/seed/seed.score"), "rules/seed/seed.score");
        assert_eq!(uri("my rules/a:b.score"), "my%20rules/a%3Ab.score");
        assert_eq!(uri("/tmp/ä.score"), "file:///tmp/%C3%A4.score");
        assert_eq!(uri("rules\\x.score"), "rules/x.score");
    }

    #[test]
    fn help_links_to_the_code_section() {
        assert!(help_uri(Code::UnknownField).ends_with("/docs/diagnostics.md#e201-unknown-field"));
    }
}
