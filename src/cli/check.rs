//! `leadscore check`: compile rubrics, print every diagnostic.

use super::{exit, write_diags, DiagFormat};
use crate::check::Compiled;
use crate::diag::{summary_line, Diagnostics};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Rubric files, or folders to search for `*.score` files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Diagnostic format: `human` (colored on a terminal), `plain`, `json`, `sarif`
    /// (SARIF 2.1.0 for code scanning) or `github` (annotations in GitHub Actions).
    #[arg(long, value_enum, default_value = "human")]
    format: DiagFormat,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_parser = ["warnings"])]
    deny: Option<String>,
    /// An earlier copy of the rubric: warn (W507) when the rules changed but the version did
    /// not go up. Needs exactly one rubric to check.
    #[arg(long, value_name = "OLD.score")]
    against: Option<PathBuf>,
}

/// Expands folders into the `.score` files below them, sorted for stable output.
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        // `file_type` does not follow symlinks, so a link back up the tree cannot loop.
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, out);
        } else if path.extension().is_some_and(|x| x == "score") {
            out.push(path);
        }
    }
}

/// Checks a `*.test.score` file against its rubric. A rubric among `files` was compiled
/// already (`compiled`): it is not compiled again, and its own diagnostics, reported with
/// it, are not reported twice.
fn check_test_file(path: &Path, compiled: &HashMap<PathBuf, Option<Compiled>>) -> Diagnostics {
    let rubric = crate::testing::partner(path);
    if !rubric.exists() {
        return crate::testing::load(path).err().unwrap_or_default();
    }
    let fresh;
    let c = match compiled.get(&rubric) {
        Some(Some(c)) => c,
        Some(None) => return Diagnostics::default(),
        None => match crate::check::compile_file(&rubric) {
            Ok(c) => {
                fresh = c;
                &fresh
            }
            Err(d) => return d,
        },
    };
    crate::testing::load_beside(&c.program, path, &c.tests)
        .err()
        .unwrap_or_default()
}

pub(super) fn run(args: Args) -> i32 {
    let files = expand(&args.files);
    if args.against.is_some() && files.len() != 1 {
        eprintln!(
            "error: --against compares one rubric with its earlier copy, but {} rubrics were given",
            files.len()
        );
        return exit::USAGE;
    }
    let mut all = Diagnostics::default();
    // Rubrics sort before their `.test.score` files, so each test file finds its rubric here.
    let mut compiled: HashMap<PathBuf, Option<Compiled>> = HashMap::new();
    for f in &files {
        if crate::testing::is_test_file(f) {
            all.0.extend(check_test_file(f, &compiled).0);
            continue;
        }
        match crate::check::compile_file(f) {
            Ok(mut c) => {
                all.0.append(&mut c.warnings.0);
                if let Some(old) = &args.against {
                    all.0.extend(against(old, &c.program));
                }
                compiled.insert(f.clone(), Some(c));
            }
            Err(d) => {
                all.0.extend(d.0);
                compiled.insert(f.clone(), None);
            }
        }
    }
    if let Err(code) = write_diags(&all, args.format) {
        return code;
    }
    let (errors, warnings) = all.counts();
    if args.format != DiagFormat::Json {
        let n = files.len();
        eprintln!(
            "checked {n} file{}: {}",
            if n == 1 { "" } else { "s" },
            summary_line(&all)
        );
    }
    if errors > 0 || (args.deny.is_some() && warnings > 0) {
        exit::INVALID_RUBRIC
    } else {
        exit::OK
    }
}

/// The version warning for `new` against the earlier copy at `old`; the earlier copy's own
/// errors when it does not compile, since then nothing can be compared.
fn against(old: &Path, new: &crate::ir::Program) -> Vec<crate::diag::Diagnostic> {
    match crate::check::compile_file(old) {
        Ok(c) => crate::check::version_lint(&c.program, new)
            .into_iter()
            .collect(),
        Err(d) => d.0,
    }
}
