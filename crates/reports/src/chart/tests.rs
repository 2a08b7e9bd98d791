use super::*;

fn bar(label: &str, value: f64, shown: &str) -> Bar {
    Bar { label: label.into(), value, shown: shown.into() }
}

fn series(name: &str, points: &[Option<f64>]) -> Series {
    Series { name: name.into(), points: points.to_vec() }
}

fn quarters(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{}-Q{}", 2024 + i / 4, i % 4 + 1)).collect()
}

/// One element of a chart: its name and attributes, in order.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn number(&self, name: &str) -> f64 {
        self.get(name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} of {self:?}"))
    }
}

/// The chart's elements, after checking it is well-formed XML as far as these charts need: one
/// root `svg`, every tag closed in order, attributes quoted and not repeated, and every `&` the
/// start of one of the references `escape` writes.
fn elements(svg: &str) -> Vec<Element> {
    let mut found = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = svg;
    let mut closed_root = false;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(closed_root || !open.is_empty() || text.is_empty(), "text outside the root: {text:?}");
        assert!(!text.contains('>'), "a stray > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let reference = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|r| reference.starts_with(r)),
                "an unescaped & in {text:?}"
            );
        }
        let end = rest[start..].find('>').expect("a tag that does not end") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "closing tag out of order");
            closed_root = open.is_empty();
            continue;
        }
        assert!(!closed_root, "a second root element: {tag}");
        assert!(found.is_empty() || !open.is_empty(), "a second root element: {tag}");
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attributes: Vec<(String, String)> = Vec::new();
        while !attrs.trim().is_empty() {
            let (attr, value) = attrs.trim_start().split_once("=\"").expect("an attribute without a quoted value");
            let (value, after) = value.split_once('"').expect("an attribute value that does not end");
            assert!(!value.contains('<') && !attr.contains(' '), "a malformed attribute in <{tag}>");
            assert!(attributes.iter().all(|(a, _)| a != attr), "{attr} twice in <{tag}>");
            attributes.push((attr.into(), value.into()));
            attrs = after;
        }
        if !empty {
            open.push(name.to_string());
        }
        found.push(Element { name: name.into(), attributes });
    }
    assert!(open.is_empty() && rest.is_empty(), "unclosed {open:?}, or text after the root: {rest:?}");
    assert_eq!(found.first().map(|e| e.name.as_str()), Some("svg"));
    found
}

fn named<'a>(elements: &'a [Element], name: &str) -> Vec<&'a Element> {
    elements.iter().filter(|e| e.name == name).collect()
}

/// Every chart these tests draw, to check what must hold of all of them.
fn every_chart() -> Vec<String> {
    let periods = quarters(6);
    vec![
        bars("a", "Reports by category", &[bar("Noise", 42.0, "42"), bar("<script>", 7.0, "7")], None),
        bars("b", "Resolved in 28 days", &[bar("North", 68.0, "68%"), bar("South", f64::NAN, "<5")], Some(100.0)),
        bars("c", "Nothing", &[], None),
        trend("d", "Nothing", &periods, &[series("Open", &[None, None])], None, None),
        trend(
            "e",
            "Cases resolved",
            &periods,
            &(0..7)
                .map(|k| series(&format!("Ward {k}"), &[Some(k as f64), None, Some(3.5), Some(9.0)]))
                .collect::<Vec<_>>(),
            None,
            Some(5.0),
        ),
        trend("f", "Satisfied", &quarters(40), &[series("All", &[Some(0.25); 40])], Some(1.0), Some(0.8)),
    ]
}

#[test]
fn a_bar_chart_escapes_a_category_called_script() {
    let svg =
        bars("x", "Tom & Jerry's \"top\" <b>categories</b>", &[bar("<script>alert(1)</script>", 3.0, "<5")], None);
    assert!(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("<5"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains(">&lt;5</text>"));
    assert!(
        svg.contains(
            "<title id=\"x-title\">Tom &amp; Jerry&#39;s &quot;top&quot; &lt;b&gt;categories&lt;/b&gt;</title>"
        )
    );
    elements(&svg);
}

#[test]
fn no_figures_says_so_instead_of_an_empty_chart() {
    let periods = quarters(4);
    for svg in [
        bars("x", "Reports", &[], Some(100.0)),
        trend("x", "Reports", &periods, &[], None, Some(3.0)),
        trend("x", "Reports", &[], &[series("Open", &[Some(1.0)])], None, None),
        trend("x", "Reports", &periods, &[series("Open", &[None, Some(f64::NAN)]), series("Closed", &[])], None, None),
    ] {
        assert!(svg.contains(">No figures for this period</text>"), "{svg}");
        assert!(svg.contains("<desc id=\"x-desc\">No figures for this period.</desc>"));
        let found = elements(&svg);
        assert!(
            named(&found, "rect").is_empty() && named(&found, "path").is_empty() && named(&found, "line").is_empty()
        );
    }
}

#[test]
fn a_gap_in_a_series_breaks_the_line() {
    let points = [Some(4.0), Some(6.0), None, Some(5.0), Some(7.0), None, Some(2.0)];
    let svg = trend("x", "Open cases", &quarters(7), &[series("Open", &points)], Some(10.0), None);
    let found = elements(&svg);
    let lines = named(&found, "path");
    assert_eq!(lines.len(), 1, "one line, and circles for points");
    let d = lines[0].get("d").unwrap();
    assert_eq!(d.matches('M').count(), 2, "two runs, the lone last point is not joined: {d}");
    assert_eq!(d.matches('L').count(), 2, "{d}");
    assert_eq!(named(&found, "circle").len(), 5 + 1, "every figure marked, the lone one too, and the legend's");
}

#[test]
fn a_target_line_is_drawn_and_labelled() {
    let svg =
        trend("x", "Resolved", &quarters(4), &[series("Resolved", &[Some(60.0), Some(70.0)])], Some(100.0), Some(80.0));
    let found = elements(&svg);
    let target: Vec<_> = named(&found, "line").into_iter().filter(|l| l.get("stroke-dasharray").is_some()).collect();
    assert_eq!(target.len(), 1);
    // 80% of the 200 high plot, up from its bottom at 228.
    assert_eq!((target[0].number("y1"), target[0].number("y2")), (68.0, 68.0));
    assert!(svg.contains(">Target</text>"));
    assert!(svg.contains("with a dashed line at the target of 80. The same figures are in the table below.</desc>"));

    let without = trend("x", "Resolved", &quarters(4), &[series("Resolved", &[Some(60.0)])], Some(100.0), None);
    assert!(!without.contains("Target") && !without.contains("dasharray"));
}

#[test]
fn no_style_attributes_anywhere() {
    for svg in every_chart() {
        assert!(!svg.contains("style"), "{svg}");
        assert!(svg.contains(r#"font-family="Helvetica, Arial, sans-serif""#));
    }
}

#[test]
fn ids_are_sanitised() {
    let svg = bars("KPI <Dashboard> \"1\"", "Reports", &[bar("Noise", 1.0, "1")], None);
    assert!(svg.contains(r#"aria-labelledby="kpi-dashboard-1-title kpi-dashboard-1-desc""#), "{svg}");
    assert!(
        svg.contains(r#"<title id="kpi-dashboard-1-title">"#) && svg.contains(r#"<desc id="kpi-dashboard-1-desc">"#)
    );
    assert_eq!(sanitise_id("asb-by-ward"), "asb-by-ward");
    assert_eq!(sanitise_id("  Repeat  Callers__2025 "), "repeat-callers-2025");
    assert_eq!(sanitise_id("2025-q1"), "chart-2025-q1", "an id starts with a letter");
    assert_eq!(sanitise_id("Überblick"), "berblick");
    assert_eq!(sanitise_id("<>\"'&"), "chart");
    assert_eq!(sanitise_id(""), "chart");
}

#[test]
fn values_above_max_are_clamped_to_the_plot() {
    let svg = bars("x", "Satisfied", &[bar("North", 150.0, "150%"), bar("South", 50.0, "50%")], Some(100.0));
    let found = elements(&svg);
    let rects = named(&found, "rect");
    let end = |r: &Element| r.number("x") + r.number("width");
    assert_eq!(end(rects[0]), named(&found, "line")[0].number("x1"), "the long bar stops at the scale's end");
    assert!(end(rects[0]) < 640.0);
    assert_eq!(rects[1].number("width") * 2.0, rects[0].number("width"));
    assert!(svg.contains(">150%</text>"), "the figure still says what it is");

    let svg =
        trend("x", "Satisfied", &quarters(2), &[series("All", &[Some(150.0), Some(-20.0)])], Some(100.0), Some(120.0));
    let found = elements(&svg);
    let d = named(&found, "path")[0].get("d").unwrap().to_string();
    assert_eq!(d, "M186 28 L478 228", "the top and the bottom of the plot");
    assert!(named(&found, "line").iter().any(|l| l.get("stroke-dasharray").is_some() && l.number("y1") == 28.0));
}

#[test]
fn zero_negative_and_missing_values_draw_no_bar_but_keep_their_label() {
    let rows =
        [bar("Noise", 0.0, "0"), bar("Litter", -3.0, "-3"), bar("Graffiti", f64::NAN, "<5"), bar("Drugs", 4.0, "4")];
    let svg = bars("x", "Reports", &rows, None);
    let found = elements(&svg);
    assert_eq!(named(&found, "rect").len(), 1);
    for text in [">Noise<", ">Litter<", ">Graffiti<", ">Drugs<", ">0<", ">-3<", ">&lt;5<", ">4<"] {
        assert!(svg.contains(text), "{text} in {svg}");
    }
    let all_zero = bars("x", "Reports", &[bar("Noise", 0.0, "0")], None);
    assert!(named(&elements(&all_zero), "rect").is_empty() && all_zero.contains(">Noise<"));
}

#[test]
fn each_series_has_its_own_point_shape_and_legend_text() {
    let all: Vec<Series> = (0..6).map(|k| series(&format!("Team {k}"), &[Some(1.0), Some(2.0)])).collect();
    let found = elements(&trend("x", "Reports", &quarters(2), &all, None, None));
    // Two points and a legend marker each: circle, square, then four paths of shapes after the six lines.
    assert_eq!(named(&found, "circle").len(), 3);
    assert_eq!(named(&found, "rect").len(), 3);
    let shapes: Vec<_> =
        named(&found, "path").iter().filter(|p| p.get("fill") != Some("none")).map(|p| p.get("fill")).collect();
    assert_eq!(shapes.len(), 4 * 3);
    let texts: Vec<_> = found.iter().filter(|e| e.name == "text").collect();
    assert!(texts.len() >= 6);
    let svg = trend("x", "Reports", &quarters(2), &all, None, None);
    for k in 0..6 {
        assert!(svg.contains(&format!(">Team {k}</text>")));
    }
    assert!(svg.contains("<desc id=\"x-desc\">Line chart of Team 0, Team 1, Team 2, Team 3, Team 4 and Team 5 from 2024-Q1 to 2024-Q2. The same figures are in the table below.</desc>"));
}

#[test]
fn charts_point_to_the_table_and_are_the_same_every_time() {
    let first = every_chart();
    assert_eq!(first, every_chart());
    assert!(first[0].contains("<desc id=\"a-desc\">Bar chart. The same figures are in the table below.</desc>"));
    for svg in &first {
        let found = elements(svg);
        let root = &found[0];
        assert_eq!(root.get("role"), Some("img"));
        assert_eq!(root.get("width"), Some("100%"));
        assert!(root.get("viewBox").is_some_and(|v| v.starts_with("0 0 640 ")));
    }
}

#[test]
fn coordinates_have_at_most_one_decimal_place() {
    for svg in every_chart() {
        for element in elements(&svg) {
            for (name, value) in &element.attributes {
                if ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "d", "viewBox"]
                    .contains(&name.as_str())
                {
                    let decimals =
                        value.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter_map(|n| n.split_once('.'));
                    for (_, fraction) in decimals {
                        assert!(fraction.len() <= 1, "{name}={value}");
                    }
                }
            }
        }
    }
}

#[test]
fn text_and_marks_have_enough_contrast_against_white() {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let contrast = |hex: &str| 1.05 / (luminance(hex) + 0.05);
    assert!(contrast(TEXT) >= 4.5 && contrast(SECONDARY) >= 4.5);
    for colour in std::iter::once(BAR).chain(trend::COLOURS) {
        assert!(contrast(colour) >= 3.0, "{colour}");
    }
    assert!(contrast("#f47738") < 3.0, "orange is too light to use");
}

#[test]
fn numbers_are_written_short() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.04), "12");
    assert_eq!(num(12.25), "12.3");
    assert_eq!(num(-0.01), "0");
    assert_eq!(num(f64::NAN), "0");
    assert_eq!(truncate("Anti-social behaviour", 8), "Anti-so…");
    assert_eq!(truncate("Noise", 8), "Noise");
}

#[test]
fn the_axis_ends_on_a_round_number_above_the_figures() {
    let top = |points: &[Option<f64>], target| {
        let svg = trend("x", "Reports", &quarters(2), &[series("All", points)], None, target);
        elements(&svg);
        svg
    };
    assert!(top(&[Some(47.0)], None).contains(">50</text>"));
    assert!(top(&[Some(68.0)], None).contains(">80</text>"));
    assert!(top(&[Some(100.0)], None).contains(">100</text>"));
    assert!(top(&[Some(12.0)], Some(90.0)).contains(">100</text>"), "the target is on the axis");
    assert!(top(&[Some(0.0)], None).contains(">1</text>"));
    assert!(top(&[Some(0.03)], None).contains(">0.03</text>"));
}
