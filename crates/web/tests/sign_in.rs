//! Signing in and out, forms that cannot be forged, and the pages around them.
mod common;

use asbcase_store::both_backends;
use asbcase_web::WebConfig;
use common::{PASSWORD, TestApp};
use std::time::Duration;

both_backends!(a_wrong_password_and_an_unknown_email_get_the_same_message, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let wrong = b.sign_in(&app.world.officer.email, "not the password").await;
    assert_eq!(wrong.status(), 200);
    let wrong = wrong.text().await.unwrap();
    let unknown = b.sign_in("nobody@ashfordvale.example", PASSWORD).await.text().await.unwrap();
    for body in [&wrong, &unknown] {
        assert!(body.contains("<title>Error: Sign in"), "error pages say so in the title");
        assert!(body.contains("govuk-error-summary"));
        assert!(body.contains("Enter a correct email address and password"));
        assert!(body.contains("href=\"#email\""), "the summary links to the field");
    }
    // Nothing signed in.
    assert_eq!(b.get("/cases").await.status, 303);
    // Failures are counted (and slow further attempts; see domain::signin).
    let (failures, _) = app.db.store.login_failures(&app.world.officer.email).await.unwrap().unwrap();
    assert_eq!(failures, 1);
});

both_backends!(empty_fields_are_named_in_the_error_summary, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let token = b.csrf("/sign-in").await;
    let page = b.post("/sign-in", &[("csrf_token", &token), ("email", ""), ("password", "")]).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Enter your email address"));
    assert!(page.contains("Enter your password"));
    assert!(page.contains("govuk-form-group--error"));
    // What was typed is kept.
    let page = b
        .post("/sign-in", &[("csrf_token", &token), ("email", "priya.shah@ashfordvale.example"), ("password", "")])
        .await;
    assert!(page.contains("value=\"priya.shah@ashfordvale.example\""));
});

both_backends!(a_form_without_its_token_is_refused, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    b.get("/sign-in").await; // gets the CSRF cookie
    let page = b.post("/sign-in", &[("email", &app.world.officer.email), ("password", PASSWORD)]).await;
    assert_eq!(page.status, 400);
    assert!(page.contains("Nothing was saved"));
    let page = b
        .post("/sign-in", &[("csrf_token", "forged"), ("email", &app.world.officer.email), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, 400);
    // Another browser's token does not work with this browser's cookie.
    let other = app.browser();
    let others_token = other.csrf("/sign-in").await;
    let page = b
        .post("/sign-in", &[("csrf_token", &others_token), ("email", &app.world.officer.email), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, 400);
    assert_eq!(b.get("/cases").await.status, 303, "still not signed in");
});

both_backends!(signing_out_ends_the_session, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.signed_in(&app.world.officer).await;
    let cases = b.get("/cases").await;
    assert_eq!(cases.status, 200);
    let token = cases.csrf().unwrap();
    let out = b.post("/sign-out", &[("csrf_token", &token)]).await;
    assert_eq!(out.status, 303);
    let after = b.get("/cases").await;
    assert_eq!(after.status, 303);
    assert_eq!(after.location.as_deref(), Some("/sign-in?next=%2Fcases"));
});

both_backends!(a_session_left_idle_expires, |db| async move {
    let app = TestApp::start_with(db, WebConfig { session_idle: Duration::ZERO, ..WebConfig::default() }).await;
    let b = app.signed_in(&app.world.officer).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(b.get("/cases").await.status, 303);
});

both_backends!(signing_in_returns_to_the_page_asked_for_but_never_off_site, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.browser();
    let wanted = format!("/cases/{}", w.officers_case.reference);
    let page = b.get(&wanted).await;
    assert_eq!(page.status, 303);
    let to = page.location.unwrap();
    let form = b.get(&to).await;
    let token = form.csrf().unwrap();
    assert!(form.contains(&format!("name=\"next\" value=\"{wanted}\"")));
    let res = b
        .post(
            "/sign-in",
            &[("csrf_token", &token), ("email", &w.officer.email), ("password", PASSWORD), ("next", &wanted)],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some(wanted.as_str()));

    let c = app.browser();
    let token = c.csrf("/sign-in?next=//evil.example/").await;
    let res = c
        .post(
            "/sign-in",
            &[("csrf_token", &token), ("email", &w.officer.email), ("password", PASSWORD), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some("/worklist"), "an officer starts at their worklist");
});

both_backends!(health_reports_the_database, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let page = b.get("/health").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"]["status"], "ok");
    assert_eq!(v["database"]["backend"], app.db.store.backend());
});

both_backends!(an_unknown_page_is_a_plain_404_and_pages_carry_no_govuk_branding, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let page = b.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    assert!(page.contains("Page not found"));
    assert!(page.content_type.starts_with("text/html"));
    let sign_in = b.get("/sign-in").await;
    for p in [&page, &sign_in] {
        assert!(p.contains("govuk-generic-header"));
        assert!(!p.contains("GOV.UK</"), "no GOV.UK logotype");
        assert!(!p.body.contains("govuk-header__logo"), "no GOV.UK header");
        assert!(!p.body.contains("crown"), "no crown");
        assert!(p.contains("href=\"#main-content\""), "skip link");
        assert!(!p.body.contains("<script>"), "no inline script");
    }
    let css = b.get("/assets/app.css").await;
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
    assert!(!css.body.contains("GDS Transport"));
    assert_eq!(b.get("/assets/nope.css").await.status, 404);
});

both_backends!(pages_are_sent_with_security_headers, |db| async move {
    let app = TestApp::start(db).await;
    let res = reqwest::get(format!("{}/sign-in", app.base)).await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("sha256-"), "no inline script allowed: {csp}");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin", "tracker and survey tokens never leave in a Referer");
    assert!(h.get("strict-transport-security").is_none(), "not over plain HTTP");
    let cookies: Vec<_> = h.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("asbcase_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"))
    );
});

both_backends!(when_the_database_goes_away_staff_see_a_plain_error_and_health_says_so, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.signed_in(&app.world.officer).await;
    app.db.store.close().await;
    let page = b.get("/cases").await;
    assert_eq!(page.status, 500);
    assert!(page.contains("Sorry, there is a problem with the service"));
    assert!(!page.body.contains("PoolClosed") && !page.body.contains("sqlx"), "no internals shown");
    let health = b.get("/health").await;
    assert_eq!(health.status, 503);
    assert!(health.body.contains("\"status\":\"unavailable\""));
});

both_backends!(a_service_reached_over_https_tells_browsers_to_use_nothing_else, |db| async move {
    let config = WebConfig { public_url: "https://asb.ashfordvale.gov.example".into(), ..WebConfig::default() };
    let app = TestApp::start_with(db, config).await;
    let res = reqwest::get(format!("{}/sign-in", app.base)).await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().all(|c| c.contains("; Secure")), "{cookies:?}");
});
