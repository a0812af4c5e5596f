//! The three charts of a rubric, drawn as inline SVG with plotters.
//!
//! Plotters writes an SVG document; [`finish`] turns its opening tag into one that carries
//! the chart's id and class and drops the `xmlns` attribute, which inline SVG in HTML5 does
//! not need, so the page holds no URL at all.

use super::curves::{self, Bins};
use super::esc;
use plotters::coord::Shift;
use plotters::prelude::*;

const SIZE: (u32, u32) = (560, 360);
const FONT: &str = "sans-serif";
/// One colour per rubric in the overlaid gains chart, then round again.
const PALETTE: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];
const CONVERTED: RGBColor = RGBColor(230, 120, 20);
const OTHERS: RGBColor = RGBColor(31, 119, 180);
const GREY: RGBColor = RGBColor(120, 120, 120);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn pct(v: &f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// A score on an axis: no more decimals than it needs.
fn number(v: &f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// Draws one chart; a drawing error gives a short note instead of a broken SVG.
fn render(id: &str, kind: &str, label: &str, draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut buf = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut buf, SIZE).into_drawing_area();
        root.fill(&WHITE)
            .map_err(err)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(err))
    };
    match drawn {
        Ok(()) => finish(&buf, id, kind, label),
        Err(e) => format!(
            "<p class=\"chart-missing\">The chart could not be drawn: {}</p>",
            esc(&e)
        ),
    }
}

fn finish(svg: &str, id: &str, kind: &str, label: &str) -> String {
    let attrs = format!(
        " id=\"{}\" class=\"chart {kind}\" role=\"img\" aria-label=\"{}\">",
        esc(id),
        esc(label)
    );
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\">", &attrs, 1)
}

/// The chart's frame: its title and room for the axis labels.
fn frame<'a, 'b>(root: &'a Area<'b>, title: &str) -> ChartBuilder<'a, 'static, SVGBackend<'b>> {
    let mut b = ChartBuilder::on(root);
    b.caption(title, (FONT, 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56);
    b
}

/// One gains curve to draw.
pub(super) struct Curve<'a> {
    /// The legend's name for it.
    pub name: &'a str,
    /// Each lead's score.
    pub values: &'a [f64],
}

/// Cumulative gains of one or more rubrics on the same leads, with the random diagonal.
pub(super) fn gains(id: &str, curves: &[Curve], outcomes: &[bool]) -> String {
    let label = "Cumulative gains: share of conversions found against share of leads contacted";
    render(id, "chart-gains", label, |root| {
        let mut chart = frame(
            root,
            "Conversions found by calling the top-scored leads first",
        )
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(err)?;
        chart
            .configure_mesh()
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .x_desc("Share of leads contacted, highest score first")
            .y_desc("Share of conversions found")
            .x_label_formatter(&pct)
            .y_label_formatter(&pct)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (1.0, 1.0)],
                6,
                4,
                GREY.stroke_width(1),
            ))
            .map_err(err)?
            .label("calling at random")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], GREY));
        for (k, c) in curves.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let points = curves::gains(c.values, outcomes).unwrap_or_default();
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(err)?
                .label(c.name)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight)
    })
}

fn legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    at: SeriesLabelPosition,
) -> Drawn {
    chart
        .configure_series_labels()
        .position(at)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 13))
        .draw()
        .map_err(err)
}

/// One bar of the conversion-rate chart.
pub(super) struct Bar {
    /// The tier or decile.
    pub label: String,
    /// Its conversion rate; `None` when it holds no leads.
    pub rate: Option<f64>,
}

/// Conversion rate per tier (or decile), with the base rate as a dashed line.
pub(super) fn rates(id: &str, title: &str, x_desc: &str, bars: &[Bar], base: f64) -> String {
    let label = format!("{title}; base rate {}", pct(&base));
    render(id, "chart-tiers", &label, |root| {
        let top = bars
            .iter()
            .filter_map(|b| b.rate)
            .fold(base, f64::max)
            .max(0.01)
            * 1.15;
        let n = bars.len().max(1) as i32;
        let mut chart = frame(root, title)
            .build_cartesian_2d((0..n).into_segmented(), 0.0..top.min(1.0))
            .map_err(err)?;
        chart
            .configure_mesh()
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .disable_x_mesh()
            .x_labels(bars.len().max(1))
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| bars.get(i))
                    .map_or_else(String::new, |b| b.label.clone()),
                _ => String::new(),
            })
            .x_desc(x_desc)
            .y_desc("Conversion rate")
            .y_label_formatter(&pct)
            .draw()
            .map_err(err)?;
        // Plotters' own Histogram series sums bars in a HashMap and draws them in its
        // random order, which would make the page differ from run to run.
        let data = bars.iter().zip(0..).map(|(b, i)| {
            let corners = [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), b.rate.unwrap_or(0.0)),
            ];
            let mut bar = Rectangle::new(corners, OTHERS.filled());
            bar.set_margin(0, 0, 12, 12);
            bar
        });
        chart
            .draw_series(data)
            .map_err(err)?
            .label("conversion rate")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], OTHERS.filled()));
        chart
            .draw_series(DashedLineSeries::new(
                [
                    (SegmentValue::Exact(0), base),
                    (SegmentValue::Exact(n), base),
                ],
                6,
                4,
                CONVERTED.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("base rate {}", pct(&base)))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], CONVERTED.stroke_width(2)));
        legend(&mut chart, SeriesLabelPosition::UpperLeft)
    })
}

/// Scores of converted and other leads side by side, each as shares of its own group, so
/// that a small converted group is as visible as the large rest.
pub(super) fn histogram(id: &str, score: &str, values: &[f64], outcomes: &[bool]) -> String {
    let h = curves::histogram(values, outcomes, 20);
    let label =
        format!("How `{score}` is spread among leads that converted and those that did not");
    render(id, "chart-histogram", &label, |root| {
        draw_histogram(root, score, &h)
    })
}

fn draw_histogram(root: &Area, score: &str, h: &Bins) -> Drawn {
    let top = h.shares.iter().map(|(y, n)| y.max(*n)).fold(0.01, f64::max) * 1.15;
    let high = h.low + h.width * h.shares.len() as f64;
    let mut chart = frame(
        root,
        "Scores of leads that converted and of those that did not",
    )
    .build_cartesian_2d(h.low..high, 0.0..top.min(1.0))
    .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .disable_x_mesh()
        .x_label_formatter(&number)
        .x_desc(format!("Score ({score})"))
        .y_desc("Share of the group's leads")
        .y_label_formatter(&pct)
        .draw()
        .map_err(err)?;
    let (yes, no) = h.totals;
    let half = h.width / 2.0;
    let gap = h.width * 0.06;
    let bars = |pick: fn(&(f64, f64)) -> f64, offset: f64, colour: RGBColor| {
        h.shares.iter().enumerate().map(move |(k, s)| {
            let x0 = h.low + h.width * k as f64 + offset;
            let (a, b) = if offset == 0.0 {
                (x0 + gap, x0 + half)
            } else {
                (x0, x0 + half - gap)
            };
            Rectangle::new([(a, 0.0), (b, pick(s))], colour.filled())
        })
    };
    chart
        .draw_series(bars(|s| s.0, 0.0, CONVERTED))
        .map_err(err)?
        .label(format!("converted ({yes} leads)"))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], CONVERTED.filled()));
    chart
        .draw_series(bars(|s| s.1, half, OTHERS))
        .map_err(err)?
        .label(format!("did not convert ({no} leads)"))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], OTHERS.filled()));
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}
