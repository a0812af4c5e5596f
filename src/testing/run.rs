//! Running a test: score the lead with the reference interpreter, compare every expectation.

use super::case::{Check, NumTest, Test};
use crate::eval::explain::{fmt_num, Trace};
use crate::ir::Program;
use crate::syntax::ast::{ActionKind, CmpOp};

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Failure {
    /// The `expect` line as written.
    pub expect: String,
    /// Its 1-based line.
    pub line: usize,
    /// What was expected, in words.
    pub expected: String,
    /// What the rubric produced.
    pub actual: String,
    /// For lists: what was extra and what was missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The result of one test.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The test's name.
    pub name: String,
    /// Its 1-based line.
    pub line: usize,
    /// Expectations that failed, in order; empty when the test passed.
    pub failures: Vec<Failure>,
    /// Whether each rule fired, in `Program::rules()` order.
    pub fired: Vec<bool>,
    /// The explain trace of the lead.
    pub trace: Trace,
}

impl TestResult {
    /// True when every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs one test.
pub fn run(p: &Program, t: &Test) -> TestResult {
    let (out, trace) = crate::eval::explain(p, &t.lead, &t.events, t.as_of);
    let fired: Vec<bool> = trace
        .scores
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.fired))
        .collect();
    let mut actions: Vec<(ActionKind, String)> = out.queue.clone().into_iter().collect();
    actions.extend(out.notify.iter().map(|c| (ActionKind::Notify, c.clone())));
    actions.extend(out.tags.iter().map(|c| (ActionKind::Tag, c.clone())));
    let rule_names: Vec<&str> = p.rules().map(|(_, r)| r.name.as_str()).collect();
    let failures = t
        .expects
        .iter()
        .filter_map(|e| {
            let (expected, actual, detail) = match &e.check {
                Check::Score { score, test } => score_check(*test, out.scores[*score])?,
                Check::Tier {
                    set,
                    negated,
                    tiers,
                } => {
                    let ts = &p.tier_sets[*set];
                    let actual = out.tiers[*set];
                    if tiers.contains(&actual) != *negated {
                        return None;
                    }
                    let names: Vec<String> = tiers
                        .iter()
                        .map(|i| format!("`{}`", ts.names[*i as usize]))
                        .collect();
                    let expected = match (negated, names.len()) {
                        (false, 1) => names[0].clone(),
                        (false, _) => format!("one of {}", names.join(", ")),
                        (true, 1) => format!("not {}", names[0]),
                        (true, _) => format!("none of {}", names.join(", ")),
                    };
                    (expected, format!("`{}`", ts.names[actual as usize]), None)
                }
                Check::Fired { negated, rules } => {
                    let listed: Vec<&str> = rules.iter().map(|i| rule_names[*i]).collect();
                    let did: Vec<&str> = (0..fired.len())
                        .filter(|i| fired[*i])
                        .map(|i| rule_names[i])
                        .collect();
                    set_check(*negated, &listed, &did, "fired")?
                }
                Check::Route {
                    negated,
                    actions: want,
                } => {
                    let show = |a: &(ActionKind, String)| format!("{} \"{}\"", a.0.as_str(), a.1);
                    let listed: Vec<String> = want.iter().map(show).collect();
                    let did: Vec<String> = actions.iter().map(show).collect();
                    let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
                    let did: Vec<&str> = did.iter().map(String::as_str).collect();
                    set_check(*negated, &listed, &did, "taken")?
                }
            };
            Some(Failure {
                expect: e.text.clone(),
                line: e.line,
                expected,
                actual,
                detail,
            })
        })
        .collect();
    TestResult {
        name: t.name.clone(),
        line: t.line,
        failures,
        fired,
        trace,
    }
}

type Outcome = Option<(String, String, Option<String>)>;

fn score_check(test: NumTest, v: f64) -> Outcome {
    if test.holds(v) {
        return None;
    }
    let expected = match test {
        NumTest::Cmp(op, x) => {
            let op = match op {
                CmpOp::Eq => "",
                CmpOp::Ne => "not ",
                CmpOp::Lt => "below ",
                CmpOp::Le => "at most ",
                CmpOp::Gt => "above ",
                CmpOp::Ge => "at least ",
            };
            format!("{op}{}", fmt_num(x))
        }
        NumTest::About(x, d) => format!("about {x:.0$}", d as usize),
        NumTest::Range { negated, lo, hi } => format!(
            "{}between {} and {}",
            if negated { "not " } else { "" },
            fmt_num(lo),
            fmt_num(hi)
        ),
    };
    Some((expected, fmt_num(v), None))
}

/// `expect fired [..]`/`expect route [..]`: exactly the listed items, or (negated) none.
fn set_check(negated: bool, listed: &[&str], did: &[&str], verb: &str) -> Outcome {
    let quote = |xs: &[&str]| -> String {
        if xs.is_empty() {
            "nothing".into()
        } else {
            xs.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let extra: Vec<&str> = did
        .iter()
        .copied()
        .filter(|d| !listed.contains(d))
        .collect();
    let missing: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|l| !did.contains(l))
        .collect();
    if negated {
        let hit: Vec<&str> = listed.iter().copied().filter(|l| did.contains(l)).collect();
        if hit.is_empty() {
            return None;
        }
        return Some((
            format!("none of {}", quote(listed)),
            quote(did),
            Some(format!("{} {verb} but should not have", quote(&hit))),
        ));
    }
    if extra.is_empty() && missing.is_empty() {
        return None;
    }
    let mut detail = vec![];
    if !extra.is_empty() {
        detail.push(format!("also {verb}: {}", quote(&extra)));
    }
    if !missing.is_empty() {
        detail.push(format!("not {verb}: {}", quote(&missing)));
    }
    Some((quote(listed), quote(did), Some(detail.join("; "))))
}
