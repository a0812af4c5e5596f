//! The HTML report (being written).

/// The page.
pub fn page(r: &super::Report) -> String {
    format!(
        "<!doctype html><title>backtest</title><pre>{}</pre>",
        r.text()
    )
}
