//! `leadscore test`: tests written in the rubric language, their reports and coverage.

use leadscore::testing::{self, SuiteResult};
use std::path::{Path, PathBuf};

mod common;
use common::cli::{leadscore, stdout, tmp};

fn run_suite(path: &str) -> SuiteResult {
    let suite = testing::load(Path::new(path)).unwrap_or_else(|d| {
        panic!(
            "{path} does not load:\n{}",
            leadscore::diag::render_plain(&d)
        )
    });
    suite.run()
}

/// A scratch folder of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = tmp(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn failing_tests_show_expected_actual_and_the_trace() {
    let o = leadscore(&["test", "tests/testing/shop.score"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("test tests/testing/shop.score:25 \"a VP at a big company is warm\" ... ok"),
        "{out}"
    );
    assert!(
        out.contains("\"wrong about everything\" ... FAILED"),
        "{out}"
    );
    assert!(out.contains("  line 27: expect total >= 40\n    expected: at least 40\n    actual:   29.05723664263907\n"), "{out}");
    assert!(out.contains("    also taken: `notify \"#hot\"`"), "{out}");
    assert!(out.contains("  how the lead was scored:"), "{out}");
    assert!(
        out.contains("tier = hot    total = 29.06, so 29.06 > 25"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("test result: FAILED. 3 passed, 2 failed"),
        "{out}"
    );
}

#[test]
fn an_unexpected_fired_rule_fails_the_test() {
    let r = run_suite("tests/testing/shop.score");
    let t = r
        .results()
        .find(|t| t.name == "the blog visit nobody expected")
        .unwrap();
    assert_eq!(t.failures.len(), 1);
    let f = &t.failures[0];
    assert_eq!(f.expected, "`Big company`, `Pricing page`");
    assert_eq!(f.actual, "`Big company`, `Pricing page`, `Blog visit`");
    assert_eq!(f.detail.as_deref(), Some("also fired: `Blog visit`"));
    assert_eq!(r.counts(), (3, 2));
}

#[test]
fn tests_come_from_the_rubric_and_its_test_file() {
    let r = run_suite("tests/testing/shop.test.score");
    let files: Vec<(String, usize)> = r
        .files
        .iter()
        .map(|(f, t)| (f.display().to_string(), t.len()))
        .collect();
    assert_eq!(
        files,
        [
            ("tests/testing/shop.score".to_string(), 1),
            ("tests/testing/shop.test.score".to_string(), 4)
        ]
    );
}

#[test]
fn coverage_counts_fired_and_not_fired_per_rule() {
    let r = run_suite("tests/testing/partial.score");
    let rules: Vec<(&str, usize, usize)> = r
        .coverage
        .rules
        .iter()
        .map(|c| (c.rule.as_str(), c.fired, c.not_fired))
        .collect();
    assert_eq!(rules, [("Big company", 1, 0), ("Student", 0, 1)]);
    assert_eq!(r.coverage.covered(), (2, 4));
    assert_eq!(r.coverage.percent(), 50.0);
    let full = run_suite("tests/testing/shop.score");
    assert_eq!(full.coverage.covered(), (8, 8));

    let o = leadscore(&["test", "tests/testing/partial.score", "--coverage"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("coverage of tests/testing/partial.score: 2/4 rule outcomes (50.0%)"),
        "{out}"
    );
    assert!(
        out.contains("\"Big company\"      1          0  <- no test makes it not fire"),
        "{out}"
    );
    let low = leadscore(&["test", "tests/testing/partial.score", "--min", "60"]);
    assert_eq!(low.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&low.stderr)
        .contains("coverage of `tests/testing/partial.score` is 50.0%, below the required 60%"));
    assert_eq!(
        leadscore(&["test", "tests/testing/partial.score", "--min", "50%"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        leadscore(&["test", "tests/testing/partial.score", "--min", "150"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn junit_report_has_one_testcase_per_test_and_failures_with_traces() {
    let o = leadscore(&["test", "tests/testing/shop.score", "--format", "junit"]);
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("5"));
    assert_eq!(root.attribute("failures"), Some("2"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(
        suites[0].attribute("name"),
        Some("tests/testing/shop.score")
    );
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 5);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(
        failed,
        ["the blog visit nobody expected", "wrong about everything"]
    );
    let failure = cases[4]
        .children()
        .find(|f| f.has_tag_name("failure"))
        .unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some("expect total >= 40: expected at least 40, got 29.05723664263907")
    );
    let body = failure.text().unwrap();
    assert!(
        body.contains("also taken: `notify \"#hot\"`") && body.contains("engagement = 9.06"),
        "{body}"
    );
    assert_eq!(
        cases[1].attribute("file"),
        Some("tests/testing/shop.test.score")
    );
    assert_eq!(cases[1].attribute("line"), Some("1"));
}

#[test]
fn json_report_and_output_file() {
    let dir = scratch("json");
    let path = dir.join("report.json");
    let o = leadscore(&[
        "test",
        "tests/testing/shop.score",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // With --output the text report still goes to the terminal.
    assert!(stdout(&o).contains("test result: FAILED. 3 passed, 2 failed"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["passed"], 3);
    assert_eq!(v["failed"], 2);
    let suite = &v["suites"][0];
    assert_eq!(suite["coverage"]["percent"], 100.0);
    assert_eq!(suite["tests"].as_array().unwrap().len(), 5);
    assert_eq!(
        suite["tests"][3]["failures"][0]["detail"],
        "also fired: `Blog visit`"
    );
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let a = leadscore(&["test", "tests/testing", "--format", "junit"]);
    let b = leadscore(&["test", "tests/testing", "--format", "junit"]);
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_test_file_without_its_rubric_is_e604() {
    let dir = scratch("orphan");
    let path = dir.join("orphan.test.score");
    std::fs::write(&path, "test \"x\" { expect fit == 0 }\n").unwrap();
    let o = leadscore(&["test", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("E604") && err.contains("has no rubric beside it"),
        "{err}"
    );
    let c = leadscore(&["check", "--format", "plain", path.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&c.stderr).contains("E604"));
}

#[test]
fn check_reads_test_files_beside_their_rubrics() {
    let o = leadscore(&["check", "--format", "plain", "tests/testing"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("checked 3 files"), "{err}");
}

/// The project's own rubrics ship with tests that pass and reach every rule both ways.
#[test]
fn every_rubric_in_rules_is_fully_tested() {
    let mut rubrics: Vec<PathBuf> = std::fs::read_dir("rules")
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "score") && !testing::is_test_file(p))
        .collect();
    rubrics.sort();
    assert!(rubrics.len() >= 4, "{rubrics:?}");
    for r in &rubrics {
        let res = run_suite(r.to_str().unwrap());
        let n = res.results().count();
        assert!(n > 0, "{} has no tests", r.display());
        let failed: Vec<&str> = res
            .results()
            .filter(|t| !t.passed())
            .map(|t| t.name.as_str())
            .collect();
        assert!(
            failed.is_empty(),
            "{}: failing tests {failed:?}",
            r.display()
        );
        assert_eq!(
            res.coverage.percent(),
            100.0,
            "{}: {:?}",
            r.display(),
            res.coverage
        );
    }
    let o = leadscore(&["test", "rules", "--coverage", "--min", "100"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn tests_do_not_change_the_content_hash() {
    let text = std::fs::read_to_string("tests/testing/shop.score").unwrap();
    let without = &text[..text.find("test \"").unwrap()];
    let hash = |t: &str| {
        let schema = leadscore::Schema::load(Path::new("tests/testing/lead.schema")).unwrap();
        let c = leadscore::check::compile(leadscore::diag::Source::new("shop.score", t), |_| {
            Ok(schema)
        })
        .unwrap();
        (c.program.hash.clone(), c.tests.len())
    };
    let (a, n) = hash(&text);
    let (b, m) = hash(without);
    assert_eq!((n, m), (1, 0));
    assert_eq!(a, b);
}

#[test]
fn test_names_are_unique_across_the_rubric_and_its_test_file() {
    let dir = scratch("dupes");
    std::fs::copy("tests/testing/lead.schema", dir.join("lead.schema")).unwrap();
    std::fs::copy("tests/testing/shop.score", dir.join("shop.score")).unwrap();
    std::fs::write(
        dir.join("shop.test.score"),
        "test \"a VP at a big company is warm\" {\n  expect fit == 0\n}\n",
    )
    .unwrap();
    let o = leadscore(&["test", dir.join("shop.score").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("E602") && err.contains("line 25"), "{err}");
}

#[test]
fn a_missing_rubric_is_a_read_error_not_a_missing_partner() {
    let o = leadscore(&["test", "tests/testing/no-such.score"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("E005") && !err.contains("E604"), "{err}");
}

#[test]
fn rubrics_that_do_not_compile_are_errors_in_junit_and_json() {
    let dir = scratch("broken");
    std::fs::copy("tests/testing/lead.schema", dir.join("lead.schema")).unwrap();
    std::fs::write(dir.join("bad.score"), "ruleset \"b\" version 1\nuse schema \"lead.schema\"\nscore fit { rule \"x\" when employes > 1 award 1 }\n").unwrap();
    let path = dir.join("bad.score");
    let o = leadscore(&["test", path.to_str().unwrap(), "--format", "junit"]);
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an <error>");
    assert!(error.text().unwrap().contains("E201"), "{xml}");
    let j = leadscore(&["test", path.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert!(v["errors"][0]["diagnostics"]
        .as_str()
        .unwrap()
        .contains("E201"));
}
