//! The formatter (`leadscore fmt`): on every rubric in the repository and every example in
//! the docs it is idempotent, keeps the program (the re-parsed tree equals the original,
//! positions aside) and keeps every comment; messy inputs have snapshots of their formatted
//! text in `tests/fmt/snapshots`; random rubrics, with comments and line breaks thrown in
//! anywhere, hold the same three properties.

mod common;
mod gen;

use leadscore::check::text_source;
use leadscore::diag::Source;
use leadscore::fmt::{comments, equiv, format, FmtError};
use leadscore::syntax::parse_rubric;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.score` file below `dir`, sorted.
fn score_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()) {
            if e.is_dir() {
                stack.push(e);
            } else if e.extension().is_some_and(|x| x == "score") {
                out.push(e);
            }
        }
    }
    out.sort();
    out
}

/// Formats `text` and checks the three properties; `None` when it is not a valid rubric.
fn check_properties(name: &str, text: &str) -> Option<String> {
    if name.ends_with(".test.score") {
        return check_test_file(name, text);
    }
    let source = Source::new(name, text.to_string());
    let original = parse_rubric(&source).ok()?;
    let once = match format(&source) {
        Ok(t) => t,
        Err(FmtError::Syntax(d)) => panic!("{name}: parsed, then failed: {d:?}"),
        Err(FmtError::Internal(why)) => panic!("{name}: {why}"),
    };
    // The checks `format` makes itself, made again here independently of it.
    let reparsed = parse_rubric(&Source::new(name, once.clone()))
        .unwrap_or_else(|d| panic!("{name}: formatted text does not parse: {d:?}\n{once}"));
    assert!(
        equiv::same_rubric(&original, &reparsed),
        "{name}: a different rubric:\n{once}"
    );
    assert_eq!(
        comments::texts(text),
        comments::texts(&once),
        "{name}: comments differ:\n{once}"
    );
    let twice =
        format(&Source::new(name, once.clone())).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    Some(once)
}

/// The same properties for a `*.test.score` file, whose tests are compared structurally.
fn check_test_file(name: &str, text: &str) -> Option<String> {
    use leadscore::fmt::equiv::Same;
    use leadscore::syntax::parse_test_file;
    let original = parse_test_file(&Source::new(name, text.to_string())).ok()?;
    let once =
        format(&Source::new(name, text.to_string())).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let reparsed = parse_test_file(&Source::new(name, once.clone()))
        .unwrap_or_else(|d| panic!("{name}: formatted text does not parse: {d:?}\n{once}"));
    assert!(original.same(&reparsed), "{name}: different tests:\n{once}");
    assert_eq!(
        comments::texts(text),
        comments::texts(&once),
        "{name}: comments differ"
    );
    let twice = format(&Source::new(name, once.clone())).unwrap();
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    Some(once)
}

#[test]
fn every_rubric_in_the_repository_keeps_its_meaning_and_comments() {
    let mut checked = 0;
    for dir in ["rules", "examples", "tests"] {
        for path in score_files(&root().join(dir)) {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let Ok(source) = text_source(name.clone(), bytes) else {
                continue;
            };
            if check_properties(&name, &source.text).is_some() {
                checked += 1;
            }
        }
    }
    // rules/ (4 rubrics, 4 test files), tests/cases (14), tests/fmt (6), tests/testing (3)
    // and the valid half of tests/ui.
    assert!(checked >= 55, "only {checked} files were checked");
}

#[test]
fn every_docs_example_keeps_its_meaning_and_comments() {
    let doc = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let mut checked = 0;
    let mut block: Option<String> = None;
    for line in doc.lines() {
        match (&mut block, line.trim_start()) {
            (None, "```score") => block = Some(String::new()),
            (Some(b), l) if l.starts_with("```") => {
                let name = format!("docs/language.md block {}", checked + 1);
                assert!(
                    check_properties(&name, b).is_some(),
                    "{name} does not parse"
                );
                checked += 1;
                block = None;
            }
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(checked >= 20, "only {checked} docs examples were checked");
}

/// The first block fenced with `fence` in `text`, and the text after it.
fn fenced<'a>(text: &'a str, fence: &str) -> (&'a str, &'a str) {
    let start = text.find(fence).expect("the block") + fence.len();
    let len = text[start..].find("```").expect("the end of the block");
    (&text[start..start + len], &text[start + len..])
}

/// The example in docs/language.md, "Formatting": the `text` block formats to the `score`
/// block after it.
#[test]
fn the_docs_formatting_example_is_what_fmt_prints() {
    let doc = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let section = &doc[doc
        .find("## 19. Formatting")
        .expect("the Formatting section")..];
    let example = &section[section.find("This rubric:").unwrap()..];
    let (before, rest) = fenced(example, "```text\n");
    let (after, _) = fenced(rest, "```score\n");
    let formatted = format(&Source::new("docs", before)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(formatted, after);
}

#[test]
fn messy_inputs_snapshots() {
    let files = score_files(&root().join("tests/fmt"));
    assert!(files.len() >= 6, "the fmt fixtures went missing");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fmt/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for f in &files {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(f).unwrap();
            let file = f.file_name().unwrap().to_string_lossy().into_owned();
            let formatted = check_properties(&file, &text).expect("fixture parses");
            insta::assert_snapshot!(name, formatted);
        }
    });
}

#[test]
fn a_file_that_does_not_parse_gets_the_syntax_error() {
    let source = Source::new(
        "bad.score",
        "ruleset \"x\" version 1\nuse schema \"s\"\nscore fit { rule A when x award 1 }\n",
    );
    match format(&source) {
        Err(FmtError::Syntax(d)) => assert_eq!(d.0[0].code.as_str(), "E001"),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_changed_program_is_refused() {
    let src = "ruleset \"x\" version 1\nuse schema \"s\"\n\nscore fit {\n  rule \"a\" when x > 1  award 1  # c\n}\n";
    let tree = parse_rubric(&Source::new("a", src)).unwrap();
    assert!(leadscore::fmt::verify(&tree, src, src).is_ok());
    for (other, why) in [
        (src.replace("award 1", "award 2"), "different rubric"),
        (src.replace("x > 1", "x >"), "does not parse"),
        (src.replace("  # c", ""), "comment"),
    ] {
        match leadscore::fmt::verify(&tree, src, &other) {
            Err(FmtError::Internal(msg)) => assert!(msg.contains(why), "{msg}"),
            r => panic!("{other}: expected a refusal, got {r:?}"),
        }
    }
}

// ------------------------------------------------------------------ random rubrics

/// Puts line breaks, blank lines and comments (trailing and on their own line) into the
/// spaces between tokens of `text`, as the `choices` say.
fn roughen(text: &str, choices: &[u8]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut in_str, mut escaped, mut k) = (false, false, 0usize);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            ' ' if !in_str => {
                let n = k;
                k += 1;
                match choices.get(n).copied().unwrap_or(0) % 8 {
                    1 => out.push('\n'),
                    2 => out.push_str(&format!("  # c{n}\n")),
                    3 => out.push_str(&format!("\n  # c{n}\n")),
                    4 => out.push_str("\n\n"),
                    5 => out.push_str("\t "),
                    _ => out.push(' '),
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

// 256 cases by default; `PROPTEST_CASES=5000 cargo test --test fmt` runs longer.
proptest! {
    #[test]
    fn random_rubrics_format_to_the_same_program(text in gen::rubric(), choices in prop::collection::vec(any::<u8>(), 0..400)) {
        let rough = roughen(&text, &choices);
        let formatted = check_properties("random.score", &rough).unwrap_or_else(|| panic!("does not parse:\n{rough}"));
        // The checker agrees: the same compiled program, hash and all.
        let a = gen::compile(&rough).map_err(TestCaseError::fail)?;
        let b = gen::compile(&formatted).map_err(TestCaseError::fail)?;
        prop_assert_eq!(a.program.hash, b.program.hash);
    }
}
