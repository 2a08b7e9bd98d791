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
    };
    store.create_api_token(&made, &hash).await.unwrap();
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

    // The readable page says the same.
    let page = app.browser().get("/api/v1").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("GET /api/v1/cases") && page.contains("changed_since"), "{}", page.body);

    // Revoked: refused at once.
    assert!(store.revoke_api_token(w.tenant, w.council, made.id, jiff::Timestamp::now()).await.unwrap());
    let (status, _, problem) = call(&app, Some(&token), "/api/v1/cases").await;
    assert_eq!(status, 401);
    assert!(problem["detail"].as_str().unwrap().contains("revoked"));
    let listed = store.api_tokens(w.tenant, w.council).await.unwrap();
    assert!(listed[0].last_used_at.is_some() && listed[0].revoked_at.is_some());
});
