//! `leadscore backtest --report`: the self-contained HTML page with charts.

mod common;

use common::cli::{leadscore, stderr, tmp};
use std::path::{Path, PathBuf};

const BANK: &str = "rules/bank-marketing/bank.score";

/// Runs the bank backtest of `rubrics` and returns the page it wrote to `name`.
fn report(rubrics: &[&str], name: &str) -> String {
    let out = tmp(name);
    let path = out.to_string_lossy().into_owned();
    let mut args = vec!["backtest"];
    args.extend_from_slice(rubrics);
    args.extend_from_slice(&[
        "--leads",
        "rules/bank-marketing/sample.csv",
        "--row-key",
        "--outcome",
        "y",
        "--positive",
        "yes",
        // A fixed time keeps "scored as of" and so the page the same on every run.
        "--as-of",
        "2026-11-23",
        "--resamples",
        "200",
        "--report",
        &path,
    ]);
    let o = leadscore(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.exists(), "no report written to {path}");
    std::fs::read_to_string(&out).expect("the report is UTF-8")
}

/// The `<svg …>` opening tags of the page.
fn svg_tags(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap_or(0)])
        .collect()
}

#[test]
fn the_page_is_self_contained_with_three_charts() {
    let html = report(&[BANK], "one.html");
    assert!(html.starts_with("<!doctype html>"), "{}", &html[..40]);
    let svgs = svg_tags(&html);
    for id in ["chart-gains-1", "chart-tiers-1", "chart-histogram-1"] {
        let tag = format!("id=\"{id}\"");
        assert!(
            svgs.iter().any(|s| s.contains(&tag)),
            "no <svg {tag}> in {svgs:?}"
        );
    }
    assert_eq!(svgs.len(), 3, "{svgs:?}");
    for banned in [
        "http",
        "src=\"//",
        "href=\"//",
        "<script",
        "<link",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(banned), "the page contains `{banned}`");
    }
    // The tables and the plain-English axis labels are there, with the sample's numbers.
    for text in [
        "1005",
        "Base rate",
        "<code>rules/bank-marketing/bank.score</code>",
        "Said yes last time",
        "Share of leads contacted, highest score first",
        "Conversion rate by tier",
        "did not convert",
        ">hot<",
    ] {
        assert!(html.contains(text), "the page lacks `{text}`");
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let a = report(&[BANK], "same-a.html");
    let b = report(&[BANK], "same-b.html");
    assert!(a == b, "the two pages differ");
}

#[test]
fn two_rubrics_are_shown_side_by_side() {
    let other = fixture("other", "rule \"Retired\" when job == retired award 10");
    let html = report(&[BANK, &other], "two.html");
    assert!(html.contains("<code>rules/bank-marketing/bank.score</code>"));
    assert!(html.contains(&format!("<code>{other}</code>")));
    assert!(html.contains("Side by side"));
    assert!(html.contains("interval"));
    for id in [
        "chart-gains-all",
        "chart-gains-2",
        "chart-tiers-2",
        "chart-histogram-2",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no chart `{id}`");
    }
    // The fixture has no tiers, so its rate chart falls back to deciles and says so.
    assert!(html.contains("Conversion rate by decile"));
    assert!(html.contains("has no tiers"));
}

#[test]
fn names_from_the_rubric_are_escaped() {
    let odd = fixture(
        "odd",
        "rule \"Balance < 0 & <b>bold</b>\" when balance <= 0 award 5",
    );
    let html = report(&[&odd], "odd.html");
    assert!(html.contains("Balance &lt; 0 &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(!html.contains("<b>bold"));
}

/// A one-score rubric on the bank schema, written next to the scratch reports.
fn fixture(name: &str, rule: &str) -> String {
    let dir: PathBuf = tmp(name).with_extension("d");
    std::fs::create_dir_all(&dir).expect("fixture folder");
    let schema = Path::new("rules/bank-marketing/bank.schema");
    std::fs::copy(schema, dir.join("bank.schema")).expect("copy the schema");
    let path = dir.join(format!("{name}.score"));
    let text = format!(
        "ruleset \"{name}\" version 1\nuse schema \"bank.schema\"\n\nscore fit {{\n  {rule}\n}}\n"
    );
    std::fs::write(&path, text).expect("write the fixture");
    path.to_string_lossy().into_owned()
}
