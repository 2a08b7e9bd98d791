//! Repeats in a period as KPIs: how many complainants, places and named people complained
//! about were complained about more than once (to any organisation of the partnership), where
//! at least one of those complaints was made to an organisation being counted.
use super::period::Period;
use crate::OrganisationId;
use crate::case_review::{Complaint, Matter};
use crate::repeats::repeats;

/// Matters complained about more than once in the period, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RepeatCounts {
    pub complainants: u64,
    pub locations: u64,
    pub persons: u64,
}

/// The repeats of `period` among `complaints` that touch one of `organisations`.
pub fn repeat_counts(complaints: &[Complaint], period: &Period, organisations: &[OrganisationId]) -> RepeatCounts {
    let within: Vec<Complaint> = complaints.iter().filter(|c| period.contains_day(c.reported_on)).cloned().collect();
    let mut counts = RepeatCounts::default();
    for r in repeats(&within, period.first) {
        if !r.complaints.iter().any(|c| organisations.contains(&c.organisation)) {
            continue;
        }
        match r.matter {
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
}
