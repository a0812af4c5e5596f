//! Diagnostic snapshots: every `tests/ui/*.score` file is compiled and its rendered
//! diagnostics are snapshotted below the source, so a review shows both together.
//! `NAME.old` beside a fixture is an earlier copy of it, for the version check.

use std::path::Path;

fn render(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    // Control bytes would make the snapshot a binary file; show them escaped.
    let source: String = String::from_utf8_lossy(&bytes)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    let diags = match leadscore::check::compile_file(path) {
        Ok(c) => {
            let mut warnings = c.warnings;
            // A fixture with an earlier copy (`NAME.old`) is also checked against it, as
            // `leadscore check --against NAME.old NAME.score` does.
            let old = path.with_extension("old");
            if old.exists() {
                let old = leadscore::check::compile_file(&old).expect("the .old copy compiles");
                warnings
                    .0
                    .extend(leadscore::check::version_lint(&old.program, &c.program));
                warnings.sort();
            }
            warnings
        }
        Err(d) => d,
    };
    assert!(
        !diags.0.is_empty(),
        "{} produced no diagnostics",
        path.display()
    );
    for d in &diags.0 {
        assert!(
            d.help.is_some(),
            "{}: {} has no help line",
            path.display(),
            d.code
        );
        assert!(
            !d.labels.is_empty(),
            "{}: {} has no label",
            path.display(),
            d.code
        );
    }
    let codes: Vec<&str> = diags.0.iter().map(|d| d.code.as_str()).collect();
    format!(
        "{source}\n----- {} -----\n{}",
        codes.join(" "),
        leadscore::diag::render_plain(&diags)
    )
}

#[test]
fn ui_snapshots() {
    let mut files: Vec<_> = std::fs::read_dir("tests/ui")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "score"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "the UI corpus went missing");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("ui/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for f in &files {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            insta::assert_snapshot!(name, render(f));
        }
    });
}
