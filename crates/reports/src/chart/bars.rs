//! Horizontal bar charts: categories down the left, one bar each, its value text at its end.
use super::{BAR, GRID, SAME_FIGURES, TEXT, WIDTH, escape, no_figures, num, open, text_width, truncate};

/// One category of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The category, drawn left of its bar ("Noise", "North ward").
    pub label: String,
    /// The figure that sets the bar's length.
    pub value: f64,
    /// The value as the reader should see it, drawn at the bar's end: "42", "68%", "<5".
    pub shown: String,
}

const SIZE: f64 = 16.0;
const ROW: f64 = 36.0;
const BAR_HEIGHT: f64 = 24.0;
const PAD: f64 = 4.0;
/// From a row's top to the baseline of its text, which then sits in the middle of the bar.
const BASELINE: f64 = 23.6;

/// A horizontal bar chart of `bars`, in the order given, with `title` for assistive technology
/// and ids starting with `id` (sanitised).
///
/// Bars are measured against `max` (Some(100.0) for percentages), else against the largest
/// value; a value above `max` stops at the end of the plot, its text still saying what it is.
/// A value that is zero, negative or not a number draws no bar, but its label and text are still
/// there. No bars at all gives a small chart saying there are no figures for the period.
pub fn bars(id: &str, title: &str, bars: &[Bar], max: Option<f64>) -> String {
    if bars.is_empty() {
        return no_figures(id, title);
    }
    let longest = |text: fn(&Bar) -> &str| bars.iter().map(|b| text(b).chars().count()).max().unwrap_or(0);
    let label_width = (text_width(longest(|b| &b.label), SIZE) + 16.0).clamp(64.0, 240.0);
    let value_width = (text_width(longest(|b| &b.shown), SIZE) + 16.0).clamp(40.0, 120.0);
    let fits = |width: f64| ((width - 16.0) / text_width(1, SIZE)) as usize;
    let (plot_x, plot_w) = (label_width, WIDTH - label_width - value_width);
    let given = max.filter(|m| m.is_finite() && *m > 0.0);
    let scale = given.unwrap_or_else(|| bars.iter().map(|b| b.value).filter(|v| drawn(*v)).fold(0.0, f64::max));
    let height = bars.len() as f64 * ROW + 2.0 * PAD;

    let mut svg = open(id, title, &format!("Bar chart. {SAME_FIGURES}"), height);
    if given.is_some() {
        // Where the scale ends, so a short bar reads as short of 100%, not as the longest.
        let x = num(plot_x + plot_w);
        svg.push_str(&format!(
            r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{GRID}" stroke-width="1"/>"#,
            y1 = num(PAD),
            y2 = num(height - PAD)
        ));
    }
    for (i, bar) in bars.iter().enumerate() {
        let top = PAD + i as f64 * ROW;
        let baseline = num(top + BASELINE);
        svg.push_str(&format!(
            r#"<text x="{x}" y="{baseline}" text-anchor="end" fill="{TEXT}">{label}</text>"#,
            x = num(label_width - 8.0),
            label = escape(&truncate(&bar.label, fits(label_width)))
        ));
        let length = if drawn(bar.value) && scale > 0.0 { (bar.value / scale).min(1.0) * plot_w } else { 0.0 };
        if length > 0.0 {
            svg.push_str(&format!(
                r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{BAR}"/>"#,
                x = num(plot_x),
                y = num(top + (ROW - BAR_HEIGHT) / 2.0),
                // At least a sliver, so a small figure is not mistaken for none.
                w = num(length.max(1.0)),
                h = num(BAR_HEIGHT)
            ));
        }
        svg.push_str(&format!(
            r#"<text x="{x}" y="{baseline}" fill="{TEXT}">{shown}</text>"#,
            x = num(plot_x + length + 6.0),
            shown = escape(&truncate(&bar.shown, fits(value_width)))
        ));
    }
    // The axis the bars grow from, over them so it is unbroken.
    let x = num(plot_x);
    svg.push_str(&format!(
        r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{TEXT}" stroke-width="1"/></svg>"#,
        y1 = num(PAD),
        y2 = num(height - PAD)
    ));
    svg
}

/// Whether a value gets a bar: only a positive number does.
fn drawn(value: f64) -> bool {
    value.is_finite() && value > 0.0
}
