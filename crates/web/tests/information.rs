//! The public information pages: residents read them before reporting, with the figures the
//! settings hold shown live; the council's administrator changes their words, previews first,
//! and every change is kept with who made it.
mod common;

use asbcase_domain::standards::{Deadline, ServiceStandards};
use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};
use jiff::Timestamp;

const PAGE: &str = "/public-pages/after-you-report";

async fn send(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let csrf = b.csrf(path).await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form).await
}

both_backends!(a_resident_reads_the_service_standards_as_they_are_set_now, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let resident = app.browser();

    let index = resident.get("/information").await;
    assert_eq!(index.status, 200, "{}", index.body);
    assert!(index.contains("What happens after you report"));
    assert!(index.contains("href=\"/information/reporting-anonymously\""));
    assert!(resident.get("/report").await.contains("href=\"/information/what-is-anti-social-behaviour\""));

    let page = resident.get("/information/after-you-report").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("<h1 class=\"govuk-heading-l\">What happens after you report</h1>"));
    assert!(page.contains("These are the times Ashford Vale District Council works to."), "the name is filled in");
    assert!(page.contains("Standard</th>\n      <td class=\"govuk-table__cell\">5 working days"), "{}", page.body);
    assert!(page.contains("at least every 10 working days"));

    // The council changes its standards: the page says so at once, with nothing retyped.
    let standards = ServiceStandards {
        first_contact_standard: Deadline::WorkingDays(3),
        ongoing_contact_working_days: 5,
        ..ServiceStandards::default()
    };
    app.db.store.set_service_standards(w.tenant, w.council, &standards, "test", Timestamp::now()).await.unwrap();
    let page = resident.get("/information/after-you-report").await;
    assert!(page.contains("Standard</th>\n      <td class=\"govuk-table__cell\">3 working days"), "{}", page.body);
    assert!(page.contains("at least every 5 working days"));

    let categories = resident.get("/information/types-of-anti-social-behaviour").await;
    assert!(categories.contains("Noise") && categories.contains("govuk-summary-list__key"));
    let review = resident.get("/information/asb-case-review").await;
    assert!(review.contains("the same problem 3 or more times in 6 months"), "{}", review.body);
    assert_eq!(resident.get("/information/no-such-page").await.status, 404);
});

both_backends!(an_administrator_previews_publishes_and_puts_back_a_page_and_the_history_says_who, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    let resident = app.browser();

    let list = admin.get("/public-pages").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.contains("Default text"));
    assert!(
        admin.get("/settings").await.contains("href=\"/public-pages\""),
        "the administrator's settings have the pages"
    );

    let words = [
        ("title", "After you report to ((organisation))"),
        ("body", "## First\n\nWe call you. Read about [diaries](/information/keeping-a-diary-and-evidence)."),
    ];
    let mut preview = words.to_vec();
    preview.push(("action", "preview"));
    let page = send(&admin, PAGE, &preview).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Preview: not published yet"));
    assert!(page.contains("After you report to Ashford Vale District Council"));
    assert!(page.contains("<h2 class=\"govuk-heading-m\">First</h2>"));
    assert!(
        resident.get("/information/after-you-report").await.contains("What happens after you report"),
        "a preview publishes nothing"
    );

    let mut save = words.to_vec();
    save.push(("action", "save"));
    let saved = send(&admin, PAGE, &save).await;
    assert_eq!(saved.status, 303);
    assert_eq!(saved.location.as_deref(), Some("/public-pages/after-you-report?saved=1"));
    let shown = resident.get("/information/after-you-report").await;
    assert!(shown.contains("<h1 class=\"govuk-heading-l\">After you report to Ashford Vale District Council</h1>"));
    assert!(shown.contains("href=\"/information/keeping-a-diary-and-evidence\">diaries</a>"));
    assert!(shown.contains("at least every 10 working days"), "the live figures stay");
    let form = admin.get("/public-pages/after-you-report?saved=1").await;
    assert!(form.contains("The page is published"));
    assert!(form.contains("Alex Admin (alex.admin@ashfordvale.example)"), "the history names who changed it");
    assert!(admin.get("/public-pages").await.contains("Changed by Alex Admin"));

    let back = send(&admin, PAGE, &[("title", ""), ("body", ""), ("action", "default")]).await;
    assert_eq!(back.status, 303);
    assert!(resident.get("/information/after-you-report").await.contains("What happens after you report"));
    let history = app.db.store.information_history(w.tenant, "after-you-report").await.unwrap();
    assert_eq!(history.len(), 2, "both changes are kept");
    assert!(history[0].title.is_empty(), "the default is followed, not copied");
    assert!(admin.get(PAGE).await.contains("The default text put back"));
    assert!(admin.get("/public-pages").await.contains("Default text, put back by Alex Admin"));
});

both_backends!(words_that_cannot_be_shown_are_refused_with_the_reason_and_kept_to_put_right, |db| async move {
    let app = TestApp::start(db).await;
    let admin = app.signed_in(&app.world.admin).await;
    let page = send(
        &admin,
        PAGE,
        &[("title", "After you report"), ("body", "Call us <script>alert(1)</script>"), ("action", "save")],
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("href=\"#body\""));
    assert!(page.contains("has HTML in it"));
    assert!(
        page.contains("Call us &#60;script&#62;alert(1)&#60;/script&#62;</textarea>"),
        "what was typed is kept: {}",
        page.body
    );
    assert!(page.title().starts_with("Error: "), "{}", page.title());

    let page = send(&admin, PAGE, &[("title", ""), ("body", "[x](javascript:alert(1))"), ("action", "save")]).await;
    assert!(page.contains("Enter the page&#39;s title") || page.contains("Enter the page's title"), "{}", page.body);
    assert!(page.contains("cannot be used"));
    assert!(app.db.store.information_history(app.world.tenant, "after-you-report").await.unwrap().is_empty());
    assert_eq!(admin.get("/public-pages/no-such-page").await.status, 404);
});

both_backends!(staff_other_than_the_councils_administrators_do_not_change_the_pages, |db| async move {
    // Every role and organisation is tried in the authorisation matrix; here, what they see.
    let app = TestApp::start(db).await;
    let officer = app.signed_in(&app.world.officer).await;
    assert_eq!(officer.get("/public-pages").await.status, 403);
    assert!(!officer.get("/").await.contains("href=\"/public-pages\""));
});
