//! An administrator invites a new member of staff from Settings: the account is made without a
//! password, the email carries a one-time link, and they choose their password with it and
//! sign in. Sending the invitation again stops the earlier link working.
mod common;

use asbcase_store::both_backends;
use common::{Browser, TestApp};

const SAM: &str = "sam.okafor@ashfordvale.example";
const CHOSEN: &str = "copper kettle harbour lamp";

/// The invitation link's path in the email sent to `to`, once delivered.
async fn link_sent_to(app: &TestApp, to: &str) -> String {
    let sent = app.deliver().await;
    let email = sent.iter().find(|m| m.recipient == to && m.kind == "staff_invite").expect("an invitation email");
    assert!(email.subject.contains("invited to Ashford Vale"), "{}", email.subject);
    let at = email.body.find("/invite/").expect("a link in the email");
    email.body[at..at + "/invite/".len() + 48].to_string()
}

async fn invite(admin: &Browser, fields: &[(&str, &str)]) -> common::Page {
    let csrf = admin.csrf("/settings/users/new").await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    admin.post("/settings/users", &form).await
}

both_backends!(an_invited_officer_chooses_a_password_with_the_link_and_signs_in, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings/users").await.contains("href=\"/settings/users/new\""));

    let refused = invite(&admin, &[("name", " "), ("email", "sam at ashford"), ("patch", "")]).await;
    assert_eq!(refused.status, 200);
    for (field, says) in [
        ("name", "Enter their full name"),
        ("email", "Enter an email address in the right format"),
        ("roles", "Choose at least one role"),
    ] {
        assert!(refused.contains(&format!("href=\"#{field}\"")) && refused.contains(says), "{field}");
    }
    assert!(refused.contains("value=\"sam at ashford\""), "what was typed is kept");
    let taken =
        invite(&admin, &[("name", "Someone"), ("email", &w.officer.email.to_uppercase()), ("roles", "analyst")]).await;
    assert!(taken.contains("There is already an account with this email address"), "{}", taken.body);

    let sent =
        invite(&admin, &[("name", "Sam  Okafor"), ("email", SAM), ("roles", "case_officer"), ("patch", "Riverside")])
            .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let person = admin.get(sent.location.as_deref().unwrap()).await;
    assert!(person.contains("The invitation is on its way"));
    assert!(person.contains("The invitation is waiting to be sent."));
    let list = admin.get("/settings/users").await;
    assert!(list.contains("Sam Okafor") && list.contains("Invited: no password yet"));
    assert!(list.contains("invited Sam Okafor (sam.okafor@ashfordvale.example): Case officer"), "kept in the history");
    let sam = app.db.store.user_by_email(SAM).await.unwrap().unwrap();
    assert_eq!((sam.organisation, sam.patch.as_deref()), (w.council, Some("Riverside")));
    assert_eq!(app.browser().sign_in(SAM, "").await.status(), 200, "no password signs in before one is chosen");

    let link = link_sent_to(&app, SAM).await;
    assert!(
        admin.get(sent.location.as_deref().unwrap()).await.contains("The invitation was sent; its link works until")
    );
    let b = app.browser();
    let page = b.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Choose your password") && page.contains("Welcome, Sam Okafor."));
    let csrf = page.csrf().unwrap();
    let short = b.post(&link, &[("csrf_token", &csrf), ("new", "short"), ("confirm", "short")]).await;
    assert!(short.contains("href=\"#new\""), "{}", short.body);
    let differ = b.post(&link, &[("csrf_token", &csrf), ("new", CHOSEN), ("confirm", "copper kettle")]).await;
    assert!(differ.contains("The passwords do not match"));
    let chosen = b.post(&link, &[("csrf_token", &csrf), ("new", CHOSEN), ("confirm", CHOSEN)]).await;
    assert_eq!(chosen.location.as_deref(), Some("/sign-in?chosen=1"));
    assert!(b.get("/sign-in?chosen=1").await.contains("Your password is set"));
    let signed_in = b.sign_in(SAM, CHOSEN).await;
    assert_eq!(signed_in.status(), 303, "they sign in with the password they chose");
    assert_eq!(app.browser().get(&link).await.status, 410, "the link works once");
    assert!(admin.get("/settings/users").await.contains("Can sign in"));
});

both_backends!(an_invitation_sent_again_replaces_the_first_link, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    let sent = invite(&admin, &[("name", "Sam Okafor"), ("email", SAM), ("roles", "analyst")]).await;
    let person = sent.location.unwrap();
    let first = link_sent_to(&app, SAM).await;
    let csrf = admin.csrf(&person).await;
    let again = admin.post(&format!("{}/invite", person.split('?').next().unwrap()), &[("csrf_token", &csrf)]).await;
    assert_eq!(again.status, 303, "{}", again.body);
    assert_eq!(app.browser().get(&first).await.status, 410, "the first link no longer works");
    let second = link_sent_to(&app, SAM).await;
    assert_ne!(first, second);
    assert_eq!(app.browser().get(&second).await.status, 200);
    assert!(admin.get("/settings/users").await.contains("invitation sent again to Sam Okafor"));

    // Only administrators invite (the authorisation matrix checks every route for every role).
    assert_eq!(app.signed_in(&w.officer).await.get("/settings/users/new").await.status, 403);
});

both_backends!(an_invited_administrator_does_not_stand_in_until_they_can_sign_in, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    let sent = invite(&admin, &[("name", "Sam Okafor"), ("email", SAM), ("roles", "administrator")]).await;
    assert_eq!(sent.status, 303);
    // The only administrator who can sign in cannot switch themselves off on the strength of
    // an invitation that may never be taken up.
    let own = format!("/settings/users/{}", w.admin.id.0);
    let csrf = admin.csrf(&own).await;
    let refused = admin.post(&own, &[("csrf_token", &csrf), ("roles", "administrator"), ("active", "no")]).await;
    assert_eq!(refused.status, 200, "{}", refused.body);
    assert!(refused.contains("href=\"#active\""));
});
