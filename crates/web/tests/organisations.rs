//! The administrator of the organisation that takes residents' reports runs the partnership's
//! list of organisations from Settings: a housing association joins, its homes are entered for
//! NM01, and its first administrator is invited and signs in to run it. Adding a council does
//! not take residents' reports or the case reviews away from the one that has them.
mod common;

use asbcase_domain::organisation::OrganisationKind;
use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};

const NEW_ADMIN: &str = "priya.natarajan@riversidehousing.example";
const CHOSEN: &str = "willow lantern meadow stone";

async fn add(admin: &Browser, name: &str, kind: &str) -> Page {
    let csrf = admin.csrf("/settings/organisations/new").await;
    admin.post("/settings/organisations", &[("csrf_token", &csrf), ("name", name), ("kind", kind)]).await
}

both_backends!(a_housing_association_joins_and_its_first_administrator_signs_in, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings").await.contains("href=\"/settings/organisations\""));
    let list = admin.get("/settings/organisations").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("Ashford Vale District Council") && list.contains("Takes residents&#39; reports"));
    assert!(list.contains("Vale Homes") && list.contains("Social landlord"));

    // Refused, with what was typed kept.
    let refused = add(&admin, "  ", "").await;
    assert_eq!(refused.status, 200);
    assert!(refused.contains("href=\"#name\"") && refused.contains("Enter the organisation&#39;s name"));
    assert!(refused.contains("href=\"#kind\"") && refused.contains("Choose what kind of organisation it is"));
    let taken = add(&admin, "vale  HOMES", "social_landlord").await;
    assert!(taken.contains("The partnership already has an organisation called vale HOMES"), "{}", taken.body);
    assert!(taken.contains("value=\"social_landlord\" checked"), "the kind chosen is kept");
    let long = add(&admin, &"R".repeat(101), "other").await;
    assert!(long.contains("Enter a name of 100 characters or fewer"));
    assert_eq!(store.organisations(w.tenant).await.unwrap().len(), 2, "nothing refused was added");

    let added = add(&admin, "Riverside  Housing", "social_landlord").await;
    assert_eq!(added.status, 303, "{}", added.body);
    let path = added.location.as_deref().unwrap().trim_end_matches("?done=added").to_string();
    let page = admin.get(added.location.as_deref().unwrap()).await;
    assert!(page.contains("The organisation is added. Invite its first administrator"));
    assert!(page.contains("<h1 class=\"govuk-heading-l\">Riverside Housing</h1>"));
    assert!(page.contains("It has no administrator yet"));
    let list = admin.get("/settings/organisations").await;
    assert!(list.contains("added Riverside Housing (Social landlord)"), "kept in the history");
    let riverside = store.organisations(w.tenant).await.unwrap().into_iter().find(|o| o.name == "Riverside Housing");
    let riverside = riverside.expect("added");
    assert_eq!(riverside.kind, OrganisationKind::SocialLandlord);

    // Its homes, entered for it.
    let csrf = page.csrf().unwrap();
    let bad =
        admin.post(&format!("{path}/homes"), &[("csrf_token", &csrf), ("year", "2025/27"), ("homes", "lots")]).await;
    assert_eq!(bad.status, 200);
    assert!(bad.contains("href=\"#year\"") && bad.contains("href=\"#homes\""), "{}", bad.body);
    assert!(bad.contains("value=\"lots\""));
    let entered =
        admin.post(&format!("{path}/homes"), &[("csrf_token", &csrf), ("year", "2025"), ("homes", "4,210")]).await;
    assert_eq!(entered.location.as_deref(), Some(format!("{path}?done=homes").as_str()));
    assert_eq!(store.homes_owned(w.tenant, riverside.id).await.unwrap(), vec![(2025, 4210)]);
    let page = admin.get(&path).await;
    assert!(page.contains("2025/26") && page.contains("4210 homes at the end of 2025/26"), "{}", page.body);
    assert!(page.contains(&w.admin.email), "who entered them is kept");

    // Its first administrator.
    let to = format!("{path}/administrator");
    let invite = |name: &str, email: &str| {
        let form = [("csrf_token", csrf.clone()), ("name", name.to_string()), ("email", email.to_string())];
        let (admin, to) = (admin.clone(), to.clone());
        async move { admin.post(&to, &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await }
    };
    let bad = invite("", "priya at riverside").await;
    assert!(bad.contains("Enter their full name") && bad.contains("Enter an email address in the right format"));
    assert!(bad.contains("value=\"priya at riverside\""));
    let taken = invite("Someone", &w.officer.email.to_uppercase()).await;
    assert!(taken.contains("There is already an account with this email address"), "{}", taken.body);
    // Sent to the wrong address first: withdrawn, and the right person invited.
    let wrong = invite("Priya Natarajan", "priya.natarajan@riversidehousing.exmaple").await;
    assert_eq!(wrong.location.as_deref(), Some(format!("{path}?done=invited").as_str()), "{}", wrong.body);
    let page = admin.get(&path).await;
    assert!(page.contains("Priya Natarajan") && page.contains("The invitation is waiting to be sent."));
    assert!(page.contains("Send the invitation to Priya Natarajan again"));
    assert_eq!(invite("Another", "another@riversidehousing.example").await.status, 400, "one first administrator");
    let mistaken = store.user_by_email("priya.natarajan@riversidehousing.exmaple").await.unwrap().unwrap();
    let id = mistaken.id.0.to_string();
    let withdrawn = admin.post(&to, &[("csrf_token", &csrf), ("withdraw", &id)]).await;
    assert_eq!(withdrawn.location.as_deref(), Some(format!("{path}?done=withdrawn").as_str()));
    assert!(!store.user_by_email("priya.natarajan@riversidehousing.exmaple").await.unwrap().unwrap().active);
    assert_eq!(admin.post(&to, &[("csrf_token", &csrf), ("again", &id)]).await.status, 400, "withdrawn for good");
    let sent = invite("Priya Natarajan", NEW_ADMIN).await;
    assert_eq!(sent.location.as_deref(), Some(format!("{path}?done=invited").as_str()), "{}", sent.body);

    let delivered = app.deliver().await;
    assert!(!delivered.iter().any(|m| m.recipient.ends_with(".exmaple")), "the withdrawn invitation is not sent");
    let email = delivered.iter().find(|m| m.recipient == NEW_ADMIN).expect("the invitation is emailed");
    assert!(email.subject.contains("Riverside Housing"), "{}", email.subject);
    let at = email.body.find("/invite/").expect("a link");
    let link = &email.body[at..at + "/invite/".len() + 48];
    let priya = app.browser();
    let csrf = priya.get(link).await.csrf().unwrap();
    let chosen = priya.post(link, &[("csrf_token", &csrf), ("new", CHOSEN), ("confirm", CHOSEN)]).await;
    assert_eq!(chosen.location.as_deref(), Some("/sign-in?chosen=1"));
    assert_eq!(priya.sign_in(NEW_ADMIN, CHOSEN).await.status(), 303, "she signs in");
    let account = store.user_by_email(NEW_ADMIN).await.unwrap().unwrap();
    assert_eq!(account.organisation, riverside.id);
    assert_eq!(account.roles, vec![asbcase_domain::organisation::Role::Administrator]);
    let page = admin.get(&path).await;
    assert!(page.contains("Can sign in.") && !page.contains("Send the invitation to"));
    let priya_id = account.id.0.to_string();
    let late = admin.post(&to, &[("csrf_token", &csrf), ("withdraw", &priya_id)]).await;
    assert_eq!(late.status, 400, "once she can sign in, her organisation runs its own accounts");

    // An organisation with staff already invites its own: Vale Homes has an officer.
    let vale = format!("/settings/organisations/{}/administrator", w.landlord.0);
    let refused = admin.post(&vale, &[("csrf_token", &csrf), ("name", "Someone"), ("email", "x@vale.example")]).await;
    assert_eq!(refused.status, 400);
    assert!(!admin.get(&format!("/settings/organisations/{}", w.landlord.0)).await.contains("id=\"invite-form\""));
});

both_backends!(adding_a_council_leaves_residents_reports_and_case_reviews_where_they_are, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let admin = app.signed_in(&w.admin).await;
    // "Aardvark" comes first by name: without the kept choice it would take residents' reports.
    let added = add(&admin, "Aardvark County Council", "council").await;
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(store.report_receiver(w.tenant).await.unwrap().map(|o| o.id), Some(w.council));
    assert_eq!(store.case_review_lead_org(w.tenant).await.unwrap().map(|o| o.id), Some(w.council));
    assert!(
        app.browser().get("/report").await.contains("Ashford Vale District Council"),
        "the public still report to it"
    );
    assert_eq!(admin.get("/settings/organisations").await.status, 200, "its administrator still runs the list");
    let list = admin.get("/settings/organisations").await;
    assert!(list.contains("Aardvark County Council") && list.contains("Runs ASB Case Reviews"));
});

both_backends!(only_the_reporting_organisations_administrators_see_the_partnerships_organisations, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    assert_eq!(manager.get("/settings/organisations").await.status, 403);
    assert!(!manager.get("/settings").await.contains("/settings/organisations"));
    let admin = app.signed_in(&w.admin).await;
    let elsewhere = format!("/settings/organisations/{}", w.other_tenant_officer.organisation.0);
    assert_eq!(admin.get(&elsewhere).await.status, 404, "another partnership's organisation is not found");
    assert_eq!(admin.get("/settings/organisations/not-an-id").await.status, 404);
});
