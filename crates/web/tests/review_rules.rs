//! The partnership's ASB Case Review rules, set from Settings by an administrator of the
//! organisation that takes reports: a new version takes effect on its day and is never changed;
//! rules the law does not allow, or that would reach back into the past, are refused.
mod common;

use asbcase_domain::case_review::STATUTORY;
use asbcase_store::both_backends;
use common::{Browser, TestApp};

async fn store_rules(admin: &Browser, changes: &[(&str, &str)]) -> common::Page {
    let csrf = admin.csrf("/settings/case-review/new").await;
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("threshold", "3"),
        ("window_months", "6"),
        ("qualify_within_months", "1"),
        ("different_households", ""),
        ("acknowledge", "5"),
        ("decide", "10"),
        ("meet", "20"),
        ("outcome", "25"),
        ("set_by", "Community safety partnership board, March 2027"),
    ];
    for (name, value) in changes {
        form.retain(|(k, _)| k != name);
        form.push((name, value));
    }
    admin.post("/settings/case-review", &form).await
}

both_backends!(a_lower_threshold_from_tomorrow_is_to_come_and_kept_with_who_agreed_it, |db| async move {
    let app = TestApp::start(db).await;
    let (w, store) = (&app.world, &app.db.store);
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings").await.contains("href=\"/settings/case-review\""));
    let page = admin.get("/settings/case-review").await;
    assert!(page.contains("The law (Anti-social Behaviour, Crime and Policing Act 2014)") && page.contains("In force"));
    let form = admin.get("/settings/case-review/new").await;
    assert!(form.contains("id=\"threshold\"") && form.contains("value=\"25\""), "starts from the rules in force");

    let today = jiff::Zoned::now().with_time_zone(asbcase_domain::time::london()).date();
    let tomorrow = today.tomorrow().unwrap();
    let (d, m, y) = (tomorrow.day().to_string(), tomorrow.month().to_string(), tomorrow.year().to_string());
    let saved = store_rules(
        &admin,
        &[
            ("from_day", &d),
            ("from_month", &m),
            ("from_year", &y),
            ("threshold", "2"),
            ("hate_incident_triggers", "yes"),
        ],
    )
    .await;
    assert_eq!(saved.location.as_deref(), Some("/settings/case-review?saved=1"), "{}", saved.body);
    let page = admin.get("/settings/case-review?saved=1").await;
    assert!(page.contains("The new rules are stored") && page.contains("To come"));
    assert!(page.contains("threshold 2 complaints, counted for 6 months"));
    assert!(page.contains("or any complaint of a hate incident"));
    assert!(page.contains("Community safety partnership board, March 2027"));
    assert!(page.contains("Alex Admin (alex.admin@ashfordvale.example)"), "kept with who stored it");
    let book = store.review_rule_book(w.tenant).await.unwrap();
    assert_eq!(book.in_force(tomorrow).threshold, 2, "applications made from tomorrow use them");
    assert_eq!(book.in_force(today).threshold, STATUTORY.threshold, "and not those made today");

    let again = store_rules(&admin, &[("from_day", &d), ("from_month", &m), ("from_year", &y)]).await;
    assert!(again.contains("Rules already take effect on"), "a version is never changed");
});

both_backends!(rules_the_law_does_not_allow_or_that_reach_into_the_past_are_refused, |db| async move {
    let app = TestApp::start(db).await;
    let (w, store) = (&app.world, &app.db.store);
    let admin = app.signed_in(&w.admin).await;
    let refused = store_rules(
        &admin,
        &[
            ("from_day", "1"),
            ("from_month", "4"),
            ("from_year", "2020"),
            ("threshold", "5"),
            ("window_months", "three"),
            ("meet", "30"),
            ("outcome", "28"),
            ("set_by", " "),
        ],
    )
    .await;
    assert_eq!(refused.status, 200);
    assert!(refused.title().starts_with("Error: "));
    for (field, says) in [
        ("from_day", "The rules must take effect from tomorrow or later"),
        ("threshold", "The threshold must be between 1 and 3 complaints"),
        ("window_months", "Enter the months complaints count for as a whole number"),
        ("outcome", "The outcome letter (28 working days) cannot be due before the review meeting"),
        ("set_by", "Say who agreed these rules"),
    ] {
        assert!(refused.contains(&format!("href=\"#{field}\"")) && refused.contains(says), "{field}: {}", refused.body);
    }
    assert!(refused.contains("value=\"three\""), "what was typed is kept");
    assert!(store.review_rules(w.tenant).await.unwrap().is_empty(), "nothing stored");
    assert_eq!(app.signed_in(&w.manager).await.get("/settings/case-review").await.status, 403);
});
