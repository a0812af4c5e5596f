//! The JSON report: every test with its failures, and coverage per rubric.

use crate::testing::SuiteResult;
use serde_json::{json as j, Value};

/// The JSON document for these suites.
pub fn json(suites: &[SuiteResult]) -> Value {
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
    j!({ "passed": passed, "failed": failed, "suites": suites })
}
