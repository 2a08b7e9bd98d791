use super::*;
use crate::calendar::Division;
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::event::ChainWalker;
use crate::time::parse;

fn rules_parts() -> (ServiceStandards, Calendar) {
    (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales))
}

fn noise_report(at: &str) -> NewReport {
    NewReport {
        organisation: OrganisationId::new(),
        channel: Channel::Phone,
        description: "Loud music every night after midnight from the flat above".into(),
        categories: vec!["noise".into()],
        priority: Priority(3),
        risk_band: RiskBand::Standard,
        location: Location { address: "Flat 3, 12 Mill Street".into(), ..Location::default() },
        flags: Flags::default(),
        patch: Some("North".into()),
        reported_at: parse(at).unwrap(),
        assessment: None,
        details: Default::default(),
    }
}

fn contact(at: &str, outcome: ContactOutcome) -> Change {
    Change::ContactRecorded {
        contact: Contact {
            method: ContactMethod::Phone,
            direction: Direction::Outgoing,
            outcome,
            with: ContactWith::Complainant,
            summary: "Called about the noise".into(),
            at: parse(at).unwrap(),
        },
    }
}

#[test]
fn a_report_starts_a_case_whose_first_contact_is_due_by_the_service_standard() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-06T16:00:00Z"), None, &rules)
            .unwrap();
    assert_eq!(case.status, Status::Reported);
    assert_eq!(case.version, 1);
    assert_eq!(case.pending.len(), 1);
    assert_eq!(case.next_contact_due, Some(parse("2026-03-14T00:00:00Z").unwrap()));
}

#[test]
fn a_case_goes_reported_triaged_open_closed_and_can_be_reopened() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "Noise above".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    assert_eq!(case.opened_at, Some(at));
    case.record(
        Change::Closed { outcome: ClosureOutcome::Resolved, summary: "Agreed to keep it down".into() },
        None,
        at,
        &rules,
    )
    .unwrap();
    assert_eq!(case.status, Status::Closed);
    assert_eq!(case.next_contact_due, None);
    case.record(Change::Reopened { reason: "Started again".into() }, None, at, &rules).unwrap();
    assert_eq!(case.status, Status::Open);
    assert_eq!(case.outcome, None);
}

#[test]
fn illegal_transitions_are_refused_and_leave_the_case_untouched() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let before = case.clone();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let err = case.record(Change::Opened, None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "a reported case cannot be opened");
    let err = case
        .record(Change::Closed { outcome: ClosureOutcome::Resolved, summary: "x".into() }, None, at, &rules)
        .unwrap_err();
    assert_eq!(err.to_string(), "a reported case cannot be closed");
    assert_eq!(case, before);
}

#[test]
fn a_closed_case_takes_no_new_contacts_until_reopened() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    case.record(Change::Closed { outcome: ClosureOutcome::Resolved, summary: "done".into() }, None, at, &rules)
        .unwrap();
    let err = case.record(contact("2026-03-03T10:00:00Z", ContactOutcome::Successful), None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "a closed case cannot be changed while closed");
}

#[test]
fn only_successful_contact_with_the_complainant_resets_the_clock() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let first_due = case.next_contact_due;
    let at = parse("2026-03-03T10:00:00Z").unwrap();
    case.record(contact("2026-03-03T10:00:00Z", ContactOutcome::Attempted), None, at, &rules).unwrap();
    assert_eq!(case.next_contact_due, first_due, "an attempt does not count");
    case.record(contact("2026-03-04T10:00:00Z", ContactOutcome::Successful), None, at, &rules).unwrap();
    // Wed 4 March + 10 working days = Wed 18 March; due by midnight (GMT).
    assert_eq!(case.next_contact_due, Some(parse("2026-03-19T00:00:00Z").unwrap()));
    assert!(!case.contact_overdue(parse("2026-03-18T23:59:59Z").unwrap()));
    assert!(case.contact_overdue(parse("2026-03-19T00:00:00Z").unwrap()));
}

#[test]
fn events_form_a_hash_chain_that_shows_any_alteration() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "n".into() }, Some(UserId::new()), at, &rules).unwrap();
    case.record(Change::NoteAdded { text: "Spoke to neighbour".into() }, None, at, &rules).unwrap();
    let mut walker = ChainWalker::default();
    for e in &case.pending {
        walker.check(e).unwrap();
        assert!(!e.change().unwrap().title().is_empty());
    }
    let mut tampered = case.pending.clone();
    tampered[1].payload = serde_json::json!({"note": "edited"});
    let mut walker = ChainWalker::default();
    walker.check(&tampered[0]).unwrap();
    let brk = walker.check(&tampered[1]).unwrap_err();
    assert_eq!(brk.seq, 2);
    assert!(brk.problem.contains("altered"), "{}", brk.problem);
}

#[test]
fn an_unknown_person_complained_about_is_allowed_but_an_unknown_complainant_is_not() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let unknown = |role| Change::PartyAdded {
        party: Party {
            id: crate::ids::PartyId::new(),
            role,
            person: None,
            description: Some("two youths on bikes".into()),
        },
    };
    case.record(unknown(PartyRole::PersonComplainedAbout), None, at, &rules).unwrap();
    assert!(case.record(unknown(PartyRole::Complainant), None, at, &rules).is_err());
}

#[test]
fn a_further_report_joins_an_open_case_but_not_a_closed_one() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-03T10:00:00Z").unwrap();
    let further = || Change::FurtherReport {
        channel: Channel::Phone,
        description: "Again last night".into(),
        reported_at: at,
        assessment: None,
    };
    case.record(further(), None, at, &rules).unwrap();
    assert_eq!(case.version, 2);
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    case.record(Change::Closed { outcome: ClosureOutcome::Resolved, summary: "done".into() }, None, at, &rules)
        .unwrap();
    assert!(case.record(further(), None, at, &rules).is_err(), "after closure a report is a new case");
}
