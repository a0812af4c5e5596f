//! `leadscore diff`: what changed between two rubrics, and what it does to real leads.

use super::score::{compile, load_data};
use super::{as_of, emit, exit, DataArgs};
use crate::data::load::OnError;
use crate::diff::{self, Format, Options, Side};
use crate::scorer::Engine;
use std::path::PathBuf;

/// Arguments of `diff`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rubric before the change.
    old: PathBuf,
    /// The rubric after the change.
    new: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// `text` (aligned tables), `markdown` (a pull-request comment) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// How many of the leads that moved most to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Exit with code 1 when more than this share of leads changes tier in the first tier
    /// set both rubrics have (`5%` or `5`).
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    fail_if_moved: Option<f64>,
    /// The engine both rubrics are scored with; all give the same report.
    #[arg(long, value_enum, default_value = "auto")]
    engine: Engine,
    /// Threads for scoring; default: all cores. The report does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

/// Reads `5%` or `5` as a percentage from 0 to 100.
fn percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .trim_end_matches('%')
        .trim_end()
        .parse()
        .map_err(|_| format!("`{s}` is not a percentage: write e.g. `5%` or `5`"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` is not between 0% and 100%"))
    }
}

pub(super) fn run(args: Args) -> i32 {
    run_inner(&args).unwrap_or_else(|code| code)
}

fn run_inner(args: &Args) -> Result<i32, i32> {
    // Both rubrics are checked before either result counts, so every error shows at once.
    let (old, new) = (compile(&args.old), compile(&args.new));
    let (old, new) = (old?.program, new?.program);
    let as_of = as_of(&args.data.as_of).map_err(|e| {
        eprintln!("error: {e}");
        exit::USAGE
    })?;
    if args.fail_if_moved.is_some() && diff::common_tier_set(&old, &new).is_none() {
        eprintln!("error: --fail-if-moved needs a tier set that both rubrics have, and they have none in common");
        return Err(exit::USAGE);
    }
    let pool = super::progress::pool(args.threads)?;
    let (old_batch, _) = load_data(&old.schema, &args.data, OnError::Fail)?;
    let new_batch = if diff::same_data_layout(&old, &new) {
        None
    } else {
        Some(load_data(&new.schema, &args.data, OnError::Fail)?.0)
    };
    let opts = Options {
        as_of,
        engine: args.engine,
        top: args.top,
    };
    let sides = (
        Side::of(&args.old.display().to_string(), &old),
        Side::of(&args.new.display().to_string(), &new),
    );
    let report = pool.install(|| {
        diff::compare(
            (&sides.0, &old, &old_batch),
            (&sides.1, &new, new_batch.as_ref().unwrap_or(&old_batch)),
            &opts,
        )
    });
    let report = report.map_err(|d| {
        super::print_diags(&d, super::DiagFormat::Plain);
        exit::INVALID_RUBRIC
    })?;
    emit(report.render(args.format).as_bytes())?;
    Ok(
        match (args.fail_if_moved, report.impact.tier_sets.first()) {
            (Some(limit), Some(t))
                if report.impact.moved_share().unwrap_or(0.0) * 100.0 > limit =>
            {
                let total = report.impact.leads + report.impact.only_old + report.impact.only_new;
                eprintln!(
                    "error: {} of {total} leads change tier `{}`, more than --fail-if-moved {}%",
                    t.changed,
                    t.tier_set,
                    crate::diff::canon::num(limit)
                );
                exit::CHECKS_FAILED
            }
            _ => exit::OK,
        },
    )
}
