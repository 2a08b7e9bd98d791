use super::*;
use crate::calendar::{Calendar, Division};
use crate::case::{Channel, ClosureOutcome, Flags, NewReport, Rules};
use crate::category::Priority;
use crate::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use crate::event::{ChainWalker, Event};
use crate::ids::{OrganisationId, TenantId, UserId};
use crate::location::Postcode;
use crate::reference::CaseReference;
use crate::risk::RiskBand;
use crate::standards::ServiceStandards;
use crate::time::parse;

fn person(name: &str, phone: Option<&str>, email: Option<&str>) -> Person {
    Person {
        id: PersonId::new(),
        name: name.into(),
        address: Some("12 Mill Street".into()),
        phone: phone.map(Into::into),
        email: email.map(Into::into),
    }
}

#[test]
fn a_persons_name_parts_phone_and_email_are_found_in_free_text_as_whole_words() {
    let s = Scrubber::new(&[person("Jane Smith", Some("07700 900123"), Some("jane@example.org"))]);
    assert_eq!(
        s.scrub("Spoke to JANE SMITH at 12 Mill Street; Mrs Smith gave 07700900123 and jane@example.org."),
        "Spoke to [removed] at [removed]; Mrs [removed] gave [removed] and [removed]."
    );
    // A phone number however it was written down.
    assert_eq!(
        s.scrub("Rang 077009 00123, then +44 (0)7700 900123, (07700) 900-123 and ref 12 07700900123; not 077009001234 nor 07700 900124; 07700 900123 12 times."),
        "Rang [removed], then [removed], [removed] and ref 12 [removed]; not 077009001234 nor 07700 900124; [removed] 12 times."
    );
    // Only whole words: a longer name that starts the same is someone else.
    assert_eq!(s.scrub("Mr Smithson called"), "Mr Smithson called");
    // Two letters are too short to be sure of.
    assert_eq!(Scrubber::new(&[person("Al Wu", None, None)]).scrub("Al said"), "Al said");
    assert!(Scrubber::new(&[]).is_empty());
}

#[test]
fn names_outside_ascii_are_found_whatever_their_case() {
    let s = Scrubber::new(&[person("Zoë Brontë", None, None)]);
    assert_eq!(s.scrub("Met ZOË BRONTË — İstanbul"), "Met [removed] — İstanbul");
    assert_eq!(s.scrub("Met Zoë Brontë today"), "Met [removed] today");
    // A letter whose lower case is longer (İ) before the name does not hide it.
    let t = Scrubber::new(&[person("İpek Yılmaz", None, None)]);
    assert_eq!(t.scrub("İİ İPEK Yılmaz called; Yılmaz too"), "İİ [removed] called; [removed] too");
}

fn rules_parts() -> (ServiceStandards, Calendar) {
    (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales))
}

fn report() -> NewReport {
    NewReport {
        organisation: OrganisationId::new(),
        channel: Channel::Phone,
        description: "SECRET music from Flat 3 every night".into(),
        categories: vec!["noise".into(), "hate".into()],
        priority: Priority(3),
        risk_band: RiskBand::High,
        location: Location {
            address: "SECRET Flat 3, 12 Mill Street".into(),
            postcode: Some(Postcode::parse("LS1 4AB").unwrap()),
            uprn: Some("100023336956".into()),
            ward: Some("Hunslet".into()),
            estate: Some("Mill Estate".into()),
            latitude: Some(53.795_123),
            longitude: Some(-1.548_987),
        },
        flags: Flags { crime_reference: Some("SECRET/1234/26".into()), ..Flags::default() },
        patch: Some("North".into()),
        reported_at: parse("2026-03-02T09:00:00Z").unwrap(),
        assessment: None,
        details: Default::default(),
    }
}

/// A case whose every event carries the word SECRET in its free text.
fn case_with_text() -> Case {
    let (s, c) = rules_parts();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case = Case::report(TenantId::new(), CaseReference::new(2026, 1), report(), None, &rules).unwrap();
    let officer = Some(UserId::new());
    let at = |t: &str| parse(t).unwrap();
    let changes = [
        Change::Triaged { note: "SECRET triage".into() },
        Change::Opened,
        Change::ContactRecorded {
            contact: Contact {
                method: ContactMethod::Phone,
                direction: Direction::Outgoing,
                outcome: ContactOutcome::Successful,
                with: ContactWith::Complainant,
                summary: "SECRET call".into(),
                at: at("2026-03-03T10:00:00Z"),
            },
        },
        Change::NoteAdded { text: "SECRET note".into() },
        Change::ComplainantMessage { text: "SECRET message".into(), call_back: true },
        Change::CostRecorded { minutes: 30, spend: 1200, what: "SECRET visit".into() },
        Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "SECRET summary".into(),
            survey: false,
            open_actions_confirmed: false,
        },
    ];
    for (i, ch) in changes.into_iter().enumerate() {
        case.record(ch, officer, at("2026-03-03T10:00:00Z") + jiff::SignedDuration::from_mins(i as i64), &rules)
            .unwrap();
    }
    case
}

#[test]
fn an_anonymised_case_keeps_its_facts_and_area_but_no_text_or_exact_place() {
    let case = case_with_text();
    let mut facts = crate::kpi::CaseFacts::new(case.organisation, case.reported_at, RiskBand::High);
    for e in &case.pending {
        let anon = e.change().unwrap().anonymised();
        let json = serde_json::to_string(&anon).unwrap();
        assert!(!json.contains("SECRET"), "{json}");
        assert!(!json.contains("100023336956"), "{json}");
        facts.record(&anon, e.at);
    }
    // The first contact's due time comes from the service standard when the case is reported.
    facts.first_contact_due = case.facts.first_contact_due;
    assert_eq!(facts, case.facts, "the KPIs count the same from anonymised events");

    let Change::Reported { location, categories, risk_band, .. } = case.pending[0].change().unwrap().anonymised()
    else {
        panic!("first event is the report")
    };
    assert_eq!(location.address, REMOVED);
    assert_eq!(location.postcode.unwrap().as_str(), "LS1 4AB");
    assert_eq!((location.ward.as_deref(), location.estate.as_deref()), (Some("Hunslet"), Some("Mill Estate")));
    assert_eq!((location.latitude, location.longitude), (Some(53.795), Some(-1.549)));
    assert_eq!((categories.len(), risk_band), (2, RiskBand::High));

    let mut projection = case.clone();
    projection.anonymise();
    assert_eq!(projection.description, REMOVED);
    assert_eq!(projection.flags.crime_reference.as_deref(), Some(REMOVED));
    assert_eq!(projection.location.uprn, None);
}

#[test]
fn a_redacted_event_still_verifies_but_any_other_change_does_not() {
    let case = case_with_text();
    let now = parse("2033-01-01T00:00:00Z").unwrap();
    let mut events: Vec<Event> = case.pending.clone();
    for e in &mut events {
        let anon = e.change().unwrap().anonymised();
        e.redact(&anon, now);
    }
    let mut walker = ChainWalker::default();
    for e in &events {
        walker.check(e).unwrap();
    }
    assert_eq!(walker.events_redacted, events.len() as u64);

    // Editing an event that was not redacted breaks the chain, as before.
    let mut edited = case.pending.clone();
    edited[3].payload = serde_json::json!({"text": "edited"});
    let mut walker = ChainWalker::default();
    let brk = edited.iter().find_map(|e| walker.check(e).err()).unwrap();
    assert_eq!(brk.seq, 4);

    // A "redaction" may not change what the event says beyond its text: an outcome, say.
    let mut recast = events.clone();
    let last = recast.len() - 1;
    recast[last].payload["outcome"] = serde_json::json!("no_further_action");
    let mut walker = ChainWalker::default();
    let brk = recast.iter().find_map(|e| walker.check(e).err()).expect("the changed outcome shows");
    assert_eq!(brk.seq, recast[last].seq);

    // So does passing off a redacted event as a different one.
    let mut forged = events.clone();
    forged[3].payload_digest = Some("0".repeat(64));
    let mut walker = ChainWalker::default();
    assert!(forged.iter().any(|e| walker.check(e).is_err()));
}

#[test]
fn erasing_a_person_removes_what_they_wrote_and_their_name_elsewhere() {
    let complainant = PersonId::new();
    let other = PersonId::new();
    let msg = Change::ComplainantMessage { text: "Jane here".into(), call_back: false };
    assert!(msg.written_by(complainant, Some(complainant)));
    assert!(!msg.written_by(other, Some(complainant)));
    let further = Change::FurtherReport {
        channel: Channel::Phone,
        description: "again".into(),
        reported_at: parse("2026-03-04T09:00:00Z").unwrap(),
        assessment: None,
        from: Some(other),
    };
    assert!(further.written_by(other, Some(complainant)));
    assert!(!further.written_by(complainant, Some(complainant)));

    let s = Scrubber::new(&[person("Jane Smith", None, None)]);
    let note = Change::NoteAdded { text: "Jane Smith says the music is worse".into() };
    assert_eq!(note.map_text(&|t| s.scrub(t)), Change::NoteAdded { text: "[removed] says the music is worse".into() });
}

#[test]
fn retention_periods_are_counted_back_from_now_in_london_and_nonsense_is_refused() {
    let r = Retention::default();
    assert_eq!((r.closed_cases_years, r.messages_months, r.drafts_days), (6, 24, 30));
    assert_eq!(r.drafts_before(parse("2026-12-04T12:00:00Z").unwrap()), parse("2026-11-04T12:00:00Z").unwrap());
    assert!(r.check().is_ok());
    let now = parse("2026-12-04T12:00:00Z").unwrap();
    assert_eq!(r.closed_before(now), parse("2020-12-04T12:00:00Z").unwrap());
    assert_eq!(r.sent_before(now), parse("2024-12-04T12:00:00Z").unwrap());
    // Summer time: the same wall-clock time in London, an hour apart in UTC.
    let summer = parse("2026-07-01T11:00:00Z").unwrap();
    assert_eq!(Retention { messages_months: 6, ..r }.sent_before(summer), parse("2026-01-01T12:00:00Z").unwrap());
    for bad in [Retention { closed_cases_years: 0, ..r }, Retention { closed_cases_years: 51, ..r }] {
        assert!(bad.check().unwrap_err().contains("between 1 and 50 years"));
    }
    assert!(Retention { messages_months: 0, ..r }.check().unwrap_err().contains("between 1 and 120 months"));
    assert!(Retention { drafts_days: 366, ..r }.check().unwrap_err().contains("between 1 and 365 days"));
}

#[test]
fn a_persons_case_review_applications_are_found_by_their_contact_details_or_name_on_their_case() {
    use crate::case_review::{Application, AppliedBy, CaseReview};
    use crate::privacy::{ApplicantDetails, ReviewOfPerson};
    use crate::reference::CaseReference;
    let on = jiff::civil::date(2026, 3, 2);
    let theirs = CaseReference::new(2026, 1);
    let review = |applied_by, cases: Vec<CaseReference>| {
        let application = Application {
            applied_by,
            consent_confirmed: applied_by == AppliedBy::ThirdParty,
            applied_on: on,
            matter: None,
            cases,
            account: "Noise most nights".into(),
        };
        CaseReview::apply(crate::TenantId::new(), application, on).unwrap()
    };
    let person = Person {
        id: PersonId::new(),
        name: "Ayesha  Khan".into(),
        address: None,
        phone: Some("07700 900123".into()),
        email: Some("Ayesha@example.org".into()),
    };
    let applicant = |name, email, phone| ApplicantDetails { name, email, phone };
    let mine = review(AppliedBy::Complainant, vec![theirs.clone()]);
    let other_case = review(AppliedBy::Complainant, vec![CaseReference::new(2026, 9)]);
    let cases = std::slice::from_ref(&theirs);
    // Their name with the same email, or the same phone however written: on any review. The
    // same email under another name may be someone else of the household.
    assert_eq!(
        other_case.of_person(applicant("Ayesha Khan", Some(" ayesha@EXAMPLE.org"), None), &person, cases),
        ReviewOfPerson::Applied
    );
    assert_eq!(
        other_case.of_person(applicant("ayesha khan", None, Some("+44 7700 900 123")), &person, cases),
        ReviewOfPerson::Applied
    );
    assert_eq!(
        other_case.of_person(applicant("Imran Khan", Some("ayesha@example.org"), None), &person, cases),
        ReviewOfPerson::Unrelated
    );
    // On a review of their own case, their email (or name) is enough.
    assert_eq!(mine.of_person(applicant("A Khan", None, Some("07700900123")), &person, cases), ReviewOfPerson::Applied);
    // The name alone only on a review of their own case, and not when someone else applied.
    assert_eq!(mine.of_person(applicant("ayesha khan", None, None), &person, cases), ReviewOfPerson::Applied);
    assert_eq!(other_case.of_person(applicant("Ayesha Khan", None, None), &person, cases), ReviewOfPerson::Unrelated);
    let for_them = review(AppliedBy::ThirdParty, vec![theirs.clone()]);
    assert_eq!(
        for_them.of_person(applicant("Ayesha Khan", Some("sam@example.org"), None), &person, cases),
        ReviewOfPerson::Concerns
    );
    // Someone else's application about their case; and empty details match nothing.
    assert_eq!(mine.of_person(applicant("Sam Lee", Some(""), Some("12")), &person, cases), ReviewOfPerson::Concerns);
    // A review whose matter is them (found by detection, before any case was named) concerns them.
    let mut detected = review(AppliedBy::Complainant, vec![]);
    detected.application.matter = Some(crate::case_review::Matter::Complainant(person.id));
    assert_eq!(detected.of_person(applicant("Sam Lee", None, None), &person, cases), ReviewOfPerson::Concerns);
    let nobody = Person { phone: Some("12".into()), email: Some("".into()), ..person.clone() };
    assert_eq!(
        other_case.of_person(applicant("Sam Lee", Some(""), Some("12")), &nobody, cases),
        ReviewOfPerson::Unrelated
    );
}
