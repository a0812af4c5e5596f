//! Criterion benchmarks of every step of bulk scoring, for the seed rubric and the large
//! benchmark rubric, on generated data (seed 42, 20 events per lead, as of 2024-06-01):
//!
//! - `load/N`, `load/handwritten/N`: `Batch::load` of the CSV files, and the hand-written
//!   reader (100k only),
//! - `bind/{seed,large}/N`: `Scorer::prepare` on the compiled engine,
//! - `jit_compile/{seed,large}`: `Jit::compile`,
//! - `score/{interp,jit,handwritten}/{seed,large}/N` (one thread) and
//!   `score_par/{interp,jit,handwritten}/{seed,large}/N` (all threads): the scoring step only,
//! - `write/{seed,large}/N`: CSV output as `leadscore score` writes it (100k only).
//!
//! Sizes are 10k and 100k leads; `LEADSCORE_BENCH_1M=1` adds 1M (scoring and bind only; the
//! interpreter alone then takes minutes). Data is generated once per size into
//! `target/bench-data/N` and reused. Run with `cargo bench --bench engines` (three to four
//! minutes on two cores), or append a filter such as `-- score/jit` for a subset; HTML plots
//! only with `LEADSCORE_BENCH_PLOTS=1`. Before timing, the JIT's scores are checked against
//! the hand-written baseline and the interpreter.

mod handwritten;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode};
use criterion::{measurement::WallTime, Throughput};
use leadscore::batch::Batch;
use leadscore::data::load::LoadOptions;
use leadscore::eval::Outcome;
use leadscore::jit::Jit;
use leadscore::output::{write_scores, OutFormat};
use leadscore::schema::Schema;
use leadscore::{gen, Engine, Ruleset, Scores};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Generator seed of the benchmark data.
const SEED: u64 = 42;
/// Leads per parallel task of the hand-written baseline (the library's chunk size).
const CHUNK: usize = 2048;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/bench-data/N`, generated on first use.
fn data_dir(n: u64) -> PathBuf {
    let dir = root().join("target/bench-data").join(n.to_string());
    if !(dir.join("leads.csv").is_file() && dir.join("events.csv").is_file()) {
        let schema = Schema::load(&root().join("rules/seed/lead.schema")).expect("seed schema");
        eprintln!("generating {n} leads into {}", dir.display());
        gen::write_dir(&schema, &gen::Options::new(n, SEED), &dir).expect("generate data");
    }
    dir
}

fn sizes() -> Vec<u64> {
    let mut v = vec![10_000, 100_000];
    if std::env::var("LEADSCORE_BENCH_1M").is_ok_and(|v| v == "1") {
        v.push(1_000_000);
    }
    v
}

fn as_of() -> i64 {
    leadscore::data::time::parse("2024-06-01").expect("as-of")
}

struct Rubric {
    name: &'static str,
    ruleset: Ruleset,
}

fn rubrics() -> Vec<Rubric> {
    [
        ("seed", "rules/seed/seed.score"),
        ("large", "rules/bench/large.score"),
    ]
    .into_iter()
    .map(|(name, path)| Rubric {
        name,
        ruleset: Ruleset::load(&root().join(path))
            .unwrap_or_else(|d| panic!("{path}: {}", leadscore::diag::render_plain(&d))),
    })
    .collect()
}

fn load_batch(r: &Ruleset, dir: &Path) -> Batch {
    let (batch, _) = Batch::load(
        &r.program().schema,
        &dir.join("leads.csv"),
        Some(&dir.join("events.csv")),
        &LoadOptions::default(),
    )
    .expect("load batch");
    batch
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
}

/// Settings for a group whose iterations take from milliseconds to seconds.
fn slow(g: &mut BenchmarkGroup<'_, WallTime>, n: u64) {
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(if n >= 100_000 { 3 } else { 1 }))
        .throughput(Throughput::Elements(n));
}

/// The hand-written scores must be the engines' (they are the interpreter's by test).
fn check_handwritten(name: &str, s: &Scores, hw: &handwritten::Data, as_of: i64) {
    let expect: Vec<Vec<f64>> = match name {
        "seed" => handwritten::score_seed(hw, as_of)
            .into_iter()
            .map(|x| vec![x])
            .collect(),
        _ => handwritten::score_large(hw, as_of)
            .into_iter()
            .map(|x| x.to_vec())
            .collect(),
    };
    for (i, e) in expect.iter().enumerate() {
        for (k, x) in e.iter().enumerate() {
            assert!(
                s.score(i, k).to_bits() == x.to_bits(),
                "{name}: lead {i} score {k}: engine {} but hand-written {x}",
                s.score(i, k)
            );
        }
    }
}

fn jit_compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("jit_compile");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for r in rubrics() {
        g.bench_function(r.name, |b| {
            b.iter(|| Jit::compile(black_box(r.ruleset.program())).expect("jit"))
        });
    }
    g.finish();
}

fn steps(c: &mut Criterion) {
    let as_of = as_of();
    let rubrics = rubrics();
    let pool1 = one_thread();
    for n in sizes() {
        let dir = data_dir(n);
        let (leads, events) = (dir.join("leads.csv"), dir.join("events.csv"));
        // Both rubrics use the seed schema: one batch serves both.
        let batch = load_batch(&rubrics[0].ruleset, &dir);
        let hw = handwritten::load(&leads, &events).expect("hand-written load");
        assert_eq!(batch.len(), hw.len());

        if n == 100_000 {
            let mut g = c.benchmark_group("load");
            slow(&mut g, n);
            g.bench_function(n.to_string(), |b| {
                b.iter(|| load_batch(&rubrics[0].ruleset, &dir))
            });
            g.bench_function(format!("handwritten/{n}"), |b| {
                b.iter(|| handwritten::load(&leads, &events).expect("load"))
            });
            g.finish();
        }

        for r in &rubrics {
            let jit = r.ruleset.scorer(Engine::Jit);
            assert_eq!(jit.engine(), Engine::Jit, "{}: {:?}", r.name, jit.note());
            let interp = r.ruleset.scorer(Engine::Interp);

            {
                let mut g = c.benchmark_group("bind");
                slow(&mut g, n);
                g.bench_function(format!("{}/{n}", r.name), |b| {
                    b.iter(|| jit.prepare(&batch, as_of))
                });
                g.finish();
            }

            let pj = jit.prepare(&batch, as_of);
            assert!(pj.note().is_none(), "{}: {:?}", r.name, pj.note());
            let pi = interp.prepare(&batch, as_of);
            let scores = pj.run(&|_| {});
            check_handwritten(r.name, &scores, &hw, as_of);
            if let Some(i) = scores.first_difference(&pi.run(&|_| {})) {
                panic!("{}: JIT and interpreter differ at lead {i}", r.name);
            }

            for (group, threads) in [("score", Some(&pool1)), ("score_par", None)] {
                let on = |f: &mut (dyn FnMut() + Send)| match threads {
                    Some(p) => p.install(f),
                    None => f(),
                };
                let mut g = c.benchmark_group(group);
                slow(&mut g, n);
                g.bench_function(format!("interp/{}/{n}", r.name), |b| {
                    b.iter_custom(|iters| {
                        let mut t = Duration::ZERO;
                        on(&mut || {
                            let s = std::time::Instant::now();
                            for _ in 0..iters {
                                black_box(pi.run(&|_| {}));
                            }
                            t = s.elapsed();
                        });
                        t
                    })
                });
                g.bench_function(format!("jit/{}/{n}", r.name), |b| {
                    b.iter_custom(|iters| {
                        let mut t = Duration::ZERO;
                        on(&mut || {
                            let s = std::time::Instant::now();
                            for _ in 0..iters {
                                black_box(pj.run(&|_| {}));
                            }
                            t = s.elapsed();
                        });
                        t
                    })
                });
                g.bench_function(format!("handwritten/{}/{n}", r.name), |b| {
                    b.iter_custom(|iters| {
                        let mut t = Duration::ZERO;
                        on(&mut || {
                            let s = std::time::Instant::now();
                            for _ in 0..iters {
                                match (r.name, threads.is_some()) {
                                    ("seed", true) => {
                                        let mut out = vec![0.0; hw.len()];
                                        handwritten::score_seed_range(
                                            &hw,
                                            as_of,
                                            0..hw.len(),
                                            &mut out,
                                        );
                                        black_box(out);
                                    }
                                    ("seed", false) => {
                                        black_box(handwritten::score_seed_par(&hw, as_of, CHUNK));
                                    }
                                    (_, true) => {
                                        let mut out =
                                            vec![[0.0; handwritten::LARGE_SCORES]; hw.len()];
                                        handwritten::score_large_range(
                                            &hw,
                                            as_of,
                                            0..hw.len(),
                                            &mut out,
                                        );
                                        black_box(out);
                                    }
                                    (_, false) => {
                                        black_box(handwritten::score_large_par(&hw, as_of, CHUNK));
                                    }
                                }
                            }
                            t = s.elapsed();
                        });
                        t
                    })
                });
                g.finish();
            }

            if n == 100_000 {
                let p = jit.program();
                let mut g = c.benchmark_group("write");
                slow(&mut g, n);
                g.bench_function(format!("{}/{n}", r.name), |b| {
                    b.iter(|| {
                        let outcomes: Vec<Outcome> =
                            (0..batch.len()).map(|i| scores.outcome(p, i)).collect();
                        let rows: Vec<(&str, &Outcome)> = (0..batch.len())
                            .zip(&outcomes)
                            .map(|(i, o)| (batch.key(i), o))
                            .collect();
                        let mut buf = Vec::new();
                        write_scores(p, &rows, OutFormat::Csv, &mut buf).expect("write");
                        buf
                    })
                });
                g.finish();
            }
        }
    }
}

/// HTML plots cost seconds per benchmark on a small machine: only with
/// `LEADSCORE_BENCH_PLOTS=1`.
fn config() -> Criterion {
    let c = Criterion::default();
    if std::env::var("LEADSCORE_BENCH_PLOTS").is_ok_and(|v| v == "1") {
        c
    } else {
        c.without_plots()
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = jit_compile, steps
}
criterion_main!(benches);
