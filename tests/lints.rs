//! The lints of `leadscore check` (W503–W507): near misses stay silent, one step across the
//! line warns, shipped rubrics are clean, every claim a lint makes holds when random
//! rubrics score random leads, and `check --against` works from the command line.

mod common;
mod gen;

use common::cli::{leadscore, stderr};
use leadscore::check::{compile, compile_file, score_ranges, version_lint};
use leadscore::data::{Event, Lead};
use leadscore::diag::{render_plain, Code, Diagnostics, Source};
use leadscore::ir::Program;
use leadscore::schema::Schema;
use leadscore::syntax::ast::ActionKind;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const NEW_LINTS: [Code; 5] = [
    Code::TierUnreachable,
    Code::RouteUnreachable,
    Code::DoubleCounting,
    Code::PointsExceedClamp,
    Code::VersionNotBumped,
];

fn score_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            score_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "score")
            && !leadscore::testing::is_test_file(&path)
        {
            out.push(path);
        }
    }
}

fn new_lint_warnings(d: &Diagnostics) -> Vec<&'static str> {
    d.0.iter()
        .filter(|d| NEW_LINTS.contains(&d.code))
        .map(|d| d.code.as_str())
        .collect()
}

/// Compiles rubric text that lives in `tests/lints_clean/` (its schema path is relative).
fn compile_clean(name: &str, text: &str) -> Diagnostics {
    let dir = PathBuf::from("tests/lints_clean");
    match compile(Source::new(name, text), |rel| Schema::load(&dir.join(rel))) {
        Ok(c) => c.warnings,
        Err(e) => panic!("{name} does not compile\n{}", render_plain(&e)),
    }
}

#[test]
fn near_misses_do_not_warn() {
    let mut files = Vec::new();
    score_files(Path::new("tests/lints_clean"), &mut files);
    assert!(files.len() >= 3, "the near-miss fixtures went missing");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let warnings = compile_clean(&f.display().to_string(), &text);
        assert!(
            warnings.0.is_empty(),
            "{} should not warn\n{}",
            f.display(),
            render_plain(&warnings)
        );
    }
}

/// One edit to a near miss that crosses the line, and the code it must then produce.
const ONE_STEP_TOO_FAR: &[(&str, &str, &str, Code)] = &[
    (
        "tiers_at_the_edge.score",
        "hot up to 79   very_hot above 79 }",
        "hot up to 80   very_hot above 80 }",
        Code::TierUnreachable,
    ),
    (
        "tiers_at_the_edge.score",
        "some up to 19.5   top above 19.5",
        "some up to 20   top above 20",
        Code::TierUnreachable,
    ),
    (
        "tiers_at_the_edge.score",
        "low up to 10 ",
        "low up to 9.5 ",
        Code::TierUnreachable,
    ),
    (
        "routes_that_still_apply.score",
        "when employees >= 100             assign \"hundred\"",
        "when employees >= 101             assign \"hundred\"",
        Code::RouteUnreachable,
    ),
    (
        "routes_that_still_apply.score",
        "sample 20%                        assign",
        "sample 10%                        assign",
        Code::RouteUnreachable,
    ),
    (
        "routes_that_still_apply.score",
        "when fit >= 1 ",
        "when fit >= 0 ",
        Code::RouteUnreachable,
    ),
    (
        "routes_that_still_apply.score",
        "assign \"sdr\"  tag \"seen\"",
        "assign \"sdr\"",
        Code::RouteUnreachable,
    ),
    (
        "rules_that_differ.score",
        "\"/pricing/\" within 30d",
        "\"/pricing\" within 30d",
        Code::DoubleCounting,
    ),
    (
        "rules_that_differ.score",
        "deduct 5",
        "award 5",
        Code::DoubleCounting,
    ),
    (
        "rules_that_differ.score",
        "award 100\n",
        "award 101\n",
        Code::PointsExceedClamp,
    ),
    (
        "rules_that_differ.score",
        "award 60 cap 100",
        "award 60 cap 101",
        Code::PointsExceedClamp,
    ),
];

#[test]
fn one_step_past_each_near_miss_warns() {
    for (file, from, to, code) in ONE_STEP_TOO_FAR {
        let path = Path::new("tests/lints_clean").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file}: `{from}` must occur once"
        );
        let edited = text.replace(from, to);
        let warnings = compile_clean(file, &edited);
        let codes: Vec<Code> = warnings.0.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [*code],
            "{file} with `{to}` instead of `{from}`\n{}",
            render_plain(&warnings)
        );
    }
}

#[test]
fn shipped_rubrics_have_no_new_lint_warnings() {
    // docs/language.md's examples must have no warnings at all: tests/docs.rs checks them.
    let mut files = Vec::new();
    score_files(Path::new("rules"), &mut files);
    score_files(Path::new("examples"), &mut files);
    assert!(files.len() >= 4, "the shipped rubrics went missing");
    for f in files {
        let warnings = compile_file(&f)
            .unwrap_or_else(|e| panic!("{}\n{}", f.display(), render_plain(&e)))
            .warnings;
        assert_eq!(
            new_lint_warnings(&warnings),
            Vec::<&str>::new(),
            "{}\n{}",
            f.display(),
            render_plain(&warnings)
        );
    }
}

// ------------------------------------------------------------------ version (W507)

fn program(version: u64, body: &str) -> Program {
    let text = format!("ruleset \"v\" version {version}\nuse schema \"lead.schema\"\n{body}");
    let dir = PathBuf::from("tests/ui");
    compile(Source::new(format!("v{version}.score"), text), |rel| {
        Schema::load(&dir.join(rel))
    })
    .unwrap_or_else(|e| panic!("{}", render_plain(&e)))
    .program
}

const FIT_250: &str = "score fit {\n  rule \"Big\" when employees >= 250 award 10\n}\n";
const FIT_500: &str = "score fit {\n  rule \"Big\" when employees >= 500 award 10\n}\n";

#[test]
fn version_lint_compares_the_rules_without_their_version() {
    let base = program(3, FIT_250);
    // Layout and comments are not rules.
    let tidied = program(3, &format!("# tidied\n\n{}", FIT_250.replace("  ", "    ")));
    assert!(version_lint(&base, &tidied).is_none());
    // Bumped: fine, whether or not the rules changed.
    assert!(version_lint(&base, &program(4, FIT_500)).is_none());
    assert!(version_lint(&base, &program(4, FIT_250)).is_none());

    let same = version_lint(&base, &program(3, FIT_500)).expect("rules changed, version not");
    assert_w507(
        &same,
        "the rules changed since `v3.score` but the version is still 3",
        "version 3",
    );
    assert!(same.help.as_deref().unwrap().contains("`version 4`"));
    let down = version_lint(&base, &program(2, FIT_250)).expect("version went down");
    assert_w507(
        &down,
        "the version went down from 3 in `v3.score` to 2",
        "version 2",
    );
}

fn assert_w507(d: &leadscore::diag::Diagnostic, message: &str, at: &str) {
    assert_eq!(d.code, Code::VersionNotBumped);
    assert_eq!(d.message, message);
    assert_eq!(d.source.slice(d.span()), at);
}

// ------------------------------------------------------------------ the CLI

/// A temporary folder with the test schema and the given rubrics.
fn folder(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leadscore-lints-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("tests/ui/lead.schema", dir.join("lead.schema")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn rubric(version: u64, body: &str) -> String {
    format!("ruleset \"v\" version {version}\nuse schema \"lead.schema\"\n{body}")
}

#[test]
fn check_against_an_earlier_copy() {
    let dir = folder(
        "against",
        &[
            ("old.score", rubric(3, FIT_250)),
            ("same.score", rubric(3, FIT_500)),
            ("bumped.score", rubric(4, FIT_500)),
            (
                "broken.score",
                rubric(3, "score fit {\n  rule \"x\" when award 1\n}\n"),
            ),
        ],
    );
    let path = |f: &str| dir.join(f).display().to_string();
    let old = path("old.score");

    let o = leadscore(&["check", "--against", &old, &path("same.score")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("W507"), "{err}");
    assert!(err.contains("the rules changed since"), "{err}");
    assert!(err.contains("help: write `version 4`"), "{err}");
    assert!(err.contains("checked 1 file: 0 errors, 1 warning"), "{err}");

    let deny = |new: &str| leadscore(&["check", "--deny", "warnings", "--against", &old, new]);
    let o = deny(&path("same.score"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = deny(&path("bumped.score"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("W507"));

    let o = leadscore(&[
        "check",
        "--format",
        "json",
        "--against",
        &old,
        &path("same.score"),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["code"], "W507");
    assert_eq!(json[0]["name"], "version-not-bumped");
    assert_eq!(json[0]["line"], 1);

    // Several rubrics (here: a folder of them) cannot all be compared with one copy.
    let o = leadscore(&["check", "--against", &old, &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--against compares one rubric"),
        "{}",
        stderr(&o)
    );

    // An earlier copy that does not compile cannot be compared: its errors are reported.
    let o = leadscore(&[
        "check",
        "--against",
        &path("broken.score"),
        &path("same.score"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E001"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ soundness

/// The index of the route line whose `assign`/`nurture` chose the lead's queue.
fn queue_line(p: &Program, matched: &[u32]) -> Option<usize> {
    matched.iter().map(|i| *i as usize).find(|i| {
        p.routes[*i]
            .actions
            .iter()
            .any(|(k, _)| matches!(k, ActionKind::Assign | ActionKind::Nurture))
    })
}

/// What a W503 message claims: the score, whether the tier needs it above (else at most)
/// the bound, and the bound.
fn tier_claim(message: &str) -> (String, bool, f64) {
    let rest = message
        .split(": it needs `")
        .nth(1)
        .expect("W503 says what the tier needs");
    let (score, rest) = rest.split_once("` ").unwrap();
    let (above, rest) = match rest.strip_prefix("above ") {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix("at most ").unwrap()),
    };
    let bound = rest.split(' ').next().unwrap().parse().unwrap();
    (score.to_string(), above, bound)
}

/// Every claim the lints make about a program holds for these leads: scores stay in their
/// reachable ranges, no lead lands in a tier reported unreachable, no queue comes from a
/// route line reported unreachable, and rules reported as never firing give nothing.
fn claims_hold(p: &Program, warnings: &Diagnostics, leads: &[Lead], events: &[Vec<Event>]) {
    let ranges = score_ranges(p);
    let as_of = gen::as_of();
    let rule_spans: Vec<_> = p.rules().map(|(_, r)| r.span).collect();
    for (lead, evs) in leads.iter().zip(events) {
        let out = leadscore::eval::evaluate(p, lead, evs, as_of);
        for ((v, r), s) in out.scores.iter().zip(&ranges).zip(&p.scores) {
            assert!(
                r.lo <= *v && *v <= r.hi,
                "lead {}: `{}` = {v} outside its range {}..{}",
                lead.key,
                s.name,
                r.lo,
                r.hi
            );
        }
        let chosen = queue_line(p, &out.matched_routes);
        for w in &warnings.0 {
            let at = w.span();
            match w.code {
                Code::TierUnreachable => {
                    // "… it needs `s` above 80 but …": no score `s` may be above 80.
                    let (score, above, bound) = tier_claim(&w.message);
                    let i = p.scores.iter().position(|s| s.name == score).unwrap();
                    let v = out.scores[i];
                    assert!(
                        if above { v <= bound } else { v > bound },
                        "lead {}: `{score}` = {v}, but: {}",
                        lead.key,
                        w.message
                    );
                }
                Code::RouteUnreachable => {
                    let line = p.routes.iter().position(|l| l.span == at);
                    assert!(line.is_some(), "W504 points at a route line");
                    assert_ne!(chosen, line, "lead {}: {}", lead.key, w.message);
                }
                Code::NeverFires => {
                    let rule = rule_spans
                        .iter()
                        .position(|s| s.start <= at.start && at.end <= s.end);
                    let rule = rule.expect("W501 points into a rule");
                    assert_eq!(
                        out.contributions[rule], 0.0,
                        "lead {}: {}",
                        lead.key, w.message
                    );
                }
                _ => {}
            }
        }
    }
}

/// The random rubrics must give the lints something to claim, or the property above
/// proves nothing: from a fixed seed, some of them get each warning it checks.
#[test]
fn random_rubrics_exercise_the_lints() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..300 {
        let text = gen::rubric().new_tree(&mut runner).unwrap().current();
        let compiled = gen::compile(&text).unwrap();
        for w in &compiled.warnings.0 {
            *seen.entry(w.code.as_str()).or_insert(0) += 1;
        }
    }
    for code in ["W501", "W503", "W504"] {
        assert!(
            seen.contains_key(code),
            "no random rubric gets {code}: {seen:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn lint_claims_hold_on_random_rubrics(rubric in gen::rubric(), leads in gen::leads()) {
        let compiled = gen::compile(&rubric).map_err(TestCaseError::fail)?;
        let p = &compiled.program;
        let as_of = gen::as_of();
        let (ls, es): (Vec<Lead>, Vec<Vec<Event>>) = leads
            .iter()
            .map(|l| gen::materialize(&p.schema, l, as_of))
            .unzip();
        claims_hold(p, &compiled.warnings, &ls, &es);
    }
}
