//! Step timings for `benches/compare.sh`: one process loads the data once and times each
//! step with `Instant` (scoring: the median of several runs), so every ratio the script
//! prints comes from the same run on the same data. Prints `metric KEY VALUE` and
//! `check ...` lines.
//!
//!     cargo bench --bench ratio -- steps LEADS.csv EVENTS.csv [--runs K] [--interp-runs K]
//!     cargo bench --bench ratio -- e2e-hw seed|large LEADS.csv EVENTS.csv OUT.csv
//!
//! `steps`: load (library and hand-written), then per rubric (seed, large): JIT compile,
//! bind, and the scoring step of the interpreter, the JIT and the hand-written baseline on
//! one thread and on all threads; then checks that the JIT's scores equal the hand-written
//! ones and the interpreter's, bit for bit.
//!
//! `e2e-hw`: the hand-written end to end: load, score on all threads, write `key,score…`
//! CSV. The wall time of the whole process is what compare.sh compares with
//! `leadscore score`.
//!
//! Without arguments (as under `cargo test --benches`) it prints this usage and exits.

mod handwritten;

use leadscore::batch::Batch;
use leadscore::data::load::LoadOptions;
use leadscore::jit::Jit;
use leadscore::{Engine, Ruleset, Scores};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Leads per parallel task of the hand-written baseline (the library's chunk size).
const CHUNK: usize = 2048;

const USAGE: &str = "usage: ratio steps LEADS EVENTS [--runs K] [--interp-runs K]\n       ratio e2e-hw seed|large LEADS EVENTS OUT";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match a.as_slice() {
        ["steps", leads, events, rest @ ..] => {
            let mut runs = 5;
            let mut interp_runs = None;
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let v: usize = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| die(USAGE));
                match *flag {
                    "--runs" => runs = v.max(1),
                    "--interp-runs" => interp_runs = Some(v.max(1)),
                    _ => die(USAGE),
                }
            }
            steps(
                Path::new(leads),
                Path::new(events),
                runs,
                interp_runs.unwrap_or(runs),
            )
        }
        ["e2e-hw", rubric @ ("seed" | "large"), leads, events, out] => {
            e2e_hw(rubric, Path::new(leads), Path::new(events), Path::new(out))
        }
        [] => println!("{USAGE}"),
        _ => die(USAGE),
    }
}

fn die(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(2)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn as_of() -> i64 {
    leadscore::data::time::parse("2024-06-01").expect("as-of")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median wall time of `runs` calls.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn metric(key: &str, v: f64) {
    println!("metric {key} {v:.3}");
}

/// Peak resident set size of this process so far, in MiB (Linux; 0 elsewhere).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Hand-written scores of a rubric, one `Vec` per lead, on the current rayon pool.
fn hw_scores(rubric: &str, hw: &handwritten::Data, as_of: i64, par: bool) -> Vec<Vec<f64>> {
    match (rubric, par) {
        ("seed", false) => handwritten::score_seed(hw, as_of)
            .into_iter()
            .map(|x| vec![x])
            .collect(),
        ("seed", true) => handwritten::score_seed_par(hw, as_of, CHUNK)
            .into_iter()
            .map(|x| vec![x])
            .collect(),
        (_, false) => handwritten::score_large(hw, as_of)
            .into_iter()
            .map(|x| x.to_vec())
            .collect(),
        (_, true) => handwritten::score_large_par(hw, as_of, CHUNK)
            .into_iter()
            .map(|x| x.to_vec())
            .collect(),
    }
}

/// The hand-written scoring step alone (no conversion of its output).
fn hw_step(rubric: &str, hw: &handwritten::Data, as_of: i64, par: bool) {
    match (rubric, par) {
        ("seed", false) => {
            let mut out = vec![0.0; hw.len()];
            handwritten::score_seed_range(hw, as_of, 0..hw.len(), &mut out);
            black_box(out);
        }
        ("seed", true) => {
            black_box(handwritten::score_seed_par(hw, as_of, CHUNK));
        }
        (_, false) => {
            let mut out = vec![[0.0; handwritten::LARGE_SCORES]; hw.len()];
            handwritten::score_large_range(hw, as_of, 0..hw.len(), &mut out);
            black_box(out);
        }
        (_, true) => {
            black_box(handwritten::score_large_par(hw, as_of, CHUNK));
        }
    }
}

fn steps(leads: &Path, events: &Path, runs: usize, interp_runs: usize) {
    let as_of = as_of();
    let all = rayon::current_num_threads();
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    println!("threads {all}");
    println!("runs {runs} interp_runs {interp_runs}");

    let rubrics: Vec<(&str, Ruleset)> = [
        ("seed", "rules/seed/seed.score"),
        ("large", "rules/bench/large.score"),
    ]
    .into_iter()
    .map(|(name, path)| {
        let r = Ruleset::load(&root().join(path))
            .unwrap_or_else(|d| panic!("{path}: {}", leadscore::diag::render_plain(&d)));
        (name, r)
    })
    .collect();

    let t = Instant::now();
    let (batch, _) = Batch::load(
        &rubrics[0].1.program().schema,
        leads,
        Some(events),
        &LoadOptions::default(),
    )
    .expect("load batch");
    metric("load.lib", ms(t.elapsed()));
    let t = Instant::now();
    let hw = handwritten::load(leads, events).expect("hand-written load");
    metric("load.hw", ms(t.elapsed()));
    assert_eq!(batch.len(), hw.len(), "lead counts differ");
    println!("leads {} events {}", batch.len(), batch.event_count());

    for (name, ruleset) in &rubrics {
        let program = ruleset.program();
        let mut own = Vec::new();
        let wall = median(runs.max(11), || {
            let j = Jit::compile(program).expect("jit compile");
            own.push(j.compile_time);
        });
        own.sort();
        metric(&format!("compile.{name}"), ms(wall));
        metric(&format!("compile_own.{name}"), ms(own[own.len() / 2]));

        let jit = ruleset.scorer(Engine::Jit);
        assert_eq!(jit.engine(), Engine::Jit, "{name}: {:?}", jit.note());
        let interp = ruleset.scorer(Engine::Interp);

        let bind = median(runs, || {
            black_box(jit.prepare(&batch, as_of));
        });
        metric(&format!("bind.{name}"), ms(bind));
        let pj = jit.prepare(&batch, as_of);
        if let Some(n) = pj.note() {
            println!("note {name} {n}");
        }
        let pi = interp.prepare(&batch, as_of);

        // One thread: the whole measurement runs on a one-thread pool.
        let (j1, i1, h1) = pool1.install(|| {
            let j = median(runs, || {
                black_box(pj.run(&|_| {}));
            });
            let h = median(runs, || hw_step(name, &hw, as_of, false));
            let i = median(interp_runs, || {
                black_box(pi.run(&|_| {}));
            });
            (j, i, h)
        });
        metric(&format!("score.{name}.jit.t1"), ms(j1));
        metric(&format!("score.{name}.hw.t1"), ms(h1));
        metric(&format!("score.{name}.interp.t1"), ms(i1));
        let jn = median(runs, || {
            black_box(pj.run(&|_| {}));
        });
        let hn = median(runs, || hw_step(name, &hw, as_of, true));
        let in_ = median(interp_runs, || {
            black_box(pi.run(&|_| {}));
        });
        metric(&format!("score.{name}.jit.tn"), ms(jn));
        metric(&format!("score.{name}.hw.tn"), ms(hn));
        metric(&format!("score.{name}.interp.tn"), ms(in_));

        // Agreement: JIT vs hand-written (scores), JIT vs interpreter (everything).
        let sj = pj.run(&|_| {});
        let si = pi.run(&|_| {});
        let sh = hw_scores(name, &hw, as_of, true);
        check_hw(name, &sj, &sh, &batch);
        match sj.first_difference(&si) {
            None => println!("check {name} jit_vs_interp SAME"),
            Some(i) => {
                let n = program.scores.len();
                let a: Vec<f64> = (0..n).map(|k| sj.score(i, k)).collect();
                let b: Vec<f64> = (0..n).map(|k| si.score(i, k)).collect();
                println!(
                    "check {name} jit_vs_interp DIFFERENT first lead {i} ({}) jit {a:?} interp {b:?}",
                    batch.key(i)
                );
            }
        }
    }
    metric("peak_rss_mib.steps", peak_rss_mib());
}

fn check_hw(name: &str, s: &Scores, hw: &[Vec<f64>], batch: &Batch) {
    let bad: Vec<usize> = hw
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.iter()
                .enumerate()
                .any(|(k, x)| s.score(*i, k).to_bits() != x.to_bits())
        })
        .map(|(i, _)| i)
        .collect();
    if bad.is_empty() {
        println!("check {name} jit_vs_hw SAME");
        return;
    }
    println!("check {name} jit_vs_hw DIFFERENT in {} leads", bad.len());
    for &i in bad.iter().take(10) {
        let jit: Vec<f64> = (0..hw[i].len()).map(|k| s.score(i, k)).collect();
        println!(
            "check {name} jit_vs_hw lead {i} ({}) jit {jit:?} hw {:?}",
            batch.key(i),
            hw[i]
        );
    }
}

fn e2e_hw(rubric: &str, leads: &Path, events: &Path, out: &Path) {
    let as_of = as_of();
    let t = Instant::now();
    let hw = handwritten::load(leads, events).expect("hand-written load");
    let t_load = t.elapsed();
    let s = Instant::now();
    let scores = hw_scores(rubric, &hw, as_of, true);
    let t_score = s.elapsed();
    let s = Instant::now();
    let header: &[&str] = match rubric {
        "seed" => &["id", "engagement"],
        _ => &["id", "fit", "engagement", "total"],
    };
    let mut buf = Vec::with_capacity(hw.len() * 32);
    writeln!(buf, "{}", header.join(",")).expect("write");
    for (key, sc) in hw.keys.iter().zip(&scores) {
        buf.extend_from_slice(key.as_bytes());
        for x in sc {
            write!(buf, ",{x}").expect("write");
        }
        buf.push(b'\n');
    }
    std::fs::write(out, &buf).expect("write output");
    let t_write = s.elapsed();
    metric(&format!("e2e_hw.{rubric}.load"), ms(t_load));
    metric(&format!("e2e_hw.{rubric}.score"), ms(t_score));
    metric(&format!("e2e_hw.{rubric}.write"), ms(t_write));
    metric(&format!("e2e_hw.{rubric}.total"), ms(t.elapsed()));
    metric(&format!("e2e_hw.{rubric}.peak_rss_mib"), peak_rss_mib());
}
