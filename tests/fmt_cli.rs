//! `leadscore fmt` end to end: rewriting, `--check`, `--diff`, standard input, exit codes,
//! and files it must not touch.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn leadscore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(args)
        .output()
        .expect("run leadscore")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder for one test.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leadscore-fmt-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const MESSY: &str = "ruleset \"m\" version 1\nuse schema \"lead.schema\"\nscore fit { rule \"Big\" when employees>=250 award 10  # big\n rule \"Small\" when employees<10 deduct 5 }\n";
const TIDY: &str = "ruleset \"m\" version 1\nuse schema \"lead.schema\"\n\nscore fit {\n  rule \"Big\"   when employees >= 250  award 10  # big\n  rule \"Small\" when employees < 10    deduct 5\n}\n";
const BROKEN: &str =
    "ruleset \"b\" version 1\nuse schema \"lead.schema\"\nscore fit { rule Big when x award 1 }\n";

/// A folder with a messy, a tidy and (optionally) a broken rubric, plus a non-rubric file.
fn corpus(test: &str, broken: bool) -> PathBuf {
    let dir = folder(test);
    std::fs::write(dir.join("messy.score"), MESSY).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/tidy.score"), TIDY).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a rubric {").unwrap();
    if broken {
        std::fs::write(dir.join("broken.score"), BROKEN).unwrap();
    }
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn rewrites_changed_files_and_leaves_the_rest_alone() {
    let dir = corpus("rewrite", false);
    let tidy = dir.join("sub/tidy.score");
    let before = std::fs::metadata(&tidy).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = leadscore(&["fmt", path(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    assert_eq!(text(&o.stderr), "formatted 1 file, 1 already formatted\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.score")).unwrap(),
        TIDY
    );
    // Untouched: not even rewritten with the same bytes.
    assert_eq!(
        std::fs::metadata(&tidy).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "not a rubric {"
    );
    // A second run has nothing to do.
    let o = leadscore(&["fmt", path(&dir)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stderr), "formatted 0 files, 2 already formatted\n");
}

#[cfg(unix)]
#[test]
fn rewriting_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder("perms");
    let f = dir.join("r.score");
    std::fs::write(&f, MESSY).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = leadscore(&["fmt", path(&f)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), TIDY);
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = corpus("check", false);
    let o = leadscore(&["fmt", "--check", path(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout),
        format!("{}\n", dir.join("messy.score").display())
    );
    assert_eq!(
        text(&o.stderr),
        "1 file would be reformatted, 1 already formatted\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.score")).unwrap(),
        MESSY
    );

    let o = leadscore(&["fmt", "--check", path(&dir.join("sub/tidy.score"))]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = corpus("diff", false);
    let messy = dir.join("messy.score");
    let o = leadscore(&["fmt", "--diff", path(&messy)]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    let name = messy.display();
    assert!(
        out.starts_with(&format!("--- a/{name}\n+++ b/{name}\n@@ ")),
        "{out}"
    );
    assert!(
        out.contains("\n-score fit { rule \"Big\" when employees>=250 award 10  # big\n"),
        "{out}"
    );
    assert!(
        out.contains("\n+  rule \"Big\"   when employees >= 250  award 10  # big\n"),
        "{out}"
    );
    assert!(
        out.contains("\n ruleset \"m\" version 1\n"),
        "context lines: {out}"
    );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);

    let o = leadscore(&["fmt", "--diff", path(&dir.join("sub/tidy.score"))]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn a_file_with_syntax_errors_is_reported_and_left_alone() {
    let dir = corpus("syntax", true);
    let broken = dir.join("broken.score");
    let o = leadscore(&["fmt", path(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("E001"), "{err}");
    assert!(err.contains("broken.score"), "{err}");
    assert!(
        err.ends_with(
            "formatted 1 file, 1 already formatted, 1 file left unchanged because of errors\n"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), BROKEN);
    // The other files were still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.score")).unwrap(),
        TIDY
    );

    let o = leadscore(&["fmt", "--check", path(&broken)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn missing_and_non_utf8_files_are_errors() {
    let dir = folder("unreadable");
    let o = leadscore(&["fmt", path(&dir.join("nope.score"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("E005"), "{}", text(&o.stderr));
    let f = dir.join("latin1.score");
    std::fs::write(&f, b"ruleset \"caf\xe9\" version 1\n").unwrap();
    let o = leadscore(&["fmt", path(&f)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("E003"), "{}", text(&o.stderr));
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_to_standard_output() {
    let o = with_stdin(&["fmt", "-"], MESSY);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), TIDY);
    let o = with_stdin(&["fmt", "--check", "-"], MESSY);
    assert_eq!(
        (o.status.code(), text(&o.stdout)),
        (Some(1), "<stdin>\n".to_string())
    );
    let o = with_stdin(&["fmt", "--check", "-"], TIDY);
    assert_eq!(o.status.code(), Some(0));
    let o = with_stdin(&["fmt", "-"], BROKEN);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(text(&o.stderr).contains("E001"));
}

#[test]
fn usage_errors() {
    let o = leadscore(&["fmt", "--check", "--diff", "x.score"]);
    assert_eq!(o.status.code(), Some(2));
    let o = leadscore(&["fmt", "-", "x.score"]);
    assert_eq!(o.status.code(), Some(2));
    let o = leadscore(&["fmt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_repository_rules_pass_the_check() {
    let root = env!("CARGO_MANIFEST_DIR");
    let o = leadscore(&[
        "fmt",
        "--check",
        &format!("{root}/rules"),
        &format!("{root}/examples"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}
