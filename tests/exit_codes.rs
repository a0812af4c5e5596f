//! Every command honours the exit codes documented in the README: 0 success, 1 invalid
//! rubric or failed check, 2 usage, 3 bad data, 4 internal error or output not written.

mod common;

use common::cli::{leadscore, stderr, tmp};

const OLD: &str = "rules/seed/seed.score";
const NEW: &str = "examples/diff/seed-v2.score";
const BAD_RUBRIC: &str = "tests/ui/unknown_field.score";
const LEADS: &str = "examples/leads.csv";
/// A path whose parent is a file, so nothing can be written there, whoever runs the test.
const UNWRITABLE: &str = "examples/leads.csv/out";

/// (arguments, expected exit code, a phrase stderr must contain); `{tmp}` stands for a
/// scratch folder.
const CASES: &[(&[&str], i32, &str)] = &[
    // check
    (&["check", "rules"], 0, "0 errors"),
    (&["check", BAD_RUBRIC], 1, "E201"),
    (
        &["check", "--deny", "warnings", "tests/ui/never_fires.score"],
        1,
        "W501",
    ),
    (&["check", "--format", "yaml", "rules"], 2, "invalid value"),
    // score
    (
        &["score", OLD, "--leads", LEADS, "--as-of", "2024-06-01"],
        0,
        "scored 40 leads",
    ),
    (&["score", BAD_RUBRIC, "--leads", LEADS], 1, "E201"),
    (
        &["score", OLD, "--leads", LEADS, "--sort", "nope"],
        2,
        "--sort `nope`",
    ),
    (&["score", OLD, "--leads", "no-such.csv"], 3, "no-such.csv"),
    (
        &["score", OLD, "--leads", LEADS, "--out", UNWRITABLE],
        4,
        "cannot write",
    ),
    // explain
    (
        &[
            "explain",
            OLD,
            "--leads",
            LEADS,
            "--lead",
            "L001",
            "--as-of",
            "2024-06-01",
        ],
        0,
        "",
    ),
    (
        &["explain", BAD_RUBRIC, "--leads", LEADS, "--lead", "L001"],
        1,
        "E201",
    ),
    (
        &[
            "explain", OLD, "--leads", LEADS, "--lead", "L001", "--as-of", "later",
        ],
        2,
        "--as-of",
    ),
    (
        &["explain", OLD, "--leads", LEADS, "--lead", "NOPE"],
        3,
        "no lead with key `NOPE`",
    ),
    // diff
    (
        &["diff", OLD, NEW, "--leads", LEADS, "--as-of", "2024-06-01"],
        0,
        "",
    ),
    (&["diff", OLD, BAD_RUBRIC, "--leads", LEADS], 1, "E201"),
    (
        &[
            "diff",
            OLD,
            NEW,
            "--leads",
            LEADS,
            "--events",
            "examples/events.csv",
            "--as-of",
            "2024-06-01",
            "--fail-if-moved",
            "1%",
        ],
        1,
        "more than --fail-if-moved 1%",
    ),
    (
        &["diff", OLD, NEW, "--leads", LEADS, "--top", "many"],
        2,
        "invalid value",
    ),
    (
        &["diff", OLD, NEW, "--leads", "no-such.csv"],
        3,
        "no-such.csv",
    ),
    // generate
    (
        &[
            "generate",
            "--schema",
            "rules/seed/lead.schema",
            "--leads",
            "2",
            "--out",
            "{tmp}/generated",
        ],
        0,
        "wrote 2 leads",
    ),
    (
        &[
            "generate",
            "--schema",
            "tests/ui/bad.schema",
            "--leads",
            "2",
            "--out",
            "{tmp}/x",
        ],
        1,
        "E102",
    ),
    (
        &[
            "generate",
            "--schema",
            "rules/seed/lead.schema",
            "--leads",
            "-1",
            "--out",
            "{tmp}/x",
        ],
        2,
        "",
    ),
    (
        &[
            "generate",
            "--schema",
            "rules/seed/lead.schema",
            "--leads",
            "2",
            "--out",
            UNWRITABLE,
        ],
        4,
        "cannot write",
    ),
    // schema infer
    (&["schema", "infer", LEADS], 0, ""),
    (&["schema", "infer"], 2, "required"),
    (&["schema", "infer", "no-such.csv"], 3, "no-such.csv"),
    (
        &["schema", "infer", LEADS, "--out", UNWRITABLE],
        4,
        "cannot write",
    ),
];

#[test]
fn every_command_exits_with_the_documented_code() {
    let mut wrong = Vec::new();
    let scratch = tmp("exit-codes");
    let scratch = scratch.to_str().unwrap();
    for (args, code, phrase) in CASES {
        let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", scratch)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = leadscore(&args);
        let err = stderr(&o);
        if o.status.code() != Some(*code) || !err.contains(phrase) {
            wrong.push(format!(
                "leadscore {}: exit {:?} (expected {code}), stderr:\n{err}",
                args.join(" "),
                o.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Standard output that cannot be written (a full disk) is an internal error, exit 4, for
/// every command that writes its result there.
#[test]
fn unwritable_standard_output_is_exit_4() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        // Only Linux-like systems have /dev/full; the cases above cover files.
        return;
    };
    // The successful cases above whose result goes to standard output, and check's.
    let mut commands: Vec<&[&str]> = CASES
        .iter()
        .filter(|(args, code, _)| *code == 0 && !matches!(args[0], "check" | "generate"))
        .map(|c| c.0)
        .collect();
    commands.extend([
        &["check", "--format", "sarif", "rules"][..],
        &["check", "--format", "github", BAD_RUBRIC],
    ]);
    assert_eq!(commands.len(), 6);
    for args in commands {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_leadscore"))
            .args(args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(4), "leadscore {}", args.join(" "));
        assert!(
            stderr(&o).contains("cannot write to standard output"),
            "{}",
            stderr(&o)
        );
    }
}
