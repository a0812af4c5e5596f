//! The `leadscore` command line.

mod backtest;
mod calibrate;
mod check;
mod diff;
mod explain;
mod fmt;
mod generate;
mod infer;
mod labelled;
mod progress;
mod score;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Process exit codes; documented in the README and stable.
pub mod exit {
    /// Everything worked.
    pub const OK: i32 = 0;
    /// The rubric or schema has errors (or warnings under `--deny warnings`).
    pub const INVALID_RUBRIC: i32 = 1;
    /// A check failed (`diff --fail-if-moved`); the same code as an invalid rubric.
    pub const CHECKS_FAILED: i32 = 1;
    /// The command line was wrong (clap uses 2 as well).
    pub const USAGE: i32 = 2;
    /// Lead or event data was unreadable or had bad rows (with `--on-error fail`).
    pub const BAD_DATA: i32 = 3;
    /// A bug, or output could not be written.
    pub const INTERNAL: i32 = 4;
}

/// leadscore: readable lead-scoring rubrics, checked like code, explained to the last point.
#[derive(Parser, Debug)]
#[command(name = "leadscore", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile rubrics and report every error and warning.
    Check(check::Args),
    /// Score leads from CSV or JSON Lines.
    Score(score::Args),
    /// Show, rule by rule, how one lead got its score, tier and route.
    Explain(explain::Args),
    /// Run the `test` blocks of rubrics and report rule coverage.
    Test(test::Args),
    /// Rewrite rubrics in the one canonical layout (`--check`, `--diff` to only look).
    Fmt(fmt::Args),
    /// Compare two versions of a rubric: what changed, and what it does to real leads.
    Diff(diff::Args),
    /// Measure how well rubrics rank leads whose outcome is known, and compare them.
    Backtest(backtest::Args),
    /// Fit a rubric's points from won/lost history and write them as a new version.
    Calibrate(calibrate::Args),
    /// Write synthetic leads and events for a schema (benchmarks, examples).
    Generate(generate::Args),
    /// Schema tools.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
}

#[derive(Subcommand, Debug)]
enum SchemaCommand {
    /// Draft a schema from lead (and event) data.
    Infer(infer::Args),
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiagFormat {
    /// Colored when the terminal allows it.
    Human,
    /// No color.
    Plain,
    /// Machine-readable.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

/// Where data comes from: shared by `score` and `explain`.
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Leads file (.csv, .tsv or .jsonl).
    #[arg(long)]
    pub leads: PathBuf,
    /// Events file (.csv or .jsonl) with columns lead, event, at and attributes.
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Score as of this time (`2024-06-01` or `2024-06-01T12:00:00Z`); default: now.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Use the data row number as the lead key when the leads file has no key column.
    #[arg(long)]
    pub row_key: bool,
    /// Format of the leads and events files; default: from each file's extension, else CSV.
    #[arg(long, value_enum)]
    pub input_format: Option<crate::data::load::Format>,
}

/// Runs the CLI; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Check(a) => check::run(a),
        Command::Score(a) => score::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Test(a) => test::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Backtest(a) => backtest::run(a),
        Command::Calibrate(a) => calibrate::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Schema {
            command: SchemaCommand::Infer(a),
        } => infer::run(a),
    });
    result.unwrap_or_else(|_| {
        eprintln!(
            "error: leadscore hit an internal error; please report it with the command you ran"
        );
        exit::INTERNAL
    })
}

/// Writes to standard output; a closed pipe (`leadscore … | head`) is not an error.
pub(crate) fn emit(bytes: &[u8]) -> Result<(), i32> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(exit::INTERNAL)
        }
    }
}

/// Prints diagnostics in the chosen format: people's formats to stderr, machine formats
/// (JSON, SARIF, GitHub commands) to stdout; `Err` carries the exit code when standard
/// output cannot be written.
pub(crate) fn write_diags(diags: &crate::diag::Diagnostics, format: DiagFormat) -> Result<(), i32> {
    use std::io::IsTerminal;
    match format {
        DiagFormat::Json => emit(format!("{}\n", crate::diag::render_json(diags)).as_bytes()),
        DiagFormat::Sarif => emit(format!("{}\n", crate::diag::render_sarif(diags)).as_bytes()),
        DiagFormat::Github => emit(crate::diag::render_github(diags).as_bytes()),
        DiagFormat::Human if std::io::stderr().is_terminal() => {
            eprint!("{}", crate::diag::render_human(diags));
            Ok(())
        }
        _ => {
            eprint!("{}", crate::diag::render_plain(diags));
            Ok(())
        }
    }
}

/// Prints the diagnostics that come with another command's work (compiling a rubric to
/// score it); where they go cannot fail that work.
pub(crate) fn print_diags(diags: &crate::diag::Diagnostics, format: DiagFormat) {
    let _ = write_diags(diags, format);
}

/// Parses `--as-of`, defaulting to now.
pub(crate) fn as_of(arg: &Option<String>) -> Result<i64, String> {
    match arg {
        None => Ok(crate::data::time::now()),
        Some(s) => crate::data::time::parse(s).ok_or_else(|| {
            format!(
                "--as-of `{s}` is not a time: expected {}",
                crate::data::time::ACCEPTED
            )
        }),
    }
}
