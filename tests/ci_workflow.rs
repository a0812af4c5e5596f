//! The example CI workflow (examples/ci/leadscore.yml) is valid YAML of the expected shape,
//! and every `leadscore …` command in it parses with leadscore's real command line.

use clap::{CommandFactory, Parser};
use leadscore::cli::Cli;
use yaml_rust2::{Yaml, YamlLoader};

fn workflow() -> Yaml {
    let text = std::fs::read_to_string("examples/ci/leadscore.yml").unwrap();
    let mut docs = YamlLoader::load_from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// Every `run:` script of every step.
fn scripts(w: &Yaml) -> Vec<String> {
    let jobs = w["jobs"].as_hash().expect("jobs");
    assert!(!jobs.is_empty());
    let mut out = Vec::new();
    for (_, job) in jobs {
        assert!(
            job["runs-on"].as_str().is_some(),
            "every job says where it runs"
        );
        for step in job["steps"].as_vec().expect("steps") {
            assert!(
                step["run"].as_str().is_some() || step["uses"].as_str().is_some(),
                "a step runs a script or uses an action: {step:?}"
            );
            out.extend(step["run"].as_str().map(String::from));
        }
    }
    out
}

/// Shell words of one command, quotes removed, up to the first redirection or operator;
/// `$VARS` stay as they are written (clap sees them as values).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, ' ' | '\t') => out.extend(word.take()),
            (None, '>' | '<' | '|' | '&' | ';') => break,
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// The `leadscore` command lines of a script, continuation lines joined.
fn commands(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    joined
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("leadscore "))
        .map(words)
        .collect()
}

/// Every variable the workflow sets in an `env:` block, at the top or on a job or step.
fn env(w: &Yaml) -> Vec<(String, String)> {
    let mut blocks = vec![&w["env"]];
    for (_, job) in w["jobs"].as_hash().into_iter().flatten() {
        blocks.push(&job["env"]);
        blocks.extend(
            job["steps"]
                .as_vec()
                .into_iter()
                .flatten()
                .map(|s| &s["env"]),
        );
    }
    blocks
        .into_iter()
        .filter_map(Yaml::as_hash)
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
        .collect()
}

/// `$NAME` and `${NAME}` replaced by the values the workflow gives them, so that those
/// values are checked too; other variables stay as written.
fn expand(word: &str, env: &[(String, String)]) -> String {
    let mut out = word.to_string();
    for (k, v) in env {
        out = out
            .replace(&format!("${{{k}}}"), v)
            .replace(&format!("${k}"), v);
    }
    out
}

#[test]
fn workflow_runs_on_pull_requests_touching_rules() {
    let w = workflow();
    // YAML 1.2 reads `on` as a string key (1.1 readers would make it `true`).
    let paths = w["on"]["pull_request"]["paths"]
        .as_vec()
        .expect("on.pull_request.paths");
    assert!(paths.iter().any(|p| p.as_str() == Some("rules/**")));
    let all = scripts(&w).join("\n");
    assert!(
        all.contains("git worktree add"),
        "the base branch is checked out beside"
    );
    assert!(all.contains("GITHUB_STEP_SUMMARY"));
}

#[test]
fn every_leadscore_command_in_the_workflow_parses() {
    let known: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let w = workflow();
    let vars = env(&w);
    assert!(vars.iter().any(|(k, _)| k == "MAX_MOVED"));
    let mut seen = Vec::new();
    for script in scripts(&w) {
        for args in commands(&script) {
            let args: Vec<String> = args.iter().map(|a| expand(a, &vars)).collect();
            let sub = args[1].clone();
            seen.push(sub.clone());
            assert!(
                known.contains(&sub),
                "`leadscore {sub}` is not a leadscore command (known: {known:?})"
            );
            if let Err(e) = Cli::try_parse_from(&args) {
                panic!("`{}` does not parse:\n{e}", args.join(" "));
            }
        }
    }
    for expected in ["fmt", "check", "test", "diff"] {
        assert!(
            seen.iter().any(|s| s == expected),
            "the workflow runs `leadscore {expected}`"
        );
    }
    // The diff lines are the ones the workflow depends on most: check their flags exactly.
    let diffs: Vec<Vec<String>> = scripts(&w)
        .iter()
        .flat_map(|s| commands(s))
        .filter(|a| a[1] == "diff")
        .collect();
    assert_eq!(
        diffs.len(),
        2,
        "one diff line for event data, one for a sample.csv"
    );
    for diff in &diffs {
        for flag in [
            "--format",
            "markdown",
            "--fail-if-moved",
            "--as-of",
            "--leads",
        ] {
            assert!(diff.iter().any(|a| a == flag), "{flag} in {diff:?}");
        }
    }
    assert!(diffs.iter().any(|d| d.iter().any(|a| a == "--events")));
    assert!(diffs.iter().any(|d| d.iter().any(|a| a == "--row-key")));
}

#[test]
fn the_word_splitter_reads_quotes_and_stops_at_redirections() {
    assert_eq!(
        words(r#"leadscore diff "$old" 'a b' --x y >> out.md || status=1"#),
        ["leadscore", "diff", "$old", "a b", "--x", "y"]
    );
    assert_eq!(
        commands("echo hi\n  leadscore check \\\n  rules/\n"),
        vec![vec!["leadscore", "check", "rules/"]]
    );
}
