//! `leadscore generate`: synthetic leads and events for a schema.

use super::exit;
use std::path::PathBuf;

/// Arguments of `generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The schema the data should follow.
    #[arg(long)]
    schema: PathBuf,
    /// Number of leads.
    #[arg(long)]
    leads: u64,
    /// Random seed; the same arguments always give byte-identical files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Folder to write leads.csv and events.csv to (created if absent).
    #[arg(long)]
    out: PathBuf,
    /// Mean number of events per lead (leads without events included).
    #[arg(long, default_value_t = 20.0)]
    events_per_lead: f64,
    /// The as-of time the events are placed around.
    #[arg(long, default_value = "2024-06-01")]
    as_of: String,
}

pub(super) fn run(args: Args) -> i32 {
    let schema = match crate::schema::Schema::load(&args.schema) {
        Ok(s) => s,
        Err(d) => {
            super::print_diags(&d, super::DiagFormat::Human);
            return exit::INVALID_RUBRIC;
        }
    };
    let as_of = match super::as_of(&Some(args.as_of.clone())) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    if !(args.events_per_lead.is_finite() && (0.0..=10_000.0).contains(&args.events_per_lead)) {
        eprintln!("error: --events-per-lead must be a number from 0 to 10000");
        return exit::USAGE;
    }
    let opts = crate::gen::Options {
        leads: args.leads,
        seed: args.seed,
        events_per_lead: args.events_per_lead,
        as_of,
    };
    match crate::gen::write_dir(&schema, &opts, &args.out) {
        Ok(s) => {
            eprintln!(
                "wrote {} leads and {} events to {} (leads.csv, events.csv)",
                s.leads,
                s.events,
                args.out.display()
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: cannot write to `{}`: {e}", args.out.display());
            exit::INTERNAL
        }
    }
}
