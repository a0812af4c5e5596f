//! `leadscore diff`: what changed between two versions of a rubric, and what the change
//! does to real leads.
//!
//! [`structure`] compares the two rubrics' syntax trees (so comments and layout never show
//! as changes); [`impact`] scores the same leads with both and counts what moved. A
//! [`Report`] holds both and renders as aligned text, GitHub-flavoured markdown or JSON.

pub mod canon;
pub mod impact;
pub(crate) mod layout;
mod movers;
pub(crate) mod render_markdown;
pub(crate) mod render_text;
mod route_lines;
mod schema_diff;
pub mod stats;
pub mod structure;

pub use impact::{Impact, Options};
pub use movers::{Mover, RuleMove};
pub use structure::{Change, ChangeKind, Item, Structure};

use crate::batch::Batch;
use crate::diag::Diagnostics;
use crate::ir::Program;
use serde::Serialize;

/// One side of the comparison: which ruleset it was.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Side {
    /// The file it was read from, as given.
    pub path: String,
    /// `ruleset "name"`.
    pub ruleset: String,
    /// `version N`.
    pub version: u64,
    /// Content hash of the compiled rubric (as on every scored row).
    pub hash: String,
}

impl Side {
    /// Describes a compiled rubric read from `path`.
    pub fn of(path: &str, p: &Program) -> Side {
        Side {
            path: path.to_string(),
            ruleset: p.name.clone(),
            version: p.version,
            hash: p.hash.clone(),
        }
    }
}

/// Everything `leadscore diff` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The old rubric.
    pub old: Side,
    /// The new rubric.
    pub new: Side,
    /// What changed in the rubric's text, by meaning.
    pub structure: Structure,
    /// What the change does to the leads.
    pub impact: Impact,
}

/// Output formats of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned plain-text tables.
    Text,
    /// GitHub-flavoured markdown, ready to paste as a pull-request comment.
    Markdown,
    /// One JSON object with a stable key order.
    Json,
}

/// Compares two compiled rubrics and scores the leads with both. Pass the same batch
/// twice when both rubrics read the same schema; otherwise leads are joined by key.
pub fn compare(
    old: (&Side, &Program, &Batch),
    new: (&Side, &Program, &Batch),
    opts: &Options,
) -> Result<Report, Diagnostics> {
    let structure = Structure::between(old.1, new.1)?;
    let impact = impact::measure((old.1, old.2), (new.1, new.2), opts);
    Ok(Report {
        old: old.0.clone(),
        new: new.0.clone(),
        structure,
        impact,
    })
}

/// True when both rubrics read their data the same way (same fields, key and event types
/// in the same order), so one loaded batch serves both.
pub fn same_data_layout(old: &Program, new: &Program) -> bool {
    let (a, b) = (&old.schema, &new.schema);
    a.fields == b.fields && a.key == b.key && a.events == b.events
}

/// The first tier set (in the new rubric's order) that both rubrics have, by name:
/// the one `--fail-if-moved` and the top movers look at.
pub fn common_tier_set<'a>(old: &Program, new: &'a Program) -> Option<&'a str> {
    new.tier_sets
        .iter()
        .map(|t| t.name.as_str())
        .find(|n| old.tier_sets.iter().any(|t| t.name == *n))
}

impl Report {
    /// The report in the chosen format; the same report always gives the same bytes.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => render_text::render(&layout::blocks(self)),
            Format::Markdown => render_markdown::render(&layout::blocks(self)),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self)
                    .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
                s.push('\n');
                s
            }
        }
    }
}
