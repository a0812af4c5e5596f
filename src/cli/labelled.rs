//! Leads with outcomes, for `backtest` and `calibrate`: the data, the outcome column the
//! schema leaves out, each lead's scoring time, and the training / held-out split.

use super::score::load_data;
use super::{exit, DataArgs};
use crate::backtest::{columns, split};
use crate::batch::Batch;
use crate::data::load::OnError;
use crate::schema::Schema;
use crate::scorer::{Scorer, Scores};

/// Where the outcome is and when each lead is scored.
#[derive(clap::Args, Debug, Clone)]
pub struct OutcomeArgs {
    /// The column of the leads file that says whether the lead converted (true/false,
    /// yes/no or 1/0; see `--positive`). The schema need not, and should not, declare it.
    #[arg(long, value_name = "COLUMN")]
    pub outcome: String,
    /// The value of the outcome column that means converted, when it is not true/yes/1.
    #[arg(long, value_name = "VALUE")]
    pub positive: Option<String>,
    /// Score each lead as of its own decision time, read from this column of the leads
    /// file, so that no event after the decision counts (instead of one `--as-of`).
    #[arg(long, value_name = "COLUMN", conflicts_with = "as_of")]
    pub as_of_column: Option<String>,
}

/// How leads are split into a training part and a held-out part.
#[derive(clap::Args, Debug, Clone)]
pub struct SplitArgs {
    /// Share of leads held out, drawn at random within converted and not converted leads
    /// alike (stratified).
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub split: Option<f64>,
    /// Hold out the last leads by this column (a time, a number or a text) instead of a
    /// random draw: the honest test when conversion drifts over time.
    #[arg(long, value_name = "COLUMN")]
    pub split_by: Option<String>,
    /// Seed of the random split.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// Reads a share written `0.3` or `30%`.
pub(crate) fn share(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| format!("`{s}` is not a share: write e.g. `0.3` or `30%`"))?;
    if v > 0.0 && v < 1.0 {
        Ok(v)
    } else {
        Err(format!("`{s}` is not a share between 0 and 1 (exclusive)"))
    }
}

/// When leads are scored.
pub(crate) enum When {
    /// All at one time.
    Fixed(i64),
    /// Each at its own time, read from a column.
    PerLead(Vec<i64>, String),
}

impl When {
    /// How the report says it.
    pub(crate) fn describe(&self) -> String {
        match self {
            When::Fixed(t) => crate::data::time::format(*t),
            When::PerLead(_, col) => format!("each lead's `{col}`"),
        }
    }

    /// Scores a batch at these times.
    pub(crate) fn score(&self, scorer: &Scorer, batch: &Batch) -> Scores {
        match self {
            When::Fixed(t) => scorer.score(batch, *t),
            When::PerLead(times, _) => scorer.score_each_at(batch, times),
        }
    }
}

/// Leads with outcomes.
pub(crate) struct Labelled {
    pub batch: Batch,
    pub outcomes: Vec<bool>,
    pub when: When,
    /// `held_out[i]`: lead `i` is in the held-out part (all `false` without a split).
    pub held_out: Vec<bool>,
}

fn data_error(e: crate::data::load::DataError) -> i32 {
    eprintln!("error: {e}");
    exit::BAD_DATA
}

/// Loads leads for `schema` with their outcomes, times and split; `Err` is an exit code.
pub(crate) fn load(
    schema: &Schema,
    data: &DataArgs,
    o: &OutcomeArgs,
    s: &SplitArgs,
) -> Result<Labelled, i32> {
    let (batch, _) = load_data(schema, data, OnError::Fail)?;
    // With `--row-key` the key is the row number, which is no column of the file.
    let by_row = data.row_key && s.split_by.as_deref() == Some(schema.key_field().name.as_str());
    let mut names = vec![o.outcome.as_str()];
    names.extend(o.as_of_column.as_deref());
    names.extend(s.split_by.as_deref().filter(|_| !by_row));
    let cols =
        columns::read(&data.leads, data.input_format, &names, batch.len()).map_err(data_error)?;
    let outcomes = columns::outcomes(&cols[0], o.positive.as_deref()).map_err(data_error)?;
    let when = match &o.as_of_column {
        Some(name) => When::PerLead(columns::times(&cols[1]).map_err(data_error)?, name.clone()),
        None => When::Fixed(super::as_of(&data.as_of).map_err(|e| {
            eprintln!("error: {e}");
            exit::USAGE
        })?),
    };
    let held_out = match (&s.split_by, s.split) {
        (Some(_), share) => {
            let keys = if by_row {
                (0..outcomes.len()).map(|i| i as f64).collect()
            } else {
                columns::order_keys(cols.last().unwrap_or(&cols[0])).map_err(data_error)?
            };
            split::ordered(&keys, share.unwrap_or(0.3))
        }
        (None, Some(share)) => split::stratified(&outcomes, share, s.seed),
        (None, None) => vec![false; outcomes.len()],
    };
    Ok(Labelled {
        batch,
        outcomes,
        when,
        held_out,
    })
}
