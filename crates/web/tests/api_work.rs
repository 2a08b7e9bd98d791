//! A partner's system works on a case through the API as an officer would on its page: it
//! records a contact and a note (named in the case's record as the token), reads the case's
//! contacts, interventions, evidence, referrals and shares, and is held to what its
//! organisation may see and do. On SQLite and PostgreSQL.
mod common;

use asbcase_domain::OrganisationId;
use asbcase_domain::api::{TokenScope, new_token};
use asbcase_domain::calendar::Division;
use asbcase_domain::case::{ClosureOutcome, RuleBook};
use asbcase_domain::event::Change;
use asbcase_domain::partnership::ShareScope;
use asbcase_domain::standards::ServiceStandards;
use asbcase_store::{ApiToken, both_backends};
use common::TestApp;
use serde_json::Value;

async fn token(app: &TestApp, org: OrganisationId, scope: TokenScope, name: &str) -> (String, uuid::Uuid) {
    let (token, hash) = new_token();
    let made = ApiToken {
        tenant: app.world.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: org,
        name: name.into(),
        scope,
        created_at: jiff::Timestamp::now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    };
    app.db.store.create_api_token(&made, &hash, "test").await.unwrap();
    (token, made.id)
}

async fn send(app: &TestApp, method: &str, token: &str, path: &str, body: Option<&str>) -> (u16, Value) {
    send_keyed(app, method, token, path, body, None).await
}

async fn send_keyed(
    app: &TestApp,
    method: &str,
    token: &str,
    path: &str,
    body: Option<&str>,
    key: Option<&str>,
) -> (u16, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", app.base);
    let mut req = match method {
        "POST" => client.post(url).header("content-type", "application/json").body(body.unwrap_or("").to_string()),
        _ => client.get(url),
    };
    req = req.header("authorization", format!("Bearer {token}"));
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, serde_json::from_str(&res.text().await.unwrap()).unwrap_or(Value::Null))
}

fn properties(doc: &Value, schema: &str) -> std::collections::BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect()
}

fn keys(v: &Value) -> std::collections::BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Record `change` on the case with `reference` as the officers' pages would.
async fn change(app: &TestApp, reference: &asbcase_domain::reference::CaseReference, change: Change) {
    let store = &app.db.store;
    let mut case = store.case_by_reference(app.world.tenant, reference).await.unwrap().unwrap();
    let book = RuleBook::new(Division::EnglandAndWales, ServiceStandards::default());
    case.record(change, Some(app.world.officer.id), jiff::Timestamp::now(), &book.rules()).unwrap();
    store.save_case(&mut case).await.unwrap();
}

both_backends!(a_housing_system_records_a_contact_and_a_note_and_reads_the_case_record, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let doc = reqwest::get(format!("{}/api/v1/openapi.json", app.base)).await.unwrap().json::<Value>().await.unwrap();
    let (writer, writer_id) = token(&app, w.council, TokenScope::Write, "Housing management system").await;
    let (reader, _) = token(&app, w.council, TokenScope::Read, "Reporting").await;
    let case = format!("/api/v1/cases/{}", w.officers_case.reference);

    // A contact, recorded through the case's own rules.
    // A minute ago, to the second.
    let at = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() - 60).unwrap().to_string();
    let contact = format!(
        r#"{{"with": "complainant", "method": "phone", "direction": "outgoing",
        "outcome": "successful", "summary": "Called about the noise; it has eased", "at": "{at}"}}"#
    );
    let (status, made) = send(&app, "POST", &writer, &format!("{case}/contacts"), Some(&contact)).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(keys(&made), properties(&doc, "Recorded"));
    let (status, _) =
        send(&app, "POST", &writer, &format!("{case}/notes"), Some(r#"{"text": "Tenancy audit booked"}"#)).await;
    assert_eq!(status, 201);

    let (status, contacts) = send(&app, "GET", &reader, &format!("{case}/contacts"), None).await;
    assert_eq!(status, 200, "{contacts}");
    let ours = contacts.as_array().unwrap().iter().find(|c| c["summary"] == "Called about the noise; it has eased");
    let ours = ours.expect("the contact is on the case");
    assert_eq!(keys(ours), properties(&doc, "ContactItem"));
    assert_eq!(ours["recorded_by"], writer_id.to_string(), "the case's record names the token");
    let given: jiff::Timestamp = ours["at"].as_str().unwrap().parse().unwrap();
    assert_eq!(given.to_string(), at, "at the time given");

    // The case page says which system recorded it.
    let officer = app.signed_in(&w.officer).await;
    let page = officer.get(&format!("/cases/{}", w.officers_case.reference)).await;
    assert!(page.contains("API token: Housing management system"), "{}", page.body);
    assert!(page.contains("Tenancy audit booked"));

    // Everything else of its record, each in the documented shape.
    for (what, schema) in [
        ("interventions", "InterventionItem"),
        ("evidence", "EvidenceItem"),
        ("referrals", "ReferralItem"),
        ("shares", "ShareItem"),
    ] {
        let (status, list) = send(&app, "GET", &reader, &format!("{case}/{what}"), None).await;
        assert_eq!(status, 200, "{what}: {list}");
        assert!(doc["paths"][format!("/api/v1/cases/{{reference}}/{what}")]["get"].is_object(), "{what} documented");
        assert!(!properties(&doc, schema).is_empty());
        for item in list.as_array().unwrap() {
            assert_eq!(keys(item), properties(&doc, schema), "{what}: {item}");
        }
    }

    // Each mistake is named by its field, and nothing is recorded.
    for (body, field) in [
        (
            r#"{"with": "complainant", "method": "pigeon", "direction": "outgoing", "outcome": "successful", "summary": "x"}"#,
            "method",
        ),
        (
            r#"{"with": "complainant", "method": "phone", "direction": "outgoing", "outcome": "successful", "summary": " "}"#,
            "summary",
        ),
        (
            r#"{"with": "complainant", "method": "phone", "direction": "outgoing", "outcome": "successful", "summary": "x", "at": "2999-01-01T00:00:00Z"}"#,
            "at",
        ),
        (
            r#"{"with": "complainant", "method": "phone", "direction": "outgoing", "outcome": "successful", "summary": "x", "at": "Tuesday"}"#,
            "at",
        ),
        (
            r#"{"with": "complainant", "method": "phone", "direction": "outgoing", "outcome": "successful", "summary": "x", "colour": "red"}"#,
            "colour",
        ),
        (r#"{"method": "phone", "direction": "outgoing", "outcome": "successful", "summary": "x"}"#, "with"),
    ] {
        let (status, problem) = send(&app, "POST", &writer, &format!("{case}/contacts"), Some(body)).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some(field)), "{body}: {problem}");
    }
    let after = app.db.store.contacts(w.tenant, w.officers_case.id).await.unwrap();
    assert_eq!(after.len(), contacts.as_array().unwrap().len(), "nothing more was recorded");

    // Sent again with the same Idempotency-Key (a retry after a timeout): the same event
    // comes back and nothing more is recorded; the same key for something else is refused.
    let before = app.db.store.contacts(w.tenant, w.officers_case.id).await.unwrap().len();
    let retried = r#"{"with": "complainant", "method": "email", "direction": "incoming", "outcome": "successful", "summary": "Wrote in"}"#;
    let first = send_keyed(&app, "POST", &writer, &format!("{case}/contacts"), Some(retried), Some("hms-4411")).await;
    let again = send_keyed(&app, "POST", &writer, &format!("{case}/contacts"), Some(retried), Some("hms-4411")).await;
    assert_eq!((first.0, again.0), (201, 200), "{first:?} {again:?}");
    assert_eq!(first.1["event"], again.1["event"]);
    assert_eq!(app.db.store.contacts(w.tenant, w.officers_case.id).await.unwrap().len(), before + 1);
    let reused =
        send_keyed(&app, "POST", &writer, &format!("{case}/notes"), Some(r#"{"text": "x"}"#), Some("hms-4411")).await;
    assert_eq!(reused.0, 422, "{reused:?}");
    assert!(
        doc["paths"]["/api/v1/cases/{reference}/contacts"]["post"]["parameters"]
            .to_string()
            .contains("Idempotency-Key")
    );

    // A read token records nothing; another organisation's case is not found.
    assert_eq!(send(&app, "POST", &reader, &format!("{case}/notes"), Some(r#"{"text": "x"}"#)).await.0, 403);
    let landlords = format!("/api/v1/cases/{}", w.landlords_case.reference);
    assert_eq!(send(&app, "POST", &writer, &format!("{landlords}/notes"), Some(r#"{"text": "x"}"#)).await.0, 404);
    assert_eq!(send(&app, "GET", &writer, &format!("{landlords}/contacts"), None).await.0, 404);

    // A closed case takes nothing until it is reopened.
    let outcome = ClosureOutcome::Resolved;
    let closed = Change::Closed { outcome, summary: "Resolved".into(), survey: false, open_actions_confirmed: true };
    change(&app, &w.colleagues_case.reference, closed).await;
    let colleagues = format!("/api/v1/cases/{}/notes", w.colleagues_case.reference);
    let (status, problem) = send(&app, "POST", &writer, &colleagues, Some(r#"{"text": "x"}"#)).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("closed"));
});

both_backends!(a_partner_sees_of_a_shared_case_only_what_the_share_allows, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let (landlord, _) = token(&app, w.landlord, TokenScope::Write, "Vale Homes housing system").await;
    let case = format!("/api/v1/cases/{}", w.officers_case.reference);
    assert_eq!(send(&app, "GET", &landlord, &format!("{case}/contacts"), None).await.0, 404, "not shared yet");

    let share = |scope| Change::Shared { organisation: w.landlord, scope, purpose: "Joint visit".into() };
    change(&app, &w.officers_case.reference, share(ShareScope::Summary)).await;
    assert_eq!(send(&app, "GET", &landlord, &case, None).await.0, 200, "the case itself, as a summary");
    let (status, problem) = send(&app, "GET", &landlord, &format!("{case}/contacts"), None).await;
    assert_eq!(status, 403);
    assert!(problem["detail"].as_str().unwrap().contains("summary"), "{problem}");

    change(&app, &w.officers_case.reference, share(ShareScope::Full)).await;
    for what in ["contacts", "interventions", "evidence", "referrals"] {
        assert_eq!(send(&app, "GET", &landlord, &format!("{case}/{what}"), None).await.0, 200, "{what}");
    }
    assert_eq!(
        send(&app, "GET", &landlord, &format!("{case}/shares"), None).await.0,
        403,
        "whom else: the owner's business"
    );
    let (status, problem) = send(&app, "POST", &landlord, &format!("{case}/notes"), Some(r#"{"text": "x"}"#)).await;
    assert_eq!(status, 403, "only the holder records: {problem}");
    // Each read is in the case's access log under the token's name.
    let looked = app.db.store.access_to_case(w.tenant, w.officers_case.id, 20).await.unwrap();
    assert!(looked.iter().any(|l| l.detail.contains("Vale Homes housing system") && l.detail.contains("(contacts)")));
});
