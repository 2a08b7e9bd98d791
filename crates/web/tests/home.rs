//! An officer's home page (the worklist): the lists of cases they saved from the Cases page,
//! and the cases they looked at lately.
mod common;

use asbcase_store::both_backends;
use common::{Browser, TestApp};

/// Save the Cases page's filters `query` as a list called `name`.
async fn save(b: &Browser, query: &str, name: &str) -> common::Page {
    let page = b.get(&format!("/cases/saved/new?{query}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf().unwrap();
    let start = page.body.find("name=\"query\" value=\"").unwrap() + "name=\"query\" value=\"".len();
    let kept = page.body[start..start + page.body[start..].find('"').unwrap()].replace("&#38;", "&");
    b.post("/cases/saved", &[("csrf_token", &csrf), ("query", &kept), ("name", name)]).await
}

both_backends!(an_officer_saves_a_list_of_cases_and_finds_it_on_their_home_page, |db| async move {
    let app = TestApp::start(db).await;
    let officer = app.signed_in(&app.world.officer).await;

    let cases = officer.get("/cases?scope=mine&risk=high&overdue=yes").await;
    assert!(cases.contains("href=\"/cases/saved/new?scope=mine&#38;risk=high&#38;overdue=yes\""), "{}", cases.body);
    let form = officer.get("/cases/saved/new?scope=mine&risk=high&overdue=yes").await;
    assert!(form.contains("Your cases: not closed, high risk, contact overdue"), "{}", form.body);

    let saved = save(&officer, "scope=mine&risk=high&overdue=yes", "  High risk,   overdue ").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/cases/saved?saved=1"));
    let home = officer.get("/worklist").await;
    assert!(
        home.contains(
            "<a class=\"govuk-link\" href=\"/cases?scope=mine&#38;risk=high&#38;overdue=yes\">High risk, overdue</a>"
        ),
        "{}",
        home.body
    );
    let opened = officer.get("/cases?scope=mine&risk=high&overdue=yes").await;
    assert!(opened.contains(app.world.officers_case.reference.as_str()), "the list shows the matching case");

    // Names must be given, short and not used twice; lists of the Cases page only.
    for (name, says) in [
        ("", "Enter a name for the list"),
        (&"x".repeat(61), "Name the list in 60 characters or fewer"),
        ("High risk, overdue", "You already have a list called ‘High risk, overdue’"),
    ] {
        let refused = save(&officer, "scope=mine&risk=high&overdue=yes", name).await;
        assert_eq!(refused.status, 200);
        assert!(
            refused.title().starts_with("Error: ") && refused.contains("href=\"#name\"") && refused.contains(says),
            "{says}"
        );
    }
    assert_eq!(officer.get("/cases/saved/new?risk=extreme").await.status, 400);

    // Lists are one's own: a colleague neither sees nor removes them.
    let list = app.db.store.saved_lists(app.world.tenant, app.world.officer.id).await.unwrap();
    assert_eq!(list.len(), 1);
    let colleague = app.signed_in(&app.world.colleague).await;
    assert!(!colleague.get("/worklist").await.contains("High risk, overdue"));
    let csrf = colleague.csrf("/cases/saved").await;
    let path = format!("/cases/saved/{}/remove", list[0].id);
    assert_eq!(colleague.post(&path, &[("csrf_token", &csrf)]).await.status, 404);

    let csrf = officer.csrf("/cases/saved").await;
    let removed = officer.post(&path, &[("csrf_token", &csrf)]).await;
    assert_eq!(removed.location.as_deref(), Some("/cases/saved?removed=1"));
    assert!(officer.get("/cases/saved?removed=1").await.contains("You have no saved lists yet"));
});

both_backends!(the_cases_an_officer_looked_at_are_on_their_home_page_latest_first, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;
    assert!(officer.get("/worklist").await.contains("Cases you open are listed here"));
    let (mine, colleagues) = (w.officers_case.reference.to_string(), w.colleagues_case.reference.to_string());
    for r in [&mine, &colleagues, &mine] {
        assert_eq!(officer.get(&format!("/cases/{r}")).await.status, 200);
    }
    let home = officer.get("/worklist").await;
    let section = &home.body[home.body.find("Cases you looked at recently").unwrap()..];
    let (first, second) =
        (section.find(&format!(">{mine}<")).unwrap(), section.find(&format!(">{colleagues}<")).unwrap());
    assert!(first < second, "the latest look first, each case once");
    assert_eq!(section.matches(&format!(">{mine}<")).count(), 1);
});
