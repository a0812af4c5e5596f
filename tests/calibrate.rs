//! `leadscore calibrate`: known weights come back from data generated with them; the
//! result is the same on every run and thread count; the input is never touched; a rule
//! pointing the wrong way is flagged, not inverted.

mod common;

use common::cli::{leadscore, stderr};
use leadscore::backtest::split::SplitMix64;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// True weights in log-odds: intercept, then F1, F2 (hurts), F3, Noise (none), Wrong (hurts).
const TRUTH: [f64; 6] = [-1.0, 1.0, -0.7, 1.5, 0.0, -1.0];

const RUBRIC: &str = r#"# A rubric whose points are all 10, to be calibrated.
ruleset "synthetic" version 3
use schema "lead.schema"

score fit {
  rule "F1"        when f1  award 10
  rule "F2"        when f2  deduct 10
  rule "F3"        when f3  award 10
  rule "Noise"     when f4  award 10
  # Set by hand the wrong way round: the data says it hurts.
  rule "Wrong way" when f5  award 10
}

tiers on fit { low up to 0   mid up to 10   high above 10 }
"#;

/// A folder with a schema, the rubric and 20,000 leads drawn from [`TRUTH`].
fn synthetic() -> PathBuf {
    static ONCE: std::sync::Once = std::sync::Once::new();
    let dir = common::cli::tmp("calibrate");
    std::fs::create_dir_all(&dir).unwrap();
    ONCE.call_once(|| {
        std::fs::write(
            dir.join("lead.schema"),
            "lead {\n  key id: string\n  f1: bool\n  f2: bool\n  f3: bool\n  f4: bool\n  f5: bool\n}\n",
        )
        .unwrap();
        std::fs::write(dir.join("rubric.score"), RUBRIC).unwrap();
        let mut rng = SplitMix64::new(7);
        let mut csv = String::from("id,f1,f2,f3,f4,f5,won\n");
        for i in 0..20_000 {
            let f: Vec<bool> = (0..5).map(|_| rng.next_f64() < 0.5).collect();
            let logit = TRUTH[0] + f.iter().zip(&TRUTH[1..]).map(|(x, b)| if *x { *b } else { 0.0 }).sum::<f64>();
            let won = rng.next_f64() < 1.0 / (1.0 + (-logit).exp());
            let cells: Vec<String> = f.iter().map(|x| x.to_string()).collect();
            csv.push_str(&format!("L{i},{},{won}\n", cells.join(",")));
        }
        std::fs::write(dir.join("leads.csv"), csv).unwrap();
    });
    dir
}

fn calibrate(dir: &Path, out: &str, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = dir.join(out);
    let mut args = vec![
        "calibrate".to_string(),
        dir.join("rubric.score").display().to_string(),
        "--leads".into(),
        dir.join("leads.csv").display().to_string(),
        "--outcome".into(),
        "won".into(),
        "--as-of".into(),
        "2024-06-01".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    (leadscore(&refs), out)
}

fn points(rule: &Value) -> f64 {
    let new = rule["new"].as_str().unwrap();
    let sign = if new.starts_with("deduct") { -1.0 } else { 1.0 };
    sign * new
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<f64>()
        .unwrap()
}

#[test]
fn known_weights_come_back_as_points() {
    let dir = synthetic();
    // 10·ln 2 points per doubling of the odds: a weight of β becomes 10·β points.
    let (o, out) = calibrate(
        &dir,
        "recovered.score",
        &[
            "--scale",
            "6.931471805599453",
            "--l2",
            "0",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = r["calibration"]["rules"].as_array().unwrap();
    for (k, want) in [(0, 10.0), (1, -7.0), (2, 15.0), (3, 0.0)] {
        let got = points(&rules[k]);
        assert!(
            (got - want).abs() <= 1.5,
            "{}: {got} points, expected about {want}",
            rules[k]["rule"]
        );
    }
    // The hand-set rule that points the wrong way keeps its points and is flagged.
    assert_eq!(rules[4]["status"], "sign-flipped");
    assert_eq!(rules[4]["new"], "award 10");
    assert!(rules[4]["coefficient"].as_f64().unwrap() < 0.0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("ruleset \"synthetic\" version 4"), "{text}");
    assert!(
        text.contains("rule \"Wrong way\" when f5  award 10"),
        "{text}"
    );
    assert!(
        text.contains("# Set by hand the wrong way round"),
        "comments are kept:\n{text}"
    );
    // Held out: 30 % of each class, never seen by the fit.
    let held = r["held_out"]["leads"].as_u64().unwrap();
    let trained = r["calibration"]["fit"]["training_leads"].as_u64().unwrap();
    assert_eq!(held + trained, 20_000);
    assert!((5_999..=6_001).contains(&held), "{held}");
}

#[test]
fn the_same_input_gives_the_same_bytes_on_any_thread_count() {
    let dir = synthetic();
    let (a, out_a) = calibrate(&dir, "a.score", &["--threads", "1"]);
    let (b, out_b) = calibrate(&dir, "b.score", &["--threads", "2"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(std::fs::read(out_a).unwrap(), std::fs::read(out_b).unwrap());
    let text =
        |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).replace("b.score", "a.score");
    assert_eq!(text(&a), text(&b));
}

#[test]
fn the_input_is_never_edited() {
    let dir = synthetic();
    let input = dir.join("rubric.score");
    let before = std::fs::read(&input).unwrap();
    let (o, _) = calibrate(&dir, "rubric.score", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("calibrate never edits its input"),
        "{}",
        stderr(&o)
    );
    let (o, out) = calibrate(
        &dir,
        "other.score",
        &["--tiers", "by-rate", "--rates", "0.6,0.4"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert_ne!(std::fs::read(out).unwrap(), before);
}

#[test]
fn the_new_version_compiles_and_diff_shows_the_change() {
    let dir = synthetic();
    let (o, out) = calibrate(&dir, "for-diff.score", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let leads = dir.join("leads.csv");
    let d = leadscore(&[
        "diff",
        dir.join("rubric.score").to_str().unwrap(),
        out.to_str().unwrap(),
        "--leads",
        leads.to_str().unwrap(),
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
    let report = String::from_utf8_lossy(&d.stdout);
    assert!(report.contains("version: 3 → 4"), "{report}");
    // The largest rule keeps its 10 points; the others move to the fitted scale.
    assert!(
        report.contains("fit / F1     points: award 10 → award 6"),
        "{report}"
    );
    assert!(
        report.contains("fit / Noise  points: award 10 → award 0"),
        "{report}"
    );
    let c = leadscore(&["check", "--deny", "warnings", out.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
}

#[test]
fn a_time_ordered_split_holds_out_the_last_leads() {
    let dir = synthetic();
    let (o, _) = calibrate(
        &dir,
        "by-id.score",
        &["--split-by", "id", "--split", "0.25", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["held_out"]["leads"], 5_000);
}
