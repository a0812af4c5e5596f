//! `leadscore calibrate`: fit a rubric's points from outcomes and write a new version.

use super::labelled::{self, OutcomeArgs, SplitArgs};
use super::{emit, exit, DataArgs};
use crate::backtest::{report, Options as BacktestOptions, Report};
use crate::calibrate::{self, Inputs, Options, Plan, Scale, TierMode};
use crate::diff::Side;
use crate::scorer::{Engine, Scorer};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Formats of the calibration report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Aligned plain text.
    Text,
    /// One JSON object: the calibration and the held-out backtest.
    Json,
}

/// What `--clamp` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ClampMode {
    /// Keep the clamp as written.
    Keep,
    /// Widen it to the training leads' new scores.
    Widen,
}

/// Arguments of `calibrate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rubric to calibrate; it is read, never changed.
    rules: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    outcome: OutcomeArgs,
    #[command(flatten)]
    split: SplitArgs,
    /// Where to write the calibrated rubric (a new file; never the input).
    #[arg(long, value_name = "NEW.score")]
    out: PathBuf,
    /// Points per doubling of a lead's odds; default: the rule that gives the most points
    /// today keeps that many.
    #[arg(long, value_name = "POINTS")]
    scale: Option<f64>,
    /// Round points to multiples of this.
    #[arg(long, default_value_t = 1.0)]
    round: f64,
    /// Tier thresholds: `by-share` (each tier keeps its share of leads), `by-rate R,R,…`
    /// (target conversion rates, highest tier first; see also --rates), or `keep`.
    #[arg(long, value_name = "MODE", default_value = "by-share")]
    tiers: String,
    /// Target rates for `--tiers by-rate`, highest tier first: `0.3,0.15`.
    #[arg(long, value_name = "RATES")]
    rates: Option<String>,
    /// The score's clamp: `keep` it, or `widen` it so that no training lead's new score is
    /// cut off (leads tied at a bound cannot be told apart).
    #[arg(long, value_enum, default_value = "keep")]
    clamp: ClampMode,
    /// L2 penalty of the fit (on standardised weights).
    #[arg(long, default_value_t = 1.0)]
    l2: f64,
    /// The score whose rules are fitted; default: the one the first tier set reads.
    #[arg(long)]
    score: Option<String>,
    /// `text` or `json` for the calibration report on standard output.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The engine leads are scored with; all give the same result.
    #[arg(long, value_enum, default_value = "auto")]
    engine: Engine,
    /// Threads; default: all cores. The result does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

pub(super) fn run(args: Args) -> i32 {
    run_inner(&args).unwrap_or_else(|code| code)
}

fn usage(msg: String) -> i32 {
    eprintln!("error: {msg}");
    exit::USAGE
}

fn options(args: &Args) -> Result<Options, i32> {
    if !(args.round > 0.0 && args.round.is_finite()) {
        return Err(usage(format!(
            "--round {} must be a positive number",
            args.round
        )));
    }
    if args.scale.is_some_and(|s| !(s > 0.0 && s.is_finite())) || !(args.l2 >= 0.0) {
        return Err(usage(
            "--scale must be positive and --l2 not negative".into(),
        ));
    }
    let (mode, inline) = match args.tiers.split_once(' ') {
        Some((m, r)) => (m.trim(), Some(r.trim().to_string())),
        None => (args.tiers.trim(), None),
    };
    let tiers = match mode {
        "keep" => None,
        "by-share" => Some(TierMode::ByShare),
        "by-rate" => {
            let text = args.rates.clone().or(inline).ok_or_else(|| {
                usage("--tiers by-rate needs target rates: `--rates 0.3,0.15`".into())
            })?;
            let rates = text
                .split(',')
                .map(|r| labelled::share(r.trim()))
                .collect::<Result<Vec<f64>, String>>()
                .map_err(usage)?;
            Some(TierMode::ByRate(rates))
        }
        other => {
            return Err(usage(format!(
                "--tiers `{other}` is not a mode: use `by-share`, `by-rate` or `keep`"
            )))
        }
    };
    Ok(Options {
        l2: args.l2,
        scale: args.scale.map_or(Scale::KeepLargest, Scale::PerDoubling),
        round: args.round,
        tiers,
        score: args.score.clone(),
        widen_clamp: args.clamp == ClampMode::Widen,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn run_inner(args: &Args) -> Result<i32, i32> {
    let opts = options(args)?;
    if same_file(&args.rules, &args.out) {
        return Err(usage(format!(
            "--out `{}` is the rubric being calibrated; calibrate never edits its input, so write a new file",
            args.out.display()
        )));
    }
    let compiled = super::score::compile(&args.rules)?;
    let source = crate::check::read_source(&args.rules).map_err(|d| {
        super::print_diags(&d, super::DiagFormat::Human);
        exit::INVALID_RUBRIC
    })?;
    let rubric = crate::syntax::parse_rubric(&source).map_err(|d| {
        super::print_diags(&d, super::DiagFormat::Human);
        exit::INVALID_RUBRIC
    })?;
    let program = Arc::new(compiled.program);
    let mut split = args.split.clone();
    if split.split.is_none() && split.split_by.is_none() {
        split.split = Some(0.3);
    }
    let data = labelled::load(&program.schema, &args.data, &args.outcome, &split)?;
    let pool = super::progress::pool(args.threads)?;
    let score_with = |p: Arc<crate::ir::Program>| {
        let scorer = Scorer::new(p, args.engine);
        pool.install(|| data.when.score(&scorer, &data.batch))
    };
    let old_scores = score_with(Arc::clone(&program));
    let in_dir = args.rules.parent().unwrap_or(Path::new("")).to_path_buf();
    let out_dir = args.out.parent().unwrap_or(Path::new("")).to_path_buf();
    let schema_path = (!same_dir(&in_dir, &out_dir)).then(|| {
        let target = in_dir.join(&rubric.schema_path.text);
        let rel = calibrate::edit::relative_path(&target, &out_dir);
        rel.display().to_string()
    });
    let out_name = args.out.display().to_string();
    let rescore = |text: &str| -> Result<(crate::ir::Program, crate::scorer::Scores), String> {
        let p = compile_text(&out_name, text, &in_dir, &rubric.schema_path.text)?;
        let s = score_with(Arc::new(p.clone()));
        Ok((p, s))
    };
    let inputs = Inputs {
        src: &source.text,
        rubric: &rubric,
        program: &program,
        scores: &old_scores,
        outcomes: &data.outcomes,
        held_out: &data.held_out,
        schema_path,
    };
    let mut plan = calibrate::plan(&inputs, &opts, &rescore).map_err(|e| {
        eprintln!("error: {e}");
        exit::USAGE
    })?;
    if crate::fmt::format(&source).is_ok_and(|f| f == *source.text) {
        // The input was in the canonical layout; keep it so (new numbers change widths).
        if let Ok(f) = crate::fmt::format(&crate::diag::Source::new(
            out_name.clone(),
            plan.text.clone(),
        )) {
            plan.text = f;
        }
    }
    let (new_program, new_scores) = rescore(&plan.text).map_err(|e| {
        eprintln!("error: {e}");
        exit::INTERNAL
    })?;
    let held = held_out_report(
        args,
        &data,
        (&program, &old_scores),
        (&new_program, &new_scores),
        &plan,
    );
    crate::output::write_atomic(&args.out, plan.text.as_bytes()).map_err(|e| {
        eprintln!("error: cannot write `{}`: {e}", args.out.display());
        exit::INTERNAL
    })?;
    let body = match args.format {
        Format::Json => json(&plan, &held),
        Format::Text => calibrate::render::text(
            &plan,
            &held,
            &args.rules.display().to_string(),
            &args.out.display().to_string(),
        ),
    };
    emit(body.as_bytes())?;
    Ok(exit::OK)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    let norm = |p: &Path| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    };
    same_file(&norm(a), &norm(b))
}

/// Compiles rubric text whose schema path is resolved from the input rubric's folder
/// (or, when rewritten, is already relative to the output's folder).
fn compile_text(
    name: &str,
    text: &str,
    in_dir: &Path,
    original_schema: &str,
) -> Result<crate::ir::Program, String> {
    let source = crate::diag::Source::new(name.to_string(), text.to_string());
    let original = in_dir.join(original_schema);
    crate::check::compile(source, |_| crate::schema::Schema::load(&original))
        .map(|c| c.program)
        .map_err(|d| {
            let mut msg =
                String::from("calibrate wrote a rubric that does not compile; please report it:\n");
            for x in &d.0 {
                msg.push_str(&format!("  {}\n", x.message));
            }
            msg
        })
}

/// Before and after, measured on the held-out leads only.
fn held_out_report(
    args: &Args,
    data: &labelled::Labelled,
    old: (&crate::ir::Program, &crate::scorer::Scores),
    new: (&crate::ir::Program, &crate::scorer::Scores),
    plan: &Plan,
) -> Report {
    let (leads, outcomes): (Vec<usize>, Vec<bool>) = (0..data.outcomes.len())
        .filter(|&i| data.held_out[i])
        .map(|i| (i, data.outcomes[i]))
        .unzip();
    let section = |path: String, (p, s): (&crate::ir::Program, &crate::scorer::Scores)| {
        let ranked = p
            .scores
            .iter()
            .position(|x| x.name == plan.score)
            .unwrap_or(0);
        report::rubric(Side::of(&path, p), p, s, (&leads, &outcomes), ranked)
    };
    let sections = vec![
        section(args.rules.display().to_string(), old),
        section(args.out.display().to_string(), new),
    ];
    let when = format!(
        "{}; only the {} held-out leads",
        data.when.describe(),
        leads.len()
    );
    Report::new(sections, outcomes, when, &BacktestOptions::default())
}

fn json(plan: &Plan, held: &Report) -> String {
    let v = serde_json::json!({ "calibration": plan, "held_out": held });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
