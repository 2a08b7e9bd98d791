//! Accounts: two-step sign-in with an authenticator app (required of administrators, and of
//! everyone where the partnership says so), changing a password, and signing out everywhere.
mod common;

use asbcase_domain::mfa;
use asbcase_domain::organisation::Role;
use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};
use jiff::Timestamp;

fn now() -> u64 {
    u64::try_from(Timestamp::now().as_second()).unwrap()
}

/// The key shown on the set-up page.
fn key_on(page: &Page) -> Vec<u8> {
    let start = page.body.find("class=\"app-key\">").expect("a key on the page") + "class=\"app-key\">".len();
    let end = page.body[start..].find('<').unwrap();
    mfa::secret_bytes(&page.body[start..start + end]).expect("a base32 key")
}

async fn post(b: &Browser, form_on: &str, to: &str, fields: &[(&str, &str)]) -> Page {
    let token = b.csrf(form_on).await;
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    b.post(to, &form).await
}

both_backends!(an_officer_turns_on_two_step_sign_in_and_then_needs_a_code_that_works_once, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;
    assert!(officer.get("/account").await.contains("Off. Turn it on"));
    let setup = officer.get("/account/two-step").await;
    assert!(setup.contains("<svg") && setup.contains("Scan this code"));
    let key = key_on(&setup);
    let wrong = post(&officer, "/account/two-step", "/account/two-step", &[("code", "12345")]).await;
    assert!(wrong.contains("govuk-error-summary") && wrong.contains("Enter the 6-digit code"));
    assert_eq!(key_on(&wrong), key, "the same key while it is being set up");
    let code = mfa::code_at(&key, now()).unwrap();
    let on = post(&officer, "/account/two-step", "/account/two-step", &[("code", &code)]).await;
    assert_eq!(on.location.as_deref(), Some("/account?done=two-step"));
    assert!(officer.get("/account").await.contains("On: you give a code"));

    // The password is no longer enough.
    let b = app.browser();
    let res = b.sign_in(&w.officer.email, common::PASSWORD).await;
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/sign-in/code"));
    let blocked = b.get("/worklist").await;
    assert!(blocked.location.unwrap().starts_with("/sign-in/code"), "nothing before the code");
    let wrong = post(&b, "/sign-in/code", "/sign-in/code", &[("code", "000000")]).await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.contains("govuk-error-summary"));
    // The code used to turn it on cannot be used again.
    let again = post(&b, "/sign-in/code", "/sign-in/code", &[("code", &code)]).await;
    assert!(again.contains("already been used") || again.contains("not right"), "{}", again.body);
    assert_eq!(b.give_code(&key).await.status, 303);
    assert_eq!(b.get("/worklist").await.status, 200);

    // Not required for an officer: they can turn it off, and the password is enough again.
    let off = post(&officer, "/account", "/account/two-step/off", &[]).await;
    assert_eq!(off.location.as_deref(), Some("/account?done=two-step-off"));
    let c = app.browser();
    let res = c.sign_in(&w.officer.email, common::PASSWORD).await;
    assert_eq!(res.headers()["location"].to_str().unwrap(), "/worklist");
});

both_backends!(
    an_administrator_sets_up_two_step_sign_in_before_anything_else_and_cannot_turn_it_off,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let store = &app.db.store;
        let admin = common::user(
            store,
            w.tenant,
            w.council,
            "Ada Admin",
            "ada.admin@ashfordvale.example",
            &[Role::Administrator],
        )
        .await;
        let b = app.browser();
        assert_eq!(b.sign_in(&admin.email, common::PASSWORD).await.status(), 303);
        let sent = b.get("/overview").await;
        assert_eq!(sent.location.as_deref(), Some("/account/two-step"), "set it up first");
        let setup = b.get("/account/two-step").await;
        assert!(setup.contains("Your role needs two-step sign-in"));
        let code = mfa::code_at(&key_on(&setup), now()).unwrap();
        post(&b, "/account/two-step", "/account/two-step", &[("code", &code)]).await;
        assert_eq!(b.get("/overview").await.status, 200);
        let off = post(&b, "/account", "/account/two-step/off", &[]).await;
        assert_eq!(off.status, 400);
        assert!(off.contains("required for your role"));

        // The partnership requires it of everyone: a colleague is sent to set it up.
        store.set_mfa_for_everyone(w.tenant, true).await.unwrap();
        let colleague = app.signed_in(&w.colleague).await;
        assert_eq!(colleague.get("/worklist").await.location.as_deref(), Some("/account/two-step"));
        assert_eq!(colleague.get("/account").await.status, 200, "their account page still opens");
    }
);

both_backends!(signing_out_everywhere_ends_every_browser_s_session, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let (one, two) = (app.signed_in(&w.officer).await, app.signed_in(&w.officer).await);
    assert_eq!(two.get("/worklist").await.status, 200);
    let out = post(&one, "/account", "/account/sign-out-everywhere", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/sign-in?everywhere=1"));
    assert!(one.get("/sign-in?everywhere=1").await.contains("signed out on every browser"));
    for b in [&one, &two] {
        assert!(b.get("/worklist").await.location.unwrap().starts_with("/sign-in"));
    }
});

both_backends!(a_new_password_follows_the_rules_and_signs_out_every_other_browser, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let (me, elsewhere) = (app.signed_in(&w.officer).await, app.signed_in(&w.officer).await);
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let me = me.clone();
        async move {
            post(
                &me,
                "/account/password",
                "/account/password",
                &[("current", current), ("new", new), ("confirm", confirm)],
            )
            .await
        }
    };
    let wrong = change("not my password", "kettle orbit marmalade", "kettle orbit marmalade").await;
    assert!(wrong.contains("Your current password is not right"));
    let short = change(common::PASSWORD, "short", "short").await;
    assert!(short.contains("Password must be 12 characters or more"));
    let common_one = change(common::PASSWORD, "passwordpassword", "passwordpassword").await;
    assert!(common_one.contains("too common"));
    let mismatch = change(common::PASSWORD, "kettle orbit marmalade", "kettle orbit marmalad").await;
    assert!(mismatch.contains("The passwords do not match"));
    let done = change(common::PASSWORD, "kettle orbit marmalade", "kettle orbit marmalade").await;
    assert_eq!(done.location.as_deref(), Some("/account?done=password"));
    assert_eq!(me.get("/worklist").await.status, 200, "this browser stays signed in");
    assert!(elsewhere.get("/worklist").await.location.unwrap().starts_with("/sign-in"));
    let old = app.browser().sign_in(&w.officer.email, common::PASSWORD).await;
    assert_eq!(old.status(), 200, "the old password no longer works");
    let new = app.browser().sign_in(&w.officer.email, "kettle orbit marmalade").await;
    assert_eq!(new.status(), 303);
});

both_backends!(ten_failures_lock_an_address_out_for_a_while_known_or_not, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let now = Timestamp::now();
    for _ in 0..10 {
        store.record_login_failure(&w.officer.email, now).await.unwrap();
        store.record_login_failure("nobody@ashfordvale.example", now).await.unwrap();
    }
    // Even the right password is not checked while the address is locked out.
    for email in [w.officer.email.as_str(), "nobody@ashfordvale.example"] {
        let res = app.browser().sign_in(email, common::PASSWORD).await;
        assert_eq!(res.status(), 200);
        let page = Page::from_response(res).await;
        assert!(page.contains("Too many tries: you can try again after"), "{}", page.body);
        assert!(page.contains("govuk-error-summary"));
    }
    // Once the lock-out is over (the last failure 20 minutes ago), the right password works.
    store.clear_login_failures(&w.officer.email).await.unwrap();
    let earlier = now - jiff::SignedDuration::from_mins(20);
    for _ in 0..10 {
        store.record_login_failure(&w.officer.email, earlier).await.unwrap();
    }
    assert_eq!(app.browser().sign_in(&w.officer.email, common::PASSWORD).await.status(), 303);
});
