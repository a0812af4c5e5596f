//! `leadscore schema infer`: draft a schema from data.

use super::exit;
use std::path::PathBuf;

/// Arguments of `schema infer`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Leads file.
    leads: PathBuf,
    /// Events file with columns lead, event, at and attributes.
    #[arg(long)]
    events: Option<PathBuf>,
    /// Write the schema here (atomically) instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(super) fn run(args: Args) -> i32 {
    let text = match crate::schema::infer::infer(&args.leads, args.events.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::BAD_DATA;
        }
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = crate::output::write_atomic(path, text.as_bytes()) {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                return exit::INTERNAL;
            }
            eprintln!(
                "wrote a draft schema to {}; review it before use",
                path.display()
            );
        }
        None => return super::emit(text.as_bytes()).err().unwrap_or(exit::OK),
    }
    exit::OK
}
