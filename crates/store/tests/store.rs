//! The store's behaviour, told as stories; every test runs on SQLite and on PostgreSQL.
use asbcase_domain::case::{Case, Channel, ClosureOutcome, Flags, NewReport, Rules, Status};
use asbcase_domain::category::{Priority, default_catalogue, rank};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::Location;
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_domain::{PersonId, UserId};
use asbcase_store::{CaseFilter, Store, StoreError, User, both_backends};
use jiff::Timestamp;

mod common;
use common::{report, rules, world};

fn phone_call(at: &str) -> Change {
    Change::ContactRecorded {
        contact: Contact {
            method: ContactMethod::Phone,
            direction: Direction::Outgoing,
            outcome: ContactOutcome::Successful,
            with: ContactWith::Complainant,
            summary: "Agreed a diary for two weeks".into(),
            at: parse(at).unwrap(),
        },
    }
}

both_backends!(a_saved_case_reads_back_exactly_as_it_was_written, |db| async move {
    let w = world(&db.store).await;
    let mut case = report(&db.store, &w, "2026-03-02T09:15:30.5Z", RiskBand::Medium, &["noise", "verbal_abuse"]).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let person = Person {
        id: PersonId::new(),
        name: "Jordan Ellis".into(),
        address: None,
        phone: Some("07700 900123".into()),
        email: None,
    };
    db.store.create_person(w.tenant, &person, Timestamp::now()).await.unwrap();
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    case.record(
        Change::PartyAdded {
            party: Party {
                id: PartyId::new(),
                role: PartyRole::Complainant,
                person: Some(person.id),
                description: None,
            },
        },
        Some(w.officer),
        at,
        &rules,
    )
    .unwrap();
    case.record(
        Change::PartyAdded {
            party: Party {
                id: PartyId::new(),
                role: PartyRole::PersonComplainedAbout,
                person: None,
                description: Some("a man in his 30s".into()),
            },
        },
        Some(w.officer),
        at,
        &rules,
    )
    .unwrap();
    case.record(Change::Assigned { officer: w.officer }, Some(w.officer), at, &rules).unwrap();
    let later = parse("2026-03-03T11:30:00Z").unwrap();
    case.record(phone_call("2026-03-03T11:00:00Z"), Some(w.officer), later, &rules).unwrap();
    // The working parts travel with the case: an action of the plan, a warning, a cost.
    let action = asbcase_domain::casework::Action {
        id: uuid::Uuid::new_v4(),
        what: "Fit a door viewer".into(),
        owner: "Vale Homes repairs".into(),
        due: jiff::civil::date(2026, 3, 20),
        done_at: None,
    };
    case.record(Change::ActionAdded { action }, Some(w.officer), later, &rules).unwrap();
    let about = case.parties.iter().find(|p| p.role == PartyRole::PersonComplainedAbout).unwrap().id;
    let warning = asbcase_domain::intervention::Intervention {
        id: uuid::Uuid::new_v4(),
        kind: asbcase_domain::intervention::InterventionKind::FirstWarning,
        party: Some(about),
        on: jiff::civil::date(2026, 3, 3),
        ends: None,
        details: "Hand-delivered".into(),
        mediation: None,
        support: None,
        injunction: None,
        ground: None,
        breaches: vec![],
    };
    case.record(Change::InterventionRecorded { intervention: warning }, Some(w.officer), later, &rules).unwrap();
    let cost = Change::CostRecorded { minutes: 90, spend: 4_500, what: "Door viewer".into() };
    case.record(cost, Some(w.officer), later, &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();
    assert!(case.pending.is_empty());
    assert_eq!(case.casework.actions.len(), 1);
    assert_eq!(case.casework.interventions.len(), 1);

    let back = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(back, case);
    assert_eq!(back.categories, vec!["verbal_abuse".to_string(), "noise".to_string()]);
    assert_eq!(back.reported_at, parse("2026-03-02T09:15:30.5Z").unwrap());
    let by_ref = db.store.case_by_reference(w.tenant, &case.reference).await.unwrap().unwrap();
    assert_eq!(by_ref.id, case.id);
    assert_eq!(db.store.people(w.tenant, case.id).await.unwrap(), vec![person]);
    let contacts = db.store.contacts(w.tenant, case.id).await.unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].recorded_by, Some(w.officer));
    let events = db.store.events(w.tenant, case.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        vec![
            "reported",
            "party_added",
            "party_added",
            "assigned",
            "contact_recorded",
            "action_added",
            "intervention_recorded",
            "cost_recorded"
        ]
    );
});

both_backends!(another_tenant_cannot_read_the_case_even_with_its_id, |db| async move {
    let w = world(&db.store).await;
    let other = world(&db.store).await;
    let case = report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    assert!(db.store.case(other.tenant, case.id).await.unwrap().is_none());
    assert!(db.store.case_by_reference(other.tenant, &case.reference).await.unwrap().is_none());
    assert!(db.store.events(other.tenant, case.id).await.unwrap().is_empty());
});

both_backends!(references_count_up_per_tenant_and_year, |db| async move {
    let w = world(&db.store).await;
    let other = world(&db.store).await;
    let a = db.store.next_reference(w.tenant, 2026).await.unwrap();
    let b = db.store.next_reference(w.tenant, 2026).await.unwrap();
    let c = db.store.next_reference(other.tenant, 2026).await.unwrap();
    let d = db.store.next_reference(w.tenant, 2027).await.unwrap();
    assert_eq!(
        (a.as_str(), b.as_str(), c.as_str(), d.as_str()),
        ("ASB-2026-000001", "ASB-2026-000002", "ASB-2026-000001", "ASB-2027-000001")
    );
});

both_backends!(two_officers_changing_one_case_at_once_do_not_overwrite_each_other, |db| async move {
    let w = world(&db.store).await;
    let case = report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    let mut first = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    let mut second = first.clone();
    first.record(Change::NoteAdded { text: "first".into() }, None, at, &rules).unwrap();
    second.record(Change::NoteAdded { text: "second".into() }, None, at, &rules).unwrap();
    db.store.save_case(&mut first).await.unwrap();
    let err = db.store.save_case(&mut second).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err}");
    // The loser's event was not written; the chain is intact.
    assert_eq!(db.store.events(w.tenant, case.id).await.unwrap().len(), 2);
    assert!(db.store.verify().await.unwrap().is_ok());
});

both_backends!(many_writers_appending_at_once_get_one_gapless_chain, |db| async move {
    let w = world(&db.store).await;
    let case = report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let mut tasks = vec![];
    for writer in 0..4 {
        let store = db.store.clone();
        let (tenant, id) = (w.tenant, case.id);
        tasks.push(tokio::spawn(async move {
            let (s, c) = rules();
            let rules = Rules { standards: &s, calendar: &c };
            let mut written = 0;
            while written < 10 {
                let mut case = store.case(tenant, id).await.unwrap().unwrap();
                case.record(
                    Change::NoteAdded { text: format!("writer {writer} note {written}") },
                    None,
                    Timestamp::now(),
                    &rules,
                )
                .unwrap();
                match store.save_case(&mut case).await {
                    Ok(()) => written += 1,
                    Err(StoreError::Conflict) => continue,
                    Err(e) => panic!("{e}"),
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let events = db.store.events(w.tenant, case.id).await.unwrap();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=41).collect::<Vec<_>>());
    let report = db.store.verify().await.unwrap().unwrap();
    assert_eq!(report.events, 41);
});

both_backends!(the_event_log_refuses_updates_and_deletes, |db| async move {
    let w = world(&db.store).await;
    report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let update = "UPDATE case_events SET kind = 'edited'";
    let delete = "DELETE FROM case_events";
    for sql in [update, delete] {
        let err = match &db.store {
            Store::Sqlite(p) => sqlx::query(sql).execute(p).await.unwrap_err(),
            Store::Postgres(p) => sqlx::query(sql).execute(p).await.unwrap_err(),
        };
        assert!(err.to_string().contains("append-only"), "{err}");
    }
});

both_backends!(verify_finds_an_event_altered_behind_the_applications_back, |db| async move {
    let w = world(&db.store).await;
    let mut case = report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    case.record(
        Change::NoteAdded { text: "Visited, no noise heard".into() },
        None,
        parse("2026-03-03T09:00:00Z").unwrap(),
        &rules,
    )
    .unwrap();
    db.store.save_case(&mut case).await.unwrap();
    assert_eq!(db.store.verify().await.unwrap().unwrap().events, 2);

    let tamper = "UPDATE case_events SET payload = '{\"text\": \"Visited, loud music heard\"}' WHERE seq = 2";
    match &db.store {
        Store::Sqlite(p) => {
            sqlx::query("DROP TRIGGER case_events_no_update").execute(p).await.unwrap();
            sqlx::query(tamper).execute(p).await.unwrap();
        }
        Store::Postgres(p) => {
            sqlx::query("ALTER TABLE case_events DISABLE TRIGGER case_events_no_update").execute(p).await.unwrap();
            sqlx::query(tamper).execute(p).await.unwrap();
        }
    }
    let brk = db.store.verify().await.unwrap().unwrap_err();
    assert_eq!((brk.case_id, brk.seq), (case.id, 2));
    assert!(brk.problem.contains("altered"), "{}", brk.problem);
});

both_backends!(case_lists_filter_page_and_count_what_is_overdue, |db| async move {
    let w = world(&db.store).await;
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let mut high = report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::High, &["harassment"]).await;
    for i in 0..5 {
        report(&db.store, &w, &format!("2026-03-0{}T09:00:00Z", i + 3), RiskBand::Standard, &["noise"]).await;
    }
    let at = parse("2026-03-02T10:00:00Z").unwrap();
    high.record(Change::Triaged { note: "Threats made".into() }, Some(w.officer), at, &rules).unwrap();
    high.record(Change::Opened, Some(w.officer), at, &rules).unwrap();
    high.record(Change::Assigned { officer: w.officer }, Some(w.officer), at, &rules).unwrap();
    db.store.save_case(&mut high).await.unwrap();

    // 10 March: the high-risk case's 24 hours have passed; standard cases are within 5 days.
    let now = parse("2026-03-10T12:00:00Z").unwrap();
    let all = db
        .store
        .list_cases(
            w.tenant,
            &CaseFilter { organisation: Some(w.org), page: 1, per_page: 4, ..CaseFilter::default() },
            now,
        )
        .await
        .unwrap();
    assert_eq!(all.total, 6);
    assert_eq!(all.rows.len(), 4);
    assert_eq!(all.rows[0].reported_at, parse("2026-03-07T09:00:00Z").unwrap(), "newest first");
    let page2 = db
        .store
        .list_cases(
            w.tenant,
            &CaseFilter { organisation: Some(w.org), page: 2, per_page: 4, ..CaseFilter::default() },
            now,
        )
        .await
        .unwrap();
    assert_eq!(page2.rows.len(), 2);

    let mine = db
        .store
        .list_cases(
            w.tenant,
            &CaseFilter { officer: Some(w.officer), page: 1, per_page: 50, ..CaseFilter::default() },
            now,
        )
        .await
        .unwrap();
    assert_eq!(mine.rows.len(), 1);
    assert_eq!(mine.rows[0].officer_name.as_deref(), Some("Priya Shah"));
    assert!(mine.rows[0].overdue);
    assert!(mine.rows[0].hate_incident);
    let opened = db
        .store
        .list_cases(
            w.tenant,
            &CaseFilter { status: Some(Status::Open), page: 1, per_page: 50, ..CaseFilter::default() },
            now,
        )
        .await
        .unwrap();
    assert_eq!(opened.total, 1);
    let high_only = db
        .store
        .list_cases(
            w.tenant,
            &CaseFilter { risk: Some(RiskBand::High), page: 1, per_page: 50, ..CaseFilter::default() },
            now,
        )
        .await
        .unwrap();
    assert_eq!(high_only.total, 1);
    let overdue = db
        .store
        .list_cases(w.tenant, &CaseFilter { overdue_only: true, page: 1, per_page: 50, ..CaseFilter::default() }, now)
        .await
        .unwrap();
    assert_eq!(overdue.total, 1);

    let o = db.store.overview(w.tenant, w.org, now).await.unwrap();
    assert_eq!((o.reported, o.triaged, o.open, o.closed, o.overdue), (5, 0, 1, 0, 1));
    assert_eq!(o.by_risk.iter().find(|(b, _)| *b == RiskBand::High).unwrap().1, 1);
    assert_eq!(o.by_risk.iter().find(|(b, _)| *b == RiskBand::Standard).unwrap().1, 5);
    assert_eq!(o.by_officer[0].1, "Priya Shah");
    assert_eq!((o.by_officer[0].2, o.by_officer[0].3), (1, 1));

    high.record(
        Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "Moved away".into(),
            survey: false,
            open_actions_confirmed: false,
        },
        Some(w.officer),
        at,
        &rules,
    )
    .unwrap();
    db.store.save_case(&mut high).await.unwrap();
    let o = db.store.overview(w.tenant, w.org, now).await.unwrap();
    assert_eq!((o.open, o.closed, o.overdue), (0, 1, 0));
    let _ = Priority(1);
});

both_backends!(one_email_is_one_user_across_the_deployment, |db| async move {
    let w = world(&db.store).await;
    let u = db.store.user(w.tenant, w.officer).await.unwrap().unwrap();
    let found = db.store.user_by_email(&u.email.to_uppercase()).await.unwrap().unwrap();
    assert_eq!(found.id, u.id);
    let again = User { id: UserId::new(), ..u.clone() };
    let err = db.store.create_user(&again).await.unwrap_err();
    assert!(matches!(err, StoreError::Duplicate(_)), "{err}");
});

both_backends!(sign_in_failures_are_counted_until_cleared, |db| async move {
    let now = Timestamp::now();
    assert_eq!(db.store.record_login_failure("A@example.org", now).await.unwrap(), 1);
    assert_eq!(db.store.record_login_failure("a@example.org ", now).await.unwrap(), 2);
    assert_eq!(db.store.login_failures("a@example.org").await.unwrap().unwrap().0, 2);
    db.store.clear_login_failures("a@example.org").await.unwrap();
    assert!(db.store.login_failures("a@example.org").await.unwrap().is_none());
});

both_backends!(a_report_sent_twice_is_stored_once, |db| async move {
    use asbcase_store::SubmitOutcome;
    let w = world(&db.store).await;
    let token = "draft-token-hash";
    assert!(db.store.save_draft(token, w.tenant, &serde_json::json!({"step": 1}), Timestamp::now()).await.unwrap());
    let back = db.store.draft(token).await.unwrap().unwrap();
    assert_eq!(back.draft, serde_json::json!({"step": 1}));
    assert!(back.case_reference.is_none());

    // Two sends of the same draft at once: one case, one reference, whoever wins.
    let (s, c) = rules();
    let make = |reference| {
        let rules = Rules { standards: &s, calendar: &c };
        let (categories, priority) = rank(&["noise".to_string()], &default_catalogue()).unwrap();
        Case::report(
            w.tenant,
            reference,
            NewReport {
                organisation: w.org,
                channel: Channel::WebForm,
                description: "Dog barking all day".into(),
                categories,
                priority,
                risk_band: RiskBand::Standard,
                location: Location { address: "3 Elm Row".into(), ..Location::default() },
                flags: Flags::default(),
                patch: None,
                reported_at: Timestamp::now(),
                assessment: None,
                details: Default::default(),
            },
            None,
            &rules,
        )
        .unwrap()
    };
    let mut first = make(db.store.next_reference(w.tenant, 2026).await.unwrap());
    let mut second = make(db.store.next_reference(w.tenant, 2026).await.unwrap());
    let person = Person {
        id: PersonId::new(),
        name: "Ali Reza".into(),
        address: None,
        phone: None,
        email: Some("ali@example.org".into()),
    };
    let (a, b) = tokio::join!(
        db.store.submit_report(token, std::slice::from_ref(&person), &mut first, &[], None, Timestamp::now()),
        db.store.submit_report(token, &[], &mut second, &[], None, Timestamp::now()),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let sent: Vec<_> =
        outcomes.iter().filter_map(|o| if let SubmitOutcome::Sent(r) = o { Some(r.clone()) } else { None }).collect();
    let again: Vec<_> = outcomes
        .iter()
        .filter_map(|o| if let SubmitOutcome::AlreadySent(r) = o { Some(r.clone()) } else { None })
        .collect();
    assert_eq!(sent.len(), 1, "{outcomes:?}");
    assert_eq!(again, sent, "the second send is told the first one's reference");
    let listed = db
        .store
        .list_cases(w.tenant, &CaseFilter { page: 1, per_page: 50, ..CaseFilter::default() }, Timestamp::now())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    assert_eq!(db.store.draft(token).await.unwrap().unwrap().case_reference, Some(sent[0].clone()));
    // A sent draft is never changed again.
    assert!(!db.store.save_draft(token, w.tenant, &serde_json::json!({"step": 2}), Timestamp::now()).await.unwrap());
    assert_eq!(
        db.store
            .submit_report(
                "no-such-token",
                &[],
                &mut make(db.store.next_reference(w.tenant, 2026).await.unwrap()),
                &[],
                None,
                Timestamp::now()
            )
            .await
            .unwrap(),
        SubmitOutcome::NoDraft
    );
});
