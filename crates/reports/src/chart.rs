//! Server-side SVG charts for KPI dashboards and committee reports.
//!
//! - [`bars`]: a horizontal bar chart, one [`Bar`] a category, with its value text at the bar's end;
//! - [`trend`]: a line chart of one or more [`Series`] over periods, with an optional target line.
//!
//! Every chart is shown beside a data table the caller renders, which is where the figures are
//! for anyone who cannot see the chart; the chart says so in its description. Pages are served
//! with a content security policy that allows no inline styling, so the SVG uses presentation
//! attributes only (`fill`, `stroke`, `font-size`…). Text is dark enough on white for 4.5:1
//! contrast, marks for 3:1, and nothing relies on colour alone: bars carry their value, and each
//! series of a trend has its own point shape and its name in the legend. The caller's heading
//! names the chart on the page, so the title is in `<title>` for assistive technology only.
//!
//! The same input always gives the same string, so a chart can be compared and cached; all text
//! is escaped; coordinates have at most one decimal place.

mod bars;
mod trend;

pub use bars::{Bar, bars};
pub use trend::{Series, trend};

/// The width of every chart's view box; charts scale to their container (`width="100%"`).
const WIDTH: f64 = 640.0;
/// Text: 19.6:1 against white.
const TEXT: &str = "#0b0c0c";
/// Secondary text (axis labels, "no figures"): 7.1:1 against white.
const SECONDARY: &str = "#505a5f";
/// Gridlines: decorative only, the axis labels carry the figures.
const GRID: &str = "#b1b4b6";
/// Bars: 5.2:1 against white.
const BAR: &str = "#1d70b8";
const FONT: &str = "Helvetica, Arial, sans-serif";
const NO_FIGURES: &str = "No figures for this period";
const SAME_FIGURES: &str = "The same figures are in the table below.";

/// The opening of a chart's SVG, with its title and description for assistive technology.
fn open(id: &str, title: &str, desc: &str, height: f64) -> String {
    let id = sanitise_id(id);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" "#,
            r#"viewBox="0 0 {w} {h}" width="100%" font-family="{font}" font-size="16" fill="{text}">"#,
            r#"<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#
        ),
        id = id,
        w = num(WIDTH),
        h = num(height),
        font = FONT,
        text = TEXT,
        title = escape(title),
        desc = escape(desc),
    )
}

/// A small chart that says there is nothing to show, rather than empty axes.
fn no_figures(id: &str, title: &str) -> String {
    let mut svg = open(id, title, &format!("{NO_FIGURES}."), 40.0);
    svg.push_str(&format!(r#"<text x="0" y="26" fill="{SECONDARY}">{NO_FIGURES}</text></svg>"#));
    svg
}

/// `text` safe as XML character data or an attribute value: the five special characters become
/// references, line breaks become spaces, and characters XML does not allow are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The caller's id prefix reduced to lower-case letters, digits and single hyphens, starting with
/// a letter so it is a valid id in HTML and XML alike: "KPI Dashboard #1" gives "kpi-dashboard-1",
/// "2025" gives "chart-2025", nothing gives "chart".
fn sanitise_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    match out.chars().next() {
        Some(c) if c.is_ascii_lowercase() => out.to_string(),
        Some(_) => format!("chart-{out}"),
        None => "chart".to_string(),
    }
}

/// A number with at most one decimal place and no trailing ".0": "12", "12.5", never "-0".
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    // Adding 0.0 turns -0.0 into 0.0.
    let s = format!("{:.1}", (v * 10.0).round() / 10.0 + 0.0);
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// `text` cut to `max` characters, the last an ellipsis, if it is longer.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Roughly how wide `chars` characters of the chart font are at `size`: good enough to leave room
/// for labels, and the same every time.
fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * size * 0.55
}

#[cfg(test)]
mod tests;
