//! Properties that hold for any dates.
use super::workflow::*;
use super::*;

pub(super) fn day(n: u16) -> Date {
    date(2026, 1, 1).checked_add(Span::new().days(i64::from(n))).unwrap()
}

prop_compose! {
    fn arb_complaint(people: Vec<PersonId>, orgs: Vec<OrganisationId>)(
        number in 1u64..1000,
        reported in 0u16..400,
        behaviour_before in proptest::option::of(0u16..60),
        complainant in proptest::option::of(0usize..3),
        location in proptest::option::of(0usize..3),
        about in proptest::collection::vec(0usize..3, 0..3),
        household in proptest::option::of(0usize..4),
        org in 0usize..3,
        hate in proptest::bool::weighted(0.1),
    ) -> Complaint {
        let reported_on = day(reported);
        Complaint {
            case: CaseId::new(),
            event: 1,
            reference: CaseReference::new(2026, number),
            organisation: orgs[org],
            reported_on,
            behaviour_on: behaviour_before.map(|b| reported_on.checked_sub(Span::new().days(i64::from(b))).unwrap()),
            complainant: complainant.map(|i| people[i]),
            household: household.map(|h| format!("{h} Mill Street")),
            location: location.map(|l| format!("{l} High Street")),
            persons_complained_about: about.into_iter().map(|i| people[i]).collect(),
            hate_incident: hate,
        }
    }
}

pub(super) fn arb_complaints() -> impl Strategy<Value = Vec<Complaint>> {
    let people: Vec<PersonId> = (0..3).map(|_| PersonId::new()).collect();
    let orgs: Vec<OrganisationId> = (0..3).map(|_| OrganisationId::new()).collect();
    proptest::collection::vec(arb_complaint(people, orgs), 0..25)
}

pub(super) fn concerns(c: &Complaint, matter: &Matter) -> bool {
    match matter {
        Matter::Complainant(p) => c.complainant == Some(*p),
        Matter::Location(l) => c.location.as_deref().and_then(normalise_key).as_ref() == Some(l),
        Matter::PersonComplainedAbout(p) => c.persons_complained_about.contains(p),
    }
}

prop_compose! {
    fn arb_review()(
        applied in 0u16..500,
        decided_after in proptest::option::of(0u16..30),
        met in any::<bool>(),
        meeting_after in proptest::option::of(0u16..30),
        recommendations in 0usize..3,
    ) -> CaseReview {
        let mut r = review(day(applied));
        r.acknowledged_on = Some(day(applied));
        if let Some(d) = decided_after {
            let on = day(applied + d);
            let decision = if met { Decision::Met } else { Decision::NotMet };
            r.decision = Some(ThresholdDecision { on, decision, reasons: "Reasons".into() });
            if let (true, Some(m)) = (met, meeting_after) {
                let on = day(applied + d + m);
                r.meeting = Some(Meeting { on, agencies: vec![OrganisationId::new()], applicant_attended: true, impact_statement: false });
                r.recommendations = (0..recommendations)
                    .map(|_| Recommendation { text: "Visit".into(), owner: OrganisationId::new(), due: on, done_on: None })
                    .collect();
            }
        }
        r
    }
}

proptest! {
    #[test]
    fn detection_counts_only_qualifying_complaints_in_time_and_finds_every_matter_at_the_threshold(
        complaints in arb_complaints(),
        today in 100u16..420,
        threshold in 1u32..=3,
        hate in any::<bool>(),
    ) {
        let rules = ReviewRules { threshold, hate_incident_triggers: hate, ..STATUTORY };
        let today = day(today);
        let found = detect(&complaints, &RuleBook::new(vec![rules.clone()]).unwrap(), today);
        let eligible: Vec<&Complaint> =
            complaints.iter().filter(|c| rules.in_time(c.reported_on, today) && qualifies(c, &rules)).collect();
        for d in &found {
            prop_assert!(!d.triggers.is_empty());
            for c in &d.complaints {
                prop_assert!(c.reported_on <= today && rules.in_time(c.reported_on, today) && qualifies(c, &rules));
                prop_assert!(concerns(c, &d.matter));
            }
            prop_assert_eq!(d.complaints.len(), eligible.iter().filter(|c| concerns(c, &d.matter)).count());
        }
        // Every person and location with enough eligible complaints is found.
        for c in &eligible {
            for m in c.complainant.map(Matter::Complainant).into_iter()
                .chain(c.persons_complained_about.iter().copied().map(Matter::PersonComplainedAbout))
            {
                let count = eligible.iter().filter(|e| concerns(e, &m)).count() as u32;
                if count >= threshold {
                    prop_assert!(found.iter().any(|d| d.matter == m), "{:?} has {} complaints", m, count);
                }
            }
        }
    }

    #[test]
    fn figures_for_two_periods_side_by_side_add_up_to_both_together(
        reviews in proptest::collection::vec(arb_review(), 0..20),
        from in 0u16..200,
        split in 0u16..200,
        len in 0u16..200,
    ) {
        let (from, mid, to) = (day(from), day(from + split.min(len)), day(from + len));
        let whole = figures(&reviews, from, to);
        let first = figures(&reviews, from, mid);
        let second = figures(&reviews, mid.tomorrow().unwrap(), to);
        prop_assert_eq!(whole.applications_received, first.applications_received + second.applications_received);
        prop_assert_eq!(whole.threshold_not_met, first.threshold_not_met + second.threshold_not_met);
        prop_assert_eq!(whole.reviews_carried_out, first.reviews_carried_out + second.reviews_carried_out);
        prop_assert_eq!(whole.with_recommendations, first.with_recommendations + second.with_recommendations);
        // So a longer period never shows fewer.
        prop_assert!(whole.applications_received >= first.applications_received);
        prop_assert!(whole.with_recommendations <= whole.reviews_carried_out);
    }
}
