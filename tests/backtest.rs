//! `leadscore backtest`: every figure checked against the rubric scored on its own, the
//! per-lead as-of that keeps late events out, A/B comparison and bad outcome data.

mod common;

use common::cli::{leadscore, stderr, stdout};
use serde_json::Value;

const TRIAL: [&str; 7] = [
    "--leads",
    "tests/backtest/leads.csv",
    "--events",
    "tests/backtest/events.csv",
    "--outcome",
    "converted",
    "--format",
];

fn json(args: &[&str]) -> Value {
    let o = leadscore(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("backtest --format json is JSON")
}

fn trial(extra: &[&str]) -> Value {
    let mut args = vec!["backtest", "tests/backtest/trial.score"];
    args.extend(TRIAL);
    args.push("json");
    args.extend(extra);
    json(&args)
}

#[test]
fn a_late_event_counts_at_a_fixed_as_of_but_not_at_the_leads_decision_time() {
    // Lead A asked for a demo on 2024-03-01, a month after the decision on 2024-02-01.
    let fixed = trial(&["--as-of", "2024-06-01"]);
    let own = trial(&["--as-of-column", "decided_at"]);
    let demo = |r: &Value| r["rubrics"][0]["rules"][0]["fired"].as_u64();
    assert_eq!(demo(&fixed), Some(2));
    assert_eq!(demo(&own), Some(1));
    // Scores A=10 B=10 C=5 D=0 (B, D converted): pairs ½ + 1 + 0 + 0 of 4.
    assert_eq!(fixed["rubrics"][0]["auc"], 0.375);
    // Without the late demo A scores 0: pairs 1 + 1 + ½ + 0 of 4.
    assert_eq!(own["rubrics"][0]["auc"], 0.625);
    assert_eq!(own["scored_as_of"], "each lead's `decided_at`");
}

#[test]
fn tiers_rules_and_deciles_add_up() {
    let r = trial(&["--as-of-column", "decided_at"]);
    let x = &r["rubrics"][0];
    let tiers = &x["tier_sets"][0]["tiers"];
    // cold: A (0), C (5), D (0); hot: B (10).
    assert_eq!(tiers[0]["leads"], 3);
    assert_eq!(tiers[0]["conversions"], 1);
    assert_eq!(tiers[1]["leads"], 1);
    assert_eq!(tiers[1]["lift"], 2.0);
    assert_eq!(x["tier_sets"][0]["monotonic"], true);
    let big = &x["rules"][1];
    assert_eq!(big["rule"], "Big company");
    assert_eq!(big["fired"], 1);
    assert_eq!(big["rate_fired"], 0.0);
    assert_eq!(big["rate_not_fired"], 2.0 / 3.0);
    let deciles = x["deciles"].as_array().unwrap();
    assert_eq!(deciles.len(), 4);
    assert_eq!(deciles[0]["bucket"]["conversions"], 1);
    assert_eq!(deciles[3]["cumulative_gain"], 1.0);
}

#[test]
fn tiers_that_rank_backwards_are_warned_about() {
    let mut args = vec!["backtest", "tests/backtest/inverted.score"];
    args.extend(TRIAL);
    args.extend(["text", "--as-of-column", "decided_at"]);
    let o = leadscore(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("tier `hot` converts at 33.3% but the lower tier `cold` at 100.0%"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn several_rubrics_are_compared_on_the_same_leads_with_an_interval() {
    let args = |threads: &'static str| {
        let mut a = vec![
            "backtest",
            "rules/bank-marketing/bank.score",
            "tests/backtest/bank-young.score",
            "--leads",
            "rules/bank-marketing/sample.csv",
            "--row-key",
            "--outcome",
            "y",
            "--positive",
            "yes",
            "--format",
            "json",
            "--threads",
        ];
        a.push(threads);
        a
    };
    let one = leadscore(&args("1"));
    let two = leadscore(&args("2"));
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(
        one.stdout, two.stdout,
        "the report depends on the thread count"
    );
    let r: Value = serde_json::from_slice(&one.stdout).unwrap();
    let (a, b) = (
        r["rubrics"][0]["auc"].as_f64().unwrap(),
        r["rubrics"][1]["auc"].as_f64().unwrap(),
    );
    let c = &r["comparisons"][0];
    assert_eq!(c["difference"].as_f64().unwrap(), b - a);
    let (lo, hi) = (
        c["interval"]["low"].as_f64().unwrap(),
        c["interval"]["high"].as_f64().unwrap(),
    );
    assert!(lo <= b - a && b - a <= hi, "{lo} {} {hi}", b - a);
    // The one-rule rubric is far worse than the full one, and the interval says so.
    assert!(hi < 0.0, "{c}");
}

#[test]
fn bank_excerpt_figures_match_the_scores_and_outcomes_counted_here() {
    let r = json(&[
        "backtest",
        "rules/bank-marketing/bank.score",
        "--leads",
        "rules/bank-marketing/sample.csv",
        "--row-key",
        "--outcome",
        "y",
        "--positive",
        "yes",
        "--format",
        "json",
    ]);
    // Score the same leads with `score` and count by hand.
    let out = common::cli::tmp("bank-scores.csv");
    let o = leadscore(&[
        "score",
        "rules/bank-marketing/bank.score",
        "--leads",
        "rules/bank-marketing/sample.csv",
        "--row-key",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut scores = csv::Reader::from_path(&out).unwrap();
    let header = scores.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (sc, tc) = (col("propensity"), col("tier"));
    let rows: Vec<(f64, String)> = scores
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[sc].parse().unwrap(), r[tc].to_string())
        })
        .collect();
    let mut data = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path("rules/bank-marketing/sample.csv")
        .unwrap();
    let y = data
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "y")
        .unwrap();
    let yes: Vec<bool> = data.records().map(|r| &r.unwrap()[y] == "yes").collect();
    assert_eq!(rows.len(), yes.len());
    // AUC by counting every (converted, not converted) pair.
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, a) in rows.iter().enumerate() {
        for (j, b) in rows.iter().enumerate() {
            if yes[i] && !yes[j] {
                pairs += 1.0;
                wins += if a.0 > b.0 {
                    1.0
                } else if a.0 == b.0 {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    let auc = r["rubrics"][0]["auc"].as_f64().unwrap();
    assert!(
        (auc - wins / pairs).abs() < 1e-12,
        "{auc} vs {}",
        wins / pairs
    );
    for t in r["rubrics"][0]["tier_sets"][0]["tiers"].as_array().unwrap() {
        let name = t["tier"].as_str().unwrap();
        let leads = rows.iter().filter(|x| x.1 == name).count();
        let conv = rows
            .iter()
            .zip(&yes)
            .filter(|(x, y)| x.1 == name && **y)
            .count();
        assert_eq!(
            (t["leads"].as_u64(), t["conversions"].as_u64()),
            (Some(leads as u64), Some(conv as u64)),
            "{name}"
        );
    }
    assert_eq!(r["leads"], 1005);
    assert_eq!(r["conversions"], yes.iter().filter(|y| **y).count());
}

#[test]
fn held_out_only_with_a_split() {
    let mut args = vec!["backtest", "tests/backtest/trial.score"];
    args.extend(TRIAL);
    args.extend(["json", "--as-of", "2024-06-01", "--split", "0.5"]);
    let r = json(&args);
    // Stratified: one of the two converted and one of the two others.
    assert_eq!(
        (r["leads"].as_u64(), r["conversions"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn bad_outcomes_are_located_and_explained() {
    let bad = common::cli::tmp("bad-outcome.csv");
    std::fs::write(&bad, "id,employees,converted\nA,10,yes\nB,20,maybe\n").unwrap();
    let run = |outcome: &str| {
        leadscore(&[
            "backtest",
            "tests/backtest/trial.score",
            "--leads",
            bad.to_str().unwrap(),
            "--outcome",
            outcome,
            "--as-of",
            "2024-06-01",
        ])
    };
    let o = run("converted");
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("bad-outcome.csv:3:6:"), "{err}");
    assert!(
        err.contains("found `maybe`; use `--positive maybe`"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    let o = run("won");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("no column `won` in the leads file"),
        "{}",
        stderr(&o)
    );
}
