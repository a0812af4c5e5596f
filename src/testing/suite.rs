//! Finding a rubric's tests: the blocks in the rubric file and in `NAME.test.score` beside it.

use super::case::Test;
use super::run::{run, TestResult};
use crate::diag::{Code, Diagnostic, Diagnostics, Source, Span};
use crate::ir::Program;
use std::path::{Path, PathBuf};

/// A rubric and all its tests.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The rubric file.
    pub rubric: PathBuf,
    /// The compiled rubric.
    pub program: Program,
    /// Tests grouped by the file they are written in (the rubric first).
    pub files: Vec<(PathBuf, Vec<Test>)>,
}

/// A suite's results, in the same grouping.
#[derive(Clone, Debug)]
pub struct SuiteResult {
    /// The rubric file.
    pub rubric: PathBuf,
    /// Results per file the tests were written in.
    pub files: Vec<(PathBuf, Vec<TestResult>)>,
    /// Per-rule coverage.
    pub coverage: super::coverage::Coverage,
}

/// True for `*.test.score` files.
pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".test.score"))
}

/// `x.test.score` → `x.score`; `x.score` → `x.test.score`.
pub fn partner(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let other = match name.strip_suffix(".test.score") {
        Some(stem) => format!("{stem}.score"),
        None => format!("{}.test.score", name.strip_suffix(".score").unwrap_or(name)),
    };
    path.with_file_name(other)
}

/// Loads a rubric's suite. `rubric` may also name its test file.
pub fn load(path: &Path) -> Result<Suite, Diagnostics> {
    let rubric = if is_test_file(path) {
        partner(path)
    } else {
        path.to_path_buf()
    };
    if is_test_file(path) && !rubric.exists() {
        return Err(orphan(path, &rubric));
    }
    let compiled = crate::check::compile_file(&rubric)?;
    let test_path = partner(&rubric);
    let beside = if test_path.exists() {
        Some(load_beside(&compiled.program, &test_path, &compiled.tests)?)
    } else {
        None
    };
    let mut files = vec![(rubric.clone(), compiled.tests)];
    files.extend(beside.map(|tests| (test_path, tests)));
    Ok(Suite {
        rubric,
        program: compiled.program,
        files,
    })
}

/// Parses and checks a `*.test.score` file against its rubric.
pub fn load_test_file(p: &Program, path: &Path) -> Result<Vec<Test>, Diagnostics> {
    load_beside(p, path, &[])
}

/// [`load_test_file`] when the rubric file has tests of its own (`taken`): names must not
/// repeat across the two files.
pub fn load_beside(p: &Program, path: &Path, taken: &[Test]) -> Result<Vec<Test>, Diagnostics> {
    let source = crate::check::read_source(path)?;
    let blocks = crate::syntax::parse_test_file(&source)?;
    let (tests, diags) = super::resolve::resolve_beside(p, &blocks, &source, taken);
    if diags.is_empty() {
        Ok(tests)
    } else {
        let mut diags = Diagnostics(diags);
        diags.sort();
        Err(diags)
    }
}

fn orphan(path: &Path, rubric: &Path) -> Diagnostics {
    let name = path.display().to_string();
    let src = Source::new(name, "");
    let d = Diagnostic::error(
        Code::TestWithoutRubric,
        &src,
        Span::default(),
        format!("`{}` has no rubric beside it", path.display()),
        "this test file",
    )
    .with_help(format!(
        "a test file tests the rubric of the same name: create `{}` or rename the test file",
        rubric.display()
    ));
    Diagnostics(vec![d])
}

impl Suite {
    /// Number of tests.
    pub fn len(&self) -> usize {
        self.files.iter().map(|(_, t)| t.len()).sum()
    }

    /// True when the rubric has no tests.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs every test.
    pub fn run(&self) -> SuiteResult {
        let files: Vec<(PathBuf, Vec<TestResult>)> = self
            .files
            .iter()
            .map(|(f, tests)| {
                (
                    f.clone(),
                    tests.iter().map(|t| run(&self.program, t)).collect(),
                )
            })
            .collect();
        let coverage =
            super::coverage::Coverage::of(&self.program, files.iter().flat_map(|(_, r)| r));
        SuiteResult {
            rubric: self.rubric.clone(),
            files,
            coverage,
        }
    }
}

impl SuiteResult {
    /// Every result, in file order.
    pub fn results(&self) -> impl Iterator<Item = &TestResult> {
        self.files.iter().flat_map(|(_, r)| r)
    }

    /// (passed, failed).
    pub fn counts(&self) -> (usize, usize) {
        let failed = self.results().filter(|r| !r.passed()).count();
        (self.results().count() - failed, failed)
    }
}
