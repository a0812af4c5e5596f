//! End-to-end cases: each folder of `tests/cases` holds a rubric, leads, events, an as-of
//! time and the exact CSV that `leadscore score` must print (see tests/cases/README.md).
//! Every engine the binary offers (`--engine`, when it has the flag) must print the same
//! bytes. `UPDATE_CASES=1 cargo test --test cases` rewrites the expected files from the
//! default engine; read every changed number before committing it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_leadscore");

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The engines to run: both when the binary has `--engine`, else only the default.
fn engines() -> Vec<Option<&'static str>> {
    let help = Command::new(BIN)
        .args(["score", "--help"])
        .output()
        .expect("run leadscore score --help");
    if String::from_utf8_lossy(&help.stdout).contains("--engine") {
        vec![Some("interp"), Some("jit")]
    } else {
        vec![None]
    }
}

fn score(dir: &Path, engine: Option<&str>) -> Vec<u8> {
    let as_of = std::fs::read_to_string(dir.join("as_of")).expect("as_of file");
    let mut cmd = Command::new(BIN);
    cmd.arg("score")
        .arg(dir.join("rubric.score"))
        .arg("--leads")
        .arg(dir.join("leads.csv"))
        .arg("--events")
        .arg(dir.join("events.csv"))
        .arg("--as-of")
        .arg(as_of.trim());
    if let Some(e) = engine {
        cmd.args(["--engine", e]);
    }
    let out = cmd.output().expect("run leadscore score");
    assert!(
        out.status.success(),
        "{}: leadscore score {engine:?} failed with {}:\n{}",
        dir.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_case_prints_its_expected_csv() {
    let dirs = case_dirs();
    assert!(dirs.len() >= 12, "only {} cases", dirs.len());
    let update = std::env::var_os("UPDATE_CASES").is_some();
    let mut failures = Vec::new();
    for dir in &dirs {
        let expected_path = dir.join("expected.csv");
        if update {
            std::fs::write(&expected_path, score(dir, None)).expect("write expected.csv");
        }
        let expected = std::fs::read(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        for engine in engines() {
            let got = score(dir, engine);
            if got != expected {
                failures.push(format!(
                    "{} (engine {}):\n--- expected\n{}--- got\n{}",
                    dir.file_name().unwrap().to_string_lossy(),
                    engine.unwrap_or("default"),
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&got)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The cases' schema is the one the other tests use.
#[test]
fn the_cases_schema_is_the_test_schema() {
    let text = std::fs::read_to_string(cases_dir().join("lead.schema")).expect("lead.schema");
    assert_eq!(text.trim(), common::SCHEMA.trim());
}
