//! Writing scores: one row per lead, CSV or JSON Lines, and atomic file replacement.

use crate::eval::explain::fmt_num;
use crate::eval::Outcome;
use crate::ir::Program;
use std::io::Write;
use std::path::Path;

/// Output formats for scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// Comma-separated, with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl OutFormat {
    /// From a file extension; CSV unless it says JSON.
    pub fn from_path(p: &Path) -> OutFormat {
        match p.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson" | "json") => OutFormat::Jsonl,
            _ => OutFormat::Csv,
        }
    }
}

/// Output columns every row has; scores, tier sets and the key may not take these names.
pub const FIXED_COLUMNS: [&str; 7] = [
    "action", "queue", "notify", "tags", "ruleset", "version", "hash",
];

/// Column names: key, every score, every tier set, then routing and provenance.
pub fn header(p: &Program) -> Vec<String> {
    let mut h = vec![p.schema.key_field().name.clone()];
    h.extend(p.scores.iter().map(|s| s.name.clone()));
    h.extend(p.tier_sets.iter().map(|t| t.name.clone()));
    h.extend(FIXED_COLUMNS.map(String::from));
    h
}

/// One row as text cells, in `header` order.
pub fn cells(p: &Program, key: &str, o: &Outcome) -> Vec<String> {
    let mut row = vec![key.to_string()];
    row.extend(o.scores.iter().map(|v| fmt_num(*v)));
    row.extend(
        p.tier_sets
            .iter()
            .zip(&o.tiers)
            .map(|(t, i)| t.names[*i as usize].clone()),
    );
    row.push(o.queue.as_ref().map_or("", |q| q.0.as_str()).to_string());
    row.push(o.queue.as_ref().map_or(String::new(), |q| q.1.clone()));
    row.push(o.notify.join(";"));
    row.push(o.tags.join(";"));
    row.extend([p.name.clone(), p.version.to_string(), p.hash.clone()]);
    row
}

/// Serialises scored leads.
pub fn write_scores(
    p: &Program,
    rows: &[(&str, &Outcome)],
    format: OutFormat,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        OutFormat::Csv => {
            let mut cw = csv::Writer::from_writer(w);
            cw.write_record(header(p))?;
            for (key, o) in rows {
                cw.write_record(cells(p, key, o))?;
            }
            cw.flush()
        }
        OutFormat::Jsonl => {
            for (key, o) in rows {
                serde_json::to_writer(&mut *w, &json_row(p, key, o))?;
                w.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// Serialises scored leads in `order`, in parallel blocks concatenated in order: the
/// bytes are those of [`write_scores`], whatever the thread count. CSV rows are written
/// field by field; the routing columns are worked out once per distinct set of matched
/// route lines, not once per lead.
pub fn render_scores<'a>(
    p: &Program,
    scores: &crate::scorer::Scores,
    key: &(dyn Fn(usize) -> &'a str + Sync),
    order: &[usize],
    format: OutFormat,
) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    const BLOCK: usize = 8192;
    let blocks: Vec<std::io::Result<Vec<u8>>> = order
        .par_chunks(BLOCK)
        .map(|block| {
            let mut buf = Vec::new();
            match format {
                OutFormat::Csv => csv_block(p, scores, key, block, &mut buf)?,
                OutFormat::Jsonl => {
                    let rows: Vec<(usize, Outcome)> =
                        block.iter().map(|&i| (i, scores.outcome(p, i))).collect();
                    let refs: Vec<(&str, &Outcome)> =
                        rows.iter().map(|(i, o)| (key(*i), o)).collect();
                    write_scores(p, &refs, format, &mut buf)?;
                }
            }
            Ok(buf)
        })
        .collect();
    let mut out = Vec::new();
    if format == OutFormat::Csv {
        let mut cw = csv::Writer::from_writer(&mut out);
        cw.write_record(header(p))?;
        cw.flush()?;
    }
    for b in blocks {
        out.extend_from_slice(&b?);
    }
    Ok(out)
}

fn csv_block<'a>(
    p: &Program,
    scores: &crate::scorer::Scores,
    key: &(dyn Fn(usize) -> &'a str + Sync),
    block: &[usize],
    buf: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut routed: std::collections::HashMap<&[u64], [String; 4]> = Default::default();
    let tail = [p.name.clone(), p.version.to_string(), p.hash.clone()];
    let mut cw = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(buf);
    for &i in block {
        cw.write_field(key(i))?;
        for s in 0..p.scores.len() {
            cw.write_field(fmt_num(scores.score(i, s)))?;
        }
        for (t, set) in p.tier_sets.iter().enumerate() {
            cw.write_field(&set.names[scores.tier(i, t) as usize])?;
        }
        let words = scores.route_words(i);
        let cols = routed.entry(words).or_insert_with(|| {
            let o = scores.outcome(p, i);
            [
                o.queue.as_ref().map_or("", |q| q.0.as_str()).to_string(),
                o.queue.as_ref().map_or(String::new(), |q| q.1.clone()),
                o.notify.join(";"),
                o.tags.join(";"),
            ]
        });
        for c in cols.iter().chain(&tail) {
            cw.write_field(c)?;
        }
        cw.write_record(std::iter::empty::<&[u8]>())?;
    }
    cw.flush()
}

/// One lead as a JSON object with the same fields as the CSV columns.
pub fn json_row(p: &Program, key: &str, o: &Outcome) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert(p.schema.key_field().name.clone(), key.into());
    for (s, v) in p.scores.iter().zip(&o.scores) {
        m.insert(s.name.clone(), serde_json::json!(v));
    }
    for (t, i) in p.tier_sets.iter().zip(&o.tiers) {
        m.insert(t.name.clone(), t.names[*i as usize].clone().into());
    }
    m.insert(
        "action".into(),
        o.queue.as_ref().map(|q| q.0.as_str()).into(),
    );
    m.insert("queue".into(), o.queue.as_ref().map(|q| q.1.clone()).into());
    m.insert("notify".into(), o.notify.clone().into());
    m.insert("tags".into(), o.tags.clone().into());
    m.insert("ruleset".into(), p.name.clone().into());
    m.insert("version".into(), p.version.into());
    m.insert("hash".into(), p.hash.clone().into());
    serde_json::Value::Object(m)
}

/// Writes a file so that readers see the old content or the new, never half of it:
/// a temporary file in the same folder, synced, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    // Temporary files are private (0600); the result should look like any other output file.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(f.metadata()?.permissions())
}
