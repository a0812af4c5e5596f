//! `leadscore fmt`: rewrite rubrics in the canonical layout, or check that they are.

use super::{emit, exit, print_diags, DiagFormat};
use crate::diag::Diagnostics;
use crate::fmt::FmtError;
use std::path::{Path, PathBuf};

/// Arguments of `fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Rubric files, folders to search for `*.score` files, or `-` for standard input
    /// (formatted to standard output).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Write nothing; list the files that are not formatted and exit with 1 if there are any.
    #[arg(long, conflicts_with = "diff")]
    check: bool,
    /// Write nothing; print what would change as a unified diff and exit with 1 if anything would.
    #[arg(long)]
    diff: bool,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    Invalid(Diagnostics),
    Failed(String),
}

pub(super) fn run(args: Args) -> i32 {
    if args.files.iter().any(|f| f.as_os_str() == "-") {
        if args.files.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be combined with other files");
            return exit::USAGE;
        }
        return stdin(&args);
    }
    let files = super::check::expand(&args.files);
    let mut tally = [0usize; 4];
    let mut invalid = Diagnostics::default();
    for path in &files {
        let outcome = one(path, &args);
        let slot = match outcome {
            Outcome::Unchanged => 0,
            Outcome::Changed => 1,
            Outcome::Invalid(d) => {
                invalid.0.extend(d.0);
                2
            }
            Outcome::Failed(why) => {
                eprintln!("error: {why}");
                3
            }
        };
        tally[slot] += 1;
    }
    if !invalid.0.is_empty() {
        print_diags(&invalid, DiagFormat::Human);
    }
    let [same, changed, bad, failed] = tally;
    eprintln!("{}", summary(&args, same, changed, bad + failed));
    if failed > 0 {
        exit::INTERNAL
    } else if bad > 0 || (changed > 0 && (args.check || args.diff)) {
        exit::INVALID_RUBRIC
    } else {
        exit::OK
    }
}

/// Formats one file and, depending on the mode, writes it, names it or prints its diff.
fn one(path: &Path, args: &Args) -> Outcome {
    let name = path.display().to_string();
    let source = match crate::check::read_source(path) {
        Ok(s) => s,
        Err(d) => return Outcome::Invalid(d),
    };
    // A byte-order mark is not part of the rubric (`read_source` drops it); it is kept
    // when nothing else changes and dropped when the file is rewritten.
    let original: &str = &source.text;
    let formatted = match crate::fmt::format(&source) {
        Ok(text) => text,
        Err(FmtError::Syntax(d)) => return Outcome::Invalid(d),
        Err(FmtError::Internal(why)) => return Outcome::Failed(internal(&name, &why)),
    };
    if formatted == original {
        return Outcome::Unchanged;
    }
    if args.check {
        if emit(format!("{name}\n").as_bytes()).is_err() {
            return Outcome::Failed("cannot write to standard output".into());
        }
    } else if args.diff {
        if emit(diff(&name, original, &formatted).as_bytes()).is_err() {
            return Outcome::Failed("cannot write to standard output".into());
        }
    } else if let Err(e) = crate::output::write_atomic(path, formatted.as_bytes()) {
        return Outcome::Failed(format!("cannot write `{name}`: {e}; the file is unchanged"));
    }
    Outcome::Changed
}

fn internal(name: &str, why: &str) -> String {
    format!(
        "internal error formatting `{name}`: {why}; the file was left unchanged (please report this with the file)"
    )
}

/// `--- a/PATH` / `+++ b/PATH` and the changed lines with three lines of context.
fn diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

fn summary(args: &Args, same: usize, changed: usize, bad: usize) -> String {
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![if args.check || args.diff {
        format!("{} would be reformatted", files(changed))
    } else {
        format!("formatted {}", files(changed))
    }];
    parts.push(format!("{same} already formatted"));
    if bad > 0 {
        parts.push(format!("{} left unchanged because of errors", files(bad)));
    }
    parts.join(", ")
}

/// `leadscore fmt -`: standard input to standard output.
fn stdin(args: &Args) -> i32 {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {e}");
        return exit::INTERNAL;
    }
    let source = match crate::check::text_source("<stdin>".into(), bytes) {
        Ok(s) => s,
        Err(d) => {
            print_diags(&d, DiagFormat::Human);
            return exit::INVALID_RUBRIC;
        }
    };
    let original: &str = &source.text;
    let formatted = match crate::fmt::format(&source) {
        Ok(t) => t,
        Err(FmtError::Syntax(d)) => {
            print_diags(&d, DiagFormat::Human);
            return exit::INVALID_RUBRIC;
        }
        Err(FmtError::Internal(why)) => {
            eprintln!("error: {}", internal("<stdin>", &why));
            return exit::INTERNAL;
        }
    };
    let out = if args.check {
        if formatted == original {
            String::new()
        } else {
            "<stdin>\n".into()
        }
    } else if args.diff {
        diff("<stdin>", original, &formatted)
    } else {
        formatted.clone()
    };
    if let Err(code) = emit(out.as_bytes()) {
        return code;
    }
    if (args.check || args.diff) && formatted != original {
        exit::INVALID_RUBRIC
    } else {
        exit::OK
    }
}
