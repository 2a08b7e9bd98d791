//! An officer is reminded, once per contact period, when contact with a complainant falls due
//! within the next day. Runs on SQLite and PostgreSQL.
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::{Case, Channel, Flags, NewReport, Rules};
use asbcase_domain::category::Priority;
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::location::Location;
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, TenantId, UserId};
use asbcase_notify::remind_officers;
use asbcase_store::{Organisation, Tenant, User, both_backends};
use jiff::{SignedDuration, Timestamp};

both_backends!(an_officer_is_reminded_once_when_contact_falls_due, |db| async move {
    let store = &db.store;
    let now = Timestamp::now();
    let t = Tenant {
        id: TenantId::new(),
        name: "Ashford Vale CSP".into(),
        division: Division::EnglandAndWales,
        created_at: now,
    };
    store.create_tenant(&t).await.unwrap();
    let org = Organisation {
        tenant: t.id,
        id: OrganisationId::new(),
        name: "Ashford Vale District Council".into(),
        kind: OrganisationKind::Council,
    };
    store.create_organisation(&org).await.unwrap();
    let officer = User {
        tenant: t.id,
        id: UserId::new(),
        organisation: org.id,
        email: "priya.shah@ashfordvale.example".into(),
        name: "Priya Shah".into(),
        roles: vec![Role::CaseOfficer],
        patch: None,
        password_hash: "x".into(),
        active: true,
        created_at: now,
    };
    store.create_user(&officer).await.unwrap();
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    // High risk: first contact within 24 clock hours, so due within the next day.
    let report = NewReport {
        organisation: org.id,
        channel: Channel::Phone,
        description: "Threats on the stairs".into(),
        categories: vec!["verbal_abuse".into()],
        priority: Priority(2),
        risk_band: RiskBand::High,
        location: Location::default(),
        flags: Flags::default(),
        patch: None,
        reported_at: now - SignedDuration::from_hours(2),
        assessment: None,
        details: Default::default(),
    };
    let reference = store.next_reference(t.id, 2026).await.unwrap();
    let mut case = Case::report(t.id, reference, report, None, &rules).unwrap();
    case.record(Change::Triaged { note: "Threats".into() }, None, now, &rules).unwrap();
    case.record(Change::Opened, None, now, &rules).unwrap();
    case.record(Change::Assigned { officer: officer.id }, None, now, &rules).unwrap();
    store.save_case(&mut case).await.unwrap();

    assert_eq!(remind_officers(store, "https://asb.example.org", now).await.unwrap(), 1);
    assert_eq!(remind_officers(store, "https://asb.example.org", now).await.unwrap(), 0, "once per contact period");
    let messages = store.messages_of_case(t.id, case.id).await.unwrap();
    let m = &messages[0];
    assert_eq!((m.kind.as_str(), m.recipient.as_str()), ("contact_due", "priya.shah@ashfordvale.example"));
    assert!(m.subject.contains(case.reference.as_str()));
    assert!(m.body.contains(&format!("https://asb.example.org/cases/{}", case.reference)));

    // A successful contact restarts the clock: the next contact is 10 working days away.
    let mut case = store.case(t.id, case.id).await.unwrap().unwrap();
    let contact = Contact {
        method: ContactMethod::Phone,
        direction: Direction::Outgoing,
        outcome: ContactOutcome::Successful,
        with: ContactWith::Complainant,
        summary: "Spoke to them".into(),
        at: now + SignedDuration::from_mins(30),
    };
    case.record(Change::ContactRecorded { contact }, Some(officer.id), now + SignedDuration::from_mins(30), &rules)
        .unwrap();
    store.save_case(&mut case).await.unwrap();
    assert_eq!(remind_officers(store, "https://asb.example.org", now).await.unwrap(), 0, "not due for two weeks");
    let later = case.next_contact_due.unwrap() - SignedDuration::from_hours(3);
    assert_eq!(remind_officers(store, "https://asb.example.org", later).await.unwrap(), 1, "reminded again when due");
});
