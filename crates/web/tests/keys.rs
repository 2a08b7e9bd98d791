//! An organisation's administrator makes and revokes Open311 keys and JSON API tokens from
//! Settings: a new one is shown once and works at once, a revoked one is refused at once, each
//! change is kept with who made it, and no one else (a team manager, another organisation's
//! administrator) sees or revokes them. On SQLite and PostgreSQL.
mod common;

use asbcase_domain::organisation::Role;
use asbcase_domain::reference::CaseReference;
use asbcase_store::both_backends;
use common::{Browser, Page, QUESTIONS, TestApp};

/// The answer to a form, with its Cache-Control header.
struct Answer {
    page: Page,
    cache_control: String,
}

/// Send the form of `page` (its CSRF token, then `fields`) to `action`.
async fn send(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)]) -> Answer {
    let csrf = b.csrf(page).await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    let res = b.client.post(format!("{}{action}", b.base)).form(&form).send().await.unwrap();
    let cache_control = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    Answer { page: Page::from_response(res).await, cache_control }
}

/// The secret a "made" page shows, once.
fn secret_on(page: &Page) -> String {
    let at = page.body.find("id=\"secret\"").unwrap_or_else(|| panic!("no secret shown: {}", page.body));
    let value = page.body[at..].find("value=\"").unwrap() + at + "value=\"".len();
    let end = page.body[value..].find('"').unwrap() + value;
    page.body[value..end].to_string()
}

/// The page's first link to revoke something under `base`.
fn revoke_link(page: &Page, base: &str) -> String {
    page.body
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with(base) && href.ends_with("/revoke"))
        .unwrap_or_else(|| panic!("no revoke link: {}", page.body))
        .to_string()
}

async fn api_status(app: &TestApp, token: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/cases", app.base))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// An administrator of the landlord (the council's partner), with the test authenticator.
async fn landlord_admin(app: &TestApp) -> Browser {
    let (w, store) = (&app.world, &app.db.store);
    let u =
        common::user(store, w.tenant, w.landlord, "Lee Admin", "lee.admin@valehomes.example", &[Role::Administrator])
            .await;
    let now = jiff::Timestamp::now();
    store.start_mfa(w.tenant, u.id, &asbcase_domain::mfa::secret_text(common::ADMIN_KEY), now).await.unwrap();
    store.accept_mfa_step(w.tenant, u.id, 0, now).await.unwrap();
    app.signed_in(&u).await
}

both_backends!(an_administrator_makes_an_api_token_that_works_at_once_and_revokes_it, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings").await.contains("href=\"/settings/api-tokens\""));
    let list = admin.get("/settings/api-tokens").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.contains("has no tokens yet"));

    // An empty name, or no choice of what it may do: refused, and nothing is made.
    let new = "/settings/api-tokens/new";
    let refused = send(&admin, new, "/settings/api-tokens", &[("name", "   "), ("scope", "read")]).await.page;
    assert_eq!(refused.status, 200);
    assert!(refused.title().starts_with("Error: "), "{}", refused.title());
    assert!(refused.contains("govuk-error-summary") && refused.contains("href=\"#name\""));
    assert!(refused.contains("Enter who or what will use the token"), "{}", refused.body);
    let refused = send(&admin, new, "/settings/api-tokens", &[("name", "Housing management system")]).await.page;
    assert!(refused.contains("href=\"#scope\"") && refused.contains("Choose what the token may do"));
    assert!(refused.contains("value=\"Housing management system\""), "what was typed is kept");
    let long = "x".repeat(101);
    let refused = send(&admin, new, "/settings/api-tokens", &[("name", &long), ("scope", "read")]).await.page;
    assert!(refused.contains("100 characters or fewer"));
    assert!(store.api_tokens(w.tenant, w.council).await.unwrap().is_empty());
    assert!(store.api_token_changes(w.tenant, w.council).await.unwrap().is_empty());

    // Made: shown once, in the answer to the form, never in an address; kept as its hash.
    let fields = [("name", " Housing management system "), ("scope", "write")];
    let made = send(&admin, new, "/settings/api-tokens", &fields).await;
    assert_eq!((made.page.status, made.page.location.as_deref()), (200, None), "{}", made.page.body);
    assert_eq!(made.cache_control, "no-store");
    assert!(made.page.contains("Copy it now: it will not be shown again"));
    assert!(made.page.contains("govuk-panel") && made.page.contains("for Housing management system"));
    let token = secret_on(&made.page);
    assert!(token.starts_with("asb_") && token.len() == 68, "{token}");
    let kept =
        store.api_token(&asbcase_domain::api::token_hash(&token), jiff::Timestamp::now()).await.unwrap().unwrap();
    assert_eq!((kept.organisation, kept.name.as_str()), (w.council, "Housing management system"));
    assert_eq!(kept.created_by.as_deref(), Some("Alex Admin (alex.admin@ashfordvale.example)"));

    // It works at once.
    let (status, body) = api_status(&app, &token).await;
    assert_eq!(status, 200, "{body}");

    let list = admin.get("/settings/api-tokens").await;
    assert!(list.contains("Housing management system") && list.contains(">Live<"), "{}", list.body);
    assert!(list.contains("Read, and record reports and changes"));
    assert!(!list.contains("Never"), "its use is shown");
    assert!(list.contains("Made the API token ‘Housing management system’ (read, and record reports and changes)"));
    assert!(list.contains("Alex Admin (alex.admin@ashfordvale.example)"), "kept with who made it");
    assert!(!list.contains(&token), "the token is never shown again");
    for change in store.api_token_changes(w.tenant, w.council).await.unwrap() {
        assert!(!change.summary.contains(&token));
    }

    // A second live token of the same name is refused.
    let again = send(&admin, new, "/settings/api-tokens", &[("name", "housing management  system"), ("scope", "read")])
        .await
        .page;
    assert!(again.title().starts_with("Error: "));
    assert!(again.contains("There is already a live token called"), "{}", again.body);
    assert_eq!(store.api_tokens(w.tenant, w.council).await.unwrap().len(), 1);

    // Revoked, after a confirmation: refused at once.
    let confirm = revoke_link(&list, "/settings/api-tokens");
    assert_eq!(confirm, format!("/settings/api-tokens/{}/revoke", kept.id));
    let page = admin.get(&confirm).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Revoke the token ‘Housing management system’?") && page.contains("Revoke the token"));
    let done = send(&admin, &confirm, &confirm, &[]).await.page;
    assert_eq!(done.location.as_deref(), Some("/settings/api-tokens?revoked=1"));
    let (status, body) = api_status(&app, &token).await;
    assert_eq!(status, 401);
    assert!(body.contains("revoked"), "{body}");
    let list = admin.get("/settings/api-tokens?revoked=1").await;
    assert!(list.contains("The token is revoked") && list.contains(">Revoked<"));
    assert!(list.contains("Revoked the API token ‘Housing management system’"));
    assert!(!list.contains(&format!("{confirm}\"")), "a revoked token has no revoke link");
    let twice = send(&admin, "/settings/api-tokens", &confirm, &[]).await.page;
    assert_eq!(twice.location.as_deref(), Some("/settings/api-tokens?revoked=1"), "revoked all the same");
    assert_eq!(store.api_token_changes(w.tenant, w.council).await.unwrap().len(), 2, "revoked once");

    // Its name is free again: a new token of it works, the old one stays refused.
    let made = send(&admin, new, "/settings/api-tokens", &[("name", "Housing management system"), ("scope", "read")])
        .await
        .page;
    let fresh = secret_on(&made);
    assert_eq!(api_status(&app, &fresh).await.0, 200);
    assert_eq!(api_status(&app, &token).await.0, 401);
});

/// A report as a partner's system sends it by Open311, with `api_key`.
fn report(api_key: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("api_key", api_key),
        ("service_code", "noise"),
        ("description", "Music from the flat above until 4am most nights"),
        ("address_string", "Flat 7, 3 Mill Street, Ashford Vale, AV2 3RT"),
        ("lat", "51.14802"),
        ("long", "0.87512"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    form.extend(QUESTIONS.iter().map(|q| (format!("attribute[{q}]"), "no".to_string())));
    form
}

async fn open311_report(app: &TestApp, api_key: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(format!("{}/open311/v2/requests.json", app.base))
        .form(&report(api_key))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

both_backends!(
    an_administrator_makes_an_open311_key_whose_reports_become_their_cases_and_revokes_it,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let store = &app.db.store;
        let admin = app.signed_in(&w.admin).await;
        assert!(admin.get("/settings").await.contains("href=\"/settings/open311-keys\""));
        let new = "/settings/open311-keys/new";
        let refused = send(&admin, new, "/settings/open311-keys", &[("name", "")]).await.page;
        assert!(refused.title().starts_with("Error: ") && refused.contains("Enter who will hold the key"));
        assert!(store.open311_keys_of(w.tenant, w.council).await.unwrap().is_empty());

        let made = send(&admin, new, "/settings/open311-keys", &[("name", "FixMyStreet")]).await;
        assert_eq!((made.page.status, made.cache_control.as_str()), (200, "no-store"), "{}", made.page.body);
        assert!(made.page.contains("Copy it now: it will not be shown again"));
        assert!(made.page.contains("ashford-vale-community-safety-partnership"), "the jurisdiction_id to give with it");
        let key = secret_on(&made.page);
        assert_eq!(key.len(), 64, "made as the command line makes them: {key}");

        // Its reports become the council's cases at once.
        let (status, body) = open311_report(&app, &key).await;
        assert_eq!(status, 200, "{body}");
        let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
        let reference = CaseReference::parse(sent[0]["service_request_id"].as_str().unwrap()).unwrap();
        let case = store.case_by_reference(w.tenant, &reference).await.unwrap().unwrap();
        assert_eq!(case.organisation, w.council);

        let list = admin.get("/settings/open311-keys").await;
        assert!(list.contains("FixMyStreet") && list.contains(">Live<") && !list.contains(&key), "{}", list.body);
        assert!(list.contains("Made the Open311 key ‘FixMyStreet’"));
        let again = send(&admin, new, "/settings/open311-keys", &[("name", "fixmystreet")]).await.page;
        assert!(again.contains("There is already a live key called ‘fixmystreet’"), "{}", again.body);

        let confirm = revoke_link(&list, "/settings/open311-keys");
        assert!(admin.get(&confirm).await.contains("Revoke the key ‘FixMyStreet’?"));
        let done = send(&admin, &confirm, &confirm, &[]).await.page;
        assert_eq!(done.location.as_deref(), Some("/settings/open311-keys?revoked=1"));
        let (status, body) = open311_report(&app, &key).await;
        assert_eq!(status, 403, "refused at once: {body}");
        assert!(body.contains("revoked"), "{body}");
        let list = admin.get("/settings/open311-keys?revoked=1").await;
        assert!(list.contains("The key is revoked") && list.contains("Revoked the Open311 key ‘FixMyStreet’"));

        let made = send(&admin, new, "/settings/open311-keys", &[("name", "FixMyStreet")]).await.page;
        let fresh = secret_on(&made);
        assert_eq!(open311_report(&app, &fresh).await.0, 200, "a new key is accepted");
        assert_eq!(open311_report(&app, &key).await.0, 403);
    }
);

both_backends!(only_the_organisation_s_administrators_see_or_revoke_its_keys_and_tokens, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let admin = app.signed_in(&w.admin).await;
    let token = secret_on(
        &send(
            &admin,
            "/settings/api-tokens/new",
            "/settings/api-tokens",
            &[("name", "Council HMS"), ("scope", "read")],
        )
        .await
        .page,
    );
    let key = secret_on(
        &send(&admin, "/settings/open311-keys/new", "/settings/open311-keys", &[("name", "Council FMS")]).await.page,
    );
    let token_id = store.api_tokens(w.tenant, w.council).await.unwrap()[0].id;
    let key_id = store.open311_keys_of(w.tenant, w.council).await.unwrap()[0].id;

    // A team manager changes other settings, not these.
    let manager = app.signed_in(&w.manager).await;
    let settings = manager.get("/settings").await;
    assert_eq!(settings.status, 200);
    assert!(!settings.contains("/settings/api-tokens") && !settings.contains("/settings/open311-keys"));
    for path in
        ["/settings/api-tokens", "/settings/api-tokens/new", "/settings/open311-keys", "/settings/open311-keys/new"]
    {
        assert_eq!(manager.get(path).await.status, 403, "{path}");
    }
    let csrf = manager.csrf("/settings/service-standards").await;
    let tried = manager
        .post("/settings/api-tokens", &[("csrf_token", csrf.as_str()), ("name", "Manager's"), ("scope", "write")])
        .await;
    assert_eq!(tried.status, 403);
    let revoke = format!("/settings/api-tokens/{token_id}/revoke");
    assert_eq!(manager.post(&revoke, &[("csrf_token", csrf.as_str())]).await.status, 403);
    assert_eq!(store.api_tokens(w.tenant, w.council).await.unwrap().len(), 1, "nothing made");

    // The landlord's administrator has pages of their own, without the council's.
    let other = landlord_admin(&app).await;
    let theirs = other.get("/settings/api-tokens").await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.contains("Vale Homes has no tokens yet") && !theirs.contains("Council HMS"), "{}", theirs.body);
    let theirs = other.get("/settings/open311-keys").await;
    assert!(theirs.contains("Vale Homes has no keys yet") && !theirs.contains("Council FMS"));
    let revoke_key = format!("/settings/open311-keys/{key_id}/revoke");
    for path in [&revoke, &revoke_key] {
        assert_eq!(other.get(path).await.status, 404, "{path}");
        let csrf = other.csrf("/settings/api-tokens/new").await;
        assert_eq!(other.post(path, &[("csrf_token", csrf.as_str())]).await.status, 404, "{path}");
    }
    assert_eq!(api_status(&app, &token).await.0, 200, "still works");
    assert_eq!(open311_report(&app, &key).await.0, 200, "still works");
    assert!(store.api_token_changes(w.tenant, w.landlord).await.unwrap().is_empty());
    assert!(store.open311_key_changes(w.tenant, w.landlord).await.unwrap().is_empty());

    // A token the landlord's administrator makes acts as the landlord.
    let theirs = secret_on(
        &send(
            &other,
            "/settings/api-tokens/new",
            "/settings/api-tokens",
            &[("name", "Council HMS"), ("scope", "read")],
        )
        .await
        .page,
    );
    let kept =
        store.api_token(&asbcase_domain::api::token_hash(&theirs), jiff::Timestamp::now()).await.unwrap().unwrap();
    assert_eq!(kept.organisation, w.landlord, "the same name in another organisation is its own");
});
