//! Line charts of figures over periods: one line a series, each point marked with the series'
//! own shape, a y axis from 0 to the maximum, an optional dashed target line, and a legend.
use super::{GRID, SAME_FIGURES, SECONDARY, TEXT, WIDTH, escape, no_figures, num, open, text_width, truncate};

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What the line is, named in the legend: "Resolved within 28 days".
    pub name: String,
    /// One figure a period, in the order of the periods; `None` where there is no figure for a
    /// period, which leaves a gap in the line.
    pub points: Vec<Option<f64>>,
}

/// Colours of the series in turn, each at least 4.8:1 against white: blue, red, green, purple,
/// grey, magenta.
pub(super) const COLOURS: [&str; 6] = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f", "#912b88"];
/// Point shapes of the series in turn, so no series is told from another by colour alone.
const SHAPES: usize = 6;
const SIZE: f64 = 14.0;
const TOP: f64 = 28.0;
const PLOT_HEIGHT: f64 = 200.0;
const RIGHT: f64 = 16.0;
const LEGEND_ROW: f64 = 26.0;

/// A line chart of `series` over `periods` (the x labels, such as "2025-Q1"), with `title` for
/// assistive technology and ids starting with `id` (sanitised).
///
/// The y axis runs from 0 to `max` (Some(100.0) for percentages), else to a round number at or
/// above the largest figure and the target; figures outside it are drawn at its edge. `target`
/// draws a dashed horizontal line labelled "Target". A series' points past the last period are
/// not drawn; with no periods, no series or no figure in any of them, the chart is a small one
/// saying there are no figures for the period.
pub fn trend(
    id: &str,
    title: &str,
    periods: &[String],
    series: &[Series],
    max: Option<f64>,
    target: Option<f64>,
) -> String {
    let figure = |s: &Series, i: usize| s.points.get(i).copied().flatten().filter(|v| v.is_finite());
    let figures = || series.iter().flat_map(|s| (0..periods.len()).filter_map(move |i| figure(s, i)));
    if figures().next().is_none() {
        return no_figures(id, title);
    }
    let target = target.filter(|t| t.is_finite());
    let top = match max {
        Some(m) if m.is_finite() && m > 0.0 => m,
        _ => round_up(figures().chain(target).fold(0.0, f64::max)),
    };
    let left = (text_width(label(top).chars().count(), SIZE) + 16.0).max(40.0);
    let plot_w = WIDTH - left - RIGHT;
    let bottom = TOP + PLOT_HEIGHT;
    let band = plot_w / periods.len() as f64;
    let x = |i: usize| left + (i as f64 + 0.5) * band;
    let y = |v: f64| bottom - v.clamp(0.0, top) / top * PLOT_HEIGHT;
    let height = bottom + 40.0 + series.len() as f64 * LEGEND_ROW + 8.0;

    let mut svg = open(id, title, &describe(periods, series, target), height);
    // Gridlines at the maximum and 0, with their figures.
    for (v, colour) in [(top, GRID), (0.0, TEXT)] {
        svg.push_str(&format!(
            concat!(
                r#"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{colour}" stroke-width="1"/>"#,
                r#"<text x="{lx}" y="{ly}" text-anchor="end" font-size="{SIZE}" fill="{SECONDARY}">{text}</text>"#
            ),
            l = num(left),
            r = num(left + plot_w),
            y = num(y(v)),
            colour = colour,
            lx = num(left - 8.0),
            ly = num(y(v) + 5.0),
            SIZE = SIZE,
            SECONDARY = SECONDARY,
            text = label(v)
        ));
    }
    // Period labels, every `step`th where they would not all fit.
    let longest = periods.iter().map(|p| p.chars().count().min(16)).max().unwrap_or(0);
    let step = ((periods.len() as f64 * (text_width(longest, SIZE) + 12.0) / plot_w).ceil() as usize).max(1);
    for (i, period) in periods.iter().enumerate().step_by(step) {
        svg.push_str(&format!(
            r#"<text x="{x}" y="{y}" text-anchor="middle" font-size="{SIZE}" fill="{SECONDARY}">{text}</text>"#,
            x = num(x(i)),
            y = num(bottom + 22.0),
            text = escape(&truncate(period, 16))
        ));
    }
    if let Some(t) = target {
        svg.push_str(&format!(
            r#"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{TEXT}" stroke-width="2" stroke-dasharray="8 4"/>"#,
            l = num(left),
            r = num(left + plot_w),
            y = num(y(t))
        ));
    }
    for (k, s) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        // A new subpath after each gap, so a period with no figure breaks the line; a figure
        // alone between gaps is only its marker.
        let mut d = String::new();
        for i in 0..periods.len() {
            let before = i.checked_sub(1).and_then(|j| figure(s, j));
            match (figure(s, i), before, figure(s, i + 1)) {
                (Some(v), Some(_), _) => d.push_str(&format!(" L{} {}", num(x(i)), num(y(v)))),
                (Some(v), None, Some(_)) => d.push_str(&format!(" M{} {}", num(x(i)), num(y(v)))),
                _ => {}
            }
        }
        if !d.is_empty() {
            let d = d.trim_start();
            svg.push_str(&format!(r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="3"/>"#));
        }
        for i in 0..periods.len() {
            if let Some(v) = figure(s, i) {
                svg.push_str(&marker(k, x(i), y(v), colour));
            }
        }
    }
    if let Some(t) = target {
        // On white, over the lines, so the label stays readable where a series crosses it.
        let w = text_width("Target".len(), SIZE) + 6.0;
        svg.push_str(&format!(
            concat!(
                r##"<rect x="{rx}" y="{ry}" width="{w}" height="17" fill="#ffffff"/>"##,
                r#"<text x="{x}" y="{y}" text-anchor="end" font-size="{size}" fill="{text}">Target</text>"#
            ),
            rx = num(left + plot_w - w),
            ry = num(y(t) - 20.0),
            w = num(w),
            x = num(left + plot_w - 3.0),
            y = num(y(t) - 7.0),
            size = SIZE,
            text = TEXT
        ));
    }
    // The legend: each series' line, point shape and name.
    for (k, s) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let cy = bottom + 40.0 + (k as f64 + 0.5) * LEGEND_ROW;
        svg.push_str(&format!(
            r#"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{colour}" stroke-width="3"/>"#,
            l = num(left),
            r = num(left + 28.0),
            y = num(cy)
        ));
        svg.push_str(&marker(k, left + 14.0, cy, colour));
        svg.push_str(&format!(
            r#"<text x="{x}" y="{y}" fill="{TEXT}">{name}</text>"#,
            x = num(left + 38.0),
            y = num(cy + 5.6),
            name = escape(&truncate(&s.name, 60))
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// What the chart shows, for assistive technology, pointing to the table for the figures.
fn describe(periods: &[String], series: &[Series], target: Option<f64>) -> String {
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let names = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let span = match (periods.first(), periods.last()) {
        (Some(first), Some(last)) if periods.len() > 1 => format!("from {first} to {last}"),
        (Some(only), _) => format!("for {only}"),
        _ => String::new(),
    };
    let target = target.map(|t| format!(", with a dashed line at the target of {}", label(t))).unwrap_or_default();
    format!("Line chart of {names} {span}{target}. {SAME_FIGURES}")
}

/// The point marker of the `k`th series: circle, square, triangle, diamond, upside-down
/// triangle, cross, then round again.
fn marker(k: usize, x: f64, y: f64, colour: &str) -> String {
    let p = |dx: f64, dy: f64| format!("{} {}", num(x + dx), num(y + dy));
    let shape = match k % SHAPES {
        0 => format!(r#"<circle cx="{}" cy="{}" r="5""#, num(x), num(y)),
        1 => format!(r#"<rect x="{}" y="{}" width="10" height="10""#, num(x - 5.0), num(y - 5.0)),
        2 => format!(r#"<path d="M{} L{} L{} Z""#, p(0.0, -6.5), p(6.0, 4.5), p(-6.0, 4.5)),
        3 => format!(r#"<path d="M{} L{} L{} L{} Z""#, p(0.0, -7.0), p(7.0, 0.0), p(0.0, 7.0), p(-7.0, 0.0)),
        4 => format!(r#"<path d="M{} L{} L{} Z""#, p(0.0, 6.5), p(6.0, -4.5), p(-6.0, -4.5)),
        _ => format!(
            r#"<path d="M{} L{} L{} L{} L{} L{} L{} L{} L{} L{} L{} L{} Z""#,
            p(-2.0, -6.0),
            p(2.0, -6.0),
            p(2.0, -2.0),
            p(6.0, -2.0),
            p(6.0, 2.0),
            p(2.0, 2.0),
            p(2.0, 6.0),
            p(-2.0, 6.0),
            p(-2.0, 2.0),
            p(-6.0, 2.0),
            p(-6.0, -2.0),
            p(-2.0, -2.0)
        ),
    };
    format!(r##"{shape} fill="{colour}" stroke="#ffffff" stroke-width="1"/>"##)
}

/// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above
/// `v`, for the top of the axis when the caller gives none; 1 when there is nothing above 0.
fn round_up(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let unit = 10f64.powf(v.log10().floor());
    let step = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0].into_iter().find(|s| s * unit >= v * (1.0 - 1e-9));
    step.unwrap_or(10.0) * unit
}

/// An axis figure: one decimal place at most, more only for figures under 1 that would
/// otherwise read as 0.
fn label(v: f64) -> String {
    if v == 0.0 || v.abs() >= 1.0 {
        return num(v);
    }
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
