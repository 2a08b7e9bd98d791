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

/// Closing as resolved, with no survey and no open actions to confirm.
fn resolved(summary: &str) -> Change {
    Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: summary.into(),
        survey: false,
        open_actions_confirmed: false,
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
    case.record(resolved("Agreed to keep it down"), None, at, &rules).unwrap();
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
    let err = case.record(resolved("x"), None, at, &rules).unwrap_err();
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
    case.record(resolved("done"), None, at, &rules).unwrap();
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
    let later = parse("2026-03-04T10:00:00Z").unwrap();
    let err = case.record(contact("2026-03-04T10:00:00Z", ContactOutcome::Successful), None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "the contact cannot be dated in the future", "recorded a day before it happened");
    case.record(contact("2026-03-04T10:00:00Z", ContactOutcome::Successful), None, later, &rules).unwrap();
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
        from: None,
    };
    case.record(further(), None, at, &rules).unwrap();
    assert_eq!(case.version, 2);
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    case.record(resolved("done"), None, at, &rules).unwrap();
    assert!(case.record(further(), None, at, &rules).is_err(), "after closure a report is a new case");
}

fn open_case(at: &str) -> (Case, ServiceStandards, Calendar) {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 9), noise_report(at), None, &rules).unwrap();
    let t = parse(at).unwrap();
    case.record(Change::Triaged { note: "Repeat noise".into() }, None, t, &rules).unwrap();
    case.record(Change::Opened, None, t, &rules).unwrap();
    (case, s, c)
}

#[test]
fn closing_with_actions_still_open_needs_the_officer_to_confirm() {
    let (mut case, s, c) = open_case("2026-03-02T09:00:00Z");
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-03-03T09:00:00Z").unwrap();
    let action = crate::casework::Action {
        id: uuid::Uuid::new_v4(),
        what: "Keep a diary for two weeks".into(),
        owner: "Complainant".into(),
        due: jiff::civil::date(2026, 3, 17),
        done_at: None,
    };
    let id = action.id;
    case.record(Change::ActionAdded { action }, None, at, &rules).unwrap();
    let close = |confirmed| Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Stopped".into(),
        survey: true,
        open_actions_confirmed: confirmed,
    };
    let err = case.record(close(false), None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "1 action of the plan is not done: confirm you want to close the case anyway");
    case.record(Change::ActionDone { id }, None, at, &rules).unwrap();
    assert!(case.record(Change::ActionDone { id }, None, at, &rules).is_err(), "done once");
    case.record(close(false), None, at, &rules).unwrap();
    assert_eq!(case.outcome, Some(ClosureOutcome::Resolved));
}

#[test]
fn only_an_officers_choice_of_outcome_closes_a_case() {
    let (mut case, s, c) = open_case("2026-03-02T09:00:00Z");
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-03-03T09:00:00Z").unwrap();
    let linked = Change::Closed {
        outcome: ClosureOutcome::Linked,
        summary: "x".into(),
        survey: false,
        open_actions_confirmed: false,
    };
    assert_eq!(case.record(linked, None, at, &rules).unwrap_err().to_string(), "choose how the case ended");
}

#[test]
fn at_triage_a_report_can_be_diverted_joined_to_a_case_or_referred_but_not_once_open() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let report = || {
        Case::report(TenantId::new(), CaseReference::new(2026, 2), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap()
    };
    let mut a = report();
    let route = crate::casework::Diversion::GoodNeighbour;
    a.record(Change::Diverted { route, note: "Everyday living noise".into() }, None, at, &rules).unwrap();
    assert_eq!((a.status, a.outcome, a.opened_at), (Status::Closed, Some(ClosureOutcome::Diverted), None));
    assert_eq!(a.next_contact_due, None);
    let err = a.record(Change::Reopened { reason: "Again".into() }, None, at, &rules).unwrap_err();
    assert!(err.to_string().contains("never became a case"), "{err}");

    let mut b = report();
    b.record(Change::Linked { into: CaseReference::new(2026, 1) }, None, at, &rules).unwrap();
    assert_eq!(b.outcome, Some(ClosureOutcome::Linked));

    let mut r = report();
    let landlord = OrganisationId::new();
    let own = r.organisation;
    assert!(r.record(Change::Referred { to: own, note: "x".into() }, None, at, &rules).is_err());
    r.record(Change::Referred { to: landlord, note: "Their tenancy".into() }, None, at, &rules).unwrap();
    assert_eq!((r.organisation, r.status), (landlord, Status::Reported));

    let (mut open, _, _) = open_case("2026-03-02T09:00:00Z");
    let err = open.record(Change::Diverted { route, note: "x".into() }, None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "an open case cannot be dealt with at triage");
}

#[test]
fn evidence_is_flagged_until_an_officer_reviews_it() {
    let (mut case, s, c) = open_case("2026-03-02T09:00:00Z");
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-03-03T09:00:00Z").unwrap();
    let entry = crate::evidence::DiaryEntry {
        date: jiff::civil::date(2026, 3, 2),
        time: None,
        what_happened: "Music until 3am".into(),
        how_it_affected: String::new(),
    };
    case.record(Change::DiaryEntryAdded { entry }, None, at, &rules).unwrap();
    let request = Change::CctvRequested {
        from: "Estate office".into(),
        place: "Camera 4, stairwell B".into(),
        period: "2 March, 10pm to 3am".into(),
    };
    case.record(request, None, at, &rules).unwrap();
    assert_eq!(case.casework.unreviewed(), 2);
    let seq = case.casework.evidence[0].seq;
    let officer = Some(UserId::new());
    case.record(Change::EvidenceReviewed { seq }, officer, at, &rules).unwrap();
    assert_eq!(case.casework.unreviewed(), 1);
    assert_eq!(case.casework.evidence[0].reviewed_by, officer);
    assert!(case.record(Change::EvidenceReviewed { seq }, officer, at, &rules).is_err());
    assert!(case.record(Change::EvidenceReviewed { seq: 999 }, officer, at, &rules).is_err());
}

#[test]
fn a_breach_is_refused_once_the_order_has_expired_and_costs_add_up() {
    let (mut case, s, c) = open_case("2026-03-02T09:00:00Z");
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-11-23T09:00:00Z").unwrap();
    let order = crate::intervention::Intervention {
        id: uuid::Uuid::new_v4(),
        kind: crate::intervention::InterventionKind::CivilInjunction,
        party: None,
        on: jiff::civil::date(2026, 4, 1),
        ends: Some(jiff::civil::date(2026, 10, 1)),
        details: String::new(),
        mediation: None,
        support: None,
        injunction: Some(crate::intervention::InjunctionTerms {
            persons_unknown: true,
            power_of_arrest: true,
            exclusion: true,
        }),
        ground: None,
        breaches: vec![],
    };
    let id = order.id;
    case.record(Change::InterventionRecorded { intervention: order }, None, at, &rules).unwrap();
    let breach = |on| Change::BreachRecorded {
        id,
        breach: crate::intervention::Breach { on, note: "Seen on the estate".into() },
    };
    case.record(breach(jiff::civil::date(2026, 9, 30)), None, at, &rules).unwrap();
    let err = case.record(breach(jiff::civil::date(2026, 10, 2)), None, at, &rules).unwrap_err();
    assert_eq!(err.to_string(), "The order had expired: it ended on 1 October 2026");
    assert_eq!(case.casework.interventions[0].breaches.len(), 1);
    case.record(Change::CostRecorded { minutes: 45, spend: 0, what: "Visit".into() }, None, at, &rules).unwrap();
    case.record(Change::CostRecorded { minutes: 0, spend: 12_000, what: "New lock".into() }, None, at, &rules).unwrap();
    assert!(case.record(Change::CostRecorded { minutes: 0, spend: 0, what: "x".into() }, None, at, &rules).is_err());
    assert_eq!((case.casework.costs.minutes, case.casework.costs.spend), (45, 12_000));
}

#[test]
fn a_complainant_answers_the_survey_once_and_only_when_invited() {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 9), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let answers = crate::survey::check("very_satisfied", "yes", "fairly_satisfied", "yes", "").unwrap();
    let answer = Change::SurveyAnswered { response: answers.clone() };
    case.record(Change::Triaged { note: "Noise".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    case.record(Change::ComplainantMessage { text: "It happened again".into(), call_back: true }, None, at, &rules)
        .unwrap();
    assert_eq!(case.casework.unreviewed(), 1, "a message waits for the officer like new evidence");
    assert!(case.record(answer.clone(), None, at, &rules).is_err(), "not while the case is open");
    let close = |survey| Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Quiet now".into(),
        survey,
        open_actions_confirmed: false,
    };
    case.record(close(false), None, at, &rules).unwrap();
    assert!(case.record(answer.clone(), None, at, &rules).is_err(), "not invited");
    case.record(Change::Reopened { reason: "Again".into() }, None, at, &rules).unwrap();
    case.record(close(true), None, at, &rules).unwrap();
    assert!(
        case.record(Change::ComplainantMessage { text: "Hello".into(), call_back: false }, None, at, &rules).is_err(),
        "a closed case takes no messages"
    );
    case.record(answer.clone(), None, at, &rules).unwrap();
    assert_eq!(case.casework.survey, Some(answers));
    assert!(case.record(answer, None, at, &rules).is_err(), "one response per case");
}

#[test]
fn a_case_is_shared_with_a_partner_which_can_be_changed_and_stopped_even_after_closing() {
    use crate::partnership::ShareScope;
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let police = OrganisationId::new();
    let own = case.organisation;
    let share = |organisation, scope, purpose: &str| Change::Shared { organisation, scope, purpose: purpose.into() };
    assert!(matches!(
        case.record(share(own, ShareScope::Full, "x"), None, at, &rules),
        Err(CaseError::Invalid(m)) if m.contains("partner organisation")
    ));
    assert!(matches!(
        case.record(share(police, ShareScope::Full, " "), None, at, &rules),
        Err(CaseError::Invalid(m)) if m.contains("why the case is shared")
    ));
    case.record(share(police, ShareScope::Summary, "Joint visit"), None, at, &rules).unwrap();
    assert!(case.record(share(police, ShareScope::Summary, "Joint visit"), None, at, &rules).is_err());
    case.record(share(police, ShareScope::Full, "Evidence for a CBO application"), None, at, &rules).unwrap();
    assert_eq!(case.casework.shares.len(), 1);
    assert_eq!(case.casework.share_with(police).unwrap().scope, ShareScope::Full);
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    case.record(resolved("Stopped"), None, at, &rules).unwrap();
    let stop = |reason: &str| Change::Unshared { organisation: police, reason: reason.into() };
    assert!(case.record(stop(""), None, at, &rules).is_err());
    case.record(stop("Prosecution finished"), None, at, &rules).unwrap();
    assert!(case.casework.share_with(police).is_none());
    assert!(matches!(
        case.record(stop("again"), None, at, &rules),
        Err(CaseError::Invalid(m)) if m.contains("not shared")
    ));
}

#[test]
fn a_referral_is_answered_once_and_its_outcome_can_arrive_after_the_case_closed() {
    use crate::partnership::{Answer, ReferralStatus, ReferralTo};
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case =
        Case::report(TenantId::new(), CaseReference::new(2026, 1), noise_report("2026-03-02T09:00:00Z"), None, &rules)
            .unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    case.record(Change::Triaged { note: "n".into() }, None, at, &rules).unwrap();
    case.record(Change::Opened, None, at, &rules).unwrap();
    let id = uuid::Uuid::new_v4();
    let social_care = OrganisationId::new();
    let to = ReferralTo::Organisation { id: social_care };
    let make = |party, reason: &str| Change::ReferralMade { id, to: to.clone(), party, reason: reason.into() };
    assert!(case.record(make(Some(crate::ids::PartyId::new()), "help"), None, at, &rules).is_err());
    assert!(case.record(make(None, " "), None, at, &rules).is_err());
    let own = ReferralTo::Organisation { id: case.organisation };
    assert!(
        case.record(Change::ReferralMade { id, to: own, party: None, reason: "x".into() }, None, at, &rules).is_err()
    );
    case.record(make(None, "Family needs support"), None, at, &rules).unwrap();
    assert!(case.record(make(None, "again"), None, at, &rules).is_err(), "the same referral twice");
    let complete = |outcome: &str| Change::ReferralCompleted { id, outcome: outcome.into() };
    assert!(case.record(complete("done"), None, at, &rules).is_err(), "not accepted yet");
    case.record(resolved("Stopped"), None, at, &rules).unwrap();
    assert!(case.record(make(None, "late"), None, at, &rules).is_err(), "no new referral on a closed case");
    let answer = |answer, note: &str| Change::ReferralAnswered { id, answer, note: note.into() };
    assert!(case.record(answer(Answer::Declined, ""), None, at, &rules).is_err());
    case.record(answer(Answer::Accepted, "Allocated to the family team"), None, at, &rules).unwrap();
    assert!(case.record(answer(Answer::Declined, "changed our mind"), None, at, &rules).is_err());
    case.record(complete("Family support plan agreed"), None, at, &rules).unwrap();
    let r = case.casework.referral(id).unwrap();
    assert_eq!(r.status, ReferralStatus::Completed);
    assert_eq!(r.outcome.as_deref(), Some("Family support plan agreed"));
    assert_eq!(r.answer.as_deref(), Some("Allocated to the family team"));
}
