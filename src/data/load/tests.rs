use super::*;
use crate::diag::Source;

const SCHEMA: &str = "lead {
  key id: string
  employees: int
  revenue: number?
  is_customer: bool?
  created_at: timestamp?
  seniority: enum { c_level, vp, director }?
}
event page_view { url: string  seconds: int? }
event demo_request {}
";

fn schema(text: &str) -> Schema {
    match Schema::parse(Source::new("t.schema", text)) {
        Ok(s) => s,
        Err(e) => panic!("test schema does not parse: {e}"),
    }
}

fn skip() -> LoadOptions {
    LoadOptions {
        on_error: OnError::Skip,
        ..Default::default()
    }
}

fn load_leads(text: &str, opts: &LoadOptions) -> Result<(Dataset, LoadReport), DataError> {
    load_str(&schema(SCHEMA), "leads.csv", text, None, opts)
}

fn err(text: &str) -> DataError {
    match load_leads(text, &LoadOptions::default()) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(e) => e,
    }
}

#[test]
fn loads_typed_values() {
    let text = "id,employees,revenue,is_customer,created_at,seniority,extra\n\
                a1,250,1.5e3,Yes,2024-05-31,vp,x\n\
                a2, -3 ,,n,,,\n";
    let (data, report) = load_leads(text, &LoadOptions::default()).unwrap();
    assert_eq!(data.leads.len(), 2);
    let a1 = &data.leads[0];
    assert_eq!(a1.key, "a1");
    assert_eq!(a1.line, 2);
    assert_eq!(a1.values[1], Value::Num(250.0));
    assert_eq!(a1.values[2], Value::Num(1500.0));
    assert_eq!(a1.values[3], Value::Bool(true));
    assert_eq!(
        a1.values[4],
        Value::Ts(crate::data::time::parse("2024-05-31").unwrap())
    );
    assert_eq!(a1.values[5], Value::Enum(1));
    let a2 = &data.leads[1];
    assert_eq!(a2.values[1], Value::Num(-3.0));
    assert_eq!(a2.values[2], Value::Missing);
    assert_eq!(a2.values[3], Value::Bool(false));
    assert_eq!(report.lead_rows, 2);
    assert_eq!(
        report.warnings,
        vec!["`leads.csv`: ignoring 1 column not in the schema: `extra`".to_string()]
    );
}

#[test]
fn bad_int_points_at_line_and_column() {
    // Third column of data line 2 = file line 3; `a2,` is 3 characters, so column 4.
    let e = err("id,revenue,employees\na1,1,5\na2,,abc\n");
    assert_eq!((e.line, e.column), (3, 5));
    assert_eq!(
        e.message,
        "`employees`: expected a whole number, found `abc`"
    );
    assert_eq!(
        e.to_string(),
        "leads.csv:3:5: `employees`: expected a whole number, found `abc`"
    );
    // A quoted field with a comma before it must not shift the column count.
    let e = err("id,revenue,employees\na1,1,5\n\"x,é\",2,abc\n");
    assert_eq!((e.line, e.column), (3, 9));
}

#[test]
fn each_error_kind_is_located() {
    let e = err("id,employees,revenue\na,1,nan\n");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 5, "`revenue`: expected a number, found `nan`")
    );
    let e = err("id,employees,is_customer\na,1,maybe\n");
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message.starts_with("`is_customer`: expected yes or no"),
        "{}",
        e.message
    );
    let e = err("id,employees,created_at\na,1,31/05/2024\n");
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message.contains(crate::data::time::ACCEPTED),
        "{}",
        e.message
    );
    let e = err("id,employees,seniority\na,1,intern\n");
    assert_eq!(
        e.message,
        "unknown value `intern` for `seniority`: expected one of `c_level`, `vp`, `director`"
    );
    let e = err("id,employees\na,\n");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 3, "required field `employees` is empty")
    );
    let e = err("id,employees\na,1,2\n");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 5, "expected 2 columns, found 3")
    );
    let e = err("id,employees\na\n");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 1, "expected 2 columns, found 1")
    );
    let e = err("id,employees\n,4\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert_eq!(e.message, "required field `id` is empty");
}

#[test]
fn missing_required_column_is_fatal_even_when_skipping() {
    let e = load_leads("id,revenue\na,1\n", &skip()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("`employees`"), "{}", e.message);
    let e = load_leads("employees\n1\n", &skip()).unwrap_err();
    assert!(
        e.message.contains("`id`") && e.message.contains("--row-key"),
        "{}",
        e.message
    );
    let e = load_leads("", &skip()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
}

#[test]
fn skip_keeps_raw_text_and_counts() {
    let text = "id,employees\r\na,1\r\nb,  x  \r\n\"c,\"\"q\"\"\",2\r\na,3\r\n";
    let (data, report) = load_leads(text, &skip()).unwrap();
    assert_eq!(
        data.leads
            .iter()
            .map(|l| l.key.as_str())
            .collect::<Vec<_>>(),
        ["a", "c,\"q\""]
    );
    assert_eq!(report.lead_rows, 4);
    assert_eq!(data.leads.len() + report.rejects.len(), report.lead_rows);
    let r = &report.rejects[0];
    assert_eq!(
        (r.kind, r.line, r.column, r.raw.as_str()),
        ("lead", 3, 3, "b,  x  ")
    );
    let r = &report.rejects[1];
    assert_eq!(r.raw, "a,3");
    assert_eq!(r.reason, "duplicate lead key `a`, first seen on line 2");
    assert_eq!((r.line, r.column), (5, 1));
}

#[test]
fn fail_stops_at_first_bad_row() {
    let e = err("id,employees\na,1\na,2\nb,x\n");
    assert_eq!(e.message, "duplicate lead key `a`, first seen on line 2");
    assert_eq!(e.line, 3);
}

#[test]
fn semicolons_and_quoted_headers_like_uci_bank() {
    let s = schema("lead { key id: int  age: int  job: string  y: bool }");
    let text = "\u{feff}\"id\";\"age\";\"job\";\"marital\";\"y\"\n1;58;\"management\";\"married\";\"no\"\n2;44;\"technician\";\"single\";\"yes\"\n";
    let (data, report) = load_str(&s, "bank.csv", text, None, &LoadOptions::default()).unwrap();
    assert_eq!(data.leads.len(), 2);
    assert_eq!(data.leads[1].key, "2");
    assert_eq!(data.leads[1].values[0], Value::Num(2.0));
    assert_eq!(data.leads[1].values[2], Value::Str("technician".into()));
    assert_eq!(data.leads[1].values[3], Value::Bool(true));
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("`marital`"));
    // Column counting uses the detected delimiter and skips the quotes.
    let bad = "\"id\";\"age\";\"job\";\"y\"\n1;58;\"a;b\";maybe\n";
    let e = load_str(&s, "bank.csv", bad, None, &LoadOptions::default()).unwrap_err();
    assert_eq!((e.line, e.column), (2, 12));
}

#[test]
fn tabs_are_detected() {
    let (data, _) = load_leads("id\temployees\na\t1\n", &LoadOptions::default()).unwrap();
    assert_eq!(data.leads[0].values[1], Value::Num(1.0));
}

#[test]
fn row_key_numbers_rows() {
    let opts = LoadOptions {
        row_key: true,
        ..Default::default()
    };
    let (data, _) = load_leads("employees\n5\n\n6\n", &opts).unwrap();
    assert_eq!(
        data.leads
            .iter()
            .map(|l| l.key.as_str())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert_eq!(data.leads[1].values[0], Value::Str("2".into()));
    assert_eq!(data.leads[1].line, 4);
    let s = schema("lead { key n: int  employees: int }");
    let (data, _) = load_str(&s, "l.csv", "employees\n5\n", None, &opts).unwrap();
    assert_eq!(data.leads[0].values[0], Value::Num(1.0));
}

#[test]
fn jsonl_leads() {
    let text = "{\"id\": 7, \"employees\": 10.0, \"is_customer\": true, \"revenue\": null}\n\n\
                {\"id\": \"b\", \"employees\": \"12\", \"seniority\": \"vp\"}\n\
                [1]\n\
                {\"id\": \"c\", \"employees\": 1.5}\n\
                {\"id\": \"d\", \"employees\": 3\n";
    let (data, report) = load_str(&schema(SCHEMA), "leads.jsonl", text, None, &skip()).unwrap();
    assert_eq!(data.leads.len(), 2);
    assert_eq!(data.leads[0].key, "7");
    assert_eq!(data.leads[0].values[1], Value::Num(10.0));
    assert_eq!(data.leads[0].values[2], Value::Missing);
    assert_eq!(data.leads[0].values[3], Value::Bool(true));
    assert_eq!(data.leads[1].values[5], Value::Enum(1));
    assert_eq!(data.leads[1].line, 3);
    assert_eq!(report.lead_rows, 5);
    let lines: Vec<(u64, u64)> = report.rejects.iter().map(|r| (r.line, r.column)).collect();
    assert_eq!(lines, [(4, 1), (5, 13), (6, 26)]);
    assert_eq!(
        report.rejects[1].reason,
        "`employees`: expected a whole number, found `1.5`"
    );
    assert!(
        report.rejects[2].reason.starts_with("invalid JSON"),
        "{}",
        report.rejects[2].reason
    );
    assert_eq!(report.rejects[2].raw, "{\"id\": \"d\", \"employees\": 3");
}

const LEADS: &str = "id,employees\na,1\nb,2\n";

fn with_events(events: &str, opts: &LoadOptions) -> Result<(Dataset, LoadReport), DataError> {
    load_str(
        &schema(SCHEMA),
        "leads.csv",
        LEADS,
        Some(("events.csv", events)),
        opts,
    )
}

#[test]
fn events_are_attached_and_sorted() {
    let ev = "lead,event,at,url,seconds,other\n\
              a,page_view,2024-05-03,/pricing,30,x\n\
              b,demo_request,2024-05-01,,,\n\
              a,demo_request,2024-05-01T10:00:00Z,,,\n\
              a,page_view,2024-05-03,/docs,,\n";
    let (data, report) = with_events(ev, &LoadOptions::default()).unwrap();
    assert_eq!(report.event_rows, 4);
    let a = &data.events[0];
    assert_eq!(a.iter().map(|e| e.kind).collect::<Vec<_>>(), [1, 0, 0]);
    // Equal times keep file order.
    assert_eq!(
        a[1].attrs,
        vec![Value::Str("/pricing".into()), Value::Num(30.0)]
    );
    assert_eq!(a[2].attrs, vec![Value::Str("/docs".into()), Value::Missing]);
    assert_eq!(data.events[1].len(), 1);
    assert_eq!(
        report.warnings,
        vec!["`events.csv`: ignoring 1 column not in the schema: `other`".to_string()]
    );
}

#[test]
fn orphan_events_are_counted_not_fatal() {
    let ev = "lead,event,at\nzz,demo_request,2024-05-01\na,demo_request,2024-05-01\nyy,demo_request,2024-05-02\n";
    let (data, report) = with_events(ev, &LoadOptions::default()).unwrap();
    assert_eq!(report.orphan_events, 2);
    assert!(report.rejects.is_empty());
    assert_eq!(
        report.warnings,
        vec!["2 events refer to leads not in `leads.csv`".to_string()]
    );
    assert_eq!(data.events[0].len(), 1);
    let (_, report) = with_events(ev, &skip()).unwrap();
    assert_eq!(report.rejects.len(), 2);
    let r = &report.rejects[0];
    assert_eq!(
        (r.kind, r.line, r.column, r.reason.as_str(), r.raw.as_str()),
        (
            "event",
            2,
            1,
            "no lead with key `zz`",
            "zz,demo_request,2024-05-01"
        )
    );
}

#[test]
fn bad_events() {
    let e = with_events(
        "lead,event,at\na,signup,2024-05-01\n",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!((e.file.as_str(), e.line, e.column), ("events.csv", 2, 3));
    assert_eq!(
        e.message,
        "unknown event type `signup`: expected one of `page_view`, `demo_request`"
    );
    let e = with_events(
        "lead,event,at\na,demo_request,yesterday\n",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (2, 16));
    let e = with_events(
        "lead,event,at,url\na,page_view,2024-05-01,\n",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 24, "required field `url` is empty")
    );
    let e = with_events(
        "lead,event,at\na,page_view,2024-05-01\n",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("no `url` column"), "{}", e.message);
    let e = with_events("lead,at\n", &skip()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert!(
        e.message.starts_with("missing column `event`"),
        "{}",
        e.message
    );
    let (_, report) = with_events(
        "lead,event,at\na,signup,2024-05-01\nb,demo_request,2024-05-01\n",
        &skip(),
    )
    .unwrap();
    assert_eq!(report.event_rows, 2);
    assert_eq!(report.rejects.len(), 1);
}

#[test]
fn events_of_rejected_leads_become_orphans() {
    let leads = "id,employees\na,1\nb,x\n";
    let ev = "lead,event,at\nb,demo_request,2024-05-01\n";
    let (_, report) = load_str(
        &schema(SCHEMA),
        "leads.csv",
        leads,
        Some(("events.csv", ev)),
        &skip(),
    )
    .unwrap();
    assert_eq!(report.orphan_events, 1);
    assert_eq!(
        report.rejects.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["lead", "event"]
    );
}

#[test]
fn int_keys_match_across_files() {
    let s = schema("lead { key id: int } event demo_request {}");
    let ev = "{\"lead\": 42, \"event\": \"demo_request\", \"at\": \"2024-05-01\"}\n";
    let (data, report) = load_str(
        &s,
        "l.csv",
        "id\n042\n",
        Some(("e.jsonl", ev)),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(report.orphan_events, 0);
    assert_eq!(data.events[0].len(), 1);
}

#[test]
fn multiline_quoted_field_locates_later_cells() {
    let text = "id,employees\n\"a\nb\",x\nc,1\n";
    let (data, report) = load_leads(text, &skip()).unwrap();
    assert_eq!(data.leads[0].line, 4);
    let r = &report.rejects[0];
    assert_eq!((r.line, r.column, r.raw.as_str()), (3, 4, "\"a\nb\",x"));
}

#[test]
fn formats_from_paths_and_files() {
    assert_eq!(Format::from_path(Path::new("x.TSV")), Some(Format::Csv));
    assert_eq!(
        Format::from_path(Path::new("x.ndjson")),
        Some(Format::Jsonl)
    );
    assert_eq!(Format::from_path(Path::new("x")), None);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("leads.csv");
    std::fs::write(&p, "id,employees\na,1\n").unwrap();
    let (data, _) = load(&schema(SCHEMA), &p, None, &LoadOptions::default()).unwrap();
    assert_eq!(data.leads.len(), 1);
    std::fs::write(&p, b"id,employees\n\xff,1\n").unwrap();
    let e = load(&schema(SCHEMA), &p, None, &LoadOptions::default()).unwrap_err();
    assert_eq!((e.line, e.column), (2, 1));
    let e = load(
        &schema(SCHEMA),
        &dir.path().join("nope.csv"),
        None,
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(e.message.starts_with("cannot read the file"));
}

#[test]
fn lone_carriage_returns_end_lines() {
    let e = err("id,employees\rA,1\rB,x\r");
    assert_eq!((e.line, e.column), (3, 3), "{e}");
}
