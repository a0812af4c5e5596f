//! Embedding leadscore: compile a rubric once, load a batch, score it, read the results,
//! and explain one lead.
//!
//! Run with `cargo run --release --example embed` from the repository root.

use leadscore::data::load::LoadOptions;
use leadscore::{Batch, Engine, Ruleset};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Compile once: every error in the rubric would come back at once, as diagnostics.
    let ruleset = Ruleset::load(Path::new("rules/seed/seed.score"))
        .map_err(|d| leadscore::diag::render_plain(&d))?;
    let program = ruleset.program();

    // Load leads and their events into columns, typed by the rubric's schema.
    let (batch, report) = Batch::load(
        &program.schema,
        Path::new("examples/leads.csv"),
        Some(Path::new("examples/events.csv")),
        &LoadOptions::default(),
    )?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }

    // `Auto` uses native code where the host allows; results equal the interpreter's.
    let scorer = ruleset.scorer(Engine::Auto);
    let as_of = leadscore::data::time::parse("2024-06-01").ok_or("bad date")?;
    let scores = scorer.score(&batch, as_of);

    let tiers = &program.tier_sets[0];
    for i in 0..3 {
        let o = scores.outcome(program, i);
        println!(
            "{}: {} = {}, {} = {}, queue {:?}",
            batch.key(i),
            program.scores[0].name,
            scores.score(i, 0),
            tiers.name,
            tiers.names[scores.tier(i, 0) as usize],
            o.queue.map(|q| q.1)
        );
    }

    // Why did L010 get its score? The trace adds up to it exactly.
    let lead = batch.find("L010").ok_or("no lead L010")?;
    let (_, trace) = scorer.explain(&batch, lead, as_of);
    print!("{}", leadscore::eval::explain::render_text(&trace, false));
    Ok(())
}
