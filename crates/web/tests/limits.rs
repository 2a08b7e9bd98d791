//! Rate limits: someone hammering the public forms, the sign-in page or Open311 from one place
//! is paused with a clear answer saying how long to wait, while everyone else carries on.
mod common;

use asbcase_store::both_backends;
use asbcase_web::{RateLimits, WebConfig};
use common::{PASSWORD, TestApp, open311_key};

fn limited(n: u32) -> WebConfig {
    WebConfig {
        limits: RateLimits {
            public_per_hour: n,
            sign_in_per_minute: n,
            open311_per_minute: n,
            api_per_minute: n,
            trusted_proxies: vec![],
        },
        ..WebConfig::default()
    }
}

both_backends!(asking_for_tracker_links_again_and_again_is_paused_for_a_while, |db| async move {
    let app = TestApp::start_with(db, limited(2)).await;
    let b = app.browser();
    let token = b.csrf("/track").await;
    let ask = [("csrf_token", token.as_str()), ("reference", "ASB-2026-000001"), ("contact", "a@example.org")];
    for _ in 0..2 {
        let page = b.post("/track", &ask).await;
        assert_ne!(page.status, 429, "the first two are answered as usual");
    }
    let res = b.client.post(format!("{}/track", b.base)).form(&ask).send().await.unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((29 * 60..=30 * 60).contains(&wait), "half an hour until the next of 2 an hour: {wait}");
    let body = res.text().await.unwrap();
    assert!(body.contains("Please wait before trying again"));
    assert!(body.contains("Please try again in 30 minutes"));
    assert!(body.contains("call 999"));
});

both_backends!(sign_in_attempts_from_one_place_are_limited_even_with_the_right_password, |db| async move {
    let app = TestApp::start_with(db, limited(3)).await;
    let b = app.browser();
    for _ in 0..3 {
        let res = b.sign_in(&app.world.officer.email, "not the password").await;
        assert_eq!(res.status(), 200);
    }
    let res = b.sign_in(&app.world.officer.email, PASSWORD).await;
    assert_eq!(res.status(), 429, "guessing stops here, whatever is guessed");
    assert!(res.headers().contains_key("retry-after"));
    // The page asking for the code is counted with the password.
    let token = b.csrf("/sign-in").await;
    let page = b.post("/sign-in/code", &[("csrf_token", token.as_str()), ("code", "123456")]).await;
    assert_eq!(page.status, 429);
});

both_backends!(each_open311_partner_has_its_own_allowance, |db| async move {
    let app = TestApp::start_with(db, limited(2)).await;
    let (_, busy) = open311_key(&app, "busy").await;
    let (_, other) = open311_key(&app, "other").await;
    let client = reqwest::Client::new();
    let services = |secret: &str| format!("{}/open311/v2/services.json?api_key={secret}", app.base);
    for _ in 0..2 {
        assert_eq!(client.get(services(&busy)).send().await.unwrap().status(), 200);
    }
    // Sent in the body of a POST, the key is counted just the same.
    let res = client
        .post(format!("{}/open311/v2/requests.json", app.base))
        .form(&[("api_key", busy.as_str()), ("service_code", "noise")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let errors: serde_json::Value = res.json().await.unwrap();
    assert_eq!(errors[0]["code"], 429);
    assert!(errors[0]["description"].as_str().unwrap().contains("Too many requests"));
    // Another partner is not held up by the busy one.
    assert_eq!(client.get(services(&other)).send().await.unwrap().status(), 200);
});

both_backends!(made_up_open311_keys_get_no_allowance_of_their_own_and_two_keys_are_refused, |db| async move {
    let app = TestApp::start_with(db, limited(2)).await;
    let client = reqwest::Client::new();
    let services = |secret: &str| format!("{}/open311/v2/services.json?api_key={secret}", app.base);
    // A new made-up key each time is counted by the address it comes from.
    for n in 0..2 {
        assert_eq!(client.get(services(&format!("made-up-{n}"))).send().await.unwrap().status(), 403);
    }
    assert_eq!(client.get(services("made-up-3")).send().await.unwrap().status(), 429);

    // A partner cannot hide behind a second key in the query string (its own key, read from
    // the body as the handler reads it, still has its allowance here).
    let (_, real) = open311_key(&app, "real").await;
    let res = client
        .post(format!("{}/open311/v2/servicerequestupdates.json?api_key=made-up", app.base))
        .form(&[
            ("api_key", real.as_str()),
            ("service_request_id", "ASB-2026-000001"),
            ("description", "Still going on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("api_key was given more than once"));
});

both_backends!(a_busy_api_token_is_told_when_to_try_again, |db| async move {
    let app = TestApp::start_with(db, limited(2)).await;
    let w = &app.world;
    let (token, hash) = asbcase_domain::api::new_token();
    let made = asbcase_store::ApiToken {
        tenant: w.tenant,
        id: uuid::Uuid::now_v7(),
        organisation: w.council,
        name: "Busy system".into(),
        scope: asbcase_domain::api::TokenScope::Read,
        created_at: jiff::Timestamp::now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    };
    app.db.store.create_api_token(&made, &hash, "test").await.unwrap();
    let client = reqwest::Client::new();
    let mut last = None;
    for _ in 0..3 {
        let res = client
            .get(format!("{}/api/v1/cases", app.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        last = Some(res);
    }
    let res = last.unwrap();
    assert_eq!(res.status().as_u16(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
});
