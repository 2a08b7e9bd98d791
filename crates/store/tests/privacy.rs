//! Personal data under the UK GDPR, told as stories; every test runs on SQLite and PostgreSQL:
//! closed cases anonymised under retention, a person erased, and the event chain still
//! verifying afterwards with the KPI facts unchanged.
use asbcase_domain::PersonId;
use asbcase_domain::case::{Case, ClosureOutcome, Rules};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::privacy::{REMOVED, Retention};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::parse;
use asbcase_store::{Erasure, Store, both_backends};
use jiff::Timestamp;

mod common;
use common::{World, report, rules, world};

fn person(name: &str, phone: &str) -> Person {
    Person {
        id: PersonId::new(),
        name: name.into(),
        address: Some("4 Mill Street".into()),
        phone: Some(phone.into()),
        email: None,
    }
}

/// A noise case between two named neighbours: reported, a call with the complainant, a note
/// naming both, a message from the complainant, and (unless `open`) closed as resolved.
async fn neighbours_case(store: &Store, w: &World, complainant: &Person, other: &Person, open: bool) -> Case {
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    store.create_person(w.tenant, complainant, Timestamp::now()).await.unwrap();
    store.create_person(w.tenant, other, Timestamp::now()).await.unwrap();
    let mut case = report(store, w, "2019-03-04T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    let at = |t: &str| parse(t).unwrap();
    let party = |role, p: &Person| Change::PartyAdded {
        party: Party { id: PartyId::new(), role, person: Some(p.id), description: None },
    };
    let changes = vec![
        party(PartyRole::Complainant, complainant),
        party(PartyRole::PersonComplainedAbout, other),
        Change::PartyAdded {
            party: Party {
                id: PartyId::new(),
                role: PartyRole::PersonComplainedAbout,
                person: None,
                description: Some(format!("{}'s brother", complainant.name)),
            },
        },
        Change::Triaged { note: "Noise between neighbours".into() },
        Change::Opened,
        Change::ContactRecorded {
            contact: Contact {
                method: ContactMethod::Phone,
                direction: Direction::Outgoing,
                outcome: ContactOutcome::Successful,
                with: ContactWith::Complainant,
                summary: format!("Called {} on {}", complainant.name, complainant.phone.as_deref().unwrap()),
                at: at("2019-03-05T10:00:00Z"),
            },
        },
        Change::NoteAdded { text: format!("{} says {} plays music at 2am", complainant.name, other.name) },
        Change::ComplainantMessage { text: "It happened again last night".into(), call_back: true },
    ];
    for (i, ch) in changes.into_iter().enumerate() {
        case.record(
            ch,
            Some(w.officer),
            at("2019-03-05T10:00:00Z") + jiff::SignedDuration::from_mins(i as i64),
            &rules,
        )
        .unwrap();
    }
    if !open {
        let closed = Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: format!("Resolved after mediation with {}", other.name),
            survey: false,
            open_actions_confirmed: false,
        };
        case.record(closed, Some(w.officer), at("2019-06-28T15:00:00Z"), &rules).unwrap();
    }
    store.save_case(&mut case).await.unwrap();
    case
}

fn texts(events: &[asbcase_domain::event::Event]) -> String {
    events.iter().map(|e| e.payload.to_string()).collect::<Vec<_>>().join("\n")
}

both_backends!(retention_anonymises_closed_cases_once_due_and_a_dry_run_changes_nothing, |db| async move {
    let w = world(&db.store).await;
    let (jo, sam) = (person("Jo Adebayo", "07700 900111"), person("Sam Whitlock", "07700 900222"));
    let case = neighbours_case(&db.store, &w, &jo, &sam, false).await;
    let now = parse("2026-12-04T12:00:00Z").unwrap();

    // Six years by default: closed in June 2019, due from June 2025.
    let dry = db.store.apply_retention(w.tenant, now, None, true).await.unwrap();
    assert_eq!(dry.retention, Retention::default());
    assert_eq!(dry.cases, vec![(case.reference.clone(), parse("2019-06-28T15:00:00Z").unwrap())]);
    let untouched = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(untouched.description, case.description, "a dry run changes nothing");
    assert!(db.store.privacy_log(w.tenant, None, 10).await.unwrap().is_empty());

    // Kept for ten years instead, it is not due yet.
    db.store.set_retention(w.tenant, Retention { closed_cases_years: 10, ..Retention::default() }).await.unwrap();
    assert!(db.store.apply_retention(w.tenant, now, None, true).await.unwrap().cases.is_empty());
    db.store.set_retention(w.tenant, Retention::default()).await.unwrap();

    let before = Timestamp::now();
    let feed = |since| db.store.cases_changed(w.tenant, w.org, Some(since), None, 10, now);
    assert!(feed(before).await.unwrap().is_empty());
    let run = db.store.apply_retention(w.tenant, now, None, false).await.unwrap();
    assert_eq!(run.cases.len(), 1);
    let changed = feed(before).await.unwrap();
    assert_eq!(changed.len(), 1, "a partner's system syncing by last change sees the anonymised case again");
    assert_eq!(changed[0].0.address, REMOVED);
    assert_eq!(run.anonymised.people_erased, 2);
    assert!(run.anonymised.events_redacted >= 5, "{run:?}");

    let after = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(after.description, REMOVED);
    assert_eq!(after.location.address, REMOVED);
    assert_eq!(after.facts, case.facts, "what the KPIs count is unchanged");
    assert_eq!(
        (after.categories.clone(), after.outcome, after.closed_at),
        (case.categories.clone(), case.outcome, case.closed_at)
    );
    let events = db.store.events(w.tenant, case.id).await.unwrap();
    let all = texts(&events);
    for secret in ["Jo Adebayo", "Whitlock", "900111", "Orchard Court", "Shouting", "plays music", "happened again"] {
        assert!(!all.contains(secret), "{secret} still in {all}");
    }
    assert!(db.store.person(w.tenant, jo.id).await.unwrap().is_none(), "the complainant's record is erased");
    assert!(db.store.people(w.tenant, case.id).await.unwrap().iter().all(|p| p.name == REMOVED && p.phone.is_none()));
    let contacts = db.store.contacts(w.tenant, case.id).await.unwrap();
    assert!(contacts.iter().all(|c| c.contact.summary == REMOVED), "{contacts:?}");

    let verified = db.store.verify().await.unwrap().unwrap();
    assert_eq!(verified.redacted, run.anonymised.events_redacted, "the chain verifies with the redacted events");
    let log = db.store.privacy_log(w.tenant, None, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action.as_str(), log[0].subject.as_str()), ("case_anonymised", case.reference.as_str()));
    assert_eq!(db.store.privacy_log(w.tenant, Some(w.org), 10).await.unwrap(), log, "the case's organisation sees it");
    let elsewhere = db.store.privacy_log(w.tenant, Some(asbcase_domain::OrganisationId::new()), 10).await.unwrap();
    assert!(elsewhere.is_empty(), "another organisation does not: {elsewhere:?}");

    // Nothing more can be recorded on it, not even reopening it.
    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let mut after = after;
    let reopen = after.record(Change::Reopened { reason: "It started again".into() }, Some(w.officer), now, &rules);
    assert!(reopen.unwrap_err().to_string().contains("anonymised under the retention rules"));

    // Nothing more is due.
    let again = db.store.apply_retention(w.tenant, now, None, false).await.unwrap();
    assert!(again.cases.is_empty());
});

both_backends!(a_person_is_erased_once_their_cases_close_and_everyone_else_stays, |db| async move {
    let w = world(&db.store).await;
    let (jo, sam) = (person("Jo Adebayo", "07700 900111"), person("Sam Whitlock", "07700 900222"));
    let open = neighbours_case(&db.store, &w, &jo, &sam, true).await;
    let at = parse("2026-12-04T12:00:00Z").unwrap();

    let refused = db.store.erase_person(w.tenant, jo.id, "Asked by email", Some(w.officer), at).await.unwrap();
    assert_eq!(refused, Erasure::CasesOpen(vec![open.reference.clone()]));
    assert!(db.store.person(w.tenant, jo.id).await.unwrap().is_some(), "nothing erased while a case is open");

    let (s, c) = rules();
    let rules = Rules { standards: &s, calendar: &c };
    let mut case = open;
    let closed = Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Resolved".into(),
        survey: false,
        open_actions_confirmed: false,
    };
    case.record(closed, Some(w.officer), parse("2026-11-30T10:00:00Z").unwrap(), &rules).unwrap();
    db.store.save_case(&mut case).await.unwrap();

    let before = Timestamp::now();
    let feed = |since| db.store.cases_changed(w.tenant, w.org, Some(since), None, 10, at);
    assert!(feed(before).await.unwrap().is_empty());
    let erased = db.store.erase_person(w.tenant, jo.id, "Asked by email", Some(w.officer), at).await.unwrap();
    assert_eq!(feed(before).await.unwrap().len(), 1, "a partner's system syncing by last change sees the erasure");
    assert!(
        matches!(erased, Erasure::Erased { cases: 1, events_redacted: 4, reviews: 0, files_deleted: 0 }),
        "{erased:?}"
    );
    assert!(db.store.person(w.tenant, jo.id).await.unwrap().is_none());
    assert_eq!(db.store.person(w.tenant, sam.id).await.unwrap().unwrap().name, "Sam Whitlock", "the other party stays");

    let events = db.store.events(w.tenant, case.id).await.unwrap();
    let all = texts(&events);
    assert!(!all.contains("Adebayo") && !all.contains("900111") && !all.contains("happened again"), "{all}");
    assert!(all.contains("[removed] says Sam Whitlock plays music at 2am"), "{all}");
    let after = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
    assert_eq!(after.facts, case.facts, "what the KPIs count is unchanged");
    assert_eq!(after.description, case.description, "the report's text names neither of them, so it stays");
    let contacts = db.store.contacts(w.tenant, case.id).await.unwrap();
    assert_eq!(contacts[0].contact.summary, "Called [removed] on [removed]");

    let verified = db.store.verify().await.unwrap().unwrap();
    assert_eq!(verified.redacted, 4);
    let unknown = after.parties.iter().find(|p| p.person.is_none()).unwrap();
    assert_eq!(unknown.description.as_deref(), Some("[removed]'s brother"));
    let log = db.store.privacy_log(w.tenant, None, 10).await.unwrap();
    assert_eq!(log[0].action, "person_erased");
    assert!(log[0].detail.contains("Asked by email"));
    assert_eq!(
        db.store.erase_person(w.tenant, jo.id, "again", None, at).await.unwrap(),
        Erasure::NotFound,
        "an erased person cannot be found again"
    );
});

both_backends!(the_event_log_takes_a_redaction_but_no_other_change, |db| async move {
    let w = world(&db.store).await;
    report(&db.store, &w, "2026-03-02T09:00:00Z", RiskBand::Standard, &["noise"]).await;
    for sql in [
        // A payload changed without saying it was redacted.
        "UPDATE case_events SET payload = '{}'",
        // A "redaction" that also rewrites the hash.
        "UPDATE case_events SET redacted_at = occurred_at, hash = 'x'",
    ] {
        let err = match &db.store {
            Store::Sqlite(p) => sqlx::query(sql).execute(p).await.unwrap_err(),
            Store::Postgres(p) => sqlx::query(sql).execute(p).await.unwrap_err(),
        };
        assert!(err.to_string().contains("append-only"), "{err}");
    }
});

both_backends!(reports_never_sent_are_deleted_with_their_files_thirty_days_after_they_last_changed, |db| async move {
    let w = world(&db.store).await;
    let (old, recent) = (parse("2026-10-01T09:00:00Z").unwrap(), parse("2026-11-30T09:00:00Z").unwrap());
    let now = parse("2026-12-04T12:00:00Z").unwrap();
    let draft = serde_json::json!({"description": "The man at number 4 shouts at my children"});
    db.store.save_draft("old-draft", w.tenant, &draft, old).await.unwrap();
    db.store.save_draft("recent-draft", w.tenant, &draft, recent).await.unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    for token in ["old-draft", "recent-draft"] {
        let photo = asbcase_domain::evidence::EvidenceFile::from_upload("stairwell.png", &png).unwrap();
        db.store.store_draft_file(w.tenant, token, &photo, &png, old).await.unwrap();
    }
    let files = || async {
        let sql = "SELECT draft_token FROM evidence WHERE tenant_id = $1 ORDER BY draft_token";
        let found: Vec<String> = match &db.store {
            Store::Sqlite(p) => sqlx::query_scalar(sql).bind(w.tenant.0).fetch_all(p).await.unwrap(),
            Store::Postgres(p) => sqlx::query_scalar(sql).bind(w.tenant.0).fetch_all(p).await.unwrap(),
        };
        found
    };

    let dry = db.store.apply_retention(w.tenant, now, None, true).await.unwrap();
    assert_eq!(dry.drafts, 1);
    assert!(db.store.draft("old-draft").await.unwrap().is_some(), "a dry run deletes nothing");

    let run = db.store.apply_retention(w.tenant, now, None, false).await.unwrap();
    assert_eq!(run.drafts, 1);
    assert!(db.store.draft("old-draft").await.unwrap().is_none());
    assert!(db.store.draft("recent-draft").await.unwrap().is_some(), "changed four days ago: kept");
    assert_eq!(files().await, vec!["recent-draft".to_string()], "the old report's photo went with it");
    let log = db.store.privacy_log(w.tenant, None, 10).await.unwrap();
    assert_eq!(log[0].action, "drafts_removed");
});

both_backends!(
    a_finished_case_review_loses_its_applicant_and_words_once_due_and_an_ongoing_one_never,
    |db| async move {
        use asbcase_domain::case_review::{Application, AppliedBy, CaseReview, Decision, Matter, ReviewStep};
        use asbcase_store::{Applicant, StoredReview};
        let w = world(&db.store).await;
        let d = |y, m, day| jiff::civil::date(y, m, day);
        let now = parse("2026-12-04T12:00:00Z").unwrap();
        let mut made = vec![];
        for finished in [true, false] {
            let application = Application {
                applied_by: AppliedBy::Complainant,
                consent_confirmed: false,
                applied_on: d(2018, 1, 10),
                matter: Some(Matter::Location("14 orchard court av1 4qt".into())),
                cases: vec![],
                account: "Jo Adebayo: noise from number 4 for a year".into(),
            };
            let mut review = CaseReview::apply(w.tenant, application, d(2018, 1, 10)).unwrap();
            let mut steps = vec![ReviewStep::Acknowledged { on: d(2018, 1, 11) }];
            if finished {
                steps.push(ReviewStep::ThresholdDecided {
                    on: d(2018, 1, 20),
                    decision: Decision::NotMet,
                    reasons: "Two complaints from Jo Adebayo in the period".into(),
                });
                steps.push(ReviewStep::OutcomeSent { on: d(2018, 1, 22), summary: "Dear Jo Adebayo, …".into() });
            }
            for s in &steps {
                review.record(s.clone(), d(2018, 2, 1)).unwrap();
            }
            let reference = db.store.next_review_reference(w.tenant, 2018).await.unwrap();
            let applicant =
                Applicant { name: "Jo Adebayo".into(), email: Some("jo@example.org".into()), ..Default::default() };
            let stored = StoredReview {
                review,
                reference: reference.clone(),
                organisation: w.org,
                applicant,
                version: 0,
                created_at: now,
                updated_at: now,
            };
            db.store.create_review(&stored, &steps, &[]).await.unwrap();
            made.push(reference);
        }

        let dry = db.store.apply_retention(w.tenant, now, None, true).await.unwrap();
        assert_eq!(dry.reviews, vec![made[0].clone()], "only the finished review is due");
        let run = db.store.apply_retention(w.tenant, now, None, false).await.unwrap();
        assert_eq!(run.reviews, vec![made[0].clone()]);
        assert!(run.failed.is_empty(), "{:?}", run.failed);

        let back = db.store.case_review(w.tenant, &made[0]).await.unwrap().unwrap();
        assert_eq!((back.applicant.name.as_str(), back.applicant.email.as_deref()), (REMOVED, None));
        let json = serde_json::to_string(&back.review).unwrap();
        assert!(!json.contains("Adebayo") && !json.contains("orchard"), "{json}");
        assert_eq!(
            back.review.decision.as_ref().unwrap().decision,
            Decision::NotMet,
            "the decision stays for the figures"
        );
        assert_eq!(back.review.finished_on(), Some(d(2018, 1, 22)));
        let steps = db.store.review_steps(w.tenant, back.review.id.0).await.unwrap();
        assert_eq!(steps.len(), 3);
        assert!(steps.iter().all(|(s, _, _)| !serde_json::to_string(s).unwrap().contains("Adebayo")));
        let ongoing = db.store.case_review(w.tenant, &made[1]).await.unwrap().unwrap();
        assert_eq!(ongoing.applicant.name, "Jo Adebayo", "a review still going on keeps everything");
        assert!(
            db.store.privacy_log(w.tenant, None, 10).await.unwrap().iter().any(|e| e.action == "review_anonymised")
        );
        assert!(db.store.apply_retention(w.tenant, now, None, true).await.unwrap().reviews.is_empty());
    }
);

both_backends!(people_are_found_by_name_or_by_phone_however_it_was_typed, |db| async move {
    let w = world(&db.store).await;
    let (jo, sam) = (person("Jo Adebayo", "+44 7700 900111"), person("Sam Whitlock", "07700 900214"));
    neighbours_case(&db.store, &w, &jo, &sam, true).await;
    let find = |term: &'static str| {
        let store = db.store.clone();
        async move {
            let found = store.find_people(w.tenant, w.org, term, 10).await.unwrap();
            found.into_iter().map(|p| p.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(find("ADEBAYO").await, ["Jo Adebayo"]);
    assert_eq!(find("07700900111").await, ["Jo Adebayo"], "stored with +44");
    assert_eq!(find("07700 900 214").await, ["Sam Whitlock"]);
    assert_eq!(find("0214").await, Vec::<String>::new(), "four digits are not a phone number");
    let (zofia, other) = (person("Zofia Łukasiewicz", "07700 900333"), person("Siân Ó Briain", "07700 900444"));
    neighbours_case(&db.store, &w, &zofia, &other, true).await;
    assert_eq!(find("łukasiewicz").await, ["Zofia Łukasiewicz"], "any script, whatever its case, on both databases");
    assert_eq!(find("SIÂN Ó").await, ["Siân Ó Briain"]);
    assert_eq!(find("jo ad").await, ["Jo Adebayo"]);
    let literal = find("Jo\\%").await;
    assert!(literal.is_empty(), "wildcards and escapes are plain characters, alike on both databases: {literal:?}");
});

/// A case review as stored: applied for by `applicant` about `cases`, its threshold not met,
/// and (when `finished`) its outcome sent.
async fn review_of(
    store: &Store,
    w: &World,
    applicant: asbcase_store::Applicant,
    applied_by: asbcase_domain::case_review::AppliedBy,
    cases: Vec<asbcase_domain::reference::CaseReference>,
    account: &str,
    finished: bool,
) -> String {
    use asbcase_domain::case_review::{Application, CaseReview, Decision, ReviewStep};
    let d = |m, day| jiff::civil::date(2026, m, day);
    let application = Application {
        applied_by,
        consent_confirmed: applied_by == asbcase_domain::case_review::AppliedBy::ThirdParty,
        applied_on: d(7, 1),
        matter: None,
        cases,
        account: account.into(),
    };
    let mut review = CaseReview::apply(w.tenant, application, d(7, 1)).unwrap();
    let mut steps = vec![
        ReviewStep::Acknowledged { on: d(7, 2) },
        ReviewStep::ThresholdDecided {
            on: d(7, 10),
            decision: Decision::NotMet,
            reasons: format!("One complaint in the period. {account}"),
        },
    ];
    if finished {
        steps.push(ReviewStep::OutcomeSent { on: d(7, 14), summary: format!("Dear {}, …", applicant.name) });
    }
    for s in &steps {
        review.record(s.clone(), d(8, 1)).unwrap();
    }
    let reference = store.next_review_reference(w.tenant, 2026).await.unwrap();
    let now = Timestamp::now();
    // The acknowledgement went by text to the phone the application gave.
    let messages: Vec<asbcase_store::OutboxMessage> = applicant
        .phone
        .iter()
        .map(|phone| asbcase_store::OutboxMessage {
            tenant: w.tenant,
            id: uuid::Uuid::now_v7(),
            case: None,
            kind: "review_acknowledgement".into(),
            medium: asbcase_domain::message::Medium::Sms,
            recipient: phone.clone(),
            subject: String::new(),
            body: format!("Dear {}, we have your application", applicant.name),
            status: "sent".into(),
            attempts: 1,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: Some(now),
            organisation: Some(w.org),
            provider_ref: None,
            delivery_status: None,
            link: None,
            link_id: None,
        })
        .collect();
    let stored = asbcase_store::StoredReview {
        review,
        reference: reference.clone(),
        organisation: w.org,
        applicant,
        version: 0,
        created_at: now,
        updated_at: now,
    };
    store.create_review(&stored, &steps, &messages).await.unwrap();
    reference
}

both_backends!(
    erasing_a_complainant_takes_their_case_review_application_and_the_files_they_gave_and_their_name_from_other_reviews,
    |db| async move {
        use asbcase_domain::case_review::{AppliedBy, ReviewStep};
        use asbcase_domain::evidence::EvidenceFile;
        use asbcase_store::{Applicant, ReviewChange};
        let w = world(&db.store).await;
        let (jo, sam) = (person("Jo Adebayo", "07700 900111"), person("Sam Whitlock", "07700 900222"));
        let mut case = neighbours_case(&db.store, &w, &jo, &sam, true).await;
        let at = parse("2026-12-04T12:00:00Z").unwrap();
        let (s, c) = rules();
        let rules = Rules { standards: &s, calendar: &c };

        // Jo's photo came with the report (no member of staff added it); the officer's own
        // photo of the scene was added by them.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        let mut files = vec![];
        for (name, by) in [("jo adebayo garden.png", None), ("scene.png", Some(w.officer))] {
            let file = EvidenceFile::from_upload(name, png).unwrap();
            case.record(
                Change::EvidenceAdded { file: file.clone() },
                by,
                parse("2019-06-01T10:00:00Z").unwrap(),
                &rules,
            )
            .unwrap();
            db.store.save_case_with_file(&mut case, &file, png, at).await.unwrap();
            files.push(file.id);
        }
        let closed = Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "Resolved".into(),
            survey: false,
            open_actions_confirmed: false,
        };
        case.record(closed, Some(w.officer), parse("2026-11-30T10:00:00Z").unwrap(), &rules).unwrap();
        db.store.save_case(&mut case).await.unwrap();

        // Jo applied for a review of the case (recorded with a differently written phone);
        // a neighbour applied for one on Jo's behalf; a review of another matter goes on.
        let jo_applied = Applicant {
            name: "Jo Adebayo".into(),
            phone: Some("+44 7700 900 111".into()),
            address: Some("4 Mill Street".into()),
            ..Default::default()
        };
        let own = review_of(
            &db.store,
            &w,
            jo_applied,
            AppliedBy::Complainant,
            vec![],
            "Music from next door every night",
            true,
        )
        .await;
        let neighbour = Applicant {
            name: "Priya Shah".into(),
            email: Some("priya@example.org".into()),
            on_behalf_of: Some("Jo Adebayo's neighbour".into()),
            ..Default::default()
        };
        let for_jo = review_of(
            &db.store,
            &w,
            neighbour,
            AppliedBy::ThirdParty,
            vec![case.reference.clone()],
            "Jo Adebayo (07700 900111) cannot sleep",
            false,
        )
        .await;
        let other = Applicant { name: "Lee Carter".into(), ..Default::default() };
        let unrelated = review_of(&db.store, &w, other, AppliedBy::Complainant, vec![], "Bins left out", false).await;

        // A review of Jo's case still going on stops the erasure, and nothing is changed.
        let refused = db.store.erase_person(w.tenant, jo.id, "Asked by letter", None, at).await.unwrap();
        assert_eq!(refused, Erasure::ReviewsOpen(vec![(for_jo.clone(), w.org)]));
        assert!(db.store.person(w.tenant, jo.id).await.unwrap().is_some());

        let going_on = db.store.case_review(w.tenant, &for_jo).await.unwrap().unwrap();
        let sent = [ReviewStep::OutcomeSent { on: jiff::civil::date(2026, 7, 20), summary: "Dear Priya Shah".into() }];
        let change = ReviewChange { steps: &sent, actor: None, at, messages: &[], new_link: None, spend_link: None };
        let mut outcome = going_on.clone();
        outcome.review.record(sent[0].clone(), jiff::civil::date(2026, 8, 1)).unwrap();
        db.store.save_review_steps(&outcome, &change).await.unwrap();

        let erased = db.store.erase_person(w.tenant, jo.id, "Asked by letter", None, at).await.unwrap();
        assert!(matches!(erased, Erasure::Erased { cases: 1, reviews: 2, files_deleted: 1, .. }), "{erased:?}");

        // Their own application goes whole: applicant, account and every step's words.
        let back = db.store.case_review(w.tenant, &own).await.unwrap().unwrap();
        assert_eq!((back.applicant.name.as_str(), back.applicant.phone.as_deref()), (REMOVED, None));
        assert_eq!(back.applicant.address, None);
        assert_eq!(back.review.application.account, REMOVED);
        let steps = db.store.review_steps(w.tenant, back.review.id.0).await.unwrap();
        assert!(steps.iter().all(|(s, _, _)| !serde_json::to_string(s).unwrap().contains("Adebayo")));

        // The neighbour's stays theirs, with Jo's name and number taken out of it.
        let theirs = db.store.case_review(w.tenant, &for_jo).await.unwrap().unwrap();
        assert_eq!(theirs.applicant.name, "Priya Shah");
        assert_eq!(theirs.applicant.on_behalf_of.as_deref(), Some("[removed]'s neighbour"));
        assert_eq!(theirs.review.application.account, "[removed] ([removed]) cannot sleep");
        assert_eq!(theirs.review.finished_on(), Some(jiff::civil::date(2026, 7, 20)), "its steps stay");
        let steps = db.store.review_steps(w.tenant, theirs.review.id.0).await.unwrap();
        let words: String = steps.iter().map(|(s, _, _)| serde_json::to_string(s).unwrap()).collect();
        assert!(!words.contains("Adebayo") && words.contains("Dear Priya Shah"), "{words}");
        assert!(theirs.version > going_on.version + 1, "an edit begun before cannot write the old words back");

        // The other review is untouched.
        let untouched = db.store.case_review(w.tenant, &unrelated).await.unwrap().unwrap();
        assert_eq!(untouched.applicant.name, "Lee Carter");
        assert_eq!(untouched.review.application.account, "Bins left out");

        // The photo Jo gave is deleted, and its name gone from the record; the officer's stays.
        assert_eq!(db.store.evidence_files_held(w.tenant, case.id).await.unwrap(), vec![files[1]]);
        assert!(db.store.evidence_content(w.tenant, case.id, files[0]).await.unwrap().is_none());
        let all = texts(&db.store.events(w.tenant, case.id).await.unwrap());
        assert!(!all.contains("garden.png") && all.contains("scene.png"), "{all}");
        assert!(db.store.verify().await.unwrap().is_ok(), "every chain still verifies");
        let log = db.store.privacy_log(w.tenant, None, 10).await.unwrap();
        assert!(log[0].detail.contains("2 case reviews, 1 files deleted"), "{}", log[0].detail);

        // The text acknowledging Jo's application lost its wording and number.
        let sql = "SELECT recipient, body FROM outbox WHERE tenant_id = $1 ORDER BY created_at";
        let sent: Vec<(String, String)> = match &db.store {
            Store::Sqlite(p) => sqlx::query_as(sql).bind(w.tenant.0).fetch_all(p).await.unwrap(),
            Store::Postgres(p) => sqlx::query_as(sql).bind(w.tenant.0).fetch_all(p).await.unwrap(),
        };
        assert!(!sent.is_empty());
        assert!(sent.iter().all(|(to, body)| !to.contains("900 111") && !body.contains("Adebayo")), "{sent:?}");

        // The case's own list of evidence no longer names the file Jo gave.
        let after = db.store.case(w.tenant, case.id).await.unwrap().unwrap();
        let listed: Vec<&str> = after.casework.evidence.iter().map(|e| e.summary.as_str()).collect();
        assert!(listed.iter().all(|s| !s.contains("garden")), "{listed:?}");
    }
);
