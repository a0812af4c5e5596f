//! The column loader must load exactly what the row loader loads, and hand everything it
//! does not accept to the row loader.

use super::Batch;
use crate::data::load::{load, LoadOptions, OnError};
use crate::schema::Schema;
use std::path::Path;

fn seed_schema() -> Schema {
    Schema::load(Path::new("rules/seed/lead.schema")).expect("seed schema")
}

fn both(schema: &Schema, leads: &Path, events: Option<&Path>, opts: &LoadOptions) {
    let fast = super::fast_csv::load(schema, leads, events, opts).expect("fast path taken");
    let (rows, report) = load(schema, leads, events, opts).expect("row loader");
    assert_same_content(&fast.0, &Batch::from_dataset(schema, &rows));
    assert_eq!(fast.1, report);
}

/// Same leads, values and events in the same order (physical layout may differ: the
/// column loader keeps attributes in file order, the converter in time order).
fn assert_same_content(a: &Batch, b: &Batch) {
    assert_eq!((a.len(), a.event_count()), (b.len(), b.event_count()));
    for i in 0..a.len() {
        assert_eq!(a.key(i), b.key(i));
        assert_eq!(a.lead(i), b.lead(i));
        assert_eq!(a.events(i), b.events(i), "events of lead {i}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn example_data_loads_the_same_both_ways() {
    let s = seed_schema();
    let (l, e) = (
        Path::new("examples/leads.csv"),
        Path::new("examples/events.csv"),
    );
    both(&s, l, Some(e), &LoadOptions::default());
    both(&s, l, None, &LoadOptions::default());
}

#[test]
fn tricky_but_valid_csv_loads_the_same_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed_schema();
    let leads = write(
        dir.path(),
        "l.csv",
        "\u{feff}id;email;created_at;employees;extra\r\n\"B;1\";\"b@x.com\";2024-01-01;  7 ;z\r\n\r\nA; a@x.com ;2024-01-02 10:00:00;;\n",
    );
    // Out of time order, interleaved leads, an orphan, equal times, quoted commas.
    let events = write(
        dir.path(),
        "e.csv",
        "lead;event;at;url;seconds;junk\nA;page_view;2024-05-03T00:00:00Z;/p;5;\n\"B;1\";webinar;2024-05-01;;;\nZZ;demo_request;2024-05-01;;;\nA;page_view;2024-05-01T00:00:00Z;\"/a;b\";;\nA;demo_request;2024-05-01T00:00:00Z;;;\n",
    );
    both(&s, &leads, Some(&events), &LoadOptions::default());
}

#[test]
fn bad_rows_go_to_the_row_loader() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed_schema();
    let bad = write(
        dir.path(),
        "l.csv",
        "id,email,created_at,employees\nA,a,2024-01-01,many\n",
    );
    assert!(super::fast_csv::load(&s, &bad, None, &LoadOptions::default()).is_none());
    let err = Batch::from_csv(&s, &bad, None, &LoadOptions::default()).unwrap_err();
    assert_eq!((err.line, err.column), (2, 16), "{err}");
    let skip = LoadOptions {
        on_error: OnError::Skip,
        ..Default::default()
    };
    let (b, report) = Batch::from_csv(&s, &bad, None, &skip).unwrap();
    assert_eq!((b.len(), report.rejects.len()), (0, 1));
    let dup = write(
        dir.path(),
        "d.csv",
        "id,email,created_at\nA,a,2024-01-01\nA,b,2024-01-01\n",
    );
    assert!(super::fast_csv::load(&s, &dup, None, &LoadOptions::default()).is_none());
}

#[test]
fn materialised_rows_match_the_row_loader() {
    let s = seed_schema();
    let (l, e) = (
        Path::new("examples/leads.csv"),
        Path::new("examples/events.csv"),
    );
    let (b, _) = Batch::from_csv(&s, l, Some(e), &LoadOptions::default()).unwrap();
    let (rows, _) = load(&s, l, Some(e), &LoadOptions::default()).unwrap();
    assert_eq!(b.len(), rows.leads.len());
    for (i, lead) in rows.leads.iter().enumerate() {
        assert_eq!(b.lead(i).values, lead.values);
        assert_eq!(b.key(i), lead.key);
        assert_eq!(b.events(i), rows.events[i]);
    }
}
