//! Webhooks, told as stories: a partner's system hears of case events it may see, each
//! delivery signed; a receiver that fails is tried again with back-off, then given up and
//! sent again by hand; a removed webhook hears nothing more; cases saved together each tell
//! whom they should. Runs on SQLite and PostgreSQL, with a real HTTP receiver on 127.0.0.1.
use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::{Case, Channel, ClosureOutcome, Flags, NewReport, Rules};
use asbcase_domain::category::Priority;
use asbcase_domain::event::Change;
use asbcase_domain::location::Location;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::partnership::ShareScope;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::webhook::{MAX_ATTEMPTS, Topic, new_secret, retry_after, verify};
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_notify::{WebhookSender, deliver_webhooks};
use asbcase_store::{DeliveryStatus, Organisation, Store, Tenant, WebhookSubscription, both_backends};
use axum::http::{HeaderMap, StatusCode};
use jiff::{SignedDuration, Timestamp};
use std::sync::{Arc, Mutex};

/// A clock stopped at `t`.
fn at(t: Timestamp) -> impl Fn() -> Timestamp {
    move || t
}

/// What the receiver got: the headers that matter and the body.
#[derive(Clone, Debug)]
struct Received {
    signature: String,
    delivery: String,
    event: String,
    body: String,
}

/// A partner's system: answers each request with the next status of `answers` (200 once they
/// run out) and keeps what it received.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

async fn receiver(answers: Vec<u16>) -> Receiver {
    let got = Arc::new(Mutex::new(vec![]));
    let answers = Arc::new(Mutex::new(answers));
    let (g, a) = (got.clone(), answers.clone());
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (g, a) = (g.clone(), a.clone());
            async move {
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                g.lock().unwrap().push(Received {
                    signature: h("asbcase-signature"),
                    delivery: h("asbcase-delivery"),
                    event: h("asbcase-event"),
                    body,
                });
                let mut a = a.lock().unwrap();
                let status = if a.is_empty() { 200 } else { a.remove(0) };
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver { url, got }
}

struct World {
    tenant: TenantId,
    council: OrganisationId,
    police: OrganisationId,
    landlord: OrganisationId,
}

async fn world(store: &Store) -> World {
    let tenant = TenantId::new();
    let t = Tenant {
        id: tenant,
        name: "Ashford Vale CSP".into(),
        division: Division::EnglandAndWales,
        created_at: Timestamp::now(),
    };
    store.create_tenant(&t).await.unwrap();
    let mut ids = vec![];
    for (name, kind) in [
        ("Ashford Vale District Council", OrganisationKind::Council),
        ("Ashford Vale Police", OrganisationKind::Police),
        ("Vale Homes", OrganisationKind::SocialLandlord),
    ] {
        let org = Organisation { tenant, id: OrganisationId::new(), name: name.into(), kind };
        store.create_organisation(&org).await.unwrap();
        ids.push(org.id);
    }
    World { tenant, council: ids[0], police: ids[1], landlord: ids[2] }
}

async fn subscribe(store: &Store, w: &World, org: OrganisationId, url: &str, topics: &[Topic]) -> WebhookSubscription {
    let sub = WebhookSubscription {
        tenant: w.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: org,
        name: "Housing management system".into(),
        url: url.into(),
        topics: topics.to_vec(),
        secret: new_secret(),
        created_at: Timestamp::now(),
        removed_at: None,
    };
    store.create_webhook(&sub).await.unwrap();
    sub
}

/// A report to `org` about `description`, triaged and opened, not yet saved.
async fn opened_case(store: &Store, w: &World, org: OrganisationId, description: &str) -> Case {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let now = Timestamp::now();
    let reference = store.next_reference(w.tenant, 2026).await.unwrap();
    let report = NewReport {
        organisation: org,
        channel: Channel::Phone,
        description: description.into(),
        categories: vec!["noise".into()],
        priority: Priority(3),
        risk_band: RiskBand::Standard,
        location: Location { address: "14 Orchard Court".into(), ..Location::default() },
        flags: Flags::default(),
        patch: None,
        reported_at: now - SignedDuration::from_hours(1),
        assessment: None,
        details: Default::default(),
    };
    let mut case = Case::report(w.tenant, reference, report, None, &rules).unwrap();
    case.record(Change::Triaged { note: "ASB".into() }, None, now, &rules).unwrap();
    case.record(Change::Opened, None, now, &rules).unwrap();
    case
}

/// The council's case: reported and opened, shared with the police, then closed; saved after
/// each step as the pages would.
async fn council_case(store: &Store, w: &World) -> Case {
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let now = Timestamp::now();
    let mut case = opened_case(store, w, w.council, "Sam Jones shouts at neighbours on the stairwell").await;
    store.save_case(&mut case).await.unwrap();
    let share = Change::Shared { organisation: w.police, scope: ShareScope::Summary, purpose: "Joint visit".into() };
    case.record(share, None, now, &rules).unwrap();
    store.save_case(&mut case).await.unwrap();
    let closed = Change::Closed {
        outcome: ClosureOutcome::Resolved,
        summary: "Sam Jones apologised".into(),
        survey: false,
        open_actions_confirmed: false,
    };
    case.record(closed, None, now, &rules).unwrap();
    store.save_case(&mut case).await.unwrap();
    case
}

both_backends!(partners_hear_of_the_case_events_they_asked_for_each_signed, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let council_system = receiver(vec![]).await;
    let police_system = receiver(vec![]).await;
    let council = subscribe(store, &w, w.council, &council_system.url, Topic::ALL).await;
    let police = subscribe(store, &w, w.police, &police_system.url, &[Topic::CaseClosed]).await;
    // The landlord subscribes too, but the case is neither its own nor shared with it.
    let landlord_system = receiver(vec![]).await;
    subscribe(store, &w, w.landlord, &landlord_system.url, Topic::ALL).await;
    let case = council_case(store, &w).await;

    let now = Timestamp::now();
    let report = deliver_webhooks(store, &WebhookSender::new(), at(now)).await.unwrap();
    assert_eq!((report.delivered, report.retrying, report.gave_up), (3, 0, 0));

    let got = council_system.got.lock().unwrap().clone();
    let events: Vec<&str> = got.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(events, ["case.opened", "case.closed"], "the council hears of its own case opening and closing");
    let police_got = police_system.got.lock().unwrap().clone();
    assert_eq!(police_got.len(), 1, "the police asked only for closures, of cases shared with it");
    assert!(landlord_system.got.lock().unwrap().is_empty(), "the landlord may not see the case");

    for (r, secret) in got.iter().map(|r| (r, &council.secret)).chain(police_got.iter().map(|r| (r, &police.secret))) {
        assert!(verify(secret, &r.signature, &r.body, Timestamp::now(), SignedDuration::from_mins(5)), "{r:?}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["id"], r.delivery.as_str(), "the delivery id in the header is the body's");
        assert_eq!(v["type"], r.event.as_str());
        assert_eq!(v["case"]["reference"], case.reference.as_str());
        assert!(!r.body.contains("Sam") && !r.body.contains("Orchard"), "no personal data: {}", r.body);
    }
    assert!(!verify(&police.secret, &got[0].signature, &got[0].body, now, SignedDuration::from_mins(5)));

    // The delivery log shows each as delivered at the first attempt, and nothing is sent twice.
    let log = store.webhook_deliveries(w.tenant, w.council, false, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|d| d.status == DeliveryStatus::Delivered && d.attempts == 1 && d.last_status == Some(200)));
    let again = deliver_webhooks(store, &WebhookSender::new(), at(now + SignedDuration::from_hours(1))).await.unwrap();
    assert_eq!(again.delivered, 0);
});

both_backends!(a_receiver_that_fails_is_tried_again_later_then_given_up_and_can_be_sent_again, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    // Down for the first answer, then back.
    let system = receiver(vec![503]).await;
    subscribe(store, &w, w.council, &system.url, &[Topic::CaseOpened]).await;
    // A second webhook points where nothing listens.
    let nowhere = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}/hook", nowhere.local_addr().unwrap());
    drop(nowhere);
    subscribe(store, &w, w.council, &dead_url, &[Topic::CaseOpened]).await;
    council_case(store, &w).await;

    let sender = WebhookSender::new();
    // Whole seconds: the databases keep microseconds.
    let mut now = Timestamp::from_second(Timestamp::now().as_second() + 1).unwrap();
    let first = deliver_webhooks(store, &sender, at(now)).await.unwrap();
    assert_eq!((first.delivered, first.retrying), (0, 2));
    let log = store.webhook_deliveries(w.tenant, w.council, false, 10).await.unwrap();
    let answered = log.iter().find(|d| d.last_status == Some(503)).expect("the 503 is in the log");
    assert_eq!(answered.last_error.as_deref(), Some("the receiver answered 503 Service Unavailable"));
    assert_eq!(answered.next_attempt_at, now + retry_after(1).unwrap());
    let refused = log.iter().find(|d| d.last_status.is_none()).unwrap();
    assert_eq!(refused.last_error.as_deref(), Some("could not connect to the address"));

    // Not before the back-off; then the receiver that came back gets it.
    assert_eq!(
        deliver_webhooks(store, &sender, at(now + SignedDuration::from_secs(30))).await.unwrap(),
        Default::default()
    );
    now += SignedDuration::from_secs(61);
    let second = deliver_webhooks(store, &sender, at(now)).await.unwrap();
    assert_eq!((second.delivered, second.retrying), (1, 1));
    let got = system.got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].delivery, got[1].delivery, "a retry carries the same delivery id");

    // The dead address is tried until the attempts run out, further apart each time.
    for attempt in 2..MAX_ATTEMPTS {
        now += retry_after(attempt).unwrap();
        deliver_webhooks(store, &sender, at(now)).await.unwrap();
    }
    let failed = store.webhook_deliveries(w.tenant, w.council, true, 10).await.unwrap();
    assert_eq!(failed.len(), 1, "given up");
    assert_eq!((failed[0].status, failed[0].attempts), (DeliveryStatus::Failed, MAX_ATTEMPTS));
    let later = now + SignedDuration::from_hours(48);
    assert_eq!(deliver_webhooks(store, &sender, at(later)).await.unwrap(), Default::default(), "not tried again");

    // Sent again by hand: due at once, with a fresh count of attempts.
    assert!(store.resend_webhook(w.tenant, w.council, failed[0].id, later).await.unwrap());
    assert!(!store.resend_webhook(w.tenant, w.police, failed[0].id, later).await.unwrap(), "not the police's");
    let resent = deliver_webhooks(store, &sender, at(later)).await.unwrap();
    assert_eq!(resent.retrying, 1);
});

both_backends!(a_removed_webhook_hears_nothing_more_and_what_was_waiting_is_dropped, |db| async move {
    let store = &db.store;
    let w = world(store).await;
    let system = receiver(vec![]).await;
    let sub = subscribe(store, &w, w.council, &system.url, Topic::ALL).await;
    council_case(store, &w).await;
    assert!(!store.remove_webhook(w.tenant, w.police, sub.id, Timestamp::now()).await.unwrap(), "not the police's");
    let waiting = store.webhook_deliveries(w.tenant, w.council, false, 10).await.unwrap();
    assert!(waiting.iter().all(|d| d.status == DeliveryStatus::Pending), "the police cannot cancel them: {waiting:?}");
    assert!(store.remove_webhook(w.tenant, w.council, sub.id, Timestamp::now()).await.unwrap());
    assert!(!store.remove_webhook(w.tenant, w.council, sub.id, Timestamp::now()).await.unwrap(), "already removed");
    assert_eq!(deliver_webhooks(store, &WebhookSender::new(), at(Timestamp::now())).await.unwrap(), Default::default());
    assert!(system.got.lock().unwrap().is_empty());
    let log = store.webhook_deliveries(w.tenant, w.council, false, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|d| d.status == DeliveryStatus::Failed
        && d.last_error.as_deref() == Some("The webhook was removed before this was delivered.")));
    // A new case queues nothing for it.
    council_case(store, &w).await;
    assert_eq!(store.webhook_deliveries(w.tenant, w.council, false, 10).await.unwrap().len(), 2);
    let hooks = store.webhooks(w.tenant, w.council).await.unwrap();
    assert!(hooks[0].removed_at.is_some());
});

both_backends!(cases_saved_together_each_tell_the_partners_that_asked, |db| async move {
    // As an import or the demo saves them: several organisations' cases in one save.
    let store = &db.store;
    let w = world(store).await;
    let council_system = receiver(vec![]).await;
    let police_system = receiver(vec![]).await;
    let landlord_system = receiver(vec![]).await;
    subscribe(store, &w, w.council, &council_system.url, Topic::ALL).await;
    subscribe(store, &w, w.police, &police_system.url, &[Topic::CaseShared]).await;
    subscribe(store, &w, w.landlord, &landlord_system.url, Topic::ALL).await;
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    let mut cases = vec![
        opened_case(store, &w, w.council, "Loud music at night").await,
        opened_case(store, &w, w.council, "Graffiti on the garages").await,
        opened_case(store, &w, w.landlord, "Shouting on the stairwell").await,
    ];
    let share = Change::Shared { organisation: w.police, scope: ShareScope::Summary, purpose: "Joint visit".into() };
    cases[1].record(share, None, Timestamp::now(), &rules).unwrap();
    store.save_cases(&mut cases).await.unwrap();

    let report = deliver_webhooks(store, &WebhookSender::new(), at(Timestamp::now())).await.unwrap();
    assert_eq!((report.delivered, report.retrying, report.gave_up), (4, 0, 0));
    let heard = |r: &Receiver| -> Vec<(String, String)> {
        let mut got: Vec<(String, String)> = r
            .got
            .lock()
            .unwrap()
            .iter()
            .map(|d| {
                let v: serde_json::Value = serde_json::from_str(&d.body).unwrap();
                (d.event.clone(), v["case"]["reference"].as_str().unwrap().to_string())
            })
            .collect();
        got.sort();
        got
    };
    let reference = |i: usize| cases[i].reference.as_str().to_string();
    let mut council_expected =
        vec![("case.opened".to_string(), reference(0)), ("case.opened".to_string(), reference(1))];
    council_expected.sort();
    assert_eq!(heard(&council_system), council_expected, "the council hears of each of its own cases");
    assert_eq!(
        heard(&police_system),
        [("case.shared".to_string(), reference(1))],
        "the police hear only of the case shared"
    );
    assert_eq!(
        heard(&landlord_system),
        [("case.opened".to_string(), reference(2))],
        "the landlord hears only of its own"
    );
});
