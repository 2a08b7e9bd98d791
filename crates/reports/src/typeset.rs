//! The report as typst markup, for PDF: the same document as the HTML, with tables that have
//! header rows and charts with their alternative text, so the PDF is tagged (PDF/UA-1).
use crate::document::Document;
use crate::pdf::{PdfError, escape, render};
use crate::present::Audience;

/// A typst string literal holding `s`.
fn literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A table cell of text.
fn cell(s: &str) -> String {
    format!("[{}]", escape(s))
}

/// The report as typst markup.
pub fn source(d: &Document) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "#set document(title: {}, author: {})\n",
        literal(&format!("{}: {}", d.title, d.period)),
        literal(&d.partnership)
    ));
    t.push_str("#set text(lang: \"en\", region: \"gb\", size: 10pt)\n");
    t.push_str("#set page(paper: \"a4\", margin: 2cm, numbering: \"1\")\n");
    t.push_str("#set table(stroke: (x, y) => (bottom: 0.5pt + rgb(\"#b1b4b6\")), inset: 5pt)\n");
    t.push_str(&format!("= {}\n\n", escape(&d.title)));
    let mut intro = format!("*{}*", escape(&d.period));
    if !d.previous.is_empty() {
        intro.push_str(&format!(", compared with {}", escape(&d.previous)));
    }
    t.push_str(&format!(
        "{intro}.\n\n{}. Produced {}.\n\n{}\n\n",
        escape(&d.partnership),
        escape(&d.produced),
        escape(&d.window)
    ));
    if d.audience == Audience::Public {
        t.push_str(&escape(
            "These figures are anonymised: they name nobody and hold no addresses or free text. A number from 1 to 4 is shown as \"<5\", and a percentage is withheld when fewer than 5 cases fall on either side of it, so that nobody can be identified.",
        ));
        t.push_str("\n\n");
    }
    if !d.filters.is_empty() {
        t.push_str(&format!("{}\n\n", escape(&format!("Only cases matching: {}.", d.filters.join("; ")))));
    }
    for part in &d.parts {
        t.push_str(&format!("== {}\n\n", escape(part.title)));
        t.push_str(
            "#table(columns: (2.6fr, 1fr, 1.3fr, 1fr, 1fr, 1.8fr), align: (left, right, left, right, left, left),\n",
        );
        t.push_str("  table.header([*Measure*], [*Figure*], [*Out of*], [*Period before*], [*Change*], [*Target*]),\n");
        for l in &part.lines {
            let measure = if l.part.is_empty() { l.name.to_string() } else { format!("{}: {}", l.name, l.part) };
            let target = if l.status.is_empty() { l.target.clone() } else { format!("{} ({})", l.target, l.status) };
            let cells = [measure.as_str(), &l.value, &l.basis, &l.before, &l.change, &target].map(cell);
            t.push_str(&format!("  {},\n", cells.join(", ")));
        }
        t.push_str(")\n\n");
        for c in &part.charts {
            let alt = format!(
                "{}. {}",
                c.title,
                c.periods.iter().zip(&c.values).map(|(p, v)| format!("{p}: {v}")).collect::<Vec<_>>().join("; ")
            );
            t.push_str(&format!(
                "#figure(image(bytes({}), format: \"svg\", width: 80%, alt: {}), caption: [{}])\n\n",
                literal(&c.svg),
                literal(&alt),
                escape(&c.title)
            ));
        }
    }
    t.push_str("== How each figure is worked out\n\n");
    for (name, def) in &d.definitions {
        t.push_str(&format!(
            "*{}* #linebreak() Counted: {} #linebreak() Out of: {} #linebreak() Left out: {}\n\n",
            escape(name),
            escape(def.counted),
            escape(def.base),
            escape(def.excluded)
        ));
    }
    t
}

/// The report as a tagged PDF.
pub fn pdf(d: &Document) -> Result<Vec<u8>, PdfError> {
    render(&source(d))
}
