//! `leadscore generate`: deterministic, loadable, realistic synthetic data.

use leadscore::data::load::{load, LoadOptions};
use leadscore::data::{time, Dataset};
use leadscore::diag::Source;
use leadscore::gen::{self, Options, Summary};
use leadscore::schema::Schema;
use std::path::Path;
use std::process::Command;

/// An int key and every type, in leads and in events; an attribute name shared by two
/// event types; an enum value that needs CSV quoting.
const TYPED: &str = r#"
lead {
  key id: int
  active: bool
  rating: number?
  plan: enum { free, pro, "big, old", "enterprise plus" }
  signup: timestamp?
  country: string?
  revenue: number?
  headcount: int?
}
event login { device: enum { web, ios, android }? }
event purchase { amount: number, items: int?, gift: bool?, device: enum { web, ios, android }? }
event visit { url: string, seconds: int? }
event renewal { due: timestamp? }
"#;

/// No events at all.
const NO_EVENTS: &str = "lead {\n  key email: string\n  name: string?\n}\n";

fn schema(text: &str) -> Schema {
    Schema::parse(Source::new("test.schema", text)).unwrap()
}

fn seed_schema() -> Schema {
    Schema::load(Path::new("rules/seed/lead.schema")).unwrap()
}

fn bytes(s: &Schema, opts: &Options) -> (Vec<u8>, Vec<u8>, Summary) {
    let (mut l, mut e) = (Vec::new(), Vec::new());
    let sum = gen::generate(s, opts, &mut l, &mut e).unwrap();
    (l, e, sum)
}

/// Generates into a fresh folder and loads it with the crate's own loader.
fn generate_and_load(s: &Schema, opts: &Options) -> (Dataset, Summary, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sum = gen::write_dir(s, opts, dir.path()).unwrap();
    let (data, report) = load(
        s,
        &dir.path().join("leads.csv"),
        Some(&dir.path().join("events.csv")),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.rejects.is_empty() && report.orphan_events == 0);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.lead_rows as u64, sum.leads);
    assert_eq!(report.event_rows as u64, sum.events);
    assert_eq!(data.leads.len() as u64, sum.leads);
    (data, sum, dir)
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let s = seed_schema();
    let a = bytes(&s, &Options::new(500, 42));
    assert_eq!(a, bytes(&s, &Options::new(500, 42)));
    let b = bytes(&s, &Options::new(500, 43));
    assert_ne!(a.0, b.0);
    assert_ne!(a.1, b.1);
    // More leads extend the same data: lead i does not depend on N.
    let c = bytes(&s, &Options::new(700, 42));
    assert!(c.0.starts_with(&a.0) && c.1.starts_with(&a.1));
}

#[test]
fn seed_schema_data_loads_and_looks_realistic() {
    let opts = Options::new(2000, 3);
    let as_of = opts.as_of;
    let (data, sum, _dir) = generate_and_load(&seed_schema(), &opts);
    let n = sum.leads as f64;
    let events = sum.events as f64;
    assert!(
        (0.75 * 20.0 * n..1.25 * 20.0 * n).contains(&events),
        "{events} events"
    );
    let without = data.events.iter().filter(|e| e.is_empty()).count();
    assert!(
        (80..=260).contains(&without),
        "{without} leads without events"
    );
    let all: Vec<_> = data.events.iter().flatten().collect();
    let after = all.iter().filter(|e| e.at > as_of).count();
    assert!(
        after > 0 && (after as f64) < 0.05 * events,
        "{after} after as-of"
    );
    for edge in [0, 7, 30, 90] {
        let t = as_of - edge * 86_400;
        assert!(all.iter().any(|e| e.at == t), "no event at as_of - {edge}d");
    }
    let recent = all.iter().filter(|e| e.at > as_of - 120 * 86_400).count();
    assert!(recent as f64 > 0.9 * events);
    // A mix of types, page views the most common, every type present.
    let s = seed_schema();
    let mut per_kind = vec![0usize; s.events.len()];
    for e in &all {
        per_kind[e.kind as usize] += 1;
    }
    let pv = s.event("page_view").unwrap();
    assert!(per_kind.iter().all(|c| *c > 0), "{per_kind:?}");
    assert!(per_kind.iter().all(|c| *c <= per_kind[pv]), "{per_kind:?}");
    // Fields: the key, e-mails, some missing optional values.
    assert_eq!(data.leads[0].key, "L0000001");
    let email = s.field("email").unwrap();
    let gmail = data
        .leads
        .iter()
        .filter(|l| matches!(&l.values[email], leadscore::data::Value::Str(e) if e.ends_with("@gmail.com")))
        .count();
    assert!(gmail > 100 && gmail < 600, "{gmail}");
    let emp = s.field("employees").unwrap();
    let missing = data
        .leads
        .iter()
        .filter(|l| l.values[emp].is_missing())
        .count();
    assert!((100..=320).contains(&missing), "{missing}");
}

#[test]
fn every_type_and_an_int_key() {
    let s = schema(TYPED);
    let mut opts = Options::new(1500, 9);
    opts.events_per_lead = 6.0;
    opts.as_of = time::parse("2023-01-15T12:00:00Z").unwrap();
    let (data, sum, dir) = generate_and_load(&s, &opts);
    assert_eq!(data.leads[41].key, "42");
    let events = sum.events as f64;
    assert!(
        (0.7 * 6.0 * 1500.0..1.3 * 6.0 * 1500.0).contains(&events),
        "{events}"
    );
    let header = std::fs::read_to_string(dir.path().join("events.csv")).unwrap();
    assert!(header.starts_with("lead,event,at,device,amount,items,gift,url,seconds,due\n"));
    let leads = std::fs::read_to_string(dir.path().join("leads.csv")).unwrap();
    assert!(leads.contains(",\"big, old\","), "the comma is quoted");
    // Every enum value and both bools occur.
    let plan = s.field("plan").unwrap();
    for v in 0..4 {
        assert!(data
            .leads
            .iter()
            .any(|l| l.values[plan] == leadscore::data::Value::Enum(v)));
    }
    let active = s.field("active").unwrap();
    for b in [true, false] {
        assert!(data
            .leads
            .iter()
            .any(|l| l.values[active] == leadscore::data::Value::Bool(b)));
    }
}

#[test]
fn a_schema_without_events() {
    let s = schema(NO_EVENTS);
    let (data, sum, dir) = generate_and_load(&s, &Options::new(100, 1));
    assert_eq!(sum.events, 0);
    assert_eq!(data.leads.len(), 100);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("events.csv")).unwrap(),
        "lead,event,at\n"
    );
}

#[test]
fn the_command_writes_the_same_bytes_as_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/sub");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_leadscore"))
            .args([
                "generate",
                "--schema",
                "rules/seed/lead.schema",
                "--leads",
                "300",
            ])
            .args([
                "--seed",
                "11",
                "--events-per-lead",
                "5",
                "--as-of",
                "2024-03-01",
            ])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let o = run();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("wrote 300 leads and "), "{err}");
    assert_eq!(err.lines().count(), 1);
    let leads = std::fs::read(out.join("leads.csv")).unwrap();
    let events = std::fs::read(out.join("events.csv")).unwrap();
    let mut opts = Options::new(300, 11);
    opts.events_per_lead = 5.0;
    opts.as_of = time::parse("2024-03-01").unwrap();
    let (l, e, _) = bytes(&seed_schema(), &opts);
    assert_eq!((leads, events), (l, e));
    // Nothing else is left in the folder (no temporary files).
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    assert_eq!(run().status.code(), Some(0), "overwrites");

    let bad = Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args([
            "generate",
            "--schema",
            "rules/seed/lead.schema",
            "--leads",
            "3",
        ])
        .args(["--as-of", "yesterday", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let missing = Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(["generate", "--leads", "3", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2), "--schema is required");
}
