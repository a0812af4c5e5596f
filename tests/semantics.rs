//! The meaning of every construct of the `.score` language, one small test each, in the
//! style of jaq's one-line tests. The reference interpreter (`eval::evaluate`) is the oracle.
//!
//! `c!(name, [overrides], "condition" => bool)` scores `rule "r" when CONDITION award 1` on
//! the standard lead (see `base_lead`; an override of "" makes a field missing).
//! `t!(name, body, lead, events, as_of => "score" == value)` scores a whole rubric body.

mod common;

use common::*;
use leadscore::syntax::ast::ActionKind;

/// The standard lead. `adjustment` is missing; `created_at` is 10 days before `AS_OF`.
fn base_lead() -> Vec<(&'static str, &'static str)> {
    vec![
        ("id", "L1"),
        ("employees", "10"),
        ("revenue", "2.5"),
        ("active", "true"),
        ("title", "Graduate Student"),
        ("email", "ann@gmail.com"),
        ("created_at", "2024-05-22T00:00:00Z"),
        ("contacted_at", "2024-05-25"),
        ("seniority", "vp"),
    ]
}

/// The standard lead with some fields replaced ("" = missing).
fn with<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut lead: Vec<(&str, &str)> = base_lead()
        .into_iter()
        .filter(|(k, _)| !overrides.iter().any(|(o, _)| o == k))
        .collect();
    lead.extend(overrides.iter().copied());
    lead
}

macro_rules! c {
    ($name:ident, $cond:expr => $want:expr) => {
        c!($name, [], $cond => $want);
    };
    ($name:ident, [$(($k:expr, $v:expr)),* $(,)?], $cond:expr => $want:expr) => {
        #[test]
        fn $name() {
            let lead = with(&[$(($k, $v)),*]);
            let body = format!("score s {{ rule \"r\" when {} award 1 }}", $cond);
            let (p, o) = run(&body, &lead, &[], AS_OF);
            let want: bool = $want;
            assert_eq!(score_of(&o, &p, "s"), if want { 1.0 } else { 0.0 }, "`{}` should be {}", $cond, want);
        }
    };
}

macro_rules! t {
    ($name:ident, $body:expr, $lead:expr, $events:expr, $as_of:expr => $score:literal == $want:expr) => {
        #[test]
        fn $name() {
            let (p, o) = run($body, $lead, $events, $as_of);
            let got = score_of(&o, &p, $score);
            let want = ($want) as f64;
            assert_eq!(got, want, "score `{}` of:\n{}", $score, $body);
        }
    };
}

const L: &[(&str, &str)] = &[("id", "L1")];

// ------------------------------------------------------------------ comparisons

c!(num_eq_true, "employees == 10" => true);
c!(num_eq_false, "employees == 11" => false);
c!(num_ne_true, "employees != 11" => true);
c!(num_ne_false, "employees != 10" => false);
c!(num_lt_true, "employees < 11" => true);
c!(num_lt_false_at_equal, "employees < 10" => false);
c!(num_le_true_at_equal, "employees <= 10" => true);
c!(num_le_false, "employees <= 9" => false);
c!(num_gt_true, "employees > 9" => true);
c!(num_gt_false_at_equal, "employees > 10" => false);
c!(num_ge_true_at_equal, "employees >= 10" => true);
c!(num_ge_false, "employees >= 11" => false);
c!(decimal_eq, "revenue == 2.5" => true);
c!(constant_on_left, "11 > employees" => true);
c!(field_vs_field, "employees > revenue" => true);
c!(str_eq_true, r#"title == "Graduate Student""# => true);
c!(str_eq_is_case_sensitive, r#"title == "graduate student""# => false);
c!(str_ne_true, r#"title != "x""# => true);
c!(str_ne_false, r#"title != "Graduate Student""# => false);
c!(bool_field_alone, "active" => true);
c!(bool_field_false, [("active", "false")], "active" => false);
c!(bool_eq_true, "active == true" => true);
c!(bool_eq_false, "active == false" => false);
c!(bool_ne, "active != false" => true);
c!(bool_literal_true, "true" => true);
c!(ts_lt_ts, "created_at < contacted_at" => true);
c!(ts_ge_ts, "created_at >= contacted_at" => false);
c!(ts_eq_self, "created_at == created_at" => true);

// ------------------------------------------------------------------ and / or / not

c!(and_both_true, "employees > 5 and revenue < 3" => true);
c!(and_one_false, "employees > 5 and revenue > 3" => false);
c!(and_three_parts, "employees > 5 and revenue < 3 and active" => true);
c!(or_one_true, "employees > 50 or revenue < 3" => true);
c!(or_both_false, "employees > 50 or revenue > 3" => false);
c!(not_false_is_true, "not employees > 50" => true);
c!(not_true_is_false, "not (employees > 5)" => false);
c!(double_not, "not not employees > 5" => true);
c!(and_binds_tighter_than_or, "employees > 50 and revenue > 3 or active" => true);
c!(and_binds_tighter_than_or_2, "active or employees > 50 and revenue > 3" => true);
c!(parens_change_grouping, "(active or employees > 50) and revenue > 3" => false);
c!(not_binds_to_one_comparison, "not employees > 5 or active" => true);
c!(not_binds_to_one_comparison_2, "not employees > 50 and revenue > 3" => false);

// ------------------------------------------------------------------ in lists and ranges

c!(enum_eq, "seniority == vp" => true);
c!(enum_eq_other, "seniority == director" => false);
c!(enum_eq_quoted, r#"seniority == "vp""# => true);
c!(enum_ne, "seniority != vp" => false);
c!(enum_ne_other, "seniority != director" => true);
c!(enum_in_list, "seniority in [c_level, vp]" => true);
c!(enum_in_list_miss, "seniority in [director, manager]" => false);
c!(enum_in_quoted_list, r#"seniority in ["vp", "director"]"# => true);
c!(enum_not_in, "seniority not in [director]" => true);
c!(enum_not_in_false, "seniority not in [vp, director]" => false);
c!(str_in_list, r#"title in ["x", "Graduate Student"]"# => true);
c!(str_in_list_miss, r#"title in ["x", "y"]"# => false);
c!(str_not_in_list, r#"title not in ["x", "y"]"# => true);
c!(str_not_in_list_false, r#"title not in ["Graduate Student"]"# => false);
c!(num_in_list, "employees in [1, 10]" => true);
c!(num_in_list_miss, "employees in [1, 2]" => false);
c!(num_not_in_list, "employees not in [1, 2]" => true);
c!(num_in_list_decimal, "revenue in [2.5, 3]" => true);
c!(num_in_list_negative, [("revenue", "-2")], "revenue in [-2, 3]" => true);
c!(range_low_end_in, [("employees", "50")], "employees in 50..249" => true);
c!(range_high_end_in, [("employees", "249")], "employees in 50..249" => true);
c!(range_above_out, [("employees", "250")], "employees in 50..249" => false);
c!(range_below_out, [("employees", "49")], "employees in 50..249" => false);
c!(range_middle_in, [("employees", "100")], "employees in 50..249" => true);
c!(range_not_in, [("employees", "250")], "employees not in 50..249" => true);
c!(range_not_in_false, [("employees", "50")], "employees not in 50..249" => false);
c!(range_decimal_bounds, [("revenue", "249.5")], "revenue in 50..249" => false);
c!(range_decimal_inside, "revenue in 2.5..2.75" => true);
c!(range_negative, [("revenue", "-3")], "revenue in -5..-1" => true);

// ------------------------------------------------------------------ text tests

c!(contains_true, r#"title contains "Student""# => true);
c!(contains_case_sensitive, r#"title contains "student""# => false);
c!(lower_contains, r#"lower(title) contains "student""# => true);
c!(lower_eq, r#"lower(title) == "graduate student""# => true);
c!(lower_in_list, r#"lower(title) in ["graduate student"]"# => true);
c!(starts_with_true, r#"title starts_with "Grad""# => true);
c!(starts_with_false, r#"title starts_with "Student""# => false);
c!(ends_with_true, r#"email ends_with "@gmail.com""# => true);
c!(ends_with_false, r#"email ends_with "@yahoo.com""# => false);
c!(ends_with_or, r#"email ends_with "@yahoo.com" or email ends_with "@gmail.com""# => true);
c!(contains_empty_needle, r#"title contains """# => true);

// ------------------------------------------------------------------ is missing / is present

c!(is_missing_true, "adjustment is missing" => true);
c!(is_missing_false, "employees is missing" => false);
c!(is_present_true, "employees is present" => true);
c!(is_present_false, "adjustment is present" => false);
c!(is_not_missing_true, "employees is not missing" => true);
c!(is_not_missing_false, "adjustment is not missing" => false);
c!(is_not_present_true, "adjustment is not present" => true);
c!(is_not_present_false, "employees is not present" => false);
c!(text_is_missing, [("email", "")], "email is missing" => true);
c!(text_is_present, "email is present" => true);
c!(enum_is_missing, [("seniority", "")], "seniority is missing" => true);
c!(enum_is_present, "seniority is present" => true);
c!(ts_is_missing, [("created_at", "")], "created_at is missing" => true);
c!(ts_is_present, "created_at is present" => true);
c!(bool_is_missing, [("active", "")], "active is missing" => true);
c!(bool_false_is_present, [("active", "false")], "active is present" => true);
c!(lower_of_missing_is_missing, [("title", "")], "lower(title) is missing" => true);

// ------------------------------------------------------------------ missing values

c!(missing_gt_false, "adjustment > 0" => false);
c!(missing_lt_false, "adjustment < 0" => false);
c!(missing_eq_false, "adjustment == 0" => false);
c!(missing_ne_false, "adjustment != 0" => false);
c!(missing_le_false, "adjustment <= 0" => false);
c!(missing_ge_false, "adjustment >= 0" => false);
c!(missing_in_list_false, "adjustment in [0, 1]" => false);
c!(missing_in_range_false, "adjustment in -1000..1000" => false);
c!(not_of_missing_comparison_is_true, [("employees", "")], "not (employees > 10)" => true);
c!(not_of_missing_comparison_no_parens, [("employees", "")], "not employees > 10" => true);
c!(missing_and_anything_false, [("employees", "")], "employees > 10 and active" => false);
c!(missing_or_true, [("employees", "")], "employees > 10 or active" => true);
c!(missing_text_eq_false, [("email", "")], r#"email == "x""# => false);
c!(missing_text_ne_false, [("email", "")], r#"email != "x""# => false);
c!(missing_text_contains_false, [("email", "")], r#"email contains "@""# => false);
c!(missing_text_starts_with_false, [("email", "")], r#"email starts_with """# => false);
c!(missing_text_in_list_false, [("email", "")], r#"email in ["x"]"# => false);
c!(missing_lower_contains_false, [("title", "")], r#"lower(title) contains "student""# => false);
c!(missing_enum_eq_false, [("seniority", "")], "seniority == vp" => false);
c!(missing_enum_in_false, [("seniority", "")], "seniority in [vp, director]" => false);
// `!=` is a comparison too: with the value missing it must be false, as for numbers and text.
c!(missing_enum_ne_false, [("seniority", "")], "seniority != vp" => false);
c!(missing_bool_alone_false, [("active", "")], "active" => false);
c!(missing_bool_eq_true_false, [("active", "")], "active == true" => false);
c!(missing_bool_eq_false_false, [("active", "")], "active == false" => false);
c!(missing_bool_ne_false, [("active", "")], "active != true" => false);
c!(missing_ts_cmp_false, [("contacted_at", "")], "created_at < contacted_at" => false);
c!(missing_ts_days_since_false, [("created_at", "")], "days_since(created_at) >= 0" => false);
c!(missing_days_since_is_missing, [("created_at", "")], "days_since(created_at) is missing" => true);

// ------------------------------------------------------------------ arithmetic

c!(arith_mul_add, "employees * 2 + 1 == 21" => true);
c!(arith_div, "employees / 4 == 2.5" => true);
c!(arith_sub_negative, "employees - 15 == -5" => true);
c!(arith_neg, "-employees == -10" => true);
c!(arith_precedence, "employees + 2 * 2 == 14" => true);
c!(arith_parens, "(employees + 2) * 2 == 24" => true);
c!(arith_left_assoc_sub, "employees - 3 - 2 == 5" => true);
c!(arith_left_assoc_div, "employees / 5 / 2 == 1" => true);
c!(arith_mixed_fields, "employees * revenue == 25" => true);
c!(arith_missing_is_missing, "(adjustment + 1) is missing" => true);
c!(arith_missing_cmp_false, "adjustment + 1 > -1000" => false);
c!(arith_missing_times_zero_missing, "adjustment * 0 is missing" => true);
c!(arith_missing_not_cmp_true, "not (adjustment + 1 > 0)" => true);
c!(neg_missing_is_missing, "-adjustment is missing" => true);
c!(div_by_zero_is_missing, "(employees / 0) is missing" => true);
c!(div_by_zero_cmp_false, "employees / 0 > 0" => false);
c!(div_by_zero_ne_false, "employees / 0 != 1" => false);
c!(div_by_computed_zero, "(employees / (employees - 10)) is missing" => true);
c!(zero_div_nonzero, "0 / employees == 0" => true);

// ------------------------------------------------------------------ durations and days_since

c!(duration_days_is_number, "7d == 7" => true);
c!(duration_hours_is_fraction, "12h == 0.5" => true);
c!(duration_weeks, "2w == 14" => true);
c!(duration_decimal, "1.5d == 1.5" => true);
c!(duration_arith, "7d + 12h == 7.5" => true);
c!(days_since_exact, "days_since(created_at) == 10" => true);
c!(days_since_vs_duration, "days_since(created_at) < 14d" => true);
c!(days_since_vs_duration_2, "days_since(created_at) < 10d" => false);
c!(days_since_half_day, [("created_at", "2024-05-31T12:00:00Z")], "days_since(created_at) == 0.5" => true);
c!(days_since_hour_fraction, [("created_at", "2024-05-31T18:00:00Z")], "days_since(created_at) == 6h" => true);
c!(days_since_future_negative, [("created_at", "2024-06-02")], "days_since(created_at) == -1" => true);
c!(days_since_at_as_of_zero, [("created_at", "2024-06-01T00:00:00Z")], "days_since(created_at) == 0" => true);

#[test]
fn days_since_is_seconds_over_86400() {
    let created = "2024-05-20T07:13:21Z";
    let (p, o) = run(
        "score s { rule \"r\" when true award days_since(created_at) }",
        &[("id", "L1"), ("created_at", created)],
        &[],
        AS_OF,
    );
    let want = (ts(AS_OF) - ts(created)) as f64 / 86400.0;
    assert_eq!(score_of(&o, &p, "s"), want);
}

#[test]
fn days_since_depends_on_as_of() {
    let p = program("score s { rule \"r\" when true award days_since(created_at) }");
    let lead = [("id", "L1"), ("created_at", "2024-05-01")];
    assert_eq!(run_program(&p, &lead, &[], "2024-05-11").scores[0], 10.0);
    assert_eq!(run_program(&p, &lead, &[], "2024-05-31").scores[0], 30.0);
}

// ------------------------------------------------------------------ points

t!(award_points, r#"score s { rule "r" when true award 5 }"#, L, &[], AS_OF => "s" == 5);
t!(deduct_points, r#"score s { rule "r" when true deduct 5 }"#, L, &[], AS_OF => "s" == -5);
t!(award_decimal, r#"score s { rule "r" when true award 2.5 }"#, L, &[], AS_OF => "s" == 2.5);
t!(deduct_decimal, r#"score s { rule "r" when true deduct 0.25 }"#, L, &[], AS_OF => "s" == -0.25);
t!(award_negative_expr, r#"score s { rule "r" when true award -3 }"#, L, &[], AS_OF => "s" == -3);
t!(deduct_negative_expr_awards, r#"score s { rule "r" when true deduct -3 }"#, L, &[], AS_OF => "s" == 3);
t!(award_duration, r#"score s { rule "r" when true award 12h }"#, L, &[], AS_OF => "s" == 0.5);
t!(not_fired_gives_zero, r#"score s { rule "r" when false award 5 }"#, L, &[], AS_OF => "s" == 0);
t!(rules_add_up, r#"score s { rule "a" when true award 5  rule "b" when true deduct 2  rule "c" when false award 100 }"#, L, &[], AS_OF => "s" == 3);
t!(empty_score_is_zero, "score s { }", L, &[], AS_OF => "s" == 0);
t!(award_field_expr, r#"score s { rule "r" when true award employees / 100 }"#, &[("id", "L1"), ("employees", "500")], &[], AS_OF => "s" == 5);
t!(award_expr_cap_limits, r#"score s { rule "r" when true award employees / 100 cap 10 }"#, &[("id", "L1"), ("employees", "2500")], &[], AS_OF => "s" == 10);
t!(award_expr_cap_below, r#"score s { rule "r" when true award employees / 100 cap 10 }"#, &[("id", "L1"), ("employees", "999")], &[], AS_OF => "s" == 9.99);
t!(award_negative_value_cap, r#"score s { rule "r" when true award adjustment cap 15 }"#, &[("id", "L1"), ("adjustment", "-40")], &[], AS_OF => "s" == -15);
t!(deduct_cap, r#"score s { rule "r" when true deduct employees cap 3 }"#, &[("id", "L1"), ("employees", "10")], &[], AS_OF => "s" == -3);
t!(deduct_cap_not_reached, r#"score s { rule "r" when true deduct employees cap 30 }"#, &[("id", "L1"), ("employees", "10")], &[], AS_OF => "s" == -10);
t!(deduct_negative_capped, r#"score s { rule "r" when true deduct adjustment cap 3 }"#, &[("id", "L1"), ("adjustment", "-10")], &[], AS_OF => "s" == 3);
t!(cap_decimal, r#"score s { rule "r" when true award 10 cap 2.5 }"#, L, &[], AS_OF => "s" == 2.5);
t!(missing_points_give_zero, r#"score s { rule "r" when true award adjustment }"#, L, &[], AS_OF => "s" == 0);
t!(missing_points_give_zero_deduct, r#"score s { rule "r" when true deduct adjustment }"#, L, &[], AS_OF => "s" == 0);
t!(manual_adjustment_missing, r#"score s { rule "manual_adjustment" when adjustment is present award adjustment cap 15 }"#, L, &[], AS_OF => "s" == 0);
t!(manual_adjustment_present, r#"score s { rule "r" when adjustment is present award adjustment cap 15 }"#, &[("id", "L1"), ("adjustment", "7.5")], &[], AS_OF => "s" == 7.5);
t!(div_by_zero_points_zero, r#"score s { rule "r" when true award employees / 0  rule "b" when true award 1 }"#, &[("id", "L1"), ("employees", "3")], &[], AS_OF => "s" == 1);

#[test]
fn missing_adjustment_fires_rule_with_zero() {
    // `award adjustment` with no `when … is present`: the rule fires, but gives 0.
    let (p, o) = run(
        r#"score s { rule "r" when true award adjustment  rule "b" when true award 2 }"#,
        L,
        &[],
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 2.0);
    assert_eq!(o.contributions, vec![0.0, 2.0]);
}

// ------------------------------------------------------------------ windows

const EACH_PV_30D: &str = r#"score s { rule "r" each page_view within 30d award 1 }"#;

t!(window_exactly_at_edge_is_out, EACH_PV_30D, L, &[("page_view", "2024-05-02T00:00:00Z", &[("url", "/")])], AS_OF => "s" == 0);
t!(window_one_second_inside_is_in, EACH_PV_30D, L, &[("page_view", "2024-05-02T00:00:01Z", &[("url", "/")])], AS_OF => "s" == 1);
t!(window_at_as_of_is_in, EACH_PV_30D, L, &[("page_view", "2024-06-01T00:00:00Z", &[("url", "/")])], AS_OF => "s" == 1);
t!(window_after_as_of_is_out, EACH_PV_30D, L, &[("page_view", "2024-06-01T00:00:01Z", &[("url", "/")])], AS_OF => "s" == 0);
t!(window_hours, r#"score s { rule "r" each page_view within 12h award 1 }"#, L, &[
    ("page_view", "2024-05-31T12:00:00Z", &[("url", "/")]),
    ("page_view", "2024-05-31T12:00:01Z", &[("url", "/")]),
], AS_OF => "s" == 1);
t!(window_weeks, r#"score s { rule "r" each page_view within 1w award 1 }"#, L, &[
    ("page_view", "2024-05-25T00:00:00Z", &[("url", "/")]),
    ("page_view", "2024-05-25T00:00:01Z", &[("url", "/")]),
], AS_OF => "s" == 1);
t!(no_window_counts_all_past, r#"score s { rule "r" each page_view award 1 }"#, L, &[
    ("page_view", "2020-01-01", &[("url", "/")]),
    ("page_view", "2024-06-01", &[("url", "/")]),
    ("page_view", "2024-06-02", &[("url", "/")]),
], AS_OF => "s" == 2);
t!(count_ignores_future, r#"score s { rule "r" when true award count(page_view) }"#, L, &[
    ("page_view", "2024-05-01", &[("url", "/")]),
    ("page_view", "2024-06-01T00:00:01Z", &[("url", "/")]),
    ("page_view", "2025-01-01", &[("url", "/")]),
], AS_OF => "s" == 1);
t!(count_window_edges, r#"score s { rule "r" when true award count(page_view within 30d) }"#, L, &[
    ("page_view", "2024-05-02T00:00:00Z", &[("url", "/")]),
    ("page_view", "2024-05-02T00:00:01Z", &[("url", "/")]),
    ("page_view", "2024-06-01T00:00:00Z", &[("url", "/")]),
    ("page_view", "2024-06-01T00:00:01Z", &[("url", "/")]),
], AS_OF => "s" == 2);
t!(any_ignores_future, r#"score s { rule "r" any page_view award 4 }"#, L, &[("page_view", "2024-06-02", &[("url", "/")])], AS_OF => "s" == 0);
t!(any_cond_ignores_future, r#"score s { rule "r" when any(page_view) award 4 }"#, L, &[("page_view", "2024-06-02", &[("url", "/")])], AS_OF => "s" == 0);
t!(none_ignores_future, r#"score s { rule "r" when none(page_view) award 4 }"#, L, &[("page_view", "2024-06-02", &[("url", "/")])], AS_OF => "s" == 4);
t!(sum_ignores_future, r#"score s { rule "r" when true award sum(page_view.seconds) }"#, L, &[
    ("page_view", "2024-05-31", &[("url", "/"), ("seconds", "10")]),
    ("page_view", "2024-06-02", &[("url", "/"), ("seconds", "1000")]),
], AS_OF => "s" == 10);
t!(days_since_last_ignores_future, r#"score s { rule "r" when true award days_since(last page_view) }"#, L, &[
    ("page_view", "2024-05-31", &[("url", "/")]),
    ("page_view", "2024-06-03", &[("url", "/")]),
], AS_OF => "s" == 1);
t!(each_ignores_future, r#"score s { rule "r" each page_view where url starts_with "/p" award 1 }"#, L, &[
    ("page_view", "2024-05-31", &[("url", "/p")]),
    ("page_view", "2024-06-03", &[("url", "/p")]),
], AS_OF => "s" == 1);

// ------------------------------------------------------------------ each / any / aggregates

const PRICING3_BLOG1: &[Ev] = &[
    ("page_view", "2024-05-30", &[("url", "/pricing")]),
    ("page_view", "2024-05-29", &[("url", "/pricing/team")]),
    ("page_view", "2024-05-29T10:00:00Z", &[("url", "/blog/x")]),
    ("page_view", "2024-05-10", &[("url", "/pricing")]),
];

t!(each_per_event, r#"score s { rule "r" each page_view where url starts_with "/pricing" within 30d award 10 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 30);
t!(each_no_filter, r#"score s { rule "r" each page_view award 1 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 4);
t!(each_window_and_filter, r#"score s { rule "r" each page_view where url starts_with "/pricing" within 7d award 10 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 20);
t!(each_deduct, r#"score s { rule "r" each page_view where url contains "blog" deduct 2 }"#, L, PRICING3_BLOG1, AS_OF => "s" == -2);
t!(each_cap, r#"score s { rule "r" each page_view award 10 cap 25 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 25);
t!(each_no_match, r#"score s { rule "r" each demo_request award 10 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 0);
t!(any_once, r#"score s { rule "r" any page_view where url starts_with "/pricing" within 30d award 10 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 10);
t!(any_no_match, r#"score s { rule "r" any page_view where url starts_with "/docs" award 10 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 0);
t!(any_wildcard_event, r#"score s { rule "r" any event within 3d award 1 }"#, L, PRICING3_BLOG1, AS_OF => "s" == 1);
t!(each_wildcard_event, r#"score s { rule "r" each event award 1 }"#, L, &[
    ("page_view", "2024-05-30", &[("url", "/")]),
    ("email_sent", "2024-05-30", &[]),
    ("demo_request", "2024-05-31", &[]),
], AS_OF => "s" == 3);
t!(each_points_from_attribute, r#"score s { rule "r" each page_view award seconds }"#, L, &[
    ("page_view", "2024-05-30", &[("url", "/"), ("seconds", "30")]),
    ("page_view", "2024-05-30", &[("url", "/")]),
    ("page_view", "2024-05-31", &[("url", "/"), ("seconds", "12")]),
], AS_OF => "s" == 42);
t!(each_where_on_attribute_missing, r#"score s { rule "r" each page_view where seconds > 10 award 1 }"#, L, &[
    ("page_view", "2024-05-30", &[("url", "/"), ("seconds", "30")]),
    ("page_view", "2024-05-30", &[("url", "/")]),
    ("page_view", "2024-05-31", &[("url", "/"), ("seconds", "5")]),
], AS_OF => "s" == 1);
t!(each_where_not_on_missing_attribute, r#"score s { rule "r" each page_view where not (seconds > 10) award 1 }"#, L, &[
    ("page_view", "2024-05-30", &[("url", "/"), ("seconds", "30")]),
    ("page_view", "2024-05-30", &[("url", "/")]),
    ("page_view", "2024-05-31", &[("url", "/"), ("seconds", "5")]),
], AS_OF => "s" == 2);
t!(each_where_uses_lead_field, r#"score s { rule "r" each page_view where employees > 5 award 1 }"#, &[("id", "L1"), ("employees", "10")], &[
    ("page_view", "2024-05-30", &[("url", "/")]),
], AS_OF => "s" == 1);
t!(each_where_event_time, r#"score s { rule "r" each page_view where days_since(at) <= 2 award 1 }"#, L, &[
    ("page_view", "2024-05-30", &[("url", "/")]),
    ("page_view", "2024-05-29T23:59:59Z", &[("url", "/")]),
], AS_OF => "s" == 1);

const PV7: &[Ev] = &[
    (
        "page_view",
        "2024-05-31",
        &[("url", "/a"), ("seconds", "200")],
    ),
    (
        "page_view",
        "2024-05-30",
        &[("url", "/b"), ("seconds", "150")],
    ),
    ("page_view", "2024-05-25T00:00:01Z", &[("url", "/c")]),
    (
        "page_view",
        "2024-05-25T00:00:00Z",
        &[("url", "/d"), ("seconds", "1000")],
    ),
];

t!(count_ge_3_fires, r#"score s { rule "r" when count(page_view within 7d) >= 3 award 15 }"#, L, PV7, AS_OF => "s" == 15);
t!(count_ge_4_does_not, r#"score s { rule "r" when count(page_view within 7d) >= 4 award 15 }"#, L, PV7, AS_OF => "s" == 0);
t!(count_value, r#"score s { rule "r" when true award count(page_view within 7d) }"#, L, PV7, AS_OF => "s" == 3);
t!(count_with_where, r#"score s { rule "r" when true award count(page_view where seconds is present) }"#, L, PV7, AS_OF => "s" == 3);
t!(count_zero, r#"score s { rule "r" when count(demo_request) == 0 award 1 }"#, L, PV7, AS_OF => "s" == 1);
t!(count_wildcard, r#"score s { rule "r" when true award count(event within 7d) }"#, L, &[
    ("page_view", "2024-05-31", &[("url", "/")]),
    ("email_open", "2024-05-30", &[]),
    ("email_sent", "2024-05-01", &[]),
], AS_OF => "s" == 2);
t!(sum_skips_missing, r#"score s { rule "r" when true award sum(page_view.seconds within 7d) }"#, L, PV7, AS_OF => "s" == 350);
t!(sum_gt_300_fires, r#"score s { rule "r" when sum(page_view.seconds within 7d) > 300 award 5 }"#, L, PV7, AS_OF => "s" == 5);
t!(sum_gt_300_not, r#"score s { rule "r" when sum(page_view.seconds within 7d) > 300 award 5 }"#, L, &[
    ("page_view", "2024-05-31", &[("url", "/a"), ("seconds", "200")]),
    ("page_view", "2024-05-30", &[("url", "/b")]),
], AS_OF => "s" == 0);
t!(sum_with_where, r#"score s { rule "r" when true award sum(page_view.seconds where url == "/a") }"#, L, PV7, AS_OF => "s" == 200);
t!(sum_of_nothing_is_zero, r#"score s { rule "r" when sum(page_view.seconds) == 0 award 1 }"#, L, &[], AS_OF => "s" == 1);
t!(none_no_events_fires, r#"score s { rule "r" when none(event within 30d) deduct 10 }"#, L, &[], AS_OF => "s" == -10);
t!(none_recent_event, r#"score s { rule "r" when none(event within 30d) deduct 10 }"#, L, &[("email_open", "2024-05-22", &[])], AS_OF => "s" == 0);
t!(none_old_event_fires, r#"score s { rule "r" when none(event within 30d) deduct 10 }"#, L, &[("email_open", "2024-05-01", &[])], AS_OF => "s" == -10);
t!(none_edge_event_fires, r#"score s { rule "r" when none(event within 30d) deduct 10 }"#, L, &[("email_open", "2024-05-02", &[])], AS_OF => "s" == -10);
t!(none_typed, r#"score s { rule "r" when none(demo_request) award 1 }"#, L, &[("email_open", "2024-05-22", &[])], AS_OF => "s" == 1);
t!(any_cond, r#"score s { rule "r" when any(email_open within 30d) award 1 }"#, L, &[("email_open", "2024-05-22", &[])], AS_OF => "s" == 1);
t!(not_any_cond, r#"score s { rule "r" when not any(email_open within 5d) award 1 }"#, L, &[("email_open", "2024-05-22", &[])], AS_OF => "s" == 1);

const TWO_VISITS: &[Ev] = &[
    ("page_view", "2024-05-29", &[("url", "/pricing")]),
    ("page_view", "2024-05-22", &[("url", "/blog")]),
];

t!(days_since_last, r#"score s { rule "r" when true award days_since(last page_view) }"#, L, TWO_VISITS, AS_OF => "s" == 3);
t!(days_since_first, r#"score s { rule "r" when true award days_since(first page_view) }"#, L, TWO_VISITS, AS_OF => "s" == 10);
t!(days_since_last_where, r#"score s { rule "r" when true award days_since(last page_view where url == "/blog") }"#, L, TWO_VISITS, AS_OF => "s" == 10);
t!(days_since_first_within, r#"score s { rule "r" when true award days_since(first page_view within 5d) }"#, L, TWO_VISITS, AS_OF => "s" == 3);
t!(days_since_last_cmp, r#"score s { rule "r" when days_since(last page_view) <= 3 award 1 }"#, L, TWO_VISITS, AS_OF => "s" == 1);
t!(days_since_last_wildcard, r#"score s { rule "r" when true award days_since(last event) }"#, L, &[
    ("page_view", "2024-05-22", &[("url", "/")]),
    ("email_open", "2024-05-31T12:00:00Z", &[]),
], AS_OF => "s" == 0.5);
t!(days_since_last_none_is_missing, r#"score s { rule "r" when days_since(last page_view) is missing award 1 }"#, L, &[], AS_OF => "s" == 1);
t!(days_since_last_none_cmp_false, r#"score s { rule "r" when days_since(last page_view) > -1 award 1 }"#, L, &[], AS_OF => "s" == 0);

// ------------------------------------------------------------------ decay

#[test]
fn half_life_event_30_days_old_gives_exactly_half() {
    let (p, o) = run(
        r#"score s decay half_life 30d { rule "r" each page_view award 10 }"#,
        L,
        &[("page_view", "2024-05-02", &[("url", "/")])],
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 5.0);
}

#[test]
fn half_life_60_days_gives_a_quarter() {
    let (p, o) = run(
        r#"score s decay half_life 30d { rule "r" each page_view award 10 }"#,
        L,
        &[("page_view", "2024-04-02", &[("url", "/")])],
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 2.5);
}

#[test]
fn half_life_sums_oldest_first() {
    let ats = [
        "2024-06-01T00:00:00Z",
        "2024-05-17T00:00:00Z",
        "2024-05-02T00:00:00Z",
        "2024-04-02T00:00:00Z",
        "2024-05-20T07:13:21Z",
    ];
    const U: &[(&str, &str)] = &[("url", "/")];
    let events: Vec<Ev> = ats.iter().map(|a| ("page_view", *a, U)).collect();
    let (p, o) = run(
        r#"score s decay half_life 30d { rule "r" each page_view award 10 }"#,
        L,
        &events,
        AS_OF,
    );
    let mut sorted: Vec<i64> = ats.iter().map(|a| ts(a)).collect();
    sorted.sort();
    let want = sorted.iter().fold(0.0, |acc, at| {
        acc + half_life(10.0, ts(AS_OF) - at, 30 * DAY)
    });
    assert_eq!(score_of(&o, &p, "s"), want);
}

#[test]
fn half_life_in_hours() {
    let (p, o) = run(
        r#"score s decay half_life 12h { rule "r" each page_view award 8 }"#,
        L,
        &[("page_view", "2024-05-31", &[("url", "/")])],
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 2.0);
}

#[test]
fn half_life_with_where_and_deduct() {
    let at = "2024-05-21T09:00:00Z";
    let (p, o) = run(
        r#"score s decay half_life 7d { rule "r" each page_view where url == "/x" deduct 4 }"#,
        L,
        &[
            ("page_view", at, &[("url", "/x")]),
            ("page_view", at, &[("url", "/y")]),
        ],
        AS_OF,
    );
    assert_eq!(
        score_of(&o, &p, "s"),
        -half_life(4.0, ts(AS_OF) - ts(at), 7 * DAY)
    );
}

t!(no_decay_overrides_score_decay, r#"score s decay half_life 30d { rule "r" each page_view award 10 no_decay }"#, L, &[("page_view", "2024-05-02", &[("url", "/")])], AS_OF => "s" == 10);
t!(rule_decay_overrides_score_decay, r#"score s decay half_life 30d { rule "r" each page_view award 10 decay linear 10d }"#, L, &[("page_view", "2024-05-27", &[("url", "/")])], AS_OF => "s" == 5);
t!(rule_decay_without_score_decay, r#"score s { rule "r" each page_view award 10 decay half_life 30d }"#, L, &[("page_view", "2024-05-02", &[("url", "/")])], AS_OF => "s" == 5);
t!(no_decay_without_score_decay, r#"score s { rule "r" each page_view award 10 }"#, L, &[("page_view", "2020-05-02", &[("url", "/")])], AS_OF => "s" == 10);
t!(decay_applies_to_every_event_rule, r#"score s decay half_life 30d { rule "a" each page_view award 10  rule "b" any email_open award 4 }"#, L, &[
    ("page_view", "2024-05-02", &[("url", "/")]),
    ("email_open", "2024-04-02", &[]),
], AS_OF => "s" == 6);
t!(linear_5_of_10_days, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[("page_view", "2024-05-27", &[("url", "/")])], AS_OF => "s" == 5);
t!(linear_12_of_10_days_is_zero, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[("page_view", "2024-05-20", &[("url", "/")])], AS_OF => "s" == 0);
t!(linear_exactly_10_days_is_zero, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[("page_view", "2024-05-22", &[("url", "/")])], AS_OF => "s" == 0);
t!(linear_at_as_of_is_full, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[("page_view", "2024-06-01", &[("url", "/")])], AS_OF => "s" == 10);
t!(linear_2_5_days, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[("page_view", "2024-05-29T12:00:00Z", &[("url", "/")])], AS_OF => "s" == 7.5);
t!(linear_sum, r#"score s decay linear 10d { rule "r" each page_view award 10 }"#, L, &[
    ("page_view", "2024-05-27", &[("url", "/")]),
    ("page_view", "2024-05-20", &[("url", "/")]),
    ("page_view", "2024-05-29T12:00:00Z", &[("url", "/")]),
], AS_OF => "s" == 12.5);
t!(linear_deduct, r#"score s { rule "r" each email_sent deduct 6 decay linear 60d }"#, L, &[("email_sent", "2024-05-02", &[])], AS_OF => "s" == -3);

#[test]
fn linear_odd_age_matches_formula() {
    let at = "2024-05-24T17:45:09Z";
    let (p, o) = run(
        r#"score s decay linear 10d { rule "r" each page_view award 10 }"#,
        L,
        &[("page_view", at, &[("url", "/")])],
        AS_OF,
    );
    assert_eq!(
        score_of(&o, &p, "s"),
        linear(10.0, ts(AS_OF) - ts(at), 10 * DAY)
    );
}

t!(any_decays_by_newest, r#"score s decay half_life 30d { rule "r" any page_view award 10 }"#, L, &[
    ("page_view", "2024-04-02", &[("url", "/")]),
    ("page_view", "2024-05-02", &[("url", "/")]),
], AS_OF => "s" == 5);
t!(any_decays_by_newest_matching, r#"score s decay half_life 30d { rule "r" any page_view where url == "/p" award 10 }"#, L, &[
    ("page_view", "2024-04-02", &[("url", "/p")]),
    ("page_view", "2024-05-31", &[("url", "/q")]),
], AS_OF => "s" == 2.5);
t!(any_decays_newest_within_window, r#"score s decay half_life 30d { rule "r" any page_view within 90d award 10 }"#, L, &[
    ("page_view", "2024-04-02", &[("url", "/")]),
    ("page_view", "2024-05-02", &[("url", "/")]),
    ("page_view", "2024-06-05", &[("url", "/")]),
], AS_OF => "s" == 5);
t!(when_rules_never_decay, r#"score s decay half_life 30d { rule "r" when count(page_view) >= 1 award 10 }"#, L, &[("page_view", "2024-05-02", &[("url", "/")])], AS_OF => "s" == 10);
t!(when_rules_never_decay_linear, r#"score s decay linear 1d { rule "r" when days_since(last page_view) > 5 award 10 }"#, L, &[("page_view", "2024-05-02", &[("url", "/")])], AS_OF => "s" == 10);

#[test]
fn decay_with_cap_caps_after_decay() {
    // 3 events 30 days old: 3 × 5 = 15, capped at 12.
    let ev: &[Ev] = &[
        ("page_view", "2024-05-02", &[("url", "/")]),
        ("page_view", "2024-05-02", &[("url", "/")]),
        ("page_view", "2024-05-02", &[("url", "/")]),
    ];
    let (p, o) = run(
        r#"score s decay half_life 30d { rule "r" each page_view award 10 cap 12 }"#,
        L,
        ev,
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 12.0);
    let (p, o) = run(
        r#"score s decay half_life 30d { rule "r" each page_view award 10 cap 16 }"#,
        L,
        ev,
        AS_OF,
    );
    assert_eq!(score_of(&o, &p, "s"), 15.0);
}

// ------------------------------------------------------------------ sequences

const NO_RESPONSE: &str =
    r#"score s { rule "r" each email_sent not followed by email_open within 3d deduct 5 }"#;
const RESPONSE: &str =
    r#"score s { rule "r" each email_sent followed by email_open within 3d award 2 }"#;

t!(seq_open_next_day, NO_RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-21", &[])], AS_OF => "s" == 0);
t!(seq_no_open_after_4_days, NO_RESPONSE, L, &[("email_sent", "2024-05-28", &[])], AS_OF => "s" == -5);
t!(seq_no_open_yet_after_1_day, NO_RESPONSE, L, &[("email_sent", "2024-05-31", &[])], AS_OF => "s" == 0);
t!(seq_deadline_exactly_at_as_of, NO_RESPONSE, L, &[("email_sent", "2024-05-29", &[])], AS_OF => "s" == -5);
t!(seq_deadline_one_second_after_as_of, NO_RESPONSE, L, &[("email_sent", "2024-05-29T00:00:01Z", &[])], AS_OF => "s" == 0);
t!(seq_open_exactly_at_3d_counts, NO_RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-23T00:00:00Z", &[])], AS_OF => "s" == 0);
t!(seq_open_just_after_3d_too_late, NO_RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-23T00:00:01Z", &[])], AS_OF => "s" == -5);
t!(seq_open_same_second_not_a_response, NO_RESPONSE, L, &[("email_sent", "2024-05-20T12:00:00Z", &[]), ("email_open", "2024-05-20T12:00:00Z", &[])], AS_OF => "s" == -5);
t!(seq_open_same_second_listed_first, NO_RESPONSE, L, &[("email_open", "2024-05-20T12:00:00Z", &[]), ("email_sent", "2024-05-20T12:00:00Z", &[])], AS_OF => "s" == -5);
t!(seq_open_one_second_later_counts, NO_RESPONSE, L, &[("email_sent", "2024-05-20T12:00:00Z", &[]), ("email_open", "2024-05-20T12:00:01Z", &[])], AS_OF => "s" == 0);
t!(seq_open_before_send_not_a_response, NO_RESPONSE, L, &[("email_open", "2024-05-19", &[]), ("email_sent", "2024-05-20", &[])], AS_OF => "s" == -5);
t!(seq_other_event_not_a_response, NO_RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("page_view", "2024-05-21", &[("url", "/")])], AS_OF => "s" == -5);
t!(seq_one_open_answers_two_sends, NO_RESPONSE, L, &[
    ("email_sent", "2024-05-20", &[]),
    ("email_sent", "2024-05-21", &[]),
    ("email_open", "2024-05-22", &[]),
], AS_OF => "s" == 0);
t!(seq_each_send_counted, NO_RESPONSE, L, &[
    ("email_sent", "2024-05-01", &[]),
    ("email_sent", "2024-05-10", &[]),
    ("email_open", "2024-05-11", &[]),
    ("email_sent", "2024-05-20", &[]),
    ("email_sent", "2024-05-31", &[]),
], AS_OF => "s" == -10);
t!(seq_outer_window, r#"score s { rule "r" each email_sent within 30d not followed by email_open within 3d deduct 5 }"#, L, &[
    ("email_sent", "2024-04-20", &[]),
    ("email_sent", "2024-05-20", &[]),
], AS_OF => "s" == -5);
t!(seq_wildcard_followup, r#"score s { rule "r" each email_sent not followed by event within 3d deduct 5 }"#, L, &[
    ("email_sent", "2024-05-20", &[]),
    ("page_view", "2024-05-21", &[("url", "/")]),
], AS_OF => "s" == 0);
t!(seq_followup_where, r#"score s { rule "r" each email_sent not followed by page_view where url starts_with "/pricing" within 3d deduct 5 }"#, L, &[
    ("email_sent", "2024-05-20", &[]),
    ("page_view", "2024-05-21", &[("url", "/blog")]),
    ("email_sent", "2024-05-25", &[]),
    ("page_view", "2024-05-26", &[("url", "/pricing")]),
], AS_OF => "s" == -5);
t!(seq_positive_followed, RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-21", &[])], AS_OF => "s" == 2);
t!(seq_positive_not_followed, RESPONSE, L, &[("email_sent", "2024-05-20", &[])], AS_OF => "s" == 0);
t!(seq_positive_too_late, RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-24", &[])], AS_OF => "s" == 0);
t!(seq_positive_known_before_deadline, RESPONSE, L, &[("email_sent", "2024-05-31", &[]), ("email_open", "2024-05-31T12:00:00Z", &[])], AS_OF => "s" == 2);
t!(seq_positive_ignores_future_open, RESPONSE, L, &[("email_sent", "2024-05-31", &[]), ("email_open", "2024-06-01T00:00:01Z", &[])], AS_OF => "s" == 0);
t!(seq_positive_exactly_3d, RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-23", &[])], AS_OF => "s" == 2);
t!(seq_positive_same_second, RESPONSE, L, &[("email_sent", "2024-05-20", &[]), ("email_open", "2024-05-20", &[])], AS_OF => "s" == 0);
t!(seq_positive_in_count, r#"score s { rule "r" when true award count(page_view followed by demo_request within 1d) }"#, L, &[
    ("page_view", "2024-05-20", &[("url", "/a")]),
    ("page_view", "2024-05-20T12:00:00Z", &[("url", "/b")]),
    ("demo_request", "2024-05-21T06:00:00Z", &[]),
], AS_OF => "s" == 1);
t!(seq_negated_in_count, r#"score s { rule "r" when true award count(email_sent not followed by email_open within 3d) }"#, L, &[
    ("email_sent", "2024-05-20", &[]),
    ("email_sent", "2024-05-31", &[]),
], AS_OF => "s" == 1);
t!(seq_decayed, r#"score s decay half_life 30d { rule "r" each email_sent not followed by email_open within 3d deduct 8 }"#, L, &[("email_sent", "2024-05-02", &[])], AS_OF => "s" == -4);

// ------------------------------------------------------------------ clamps and derived scores

t!(clamp_high, r#"score s clamp 0..10 { rule "a" when true award 8  rule "b" when true award 5 }"#, L, &[], AS_OF => "s" == 10);
t!(clamp_low, r#"score s clamp 0..10 { rule "a" when true deduct 5 }"#, L, &[], AS_OF => "s" == 0);
t!(clamp_inside, r#"score s clamp 0..10 { rule "a" when true award 7.5 }"#, L, &[], AS_OF => "s" == 7.5);
t!(clamp_negative_bounds, r#"score s clamp -20..-5 { rule "a" when true deduct 50 }"#, L, &[], AS_OF => "s" == -20);
t!(clamp_negative_bounds_high, r#"score s clamp -20..-5 { rule "a" when true award 1 }"#, L, &[], AS_OF => "s" == -5);
t!(clamp_after_sum_not_per_rule, r#"score s clamp 0..10 { rule "a" when true award 15  rule "b" when true deduct 10 }"#, L, &[], AS_OF => "s" == 5);
t!(derived_sum, r#"score a { rule "x" when true award 3 } score b { rule "y" when true award 4 } total = a + b"#, L, &[], AS_OF => "total" == 7);
t!(derived_clamp, r#"score a { rule "x" when true award 80 } score b { rule "y" when true award 40 } total = a + b clamp 0..100"#, L, &[], AS_OF => "total" == 100);
t!(derived_arith, r#"score a { rule "x" when true award 80 } score b { rule "y" when true award 40 } total = a * 2 - b / 4"#, L, &[], AS_OF => "total" == 150);
t!(derived_reads_clamped_score, r#"score a clamp 0..20 { rule "x" when true award 30 } total = a + 1"#, L, &[], AS_OF => "total" == 21);
t!(derived_of_derived, r#"score a { rule "x" when true award 3 } b2 = a * 2  c2 = b2 + a"#, L, &[], AS_OF => "c2" == 9);
t!(derived_constant_parts, r#"score a { rule "x" when true award 3 } total = a + 7d"#, L, &[], AS_OF => "total" == 10);

#[test]
fn order_points_cap_sum_clamp_derived_clamp() {
    // a: "x" 30 capped to 25, "y" −3 → sum 22 → clamp 0..20 → 20.
    // b: "z" 15 (cap 100 not reached) → 15.  total = 20 + 15 = 35 → clamp 0..30 → 30.
    let body = r#"
        score a clamp 0..20 { rule "x" when true award 30 cap 25  rule "y" when true deduct 3 }
        score b { rule "z" when true award 15 cap 100 }
        total = a + b clamp 0..30
        raw = a + b
    "#;
    let (p, o) = run(body, L, &[], AS_OF);
    assert_eq!(o.contributions, vec![25.0, -3.0, 15.0]);
    assert_eq!(score_of(&o, &p, "a"), 20.0);
    assert_eq!(score_of(&o, &p, "b"), 15.0);
    assert_eq!(score_of(&o, &p, "total"), 30.0);
    assert_eq!(score_of(&o, &p, "raw"), 35.0);
}

#[test]
fn clamp_low_gives_positive_zero() {
    let (p, o) = run(
        r#"score s clamp 0..10 { rule "a" when true deduct 5 }"#,
        L,
        &[],
        AS_OF,
    );
    let v = score_of(&o, &p, "s");
    assert_eq!(v, 0.0);
    assert!(v.is_sign_positive(), "score is -0");
}

// ------------------------------------------------------------------ tiers

const TIERED: &str = r#"
    score total clamp -100..100 { rule "r" when true award revenue }
    score fit { rule "f" when true award employees }
    tiers on total { cold up to 20  warm up to 50  hot above 50 }
    tiers grade on fit { D up to 10  C up to 20  B above 20 }
"#;

fn tiers_for(revenue: &str, employees: &str) -> (String, String, Vec<u32>) {
    let (p, o) = run(
        TIERED,
        &[("id", "L1"), ("revenue", revenue), ("employees", employees)],
        &[],
        AS_OF,
    );
    (
        tier_name(&o, &p, "tier"),
        tier_name(&o, &p, "grade"),
        o.tiers,
    )
}

#[test]
fn tier_boundaries() {
    assert_eq!(tiers_for("20", "0").0, "cold");
    assert_eq!(tiers_for("20.5", "0").0, "warm");
    assert_eq!(tiers_for("50", "0").0, "warm");
    assert_eq!(tiers_for("50.01", "0").0, "hot");
    assert_eq!(tiers_for("-3", "0").0, "cold");
    assert_eq!(tiers_for("0", "0").0, "cold");
    assert_eq!(tiers_for("100", "0").0, "hot");
}

#[test]
fn tier_of_clamped_value() {
    // revenue 500 is clamped to 100 → hot; −500 to −100 → cold.
    assert_eq!(tiers_for("500", "0").0, "hot");
    assert_eq!(tiers_for("-500", "0").0, "cold");
}

#[test]
fn second_tier_set() {
    assert_eq!(tiers_for("0", "10").1, "D");
    assert_eq!(tiers_for("0", "11").1, "C");
    assert_eq!(tiers_for("0", "20").1, "C");
    assert_eq!(tiers_for("0", "21").1, "B");
}

#[test]
fn outcome_tiers_hold_indices() {
    assert_eq!(tiers_for("30", "25").2, vec![1, 2]);
    assert_eq!(tiers_for("60", "5").2, vec![2, 0]);
}

#[test]
fn tier_with_missing_points_is_lowest() {
    // revenue missing → points 0 → cold.
    let (p, o) = run(TIERED, &[("id", "L1")], &[], AS_OF);
    assert_eq!(tier_name(&o, &p, "tier"), "cold");
    assert_eq!(o.tiers, vec![0, 0]);
}

#[test]
fn tiers_on_derived_score() {
    let body = r#"
        score a { rule "r" when true award revenue }
        total = a * 2
        tiers on total { low up to 10  high above 10 }
    "#;
    let (p, o) = run(body, &[("id", "L1"), ("revenue", "5")], &[], AS_OF);
    assert_eq!(tier_name(&o, &p, "tier"), "low");
    let (p, o) = run(body, &[("id", "L1"), ("revenue", "5.5")], &[], AS_OF);
    assert_eq!(tier_name(&o, &p, "tier"), "high");
}

// ------------------------------------------------------------------ routes

fn route(rubric: &str, lead: &[(&str, &str)]) -> leadscore::eval::Outcome {
    run(rubric, lead, &[], AS_OF).1
}

fn q(kind: ActionKind, target: &str) -> Option<(ActionKind, String)> {
    Some((kind, target.to_string()))
}

const SCORED: &str = r#"score total { rule "r" when true award revenue }
tiers on total { cold up to 20  warm up to 50  hot above 50 }"#;

fn routed(routes: &str, revenue: &str) -> leadscore::eval::Outcome {
    route(
        &format!("{SCORED}\nroute {{\n{routes}\n}}"),
        &[("id", "L1"), ("revenue", revenue), ("employees", "300")],
    )
}

#[test]
fn first_assign_wins() {
    let o = routed(r#"when true assign "a"  when true assign "b""#, "0");
    assert_eq!(o.queue, q(ActionKind::Assign, "a"));
}

#[test]
fn first_matching_line_wins() {
    let o = routed(
        r#"when false assign "a"  when true assign "b"  when true assign "c""#,
        "0",
    );
    assert_eq!(o.queue, q(ActionKind::Assign, "b"));
}

#[test]
fn nurture_sets_queue() {
    let o = routed(
        r#"when false assign "a"  when true nurture "n"  when true assign "c""#,
        "0",
    );
    assert_eq!(o.queue, q(ActionKind::Nurture, "n"));
}

#[test]
fn no_matching_line_no_queue() {
    let o = routed(r#"when false assign "a""#, "0");
    assert_eq!(o.queue, None);
    assert!(o.notify.is_empty() && o.tags.is_empty());
}

#[test]
fn every_notify_and_tag_fires_once() {
    let o = routed(
        r#"when true notify "m" tag "x"  when false notify "never"  when true notify "m" notify "k" tag "x" tag "y"  when true assign "q" notify "z""#,
        "0",
    );
    assert_eq!(o.notify, vec!["m", "k", "z"]);
    assert_eq!(o.tags, vec!["x", "y"]);
    assert_eq!(o.queue, q(ActionKind::Assign, "q"));
}

#[test]
fn notify_after_queue_still_fires() {
    let o = routed(
        r#"when true assign "a"  when true assign "b" notify "m""#,
        "0",
    );
    assert_eq!(o.queue, q(ActionKind::Assign, "a"));
    assert_eq!(o.notify, vec!["m"]);
}

#[test]
fn otherwise_when_no_queue() {
    let o = routed(r#"when false assign "a"  otherwise nurture "drip""#, "0");
    assert_eq!(o.queue, q(ActionKind::Nurture, "drip"));
}

#[test]
fn otherwise_skipped_when_queue_set() {
    let o = routed(
        r#"when true assign "a"  otherwise nurture "drip" notify "o" tag "t""#,
        "0",
    );
    assert_eq!(o.queue, q(ActionKind::Assign, "a"));
    assert!(o.notify.is_empty(), "{:?}", o.notify);
    assert!(o.tags.is_empty(), "{:?}", o.tags);
}

#[test]
fn otherwise_not_blocked_by_notify_only_lines() {
    let o = routed(
        r#"when true notify "m" tag "t"  otherwise nurture "drip""#,
        "0",
    );
    assert_eq!(o.queue, q(ActionKind::Nurture, "drip"));
    assert_eq!(o.notify, vec!["m"]);
}

#[test]
fn route_on_tier_eq() {
    let r = r#"when tier == hot assign "sales"  when tier == warm assign "sdr"  otherwise nurture "drip""#;
    assert_eq!(routed(r, "60").queue, q(ActionKind::Assign, "sales"));
    assert_eq!(routed(r, "30").queue, q(ActionKind::Assign, "sdr"));
    assert_eq!(routed(r, "10").queue, q(ActionKind::Nurture, "drip"));
}

#[test]
fn route_on_tier_in() {
    let r = r#"when tier in [warm, hot] assign "sales"  otherwise nurture "drip""#;
    assert_eq!(routed(r, "60").queue, q(ActionKind::Assign, "sales"));
    assert_eq!(routed(r, "20.5").queue, q(ActionKind::Assign, "sales"));
    assert_eq!(routed(r, "20").queue, q(ActionKind::Nurture, "drip"));
}

#[test]
fn route_on_tier_ne_and_not_in() {
    assert_eq!(routed(r#"when tier != cold tag "x""#, "30").tags, vec!["x"]);
    assert!(routed(r#"when tier != cold tag "x""#, "3").tags.is_empty());
    assert_eq!(
        routed(r#"when tier not in [cold] tag "x""#, "30").tags,
        vec!["x"]
    );
}

#[test]
fn route_on_score() {
    let r = r#"when total >= 30 notify "m""#;
    assert_eq!(routed(r, "30").notify, vec!["m"]);
    assert!(routed(r, "29.99").notify.is_empty());
}

#[test]
fn route_on_score_and_field() {
    let r = r#"when tier == hot and employees >= 250 assign "ae"  when tier == hot assign "sales""#;
    assert_eq!(routed(r, "60").queue, q(ActionKind::Assign, "ae"));
    let o = route(
        &format!("{SCORED}\nroute {{ {r} }}"),
        &[("id", "L1"), ("revenue", "60"), ("employees", "20")],
    );
    assert_eq!(o.queue, q(ActionKind::Assign, "sales"));
}

#[test]
fn route_on_named_tier_set() {
    let body = r#"score fit { rule "r" when true award employees }
    tiers grade on fit { D up to 10  A above 10 }
    route { when grade == A assign "a"  when grade in [D] assign "d" }"#;
    assert_eq!(
        route(body, &[("id", "L1"), ("employees", "11")]).queue,
        q(ActionKind::Assign, "a")
    );
    assert_eq!(
        route(body, &[("id", "L1"), ("employees", "10")]).queue,
        q(ActionKind::Assign, "d")
    );
}

#[test]
fn route_on_missing_field_is_false() {
    let o = route(
        r#"score s { } route { when employees > 10 assign "a"  when not (employees > 10) assign "b" }"#,
        &[("id", "L1")],
    );
    assert_eq!(o.queue, q(ActionKind::Assign, "b"));
}

fn sample_hits(body: &str, n: usize) -> usize {
    let p = program(body);
    (0..n)
        .filter(|i| {
            let key = format!("lead-{i}");
            let o = run_program(&p, &[("id", key.as_str()), ("employees", "10")], &[], AS_OF);
            o.queue.is_some()
        })
        .count()
}

#[test]
fn sample_is_deterministic() {
    let p = program(r#"score s { } route { sample 50% assign "x" }"#);
    for i in 0..200 {
        let key = format!("k{i}");
        let lead = [("id", key.as_str())];
        let a = run_program(&p, &lead, &[], AS_OF);
        let b = run_program(&p, &lead, &[], "2030-01-01");
        let c = run_program(
            &program(r#"score s { } route { sample 50% assign "x" }"#),
            &lead,
            &[],
            AS_OF,
        );
        assert_eq!(a.queue, b.queue, "key {key}");
        assert_eq!(a.queue, c.queue, "key {key}");
    }
}

#[test]
fn sample_50_percent_is_roughly_half() {
    let hits = sample_hits(r#"score s { } route { sample 50% assign "x" }"#, 2000);
    assert!((900..=1100).contains(&hits), "{hits} of 2000");
}

#[test]
fn sample_10_percent_is_roughly_a_tenth() {
    let hits = sample_hits(r#"score s { } route { sample 10% assign "x" }"#, 2000);
    assert!((140..=260).contains(&hits), "{hits} of 2000");
}

#[test]
fn sample_100_percent_is_everyone() {
    assert_eq!(
        sample_hits(r#"score s { } route { sample 100% assign "x" }"#, 300),
        300
    );
}

#[test]
fn sample_of_condition() {
    assert_eq!(
        sample_hits(
            r#"score s { } route { sample 100% of employees > 10 assign "x" }"#,
            200
        ),
        0
    );
    let hits = sample_hits(
        r#"score s { } route { sample 50% of employees >= 10 assign "x" }"#,
        2000,
    );
    assert!((900..=1100).contains(&hits), "{hits} of 2000");
}

#[test]
fn sample_subset_is_nested() {
    // A lead sampled at 10% is also sampled at 50%: the draw is one number per lead.
    let p10 = program(r#"score s { } route { sample 10% assign "x" }"#);
    let p50 = program(r#"score s { } route { sample 50% assign "x" }"#);
    for i in 0..500 {
        let key = format!("n{i}");
        let lead = [("id", key.as_str())];
        if run_program(&p10, &lead, &[], AS_OF).queue.is_some() {
            assert!(
                run_program(&p50, &lead, &[], AS_OF).queue.is_some(),
                "key {key}"
            );
        }
    }
}

// ------------------------------------------------------------------ contributions

#[test]
fn contributions_one_per_rule_in_order() {
    let body = r#"
        score a clamp 0..10 {
            rule "w" when employees > 5 award 4
            rule "e" each page_view award 3
            rule "n" when false award 100
            rule "d" when true deduct 1.5
            rule "c" each page_view award 10 cap 12
        }
        score b { rule "b1" any page_view award 2 }
    "#;
    let ev: &[Ev] = &[
        ("page_view", "2024-05-30", &[("url", "/")]),
        ("page_view", "2024-05-31", &[("url", "/")]),
    ];
    let (p, o) = run(body, &[("id", "L1"), ("employees", "10")], ev, AS_OF);
    assert_eq!(o.contributions, vec![4.0, 6.0, 0.0, -1.5, 12.0, 2.0]);
    assert_eq!(o.contributions.len(), p.rules().count());
    let sum_a: f64 = o.contributions[..5].iter().sum();
    assert_eq!(sum_a, 20.5);
    assert_eq!(score_of(&o, &p, "a"), 10.0);
    assert_eq!(score_of(&o, &p, "b"), 2.0);
}

#[test]
fn contributions_sum_to_unclamped_score() {
    let body = r#"score s decay half_life 30d {
        rule "a" each page_view award 10
        rule "b" any email_open award 4 no_decay
        rule "c" each email_sent not followed by email_open within 3d deduct 5
        rule "d" when count(page_view within 7d) >= 2 award 1.25
    }"#;
    let ev: &[Ev] = &[
        ("page_view", "2024-05-30T03:00:00Z", &[("url", "/")]),
        ("page_view", "2024-05-11T13:00:00Z", &[("url", "/")]),
        ("page_view", "2024-05-31", &[("url", "/")]),
        ("email_sent", "2024-05-03T08:00:00Z", &[]),
        ("email_open", "2024-05-04", &[]),
        ("email_sent", "2024-05-15T19:30:00Z", &[]),
    ];
    let (p, o) = run(body, L, ev, AS_OF);
    let mut sum = 0.0;
    for c in &o.contributions {
        sum += c;
    }
    assert_eq!(score_of(&o, &p, "s"), sum);
    let now = ts(AS_OF);
    let pv = [
        ts("2024-05-11T13:00:00Z"),
        ts("2024-05-30T03:00:00Z"),
        ts("2024-05-31"),
    ]
    .iter()
    .fold(0.0, |acc, at| acc + half_life(10.0, now - at, 30 * DAY));
    let ignored = -half_life(5.0, now - ts("2024-05-15T19:30:00Z"), 30 * DAY);
    assert_eq!(o.contributions, vec![pv, 4.0, ignored, 1.25]);
}

#[test]
fn contributions_of_derived_scores_are_not_listed() {
    let (_, o) = run(
        r#"score a { rule "x" when true award 1 } total = a * 3"#,
        L,
        &[],
        AS_OF,
    );
    assert_eq!(o.contributions, vec![1.0]);
    assert_eq!(o.scores, vec![1.0, 3.0]);
}

// ------------------------------------------------------------------ the seed rubric

#[test]
fn seed_rubric_hand_computed() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/seed/seed.score");
    let compiled = leadscore::check::compile_file(&path)
        .unwrap_or_else(|d| panic!("{}", leadscore::diag::render_plain(&d)));
    let p = compiled.program;
    let lead = build_lead(
        &p.schema,
        &[
            ("id", "S1"),
            ("email", "s@acme.com"),
            ("created_at", "2024-01-10"),
            ("employees", "120"),
            ("seniority", "vp"),
            ("industry", "software"),
        ],
    );
    let events = build_events(
        &p.schema,
        &[
            // as of 2024-06-01T00:00:00Z
            (
                "page_view",
                "2024-05-30",
                &[("url", "/pricing"), ("seconds", "120")],
            ), // 2d: pricing +10; in 7d
            (
                "page_view",
                "2024-05-10",
                &[("url", "/pricing/team"), ("seconds", "50")],
            ), // 22d: pricing +10; not in 7d
            ("page_view", "2024-04-20", &[("url", "/pricing")]), // 42d: outside 30d → 0
            (
                "page_view",
                "2024-05-29",
                &[("url", "/blog/a"), ("seconds", "200")],
            ), // 3d: blog +2; in 7d
            ("page_view", "2024-05-31", &[("url", "/blog/b")]),  // 1d: blog +2; in 7d, no seconds
            (
                "page_view",
                "2024-05-25",
                &[("url", "/about"), ("seconds", "900")],
            ), // exactly 7d: out of the 7d window; no rule
            (
                "page_view",
                "2024-06-02",
                &[("url", "/pricing"), ("seconds", "999")],
            ), // after as-of: ignored
            ("price_list_download", "2024-05-25", &[]),          // +15
            ("newsletter_signup", "2024-01-01", &[]),            // any, no window: +5
            ("feedback_form", "2024-03-15", &[]),                // 78d < 90d: +20
            ("demo_view", "2024-04-01", &[]),                    // 61d > 30d: 0
            ("webinar", "2024-04-15", &[("title", "Intro")]),    // 47d: +10
            ("webinar", "2024-05-20", &[]),                      // 12d: +10
            ("email_sent", "2024-05-10", &[("campaign", "c1")]), // opened next day: no deduction
            ("email_open", "2024-05-11", &[("campaign", "c1")]), // +3
            ("email_sent", "2024-05-20", &[]),                   // never opened, 3 days passed: −5
            ("email_sent", "2024-05-30", &[]),                   // 2 days ago: not known yet → 0
            ("email_click", "2024-05-21", &[]),                  // +7
            ("email_sent", "2024-04-01", &[]),                   // outside 30d: 0
        ],
    );
    let o = leadscore::eval::evaluate(&p, &lead, &events, ts(AS_OF));
    // Pricing page         10 + 10            = 20
    // Price list download  15                 = 15
    // Newsletter signup     5                 =  5
    // Blog visit            2 + 2             =  4
    // Feedback form        20                 = 20
    // Demo viewed           0                 =  0
    // Webinar              10 + 10            = 20
    // Repeat visits: page views in 7d: 05-29, 05-30, 05-31 = 3 ≥ 3 → 15
    // Time on site: 120 + 200 (+ missing) = 320 > 300 → 5
    // Newsletter opened     3                 =  3
    // E-mail link clicked   7                 =  7
    // No e-mail response   −5                 = −5
    // total 20+15+5+4+20+0+20+15+5+3+7−5 = 109, within clamp 0..200
    assert_eq!(
        o.contributions,
        vec![20.0, 15.0, 5.0, 4.0, 20.0, 0.0, 20.0, 15.0, 5.0, 3.0, 7.0, -5.0]
    );
    assert_eq!(o.scores, vec![109.0]);
    // 109 > 80 → very_hot (index 3); ≥ 30 → notify manager; hot/very_hot → sales.
    assert_eq!(o.tiers, vec![3]);
    assert_eq!(o.queue, q(ActionKind::Assign, "sales"));
    assert_eq!(o.notify, vec!["manager"]);
    assert!(o.tags.is_empty());
}

#[test]
fn seed_rubric_empty_lead_nurtured() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/seed/seed.score");
    let p = leadscore::check::compile_file(&path)
        .unwrap_or_else(|d| panic!("{}", leadscore::diag::render_plain(&d)))
        .program;
    let lead = build_lead(
        &p.schema,
        &[
            ("id", "S2"),
            ("email", "x@y.z"),
            ("created_at", "2024-01-10"),
        ],
    );
    let o = leadscore::eval::evaluate(&p, &lead, &[], ts(AS_OF));
    assert_eq!(o.scores, vec![0.0]);
    assert_eq!(o.tiers, vec![0]);
    assert_eq!(o.queue, q(ActionKind::Nurture, "email-drip"));
    assert!(o.notify.is_empty());
}
