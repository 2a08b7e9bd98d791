//! Messages sent through GOV.UK Notify, against a stand-in Notify on 127.0.0.1 that records
//! each request and answers as Notify's published API does: the JWT, the endpoint paths and the
//! JSON bodies are checked; Notify's id is kept with the message; its later word on delivery is
//! asked for and recorded, and a permanent failure shows as a failed message.
use asbcase_domain::calendar::Division;
use asbcase_domain::message::Medium;
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_notify::{Deployment, FileChannel, NotifyChannel, NotifySettings, Provider, deliver_due};
use asbcase_store::{NotificationSettings, Organisation, OutboxMessage, Store, Tenant, both_backends};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use jiff::Timestamp;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SERVICE: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";

#[derive(Default)]
struct Seen {
    requests: Vec<(String, String, Value)>,
    statuses: std::collections::HashMap<String, &'static str>,
    references: Vec<(String, String)>,
}

async fn by_reference(
    State(seen): State<Shared>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Json<Value> {
    let s = seen.lock().unwrap();
    let wanted = q.get("reference").cloned().unwrap_or_default();
    let found: Vec<Value> = s
        .references
        .iter()
        .filter(|(r, _)| *r == wanted)
        .map(|(r, id)| json!({"id": id, "reference": r, "status": "sending"}))
        .collect();
    Json(json!({"notifications": found, "links": {}}))
}

type Shared = Arc<Mutex<Seen>>;

async fn send(
    State(seen): State<Shared>,
    Path(kind): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let mut s = seen.lock().unwrap();
    s.requests.push((format!("/v2/notifications/{kind}"), auth, body.clone()));
    if body["phone_number"] == "07700 900000" {
        let e = json!({"status_code": 400, "errors": [{"error": "ValidationError", "message": "phone_number Not a UK mobile number"}]});
        return (StatusCode::BAD_REQUEST, Json(e));
    }
    if body["email_address"] == "busy@example.org" {
        let e = json!({"status_code": 429, "errors": [{"error": "RateLimitError", "message": "Exceeded rate limit"}]});
        return (StatusCode::TOO_MANY_REQUESTS, Json(e));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let status = if body["email_address"] == "bounces@example.org" { "permanent-failure" } else { "delivered" };
    s.statuses.insert(id.clone(), status);
    s.references.push((body["reference"].as_str().unwrap_or("").to_string(), id.clone()));
    if body["email_address"] == "flaky@example.org"
        && s.references.iter().filter(|(r, _)| *r == body["reference"]).count() == 1
    {
        // Accepted, but the answer never gets back: the caller sees a server error.
        return (StatusCode::BAD_GATEWAY, Json(json!({"errors": [{"error": "BadGateway"}]})));
    }
    (
        StatusCode::CREATED,
        Json(
            json!({"id": id, "reference": body["reference"], "content": {}, "template": {"id": body["template_id"], "version": 1}}),
        ),
    )
}

async fn status(State(seen): State<Shared>, Path(id): Path<String>) -> (StatusCode, Json<Value>) {
    match seen.lock().unwrap().statuses.get(&id) {
        Some(s) => (StatusCode::OK, Json(json!({"id": id, "status": s}))),
        None => (StatusCode::NOT_FOUND, Json(json!({"errors": [{"error": "NoResultFound"}]}))),
    }
}

async fn stand_in() -> (String, Shared) {
    let seen = Shared::default();
    let app = axum::Router::new()
        .route("/v2/notifications", axum::routing::get(by_reference))
        .route("/v2/notifications/{kind}", post(send).get(status))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

fn settings(base: &str) -> NotifySettings {
    NotifySettings {
        api_key_env: "ASBCASE_TEST_NOTIFY_KEY_NEVER_SET".into(),
        base_url: base.into(),
        email_template: Some("11111111-1111-4111-8111-111111111111".into()),
        sms_template: Some("22222222-2222-4222-8222-222222222222".into()),
        letter_template: Some("33333333-3333-4333-8333-333333333333".into()),
    }
}

async fn organisation(store: &Store) -> (TenantId, OrganisationId) {
    let t = Tenant {
        id: TenantId::new(),
        name: "Ashford Vale CSP".into(),
        division: Division::EnglandAndWales,
        created_at: Timestamp::now(),
    };
    store.create_tenant(&t).await.unwrap();
    let o = Organisation {
        tenant: t.id,
        id: OrganisationId::new(),
        name: "Ashford Vale District Council".into(),
        kind: OrganisationKind::Council,
    };
    store.create_organisation(&o).await.unwrap();
    (t.id, o.id)
}

fn message(tenant: TenantId, org: OrganisationId, medium: Medium, to: &str) -> OutboxMessage {
    let now = Timestamp::now();
    OutboxMessage {
        tenant,
        id: uuid::Uuid::now_v7(),
        case: None,
        kind: "update".into(),
        medium,
        recipient: to.into(),
        subject: "An update on your case ASB-2026-000042".into(),
        body: "Dear Sam,\n\nWe visited your neighbour.".into(),
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
        organisation: Some(org),
        provider_ref: None,
        delivery_status: None,
        link: None,
        link_id: None,
    }
}

/// A deployment whose organisation sends through the stand-in Notify (and the folder its file
/// channel would write to, which must stay empty).
fn through_notify(tenant: TenantId, org: OrganisationId, base: &str) -> (Deployment, tempfile::TempDir) {
    let files = tempfile::tempdir().unwrap();
    let deployment = Deployment::new(None, FileChannel::new(files.path()));
    let key = format!("asbcase_live-{SERVICE}-{SECRET}");
    deployment.use_notify(tenant, org, NotifyChannel::with_key(settings(base), &key).unwrap());
    (deployment, files)
}

fn claims(bearer: &str) -> Value {
    let token = bearer.strip_prefix("Bearer ").expect("a bearer token");
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    jsonwebtoken::decode::<Value>(token, &jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()), &v)
        .expect("signed with the secret")
        .claims
}

both_backends!(messages_go_through_notify_and_its_word_on_delivery_is_recorded, |db| async move {
    let (base, seen) = stand_in().await;
    let (tenant, org) = organisation(&db.store).await;
    let (deployment, _files) = through_notify(tenant, org, &base);

    let email = message(tenant, org, Medium::Email, "sam@example.org");
    let sms = message(tenant, org, Medium::Sms, "07700 900123");
    let letter = message(tenant, org, Medium::Letter, "Sam Okoro\n3 Mill Street\nAshford Vale\nAV1 4QT");
    let bounce = message(tenant, org, Medium::Email, "bounces@example.org");
    let bad_number = message(tenant, org, Medium::Sms, "07700 900000");
    let busy = message(tenant, org, Medium::Email, "busy@example.org");
    for m in [&email, &sms, &letter, &bounce, &bad_number, &busy] {
        db.store.queue_message(m).await.unwrap();
    }
    let report = deliver_due(&db.store, &deployment, Timestamp::now()).await.unwrap();
    assert_eq!((report.sent, report.retrying, report.gave_up), (4, 1, 1));

    let requests = seen.lock().unwrap().requests.clone();
    let now = Timestamp::now().as_second();
    for (_, auth, _) in &requests {
        let c = claims(auth);
        assert_eq!(c["iss"], SERVICE, "the service id is the issuer");
        assert!((now - c["iat"].as_i64().unwrap()).abs() < 30, "issued now");
    }
    let body = |path: &str, field: &str, value: &str| {
        requests
            .iter()
            .find(|(p, _, b)| p == path && b[field] == value)
            .map(|(_, _, b)| b.clone())
            .unwrap_or_else(|| panic!("no {path} to {value}"))
    };
    assert_eq!(
        body("/v2/notifications/email", "email_address", "sam@example.org"),
        json!({
            "email_address": "sam@example.org",
            "template_id": "11111111-1111-4111-8111-111111111111",
            "personalisation": {"subject": "An update on your case ASB-2026-000042", "body": "Dear Sam,\n\nWe visited your neighbour."},
            "reference": email.id.to_string(),
        })
    );
    let text = body("/v2/notifications/sms", "phone_number", "07700 900123");
    assert_eq!(text["template_id"], "22222222-2222-4222-8222-222222222222");
    assert_eq!(text["personalisation"], json!({"body": "Dear Sam,\n\nWe visited your neighbour."}));
    let post = requests.iter().find(|(p, _, _)| p == "/v2/notifications/letter").unwrap().2.clone();
    assert_eq!(post["personalisation"]["address_line_1"], "Sam Okoro");
    assert_eq!(post["personalisation"]["address_line_4"], "AV1 4QT");

    let stored = |id: uuid::Uuid| {
        let store = db.store.clone();
        async move { store.outbox_message(tenant, id).await.unwrap().unwrap() }
    };
    let sent = stored(email.id).await;
    assert_eq!(sent.status, "sent");
    assert!(sent.provider_ref.as_deref().is_some_and(|r| uuid::Uuid::parse_str(r).is_ok()), "Notify's id is kept");
    let refused = stored(bad_number.id).await;
    assert_eq!(refused.status, "failed", "a bad number will not get better");
    assert!(refused.last_error.unwrap().contains("Not a UK mobile number"));
    let waiting = stored(busy.id).await;
    assert_eq!(waiting.status, "pending", "a rate limit is tried again later");

    // Later, Notify says how each got on.
    assert_eq!(deployment.track(&db.store).await.unwrap(), 4);
    assert_eq!(stored(email.id).await.delivery_status.as_deref(), Some("delivered"));
    let bounced = stored(bounce.id).await;
    assert_eq!((bounced.status.as_str(), bounced.delivery_status.as_deref()), ("failed", Some("permanent-failure")));
    assert_eq!(deployment.track(&db.store).await.unwrap(), 0, "final answers are not asked for again");
    // Nothing was sent twice.
    assert_eq!(deliver_due(&db.store, &deployment, Timestamp::now()).await.unwrap().sent, 0);
    assert_eq!(seen.lock().unwrap().requests.len(), 6);
});

both_backends!(an_organisation_whose_notify_key_is_missing_keeps_its_messages_waiting, |db| async move {
    let (base, seen) = stand_in().await;
    let (tenant, org) = organisation(&db.store).await;
    let provider = Provider::Notify(settings(&base));
    db.store
        .set_notification_settings(&NotificationSettings {
            tenant,
            organisation: org,
            provider: provider.name().into(),
            settings: provider.settings_json(),
            updated_at: Timestamp::now(),
        })
        .await
        .unwrap();
    let files = tempfile::tempdir().unwrap();
    let deployment = Deployment::new(None, FileChannel::new(files.path()));
    deployment.load(&db.store).await.unwrap();
    let m = message(tenant, org, Medium::Email, "sam@example.org");
    db.store.queue_message(&m).await.unwrap();
    let report = deliver_due(&db.store, &deployment, Timestamp::now()).await.unwrap();
    assert_eq!(report.retrying, 1);
    let kept = db.store.outbox_message(tenant, m.id).await.unwrap().unwrap();
    assert!(kept.last_error.unwrap().contains("ASBCASE_TEST_NOTIFY_KEY_NEVER_SET"), "the reason names the setting");
    assert!(seen.lock().unwrap().requests.is_empty());
    assert_eq!(std::fs::read_dir(files.path()).map(|d| d.count()).unwrap_or(0), 0, "not sent some other way");
});

both_backends!(a_message_notify_accepted_when_the_answer_was_lost_is_not_sent_again, |db| async move {
    let (base, seen) = stand_in().await;
    let (tenant, org) = organisation(&db.store).await;
    let (deployment, _files) = through_notify(tenant, org, &base);
    let m = message(tenant, org, Medium::Email, "flaky@example.org");
    db.store.queue_message(&m).await.unwrap();
    let first = deliver_due(&db.store, &deployment, Timestamp::now()).await.unwrap();
    assert_eq!(first.retrying, 1, "the lost answer looks like a failure");
    let later = Timestamp::now() + jiff::SignedDuration::from_hours(1);
    assert_eq!(deliver_due(&db.store, &deployment, later).await.unwrap().sent, 1);
    let posts = seen.lock().unwrap().requests.iter().filter(|(p, _, _)| p == "/v2/notifications/email").count();
    assert_eq!(posts, 1, "asked first, so not sent twice");
    let stored = db.store.outbox_message(tenant, m.id).await.unwrap().unwrap();
    assert_eq!(stored.status, "sent");
    assert!(stored.provider_ref.is_some());
});
