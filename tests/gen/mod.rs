//! Random well-typed rubrics and random lead data, for property tests.
//!
//! Both generators read their choices from a *tape* of `u32`s that proptest generates and
//! shrinks (the Hypothesis approach): every choice is `tape value % n`, an exhausted tape
//! reads as zeros, and choice 0 is always the simplest option (a leaf, "leave it out").
//! So shrinking the tape — dropping entries, moving values towards 0 — shrinks the rubric
//! and the data towards the smallest failing case, and every tape, however mangled, still
//! decodes to a rubric that compiles.
//!
//! The rubric is typed by construction: each generator function yields text of one type
//! (number, text, condition) for one context (which event is being matched, whether
//! aggregates, scores and tier sets are visible), mirroring `src/check`.
#![allow(dead_code)]

use crate::common;
use leadscore::check::Compiled;
use leadscore::data::{Event, Lead, Value};
use leadscore::diag::{render_plain, Source};
use leadscore::schema::Schema;
use proptest::prelude::*;

pub const DAY: i64 = 86_400;

/// Seconds since the epoch of `common::AS_OF` (2024-06-01T00:00:00Z).
pub fn as_of() -> i64 {
    common::ts(common::AS_OF)
}

// ------------------------------------------------------------------ the tape

/// Reads choices from a proptest-generated tape; zeros once it runs out.
pub struct Tape<'a> {
    data: &'a [u32],
    pos: usize,
}

impl<'a> Tape<'a> {
    pub fn new(data: &'a [u32]) -> Self {
        Tape { data, pos: 0 }
    }

    fn next(&mut self) -> u32 {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    /// A number in `0..n` (0 when the tape is exhausted).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }

    /// True with roughly `pct` percent probability; false for a zero.
    pub fn chance(&mut self, pct: u32) -> bool {
        self.next() % 100 >= 100 - pct.min(100)
    }

    /// One of the items (the first for a zero).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ------------------------------------------------------------------ rubric vocabulary

/// Event types of `common::SCHEMA`, in schema order.
pub const EVENTS: [&str; 4] = ["page_view", "email_sent", "email_open", "demo_request"];
const SENIORITY: [&str; 5] = ["c_level", "vp", "director", "manager", "individual"];
const CMP_OPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];
const ARITH_OPS: [&str; 5] = ["+", "-", "*", "/", "/"];
const STR_OPS: [&str; 3] = ["contains", "starts_with", "ends_with"];
/// 1e300 written out (the language has no exponent form); twice is an overflow.
const BIG: &str = "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
/// Numeric literals, edges included: 0, fractions, 1e300.
const NUMS: [&str; 12] = [
    "1", "0", "2.5", "0.1", "10", "3", "100", "0.5", BIG, "1000000", "7", "0.2",
];
/// Durations as numbers of days.
const DURATION_NUMS: [&str; 6] = ["7d", "12h", "1.5d", "2w", "30d", "1h"];
/// Windows, chosen so that data offsets (whole days, hours) land exactly on their edges.
const WINDOWS: [&str; 11] = [
    "7d", "30d", "1d", "3d", "12h", "2w", "1h", "90d", "1.5d", "365d", "4d",
];
const NEEDLES: [&str; 10] = [
    "/pricing",
    "@gmail.com",
    "",
    "student",
    "Head of",
    "é",
    "a",
    "/blog",
    "PRICING",
    "x\\\"y",
];
const TEXT_LITS: [&str; 7] = [
    "Graduate Student",
    "",
    "/pricing",
    "ann@gmail.com",
    "head of growth",
    "école",
    "VP Sales",
];
const LIST_NUMS: [&str; 8] = ["10", "0", "-3", "2.5", "250", "0.1", "-0.5", "1000000"];
const RANGES: [(&str, &str); 7] = [
    ("50", "249"),
    ("0", "0"),
    ("-5", "-1"),
    ("0.1", "0.3"),
    ("2.5", "2.75"),
    ("-1000000", "1000000"),
    ("1", "10"),
];
const CLAMPS: [(&str, &str); 7] = [
    ("0", "100"),
    ("-20", "100"),
    ("0", "10"),
    ("-5", "5"),
    ("0", "0.5"),
    ("-1000000", "1000000"),
    ("0.1", "0.2"),
];
const CAPS: [&str; 6] = ["10", "5", "0.5", "1", "15", "100"];
const PERCENTS: [&str; 7] = ["50", "5", "10", "33.3", "100", "0.5", "99.99"];
const TARGETS: [&str; 6] = ["sales", "sdr", "#hot", "mql", "email-drip", "review"];
const ACTIONS: [&str; 4] = ["assign", "nurture", "notify", "tag"];
const TIER_BOUNDS: [&str; 10] = [
    "-10", "0", "0.5", "5", "10", "20", "20.5", "50", "80", "100",
];

/// What an expression can see, mirroring the checker's `Ctx`.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    /// Inside a pattern or an event rule's points: `Some(None)` for the wildcard `event`.
    event: Option<Option<usize>>,
    /// Scores visible (derived scores, routes).
    scores: &'a [String],
    /// Tier sets visible (routes): name and tier names.
    tiers: &'a [(String, Vec<String>)],
}

impl<'a> Ctx<'a> {
    fn lead() -> Ctx<'static> {
        Ctx {
            event: None,
            scores: &[],
            tiers: &[],
        }
    }
    fn event(ev: Option<usize>) -> Ctx<'static> {
        Ctx {
            event: Some(ev),
            scores: &[],
            tiers: &[],
        }
    }
    fn page_view(&self) -> bool {
        self.event == Some(Some(0))
    }
    /// `count`, `sum`, `any`, … are not allowed while one event is being looked at (E409).
    fn aggregates(&self) -> bool {
        self.event.is_none()
    }
}

struct Gen<'t> {
    t: Tape<'t>,
    rules: usize,
}

impl Gen<'_> {
    // -------------------------------------------------------------- numbers

    /// A numeric expression; always a primary or a unary minus, so it can be an operand.
    fn num(&mut self, d: u32, c: Ctx) -> String {
        let kinds = if d == 0 { 5 } else { 10 };
        match self.t.below(kinds) {
            0 => self.t.pick(&NUMS).to_string(),
            1 => self
                .t
                .pick(&["employees", "revenue", "adjustment"])
                .to_string(),
            2 if c.page_view() => "seconds".to_string(),
            2 => self.t.pick(&DURATION_NUMS).to_string(),
            3 => {
                let f = self.ts_ref(c);
                format!("days_since({f})")
            }
            4 => self.t.pick(&["employees", "revenue"]).to_string(),
            5 => format!("-{}", self.num(d - 1, c)),
            6 | 7 => {
                let op = self.t.pick(&ARITH_OPS);
                let a = self.num(d - 1, c);
                let b = if op == "/" && self.t.chance(30) {
                    // Division by (possibly) zero.
                    self.t
                        .pick(&["0", "(employees - employees)", "adjustment", "-0"])
                        .to_string()
                } else {
                    self.num(d - 1, c)
                };
                format!("({a} {op} {b})")
            }
            8 if c.aggregates() => self.aggregate_num(d - 1, c),
            9 if !c.scores.is_empty() => self.t.pick_str(c.scores),
            _ => self.num(d - 1, c),
        }
    }

    fn aggregate_num(&mut self, d: u32, _c: Ctx) -> String {
        match self.t.below(4) {
            0 => format!("count({})", self.pattern(d)),
            1 => {
                let mut s = "sum(page_view.seconds".to_string();
                if self.t.chance(50) {
                    s += &format!(" where {}", self.cond(d, Ctx::event(Some(0))));
                }
                if self.t.chance(50) {
                    s += &format!(" within {}", self.t.pick(&WINDOWS));
                }
                s + ")"
            }
            2 => format!("days_since(last {})", self.pattern(d)),
            _ => format!("days_since(first {})", self.pattern(d)),
        }
    }

    /// A timestamp reference: a lead field, or the event's own time.
    fn ts_ref(&mut self, c: Ctx) -> &'static str {
        if c.event.is_some() && self.t.chance(50) {
            "at"
        } else {
            self.t.pick(&["created_at", "contacted_at"])
        }
    }

    // -------------------------------------------------------------- text

    fn text(&mut self, c: Ctx) -> String {
        match self.t.below(5) {
            0 => self.t.pick(&["title", "email"]).to_string(),
            1 if c.page_view() => "url".to_string(),
            1 | 2 => format!("\"{}\"", self.t.pick(&TEXT_LITS)),
            3 => {
                let inner = if c.page_view() && self.t.chance(50) {
                    "url".to_string()
                } else if self.t.chance(20) {
                    "lower(title)".to_string()
                } else {
                    self.t.pick(&["title", "email"]).to_string()
                };
                format!("lower({inner})")
            }
            _ => self.t.pick(&["title", "email"]).to_string(),
        }
    }

    // -------------------------------------------------------------- conditions

    fn cond(&mut self, d: u32, c: Ctx) -> String {
        let kinds = if d == 0 { 13 } else { 18 };
        match self.t.below(kinds) {
            0 => self.t.pick(&["true", "false"]).to_string(),
            1 => {
                let op = self.t.pick(&CMP_OPS);
                let a = self.num(d.min(1), c);
                let b = self.num(d.min(1), c);
                format!("{a} {op} {b}")
            }
            2 => match self.t.below(4) {
                0 => "active".to_string(),
                1 => format!("active == {}", self.t.pick(&["true", "false"])),
                2 => format!("active != {}", self.t.pick(&["true", "false"])),
                _ => "not active".to_string(),
            },
            3 => {
                let op = self.t.pick(&["==", "!="]);
                format!("{} {op} {}", self.text(c), self.text(c))
            }
            4 => {
                let op = self.t.pick(&STR_OPS);
                format!("{} {op} \"{}\"", self.text(c), self.t.pick(&NEEDLES))
            }
            5 => {
                let not = if self.t.chance(40) { "not " } else { "" };
                let n = self.t.below(4);
                let items: Vec<String> = (0..n)
                    .map(|_| format!("\"{}\"", self.t.pick(&TEXT_LITS)))
                    .collect();
                format!("{} {not}in [{}]", self.text(c), items.join(", "))
            }
            6 => self.enum_test(),
            7 => {
                let not = if self.t.chance(40) { "not " } else { "" };
                let v = self.num(d.min(1), c);
                if self.t.chance(50) {
                    let n = self.t.below(4);
                    let items: Vec<&str> = (0..n).map(|_| self.t.pick(&LIST_NUMS)).collect();
                    format!("{v} {not}in [{}]", items.join(", "))
                } else {
                    let (lo, hi) = self.t.pick(&RANGES);
                    format!("{v} {not}in {lo}..{hi}")
                }
            }
            8 => {
                let subject = match self.t.below(6) {
                    0 => self.num(d.min(1), c),
                    1 => self.text(c),
                    2 => self.ts_ref(c).to_string(),
                    3 => "seniority".to_string(),
                    4 => "active".to_string(),
                    _ => self.num(0, c),
                };
                let test = self.t.pick(&[
                    "is missing",
                    "is present",
                    "is not missing",
                    "is not present",
                ]);
                format!("{subject} {test}")
            }
            9 => {
                let op = self.t.pick(&CMP_OPS);
                format!("{} {op} {}", self.ts_ref(c), self.ts_ref(c))
            }
            10 if !c.tiers.is_empty() => self.tier_test(c),
            11 | 12 if c.aggregates() => {
                let f = self.t.pick(&["any", "none"]);
                format!("{f}({})", self.pattern(d.saturating_sub(1)))
            }
            13 | 14 => {
                let n = 2 + self.t.below(2);
                let op = self.t.pick(&[" and ", " or "]);
                let parts: Vec<String> = (0..n).map(|_| self.cond(d - 1, c)).collect();
                format!("({})", parts.join(op))
            }
            15 => format!("not {}", self.cond(d - 1, c)),
            16 => {
                let op = self.t.pick(&["==", "!="]);
                let a = self.cond(d - 1, c);
                let b = self.t.pick(&["true", "false", "active"]);
                format!("({a}) {op} {b}")
            }
            17 => {
                let op = self.t.pick(&CMP_OPS);
                let a = self.num(d, c);
                let b = self.num(d, c);
                format!("{a} {op} {b}")
            }
            _ => self.cond(0, c),
        }
    }

    fn enum_test(&mut self) -> String {
        let word = |g: &mut Self| {
            let v = g.t.pick(&SENIORITY);
            if g.t.chance(25) {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        match self.t.below(4) {
            0 => format!("seniority == {}", word(self)),
            1 => format!("seniority != {}", word(self)),
            2 => {
                let n = self.t.below(4);
                let items: Vec<String> = (0..n).map(|_| word(self)).collect();
                format!("seniority in [{}]", items.join(", "))
            }
            _ => {
                let n = 1 + self.t.below(3);
                let items: Vec<String> = (0..n).map(|_| word(self)).collect();
                format!("seniority not in [{}]", items.join(", "))
            }
        }
    }

    fn tier_test(&mut self, c: Ctx) -> String {
        let (set, names) = &c.tiers[self.t.below(c.tiers.len())];
        let word = |g: &mut Self| {
            let n = &names[g.t.below(names.len())];
            if n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') && !g.t.chance(20) {
                n.clone()
            } else {
                format!("\"{n}\"")
            }
        };
        match self.t.below(4) {
            0 => format!("{set} == {}", word(self)),
            1 => format!("{set} != {}", word(self)),
            2 => {
                let n = 1 + self.t.below(3);
                let items: Vec<String> = (0..n).map(|_| word(self)).collect();
                format!("{set} in [{}]", items.join(", "))
            }
            _ => {
                let n = 1 + self.t.below(2);
                let items: Vec<String> = (0..n).map(|_| word(self)).collect();
                format!("{set} not in [{}]", items.join(", "))
            }
        }
    }

    // -------------------------------------------------------------- patterns

    fn event_name(&mut self) -> (String, Option<usize>) {
        // Wildcard `event` last, so that shrinking prefers a concrete type.
        let i = self.t.below(EVENTS.len() + 1);
        match EVENTS.get(i) {
            Some(e) => (e.to_string(), Some(i)),
            None => ("event".to_string(), None),
        }
    }

    /// `EVENT [where C] [within D] [[not] followed by EVENT2 [where C] within D2]`
    fn pattern(&mut self, d: u32) -> String {
        self.pattern_typed(d).0
    }

    fn pattern_typed(&mut self, d: u32) -> (String, Option<usize>) {
        let (name, ev) = self.event_name();
        let mut s = name;
        if self.t.chance(45) {
            s += &format!(" where {}", self.cond(d.min(2), Ctx::event(ev)));
        }
        if self.t.chance(50) {
            s += &format!(" within {}", self.t.pick(&WINDOWS));
        }
        if self.t.chance(30) {
            let not = if self.t.chance(50) { "not " } else { "" };
            let (name2, ev2) = self.event_name();
            s += &format!(" {not}followed by {name2}");
            if self.t.chance(35) {
                s += &format!(" where {}", self.cond(d.min(1), Ctx::event(ev2)));
            }
            s += &format!(" within {}", self.t.pick(&WINDOWS));
        }
        (s, ev)
    }

    // -------------------------------------------------------------- rules, scores

    fn decay(&mut self) -> String {
        let kind = self.t.pick(&["half_life", "linear"]);
        format!("decay {kind} {}", self.t.pick(&WINDOWS))
    }

    fn rule(&mut self) -> String {
        let name = format!("r{}", self.rules);
        self.rules += 1;
        let (trigger, points_ctx, event_rule) = match self.t.below(3) {
            0 => (
                format!("when {}", self.cond(3, Ctx::lead())),
                Ctx::lead(),
                false,
            ),
            k => {
                let (p, ev) = self.pattern_typed(2);
                let kw = if k == 1 { "each" } else { "any" };
                (format!("{kw} {p}"), Ctx::event(ev), true)
            }
        };
        let sign = self.t.pick(&["award", "deduct"]);
        let points = if self.t.chance(55) {
            self.t
                .pick(&["10", "1", "5", "2.5", "0.1", "0", BIG])
                .to_string()
        } else {
            self.num(2, points_ctx)
        };
        let mut s = format!("  rule \"{name}\" {trigger} {sign} {points}");
        if self.t.chance(30) {
            s += &format!(" cap {}", self.t.pick(&CAPS));
        }
        match self.t.below(6) {
            1 | 2 if event_rule => s += &format!(" {}", self.decay()),
            3 => s += " no_decay",
            _ => {}
        }
        s
    }

    fn clamp(&mut self) -> Option<(String, f64)> {
        let (lo, hi) = self.t.pick(&CLAMPS);
        Some((format!(" clamp {lo}..{hi}"), hi.parse().unwrap()))
    }

    fn tiers(
        &mut self,
        name: Option<&str>,
        on: &str,
        clamp_hi: Option<f64>,
    ) -> (String, Vec<String>) {
        let grades = self.t.chance(40);
        let pool: &[&str] = if grades {
            &["F", "E", "D", "C", "B", "\"A+\""]
        } else {
            &["cold", "warm", "hot", "very_hot", "blazing", "\"on fire\""]
        };
        let n = 2 + self.t.below(pool.len() - 1);
        // Strictly increasing bounds for the first n - 1 tiers.
        let mut bounds: Vec<&str> = Vec::new();
        let mut start = 0;
        for i in 0..n - 1 {
            let left = n - 1 - i; // bounds still to place, including this one
            let room = TIER_BOUNDS.len() - start - (left - 1);
            let j = start + self.t.below(room);
            bounds.push(TIER_BOUNDS[j]);
            start = j + 1;
        }
        let mut lines = Vec::new();
        let mut names = Vec::new();
        for (i, b) in bounds.iter().enumerate() {
            lines.push(format!("{} up to {b}", pool[i]));
            names.push(pool[i].trim_matches('"').to_string());
        }
        let last = pool[n - 1];
        let prev: f64 = bounds.last().unwrap().parse().unwrap();
        match clamp_hi {
            Some(hi) if self.t.chance(30) => {
                let top = if hi > prev { hi } else { prev + 1.0 };
                lines.push(format!("{last} up to {top}"));
            }
            _ => lines.push(format!("{last} above {}", bounds.last().unwrap())),
        }
        names.push(last.trim_matches('"').to_string());
        let head = match name {
            Some(n) => format!("tiers {n} on {on}"),
            None => format!("tiers on {on}"),
        };
        (format!("{head} {{ {} }}", lines.join("   ")), names)
    }

    fn route(&mut self, c: Ctx) -> String {
        let n = 1 + self.t.below(5);
        let mut lines = Vec::new();
        for _ in 0..n {
            let guard = match self.t.below(4) {
                0 | 1 if !c.tiers.is_empty() && self.t.chance(40) => {
                    let t = self.tier_test(c);
                    if self.t.chance(50) {
                        format!("when {t} and {}", self.cond(1, c))
                    } else {
                        format!("when {t}")
                    }
                }
                0 | 1 => format!("when {}", self.cond(3, c)),
                2 => format!("sample {}%", self.t.pick(&PERCENTS)),
                _ => format!("sample {}% of {}", self.t.pick(&PERCENTS), self.cond(2, c)),
            };
            lines.push(format!("  {guard} {}", self.actions()));
        }
        if self.t.chance(50) {
            lines.push(format!("  otherwise {}", self.actions()));
        }
        format!("route {{\n{}\n}}", lines.join("\n"))
    }

    fn actions(&mut self) -> String {
        let n = 1 + self.t.below(3);
        (0..n)
            .map(|_| format!("{} \"{}\"", self.t.pick(&ACTIONS), self.t.pick(&TARGETS)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn rubric(&mut self) -> String {
        let mut out = String::from("ruleset \"gen\" version 1\nuse schema \"t.schema\"\n\n");
        let mut scores: Vec<String> = Vec::new();
        let mut his: Vec<Option<f64>> = Vec::new();
        let blocks = 1 + self.t.below(3);
        for b in 0..blocks {
            let name = format!("s{b}");
            let clamp = if self.t.chance(50) {
                self.clamp()
            } else {
                None
            };
            let mut head = format!("score {name}");
            if let Some((c, _)) = &clamp {
                head += c;
            }
            if self.t.chance(35) {
                head += &format!(" {}", self.decay());
            }
            let n = 1 + self.t.below(5);
            let rules: Vec<String> = (0..n).map(|_| self.rule()).collect();
            out += &format!("{head} {{\n{}\n}}\n\n", rules.join("\n"));
            scores.push(name);
            his.push(clamp.map(|c| c.1));
        }
        let derived = self.t.below(3);
        for i in 0..derived {
            let name = format!("d{i}");
            let c = Ctx {
                event: None,
                scores: &scores,
                tiers: &[],
            };
            let f = self.num(3, c);
            let clamp = if self.t.chance(40) {
                self.clamp()
            } else {
                None
            };
            out += &format!(
                "{name} = {f}{}\n",
                clamp.as_ref().map_or("", |c| c.0.as_str())
            );
            scores.push(name);
            his.push(clamp.map(|c| c.1));
        }
        let mut tier_sets: Vec<(String, Vec<String>)> = Vec::new();
        let sets = self.t.below(3);
        for i in 0..sets {
            let on = self.t.below(scores.len());
            let name = ["tier", "grade"][i];
            let unnamed = i == 0 && self.t.chance(70);
            let (text, names) = self.tiers(
                if unnamed { None } else { Some(name) },
                &scores[on],
                his[on],
            );
            out += &format!("{text}\n");
            tier_sets.push((name.to_string(), names));
        }
        if self.t.chance(75) {
            let c = Ctx {
                event: None,
                scores: &scores,
                tiers: &tier_sets,
            };
            out += &format!("\n{}\n", self.route(c));
        }
        out
    }

    // -------------------------------------------------------------- data

    fn offset(&mut self) -> i64 {
        // Seconds before as-of; negative means after as-of.
        self.t.pick(&[
            DAY,
            0,
            3 * DAY,
            7 * DAY,
            30 * DAY,
            7 * DAY - 1,
            7 * DAY + 1,
            30 * DAY - 1,
            30 * DAY + 1,
            1,
            -1,
            -DAY,
            3600,
            12 * 3600,
            2 * DAY,
            4 * DAY,
            10 * DAY,
            14 * DAY,
            36 * 3600,
            60 * DAY,
            90 * DAY,
            365 * DAY,
            400 * DAY,
        ])
    }

    fn lead(&mut self, i: usize) -> LeadData {
        let mut fields: Vec<(&'static str, String)> =
            vec![("id", format!("L{i}-{}", self.t.below(100_000)))];
        let mut maybe = |g: &mut Self, name: &'static str, vals: &[&str]| {
            // Missing a quarter of the time.
            if !g.t.chance(25) {
                fields.push((name, g.t.pick(vals).to_string()));
            }
        };
        maybe(
            self,
            "employees",
            &["10", "0", "50", "249", "250", "-3", "1000000", "1", "1e300"],
        );
        maybe(
            self,
            "revenue",
            &[
                "2.5",
                "0",
                "0.1",
                "-2",
                "1e300",
                "-1e300",
                "1.7976931348623157e308",
                "0.30000000000000004",
            ],
        );
        maybe(self, "active", &["true", "false"]);
        maybe(
            self,
            "title",
            &[
                "Graduate Student",
                "",
                "VP Sales",
                "Head of Growth",
                "head of growth",
                "ÉCOLE Director",
                "x\"y",
            ],
        );
        maybe(
            self,
            "email",
            &["ann@gmail.com", "bob@acme.io", "", "/pricing"],
        );
        let created = self.offset();
        let contacted = self.offset();
        if !self.t.chance(25) {
            fields.push(("created_at", created.to_string()));
        }
        if !self.t.chance(25) {
            fields.push(("contacted_at", contacted.to_string()));
        }
        if !self.t.chance(25) {
            fields.push(("seniority", self.t.pick(&SENIORITY).to_string()));
        }
        if !self.t.chance(40) {
            fields.push((
                "adjustment",
                self.t
                    .pick(&["5", "-5", "0", "0.1", "1e300", "-0"])
                    .to_string(),
            ));
        }
        let n = self.t.below(9);
        let mut events: Vec<EventData> = Vec::new();
        for _ in 0..n {
            let kind = self.t.pick(&EVENTS);
            let before = match (events.last(), self.t.below(4)) {
                // Same moment as the previous event: a tie.
                (Some(p), 1) => p.before,
                // Exactly one follow-up window after the previous event.
                (Some(p), 2) => {
                    p.before
                        - self
                            .t
                            .pick(&[DAY, 3 * DAY, 7 * DAY, 12 * 3600, 3600, 14 * DAY])
                }
                _ => self.offset(),
            };
            let mut attrs = Vec::new();
            if kind == "page_view" {
                if !self.t.chance(15) {
                    attrs.push((
                        "url",
                        self.t
                            .pick(&[
                                "/pricing",
                                "/blog/x",
                                "/",
                                "/pricing/enterprise",
                                "/PRICING",
                                "",
                                "École",
                            ])
                            .to_string(),
                    ));
                }
                if !self.t.chance(25) {
                    attrs.push((
                        "seconds",
                        self.t
                            .pick(&[
                                "30",
                                "0",
                                "120",
                                "301",
                                "1e300",
                                "-5",
                                "1.7976931348623157e308",
                            ])
                            .to_string(),
                    ));
                }
            }
            events.push(EventData {
                kind,
                before,
                attrs,
            });
        }
        LeadData { fields, events }
    }
}

trait PickStr {
    fn pick_str(&mut self, items: &[String]) -> String;
}

impl PickStr for Tape<'_> {
    fn pick_str(&mut self, items: &[String]) -> String {
        items[self.below(items.len())].clone()
    }
}

// ------------------------------------------------------------------ public API

/// Decodes a tape into rubric source text.
pub fn rubric_from_tape(tape: &[u32]) -> String {
    Gen {
        t: Tape::new(tape),
        rules: 0,
    }
    .rubric()
}

/// Random well-typed rubric source text over `common::SCHEMA` (schema path "t.schema").
pub fn rubric() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u32>(), 0..1500).prop_map(|t| rubric_from_tape(&t))
}

/// One generated lead: field texts (timestamps as seconds before as-of) and events.
#[derive(Clone, Debug)]
pub struct LeadData {
    /// `(field, text)`; absent fields are missing; timestamp fields hold seconds before as-of.
    pub fields: Vec<(&'static str, String)>,
    /// Events in generation order (not sorted).
    pub events: Vec<EventData>,
}

/// One generated event.
#[derive(Clone, Debug)]
pub struct EventData {
    pub kind: &'static str,
    /// Seconds before as-of (negative: after as-of).
    pub before: i64,
    pub attrs: Vec<(&'static str, String)>,
}

/// Decodes a tape into 1–6 leads.
pub fn leads_from_tape(tape: &[u32]) -> Vec<LeadData> {
    let mut g = Gen {
        t: Tape::new(tape),
        rules: 0,
    };
    let n = 1 + g.t.below(6);
    (0..n).map(|i| g.lead(i)).collect()
}

/// Random leads with events around `as_of()`.
pub fn leads() -> impl Strategy<Value = Vec<LeadData>> {
    prop::collection::vec(any::<u32>(), 0..600).prop_map(|t| leads_from_tape(&t))
}

const TS_FIELDS: [&str; 2] = ["created_at", "contacted_at"];

/// Parses one generated value by its schema type.
fn parse_value(ty: &leadscore::schema::Type, name: &str, text: &str, as_of: i64) -> Value {
    if TS_FIELDS.contains(&name) {
        return Value::Ts(as_of - text.parse::<i64>().expect("offset"));
    }
    common::value(ty, text)
}

/// Builds the interpreter's lead and its time-sorted events (ties keep generation order).
pub fn materialize(schema: &Schema, lead: &LeadData, as_of: i64) -> (Lead, Vec<Event>) {
    let values = schema
        .fields
        .iter()
        .map(|f| {
            lead.fields
                .iter()
                .find(|(k, _)| *k == f.name)
                .map_or(Value::Missing, |(_, v)| {
                    parse_value(&f.ty, &f.name, v, as_of)
                })
        })
        .collect();
    let key = lead.fields[0].1.clone();
    let mut events: Vec<Event> = lead
        .events
        .iter()
        .map(|e| {
            let k = schema.event(e.kind).expect("event type");
            let et = &schema.events[k];
            let attrs = et
                .attrs
                .iter()
                .map(|f| {
                    e.attrs
                        .iter()
                        .find(|(a, _)| *a == f.name)
                        .map_or(Value::Missing, |(_, v)| common::value(&f.ty, v))
                })
                .collect();
            Event {
                kind: k as u32,
                at: as_of - e.before,
                attrs,
            }
        })
        .collect();
    events.sort_by_key(|e| e.at);
    (
        Lead {
            values,
            key,
            line: 1,
        },
        events,
    )
}

/// The test schema.
pub fn schema() -> Schema {
    Schema::parse(Source::new("t.schema", common::SCHEMA)).expect("test schema parses")
}

/// Compiles generated rubric text against `common::SCHEMA`; the rendered errors otherwise.
pub fn compile(text: &str) -> Result<Compiled, String> {
    leadscore::check::compile(Source::new("gen.score", text.to_string()), |_| {
        Schema::parse(Source::new("t.schema", common::SCHEMA))
    })
    .map_err(|d| render_plain(&d))
}
