//! `leadscore backtest`: how well rubrics rank leads whose outcome is known.

use super::labelled::{self, OutcomeArgs, SplitArgs};
use super::score::compile;
use super::{emit, exit, DataArgs};
use crate::backtest::{self, report, Options, Report};
use crate::diff::Side;
use crate::scorer::Engine;
use std::path::PathBuf;

/// Output formats of a backtest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned plain-text tables.
    Text,
    /// GitHub-flavoured markdown.
    Markdown,
    /// One JSON object.
    Json,
}

/// Arguments of `backtest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// One or more rubrics; with several, each is compared with the first on the same leads.
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    outcome: OutcomeArgs,
    #[command(flatten)]
    split: SplitArgs,
    /// The score to rank leads by; default: the one the first tier set reads.
    #[arg(long)]
    score: Option<String>,
    /// `text`, `markdown` or `json`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write a self-contained HTML page with charts to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Bootstrap resamples for the interval of an AUC difference (0: none).
    #[arg(long, default_value_t = 1000)]
    resamples: usize,
    /// The engine rubrics are scored with; all give the same report.
    #[arg(long, value_enum, default_value = "auto")]
    engine: Engine,
    /// Threads; default: all cores. The report does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

pub(super) fn run(args: Args) -> i32 {
    run_inner(&args).unwrap_or_else(|code| code)
}

fn run_inner(args: &Args) -> Result<i32, i32> {
    // Every rubric is checked before any is scored, so all errors show at once.
    let compiled: Vec<_> = args.rules.iter().map(|r| compile(r)).collect();
    let programs = compiled
        .into_iter()
        .map(|c| c.map(|c| std::sync::Arc::new(c.program)))
        .collect::<Result<Vec<_>, i32>>()?;
    let ranked = programs
        .iter()
        .map(|p| report::ranked_score(p, args.score.as_deref()))
        .collect::<Result<Vec<usize>, String>>()
        .map_err(|e| {
            eprintln!("error: {e}");
            exit::USAGE
        })?;
    let pool = super::progress::pool(args.threads)?;
    let split = args.split.split.is_some() || args.split.split_by.is_some();
    let first = labelled::load(&programs[0].schema, &args.data, &args.outcome, &args.split)?;
    let mut sections = Vec::new();
    for ((path, program), ranked) in args.rules.iter().zip(&programs).zip(ranked) {
        let own;
        let data = if crate::diff::same_data_layout(&programs[0], program) {
            &first
        } else {
            own = labelled::load(&program.schema, &args.data, &args.outcome, &args.split)?;
            &own
        };
        let scorer = crate::scorer::Scorer::new(std::sync::Arc::clone(program), args.engine);
        let scores = pool.install(|| data.when.score(&scorer, &data.batch));
        let (leads, outcomes) = part(data, split);
        let side = Side::of(&path.display().to_string(), program);
        sections.push(report::rubric(
            side,
            program,
            &scores,
            (&leads, &outcomes),
            ranked,
        ));
    }
    let (_, outcomes) = part(&first, split);
    let mut when = first.when.describe();
    if split {
        when.push_str(&format!("; only the {} held-out leads", outcomes.len()));
    }
    let opts = Options {
        resamples: args.resamples,
        ..Options::default()
    };
    let report = pool.install(|| Report::new(sections, outcomes, when, &opts));
    finish(args, &report)
}

/// The leads a backtest measures: the held-out part when there is a split, else all.
fn part(data: &labelled::Labelled, split: bool) -> (Vec<usize>, Vec<bool>) {
    (0..data.outcomes.len())
        .filter(|&i| !split || data.held_out[i])
        .map(|i| (i, data.outcomes[i]))
        .unzip()
}

fn finish(args: &Args, report: &Report) -> Result<i32, i32> {
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(path) = &args.report {
        let page = backtest::html::page(report);
        crate::output::write_atomic(path, page.as_bytes()).map_err(|e| {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            exit::INTERNAL
        })?;
    }
    let body = match args.format {
        Format::Text => report.text(),
        Format::Markdown => report.markdown(),
        Format::Json => report.json(),
    };
    emit(body.as_bytes())?;
    Ok(exit::OK)
}
