//! The documentation's examples are checked: every ```score block in docs/language.md must
//! compile cleanly against docs/examples.schema, and every section of docs/diagnostics.md
//! must trigger exactly the code it documents.

use leadscore::check::compile;
use leadscore::diag::{render_plain, Code, Diagnostics, Source};
use leadscore::schema::Schema;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fenced block: its info string (`score`, `schema`, …), 1-based line of the opening
/// fence, and its text.
struct Block {
    lang: String,
    line: usize,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Block {
                        lang: info.trim().to_string(),
                        line: i + 1,
                        text: String::new(),
                    });
                }
            }
            Some(mut b) => {
                if trimmed.starts_with("```") {
                    out.push(b);
                } else {
                    b.text.push_str(line);
                    b.text.push('\n');
                    open = Some(b);
                }
            }
        }
    }
    assert!(open.is_none(), "a code block is never closed");
    out
}

/// Compiles rubric text the way the docs promise: the `use schema` path resolves to
/// docs/examples.schema.
fn compile_rubric(name: &str, text: &str) -> Result<Diagnostics, Diagnostics> {
    compile_doc(name, text).map(|c| c.warnings)
}

fn compile_doc(name: &str, text: &str) -> Result<leadscore::check::Compiled, Diagnostics> {
    let schema = root().join("docs/examples.schema");
    compile(Source::new(name, text), |_| {
        Schema::load(Path::new(&schema))
    })
}

/// Compiles a rubric whose `use schema` path is resolved relative to docs/ (so a snippet
/// may name a schema file that does not exist).
fn compile_rubric_in_docs(name: &str, text: &str) -> Result<Diagnostics, Diagnostics> {
    let dir = root().join("docs");
    compile(Source::new(name, text), |rel| Schema::load(&dir.join(rel))).map(|c| c.warnings)
}

#[test]
fn language_examples_compile() {
    let doc = read("docs/language.md");
    let score_blocks: Vec<Block> = blocks(&doc)
        .into_iter()
        .filter(|b| b.lang == "score")
        .collect();
    assert!(
        score_blocks.len() >= 20,
        "expected many score examples, found {}",
        score_blocks.len()
    );
    let mut failures = Vec::new();
    for b in &score_blocks {
        let name = format!("docs/language.md:{}", b.line);
        assert!(
            b.text
                .lines()
                .any(|l| l.trim_start().starts_with("ruleset "))
                && b.text.contains("use schema \"examples.schema\""),
            "{name}: every example must be a complete rubric using examples.schema"
        );
        // Tests written in an example must pass, so the docs never show a wrong expectation.
        if let Ok(c) = compile_doc(&name, &b.text) {
            for t in &c.tests {
                let r = leadscore::testing::run(&c.program, t);
                if !r.passed() {
                    failures.push(format!("{name}: test {:?} fails: {:?}", t.name, r.failures));
                }
            }
        }
        match compile_rubric(&name, &b.text) {
            Ok(warnings) if warnings.0.is_empty() => {}
            Ok(warnings) => failures.push(format!(
                "{name}: example has warnings\n{}",
                render_plain(&warnings)
            )),
            Err(errors) => failures.push(format!(
                "{name}: example does not compile\n{}",
                render_plain(&errors)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_schema_is_valid() {
    let text = read("docs/examples.schema");
    if let Err(d) = Schema::parse(Source::new("docs/examples.schema", text)) {
        panic!("docs/examples.schema is invalid\n{}", render_plain(&d));
    }
}

/// `## E201 unknown-field` sections with the blocks below each heading.
fn diagnostic_sections(doc: &str) -> Vec<(String, String, usize, Vec<Block>)> {
    let mut heads: Vec<(usize, String, String)> = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("## ") {
            let mut words = rest.split_whitespace();
            let code = words.next().unwrap_or("").to_string();
            let slug = words.next().unwrap_or("").to_string();
            heads.push((i + 1, code, slug));
        }
    }
    let all = blocks(doc);
    heads
        .iter()
        .enumerate()
        .map(|(k, (line, code, slug))| {
            let end = heads.get(k + 1).map_or(usize::MAX, |h| h.0);
            let inside = all
                .iter()
                .filter(|b| b.line > *line && b.line < end)
                .map(|b| Block {
                    lang: b.lang.clone(),
                    line: b.line,
                    text: b.text.clone(),
                })
                .collect();
            (code.clone(), slug.clone(), *line, inside)
        })
        .collect()
}

#[test]
fn diagnostics_doc_covers_every_code() {
    let doc = read("docs/diagnostics.md");
    let sections = diagnostic_sections(&doc);
    let codes: Vec<&str> = sections.iter().map(|s| s.0.as_str()).collect();
    let expected: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        codes, expected,
        "docs/diagnostics.md must have one `## CODE slug` section per code, in order"
    );
    for (code, slug, line, _) in &sections {
        let c = Code::ALL.iter().find(|c| c.as_str() == code).unwrap();
        assert_eq!(
            slug,
            c.slug(),
            "docs/diagnostics.md:{line}: heading of {code} should name `{}`",
            c.slug()
        );
    }
}

#[test]
fn diagnostics_examples_trigger_their_code() {
    let doc = read("docs/diagnostics.md");
    let mut failures = Vec::new();
    for (code, _, line, blocks) in diagnostic_sections(&doc) {
        let examples: Vec<&Block> = blocks
            .iter()
            .filter(|b| b.lang == "score" || b.lang == "schema")
            .collect();
        if examples.is_empty() {
            // None can be shown by a rubric snippet: E003 needs invalid bytes, E005 a missing
            // file, E604 a test file without its rubric; tests/ui (not_utf8.score) and
            // tests/cli.rs cover them.
            if !["E003", "E005", "E604"].contains(&code.as_str()) {
                failures.push(format!(
                    "docs/diagnostics.md:{line}: {code} has no ```score or ```schema example"
                ));
            }
            continue;
        }
        if code == "W507" {
            failures.extend(version_pair_fails(line, &examples));
            continue;
        }
        for b in examples {
            let name = format!("docs/diagnostics.md:{}", b.line);
            let result = if b.lang == "schema" {
                Schema::parse(Source::new(name.clone(), b.text.clone()))
                    .map(|_| Diagnostics::default())
            } else if code == "E101" {
                compile_rubric_in_docs(&name, &b.text)
            } else {
                compile_rubric(&name, &b.text)
            };
            let diags = match result {
                Ok(w) => w,
                Err(e) => e,
            };
            let found: Vec<&str> = diags.0.iter().map(|d| d.code.as_str()).collect();
            if !found.contains(&code.as_str()) {
                failures.push(format!(
                    "{name}: expected {code}, got {found:?}\n{}",
                    render_plain(&diags)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// W507 compares two files: its section shows the earlier copy, then the new one, and the
/// new one checked against the earlier must warn.
fn version_pair_fails(line: usize, examples: &[&Block]) -> Option<String> {
    let compiled: Vec<_> = examples
        .iter()
        .map(|b| {
            let name = format!("docs/diagnostics.md:{}", b.line);
            let schema = root().join("docs/examples.schema");
            compile(Source::new(name, b.text.clone()), |_| Schema::load(&schema))
        })
        .collect();
    match compiled.as_slice() {
        [Ok(old), Ok(new)] => {
            match leadscore::check::version_lint(&old.program, &new.program) {
                Some(d) if d.code == Code::VersionNotBumped => None,
                other => Some(format!(
                    "docs/diagnostics.md:{line}: the second W507 example checked against the first gives {other:?}"
                )),
            }
        }
        _ => Some(format!(
            "docs/diagnostics.md:{line}: W507 needs two examples that compile, the earlier copy then the new one"
        )),
    }
}
