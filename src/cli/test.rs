//! `leadscore test`: run the `test` blocks of rubrics, report like `cargo test`, measure
//! rule coverage, and write JUnit or JSON for CI.

use super::{emit, exit, print_diags, DiagFormat};
use crate::testing::{self, report, SuiteResult};
use std::path::{Path, PathBuf};

/// Arguments of `test`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Rubrics, test files (`*.test.score`) or folders to search; default: the current folder.
    files: Vec<PathBuf>,
    /// Report, per rule, whether some test made it fire and some test made it not fire.
    #[arg(long)]
    coverage: bool,
    /// Fail when a rubric's coverage is below this percentage (implies `--coverage`).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    min: Option<f64>,
    /// Report format: `text` for people, `junit` (JUnit XML) or `json` for CI.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Write the report to this file (atomically) instead of standard output; the text
    /// report still goes to standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Test report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Like `cargo test`.
    Text,
    /// JUnit XML.
    Junit,
    /// JSON.
    Json,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{s}` is not a percentage: write e.g. `90` or `90%`"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` is not between 0 and 100"))
    }
}

/// The rubrics to test: every rubric named or found, and the rubric of every test file
/// (with that test file, so a test file without its rubric is reported as such).
fn rubrics(paths: &[PathBuf]) -> Vec<(PathBuf, Option<PathBuf>)> {
    let mut out: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for f in super::check::expand(paths) {
        let (r, from) = if testing::is_test_file(&f) {
            (testing::partner(&f), Some(f))
        } else {
            (f, None)
        };
        if !out.iter().any(|(x, _)| *x == r) {
            out.push((r, from));
        }
    }
    out
}

pub(super) fn run(args: Args) -> i32 {
    let paths = if args.files.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.files.clone()
    };
    let mut broken: Vec<(PathBuf, String)> = Vec::new();
    let mut results: Vec<SuiteResult> = Vec::new();
    for (rubric, from) in rubrics(&paths) {
        let target = match from {
            Some(test_file) if !rubric.exists() => test_file,
            _ => rubric.clone(),
        };
        match testing::load(&target) {
            Ok(suite) => results.push(suite.run()),
            Err(d) => {
                print_diags(&d, DiagFormat::Plain);
                broken.push((target, crate::diag::render_plain(&d)));
            }
        }
    }
    // The text report goes to the terminal unless another format takes its place there.
    let shows_text = args.format == ReportFormat::Text || args.output.is_some();
    let text = if shows_text {
        text_report(&results, args.coverage || args.min.is_some())
    } else {
        String::new()
    };
    if let Err(code) = emit(text.as_bytes()) {
        return code;
    }
    if let Err(code) = write_report(&args, &results, &broken, text) {
        return code;
    }
    let low = below_min(&results, args.min);
    let (_, failed) = totals(&results);
    if results.iter().all(|r| r.results().count() == 0) && broken.is_empty() {
        eprintln!("warning: no tests found in {}", show(&paths));
    }
    if !broken.is_empty() || failed > 0 || low {
        exit::INVALID_RUBRIC
    } else {
        exit::OK
    }
}

fn totals(results: &[SuiteResult]) -> (usize, usize) {
    results.iter().fold((0, 0), |(p, f), r| {
        let (a, b) = r.counts();
        (p + a, f + b)
    })
}

fn below_min(results: &[SuiteResult], min: Option<f64>) -> bool {
    let Some(min) = min else { return false };
    let mut low = false;
    for r in results {
        let pct = r.coverage.percent();
        if pct + 1e-9 < min {
            // One decimal, unless that would round up to the minimum itself.
            let digits = if (pct * 10.0).round() / 10.0 >= min {
                3
            } else {
                1
            };
            eprintln!(
                "error: coverage of `{}` is {pct:.digits$}%, below the required {min}%",
                r.rubric.display()
            );
            low = true;
        }
    }
    low
}

/// Every suite's text report, then a line of totals when there are several.
fn text_report(results: &[SuiteResult], coverage: bool) -> String {
    let mut out: String = results.iter().map(|r| report::human(r, coverage)).collect();
    if results.len() > 1 {
        let (p, f) = totals(results);
        out.push_str(&format!("all rubrics: {}\n", report::summary(p, f)));
    }
    out
}

/// Writes the report in `--format` to `--output`, or to standard output for JUnit and JSON
/// (the text report, `text`, is already there).
fn write_report(
    args: &Args,
    results: &[SuiteResult],
    broken: &[(PathBuf, String)],
    text: String,
) -> Result<(), i32> {
    let body = match args.format {
        ReportFormat::Junit => report::junit(results, broken),
        ReportFormat::Json => format!("{:#}\n", report::json(results, broken)),
        ReportFormat::Text if args.output.is_some() => text,
        ReportFormat::Text => return Ok(()),
    };
    match &args.output {
        Some(path) => crate::output::write_atomic(path, body.as_bytes()).map_err(|e| {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            exit::INTERNAL
        }),
        None => emit(body.as_bytes()),
    }
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", Path::new(p).display()))
        .collect::<Vec<_>>()
        .join(", ")
}
