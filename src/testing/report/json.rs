//! The JSON report: every test with its failures, and coverage per rubric.

use crate::testing::SuiteResult;
use serde_json::{json as j, Value};

/// The JSON document for these suites; `broken` are the files that did not compile, with
/// their diagnostics.
pub fn json(suites: &[SuiteResult], broken: &[(std::path::PathBuf, String)]) -> Value {
    let (mut passed, mut failed) = (0, 0);
    let suites: Vec<Value> = suites
        .iter()
        .map(|s| {
            let (p, f) = s.counts();
            passed += p;
            failed += f;
            let tests: Vec<Value> = s
                .files
                .iter()
                .flat_map(|(file, rs)| {
                    rs.iter().map(move |t| {
                        j!({
                            "name": t.name,
                            "file": file.display().to_string(),
                            "line": t.line,
                            "passed": t.passed(),
                            "failures": t.failures,
                        })
                    })
                })
                .collect();
            let (hit, all) = s.coverage.covered();
            j!({
                "rubric": s.rubric.display().to_string(),
                "passed": p,
                "failed": f,
                "tests": tests,
                "coverage": {
                    "percent": s.coverage.percent(),
                    "covered": hit,
                    "outcomes": all,
                    "rules": s.coverage.rules,
                },
            })
        })
        .collect();
    let errors: Vec<Value> = broken
        .iter()
        .map(|(p, d)| j!({ "file": p.display().to_string(), "diagnostics": d }))
        .collect();
    j!({ "passed": passed, "failed": failed, "errors": errors, "suites": suites })
}
