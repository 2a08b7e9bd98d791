//! Repeats and hotspots across the partnership. A repeat is the same complainant, the same
//! location or the same person complained about in more than one complaint, to any
//! organisation, within a window; a hotspot is an area (ward, estate or patch) ranked by its
//! cases in a period, with rates per 1,000 homes or residents where those figures are known.
use crate::case_review::{Complaint, Matter};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How far back repeats are looked for, unless the partnership sets its own.
pub const DEFAULT_WINDOW_MONTHS: u32 = 12;

/// A matter with more than one complaint in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub matter: Matter,
    /// Earliest first.
    pub complaints: Vec<Complaint>,
}

/// Every matter complained about more than once since `since` (a complaint counts once per
/// matter it concerns), most complaints first, then by matter.
pub fn repeats(complaints: &[Complaint], since: Date) -> Vec<Repeat> {
    let mut by: BTreeMap<Matter, Vec<&Complaint>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for c in complaints.iter().filter(|c| c.reported_on >= since) {
        if !seen.insert((c.case, c.event)) {
            continue;
        }
        for m in c.matters() {
            by.entry(m).or_default().push(c);
        }
    }
    let mut out: Vec<Repeat> = by
        .into_iter()
        .filter(|(_, cs)| cs.len() > 1)
        .map(|(matter, mut cs)| {
            cs.sort_by(|a, b| (a.reported_on, &a.reference).cmp(&(b.reported_on, &b.reference)));
            Repeat { matter, complaints: cs.into_iter().cloned().collect() }
        })
        .collect();
    out.sort_by(|a, b| b.complaints.len().cmp(&a.complaints.len()).then_with(|| a.matter.cmp(&b.matter)));
    out
}

/// The repeats a case is part of, each without the case itself: "this address has 3 other
/// complaints".
pub fn repeats_of_case(all: &[Repeat], case: crate::CaseId) -> Vec<Repeat> {
    all.iter()
        .filter(|r| r.complaints.iter().any(|c| c.case == case))
        .map(|r| Repeat {
            matter: r.matter.clone(),
            complaints: r.complaints.iter().filter(|c| c.case != case).cloned().collect(),
        })
        .filter(|r| !r.complaints.is_empty())
        .collect()
}

crate::contact::word_enum!(
    /// The kind of area hotspots are counted by.
    AreaKind {
        Ward => "ward", "Ward",
        Estate => "estate", "Estate",
        Patch => "patch", "Patch",
    }
);

/// Homes and residents of an area, where the partnership entered them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSize {
    pub homes: Option<u32>,
    pub population: Option<u32>,
}

/// One area's cases in the period, and its rates where its size is known.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hotspot {
    pub area: String,
    pub cases: u32,
    pub per_1000_homes: Option<f64>,
    pub per_1000_residents: Option<f64>,
}

fn per_1000(cases: u32, of: Option<u32>) -> Option<f64> {
    of.filter(|n| *n > 0).map(|n| (f64::from(cases) * 1000.0 / f64::from(n) * 10.0).round() / 10.0)
}

/// Cases with no area recorded are counted together, under this name, last.
pub const NOT_RECORDED: &str = "Not recorded";

/// Areas ranked by their cases (given as counts per area as recorded; names that differ only
/// in case or spacing are one area, and no area is "Not recorded", last), most first; ties by
/// the higher rate per 1,000 homes, then by name.
pub fn hotspots(counted: &[(Option<String>, u32)], sizes: &BTreeMap<String, AreaSize>) -> Vec<Hotspot> {
    let mut counts: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for (a, n) in counted {
        let name = a.as_deref().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty());
        let name = name.unwrap_or_else(|| NOT_RECORDED.to_string());
        let entry = counts.entry(name.to_lowercase()).or_insert_with(|| (name, 0));
        entry.1 += n;
    }
    let counts: Vec<(String, u32)> = counts.into_values().collect();
    let size =
        |area: &str| sizes.iter().find(|(k, _)| k.eq_ignore_ascii_case(area)).map(|(_, v)| *v).unwrap_or_default();
    let mut out: Vec<Hotspot> = counts
        .into_iter()
        .map(|(area, cases)| {
            let s = size(&area);
            Hotspot {
                per_1000_homes: per_1000(cases, s.homes),
                per_1000_residents: per_1000(cases, s.population),
                area,
                cases,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.area == NOT_RECORDED)
            .cmp(&(b.area == NOT_RECORDED))
            .then(b.cases.cmp(&a.cases))
            .then(b.per_1000_homes.unwrap_or(0.0).total_cmp(&a.per_1000_homes.unwrap_or(0.0)))
            .then(a.area.cmp(&b.area))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::CaseReference;
    use crate::{CaseId, OrganisationId, PersonId};
    use jiff::civil::date;

    fn complaint(n: u64, on: Date, complainant: Option<PersonId>, place: &str) -> Complaint {
        Complaint {
            case: CaseId::new(),
            event: 1,
            reference: CaseReference::new(2026, n),
            organisation: OrganisationId::new(),
            reported_on: on,
            behaviour_on: None,
            complainant,
            household: None,
            location: Some(place.into()),
            persons_complained_about: vec![],
            hate_incident: false,
        }
    }

    #[test]
    fn a_place_complained_about_twice_in_the_window_is_a_repeat_and_once_is_not() {
        let sam = PersonId::new();
        let cs = vec![
            complaint(1, date(2026, 2, 1), Some(sam), "12 Mill Street"),
            complaint(2, date(2026, 9, 1), None, "12 mill  street"),
            complaint(3, date(2026, 10, 1), Some(sam), "4 Canal Walk"),
            complaint(4, date(2025, 1, 1), None, "4 Canal Walk"),
        ];
        let found = repeats(&cs, date(2026, 1, 1));
        let matters: Vec<_> = found.iter().map(|r| (&r.matter, r.complaints.len())).collect();
        assert_eq!(
            matters,
            vec![(&Matter::Complainant(sam), 2), (&Matter::Location("12 MILL STREET".into()), 2)],
            "the 2025 complaint about Canal Walk is outside the window"
        );
        let of_first = repeats_of_case(&found, cs[0].case);
        assert_eq!(of_first.len(), 2);
        assert!(of_first.iter().all(|r| r.complaints.len() == 1 && r.complaints[0].case != cs[0].case));
    }

    #[test]
    fn hotspots_are_ranked_by_cases_with_rates_where_the_size_is_known() {
        let areas: Vec<(Option<String>, u32)> = vec![
            (Some("Northgate".into()), 2),
            (Some("northgate ".into()), 1),
            (Some("Eastfield".into()), 2),
            (Some("Westmoor".into()), 1),
            (None, 1),
            (Some("  ".into()), 1),
        ];
        let sizes = BTreeMap::from([
            ("northgate".to_string(), AreaSize { homes: Some(1500), population: Some(3600) }),
            ("Eastfield".to_string(), AreaSize { homes: Some(400), population: None }),
        ]);
        let h = hotspots(&areas, &sizes);
        let ranked: Vec<_> = h.iter().map(|x| (x.area.as_str(), x.cases, x.per_1000_homes)).collect();
        assert_eq!(
            ranked,
            vec![
                ("Northgate", 3, Some(2.0)),
                ("Eastfield", 2, Some(5.0)),
                ("Westmoor", 1, None),
                ("Not recorded", 2, None)
            ]
        );
        assert_eq!(h[0].per_1000_residents, Some(0.8));
    }
}
