//! The hand-written baseline of the benchmarks computes exactly the interpreter's scores,
//! for both benchmark rubrics, on generated data.

#[path = "../benches/handwritten/mod.rs"]
mod handwritten;

use leadscore::check::compile_file;
use leadscore::data::load::load;
use leadscore::data::time;
use leadscore::eval::evaluate;
use leadscore::gen::{write_dir, Options};
use leadscore::ir::ScoreKind;
use leadscore::schema::Schema;
use std::path::Path;

#[test]
fn handwritten_scores_equal_the_interpreters() {
    let dir = tempfile::tempdir().unwrap();
    let schema = Schema::load(Path::new("rules/seed/lead.schema")).unwrap();
    write_dir(&schema, &Options::new(2000, 7), dir.path()).unwrap();
    let (leads, events) = (dir.path().join("leads.csv"), dir.path().join("events.csv"));
    let hw = handwritten::load(&leads, &events).unwrap();
    assert_eq!(hw.len(), 2000);

    let seed = compile_file(Path::new("rules/seed/seed.score"))
        .unwrap()
        .program;
    let large = compile_file(Path::new("rules/bench/large.score"))
        .unwrap()
        .program;
    let (data, _) = load(&seed.schema, &leads, Some(&events), &Default::default()).unwrap();
    assert!(hw.keys.iter().zip(&data.leads).all(|(k, l)| **k == *l.key));
    assert_eq!(
        hw.ev_at.len(),
        data.events.iter().map(Vec::len).sum::<usize>()
    );

    let times = ["2024-06-01", "2024-05-20T13:30:00Z", "2024-06-04T00:00:00Z"];
    for (n, as_of) in times.iter().map(|t| time::parse(t).unwrap()).enumerate() {
        let hs = handwritten::score_seed(&hw, as_of);
        let hl = handwritten::score_large(&hw, as_of);
        assert_eq!(hs, handwritten::score_seed_par(&hw, as_of, 97));
        assert_eq!(hl, handwritten::score_large_par(&hw, as_of, 97));
        let rules: Vec<&str> = large
            .scores
            .iter()
            .flat_map(|s| match &s.kind {
                ScoreKind::Rules(r) => r.iter().map(|r| r.name.as_str()).collect(),
                ScoreKind::Derived(_) => Vec::new(),
            })
            .collect();
        let mut fired = vec![0usize; rules.len()];
        for (i, (lead, evs)) in data.leads.iter().zip(&data.events).enumerate() {
            let s = evaluate(&seed, lead, evs, as_of);
            assert_eq!(
                s.scores,
                [hs[i]],
                "seed.score, lead {}, as of {as_of}",
                lead.key
            );
            let l = evaluate(&large, lead, evs, as_of);
            assert_eq!(
                l.scores, hl[i],
                "large.score, lead {}, as of {as_of}",
                lead.key
            );
            for (f, c) in fired.iter_mut().zip(&l.contributions) {
                *f += (*c != 0.0) as usize;
            }
        }
        // The data exercises every rule of the large rubric, so agreeing means something.
        if n == 0 {
            for (r, f) in rules.iter().zip(&fired) {
                assert!(*f > 0, "rule {r:?} never fired");
            }
        }
    }
}
