//! A performance report as a document: its sections of figures in words, with the period
//! before, targets, trend charts and every KPI's definition. The same document is written out
//! as HTML, CSV and PDF, for staff or anonymised for publishing.
use crate::chart;
use crate::engine::{Performance, Row};
use crate::present::{Audience, basis, change, value};
use asbcase_domain::kpi::target::withheld;
use asbcase_domain::kpi::{Definition, Kpi, Measure, Section, Unit};
use asbcase_domain::time::human;
use std::collections::HashSet;

/// One figure as the reader sees it.
#[derive(Clone, Debug)]
pub struct Line {
    pub kpi: Kpi,
    pub key: &'static str,
    pub name: &'static str,
    /// The part of the KPI as people read it ("High", a category's name, a landlord), empty
    /// for the whole.
    pub part: String,
    /// The part as counted (a category's code), for finding its cases.
    pub part_key: String,
    pub value: String,
    pub basis: String,
    pub before: String,
    pub change: String,
    pub target: String,
    pub status: String,
    pub status_key: String,
    /// Whether the figure can be followed to the cases it counted (repeats and hotspots are
    /// listed at /repeats and /hotspots instead).
    pub drillable: bool,
}

#[derive(Clone, Debug)]
pub struct Part {
    pub section: Section,
    pub title: &'static str,
    pub lines: Vec<Line>,
    /// Trend charts (SVG) of the section's headline figures, each with its table's lines.
    pub charts: Vec<Chart>,
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub periods: Vec<String>,
    pub values: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub title: String,
    pub scope: String,
    pub partnership: String,
    pub period: String,
    pub period_code: String,
    pub previous: String,
    pub produced: String,
    pub window: String,
    pub audience: Audience,
    pub filters: Vec<String>,
    pub parts: Vec<Part>,
    pub definitions: Vec<(&'static str, Definition)>,
}

impl Document {
    /// The name a saved report gets: `asb-performance-vale-homes-2026-q2-anonymised.pdf`.
    pub fn file_name(&self, ext: &str) -> String {
        let slug = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            out.trim_matches('-').to_string()
        };
        let kind = if self.audience == Audience::Public { "-anonymised" } else { "" };
        format!("asb-performance-{}-{}{kind}.{ext}", slug(&self.scope), slug(&self.period_code))
    }
}

/// KPIs drawn as trend charts, with the section they belong to.
const CHARTED: [Kpi; 5] =
    [Kpi::FirstContact, Kpi::ContactCadence, Kpi::CasesOpened, Kpi::ResolutionRate, Kpi::SatisfiedHandling];

/// Parts of a KPI to withhold as well as the small ones, so that no small number can be worked
/// out by taking the parts shown away from the total: the parts withheld must hold at least 5
/// cases between them, and there must never be just one.
fn complementary(p: &Performance) -> HashSet<(Kpi, String)> {
    let size = |r: &Row| match r.now {
        Measure::Percent { base, .. } => base,
        Measure::Count { count } => count,
        Measure::PerThousandHomes { counted, .. } => counted,
        Measure::Money { cases, .. } | Measure::Minutes { cases, .. } => cases,
    };
    let small = |r: &Row| withheld(&r.now) || matches!(r.now, Measure::Count { count: 1..=4 });
    let mut out = HashSet::new();
    for &kpi in Kpi::ALL {
        let parts: Vec<&Row> = p.parts(kpi).collect();
        let mut hidden: Vec<u64> = parts.iter().filter(|r| small(r)).map(|r| size(r)).collect();
        if hidden.is_empty() {
            continue;
        }
        let mut visible: Vec<&Row> = parts.iter().filter(|r| !small(r) && size(r) > 0).copied().collect();
        visible.sort_by_key(|r| size(r));
        let mut next = visible.into_iter();
        while hidden.len() == 1 || hidden.iter().sum::<u64>() < 5 {
            let Some(r) = next.next() else { break };
            out.insert((kpi, r.part.clone()));
            hidden.push(size(r));
        }
    }
    out
}

fn line(row: &Row, who: Audience, hide: bool) -> Line {
    let before = row.before.as_ref();
    if hide {
        return Line {
            kpi: row.kpi,
            key: row.kpi.key(),
            name: row.kpi.name(),
            part: row.label.clone(),
            part_key: row.part.clone(),
            value: "Withheld".into(),
            basis: "Withheld so that smaller figures cannot be worked out from the total".into(),
            before: String::new(),
            change: String::new(),
            target: String::new(),
            status: String::new(),
            status_key: String::new(),
            drillable: false,
        };
    }
    Line {
        kpi: row.kpi,
        key: row.kpi.key(),
        name: row.kpi.name(),
        part: row.label.clone(),
        part_key: row.part.clone(),
        value: value(row.kpi, &row.now, who),
        basis: basis(&row.now, who),
        before: before.map(|b| value(row.kpi, b, who)).unwrap_or_default(),
        change: change(&row.now, before, who),
        target: row
            .target
            .as_ref()
            .map(|t| {
                let v = if t.kpi.unit() == Unit::Percent { format!("{}%", t.value) } else { t.value.to_string() };
                let on = asbcase_domain::time::human_date(t.set_on);
                match who {
                    Audience::Staff => format!("{} {v} ({}, {on})", t.direction.label(), t.set_by),
                    // Who set it is free text: published reports hold none.
                    Audience::Public => format!("{} {v} (set {on})", t.direction.label()),
                }
            })
            .unwrap_or_default(),
        status: row.rag.map(|r| r.label().to_string()).unwrap_or_default(),
        status_key: row.rag.map(|r| r.key().to_string()).unwrap_or_default(),
        drillable: row.kpi.section() != Section::Repeats,
    }
}

/// The report for `p`, for staff or for publishing.
pub fn document(p: &Performance, who: Audience) -> Document {
    let also_hidden = if who == Audience::Public { complementary(p) } else { HashSet::new() };
    let periods: Vec<String> = p.trend.iter().map(|x| x.short()).collect();
    let parts = Section::ALL
        .iter()
        .map(|&section| {
            let lines: Vec<Line> = p
                .rows
                .iter()
                .filter(|r| r.kpi.section() == section)
                // Published figures leave out parts with nothing in them (empty categories, tools).
                .filter(|r| who == Audience::Staff || r.part.is_empty() || r.now.value().is_some_and(|v| v > 0.0))
                .map(|r| line(r, who, also_hidden.contains(&(r.kpi, r.part.clone()))))
                .collect();
            let charts = CHARTED
                .iter()
                .filter(|k| k.section() == section)
                .filter_map(|&k| p.row(k, ""))
                .map(|r| {
                    // Published charts leave out points the tables would withhold or show as "<5".
                    let points: Vec<Option<f64>> = r
                        .trend
                        .iter()
                        .map(|m| {
                            let m = m.as_ref()?;
                            let hidden = who == Audience::Public
                                && (withheld(m) || matches!(m, Measure::Count { count: 1..=4 }));
                            if hidden { None } else { m.value() }
                        })
                        .collect();
                    let values = r
                        .trend
                        .iter()
                        .zip(&points)
                        .map(|(m, v)| match (m, v) {
                            (Some(m), _) => value(r.kpi, m, who),
                            (None, _) => "No figure".to_string(),
                        })
                        .collect();
                    let max = (r.kpi.unit() == Unit::Percent).then_some(100.0);
                    let target = r.target.as_ref().map(|t| t.value);
                    let series = [chart::Series { name: r.kpi.name().to_string(), points }];
                    Chart {
                        title: format!("{}: the last {} periods", r.kpi.name(), periods.len()),
                        svg: chart::trend(
                            &format!("trend-{}", r.kpi.key()),
                            r.kpi.name(),
                            &periods,
                            &series,
                            max,
                            target,
                        ),
                        periods: periods.clone(),
                        values,
                    }
                })
                .collect();
            Part { section, title: section.title(), lines, charts }
        })
        .filter(|part| !part.lines.is_empty())
        .collect();
    let mut filters = vec![];
    if let Some(patch) = &p.filter.patch {
        filters.push(format!("Patch: {patch}"));
    }
    if let Some(c) = &p.filter.category {
        filters.push(format!("Category: {c}"));
    }
    if let Some(r) = p.filter.risk {
        filters.push(format!("Risk: {}", r.label()));
    }
    if p.filter.officer.is_some() {
        filters.push("One officer's cases".into());
    }
    let previous = p.trend.len().checked_sub(2).and_then(|i| p.trend.get(i)).map(|x| x.describe()).unwrap_or_default();
    Document {
        title: format!("Anti-social behaviour: performance report for {}", p.scope),
        scope: p.scope.clone(),
        partnership: p.partnership.clone(),
        period: p.period.describe(),
        period_code: p.period.code(),
        previous,
        produced: human(p.as_of),
        window: format!(
            "Counted from every case event recorded up to {}. Figures for earlier periods can change if records are added late.",
            human(p.as_of)
        ),
        audience: who,
        filters,
        parts,
        definitions: Kpi::ALL.iter().map(|k| (k.name(), k.definition())).collect(),
    }
}

/// A cell a spreadsheet will not take for a formula (names are typed by people).
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// The report as CSV: one row per figure.
pub fn csv(d: &Document) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "scope",
        "period",
        "section",
        "kpi",
        "measure",
        "part",
        "figure",
        "basis",
        "previous period",
        "change",
        "target",
        "status",
        "produced",
    ])?;
    for part in &d.parts {
        for l in &part.lines {
            let fields = [
                d.scope.as_str(),
                &d.period_code,
                part.title,
                l.key,
                l.name,
                &l.part,
                &l.value,
                &l.basis,
                &l.before,
                &l.change,
                &l.target,
                &l.status,
                &d.produced,
            ];
            w.write_record(fields.map(cell))?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[derive(askama::Template)]
#[template(path = "report.html")]
struct Html<'a> {
    d: &'a Document,
    public: bool,
}

/// The report as a standalone HTML page (printable, no scripts, no outside files).
pub fn html(d: &Document) -> Result<String, askama::Error> {
    askama::Template::render(&Html { d, public: d.audience == Audience::Public })
}

#[cfg(test)]
mod tests {
    use super::*;
    use asbcase_domain::kpi::Period;

    fn row(kpi: Kpi, part: &str, count: u64) -> Row {
        Row {
            kpi,
            part: part.into(),
            label: part.into(),
            now: Measure::Count { count },
            before: None,
            trend: vec![],
            target: None,
            rag: None,
        }
    }

    fn performance(rows: Vec<Row>) -> Performance {
        let period = Period::parse("2026-Q1", 4).unwrap();
        Performance {
            scope: "Vale Homes".into(),
            partnership: "Ashford Vale".into(),
            organisation: None,
            trend: vec![period.clone()],
            period,
            as_of: jiff::Timestamp::UNIX_EPOCH,
            filter: Default::default(),
            rows,
            long_running_months: 6,
        }
    }

    fn shown(d: &Document, kpi: Kpi, part: &str) -> String {
        d.parts.iter().flat_map(|p| &p.lines).find(|l| l.kpi == kpi && l.part == part).unwrap().value.clone()
    }

    #[test]
    fn one_small_category_is_not_given_away_by_taking_the_others_from_the_total() {
        let p = performance(vec![
            row(Kpi::CasesOpened, "", 30),
            row(Kpi::NewByPrimaryCategory, "Noise", 20),
            row(Kpi::NewByPrimaryCategory, "Drugs", 7),
            row(Kpi::NewByPrimaryCategory, "Graffiti", 3),
        ]);
        let public = document(&p, Audience::Public);
        assert_eq!(shown(&public, Kpi::NewByPrimaryCategory, "Graffiti"), "<5");
        // 30 - 20 - 7 would be 3: the next smallest is withheld too.
        assert_eq!(shown(&public, Kpi::NewByPrimaryCategory, "Drugs"), "Withheld");
        assert_eq!(shown(&public, Kpi::NewByPrimaryCategory, "Noise"), "20");
        let staff = document(&p, Audience::Staff);
        assert_eq!(shown(&staff, Kpi::NewByPrimaryCategory, "Graffiti"), "3");
        assert_eq!(shown(&staff, Kpi::NewByPrimaryCategory, "Drugs"), "7");
    }

    #[test]
    fn a_spreadsheet_never_takes_a_name_for_a_formula() {
        let p =
            performance(vec![row(Kpi::CasesOpened, "", 30), row(Kpi::NewByPrimaryCategory, "=HYPERLINK(\"x\")", 30)]);
        let text = String::from_utf8(csv(&document(&p, Audience::Staff)).unwrap()).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
    }

    #[test]
    fn a_saved_report_is_named_after_whose_figures_and_when() {
        let p = performance(vec![row(Kpi::CasesOpened, "", 30)]);
        assert_eq!(
            document(&p, Audience::Public).file_name("pdf"),
            "asb-performance-vale-homes-2026-q1-anonymised.pdf"
        );
        assert_eq!(document(&p, Audience::Staff).file_name("csv"), "asb-performance-vale-homes-2026-q1.csv");
    }
}
