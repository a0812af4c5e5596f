use super::*;
use crate::diag::Source;
use crate::schema::{Schema, Type};

fn parse(text: &str) -> Schema {
    match Schema::parse(Source::new("x", text)) {
        Ok(s) => s,
        Err(e) => panic!("inferred schema does not parse: {e}\n{text}"),
    }
}

const LEADS: &str = "\
name,id,employees,revenue,is_customer,created_at,seniority,email,emp.var.rate,when
Ann,1,10,1.5,yes,2024-05-01,vp,ann@x.io,1.1,a
Bob,2,20,,no,2024-05-02T10:00:00Z,vp,bob@x.io,1.1,b
Cy,3,30,3,Yes,2024-05-03,self-employed,cy@x.io,1.1,c
Di,4,40,4.25,no,2024-05-04,vp,di@x.io,1.1,d
";

#[test]
fn infers_types_key_enum_and_optional() {
    let text = infer_str("leads.csv", LEADS, None).unwrap();
    assert!(
        text.starts_with(
            "# Drafted by `leadscore schema infer` from leads.csv (4 rows); review before use.\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  # skipped column \"emp.var.rate\": not a valid field name\n"),
        "{text}"
    );
    assert!(
        text.contains("  # skipped column \"when\": `when` is a reserved word\n"),
        "{text}"
    );
    assert!(
        text.contains("  seniority: enum { vp, \"self-employed\" }\n"),
        "{text}"
    );
    let s = parse(&text);
    assert_eq!(s.key_field().name, "id");
    assert_eq!(s.key_field().ty, Type::Int);
    let ty = |n: &str| s.fields[s.field(n).unwrap()].clone();
    assert_eq!(ty("name").ty, Type::String);
    assert_eq!(ty("employees").ty, Type::Int);
    assert_eq!(
        (ty("revenue").ty, ty("revenue").optional),
        (Type::Number, true)
    );
    assert!(!ty("employees").optional);
    assert_eq!(ty("is_customer").ty, Type::Bool);
    assert_eq!(ty("created_at").ty, Type::Timestamp);
    assert_eq!(
        ty("seniority").ty,
        Type::Enum(vec!["vp".into(), "self-employed".into()])
    );
    assert_eq!(ty("email").ty, Type::String);
    assert_eq!(s.fields.len(), 8);
}

#[test]
fn key_prefers_named_columns_then_first_unique() {
    let text = infer_str("l.csv", "a,email\nx,p@q\nx,r@s\n", None).unwrap();
    assert!(text.contains("  key email: string\n"), "{text}");
    let text = infer_str("l.csv", "a,b\nx,1\ny,1\n", None).unwrap();
    assert!(text.contains("  key a: string\n"), "{text}");
    parse(&text);
}

#[test]
fn no_unique_column_says_so() {
    let text = infer_str("l.csv", "a,b\nx,1\nx,1\n", None).unwrap();
    assert!(
        text.contains("# no column has unique values: add an id column or score with --row-key\n"),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with("  key ")), "{text}");
    assert!(Schema::parse(Source::new("x", text.as_str())).is_err());
}

#[test]
fn ones_and_zeros_are_ints_and_free_text_stays_string() {
    let text = infer_str(
        "l.csv",
        "id,flag,note\n1,1,alpha\n2,0,beta\n3,1,gamma\n4,0,delta\n",
        None,
    )
    .unwrap();
    let s = parse(&text);
    assert_eq!(s.fields[s.field("flag").unwrap()].ty, Type::Int);
    assert_eq!(s.fields[s.field("note").unwrap()].ty, Type::String);
}

#[test]
fn events_grouped_by_type() {
    let ev = "lead,event,at,url,seconds,plan\n\
              1,page_view,2024-05-01,/a,30,\n\
              2,page_view,2024-05-01,/b,,\n\
              1,demo_request,2024-05-02,,,\n\
              1,trial,2024-05-03,,,\"pro plan\"\n\
              1,bad-name,2024-05-03,,,\n\
              1,score,2024-05-03,,,\n";
    let text = infer_str("leads.csv", LEADS, Some(("events.csv", ev))).unwrap();
    assert!(
        text.contains("from leads.csv (4 rows) and events.csv (6 rows)"),
        "{text}"
    );
    assert!(
        text.contains("event page_view {\n  url: string\n  seconds: int?\n}\n"),
        "{text}"
    );
    assert!(text.contains("event demo_request {}\n"), "{text}");
    assert!(
        text.contains("# skipped event type \"bad-name\": not a valid name\n"),
        "{text}"
    );
    assert!(
        text.contains("# skipped event type \"score\": `score` is a reserved word\n"),
        "{text}"
    );
    let s = parse(&text);
    assert_eq!(
        s.events.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["page_view", "demo_request", "trial"]
    );
    assert_eq!(s.events[2].attrs[0].ty, Type::String);
    // The draft loads the data it was drawn from, less the event types it skipped.
    let opts = crate::data::load::LoadOptions {
        on_error: crate::data::load::OnError::Skip,
        ..Default::default()
    };
    let (data, report) =
        crate::data::load::load_str(&s, "leads.csv", LEADS, Some(("events.csv", ev)), &opts)
            .unwrap();
    assert_eq!(data.leads.len(), 4);
    assert_eq!(
        report.rejects.iter().map(|r| r.line).collect::<Vec<_>>(),
        [6, 7]
    );
}

#[test]
fn events_without_event_column_fail() {
    let e = infer_str(
        "l.csv",
        "id\n1\n",
        Some(("e.csv", "lead,at\n1,2024-05-01\n")),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
}

#[test]
fn jsonl_input() {
    let text =
        "{\"id\": \"a\", \"n\": 1, \"ok\": true}\n{\"id\": \"b\", \"n\": null, \"ok\": false}\n";
    let out = infer_str("l.jsonl", text, None).unwrap();
    let s = parse(&out);
    assert_eq!(s.fields[s.field("n").unwrap()].ty, Type::Int);
    assert!(s.fields[s.field("n").unwrap()].optional);
    assert_eq!(s.fields[s.field("ok").unwrap()].ty, Type::Bool);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
    #[test]
    fn arbitrary_text_never_panics(text in "[a-z0-9é,;\"\\n\\r\\t {}:\\[\\]._-]{0,80}") {
        let s = parse("lead { key id: string  n: int? } event e { x: int? }");
        let skip = crate::data::load::LoadOptions { on_error: crate::data::load::OnError::Skip, ..Default::default() };
        for name in ["l.csv", "l.jsonl", "l.tsv"] {
            let _ = infer_str(name, &text, Some((name, &text)));
            let _ = crate::data::load::load_str(&s, name, &text, Some((name, &text)), &skip);
            let _ = crate::data::load::load_str(&s, name, &text, Some((name, &text)), &Default::default());
        }
    }
}
