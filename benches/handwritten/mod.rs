//! The baseline: what a careful engineer writes by hand, without leadscore, to score the
//! seed schema's leads with `rules/seed/seed.score` and `rules/bench/large.score`.
//!
//! - A specialised CSV reader for the files `leadscore generate` writes (header names
//!   mapped to columns; quoted cells handled on a slow path): the whole file in memory,
//!   split on bytes, no `String` per cell; text columns the rubrics test are
//!   dictionary-encoded to `u32`; timestamps `YYYY-MM-DDTHH:MM:SSZ` / `YYYY-MM-DD` parsed
//!   by hand. Leads are struct-of-arrays; events are grouped per lead CSR-style
//!   (`ev_start[i]..ev_start[i + 1]`), sorted by time with ties in file order.
//! - One pass over each lead's events per rubric, with per-rule accumulators, the decay
//!   factor computed once per event, and the language's exact semantics (windows
//!   `as_of − D < at ≤ as_of`, events after as-of ignored, `not followed by` counted once
//!   `t + D ≤ as_of`, per-event points summed oldest first, symmetric caps, clamps), so the
//!   scores equal the interpreter's bit for bit (`tests/handwritten.rs`).
//! - Scoring takes a lead range, so it runs on one thread or split across threads.
//!
//! Everything here is specific to the seed schema and these two rubrics: that is the point
//! of the baseline.

#![allow(dead_code)]

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::Path;

const DAY: i64 = 86_400;
/// Missing text (a dictionary code no entry has).
pub const NONE: u32 = u32::MAX;
/// Missing enum value.
pub const NO_ENUM: u8 = u8::MAX;

/// Event types of the seed schema, by their `event` column text.
pub mod kind {
    /// `page_view`
    pub const PAGE_VIEW: u8 = 0;
    /// `price_list_download`
    pub const PRICE_LIST_DOWNLOAD: u8 = 1;
    /// `newsletter_signup`
    pub const NEWSLETTER_SIGNUP: u8 = 2;
    /// `feedback_form`
    pub const FEEDBACK_FORM: u8 = 3;
    /// `demo_view`
    pub const DEMO_VIEW: u8 = 4;
    /// `demo_request`
    pub const DEMO_REQUEST: u8 = 5;
    /// `webinar`
    pub const WEBINAR: u8 = 6;
    /// `email_sent`
    pub const EMAIL_SENT: u8 = 7;
    /// `email_open`
    pub const EMAIL_OPEN: u8 = 8;
    /// `email_click`
    pub const EMAIL_CLICK: u8 = 9;
    /// An event type the schema does not have.
    pub const UNKNOWN: u8 = u8::MAX;

    /// The type of an `event` cell.
    pub fn of(name: &[u8]) -> u8 {
        match name {
            b"page_view" => PAGE_VIEW,
            b"price_list_download" => PRICE_LIST_DOWNLOAD,
            b"newsletter_signup" => NEWSLETTER_SIGNUP,
            b"feedback_form" => FEEDBACK_FORM,
            b"demo_view" => DEMO_VIEW,
            b"demo_request" => DEMO_REQUEST,
            b"webinar" => WEBINAR,
            b"email_sent" => EMAIL_SENT,
            b"email_open" => EMAIL_OPEN,
            b"email_click" => EMAIL_CLICK,
            _ => UNKNOWN,
        }
    }
}

const SENIORITY: [&[u8]; 5] = [b"c_level", b"vp", b"director", b"manager", b"individual"];
const INDUSTRY: [&[u8]; 7] = [
    b"software",
    b"finance",
    b"healthcare",
    b"retail",
    b"manufacturing",
    b"education",
    b"other",
];

/// Leads (struct of arrays) and their events (CSR, sorted by time within a lead).
#[derive(Default, Debug)]
pub struct Data {
    /// Lead keys, in file order.
    pub keys: Vec<Box<str>>,
    /// `employees`; NaN when missing.
    pub employees: Vec<f64>,
    /// `seniority` as an index into the enum; [`NO_ENUM`] when missing.
    pub seniority: Vec<u8>,
    /// `industry` as an index into the enum; [`NO_ENUM`] when missing.
    pub industry: Vec<u8>,
    /// `job_title` as a code into `titles`; [`NONE`] when missing.
    pub job_title: Vec<u32>,
    /// Distinct job titles.
    pub titles: Vec<Box<str>>,
    /// The part of `email` after its last `@`, as a code into `domains`; [`NONE`] when
    /// there is no `@`. (`email ends_with "@d"` ⇔ that part is `d`.)
    pub email_domain: Vec<u32>,
    /// Distinct e-mail domains.
    pub domains: Vec<Box<str>>,
    /// `created_at`, seconds since the epoch; `i64::MIN` when missing.
    pub created_at: Vec<i64>,
    /// `manual_adjustment`; NaN when missing.
    pub manual_adjustment: Vec<f64>,
    /// Lead `i`'s events are `ev_start[i]..ev_start[i + 1]`.
    pub ev_start: Vec<u32>,
    /// Event time.
    pub ev_at: Vec<i64>,
    /// Event type ([`kind`]).
    pub ev_kind: Vec<u8>,
    /// `url` as a code into `urls`; [`NONE`] when missing or not a page view.
    pub ev_url: Vec<u32>,
    /// `seconds`; -1 when missing.
    pub ev_seconds: Vec<i32>,
    /// Distinct URLs.
    pub urls: Vec<Box<str>>,
}

impl Data {
    /// Number of leads.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True without leads.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Lead `i`'s events.
    pub fn events(&self, i: usize) -> Range<usize> {
        self.ev_start[i] as usize..self.ev_start[i + 1] as usize
    }
}

/// Reads `leads.csv` and `events.csv` as `leadscore generate` writes them.
pub fn load(leads: &Path, events: &Path) -> std::io::Result<Data> {
    let l = std::fs::read(leads)?;
    let e = std::fs::read(events)?;
    parse(&l, &e).map_err(|m| std::io::Error::new(std::io::ErrorKind::InvalidData, m))
}

/// Days since 1970-01-01 of a (proleptic Gregorian) date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u32;
    }
    Some(v)
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD` (UTC).
pub fn parse_ts(b: &[u8]) -> Option<i64> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])? as i64;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    match b.len() {
        10 => Some(days * DAY),
        20 if b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z' => {
            let h = digits(&b[11..13])? as i64;
            let mi = digits(&b[14..16])? as i64;
            let s = digits(&b[17..19])? as i64;
            Some(days * DAY + h * 3600 + mi * 60 + s)
        }
        _ => None,
    }
}

fn parse_i64(b: &[u8]) -> Option<i64> {
    let (neg, d) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if d.is_empty() || d.len() > 18 {
        return std::str::from_utf8(b).ok()?.parse().ok();
    }
    let mut v: i64 = 0;
    for &c in d {
        let x = c.wrapping_sub(b'0');
        if x > 9 {
            return None;
        }
        v = v * 10 + x as i64;
    }
    Some(if neg { -v } else { v })
}

fn parse_f64(b: &[u8]) -> Option<f64> {
    std::str::from_utf8(b)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

/// Splits CSV text into lines (LF or CRLF) and each line into cells. Lines with a quote
/// take a slow path that unquotes into owned cells.
fn for_each_row<'a>(
    text: &'a [u8],
    mut f: impl FnMut(usize, &[&[u8]]) -> Result<(), String>,
) -> Result<(), String> {
    let mut cells: Vec<&'a [u8]> = Vec::with_capacity(16);
    let mut line_no = 0;
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| pos + i);
        let mut line = &text[pos..end];
        pos = end + 1;
        line_no += 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if line.is_empty() {
            continue;
        }
        if line.contains(&b'"') {
            let owned = unquote(line);
            let refs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            f(line_no, &refs)?;
            continue;
        }
        cells.clear();
        let mut start = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
                cells.push(&line[start..i]);
                start = i + 1;
            }
        }
        cells.push(&line[start..]);
        f(line_no, &cells)?;
    }
    Ok(())
}

fn unquote(line: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::new()];
    let mut quoted = false;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match (quoted, b) {
            (true, b'"') if line.get(i + 1) == Some(&b'"') => {
                out.last_mut().unwrap().push(b'"');
                i += 1;
            }
            (true, b'"') => quoted = false,
            (false, b'"') => quoted = true,
            (false, b',') => out.push(Vec::new()),
            _ => out.last_mut().unwrap().push(b),
        }
        i += 1;
    }
    out
}

/// A dictionary of byte strings to dense `u32` codes.
struct Dict {
    map: FxHashMap<Box<[u8]>, u32>,
    values: Vec<Box<str>>,
}

impl Dict {
    fn new() -> Self {
        Dict {
            map: FxHashMap::default(),
            values: Vec::new(),
        }
    }

    fn code(&mut self, s: &[u8]) -> u32 {
        if let Some(&c) = self.map.get(s) {
            return c;
        }
        let c = self.values.len() as u32;
        self.values.push(String::from_utf8_lossy(s).into());
        self.map.insert(s.into(), c);
        c
    }
}

fn column(header: &[&[u8]], name: &str) -> Option<usize> {
    header.iter().position(|h| *h == name.as_bytes())
}

fn enum_index(variants: &[&[u8]], cell: &[u8]) -> Result<u8, String> {
    if cell.is_empty() {
        return Ok(NO_ENUM);
    }
    variants
        .iter()
        .position(|v| *v == cell)
        .map(|i| i as u8)
        .ok_or_else(|| format!("unknown enum value {:?}", String::from_utf8_lossy(cell)))
}

/// Parses the two files' bytes.
pub fn parse(leads: &[u8], events: &[u8]) -> Result<Data, String> {
    let mut d = Data::default();
    let mut titles = Dict::new();
    let mut domains = Dict::new();
    let mut cols = [0usize; 8];
    for_each_row(leads, |line, c| {
        if line == 1 {
            for (slot, name) in [
                "id",
                "email",
                "job_title",
                "employees",
                "seniority",
                "industry",
                "created_at",
                "manual_adjustment",
            ]
            .iter()
            .enumerate()
            {
                cols[slot] = column(c, name).ok_or_else(|| format!("leads: no column {name}"))?;
            }
            return Ok(());
        }
        let get = |slot: usize| c.get(cols[slot]).copied().unwrap_or(b"");
        let key = get(0);
        d.keys.push(String::from_utf8_lossy(key).into());
        let email = get(1);
        d.email_domain
            .push(match email.iter().rposition(|&b| b == b'@') {
                Some(at) => domains.code(&email[at + 1..]),
                None => NONE,
            });
        let title = get(2);
        d.job_title.push(if title.is_empty() {
            NONE
        } else {
            titles.code(title)
        });
        let emp = get(3);
        d.employees.push(if emp.is_empty() {
            f64::NAN
        } else {
            parse_i64(emp).ok_or_else(|| format!("leads:{line}: bad employees"))? as f64
        });
        d.seniority.push(enum_index(&SENIORITY, get(4))?);
        d.industry.push(enum_index(&INDUSTRY, get(5))?);
        let created = get(6);
        d.created_at.push(if created.is_empty() {
            i64::MIN
        } else {
            parse_ts(created).ok_or_else(|| format!("leads:{line}: bad created_at"))?
        });
        let adj = get(7);
        d.manual_adjustment.push(if adj.is_empty() {
            f64::NAN
        } else {
            parse_f64(adj).ok_or_else(|| format!("leads:{line}: bad manual_adjustment"))?
        });
        Ok(())
    })?;
    // Lead key → index, borrowing the stored keys.
    let mut by_key: FxHashMap<&[u8], u32> = FxHashMap::default();
    by_key.reserve(d.keys.len());
    for (i, k) in d.keys.iter().enumerate() {
        by_key.insert(k.as_bytes(), i as u32);
    }

    // Events, in file order, then grouped per lead.
    let mut urls = Dict::new();
    let (mut lead_of, mut at, mut kind_of, mut url, mut secs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ecols = [0usize; 3];
    let mut url_col = None;
    let mut secs_col = None;
    let mut last_key: &[u8] = b"";
    let mut last_idx = u32::MAX;
    let keys_ptr = &by_key;
    for_each_row(events, |line, c| {
        if line == 1 {
            for (slot, name) in ["lead", "event", "at"].iter().enumerate() {
                ecols[slot] = column(c, name).ok_or_else(|| format!("events: no column {name}"))?;
            }
            url_col = column(c, "url");
            secs_col = column(c, "seconds");
            return Ok(());
        }
        let get = |i: usize| c.get(i).copied().unwrap_or(b"");
        let key = get(ecols[0]);
        // Events of one lead usually come together: skip the hash lookup then.
        let idx = if key == last_key && last_idx != u32::MAX {
            last_idx
        } else {
            match keys_ptr.get(key) {
                Some(&i) => {
                    last_idx = i;
                    last_key = d.keys[i as usize].as_bytes();
                    i
                }
                None => return Ok(()), // an orphan: not scored
            }
        };
        let k = kind::of(get(ecols[1]));
        if k == kind::UNKNOWN {
            return Err(format!("events:{line}: unknown event type"));
        }
        let t = parse_ts(get(ecols[2])).ok_or_else(|| format!("events:{line}: bad time"))?;
        lead_of.push(idx);
        at.push(t);
        kind_of.push(k);
        if k == kind::PAGE_VIEW {
            let u = url_col.map_or(&b""[..], get);
            url.push(if u.is_empty() { NONE } else { urls.code(u) });
            let s = secs_col.map_or(&b""[..], get);
            secs.push(if s.is_empty() {
                -1
            } else {
                parse_i64(s).ok_or_else(|| format!("events:{line}: bad seconds"))? as i32
            });
        } else {
            url.push(NONE);
            secs.push(-1);
        }
        Ok(())
    })?;
    drop(by_key);

    // CSR: a stable counting sort by lead (skipped when the file is already grouped in
    // lead order), then a stable sort by time within each lead when needed.
    let n = d.keys.len();
    let mut start = vec![0u32; n + 1];
    for &l in &lead_of {
        start[l as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let grouped = lead_of.windows(2).all(|w| w[0] <= w[1]);
    if !grouped {
        let mut next = start.clone();
        let mut perm = vec![0u32; lead_of.len()];
        for (e, &l) in lead_of.iter().enumerate() {
            perm[next[l as usize] as usize] = e as u32;
            next[l as usize] += 1;
        }
        at = perm.iter().map(|&e| at[e as usize]).collect();
        kind_of = perm.iter().map(|&e| kind_of[e as usize]).collect();
        url = perm.iter().map(|&e| url[e as usize]).collect();
        secs = perm.iter().map(|&e| secs[e as usize]).collect();
    }
    for i in 0..n {
        let r = start[i] as usize..start[i + 1] as usize;
        if at[r.clone()].windows(2).all(|w| w[0] <= w[1]) {
            continue;
        }
        let mut idx: Vec<usize> = r.clone().collect();
        idx.sort_by_key(|&e| at[e]); // stable: ties keep file order
        let (a, k, u, s): (Vec<_>, Vec<_>, Vec<_>, Vec<_>) = (
            idx.iter().map(|&e| at[e]).collect(),
            idx.iter().map(|&e| kind_of[e]).collect(),
            idx.iter().map(|&e| url[e]).collect(),
            idx.iter().map(|&e| secs[e]).collect(),
        );
        at[r.clone()].copy_from_slice(&a);
        kind_of[r.clone()].copy_from_slice(&k);
        url[r.clone()].copy_from_slice(&u);
        secs[r].copy_from_slice(&s);
    }
    d.ev_start = start;
    d.ev_at = at;
    d.ev_kind = kind_of;
    d.ev_url = url;
    d.ev_seconds = secs;
    d.titles = titles.values;
    d.domains = domains.values;
    d.urls = urls.values;
    Ok(d)
}

/// `0.5^(age / half_life)`, as the language defines it.
#[inline]
fn half_life(age: i64, h: i64) -> f64 {
    0.5f64.powf(age as f64 / h as f64)
}

#[inline]
fn linear(age: i64, len: i64) -> f64 {
    (1.0 - age as f64 / len as f64).max(0.0)
}

#[inline]
fn days_since(as_of: i64, t: i64) -> f64 {
    as_of.saturating_sub(t) as f64 / DAY as f64
}

/// The score after its clamp, as the interpreter finishes it.
#[inline]
fn finish(sum: f64, lo: f64, hi: f64) -> f64 {
    let s = if sum.is_finite() { sum } else { 0.0 };
    let v = s.clamp(lo, hi);
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// The number of visible events (at or before as-of) of a sorted range.
#[inline]
fn visible(at: &[i64], as_of: i64) -> usize {
    at.partition_point(|&t| t <= as_of)
}

/// Does an `email_sent` at index `i` go without an `email_open` in `(t, t + 3d]`, with
/// `t + 3d` already past? `at`/`kind` hold only visible events.
#[inline]
fn unanswered(at: &[i64], kind: &[u8], i: usize, as_of: i64, within: i64) -> bool {
    let t = at[i];
    let deadline = t.saturating_add(within);
    if deadline > as_of {
        return false;
    }
    !at[i + 1..]
        .iter()
        .zip(&kind[i + 1..])
        .take_while(|(&f, _)| f <= deadline)
        .any(|(&f, &k)| f > t && k == kind::EMAIL_OPEN)
}

// ---------------------------------------------------------------------------------------
// rules/seed/seed.score

/// The seed rubric's `engagement` score for leads `range`, into `out` (one per lead).
pub fn score_seed_range(d: &Data, as_of: i64, range: Range<usize>, out: &mut [f64]) {
    let urls: Vec<(bool, bool)> = d
        .urls
        .iter()
        .map(|u| (u.starts_with("/pricing"), u.starts_with("/blog")))
        .collect();
    let w7 = as_of.saturating_sub(7 * DAY);
    let w30 = as_of.saturating_sub(30 * DAY);
    let w90 = as_of.saturating_sub(90 * DAY);
    for (o, i) in out.iter_mut().zip(range) {
        let r = d.events(i);
        let at_all = &d.ev_at[r.clone()];
        let n = visible(at_all, as_of);
        let at = &at_all[..n];
        let kinds = &d.ev_kind[r.start..r.start + n];
        let url = &d.ev_url[r.start..r.start + n];
        let secs = &d.ev_seconds[r.start..r.start + n];
        let (mut pricing, mut price_list, mut newsletter, mut blog) = (0u32, 0u32, false, 0u32);
        let (mut feedback, mut demo_view, mut webinars, mut views7) = (false, false, 0u32, 0u32);
        let (mut secs7, mut opens, mut clicks, mut ignored) = (0i64, 0u32, 0u32, 0u32);
        for e in 0..n {
            let t = at[e];
            let in30 = t > w30;
            match kinds[e] {
                kind::PAGE_VIEW => {
                    if in30 && url[e] != NONE {
                        let (p, b) = urls[url[e] as usize];
                        pricing += p as u32;
                        blog += b as u32;
                    }
                    if t > w7 {
                        views7 += 1;
                        if secs[e] >= 0 {
                            secs7 += secs[e] as i64;
                        }
                    }
                }
                kind::PRICE_LIST_DOWNLOAD => price_list += in30 as u32,
                kind::NEWSLETTER_SIGNUP => newsletter = true,
                kind::FEEDBACK_FORM => feedback |= t > w90,
                kind::DEMO_VIEW => demo_view |= in30,
                kind::WEBINAR => webinars += (t > w90) as u32,
                kind::EMAIL_OPEN => opens += in30 as u32,
                kind::EMAIL_CLICK => clicks += in30 as u32,
                kind::EMAIL_SENT => {
                    ignored += (in30 && unanswered(at, kinds, e, as_of, 3 * DAY)) as u32
                }
                _ => {}
            }
        }
        // Whole points without decay: per-event sums are exact, so count × points is too.
        let mut sum = 0.0;
        sum += 10.0 * pricing as f64;
        sum += 15.0 * price_list as f64;
        sum += if newsletter { 5.0 } else { 0.0 };
        sum += 2.0 * blog as f64;
        sum += if feedback { 20.0 } else { 0.0 };
        sum += if demo_view { 15.0 } else { 0.0 };
        sum += 10.0 * webinars as f64;
        sum += if views7 >= 3 { 15.0 } else { 0.0 };
        sum += if secs7 as f64 > 300.0 { 5.0 } else { 0.0 };
        sum += 3.0 * opens as f64;
        sum += 7.0 * clicks as f64;
        sum += -(5.0 * ignored as f64);
        *o = finish(sum, 0.0, 200.0);
    }
}

/// The seed rubric's `engagement` score of every lead, on this thread.
pub fn score_seed(d: &Data, as_of: i64) -> Vec<f64> {
    let mut out = vec![0.0; d.len()];
    score_seed_range(d, as_of, 0..d.len(), &mut out);
    out
}

/// [`score_seed`] split across rayon's threads in chunks of `chunk` leads.
pub fn score_seed_par(d: &Data, as_of: i64, chunk: usize) -> Vec<f64> {
    let mut out = vec![0.0; d.len()];
    out.par_chunks_mut(chunk.max(1))
        .enumerate()
        .for_each(|(c, o)| {
            let s = c * chunk.max(1);
            score_seed_range(d, as_of, s..s + o.len(), o)
        });
    out
}

// ---------------------------------------------------------------------------------------
// rules/bench/large.score

/// Scores of `large.score`, in output order: `fit`, `engagement`, `total`.
pub const LARGE_SCORES: usize = 3;

/// What `large.score` tests about each distinct text, worked out once per dictionary.
struct LargeTexts {
    /// Per URL: starts with /pricing, is /pricing/enterprise, /docs, /blog.
    urls: Vec<[bool; 4]>,
    /// Per job title: starts with "Head of" or "VP"; lower-cased contains "student".
    titles: Vec<(bool, bool)>,
    /// Per e-mail domain: a free mail provider.
    free: Vec<bool>,
}

impl LargeTexts {
    fn new(d: &Data) -> Self {
        LargeTexts {
            urls: d
                .urls
                .iter()
                .map(|u| {
                    [
                        u.starts_with("/pricing"),
                        &**u == "/pricing/enterprise",
                        u.starts_with("/docs"),
                        u.starts_with("/blog"),
                    ]
                })
                .collect(),
            titles: d
                .titles
                .iter()
                .map(|t| {
                    (
                        t.starts_with("Head of") || t.starts_with("VP"),
                        t.to_lowercase().contains("student"),
                    )
                })
                .collect(),
            free: d
                .domains
                .iter()
                .map(|x| matches!(&**x, "gmail.com" | "yahoo.com" | "outlook.com"))
                .collect(),
        }
    }
}

/// `large.score` for leads `range`, into `out` (one `[fit, engagement, total]` per lead).
pub fn score_large_range(
    d: &Data,
    as_of: i64,
    range: Range<usize>,
    out: &mut [[f64; LARGE_SCORES]],
) {
    let tx = LargeTexts::new(d);
    let hl = 14 * DAY;
    let w7 = as_of.saturating_sub(7 * DAY);
    let w30 = as_of.saturating_sub(30 * DAY);
    let w60 = as_of.saturating_sub(60 * DAY);
    let w90 = as_of.saturating_sub(90 * DAY);
    for (o, i) in out.iter_mut().zip(range) {
        // fit: rule contributions in rule order.
        let emp = d.employees[i];
        let sen = d.seniority[i];
        let ind = d.industry[i];
        let title = d.job_title[i];
        let (head, student) = if title == NONE {
            (false, false)
        } else {
            tx.titles[title as usize]
        };
        let dom = d.email_domain[i];
        let free = dom != NONE && tx.free[dom as usize];
        let created = d.created_at[i];
        let age_days = (created != i64::MIN).then(|| days_since(as_of, created));
        let adj = d.manual_adjustment[i];
        let mut fit = 0.0;
        fit += if emp >= 1000.0 { 12.0 } else { 0.0 };
        fit += if (250.0..=999.0).contains(&emp) {
            8.0
        } else {
            0.0
        };
        fit += if (50.0..=249.0).contains(&emp) {
            5.0
        } else {
            0.0
        };
        fit += if emp < 10.0 { -5.0 } else { 0.0 };
        fit += if sen <= 2 { 10.0 } else { 0.0 };
        fit += if sen == 3 { 4.0 } else { 0.0 };
        fit += if ind <= 1 { 6.0 } else { 0.0 };
        fit += if ind == 5 { -4.0 } else { 0.0 };
        fit += if head { 5.0 } else { 0.0 };
        fit += if student { -15.0 } else { 0.0 };
        fit += if free { -8.0 } else { 0.0 };
        fit += if age_days.is_some_and(|a| a <= 30.0) {
            4.0
        } else {
            0.0
        };
        fit += if age_days.is_some_and(|a| a > 300.0) {
            -3.0
        } else {
            0.0
        };
        fit += if adj.is_nan() {
            0.0
        } else {
            adj.clamp(-10.0, 10.0)
        };
        let fit = finish(fit, -30.0, 60.0);

        // engagement: one pass, oldest first, per-rule accumulators.
        let r = d.events(i);
        let at_all = &d.ev_at[r.clone()];
        let n = visible(at_all, as_of);
        let at = &at_all[..n];
        let kinds = &d.ev_kind[r.start..r.start + n];
        let url = &d.ev_url[r.start..r.start + n];
        let secs = &d.ev_seconds[r.start..r.start + n];
        let (mut pricing, mut docs, mut blog, mut price_list) = (0.0, 0.0, 0.0, 0.0);
        let (mut webinar, mut clicks, mut ignored) = (0.0, 0.0, 0.0);
        let mut ent_pricing: Option<f64> = None; // factor of the newest match
        let mut demo_request = false;
        let mut demo_view: Option<f64> = None;
        let (mut views7, mut secs7) = (0u32, 0i64);
        let mut recent30 = false;
        let mut last_view: Option<i64> = None;
        let mut any_demo_request = false;
        for e in 0..n {
            let t = at[e];
            let age = as_of.saturating_sub(t);
            let in30 = t > w30;
            recent30 |= in30;
            match kinds[e] {
                kind::PAGE_VIEW => {
                    last_view = Some(t);
                    if t > w7 {
                        views7 += 1;
                        if secs[e] >= 0 {
                            secs7 += secs[e] as i64;
                        }
                    }
                    if in30 && url[e] != NONE {
                        let [p, ent, dc, b] = tx.urls[url[e] as usize];
                        if p || ent || dc {
                            let f = half_life(age, hl);
                            if p {
                                pricing += 8.0 * f;
                            }
                            if ent {
                                ent_pricing = Some(f);
                            }
                            if dc {
                                docs += 1.0 * f;
                            }
                        }
                        if b {
                            blog += 1.0;
                        }
                    }
                }
                kind::PRICE_LIST_DOWNLOAD if t > w60 => price_list += 12.0 * half_life(age, hl),
                kind::DEMO_REQUEST => {
                    any_demo_request = true;
                    demo_request |= t > w90;
                }
                kind::DEMO_VIEW if in30 => demo_view = Some(half_life(age, hl)),
                kind::WEBINAR if t > w90 => webinar += 8.0 * linear(age, 90 * DAY),
                kind::EMAIL_CLICK if in30 => clicks += 4.0 * half_life(age, hl),
                kind::EMAIL_SENT if t > w60 && unanswered(at, kinds, e, as_of, 3 * DAY) => {
                    ignored += 3.0 * half_life(age, hl)
                }
                _ => {}
            }
        }
        // "Pricing then demo": the newest pricing view with a demo request in (t, t + 7d].
        let mut pricing_then_demo: Option<f64> = None;
        if any_demo_request {
            for e in (0..n).rev() {
                if kinds[e] != kind::PAGE_VIEW || url[e] == NONE || !tx.urls[url[e] as usize][0] {
                    continue;
                }
                let t = at[e];
                let deadline = t.saturating_add(7 * DAY);
                let followed = at[e + 1..]
                    .iter()
                    .zip(&kinds[e + 1..])
                    .take_while(|(&f, _)| f <= deadline)
                    .any(|(&f, &k)| f > t && k == kind::DEMO_REQUEST);
                if followed {
                    pricing_then_demo = Some(half_life(as_of.saturating_sub(t), hl));
                    break;
                }
            }
        }
        let cap = |v: f64, c: f64| {
            let v = if v.is_finite() { v } else { 0.0 };
            v.clamp(-c, c)
        };
        let mut eng = 0.0;
        eng += cap(pricing, 40.0);
        eng += ent_pricing.map_or(0.0, |f| 10.0 * f);
        eng += cap(docs, 10.0);
        eng += cap(blog, 8.0);
        eng += cap(price_list, 24.0);
        eng += if demo_request { 30.0 } else { 0.0 };
        eng += demo_view.map_or(0.0, |f| 12.0 * f);
        eng += webinar;
        eng += cap(clicks, 16.0);
        eng += if views7 >= 5 { 10.0 } else { 0.0 };
        eng += if secs7 as f64 > 900.0 { 6.0 } else { 0.0 };
        eng += pricing_then_demo.map_or(0.0, |f| 15.0 * f);
        eng += cap(-ignored, 15.0);
        eng += if recent30 { 0.0 } else { -10.0 };
        eng += if last_view.is_some_and(|t| days_since(as_of, t) <= 2.0) {
            5.0
        } else {
            0.0
        };
        let eng = finish(eng, -25.0, 150.0);
        let total = finish(fit + eng, 0.0, 200.0);
        *o = [fit, eng, total];
    }
}

/// `large.score` for every lead, on this thread.
pub fn score_large(d: &Data, as_of: i64) -> Vec<[f64; LARGE_SCORES]> {
    let mut out = vec![[0.0; LARGE_SCORES]; d.len()];
    score_large_range(d, as_of, 0..d.len(), &mut out);
    out
}

/// [`score_large`] split across rayon's threads in chunks of `chunk` leads.
pub fn score_large_par(d: &Data, as_of: i64, chunk: usize) -> Vec<[f64; LARGE_SCORES]> {
    let mut out = vec![[0.0; LARGE_SCORES]; d.len()];
    out.par_chunks_mut(chunk.max(1))
        .enumerate()
        .for_each(|(c, o)| {
            let s = c * chunk.max(1);
            score_large_range(d, as_of, s..s + o.len(), o)
        });
    out
}
