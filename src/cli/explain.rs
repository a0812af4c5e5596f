//! `leadscore explain`: the trace of one lead.

use super::score::{compile, load_data};
use super::{as_of, emit, exit, DataArgs};
use crate::data::load::OnError;
use std::path::PathBuf;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rubric.
    rules: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Key of the lead to explain.
    #[arg(long)]
    lead: String,
    /// `text` (aligned, colored on a terminal) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    format: TraceFormat,
}

/// Trace formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum TraceFormat {
    /// For people.
    Text,
    /// For programs.
    Json,
}

pub(super) fn run(args: Args) -> i32 {
    let compiled = match compile(&args.rules) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let as_of = match as_of(&args.data.as_of) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    // Explaining one lead should not fail because another row is bad.
    let (batch, report) = match load_data(&compiled.program.schema, &args.data, OnError::Skip) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if !report.rejects.is_empty() {
        eprintln!(
            "warning: {} row(s) could not be read and are left out of this explanation:",
            report.rejects.len()
        );
        for r in report.rejects.iter().take(5) {
            eprintln!("  {}:{}:{}: {}", r.file, r.line, r.column, r.reason);
        }
        if report.rejects.len() > 5 {
            eprintln!("  … run `leadscore score --on-error skip` to list them all");
        }
    }
    let Some(i) = batch.find(&args.lead) else {
        eprintln!(
            "error: no lead with key `{}` in `{}`",
            args.lead,
            args.data.leads.display()
        );
        return exit::BAD_DATA;
    };
    let (_, trace) =
        crate::eval::explain(&compiled.program, &batch.lead(i), &batch.events(i), as_of);
    match args.format {
        TraceFormat::Json => match serde_json::to_string_pretty(&trace) {
            Ok(s) => emit(format!("{s}\n").as_bytes()).err().unwrap_or(exit::OK),
            Err(e) => {
                eprintln!("error: {e}");
                exit::INTERNAL
            }
        },
        TraceFormat::Text => {
            use std::io::IsTerminal;
            emit(
                crate::eval::explain::render_text(&trace, std::io::stdout().is_terminal())
                    .as_bytes(),
            )
            .err()
            .unwrap_or(exit::OK)
        }
    }
}
