//! The "plain logistic regression" yardstick: how well an ordinary model ranks the leads
//! of a CSV file, to set a rubric's backtest AUC against.
//!
//! ```text
//! cargo run --release --example yardstick -- FILE.csv --outcome COL --positive VALUE \
//!     [--drop COL,COL] [--categorical COL,COL] [--split 0.3] [--seed 42] [--l2 1e-4] \
//!     [--split-by-row]
//! ```
//!
//! Every column but the outcome and the dropped ones is a feature: numeric when every cell
//! parses as a finite number and it is not listed in `--categorical`, otherwise one-hot
//! (one indicator per level except the most frequent). The split is stratified and random
//! (or, with `--split-by-row`, the last rows are held out, for files in date order).

use clap::Parser;
use leadscore::backtest::{logistic, metrics, split};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Held-out AUC of a plain logistic regression on a CSV file")]
struct Args {
    /// The CSV file (`;` or `,` delimited, with a header line).
    file: PathBuf,
    /// The outcome column.
    #[arg(long)]
    outcome: String,
    /// The outcome value that counts as converted.
    #[arg(long)]
    positive: String,
    /// Columns to leave out, comma-separated.
    #[arg(long, value_delimiter = ',')]
    drop: Vec<String>,
    /// Columns to one-hot encode even if numeric, comma-separated.
    #[arg(long, value_delimiter = ',')]
    categorical: Vec<String>,
    /// Share of rows held out for testing.
    #[arg(long, default_value_t = 0.3)]
    split: f64,
    /// Seed of the stratified split.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// L2 penalty on the standardised coefficients.
    #[arg(long, default_value_t = 1e-4)]
    l2: f64,
    /// Hold out the last rows of the file instead of a random stratified share.
    #[arg(long)]
    split_by_row: bool,
}

/// The file as text cells.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(report) => {
            // A closed pipe (`| head`) is not worth a panic message.
            let _ = std::io::stdout().write_all(report.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<String, String> {
    if !(0.0..1.0).contains(&args.split) {
        return Err(format!(
            "`--split` is the held-out share: at least 0 and below 1, not `{}`",
            args.split
        ));
    }
    let table = read(&args.file)?;
    let column = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column `{name}` in `{}`", args.file.display()))
    };
    let outcome = column(&args.outcome)?;
    for name in args.drop.iter().chain(&args.categorical) {
        column(name)?;
    }
    let y: Vec<bool> = table
        .rows
        .iter()
        .map(|r| r[outcome] == args.positive)
        .collect();
    if !y.contains(&true) {
        return Err(format!(
            "no row has `{}` equal to `{}`",
            args.outcome, args.positive
        ));
    }
    let (names, columns) = features(&table, outcome, args);
    let held = if args.split_by_row {
        let keys: Vec<f64> = (0..y.len()).map(|i| i as f64).collect();
        split::ordered(&keys, args.split)
    } else {
        split::stratified(&y, args.split, args.seed)
    };
    let train: Vec<Vec<f64>> = columns.iter().map(|c| rows(c, &held, false)).collect();
    let model =
        logistic::fit(&train, &rows(&y, &held, false), args.l2).map_err(|e| e.to_string())?;
    let scores: Vec<f64> = (0..y.len())
        .map(|i| {
            let row: Vec<f64> = columns.iter().map(|c| c[i]).collect();
            logistic::predict_logit(&model, &row)
        })
        .collect();
    let auc = |test: bool| {
        metrics::auc(&rows(&scores, &held, test), &rows(&y, &held, test))
            .map_or("n/a".to_string(), |a| format!("{a:.4}"))
    };
    let mut out = coefficients(&names, &model);
    let positives = y.iter().filter(|o| **o).count();
    let state = if model.converged {
        "converged"
    } else {
        "NOT converged"
    };
    out += &format!(
        "fit: {} iterations, {state}; {} positives of {} rows\n",
        model.iterations,
        thousands(positives),
        thousands(y.len()),
    );
    let how = if args.split_by_row {
        format!("last {}% of rows held out", percent(args.split))
    } else {
        format!(
            "stratified {}% split, seed {}",
            percent(args.split),
            args.seed
        )
    };
    out += &format!(
        "held-out AUC {} (train {}) on {} of {} rows; {} features; {how}\n",
        auc(true),
        auc(false),
        thousands(held.iter().filter(|h| **h).count()),
        thousands(y.len()),
        names.len(),
    );
    Ok(out)
}

/// The values of the held-out rows (`test`) or of the training rows.
fn rows<T: Copy>(values: &[T], held: &[bool], test: bool) -> Vec<T> {
    values
        .iter()
        .zip(held)
        .filter(|(_, h)| **h == test)
        .map(|(v, _)| *v)
        .collect()
}

/// Reads the file, taking the delimiter from whichever of `;` and `,` the header uses more.
fn read(path: &PathBuf) -> Result<Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("in `{}`: {e}", path.display()))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table { header, rows })
}

/// Feature names and columns (column-major) for every column but the outcome and dropped.
fn features(table: &Table, outcome: usize, args: &Args) -> (Vec<String>, Vec<Vec<f64>>) {
    let (mut names, mut columns) = (Vec::new(), Vec::new());
    for (j, name) in table.header.iter().enumerate() {
        if j == outcome || args.drop.contains(name) {
            continue;
        }
        let cells: Vec<&str> = table.rows.iter().map(|r| r[j].as_str()).collect();
        let numbers: Option<Vec<f64>> = cells
            .iter()
            .map(|c| c.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect();
        match numbers {
            Some(values) if !args.categorical.contains(name) => {
                names.push(name.clone());
                columns.push(values);
            }
            _ => {
                for (level, indicator) in one_hot(&cells) {
                    names.push(format!("{name}={level}"));
                    columns.push(indicator);
                }
            }
        }
    }
    (names, columns)
}

/// One 0/1 column per level in sorted order, leaving out the most frequent level (the
/// first such in sorted order on a tie), which the intercept stands for.
fn one_hot(cells: &[&str]) -> Vec<(String, Vec<f64>)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in cells {
        *counts.entry(c).or_default() += 1;
    }
    let reference = counts
        .iter()
        .fold(None, |best: Option<(&str, usize)>, (level, n)| match best {
            Some((_, m)) if m >= *n => best,
            _ => Some((level, *n)),
        })
        .map(|(level, _)| level);
    counts
        .keys()
        .filter(|level| Some(**level) != reference)
        .map(|level| {
            let indicator = cells
                .iter()
                .map(|c| f64::from(u8::from(c == level)))
                .collect();
            (level.to_string(), indicator)
        })
        .collect()
}

/// The largest coefficients by magnitude (on the input scale, so one-hot levels dominate),
/// to see what the model leans on.
fn coefficients(names: &[String], model: &logistic::Fit) -> String {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| model.coef[*b].abs().total_cmp(&model.coef[*a].abs()));
    let mut out = format!("intercept {:+.4}\n", model.intercept);
    for j in order.iter().take(8) {
        out += &format!("  {:+.4}  {}\n", model.coef[*j], names[*j]);
    }
    out
}

fn percent(share: f64) -> String {
    format!("{}", (share * 100.0 * 100.0).round() / 100.0)
}

/// `45211` → `45,211`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
