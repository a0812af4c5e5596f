//! The `cargo test`-like report: one line per test, failures with expected and actual values
//! and the explain trace of the lead, then coverage and a summary line.

use crate::testing::{Failure, SuiteResult, TestResult};
use std::fmt::Write;

/// The report of one suite; `coverage` adds the per-rule table.
pub fn human(r: &SuiteResult, coverage: bool) -> String {
    let mut out = String::new();
    let n = r.results().count();
    let _ = writeln!(
        out,
        "running {n} test{} for {}",
        plural(n),
        r.rubric.display()
    );
    for (file, results) in &r.files {
        for t in results {
            let verdict = if t.passed() { "ok" } else { "FAILED" };
            let _ = writeln!(
                out,
                "test {}:{} {:?} ... {verdict}",
                file.display(),
                t.line,
                t.name
            );
        }
    }
    let failed: Vec<(&std::path::PathBuf, &TestResult)> = r
        .files
        .iter()
        .flat_map(|(f, rs)| rs.iter().map(move |t| (f, t)))
        .filter(|(_, t)| !t.passed())
        .collect();
    if !failed.is_empty() {
        out.push_str("\nfailures:\n");
        for (file, t) in failed {
            let _ = writeln!(
                out,
                "\n---- {:?} ({}:{}) ----",
                t.name,
                file.display(),
                t.line
            );
            for f in &t.failures {
                failure(&mut out, f);
            }
            out.push_str("\n  how the lead was scored:\n");
            for line in crate::eval::explain::render_text(&t.trace, false).lines() {
                let _ = writeln!(out, "{}", format!("    {line}").trim_end());
            }
        }
    }
    if coverage {
        coverage_table(&mut out, r);
    }
    let (passed, failed) = r.counts();
    let _ = writeln!(out, "\n{}\n", summary(passed, failed));
    out
}

fn failure(out: &mut String, f: &Failure) {
    let _ = writeln!(out, "  line {}: {}", f.line, f.expect);
    let _ = writeln!(out, "    expected: {}", f.expected);
    let _ = writeln!(out, "    actual:   {}", f.actual);
    if let Some(d) = &f.detail {
        let _ = writeln!(out, "    {d}");
    }
}

fn coverage_table(out: &mut String, r: &SuiteResult) {
    let c = &r.coverage;
    let (hit, all) = c.covered();
    let _ = writeln!(
        out,
        "\ncoverage of {}: {hit}/{all} rule outcomes ({:.1}%)",
        r.rubric.display(),
        c.percent()
    );
    if c.rules.is_empty() {
        return;
    }
    let width = c
        .rules
        .iter()
        .map(|x| x.rule.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(4);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>5}  {:>9}",
        "rule", "fired", "not fired"
    );
    for x in &c.rules {
        let gap = match (x.fired, x.not_fired) {
            (0, 0) => "  <- no test",
            (0, _) => "  <- no test makes it fire",
            (_, 0) => "  <- no test makes it not fire",
            _ => "",
        };
        let name = format!("{:?}", x.rule);
        let _ = writeln!(
            out,
            "  {name:<width$}  {:>5}  {:>9}{gap}",
            x.fired, x.not_fired
        );
    }
}

/// `test result: ok. 3 passed, 0 failed`.
pub fn summary(passed: usize, failed: usize) -> String {
    let verdict = if failed == 0 { "ok" } else { "FAILED" };
    format!("test result: {verdict}. {passed} passed, {failed} failed")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
