//! End-to-end tests of the `leadscore` binary: the README's commands, exit codes, bad data.

mod common;

use common::cli::{leadscore, stderr, stdout, tmp, SEED};
use std::path::{Path, PathBuf};

#[test]
fn readme_first_command_scores_the_example() {
    let o = leadscore(&SEED);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("id,engagement,tier,action,queue,notify,tags,ruleset,version,hash")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 40);
    assert!(
        rows.iter().all(|r| r.contains(",seed,1,")),
        "every row carries the ruleset and version"
    );
    let tiers: Vec<&str> = rows.iter().map(|r| r.split(',').nth(2).unwrap()).collect();
    assert!(
        tiers.contains(&"cold") && tiers.contains(&"warm"),
        "{tiers:?}"
    );
    assert!(stderr(&o).contains("scored 40 leads as of 2024-06-01T00:00:00Z"));
    // Same input, same bytes.
    assert_eq!(stdout(&leadscore(&SEED)), out);
}

#[test]
fn jsonl_output_and_sorting() {
    let path = tmp("scores.jsonl");
    let mut args = SEED.to_vec();
    let p = path.to_str().unwrap();
    args.extend(["--out", p, "--sort", "score"]);
    let o = leadscore(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let scores: Vec<f64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["engagement"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(scores.len(), 40);
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted highest first: {scores:?}"
    );
}

#[test]
fn check_exit_codes() {
    assert_eq!(leadscore(&["check", "rules"]).status.code(), Some(0));
    let bad = leadscore(&["check", "tests/ui/unknown_field.score"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("E201"));
    let warn = leadscore(&["check", "tests/ui/never_fires.score"]);
    assert_eq!(warn.status.code(), Some(0));
    assert_eq!(
        leadscore(&["check", "--deny", "warnings", "tests/ui/never_fires.score"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        leadscore(&["check", "--no-such-flag"]).status.code(),
        Some(2)
    );
    let missing = leadscore(&["check", "no-such-rubric.score"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("E005"), "{}", stderr(&missing));
    assert_eq!(
        leadscore(&["score", "rules/seed/seed.score", "--leads", "nope.csv"])
            .status
            .code(),
        Some(3)
    );
}

#[test]
fn check_json_is_machine_readable() {
    let o = leadscore(&["check", "--format", "json", "tests/ui/many_errors.score"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"E201") && codes.contains(&"E203"),
        "{codes:?}"
    );
    assert!(v[0]["line"].as_u64().unwrap() > 0 && v[0]["help"].is_string());
}

fn write(name: &str, text: &str) -> PathBuf {
    let p = tmp(name);
    std::fs::write(&p, text).unwrap();
    p
}

const BAD_LEADS: &str = "id,email,employees,created_at\n\
L1,a@x.com,10,2024-01-01\n\
L2,b@x.com,many,2024-01-01\n\
L3,c@x.com,30,2024-01-01\n\
L1,d@x.com,40,2024-01-01\n";

#[test]
fn bad_data_fails_with_position_and_writes_nothing() {
    let leads = write("bad_leads.csv", BAD_LEADS);
    let out = tmp("never.csv");
    let o = leadscore(&[
        "score",
        "rules/seed/seed.score",
        "--leads",
        leads.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("bad_leads.csv:3:"), "{err}");
    assert!(err.contains("employees"), "{err}");
    assert!(!out.exists(), "no output on bad data");
}

#[test]
fn skip_keeps_every_row_somewhere() {
    let leads = write("skip_leads.csv", BAD_LEADS);
    let events = write("skip_events.csv", "lead,event,at,url\nL1,page_view,2024-05-30,/pricing\nL9,page_view,2024-05-30,/pricing\nL3,page_view,someday,/x\n");
    let out = tmp("skip_scores.csv");
    let rejects = tmp("skip_rejects.jsonl");
    let o = leadscore(&[
        "score",
        "rules/seed/seed.score",
        "--leads",
        leads.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--on-error",
        "skip",
        "--rejects",
        rejects.to_str().unwrap(),
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scored = std::fs::read_to_string(&out).unwrap().lines().count() - 1;
    let rejected: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lead_rejects = rejected.iter().filter(|r| r["kind"] == "lead").count();
    assert_eq!(
        scored + lead_rejects,
        4,
        "every lead row is scored or rejected"
    );
    let event_rejects = rejected.iter().filter(|r| r["kind"] == "event").count();
    assert_eq!(event_rejects, 2, "the orphan and the bad time");
    assert!(
        rejected
            .iter()
            .any(|r| r["row"] == "L2,b@x.com,many,2024-01-01"),
        "rows are kept unchanged"
    );
    assert!(
        stderr(&o).contains("1 event refers to a lead not in"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_accounts_for_every_point() {
    let o = leadscore(&[
        "explain",
        "rules/seed/seed.score",
        "--leads",
        "examples/leads.csv",
        "--events",
        "examples/events.csv",
        "--as-of",
        "2024-06-01",
        "--lead",
        "L001",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let score = &t["scores"][0];
    let sum: f64 = score["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["contribution"].as_f64().unwrap())
        .sum();
    assert_eq!(sum, score["sum"].as_f64().unwrap());
    let text = leadscore(&[
        "explain",
        "rules/seed/seed.score",
        "--leads",
        "examples/leads.csv",
        "--events",
        "examples/events.csv",
        "--as-of",
        "2024-06-01",
        "--lead",
        "L001",
    ]);
    let text = stdout(&text);
    assert!(
        text.contains("Pricing page") && text.contains("engagement = "),
        "{text}"
    );
}

#[test]
fn schema_infer_drafts_a_valid_schema() {
    let o = leadscore(&[
        "schema",
        "infer",
        "examples/leads.csv",
        "--events",
        "examples/events.csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let schema =
        leadscore::schema::Schema::parse(leadscore::diag::Source::new("inferred", text.as_str()))
            .unwrap_or_else(|d| panic!("{}\n{text}", leadscore::diag::render_plain(&d)));
    assert_eq!(schema.key_field().name, "id");
    assert!(schema.event("page_view").is_some());
}

#[test]
fn real_data_rubric_scores_the_bank_excerpt() {
    let o = leadscore(&[
        "score",
        "rules/bank-marketing/bank.score",
        "--leads",
        "rules/bank-marketing/sample.csv",
        "--row-key",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1 + 1005);
    assert!(out.lines().nth(1).unwrap().starts_with("1,"));
    assert!(Path::new("rules/bank-marketing/README.md").exists());
}

#[test]
fn json_lines_input_by_flag() {
    let leads = write(
        "leads.data",
        "{\"id\": \"J1\", \"email\": \"a@x.com\", \"created_at\": \"2024-01-01\"}\n{\"id\": \"J2\", \"email\": \"b@x.com\", \"employees\": 12, \"created_at\": \"2024-01-02\"}\n",
    );
    let o = leadscore(&[
        "score",
        "rules/seed/seed.score",
        "--leads",
        leads.to_str().unwrap(),
        "--input-format",
        "jsonl",
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("\nJ1,0,cold,nurture,email-drip,") && out.contains("\nJ2,0,cold,"),
        "{out}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    for args in [
        vec![
            "explain",
            "rules/seed/seed.score",
            "--leads",
            "examples/leads.csv",
            "--events",
            "examples/events.csv",
            "--lead",
            "L010",
        ],
        vec!["check", "--format", "json", "tests/ui/many_errors.score"],
        vec!["schema", "infer", "examples/leads.csv"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_leadscore"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{args:?}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn check_does_not_follow_symlink_loops_and_outputs_are_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp("loop");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("tests/ui/lead.schema", dir.join("lead.schema")).unwrap();
    std::fs::write(dir.join("a.score"), "ruleset \"a\" version 1\nuse schema \"lead.schema\"\nscore s { rule \"r\" when employees > 1 award 1 }\n").unwrap();
    std::os::unix::fs::symlink(".", dir.join("x")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("y")).unwrap();
    let o = leadscore(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("checked 1 file:"), "{}", stderr(&o));

    let out = tmp("mode.csv");
    let mut args = SEED.to_vec();
    args.extend(["--out", out.to_str().unwrap()]);
    assert_eq!(leadscore(&args).status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn score_writes_a_trace_per_lead_that_matches_the_scores() {
    let traces = tmp("traces.jsonl");
    let out = tmp("traced.csv");
    let mut args = SEED.to_vec();
    args.extend([
        "--explain",
        traces.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let o = leadscore(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scores: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.to_string())
        .collect();
    let traces: Vec<serde_json::Value> = std::fs::read_to_string(&traces)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(traces.len(), scores.len());
    for (row, t) in scores.iter().zip(&traces) {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells[0], t["lead"].as_str().unwrap());
        assert_eq!(
            cells[1].parse::<f64>().unwrap(),
            t["scores"][0]["value"].as_f64().unwrap()
        );
        assert_eq!(cells[2], t["tiers"][0]["tier"].as_str().unwrap());
    }
}

#[test]
fn engines_and_thread_counts_write_the_same_bytes() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "score",
            "rules/b2b-saas/b2b-saas.score",
            "--leads",
            "examples/leads.csv",
            "--events",
            "examples/events.csv",
            "--as-of",
            "2024-06-01",
            "--sort",
            "score",
        ];
        args.extend_from_slice(extra);
        let o = leadscore(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let reference = run(&["--engine", "interp", "--threads", "1"]);
    assert!(reference.len() > 1000);
    for extra in [
        &["--engine", "jit", "--threads", "1"][..],
        &["--engine", "jit", "--threads", "2"],
        &["--engine", "auto", "--format", "csv"],
        &["--engine", "interp", "--threads", "3"],
    ] {
        assert_eq!(run(extra), reference, "{extra:?}");
    }
    let stats = leadscore(&[
        "score",
        "rules/seed/seed.score",
        "--leads",
        "examples/leads.csv",
        "--as-of",
        "2024-06-01",
        "--stats",
    ]);
    let err = stderr(&stats);
    assert!(
        err.contains("engine Jit") && err.contains("leads/s"),
        "{err}"
    );
}
