//! `leadscore diff` on the shipped seed rubric and its second version: every number in the
//! report is checked against the two rubrics scored separately by `leadscore score`.

mod common;

use common::cli::{example_data, leadscore, stderr, tmp};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

const OLD: &str = "rules/seed/seed.score";
const NEW: &str = "examples/diff/seed-v2.score";
fn diff(old: &str, new: &str, extra: &[&str]) -> Output {
    let mut args = vec!["diff", old, new];
    args.extend(example_data());
    args.extend(extra);
    leadscore(&args)
}

fn ok_stdout(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn report(old: &str, new: &str) -> Value {
    serde_json::from_str(&ok_stdout(&diff(old, new, &["--format", "json"]))).unwrap()
}

/// One lead as `leadscore score` wrote it, with its rule contributions from the trace.
#[derive(Debug)]
struct Row {
    engagement: f64,
    tier: String,
    queue: String,
    notify: Vec<String>,
    tags: Vec<String>,
    rules: BTreeMap<String, f64>,
}

fn set(cell: &str) -> Vec<String> {
    let mut v: Vec<String> = cell
        .split(';')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    v.sort();
    v
}

/// Scores a rubric on its own, through the `score` command and its `--explain` traces.
fn scored(rubric: &str) -> BTreeMap<String, Row> {
    let stem = Path::new(rubric).file_stem().unwrap().to_string_lossy();
    let (csv, traces) = (tmp(&format!("{stem}.csv")), tmp(&format!("{stem}.jsonl")));
    let mut args = vec!["score", rubric];
    args.extend(example_data());
    args.extend([
        "--out",
        csv.to_str().unwrap(),
        "--explain",
        traces.to_str().unwrap(),
    ]);
    ok_stdout(&leadscore(&args));
    let mut rules: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for line in std::fs::read_to_string(&traces).unwrap().lines() {
        let t: Value = serde_json::from_str(line).unwrap();
        let per_rule = t["scores"][0]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let name = r["name"].as_str().unwrap().to_string();
                (name, r["contribution"].as_f64().unwrap())
            })
            .collect();
        rules.insert(t["lead"].as_str().unwrap().to_string(), per_rule);
    }
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let key = r[0].to_string();
            let queue = if r[3].is_empty() {
                "(none)".to_string()
            } else {
                format!("{} \"{}\"", &r[3], &r[4])
            };
            let row = Row {
                engagement: r[1].parse().unwrap(),
                tier: r[2].to_string(),
                queue,
                notify: set(&r[5]),
                tags: set(&r[6]),
                rules: rules.remove(&key).unwrap(),
            };
            (key, row)
        })
        .collect()
}

/// Type-7 quantile, written out again here so the test does not reuse the library's.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = sorted[h.floor() as usize];
    let hi = sorted[h.ceil() as usize];
    lo + (hi - lo) * (h - h.floor())
}

#[test]
fn impact_matches_scoring_each_rubric_on_its_own() {
    let (a, b) = (scored(OLD), scored(NEW));
    let r = report(OLD, NEW);
    let impact = &r["impact"];
    assert_eq!(impact["leads"], 40);

    // Tier transition matrix.
    let tiers = ["cold", "warm", "hot", "very_hot"];
    let mut matrix = vec![vec![0u64; 4]; 4];
    for (k, x) in &a {
        let y = &b[k];
        let at = |t: &str| tiers.iter().position(|n| *n == t).unwrap();
        matrix[at(&x.tier)][at(&y.tier)] += 1;
    }
    let t = &impact["tier_sets"][0];
    assert_eq!(t["tier_set"], "tier");
    assert_eq!(t["old_tiers"], serde_json::json!(tiers));
    assert_eq!(t["counts"], serde_json::json!(matrix));
    assert_eq!(
        matrix,
        vec![
            vec![26, 1, 1, 0],
            vec![0, 8, 3, 0],
            vec![0, 0, 1, 0],
            vec![0, 0, 0, 0]
        ]
    );
    let moved = a.iter().filter(|(k, x)| x.tier != b[*k].tier).count();
    assert_eq!((t["changed"].as_u64(), moved), (Some(5), 5));

    // Route changes.
    let count = |f: &dyn Fn(&Row, &Row) -> bool| a.iter().filter(|(k, x)| f(x, &b[*k])).count();
    let queue = count(&|x, y| x.queue != y.queue);
    let notify = count(&|x, y| x.notify != y.notify);
    let tags = count(&|x, y| x.tags != y.tags);
    let any = count(&|x, y| x.queue != y.queue || x.notify != y.notify || x.tags != y.tags);
    let routes = &impact["routes"];
    assert_eq!(
        [
            &routes["changed"],
            &routes["queue"],
            &routes["notify"],
            &routes["tags"]
        ],
        [any, queue, notify, tags]
            .map(|n| serde_json::json!(n))
            .each_ref()
    );
    assert_eq!((any, queue, notify, tags), (9, 5, 5, 0));
    let sdr_to_sales = count(&|x, y| x.queue == "assign \"sdr\"" && y.queue == "assign \"sales\"");
    assert_eq!(routes["queue_moves"][0]["old"], "assign \"sdr\"");
    assert_eq!(routes["queue_moves"][0]["new"], "assign \"sales\"");
    assert_eq!(routes["queue_moves"][0]["leads"], sdr_to_sales);

    // Score deltas.
    let mut deltas: Vec<f64> = a
        .iter()
        .map(|(k, x)| b[k].engagement - x.engagement)
        .collect();
    deltas.sort_by(f64::total_cmp);
    let s = &impact["scores"][0];
    assert_eq!(s["score"], "engagement");
    assert_eq!(s["changed"], deltas.iter().filter(|d| **d != 0.0).count());
    for (field, q) in [
        ("min", 0.0),
        ("p25", 0.25),
        ("median", 0.5),
        ("p75", 0.75),
        ("max", 1.0),
    ] {
        assert_eq!(s[field].as_f64(), Some(quantile(&deltas, q)), "{field}");
    }

    // Top movers: largest |delta| first, ties by key; those whose score or tier moved.
    let mut movers: Vec<(&String, f64)> = a
        .iter()
        .map(|(k, x)| (k, b[k].engagement - x.engagement))
        .filter(|(k, d)| *d != 0.0 || a[*k].tier != b[*k].tier)
        .collect();
    movers.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(y.0)));
    let listed = impact["movers"].as_array().unwrap();
    assert_eq!(listed.len(), 10);
    for (m, (key, delta)) in listed.iter().zip(&movers) {
        assert_eq!(m["key"].as_str(), Some(key.as_str()));
        assert_eq!(m["delta"].as_f64(), Some(*delta));
        assert_eq!(m["old_tier"].as_str(), Some(a[*key].tier.as_str()));
        assert_eq!(m["new_tier"].as_str(), Some(b[*key].tier.as_str()));
        // The rules listed are exactly those whose contribution differs in the traces.
        let (ra, rb) = (&a[*key].rules, &b[*key].rules);
        let mut names: Vec<&String> = ra.keys().chain(rb.keys()).collect();
        names.sort();
        names.dedup();
        let expected: Vec<(String, Option<f64>, Option<f64>)> = names
            .into_iter()
            .filter(|n| ra.get(*n).unwrap_or(&0.0) != rb.get(*n).unwrap_or(&0.0))
            .map(|n| (n.clone(), ra.get(n).copied(), rb.get(n).copied()))
            .collect();
        let mut got: Vec<(String, Option<f64>, Option<f64>)> = m["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                assert_eq!(r["score"], "engagement");
                let rule = r["rule"].as_str().unwrap().to_string();
                (rule, r["old"].as_f64(), r["new"].as_f64())
            })
            .collect();
        got.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(got, expected, "rules of {key}");
    }
    assert_eq!(listed[0]["key"], "L001");
    assert_eq!(listed[0]["delta"], 29.0);
}

#[test]
fn structure_lists_each_edit_once() {
    let r = report(OLD, NEW);
    let changes: Vec<(String, String, String)> = r["structure"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("kind"), s("item"), s("name"))
        })
        .collect();
    let expected = [
        ("changed", "ruleset", "seed"),
        ("changed", "rule", "Pricing page"),
        ("added", "rule", "Demo request"),
        ("removed", "rule", "Blog visit"),
        ("changed", "tier", "warm"),
        ("changed", "route", "line 1"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(changes, expected);
    let first = &r["structure"]["changes"][0]["aspects"];
    // The `use schema` path differs, but it names the same schema: only the version shows.
    assert_eq!(
        first,
        &serde_json::json!([{"aspect": "version", "old": "1", "new": "2"}])
    );
    let points = &r["structure"]["changes"][1]["aspects"][0];
    assert_eq!(
        points,
        &serde_json::json!({"aspect": "points", "old": "award 10", "new": "award 12"})
    );
}

/// The seed rubric rewritten: other spacing and parentheses, no comments, rules reordered.
#[test]
fn comments_layout_and_order_are_not_changes() {
    let text = std::fs::read_to_string(OLD).unwrap();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| {
            let mut l = format!("\t{}", l.trim());
            while l.contains("  ") {
                l = l.replace("  ", " ");
            }
            l
        })
        .collect();
    // Swap two rules: rules are matched by name, not place.
    let i = lines
        .iter()
        .position(|l| l.contains("\"Pricing page\""))
        .unwrap();
    lines.swap(i, i + 1);
    let rewritten = lines.join("\n").replace(">= 3", ">=3").replace(
        "count(page_view within 7d)",
        "(count( page_view within 1w ))",
    );
    let dir = tmp("rewritten");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("rules/seed/lead.schema", dir.join("lead.schema")).unwrap();
    let path = dir.join("seed.score");
    std::fs::write(&path, rewritten).unwrap();
    let r = report(OLD, path.to_str().unwrap());
    assert_eq!(r["structure"]["changes"], serde_json::json!([]));
    assert_eq!(r["impact"]["tier_sets"][0]["changed"], 0);
    assert_eq!(r["impact"]["routes"]["changed"], 0);
    assert_eq!(r["impact"]["scores"][0]["changed"], 0);
    assert_eq!(r["impact"]["movers"], serde_json::json!([]));
    let text = ok_stdout(&diff(OLD, path.to_str().unwrap(), &[]));
    assert!(
        text.contains("No changes to rules, scores, tiers or routes"),
        "{text}"
    );
}

#[test]
fn text_and_markdown_snapshots() {
    let text = ok_stdout(&diff(OLD, NEW, &[]));
    let markdown = ok_stdout(&diff(OLD, NEW, &["--format", "markdown", "--top", "5"]));
    insta::assert_snapshot!("seed_v1_to_v2_text", text);
    insta::assert_snapshot!("seed_v1_to_v2_markdown", markdown);
    // Every table renders: a header row, then a `|---|` rule with as many cells.
    let lines: Vec<&str> = markdown.lines().collect();
    let mut tables = 0;
    for (k, l) in lines.iter().enumerate() {
        if l.starts_with("|---") || l.starts_with("|---:") {
            tables += 1;
            let cells = |s: &str| s.matches(" | ").count();
            assert!(lines[k - 1].starts_with("| "), "no header above {l}");
            assert!(
                k < 2 || lines[k - 2].is_empty(),
                "a table must follow a blank line"
            );
            assert_eq!(l.matches('|').count() - 1, cells(lines[k - 1]) + 1);
        }
    }
    assert_eq!(tables, 5);
}

#[test]
fn same_bytes_for_every_engine_and_thread_count() {
    for format in ["text", "markdown", "json"] {
        let reference = ok_stdout(&diff(
            OLD,
            NEW,
            &["--format", format, "--engine", "interp", "--threads", "1"],
        ));
        for (engine, threads) in [("jit", "1"), ("jit", "2"), ("auto", "3"), ("interp", "2")] {
            let o = diff(
                OLD,
                NEW,
                &["--format", format, "--engine", engine, "--threads", threads],
            );
            assert_eq!(
                ok_stdout(&o),
                reference,
                "{format} with {engine} on {threads} threads"
            );
        }
    }
}

#[test]
fn fail_if_moved_fails_only_above_the_limit() {
    // 5 of 40 leads (12.5 %) change tier.
    for (limit, code) in [("10%", 1), ("12", 1), ("12.5%", 0), ("20", 0), ("100%", 0)] {
        let o = diff(OLD, NEW, &["--fail-if-moved", limit]);
        assert_eq!(o.status.code(), Some(code), "--fail-if-moved {limit}");
        let err = stderr(&o);
        assert_eq!(
            err.contains("5 of 40 leads change tier `tier`"),
            code == 1,
            "{err}"
        );
        assert!(!o.stdout.is_empty(), "the report is printed either way");
    }
    for bad in ["many", "150%", "-1"] {
        let o = diff(OLD, NEW, &["--fail-if-moved", bad]);
        assert_eq!(o.status.code(), Some(2), "--fail-if-moved {bad}");
    }
}

#[test]
fn bad_rubrics_data_and_arguments_have_their_exit_codes() {
    let bad = diff(OLD, "tests/ui/unknown_field.score", &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("E201"));
    let o = leadscore(&["diff", OLD, NEW, "--leads", "no-such-leads.csv"]);
    assert_eq!(o.status.code(), Some(3));
    let o = leadscore(&[
        "diff",
        OLD,
        NEW,
        "--leads",
        "examples/leads.csv",
        "--as-of",
        "soon",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = leadscore(&["diff", OLD, "--leads", "examples/leads.csv"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Writes the seed rubric beside a copy of its schema changed by `edit`.
fn with_schema(name: &str, edit: impl Fn(String) -> String) -> String {
    let dir = tmp(name);
    std::fs::create_dir_all(&dir).unwrap();
    let schema = std::fs::read_to_string("rules/seed/lead.schema").unwrap();
    std::fs::write(dir.join("lead.schema"), edit(schema)).unwrap();
    std::fs::copy(OLD, dir.join("seed.score")).unwrap();
    dir.join("seed.score").to_string_lossy().into_owned()
}

#[test]
fn different_schemas_load_the_data_twice_and_join_by_key() {
    let path = with_schema("no-adjustment", |s| {
        s.replace("  manual_adjustment: number?\n", "")
    });
    let r = report(OLD, &path);
    let schema = &r["structure"]["changes"][0];
    assert_eq!(schema["item"], "schema");
    assert_eq!(
        schema["aspects"],
        serde_json::json!([{"aspect": "field manual_adjustment", "old": "number?", "new": "absent"}])
    );
    assert_eq!(
        (
            r["impact"]["leads"].as_u64(),
            r["impact"]["only_old"].as_u64()
        ),
        (Some(40), Some(0))
    );
    assert_eq!(r["impact"]["tier_sets"][0]["changed"], 0);

    // Keyed by e-mail instead of id, no lead matches: every lead is on one side only.
    let path = with_schema("email-key", |s| {
        s.replace("key id: string", "id: string")
            .replace("  email: string", "  key email: string")
    });
    let r = report(OLD, &path);
    let impact = &r["impact"];
    assert_eq!(
        (
            impact["leads"].as_u64(),
            impact["only_old"].as_u64(),
            impact["only_new"].as_u64()
        ),
        (Some(0), Some(40), Some(40))
    );
    let t = &impact["tier_sets"][0];
    assert_eq!(t["old_tiers"].as_array().unwrap().last().unwrap(), "(none)");
    assert_eq!(t["new_tiers"].as_array().unwrap().last().unwrap(), "(none)");
    let counts: Vec<Vec<u64>> = serde_json::from_value(t["counts"].clone()).unwrap();
    let none_column: u64 = counts.iter().map(|r| *r.last().unwrap()).sum();
    let none_row: u64 = counts.last().unwrap().iter().sum();
    assert_eq!(
        (none_column, none_row, t["changed"].as_u64()),
        (40, 40, Some(80))
    );
}

#[test]
fn library_and_command_line_agree() {
    use leadscore::data::load::LoadOptions;
    use leadscore::diff::{compare, Format, Options, Side};
    use leadscore::{Batch, Engine, Ruleset};
    let (a, b) = (
        Ruleset::load(Path::new(OLD)).unwrap(),
        Ruleset::load(Path::new(NEW)).unwrap(),
    );
    assert!(leadscore::diff::same_data_layout(a.program(), b.program()));
    let (batch, _) = Batch::load(
        &a.program().schema,
        Path::new("examples/leads.csv"),
        Some(Path::new("examples/events.csv")),
        &LoadOptions::default(),
    )
    .unwrap();
    let opts = Options {
        as_of: leadscore::data::time::parse("2024-06-01").unwrap(),
        engine: Engine::Auto,
        top: 10,
    };
    let (sa, sb) = (Side::of(OLD, a.program()), Side::of(NEW, b.program()));
    let r = compare(
        (&sa, a.program(), &batch),
        (&sb, b.program(), &batch),
        &opts,
    )
    .unwrap();
    assert_eq!(r.render(Format::Text), ok_stdout(&diff(OLD, NEW, &[])));
    assert_eq!(r.impact.moved_share(), Some(5.0 / 40.0));
}

/// The README's tour shows this report; every line it shows is a line of the real output.
#[test]
fn readme_shows_the_real_report() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("$ leadscore diff ")
        .expect("README shows a diff");
    let block = &readme[start..readme[start..].find("```").unwrap() + start];
    let mut lines = block.lines();
    let command = lines.next().unwrap().strip_prefix("$ leadscore ").unwrap();
    let args: Vec<&str> = command.split_whitespace().collect();
    let out = ok_stdout(&leadscore(&args));
    let real: Vec<&str> = out.lines().collect();
    let shown: Vec<&str> = lines.filter(|l| l.trim() != "…").collect();
    assert!(shown.len() > 10);
    for l in shown {
        assert!(
            real.contains(&l),
            "README line not in the output: {l:?}\n{out}"
        );
    }
}
