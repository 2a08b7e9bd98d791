//! Finding matters whose complaints reach the threshold.
use super::*;

#[test]
fn three_reports_to_two_landlords_and_the_police_about_one_address_within_6_months_trigger() {
    let (landlord_a, landlord_b, police) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
    let complaints = vec![
        Complaint {
            location: Some(" 12 MILL street,  ab1 2cd".into()),
            ..at_mill_street(9, police, date(2026, 5, 20))
        },
        at_mill_street(1, landlord_a, date(2026, 1, 10)),
        at_mill_street(4, landlord_b, date(2026, 3, 2)),
    ];
    let found = detect(&complaints, &RuleBook::default(), date(2026, 6, 1));
    assert_eq!(found.len(), 1, "each complainant complained once, so only the address reaches the threshold");
    let d = &found[0];
    assert_eq!(d.matter, mill_street());
    assert_eq!(d.triggers, [Trigger::Threshold { count: 3, threshold: 3 }]);
    let dates: Vec<Date> = d.complaints.iter().map(|c| c.reported_on).collect();
    assert_eq!(dates, [date(2026, 1, 10), date(2026, 3, 2), date(2026, 5, 20)]);
    let mut orgs = vec![landlord_a, landlord_b, police];
    orgs.sort();
    assert_eq!(d.organisations, orgs);
    assert_eq!(d.triggers[0].describe(), "3 qualifying complaints (the threshold is 3)");
}

#[test]
fn the_same_three_reports_spread_over_8_months_do_not() {
    let org = OrganisationId::new();
    let complaints = vec![
        at_mill_street(1, org, date(2025, 10, 6)),
        at_mill_street(2, org, date(2026, 2, 2)),
        at_mill_street(3, org, date(2026, 6, 1)),
    ];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 6, 1)).is_empty());
    // Six months to the day still counts; a day more does not.
    let edge = vec![at_mill_street(1, org, date(2025, 12, 1)), complaints[1].clone(), complaints[2].clone()];
    assert_eq!(detect(&edge, &RuleBook::default(), date(2026, 6, 1)).len(), 1);
    assert!(detect(&edge, &RuleBook::default(), date(2026, 6, 2)).is_empty());
}

#[test]
fn complaints_made_too_long_after_the_behaviour_or_after_today_do_not_count() {
    let org = OrganisationId::new();
    let complaints = vec![
        at_mill_street(1, org, date(2026, 3, 2)),
        at_mill_street(2, org, date(2026, 4, 6)),
        Complaint { behaviour_on: Some(date(2026, 3, 1)), ..at_mill_street(3, org, date(2026, 4, 12)) },
        at_mill_street(4, org, date(2026, 5, 2)),
    ];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 5, 1)).is_empty());
    assert_eq!(detect(&complaints, &RuleBook::default(), date(2026, 5, 2))[0].complaints.len(), 3);
}

#[test]
fn a_hate_incident_triggers_under_the_hate_variant_and_not_without_it() {
    let org = OrganisationId::new();
    let person = PersonId::new();
    let hate = Complaint {
        hate_incident: true,
        persons_complained_about: vec![person],
        ..complaint(1, org, date(2026, 5, 1))
    };
    let complaints = [hate];
    let today = date(2026, 5, 4);
    assert!(detect(&complaints, &RuleBook::default(), today).is_empty());
    let book = RuleBook::new(vec![ReviewRules { hate_incident_triggers: true, ..STATUTORY }]).unwrap();
    let found = detect(&complaints, &book, today);
    let matters: Vec<&Matter> = found.iter().map(|d| &d.matter).collect();
    assert_eq!(
        matters,
        [&Matter::Complainant(complaints[0].complainant.unwrap()), &Matter::PersonComplainedAbout(person)]
    );
    assert!(found.iter().all(|d| d.triggers == [Trigger::HateIncident]));
}

#[test]
fn a_lower_number_set_by_the_area_from_1_april_applies_only_from_then() {
    let org = OrganisationId::new();
    let complaints = vec![at_mill_street(1, org, date(2026, 2, 9)), at_mill_street(2, org, date(2026, 3, 16))];
    let book =
        RuleBook::new(vec![ReviewRules { effective_from: date(2026, 4, 1), threshold: 2, ..STATUTORY }]).unwrap();
    assert_eq!(book.in_force(date(2026, 3, 31)), &STATUTORY);
    assert!(detect(&complaints, &book, date(2026, 3, 31)).is_empty());
    let found = detect(&complaints, &book, date(2026, 4, 1));
    assert_eq!(found[0].triggers, [Trigger::Threshold { count: 2, threshold: 2 }]);
}

#[test]
fn five_households_trigger_the_households_variant_but_four_and_a_repeat_do_not() {
    let org = OrganisationId::new();
    let book = RuleBook::new(vec![ReviewRules { different_households: Some(5), ..STATUTORY }]).unwrap();
    let from = |n: u64, household: &str, on: Date| Complaint {
        household: Some(household.into()),
        ..at_mill_street(n, org, on)
    };
    let mut complaints: Vec<Complaint> =
        (1..=4).map(|n| from(n, &format!("Flat {n}, 10 Mill Street"), date(2026, 4, n as i8))).collect();
    complaints.push(from(5, "flat 1,  10 mill street", date(2026, 4, 20)));
    let found = detect(&complaints, &book, date(2026, 5, 1));
    // Five complaints about one address already meet the law's threshold of 3; the variant
    // is not met, since only four households have complained.
    assert_eq!(found[0].triggers, [Trigger::Threshold { count: 5, threshold: 3 }]);

    complaints.push(from(6, "Flat 5, 10 Mill Street", date(2026, 4, 21)));
    let found = detect(&complaints, &book, date(2026, 5, 1));
    assert_eq!(
        found[0].triggers,
        [Trigger::Threshold { count: 6, threshold: 3 }, Trigger::DifferentHouseholds { households: 5, needed: 5 }]
    );
}

#[test]
fn one_complaint_counts_once_for_each_matter_it_concerns() {
    let org = OrganisationId::new();
    let (complainant, neighbour) = (PersonId::new(), PersonId::new());
    let one = |n: u64, on: Date| Complaint {
        complainant: Some(complainant),
        persons_complained_about: vec![neighbour, neighbour],
        ..at_mill_street(n, org, on)
    };
    let first = one(1, date(2026, 4, 1));
    // The same complaint given twice, and a second complaint naming the neighbour twice.
    let complaints = vec![first.clone(), first, one(2, date(2026, 4, 8))];
    assert!(detect(&complaints, &RuleBook::default(), date(2026, 5, 1)).is_empty(), "two complaints, not three");
    let complaints = [complaints, vec![one(3, date(2026, 4, 15))]].concat();
    let found = detect(&complaints, &RuleBook::default(), date(2026, 5, 1));
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|d| d.complaints.len() == 3));
}

#[test]
fn one_complainant_s_reports_to_three_organisations_about_different_places_trigger() {
    let complainant = PersonId::new();
    let complaints: Vec<Complaint> = (1..=3)
        .map(|n| Complaint {
            complainant: Some(complainant),
            location: Some(format!("{n} Mill Street")),
            ..complaint(n, OrganisationId::new(), date(2026, 2, n as i8))
        })
        .collect();
    let found = detect(&complaints, &RuleBook::default(), date(2026, 3, 1));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].matter, Matter::Complainant(complainant));
    assert_eq!(found[0].organisations.len(), 3);
}

#[test]
fn detections_come_strongest_first_then_by_matter() {
    let org = OrganisationId::new();
    let person = PersonId::new();
    let mut complaints: Vec<Complaint> = (1..=3).map(|n| at_mill_street(n, org, date(2026, 3, n as i8))).collect();
    complaints.extend((4..=7).map(|n| Complaint {
        location: Some("1 High Street".into()),
        persons_complained_about: vec![person],
        ..complaint(n, org, date(2026, 3, n as i8))
    }));
    let found = detect(&complaints, &RuleBook::default(), date(2026, 4, 1));
    let order: Vec<(&Matter, usize)> = found.iter().map(|d| (&d.matter, d.complaints.len())).collect();
    assert_eq!(
        order,
        [
            (&Matter::Location("1 HIGH STREET".into()), 4),
            (&Matter::PersonComplainedAbout(person), 4),
            (&mill_street(), 3)
        ]
    );
    let again: Vec<Complaint> = complaints.into_iter().rev().collect();
    assert_eq!(detect(&again, &RuleBook::default(), date(2026, 4, 1)), found, "input order does not matter");
}

#[test]
fn a_report_and_a_further_report_on_the_same_day_are_two_complaints() {
    let org = OrganisationId::new();
    let report = at_mill_street(1, org, date(2026, 4, 1));
    // A neighbour's report joined to the case at triage: the same case, the same day, its own event.
    let joined = Complaint { event: 4, complainant: Some(PersonId::new()), ..report.clone() };
    let third = at_mill_street(2, org, date(2026, 4, 20));
    let found = detect(&[report, joined, third], &RuleBook::default(), date(2026, 5, 1));
    assert_eq!(found.iter().find(|d| d.matter == mill_street()).map(|d| d.complaints.len()), Some(3));
}

#[test]
fn a_place_is_its_uprn_where_known_else_its_postcode_and_address() {
    let key = |uprn: Option<&str>, postcode: Option<&str>, address: &str| {
        location_key(uprn.map(String::from), postcode.map(String::from), address)
    };
    assert_eq!(key(Some("100023336956"), Some("AB1 2CD"), "12 Mill St"), Some("UPRN 100023336956".into()));
    assert_eq!(key(Some(" "), Some("AB1 2CD"), "12 Mill St"), Some("AB1 2CD 12 Mill St".into()));
    assert_eq!(key(None, None, "The alley behind the shops"), Some("The alley behind the shops".into()));
    assert_eq!(key(None, None, "  "), None);
}

#[test]
fn a_place_typed_two_ways_has_one_key_and_a_removed_address_has_none() {
    use crate::case_review::place_key;
    let alley = place_key(None, None, "The alley behind Mill Street shops");
    assert_eq!(alley, place_key(None, None, "  the ALLEY behind  Mill Street Shops "));
    assert_eq!(alley, "THE ALLEY BEHIND MILL STREET SHOPS");
    assert_eq!(place_key(Some(" 100023336956 "), Some("AB1 2CD"), "12 Mill St"), "UPRN 100023336956");
    assert_eq!(place_key(None, Some("AB1 2CD"), "12 mill st"), place_key(None, Some("AB1 2CD"), "12 Mill St"));
    assert_eq!(place_key(None, Some("AB1 2CD"), crate::privacy::REMOVED), "");
    assert_eq!(place_key(None, None, " "), "");
    // The key is what complaints are matched by.
    let complaint = at_mill_street(1, OrganisationId::new(), date(2026, 4, 1));
    let key = place_key(None, None, complaint.location.as_deref().unwrap());
    assert!(complaint.matters().contains(&Matter::Location(key)));
}
