//! A partner's system uses the JSON API with a token made for it: it pages through the
//! organisation's cases by when they changed, reads one, is refused another organisation's,
//! is told exactly which parameter is wrong, and stops as soon as the token is revoked. Every
//! answer has the shape the OpenAPI document gives. On SQLite and PostgreSQL.
mod common;

use asbcase_domain::api::{TokenScope, new_token};
use asbcase_store::{ApiToken, both_backends};
use common::TestApp;
use serde_json::Value;

async fn call(app: &TestApp, token: Option<&str>, path: &str) -> (u16, String, Value) {
    let client = reqwest::Client::new();
    let mut req = client.get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = res.text().await.unwrap();
    (status, kind, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// The property names the OpenAPI document gives a schema.
fn properties(doc: &Value, schema: &str) -> std::collections::BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect()
}

fn keys(v: &Value) -> std::collections::BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

both_backends!(a_partners_system_reads_the_organisations_cases_with_its_token, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let (token, hash) = new_token();
    let made = ApiToken {
        tenant: w.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: w.council,
        name: "Housing management system".into(),
        scope: TokenScope::Read,
        created_at: jiff::Timestamp::now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    };
    store.create_api_token(&made, &hash, "test").await.unwrap();
    let doc = call(&app, None, "/api/v1/openapi.json").await.2;
    assert!(doc["paths"]["/api/v1/cases"]["get"].is_object(), "{doc}");
    assert!(doc["paths"]["/api/v1/cases/{reference}"]["get"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");

    // No token, or a wrong one: 401, as a problem.
    let (status, kind, problem) = call(&app, None, "/api/v1/cases").await;
    assert_eq!((status, kind.as_str()), (401, "application/problem+json"));
    assert!(problem["detail"].as_str().unwrap().contains("Authorization"));
    assert_eq!(keys(&problem), ["detail", "status", "title", "type"].map(String::from).into());
    assert_eq!(call(&app, Some("asb_made_up"), "/api/v1/cases").await.0, 401);

    // A page at a time, by when each case changed: the council's cases, and only those.
    let mut seen = vec![];
    let mut path = "/api/v1/cases?limit=1".to_string();
    loop {
        let (status, kind, page) = call(&app, Some(&token), &path).await;
        assert_eq!((status, kind.as_str()), (200, "application/json"), "{page}");
        assert_eq!(keys(&page), properties(&doc, "CaseList"));
        for item in page["items"].as_array().unwrap() {
            assert_eq!(keys(item), properties(&doc, "CaseItem"), "{item}");
            seen.push(item["reference"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/cases?limit=1&cursor={c}"),
            None => break,
        }
    }
    seen.sort();
    let mut council: Vec<String> =
        [&w.officers_case, &w.colleagues_case].iter().map(|c| c.reference.to_string()).collect();
    council.sort();
    assert_eq!(seen, council);
    let later = call(&app, Some(&token), "/api/v1/cases?changed_since=2999-01-01T00:00:00Z").await.2;
    assert!(later["items"].as_array().unwrap().is_empty());

    // One case: its own, with its parties; another organisation's or partnership's is not found.
    let (status, _, case) = call(&app, Some(&token), &format!("/api/v1/cases/{}", w.officers_case.reference)).await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(keys(&case), properties(&doc, "CaseDetail"));
    assert_eq!(case["held"], true);
    assert!(case["parties"].as_array().unwrap().iter().any(|p| p["name"].is_string()));
    // The read is in the case's access log, under the token's name.
    let looked = store.access_to_case(w.tenant, w.officers_case.id, 10).await.unwrap();
    assert_eq!(looked[0].kind, asbcase_domain::audit::AccessKind::ApiRead);
    assert_eq!(looked[0].user.0, made.id);
    assert!(looked[0].detail.contains("Housing management system"), "{}", looked[0].detail);
    let manager = app.signed_in(&w.manager).await;
    let page = manager.get(&format!("/cases/{}/access-log", w.officers_case.reference)).await;
    assert!(page.contains("API token: Housing management system"), "{}", page.body);
    for other in [&w.landlords_case, &w.other_tenant_case] {
        let (status, kind, problem) = call(&app, Some(&token), &format!("/api/v1/cases/{}", other.reference)).await;
        assert_eq!((status, kind.as_str()), (404, "application/problem+json"), "{problem}");
    }

    // Each wrong parameter is named.
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=lots", "limit"),
        ("cursor=zz", "cursor"),
        ("changed_since=yesterday", "changed_since"),
        ("colour=red", "colour"),
    ] {
        let (status, _, problem) = call(&app, Some(&token), &format!("/api/v1/cases?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(problem["field"], field, "{query}: {problem}");
    }

    // The organisation's figures, as `asbcase kpi` gives them, each with its definition.
    let (status, _, figures) = call(&app, Some(&token), "/api/v1/kpis?period=2026-Q3").await;
    assert_eq!(status, 200, "{figures}");
    assert_eq!(keys(&figures), properties(&doc, "KpiReport"));
    assert_eq!(figures["period"]["code"], "2026-Q3");
    assert!(figures["figures"].as_array().unwrap().iter().any(|f| f["kpi"] == "cases_opened"));
    for (query, field) in
        [("period=someday", "period"), ("from=2026-01-01", "to"), ("period=2026-Q3&from=2026-01-01", "period")]
    {
        let (status, _, problem) = call(&app, Some(&token), &format!("/api/v1/kpis?{query}")).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some(field)), "{query}: {problem}");
    }

    // Wrong addresses and methods are problems too, and nothing is cached.
    let (status, kind, _) = call(&app, Some(&token), "/api/v1/nothing-here").await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
    let (status, kind, _) = call(&app, Some(&token), "/api/v1/cases/%FF").await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
    let res = reqwest::Client::new()
        .delete(format!("{}/api/v1/cases", app.base))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(res.headers()["cache-control"], "no-store");

    // The readable page says the same.
    let page = app.browser().get("/api/v1").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("GET /api/v1/cases") && page.contains("changed_since"), "{}", page.body);

    // Revoked: refused at once.
    assert!(store.revoke_api_token(w.tenant, w.council, made.id, "test", jiff::Timestamp::now()).await.unwrap());
    let (status, _, problem) = call(&app, Some(&token), "/api/v1/cases").await;
    assert_eq!(status, 401);
    assert!(problem["detail"].as_str().unwrap().contains("revoked"));
    let listed = store.api_tokens(w.tenant, w.council).await.unwrap();
    assert!(listed[0].last_used_at.is_some() && listed[0].revoked_at.is_some());
});

async fn post(app: &TestApp, token: &str, key: Option<&str>, body: &str) -> (u16, Option<String>, Value) {
    let client = reqwest::Client::new();
    let mut req = client
        .post(format!("{}/api/v1/cases", app.base))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    (status, location, serde_json::from_str(&res.text().await.unwrap()).unwrap_or(Value::Null))
}

async fn token_for(app: &TestApp, scope: TokenScope) -> String {
    let (token, hash) = new_token();
    let w = &app.world;
    let made = ApiToken {
        tenant: w.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: w.council,
        name: format!("Police system ({})", scope.as_str()),
        scope,
        created_at: jiff::Timestamp::now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    };
    app.db.store.create_api_token(&made, &hash, "test").await.unwrap();
    token
}

both_backends!(a_partners_system_reports_a_case_once_however_often_it_retries, |db| async move {
    let app = TestApp::start(db).await;
    let writer = token_for(&app, TokenScope::Write).await;
    let reader = token_for(&app, TokenScope::Read).await;
    let doc = call(&app, None, "/api/v1/openapi.json").await.2;
    let body = r#"{
        "description": "Repeated shouting and threats towards the family at number 6",
        "categories": ["noise", "harassment"],
        "risk_band": "high",
        "address": "4 Mill Street",
        "postcode": "av1 4qt",
        "complainant": {"name": "Ayesha Khan", "phone": "07700 900123"},
        "person_complained_about": "A man in his 30s at number 4"
    }"#;

    // A token that may only read is refused; every mistake is named.
    assert_eq!(post(&app, &reader, None, body).await.0, 403);
    for (bad, field) in [
        (r#"{"description": "x"}"#, "categories"),
        (&body.replace("\"risk_band\"", "\"colour\": \"red\", \"risk_band\"") as &str, "colour"),
        (&body.replace("\"noise\", \"harassment\"", "\"karaoke\"") as &str, "categories"),
        (&body.replace("\"high\"", "\"huge\"") as &str, "risk_band"),
        (&body.replace("av1 4qt", "XX") as &str, "postcode"),
        (&body.replace("Ayesha Khan", " ") as &str, "complainant.name"),
        (&body.replace(r#", "phone": "07700 900123""#, "") as &str, "complainant"),
        (&body.replace("07700 900123", "12") as &str, "complainant.phone"),
        (
            &body.replace("\"risk_band\"", "\"reported_at\": \"2020-01-01T00:00:00Z\", \"risk_band\"") as &str,
            "reported_at",
        ),
    ] {
        let (status, _, problem) = post(&app, &writer, None, bad).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some(field)), "{bad}: {problem}");
    }
    let (status, _, problem) = post(&app, &writer, None, "not json").await;
    assert_eq!(status, 400, "{problem}");

    // Made once: a retry with the same key gives back the same case.
    let (status, location, case) = post(&app, &writer, Some("req-2026-0001"), body).await;
    assert_eq!(status, 201, "{case}");
    let reference = case["reference"].as_str().unwrap().to_string();
    assert_eq!(location.as_deref(), Some(format!("/api/v1/cases/{reference}").as_str()));
    assert_eq!(keys(&case), properties(&doc, "CaseDetail"));
    assert_eq!(case["channel"], "partner_referral");
    assert_eq!(case["categories"][0], "harassment", "the most urgent category first");
    assert!(case["parties"].as_array().unwrap().iter().any(|p| p["name"] == "Ayesha Khan"));
    let (status, _, again) = post(&app, &writer, Some("req-2026-0001"), body).await;
    assert_eq!((status, again["reference"].as_str()), (200, Some(reference.as_str())));
    let (status, _, problem) = post(&app, &writer, Some("req-2026-0001"), &body.replace("high", "medium")).await;
    assert_eq!(status, 422, "{problem}");
    // The complainant is told it was received, once, as on every other way in.
    let sent = app.deliver().await;
    assert_eq!(sent.iter().filter(|m| m.recipient == "07700 900123").count(), 1, "{sent:?}");

    // It is a case like any other: in the organisation's list, its history begun as a report's.
    let listed = call(&app, Some(&reader), "/api/v1/cases?limit=200").await.2;
    let found: Vec<&str> =
        listed["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap()).collect();
    assert_eq!(found.iter().filter(|r| **r == reference).count(), 1);
    let w = &app.world;
    let stored = app
        .db
        .store
        .case_by_reference(w.tenant, &asbcase_domain::reference::CaseReference::parse(&reference).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.organisation, w.council);
    let events = app.db.store.events(w.tenant, stored.id).await.unwrap();
    assert_eq!(events[0].kind, "reported");
    assert!(stored.next_contact_due.is_some(), "the service standard runs from the report");
});
