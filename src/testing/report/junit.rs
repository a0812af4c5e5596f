//! JUnit XML, the format CI dashboards read: one `<testsuite>` per rubric, one
//! `<testcase>` per test. No timings, so the same tests give the same bytes.

use crate::testing::SuiteResult;
use std::fmt::Write;
use std::path::PathBuf;

/// The JUnit XML document for these suites; `broken` are rubrics (or test files) that did
/// not compile, with their diagnostics, each reported as an `<error>` so a dashboard cannot
/// show them as passing.
pub fn junit(suites: &[SuiteResult], broken: &[(PathBuf, String)]) -> String {
    let total: usize = suites.iter().map(|s| s.results().count()).sum();
    let failed: usize = suites.iter().map(|s| s.counts().1).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"leadscore\" tests=\"{}\" failures=\"{failed}\" errors=\"{}\">",
        total + broken.len(),
        broken.len()
    );
    for (path, diags) in broken {
        let name = esc(&path.display().to_string());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"
        );
        let _ = writeln!(out, "    <testcase name=\"compile\" classname=\"{name}\">");
        let _ = writeln!(
            out,
            "      <error message=\"the rubric or its tests do not compile\" type=\"diagnostics\">{}</error>",
            esc(diags)
        );
        let _ = writeln!(out, "    </testcase>\n  </testsuite>");
    }
    for s in suites {
        let rubric = s.rubric.display().to_string();
        let (p, f) = s.counts();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"0\">",
            esc(&rubric),
            p + f
        );
        let _ = writeln!(
            out,
            "    <properties><property name=\"coverage\" value=\"{:.1}\"/></properties>",
            s.coverage.percent()
        );
        for (file, results) in &s.files {
            let file = file.display().to_string();
            for t in results {
                let head = format!(
                    "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                    esc(&t.name),
                    esc(&rubric),
                    esc(&file),
                    t.line
                );
                if t.passed() {
                    let _ = writeln!(out, "{head}/>");
                    continue;
                }
                let first = &t.failures[0];
                let message = format!(
                    "{}: expected {}, got {}",
                    first.expect, first.expected, first.actual
                );
                let mut body = String::new();
                for f in &t.failures {
                    let _ = writeln!(
                        body,
                        "line {}: {}\n  expected: {}\n  actual:   {}",
                        f.line, f.expect, f.expected, f.actual
                    );
                    if let Some(d) = &f.detail {
                        let _ = writeln!(body, "  {d}");
                    }
                }
                body.push('\n');
                body.push_str(&crate::eval::explain::render_text(&t.trace, false));
                let _ = writeln!(out, "{head}>");
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"expectation\">{}</failure>",
                    esc(&message),
                    esc(&body)
                );
                let _ = writeln!(out, "    </testcase>");
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for XML attributes and content; control characters XML 1.0 cannot carry
/// are dropped. The HTML backtest report escapes with it too.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
