//! Synthetic leads and events for any schema, for benchmarks and examples.
//!
//! Each lead gets field values chosen by the field's name and type (`email` →
//! `contact17@acme.com`, `employees` → a log-normal company size, enums skewed towards their
//! first variants, optional fields empty about 10 % of the time) and a log-normal number of
//! events (about 8 % of leads have none). Event types are mixed by weight (`page_view`
//! common, `demo_request` rare; unknown types by their position in the schema); times fall
//! mostly in the 120 days before as-of, about 1 % after it, and about 1 % exactly on the
//! window edges `as_of − 7d`, `− 30d`, `− 90d` and on `as_of` itself. E-mails are opened
//! (and links clicked) some hours later, sometimes exactly 3 days later.
//!
//! The output is a pure function of (schema, options): every lead draws from its own
//! random stream (seeded from the seed and its index), numbers come from a generator
//! in this crate using basic arithmetic only, so the files are byte-identical on every
//! run, machine and thread count.

pub mod rng;
pub mod text;
pub mod values;

use crate::schema::Schema;
use rng::Rng;
use std::io::{self, Write};
use std::path::Path;
use text::{push_cell, push_ts};
use values::Gen;

const DAY: i64 = 86_400;
/// Leads per block; blocks are generated in parallel and written in order.
const BLOCK: u64 = 1024;
/// Share of leads without any event.
const NO_EVENTS: f64 = 0.08;
/// Spread of the number of events per lead.
const COUNT_SIGMA: f64 = 0.9;
/// Share of optional values left empty.
const MISSING: f64 = 0.10;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of leads.
    pub leads: u64,
    /// Random seed: same seed, same bytes.
    pub seed: u64,
    /// Mean number of events per lead (leads without events included).
    pub events_per_lead: f64,
    /// The as-of time the events are placed around, seconds since the epoch.
    pub as_of: i64,
}

impl Options {
    /// `leads` leads from `seed`, 20 events per lead on average, as of 2024-06-01.
    pub fn new(leads: u64, seed: u64) -> Options {
        Options {
            leads,
            seed,
            events_per_lead: 20.0,
            as_of: DEFAULT_AS_OF,
        }
    }
}

/// 2024-06-01T00:00:00Z, the as-of time used throughout the examples.
pub const DEFAULT_AS_OF: i64 = 1_717_200_000;

/// What was generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Lead rows written.
    pub leads: u64,
    /// Event rows written.
    pub events: u64,
}

/// One event before it is written: its time, type and a value carried to follow-ups.
#[derive(Clone, Copy)]
struct Ev {
    at: i64,
    kind: u16,
    hint: u16,
}

const NO_HINT: u16 = u16::MAX;

/// One event type, ready to write.
struct Kind {
    /// The type name as a CSV cell.
    cell: String,
    /// Per attribute column of the events file: this type's generator and optionality.
    columns: Vec<Option<(Gen, bool)>>,
    /// A follow-up event type and the chance it follows.
    follow: Option<(u16, f64)>,
    /// Carries a campaign to its follow-ups.
    campaign: bool,
}

/// Everything decided once per schema.
struct Plan {
    fields: Vec<(Gen, bool)>,
    key: usize,
    kinds: Vec<Kind>,
    kind_weights: Vec<f64>,
    header_leads: Vec<u8>,
    header_events: Vec<u8>,
    median_events: f64,
    opts: Options,
}

/// Relative frequency of well-known event types; others by position.
fn kind_weight(name: &str, position: usize) -> f64 {
    match name {
        "page_view" | "pageview" | "page_visit" | "visit" => 50.0,
        "email_sent" => 14.0,
        "email_open" => 3.0,
        "email_click" => 1.0,
        "webinar" => 2.0,
        "price_list_download" => 1.5,
        "demo_view" => 1.5,
        "newsletter_signup" => 1.0,
        "feedback_form" => 0.6,
        "demo_request" => 0.4,
        _ => 10.0 / (position as f64 + 1.0),
    }
}

fn follow_up(name: &str) -> Option<(&'static str, f64)> {
    match name {
        "email_sent" => Some(("email_open", 0.45)),
        "email_open" => Some(("email_click", 0.3)),
        "demo_view" => Some(("demo_request", 0.1)),
        _ => None,
    }
}

impl Plan {
    fn new(schema: &Schema, opts: &Options) -> Plan {
        let fields = schema
            .fields
            .iter()
            .enumerate()
            .map(|(slot, f)| (Gen::for_field(f, slot == schema.key), f.optional))
            .collect();
        let mut header_leads = Vec::new();
        for (i, f) in schema.fields.iter().enumerate() {
            if i > 0 {
                header_leads.push(b',');
            }
            push_cell(&mut header_leads, &f.name);
        }
        header_leads.push(b'\n');
        // Every distinct attribute name, in schema order.
        let mut attr_names: Vec<&str> = Vec::new();
        for e in &schema.events {
            for a in &e.attrs {
                if !attr_names.contains(&a.name.as_str()) {
                    attr_names.push(&a.name);
                }
            }
        }
        let mut header_events = b"lead,event,at".to_vec();
        for a in &attr_names {
            header_events.push(b',');
            push_cell(&mut header_events, a);
        }
        header_events.push(b'\n');
        let kinds = schema
            .events
            .iter()
            .map(|e| {
                let columns = attr_names
                    .iter()
                    .map(|name| {
                        e.attrs
                            .iter()
                            .find(|a| a.name == *name)
                            .map(|a| (Gen::for_field(a, false), a.optional))
                    })
                    .collect::<Vec<_>>();
                let campaign = columns
                    .iter()
                    .any(|c| matches!(c, Some((Gen::Campaign, _))));
                let follow = follow_up(&e.name)
                    .and_then(|(next, p)| schema.event(next).map(|k| (k as u16, p)));
                let mut cell = Vec::new();
                push_cell(&mut cell, &e.name);
                Kind {
                    cell: String::from_utf8(cell).unwrap_or_default(),
                    columns,
                    follow,
                    campaign,
                }
            })
            .collect();
        let mut total = 0.0;
        let kind_weights = schema
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                total += kind_weight(&e.name, i);
                total
            })
            .collect();
        // Leads with events draw a log-normal count; its median is set so that the mean
        // over all leads is `events_per_lead`.
        let mean_with_events = opts.events_per_lead.max(0.0) / (1.0 - NO_EVENTS);
        let median_events = mean_with_events / rng::log_normal_mean_factor(COUNT_SIGMA);
        Plan {
            fields,
            key: schema.key,
            kinds,
            kind_weights,
            header_leads,
            header_events,
            median_events,
            opts: opts.clone(),
        }
    }

    /// Writes leads `start..end` (0-based) to the two buffers; returns the events written.
    fn block(&self, start: u64, end: u64, leads: &mut Vec<u8>, events: &mut Vec<u8>) -> u64 {
        let mut count = 0;
        let mut evs: Vec<Ev> = Vec::new();
        let mut key: Vec<u8> = Vec::new();
        for i in start..end {
            let mut r = Rng::stream(self.opts.seed, i);
            let n = i + 1;
            for (slot, (g, optional)) in self.fields.iter().enumerate() {
                if slot > 0 {
                    leads.push(b',');
                }
                if slot == self.key {
                    let from = leads.len();
                    g.write(leads, &mut r, n, self.opts.as_of, None);
                    key.clear();
                    key.extend_from_slice(&leads[from..]);
                } else if !(*optional && r.chance(MISSING)) {
                    g.write(leads, &mut r, n, self.opts.as_of, None);
                }
            }
            leads.push(b'\n');
            self.lead_events(&mut r, &mut evs);
            for ev in &evs {
                self.write_event(events, &mut r, &key, n, ev);
            }
            count += evs.len() as u64;
        }
        count
    }

    /// A lead's events, sorted by time (stable).
    fn lead_events(&self, r: &mut Rng, evs: &mut Vec<Ev>) {
        evs.clear();
        if self.kinds.is_empty() || self.median_events <= 0.0 || r.chance(NO_EVENTS) {
            return;
        }
        let k = r
            .log_normal(self.median_events, COUNT_SIGMA)
            .round()
            .max(1.0) as usize;
        let as_of = self.opts.as_of;
        // How this lead's activity is spread: dormant for the last month, mostly recent,
        // or spread over the last 120 days.
        let profile = r.unit();
        let mut prev: Option<i64> = None;
        while evs.len() < k {
            let x = r.unit();
            let at = if x < 0.01 {
                as_of + 1 + r.below(30 * DAY as u64) as i64
            } else if x < 0.02 {
                as_of - *r.pick(&[7 * DAY, 30 * DAY, 90 * DAY, 0])
            } else if prev.is_some() && x < 0.30 {
                // The same session as the previous event.
                prev.unwrap_or(as_of) + r.below(2 * 3600) as i64
            } else {
                let u = r.unit();
                let days = if profile < 0.15 {
                    30.0 + 90.0 * u
                } else if profile < 0.55 {
                    120.0 * u * u
                } else {
                    120.0 * u
                };
                as_of - (days * DAY as f64) as i64
            };
            prev = Some(at);
            let kind = r.weighted(&self.kind_weights) as u16;
            let hint = if self.kinds[kind as usize].campaign {
                r.below(values::CAMPAIGNS.len() as u64) as u16
            } else {
                NO_HINT
            };
            evs.push(Ev { at, kind, hint });
            // Opens follow sends, clicks follow opens.
            let mut last = Ev { at, kind, hint };
            while let Some((next, p)) = self.kinds[last.kind as usize].follow {
                if evs.len() >= k || !r.chance(p) {
                    break;
                }
                let y = r.unit();
                let delay = if y < 0.04 {
                    3 * DAY
                } else if y < 0.06 {
                    0
                } else {
                    r.log_normal(4.0 * 3600.0, 1.3)
                        .clamp(60.0, 12.0 * DAY as f64) as i64
                };
                last = Ev {
                    at: last.at + delay,
                    kind: next,
                    hint: last.hint,
                };
                evs.push(last);
            }
        }
        evs.sort_by_key(|e| e.at);
    }

    fn write_event(&self, out: &mut Vec<u8>, r: &mut Rng, key: &[u8], n: u64, ev: &Ev) {
        let kind = &self.kinds[ev.kind as usize];
        out.extend_from_slice(key);
        out.push(b',');
        out.extend_from_slice(kind.cell.as_bytes());
        out.push(b',');
        push_ts(out, ev.at);
        let hint = (ev.hint != NO_HINT).then_some(ev.hint);
        for col in &kind.columns {
            out.push(b',');
            if let Some((g, optional)) = col {
                if !(*optional && r.chance(MISSING)) {
                    g.write(out, r, n, self.opts.as_of, hint);
                }
            }
        }
        out.push(b'\n');
    }
}

/// Writes the leads file and the events file (CSV with headers) to two writers.
pub fn generate(
    schema: &Schema,
    opts: &Options,
    leads: &mut dyn Write,
    events: &mut dyn Write,
) -> io::Result<Summary> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    generate_with_threads(schema, opts, leads, events, threads)
}

/// [`generate`] on a given number of threads; the output does not depend on it.
pub fn generate_with_threads(
    schema: &Schema,
    opts: &Options,
    leads: &mut dyn Write,
    events: &mut dyn Write,
    threads: usize,
) -> io::Result<Summary> {
    let plan = Plan::new(schema, opts);
    leads.write_all(&plan.header_leads)?;
    events.write_all(&plan.header_events)?;
    let threads = threads.max(1) as u64;
    let blocks = opts.leads.div_ceil(BLOCK);
    let per_window = threads * 4;
    let mut total = 0;
    let mut first = 0;
    while first < blocks {
        let last = (first + per_window).min(blocks);
        let plan = &plan;
        let run = move |b: u64| {
            let (start, end) = (b * BLOCK, ((b + 1) * BLOCK).min(opts.leads));
            let mut l = Vec::with_capacity(((end - start) * 128) as usize);
            let mut e = Vec::with_capacity(
                ((end - start) as f64 * opts.events_per_lead.clamp(0.0, 1e4) * 80.0) as usize,
            );
            let c = plan.block(start, end, &mut l, &mut e);
            (l, e, c)
        };
        let results: Vec<(Vec<u8>, Vec<u8>, u64)> = if threads == 1 {
            (first..last).map(run).collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        s.spawn(move || {
                            (first + t..last)
                                .step_by(threads as usize)
                                .map(|b| (b, run(b)))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                let mut all: Vec<(u64, (Vec<u8>, Vec<u8>, u64))> = handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect();
                all.sort_by_key(|(b, _)| *b);
                all.into_iter().map(|(_, r)| r).collect()
            })
        };
        for (l, e, c) in results {
            leads.write_all(&l)?;
            events.write_all(&e)?;
            total += c;
        }
        first = last;
    }
    Ok(Summary {
        leads: opts.leads,
        events: total,
    })
}

/// Writes `DIR/leads.csv` and `DIR/events.csv`, creating `DIR` if needed. Each file is
/// streamed to a temporary file in `DIR` and renamed into place, so a reader never sees a
/// half-written file.
pub fn write_dir(schema: &Schema, opts: &Options, dir: &Path) -> io::Result<Summary> {
    std::fs::create_dir_all(dir)?;
    let mut leads = tempfile::NamedTempFile::new_in(dir)?;
    let mut events = tempfile::NamedTempFile::new_in(dir)?;
    let summary = {
        let mut lw = io::BufWriter::with_capacity(1 << 20, leads.as_file_mut());
        let mut ew = io::BufWriter::with_capacity(1 << 20, events.as_file_mut());
        let s = generate(schema, opts, &mut lw, &mut ew)?;
        lw.flush()?;
        ew.flush()?;
        s
    };
    for (tmp, name) in [(leads, "leads.csv"), (events, "events.csv")] {
        set_public(tmp.as_file())?;
        tmp.persist(dir.join(name)).map_err(|e| e.error)?;
    }
    Ok(summary)
}

/// Temporary files are private (0600); data files should look like any other file.
#[cfg(unix)]
fn set_public(f: &std::fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_public(_: &std::fs::File) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn seed_schema() -> Schema {
        let text = include_str!("../../rules/seed/lead.schema");
        Schema::parse(Source::new("lead.schema", text)).unwrap()
    }

    fn run(opts: &Options, threads: usize) -> (Vec<u8>, Vec<u8>, Summary) {
        let (mut l, mut e) = (Vec::new(), Vec::new());
        let s = generate_with_threads(&seed_schema(), opts, &mut l, &mut e, threads).unwrap();
        (l, e, s)
    }

    #[test]
    fn output_does_not_depend_on_threads() {
        let opts = Options::new(3000, 5);
        let one = run(&opts, 1);
        assert_eq!(one, run(&opts, 3));
        assert_eq!(one.2.leads, 3000);
        assert_eq!(
            String::from_utf8_lossy(&one.1).lines().count() as u64,
            one.2.events + 1
        );
    }

    #[test]
    fn zero_leads_and_zero_events() {
        let (l, e, s) = run(&Options::new(0, 1), 2);
        assert_eq!(
            s,
            Summary {
                leads: 0,
                events: 0
            }
        );
        assert_eq!(l.iter().filter(|b| **b == b'\n').count(), 1);
        assert_eq!(e, b"lead,event,at,url,seconds,title,campaign\n");
        let mut o = Options::new(50, 1);
        o.events_per_lead = 0.0;
        assert_eq!(run(&o, 1).2.events, 0);
    }
}
