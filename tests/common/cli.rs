//! Running the `leadscore` binary from tests: its output, and scratch files.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The README's first command: the seed rubric over the shipped example data.
pub const SEED: [&str; 8] = [
    "score",
    "rules/seed/seed.score",
    "--leads",
    "examples/leads.csv",
    "--events",
    "examples/events.csv",
    "--as-of",
    "2024-06-01",
];

/// The data arguments of [`SEED`]: the shipped leads and events, as of 2024-06-01.
pub fn example_data() -> &'static [&'static str] {
    &SEED[2..]
}

/// Runs `leadscore` with these arguments from the repository root.
pub fn leadscore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(args)
        .output()
        .expect("run leadscore")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A path in a scratch folder of this test process.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leadscore-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
