//! Explain traces add up: rule contributions sum to each score's `sum`, `value` is the
//! outcome's score, clamps show before and after, short-circuited parts are marked.

mod common;

use common::*;
use leadscore::eval::explain::{render_text, Trace};
use leadscore::eval::Outcome;
use leadscore::ir::{Program, ScoreKind};

fn explain(
    body: &str,
    lead: &[(&str, &str)],
    events: &[Ev],
    as_of: &str,
) -> (Program, Outcome, Trace) {
    let p = program(body);
    let l = build_lead(&p.schema, lead);
    let e = build_events(&p.schema, events);
    let (o, t) = leadscore::eval::explain(&p, &l, &e, ts(as_of));
    assert_eq!(
        o,
        leadscore::eval::evaluate(&p, &l, &e, ts(as_of)),
        "explain and evaluate disagree"
    );
    (p, o, t)
}

/// The invariants every trace must keep.
fn check_adds_up(p: &Program, o: &Outcome, t: &Trace) {
    assert_eq!(t.scores.len(), p.scores.len());
    let mut k = 0;
    for (i, (s, st)) in p.scores.iter().zip(&t.scores).enumerate() {
        assert_eq!(st.name, s.name);
        assert_eq!(st.value, o.scores[i], "value of `{}`", s.name);
        assert_eq!(st.clamp, s.clamp);
        match &s.kind {
            ScoreKind::Rules(rules) => {
                assert_eq!(st.rules.len(), rules.len());
                let mut sum = 0.0;
                for r in &st.rules {
                    sum += r.contribution;
                    assert_eq!(r.contribution, o.contributions[k], "rule `{}`", r.name);
                    k += 1;
                    if !r.fired {
                        assert_eq!(
                            r.contribution, 0.0,
                            "rule `{}` did not fire but contributed",
                            r.name
                        );
                    }
                    if !r.events.is_empty() {
                        let mut ev_sum = 0.0;
                        for e in &r.events {
                            ev_sum += e.points;
                        }
                        assert!(
                            (ev_sum - r.points_before_cap).abs() < 1e-9,
                            "rule `{}`: events {} vs {}",
                            r.name,
                            ev_sum,
                            r.points_before_cap
                        );
                    }
                }
                assert_eq!(sum, st.sum, "sum of `{}`", s.name);
                let want = st.clamp.map_or(st.sum, |(lo, hi)| st.sum.clamp(lo, hi));
                assert_eq!(st.value, want, "clamp of `{}`", s.name);
            }
            ScoreKind::Derived(_) => {
                assert!(st.formula.is_some());
                assert!(st.rules.is_empty());
            }
        }
    }
    assert_eq!(k, o.contributions.len());
}

const RUBRIC: &str = r#"
score fit clamp 0..20 {
  rule "Big"        when employees >= 100 and revenue > 1     award 30 cap 25
  rule "Senior"     when seniority in [vp, c_level] or active   award 5
  rule "Student"    when lower(title) contains "student"       deduct 3
  rule "Adjust"     when adjustment is present                  award adjustment
}
score engagement decay half_life 30d {
  rule "Pricing"    each page_view where url starts_with "/pricing" within 30d  award 10 cap 15
  rule "Demo"       any demo_request within 60d                 award 8
  rule "Ignored"    each email_sent not followed by email_open within 3d  deduct 5 no_decay
  rule "Frequent"   when count(page_view within 7d) >= 2         award 2
}
total = fit + engagement clamp 0..30
tiers on total { cold up to 10  warm up to 20  hot above 20 }
route {
  when tier == hot and employees >= 100   assign "ae"
  when total >= 5                         notify "m"
  otherwise                               nurture "drip"
}
"#;

const BUSY: &[Ev] = &[
    (
        "page_view",
        "2024-05-31",
        &[("url", "/pricing"), ("seconds", "40")],
    ),
    (
        "page_view",
        "2024-05-20T06:00:00Z",
        &[("url", "/pricing/x")],
    ),
    ("page_view", "2024-05-30", &[("url", "/pricing")]),
    ("page_view", "2024-05-30", &[("url", "/blog")]),
    ("demo_request", "2024-05-02", &[]),
    ("email_sent", "2024-05-10", &[]),
    ("email_sent", "2024-05-20", &[]),
    ("email_open", "2024-05-21", &[]),
];

#[test]
fn busy_lead_adds_up_and_shows_clamps() {
    let lead = [
        ("id", "B1"),
        ("employees", "500"),
        ("revenue", "3"),
        ("seniority", "vp"),
        ("title", "CTO"),
    ];
    let (p, o, t) = explain(RUBRIC, &lead, BUSY, AS_OF);
    check_adds_up(&p, &o, &t);
    // fit: Big 30 → cap 25, Senior 5 → 30 → clamp 0..20 → 20.
    let fit = &t.scores[0];
    assert_eq!(fit.rules[0].points_before_cap, 30.0);
    assert_eq!(fit.rules[0].contribution, 25.0);
    assert_eq!(fit.sum, 30.0);
    assert_eq!(fit.value, 20.0);
    // engagement: 3 pricing events (uncapped sum above 15 → 15), demo at 30d → 4, one ignored mail −5, 2 views in 7d +2.
    let eng = &t.scores[1];
    assert_eq!(eng.rules[0].contribution, 15.0);
    assert_eq!(eng.rules[0].events.len(), 3);
    assert_eq!(eng.rules[1].contribution, 4.0);
    assert_eq!(eng.rules[1].events.len(), 1);
    assert_eq!(eng.rules[2].contribution, -5.0);
    assert_eq!(eng.rules[3].contribution, 2.0);
    assert_eq!(eng.sum, 16.0);
    assert_eq!(eng.value, 16.0);
    // total = 20 + 16 = 36 → clamp 0..30 → 30.
    let total = &t.scores[2];
    assert_eq!(total.formula.as_deref(), Some("fit + engagement"));
    assert_eq!(total.sum, 36.0);
    assert_eq!(total.value, 30.0);
    assert_eq!(o.scores, vec![20.0, 16.0, 30.0]);
    let text = render_text(&t, false);
    assert!(text.contains("clamped to 0..20: 30 → 20"), "{text}");
    assert!(text.contains("clamped to 0..30: 36 → 30"), "{text}");
    assert!(text.contains("capped at 25: +30 → +25"), "{text}");
    assert!(!text.contains("no rule fired"), "{text}");
    assert!(!text.contains('\x1b'), "colour codes in plain text");
}

#[test]
fn short_circuited_and_or_parts_are_not_evaluated() {
    let lead = [
        ("id", "S1"),
        ("employees", "5"),
        ("revenue", "3"),
        ("active", "true"),
        ("seniority", "vp"),
    ];
    let (p, o, t) = explain(RUBRIC, &lead, &[], AS_OF);
    check_adds_up(&p, &o, &t);
    let big = &t.scores[0].rules[0];
    assert!(!big.fired);
    assert_eq!(big.checks.len(), 2);
    assert_eq!(big.checks[0].text.trim(), "employees >= 100");
    assert_eq!(big.checks[0].result, Some(false));
    assert_eq!(big.checks[1].text.trim(), "revenue > 1");
    assert_eq!(
        big.checks[1].result, None,
        "the `and` was decided by its first part"
    );
    assert!(big.checks[1].values.is_empty());
    let senior = &t.scores[0].rules[1];
    assert!(senior.fired);
    assert_eq!(senior.checks[0].result, Some(true));
    assert_eq!(
        senior.checks[1].result, None,
        "the `or` was decided by its first part"
    );
    let text = render_text(&t, false);
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("revenue > 1") && l.ends_with(": not evaluated")),
        "{text}"
    );
}

#[test]
fn both_and_parts_evaluated_when_first_is_true() {
    let lead = [("id", "S2"), ("employees", "500"), ("revenue", "0.5")];
    let (p, o, t) = explain(RUBRIC, &lead, &[], AS_OF);
    check_adds_up(&p, &o, &t);
    let big = &t.scores[0].rules[0];
    assert!(!big.fired);
    assert_eq!(big.checks[0].result, Some(true));
    assert_eq!(big.checks[1].result, Some(false));
    assert_eq!(
        big.checks[1].values,
        vec![("revenue".to_string(), "0.5".to_string())]
    );
}

#[test]
fn no_rule_fired() {
    let lead = [
        ("id", "N1"),
        ("employees", "1"),
        ("active", "false"),
        ("seniority", "manager"),
    ];
    let (p, o, t) = explain(RUBRIC, &lead, &[], AS_OF);
    check_adds_up(&p, &o, &t);
    for s in &t.scores[..2] {
        assert!(s.rules.iter().all(|r| !r.fired), "{}", s.name);
        assert_eq!(s.sum, 0.0);
        assert_eq!(s.value, 0.0);
    }
    assert_eq!(o.scores, vec![0.0, 0.0, 0.0]);
    assert_eq!(o.queue.as_ref().map(|q| q.1.as_str()), Some("drip"));
    let text = render_text(&t, false);
    assert!(text.contains("no rule fired"), "{text}");
    assert!(!text.contains("clamped to"), "{text}");
}

#[test]
fn no_rule_fired_single_score() {
    let (p, o, t) = explain(
        r#"score s { rule "r" when employees > 10 award 1 }"#,
        &[("id", "N2")],
        &[],
        AS_OF,
    );
    check_adds_up(&p, &o, &t);
    assert_eq!(t.scores[0].rules[0].checks[0].result, Some(false));
    assert_eq!(
        t.scores[0].rules[0].checks[0].values,
        vec![("employees".to_string(), "missing".to_string())]
    );
    assert!(render_text(&t, false).contains("no rule fired"));
}

#[test]
fn adjustment_rule_awards_the_field() {
    let lead = [("id", "M1"), ("adjustment", "4.5")];
    let (p, o, t) = explain(RUBRIC, &lead, &[], AS_OF);
    check_adds_up(&p, &o, &t);
    let adj = &t.scores[0].rules[3];
    assert!(adj.fired);
    assert_eq!(adj.contribution, 4.5);
    assert_eq!(t.scores[0].value, 4.5);
}

#[test]
fn decayed_event_hits_are_listed() {
    let at = "2024-05-12T15:30:00Z";
    let (p, o, t) = explain(
        RUBRIC,
        &[("id", "D1")],
        &[
            ("page_view", at, &[("url", "/pricing")]),
            ("demo_request", at, &[]),
        ],
        AS_OF,
    );
    check_adds_up(&p, &o, &t);
    let age = ts(AS_OF) - ts(at);
    let pricing = &t.scores[1].rules[0];
    assert_eq!(pricing.events.len(), 1);
    assert_eq!(
        pricing.events[0].factor,
        0.5f64.powf(age as f64 / (30 * DAY) as f64)
    );
    assert_eq!(pricing.events[0].age_days, age as f64 / 86400.0);
    assert_eq!(pricing.contribution, half_life(10.0, age, 30 * DAY));
    assert_eq!(
        t.scores[1].rules[1].contribution,
        half_life(8.0, age, 30 * DAY)
    );
}

#[test]
fn within_clamp_is_said_so() {
    let (p, o, t) = explain(
        r#"score s clamp 0..10 { rule "r" when true award 4 }"#,
        &[("id", "W1")],
        &[],
        AS_OF,
    );
    check_adds_up(&p, &o, &t);
    assert_eq!(t.scores[0].sum, 4.0);
    assert_eq!(t.scores[0].value, 4.0);
    let text = render_text(&t, false);
    assert!(text.contains("within clamp 0..10"), "{text}");
}

#[test]
fn clamped_from_below() {
    let (p, o, t) = explain(
        r#"score s clamp 0..10 { rule "r" when true deduct 4  rule "q" when true deduct 1.5 }"#,
        &[("id", "W2")],
        &[],
        AS_OF,
    );
    check_adds_up(&p, &o, &t);
    assert_eq!(t.scores[0].sum, -5.5);
    assert_eq!(t.scores[0].value, 0.0);
    assert!(render_text(&t, false).contains("clamped to 0..10: -5.5 → 0"));
}

#[test]
fn tiers_and_routes_are_traced() {
    let lead = [
        ("id", "B1"),
        ("employees", "500"),
        ("revenue", "3"),
        ("seniority", "vp"),
    ];
    let (p, o, t) = explain(RUBRIC, &lead, BUSY, AS_OF);
    check_adds_up(&p, &o, &t);
    assert_eq!(t.tiers.len(), 1);
    assert_eq!(t.tiers[0].tier, "hot");
    assert_eq!(t.tiers[0].value, 30.0);
    assert_eq!(t.routes.len(), 3);
    assert!(t.routes[0].matched && t.routes[1].matched && !t.routes[2].matched);
    assert_eq!(o.queue.as_ref().map(|q| q.1.as_str()), Some("ae"));
    assert_eq!(o.notify, vec!["m"]);
}

#[test]
fn check_texts_are_the_test_as_written() {
    // Not part of the scoring contract, but what explain shows people: each check is the
    // source text of the test, without the whitespace that followed it in the rubric.
    let lead = [("id", "S1"), ("employees", "5")];
    let (_, _, t) = explain(RUBRIC, &lead, &[], AS_OF);
    let texts: Vec<&str> = t
        .scores
        .iter()
        .flat_map(|s| {
            s.rules
                .iter()
                .flat_map(|r| r.checks.iter().map(|c| c.text.as_str()))
        })
        .collect();
    assert!(texts.len() >= 7, "{texts:?}");
    for text in texts.iter().chain(
        t.routes
            .iter()
            .flat_map(|r| r.checks.iter().map(|c| c.text.as_str()))
            .collect::<Vec<_>>()
            .iter(),
    ) {
        assert_eq!(
            *text,
            text.trim(),
            "check text {text:?} has surrounding whitespace"
        );
    }
}

#[test]
fn lowered_tests_read_as_one_check() {
    let body = "score s {\n  rule \"List\" when employees in [100, 500] award 1\n  rule \"Not vp\" when seniority != vp award 1\n}\n\
                route {\n  sample 50% assign \"review\"\n  otherwise nurture \"drip\"\n}";
    let lead = [("id", "S1"), ("employees", "100")];
    let (p, o, t) = explain(body, &lead, &[], AS_OF);
    check_adds_up(&p, &o, &t);
    let list = &t.scores[0].rules[0];
    assert_eq!(list.checks.len(), 1, "{:?}", list.checks);
    assert_eq!(list.checks[0].text, "employees in [100, 500]");
    assert_eq!(list.checks[0].result, Some(true));
    let not_vp = &t.scores[0].rules[1];
    assert_eq!(not_vp.checks.len(), 1, "{:?}", not_vp.checks);
    assert_eq!(
        not_vp.checks[0].result,
        Some(false),
        "a missing seniority is not `!= vp`"
    );
    let sample = &t.routes[0].checks;
    assert_eq!(sample.len(), 1);
    assert!(sample[0].text.starts_with("sample 50%"));
    assert_eq!(sample[0].values[0].0, "draw");
    assert_eq!(sample[0].result, Some(t.routes[0].matched));
}
