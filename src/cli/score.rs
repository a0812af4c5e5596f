//! `leadscore score`: bulk scoring, compiled by default, interpreted on request.

use super::{as_of, exit, print_diags, DataArgs, DiagFormat};
use crate::batch::Batch;
use crate::check::Compiled;
use crate::data::load::{LoadOptions, LoadReport, OnError, Reject};
use crate::eval::Outcome;
use crate::output::{self, OutFormat};
use crate::scorer::Scorer;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `score`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rubric.
    rules: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Write scores here (atomically); default: standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Output format; default: from the --out extension, else CSV.
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// Row order: `input`, `score` (the last score, highest first) or a score's name.
    #[arg(long, default_value = "input")]
    sort: String,
    /// What to do with a bad data row: stop (`fail`) or set it aside (`skip`).
    #[arg(long, value_enum, default_value = "fail")]
    on_error: OnErrorArg,
    /// Where `--on-error skip` writes rejected rows (JSON Lines); default: OUT.rejects.jsonl,
    /// or ./rejects.jsonl when scores go to standard output.
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Also write an explain trace per lead to this JSON Lines file.
    #[arg(long)]
    explain: Option<PathBuf>,
    #[command(flatten)]
    run: RunArgs,
}

/// How scoring runs: shared by the commands that score.
#[derive(clap::Args, Debug, Clone)]
pub struct RunArgs {
    /// `auto` compiles the rubric to native code where the host allows, `jit` asks for
    /// that, `interp` uses the reference interpreter. All give the same bytes.
    #[arg(long, value_enum, default_value = "auto")]
    pub engine: crate::scorer::Engine,
    /// Threads for scoring; default: all cores. Output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time spent loading, binding, compiling, scoring and writing.
    #[arg(long)]
    pub stats: bool,
}

/// `--on-error` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum OnErrorArg {
    /// Stop with exit code 3 before writing anything.
    Fail,
    /// Score the good rows; write the bad ones to the rejects file.
    Skip,
}

/// Compiles a rubric for a scoring command, printing diagnostics; `Err` carries the exit code.
pub(crate) fn compile(rules: &Path) -> Result<Compiled, i32> {
    match crate::check::compile_file(rules) {
        Ok(c) => {
            if !c.warnings.0.is_empty() {
                print_diags(&c.warnings, DiagFormat::Plain);
            }
            Ok(c)
        }
        Err(d) => {
            print_diags(&d, DiagFormat::Human);
            Err(exit::INVALID_RUBRIC)
        }
    }
}

/// Loads the data for a scoring command, printing warnings; `Err` carries the exit code.
pub(crate) fn load_data(
    schema: &crate::schema::Schema,
    data: &DataArgs,
    on_error: OnError,
) -> Result<(Batch, LoadReport), i32> {
    let opts = LoadOptions {
        on_error,
        row_key: data.row_key,
        leads_format: data.input_format,
        events_format: data.input_format,
    };
    match Batch::load(schema, &data.leads, data.events.as_deref(), &opts) {
        Ok((batch, report)) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            Ok((batch, report))
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  no output was written; fix the row, or use `--on-error skip` to set bad rows aside");
            Err(exit::BAD_DATA)
        }
    }
}

pub(super) fn run(args: Args) -> i32 {
    match run_inner(&args) {
        Ok(()) => exit::OK,
        Err(code) => code,
    }
}

fn run_inner(args: &Args) -> Result<(), i32> {
    let mut stats = Stats::default();
    let compiled = compile(&args.rules)?;
    let as_of = as_of(&args.data.as_of).map_err(|e| {
        eprintln!("error: {e}");
        exit::USAGE
    })?;
    let sort_score = sort_key(&compiled.program, &args.sort)?;
    let on_error = match args.on_error {
        OnErrorArg::Fail => OnError::Fail,
        OnErrorArg::Skip => OnError::Skip,
    };
    let pool = super::progress::pool(args.run.threads)?;
    let (batch, report) = stats.time("load", || {
        load_data(&compiled.program.schema, &args.data, on_error)
    })?;
    let scorer = stats.time("compile", || {
        Scorer::new(Arc::new(compiled.program), args.run.engine)
    });
    let p = scorer.program();
    let scores = pool.install(|| {
        let prepared = stats.time("bind", || scorer.prepare(&batch, as_of));
        if let Some(note) = scorer.note().or(prepared.note()) {
            eprintln!("note: {note}");
        }
        let bar = super::progress::Bar::new(batch.len(), args.run.quiet);
        let scores = stats.time("score", || prepared.run(&|n| bar.inc(n)));
        bar.finish();
        scores
    });
    stats.compile = scorer.compile_time();
    let mut order: Vec<usize> = (0..batch.len()).collect();
    if let Some(s) = sort_score {
        // Stable sort: equal scores keep input order, so output never depends on anything else.
        order.sort_by(|a, b| scores.score(*b, s).total_cmp(&scores.score(*a, s)));
    }
    let format = args
        .format
        .or(args.out.as_deref().map(OutFormat::from_path))
        .unwrap_or(OutFormat::Csv);
    pool.install(|| {
        stats.time("write", || {
            write_all(
                args, &scorer, &batch, &scores, &order, format, as_of, &report,
            )
        })
    })?;
    eprintln!(
        "scored {} lead{} as of {} with ruleset \"{}\" version {} ({})",
        order.len(),
        if order.len() == 1 { "" } else { "s" },
        crate::data::time::format(as_of),
        p.name,
        p.version,
        p.hash
    );
    if args.run.stats {
        stats.print(
            batch.len(),
            batch.event_count(),
            scorer.engine(),
            pool.current_num_threads(),
        );
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_all(
    args: &Args,
    scorer: &Scorer,
    batch: &Batch,
    scores: &crate::scorer::Scores,
    order: &[usize],
    format: OutFormat,
    as_of: i64,
    report: &LoadReport,
) -> Result<(), i32> {
    let p = scorer.program();
    let outcomes: Vec<Outcome> = order.iter().map(|&i| scores.outcome(p, i)).collect();
    let rows: Vec<(&str, &Outcome)> = order
        .iter()
        .zip(&outcomes)
        .map(|(&i, o)| (batch.key(i), o))
        .collect();
    let mut buf = Vec::new();
    output::write_scores(p, &rows, format, &mut buf).map_err(internal)?;
    if let Some(path) = &args.explain {
        write_traces(scorer, batch, order, as_of, path)?;
    }
    if matches!(args.on_error, OnErrorArg::Skip) {
        write_rejects(args, &report.rejects)?;
    }
    match &args.out {
        Some(path) => output::write_atomic(path, &buf).map_err(|e| write_failed(path, e)),
        None => super::emit(&buf),
    }
}

/// Wall time per step, for `--stats`.
#[derive(Default)]
struct Stats {
    steps: Vec<(&'static str, std::time::Duration)>,
    compile: std::time::Duration,
}

impl Stats {
    fn time<T>(&mut self, step: &'static str, f: impl FnOnce() -> T) -> T {
        let t = std::time::Instant::now();
        let v = f();
        self.steps.push((step, t.elapsed()));
        v
    }

    fn print(&self, leads: usize, events: usize, engine: crate::scorer::Engine, threads: usize) {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        eprintln!("stats: {leads} leads, {events} events, engine {engine:?}, {threads} thread(s)");
        for (step, d) in &self.steps {
            let extra = match *step {
                "compile" => format!("  (native code generation {:.2} ms)", ms(self.compile)),
                "score" if d.as_secs_f64() > 0.0 => {
                    format!("  ({:.0} leads/s)", leads as f64 / d.as_secs_f64())
                }
                _ => String::new(),
            };
            eprintln!("  {step:<8} {:>10.2} ms{extra}", ms(*d));
        }
    }
}

fn sort_key(p: &crate::ir::Program, sort: &str) -> Result<Option<usize>, i32> {
    match sort {
        "input" => Ok(None),
        "score" => Ok(p.scores.len().checked_sub(1)),
        name => {
            match p.scores.iter().position(|s| s.name == name) {
                Some(i) => Ok(Some(i)),
                None => {
                    let names: Vec<&str> = p.scores.iter().map(|s| s.name.as_str()).collect();
                    eprintln!("error: --sort `{name}`: expected `input`, `score` or one of the scores: {}", names.join(", "));
                    Err(exit::USAGE)
                }
            }
        }
    }
}

fn write_traces(
    scorer: &Scorer,
    batch: &Batch,
    order: &[usize],
    as_of: i64,
    path: &Path,
) -> Result<(), i32> {
    let mut buf = Vec::new();
    for &i in order {
        let (_, trace) = scorer.explain(batch, i, as_of);
        serde_json::to_writer(&mut buf, &trace).map_err(|e| internal(e.into()))?;
        buf.push(b'\n');
    }
    output::write_atomic(path, &buf).map_err(|e| write_failed(path, e))
}

fn write_rejects(args: &Args, rejects: &[Reject]) -> Result<(), i32> {
    let path = args.rejects.clone().unwrap_or_else(|| match &args.out {
        Some(o) => PathBuf::from(format!("{}.rejects.jsonl", o.display())),
        None => PathBuf::from("rejects.jsonl"),
    });
    let mut buf = Vec::new();
    for r in rejects {
        let row = serde_json::json!({
            "kind": r.kind, "file": r.file, "line": r.line, "column": r.column, "reason": r.reason, "row": r.raw,
        });
        serde_json::to_writer(&mut buf, &row).map_err(|e| internal(e.into()))?;
        buf.push(b'\n');
    }
    output::write_atomic(&path, &buf).map_err(|e| write_failed(&path, e))?;
    let leads = rejects.iter().filter(|r| r.kind == "lead").count();
    let events = rejects.len() - leads;
    eprintln!(
        "rejected {leads} lead row(s) and {events} event row(s); see {}",
        path.display()
    );
    Ok(())
}

fn internal(e: std::io::Error) -> i32 {
    eprintln!("error: {e}");
    exit::INTERNAL
}

fn write_failed(path: &Path, e: std::io::Error) -> i32 {
    eprintln!("error: cannot write `{}`: {e}", path.display());
    exit::INTERNAL
}
