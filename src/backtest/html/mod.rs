//! The backtest as one self-contained HTML page: a summary, the tables of the text report
//! and three charts per rubric, with inline styles and inline SVG, so that the file can be
//! mailed or opened offline and never fetches anything.
//!
//! The page depends only on the report: the same report gives the same bytes.

mod charts;
mod curves;
mod tables;

use super::report::{percent, RubricReport};
use super::Report;
use charts::{Bar, Curve};
use std::fmt::Write;

const STYLE: &str = "
body{font-family:system-ui,sans-serif;color:#222;margin:0;background:#f6f6f4}
main{max-width:1180px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;background:#fff}
th,td{padding:.3rem .7rem;border:1px solid #ddd;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:.5rem;max-width:580px}
figcaption{font-size:.9rem;color:#555;padding:.3rem}svg.chart{max-width:100%;height:auto}
.warning{background:#fff4d6;border-left:4px solid #e6a700;padding:.4rem .8rem}
";

/// Escapes text for HTML element content and quoted attribute values: the XML escaping
/// of the JUnit report, which HTML reads the same way.
pub(crate) use crate::testing::report::junit::esc;

/// The whole page.
pub fn page(r: &Report) -> String {
    let title = format!(
        "Backtest of {} rubric{} on {} leads",
        r.rubrics.len(),
        if r.rubrics.len() == 1 { "" } else { "s" },
        r.leads
    );
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>",
        esc(&title)
    );
    let _ = writeln!(out, "</head>\n<body>\n<main>\n<h1>{}</h1>", esc(&title));
    summary(r, &mut out);
    if r.rubrics.len() > 1 {
        side_by_side(r, &mut out);
    }
    for (k, rubric) in r.rubrics.iter().enumerate() {
        section(r, k + 1, rubric, &mut out);
    }
    if !r.warnings.is_empty() {
        out.push_str("<h2>Warnings</h2>\n");
        for w in &r.warnings {
            let _ = writeln!(out, "<p class=\"warning\">{}</p>", esc(w));
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary(r: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "<dl class=\"summary\">\n<dt>Leads with a known outcome</dt><dd>{}</dd>\n\
         <dt>Converted</dt><dd>{}</dd>\n<dt>Base rate</dt><dd>{}</dd>\n\
         <dt>Scored as of</dt><dd>{}</dd>\n</dl>",
        r.leads,
        r.conversions,
        percent(r.base_rate),
        esc(&r.scored_as_of)
    );
    if r.leads == 0 {
        out.push_str("<p>No lead has a known outcome, so there is nothing to measure.</p>\n");
    } else if r.conversions == 0 || r.conversions == r.leads {
        out.push_str(
            "<p>Every lead had the same outcome, so no rubric can be told apart from chance: \
             AUC and the gains curve need leads that converted and leads that did not.</p>\n",
        );
    }
}

fn side_by_side(r: &Report, out: &mut String) {
    out.push_str("<h2>Side by side</h2>\n");
    tables::comparison(r, out);
    let curves: Vec<Curve> = r
        .rubrics
        .iter()
        .map(|x| Curve {
            name: &x.rubric.path,
            values: &x.values,
        })
        .collect();
    let svg = charts::gains("chart-gains-all", &curves, &r.outcomes);
    figure(
        out,
        &svg,
        "Every rubric on the same leads: the higher the curve, the more conversions a team \
         finds for the same number of calls.",
    );
}

fn section(r: &Report, k: usize, x: &RubricReport, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"rubric-{k}\">\n<h2><code>{}</code> — {} v{}</h2>",
        esc(&x.rubric.path),
        esc(&x.rubric.ruleset),
        x.rubric.version
    );
    let _ = writeln!(out, "<p>{}</p>", auc_sentence(x));
    out.push_str("<div class=\"charts\">\n");
    let curve = [Curve {
        name: &x.rubric.path,
        values: &x.values,
    }];
    let svg = charts::gains(&format!("chart-gains-{k}"), &curve, &r.outcomes);
    figure(
        out,
        &svg,
        "If the team calls leads from the highest score down, how many of the conversions \
         does it reach? The dashed diagonal is what calling in random order would find.",
    );
    rates(r, k, x, out);
    let svg = charts::histogram(
        &format!("chart-histogram-{k}"),
        &x.ranked_by,
        &x.values,
        &r.outcomes,
    );
    figure(
        out,
        &svg,
        "Where the scores of converted and other leads fall, each as a share of its own \
         group: the less the two overlap, the better the score separates them.",
    );
    out.push_str("</div>\n");
    tables::rubric(x, out);
    out.push_str("</section>\n");
}

fn auc_sentence(x: &RubricReport) -> String {
    let by = format!("<code>{}</code>", esc(&x.ranked_by));
    match x.auc {
        Some(a) => format!(
            "Ranked by {by}. AUC <strong>{a:.4}</strong>: a lead that converted outscores one \
             that did not {} of the time (50% is a coin toss).",
            percent(a)
        ),
        None => {
            format!("Ranked by {by}. No AUC: it needs leads that converted and leads that did not.")
        }
    }
}

/// The conversion-rate chart: the first tier set, or the deciles when there is none.
fn rates(r: &Report, k: usize, x: &RubricReport, out: &mut String) {
    let id = format!("chart-tiers-{k}");
    let (svg, note) = match x.tier_sets.first() {
        Some(t) => {
            let bars: Vec<Bar> = t
                .tiers
                .iter()
                .map(|row| Bar {
                    label: row.tier.clone(),
                    rate: row.rate,
                })
                .collect();
            // The usual name adds nothing; another one says which of several sets this is.
            let title = match t.tier_set.as_str() {
                "tier" => "Conversion rate by tier".to_string(),
                name => format!("Conversion rate by tier ({name})"),
            };
            let svg = charts::rates(&id, &title, "Tier, lowest first", &bars, r.base_rate);
            (svg, "How often the leads of each tier converted; the dashed line is the rate of all leads. Good tiers climb from left to right.".to_string())
        }
        None => {
            let bars: Vec<Bar> = x
                .deciles
                .iter()
                .map(|d| Bar {
                    label: format!("{}", d.decile),
                    rate: d.bucket.rate(),
                })
                .collect();
            let title = "Conversion rate by decile";
            let svg = charts::rates(
                &id,
                title,
                "Tenth of leads by score, highest first",
                &bars,
                r.base_rate,
            );
            (svg, "This rubric has no tiers, so the chart shows tenths of the leads by score instead, highest first; the dashed line is the rate of all leads.".to_string())
        }
    };
    figure(out, &svg, &note);
}

fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = writeln!(
        out,
        "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>",
        esc(caption)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Report {
        Report::new(
            Vec::new(),
            Vec::new(),
            "2026-11-23".into(),
            &Default::default(),
        )
    }

    #[test]
    fn an_empty_report_is_a_page_without_urls() {
        let html = page(&empty());
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("on 0 leads"));
        assert!(!html.contains("http"));
    }

    /// A rubric with no tiers and no rules scored `values` on leads with `outcomes`.
    fn report(values: Vec<f64>, outcomes: Vec<bool>) -> Report {
        let rubric = RubricReport {
            rubric: crate::diff::Side {
                path: "a<b>.score".into(),
                ruleset: "r&d".into(),
                version: 1,
                hash: "h".into(),
            },
            ranked_by: "fit".into(),
            auc: super::super::auc(&values, &outcomes),
            scores: Vec::new(),
            tier_sets: Vec::new(),
            deciles: super::super::deciles(&values, &outcomes),
            rules: Vec::new(),
            values,
        };
        let twice = vec![rubric.clone(), rubric];
        Report::new(twice, outcomes, "now".into(), &Default::default())
    }

    #[test]
    fn degenerate_reports_still_draw_every_chart() {
        let cases = [
            report(Vec::new(), Vec::new()),
            report(vec![1.0, 2.0, 3.0], vec![true, true, true]),
            report(vec![1.0, 2.0, 3.0], vec![false, false, false]),
            report(vec![5.0; 4], vec![true, false, false, true]),
        ];
        for r in &cases {
            let html = page(r);
            for id in [
                "chart-gains-all",
                "chart-gains-2",
                "chart-tiers-1",
                "chart-histogram-2",
            ] {
                assert!(
                    html.contains(&format!(
                        "<svg width=\"560\" height=\"360\" viewBox=\"0 0 560 360\" id=\"{id}\""
                    )),
                    "{id} missing"
                );
            }
            assert!(!html.contains("chart-missing"));
            assert!(html.contains("<code>a&lt;b&gt;.score</code>"));
            assert!(!html.contains("http"));
            let again = page(r);
            let at = html.bytes().zip(again.bytes()).position(|(a, b)| a != b);
            assert!(
                html == again,
                "pages differ at {at:?}: {:?}",
                at.map(|i| (
                    &html[i.saturating_sub(200)..i + 50],
                    &again[i.saturating_sub(200)..i + 50]
                ))
            );
        }
        assert!(page(&cases[1]).contains("Every lead had the same outcome"));
        assert!(page(&cases[3]).contains("has no tiers"));
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
