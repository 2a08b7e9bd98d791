//! Repeats in a period as KPIs: how many complainants, places and named people complained
//! about were complained about more than once (to any organisation of the partnership), where
//! at least one of those complaints was made to an organisation being counted.
use super::period::Period;
use crate::OrganisationId;
use crate::case_review::{Complaint, Matter};
use std::collections::{BTreeMap, BTreeSet};

/// Matters complained about more than once in the period, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepeatCounts {
    pub complainants: u64,
    pub locations: u64,
    pub persons: u64,
}

/// The repeats of `period` among `complaints` that touch one of `organisations`: as
/// [`crate::repeats::repeats`] finds them, but counted without gathering each repeat's complaints (a
/// dashboard counts the whole partnership's complaints of every period of its trend).
pub fn repeat_counts(complaints: &[Complaint], period: &Period, organisations: &[OrganisationId]) -> RepeatCounts {
    // For each matter: its complaints, and whether one was made to an organisation counted.
    let mut by: BTreeMap<Matter, (u32, bool)> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for c in complaints.iter().filter(|c| period.contains_day(c.reported_on)) {
        if !seen.insert((c.case, c.event)) {
            continue;
        }
        let ours = organisations.contains(&c.organisation);
        for m in c.matters() {
            let (n, touches) = by.entry(m).or_default();
            *n += 1;
            *touches |= ours;
        }
    }
    let mut counts = RepeatCounts::default();
    for (matter, _) in by.into_iter().filter(|(_, (n, touches))| *n > 1 && *touches) {
        match matter {
            Matter::Complainant(_) => counts.complainants += 1,
            Matter::Location(_) => counts.locations += 1,
            Matter::PersonComplainedAbout(_) => counts.persons += 1,
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::CaseReference;
    use crate::{CaseId, PersonId};

    fn complaint(org: OrganisationId, on: &str, who: PersonId, place: &str) -> Complaint {
        Complaint {
            case: CaseId::new(),
            event: 1,
            reference: CaseReference::new(2026, 1),
            organisation: org,
            reported_on: on.parse().unwrap(),
            behaviour_on: None,
            complainant: Some(who),
            household: None,
            location: Some(place.into()),
            persons_complained_about: vec![],
            hate_incident: false,
        }
    }

    #[test]
    fn a_place_complained_about_to_the_council_and_the_landlord_is_one_repeat_location_for_each() {
        let (council, landlord, police) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
        let (ann, bob) = (PersonId::new(), PersonId::new());
        let q = Period::parse("2026-Q1", 4).unwrap();
        let complaints = [
            complaint(council, "2026-04-10", ann, "AV1 4QT 14 ORCHARD COURT"),
            complaint(landlord, "2026-05-02", bob, "AV1 4QT 14 ORCHARD COURT"),
            // Ann again, but after the quarter: not a repeat of this quarter.
            complaint(council, "2026-07-02", ann, "AV1 1AA 2 MILL LANE"),
        ];
        let for_council = repeat_counts(&complaints, &q, &[council]);
        assert_eq!(for_council, RepeatCounts { complainants: 0, locations: 1, persons: 0 });
        assert_eq!(repeat_counts(&complaints, &q, &[landlord]).locations, 1);
        assert_eq!(repeat_counts(&complaints, &q, &[police]), RepeatCounts::default());
        let year = Period::parse("2026", 4).unwrap();
        assert_eq!(repeat_counts(&complaints, &year, &[council]).complainants, 1);
    }

    proptest::proptest! {
        /// Counting gives what listing the repeats and keeping those that touch the
        /// organisations gives, whatever the complaints: a few people, places and days, some
        /// complaints given twice, some after the quarter.
        #[test]
        fn counting_agrees_with_the_repeats_listed(
            picks in proptest::collection::vec((0usize..3, 0u8..120, 0usize..4, 0usize..4, proptest::option::of(0usize..4), proptest::bool::ANY), 0..40)
        ) {
            let orgs = [OrganisationId::new(), OrganisationId::new(), OrganisationId::new()];
            let people: Vec<PersonId> = (0..4).map(|_| PersonId::new()).collect();
            let places = ["AV1 4QT 14 ORCHARD COURT", "AV1 1AA 2 MILL LANE", "100023456789", "AV2 9ZZ 3 THE GREEN"];
            let start: jiff::civil::Date = "2026-04-01".parse().unwrap();
            let mut complaints: Vec<Complaint> = vec![];
            for (org, day, who, place, about, twice) in picks {
                let mut c = complaint(orgs[org], &start.checked_add(jiff::Span::new().days(i64::from(day))).unwrap().to_string(), people[who], places[place]);
                c.persons_complained_about = about.map(|a| people[a]).into_iter().collect();
                if twice {
                    // The same complaint given again, as though to another organisation: the
                    // first given counts.
                    let mut again = c.clone();
                    again.organisation = orgs[(org + 1) % orgs.len()];
                    complaints.push(again);
                }
                complaints.push(c);
            }
            let q = Period::parse("2026-Q1", 4).unwrap();
            for counted in [&orgs[..1], &orgs[1..], &orgs[..]] {
                let mut listed = RepeatCounts::default();
                let within: Vec<Complaint> = complaints.iter().filter(|c| q.contains_day(c.reported_on)).cloned().collect();
                for r in crate::repeats::repeats(&within, q.first) {
                    if r.complaints.iter().any(|c| counted.contains(&c.organisation)) {
                        match r.matter {
                            Matter::Complainant(_) => listed.complainants += 1,
                            Matter::Location(_) => listed.locations += 1,
                            Matter::PersonComplainedAbout(_) => listed.persons += 1,
                        }
                    }
                }
                proptest::prop_assert_eq!(repeat_counts(&complaints, &q, counted), listed);
            }
        }
    }
}
