//! Interpreter and JIT agreement without a bound: the bytes are the choice tape of the
//! random-rubric generator in `tests/gen` (first half: the rubric, second half: leads and
//! events); both engines must give the same bits.
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/gen/mod.rs"]
mod gen;

use leadscore::data::Dataset;
use leadscore::{Batch, Engine, Scorer};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let tape: Vec<u32> = data
        .chunks(4)
        .map(|c| c.iter().fold(0u32, |a, b| a << 8 | u32::from(*b)))
        .collect();
    let (rubric_tape, lead_tape) = tape.split_at(tape.len() / 2);
    let text = gen::rubric_from_tape(rubric_tape);
    let compiled = gen::compile(&text).unwrap_or_else(|e| panic!("generated rubric does not compile: {e}\n{text}"));
    let p = Arc::new(compiled.program);
    let as_of = gen::as_of();
    let mut ds = Dataset::default();
    for (n, lead) in gen::leads_from_tape(lead_tape).iter().enumerate() {
        let (mut l, events) = gen::materialize(&p.schema, lead, as_of);
        l.key = format!("{}-{n}", l.key);
        if let Some(i) = ds.push_lead(l) {
            ds.events[i] = events;
        }
    }
    let batch = Batch::from_dataset(&p.schema, &ds);
    let jit = Scorer::new(p.clone(), Engine::Jit);
    assert_eq!(jit.engine(), Engine::Jit, "{:?}\n{text}", jit.note());
    let a = jit.score(&batch, as_of);
    let b = Scorer::new(p.clone(), Engine::Interp).score(&batch, as_of);
    if let Some(i) = a.first_difference(&b) {
        panic!("engines disagree on lead {i}:\n{text}\njit    {:?}\ninterp {:?}", a.outcome(&p, i), b.outcome(&p, i));
    }
});
