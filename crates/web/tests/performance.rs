//! Performance: a manager's dashboard, the cases behind a figure, targets, reports to download
//! and the anonymised figures residents can read without signing in.
mod common;

use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};

/// From a year ago to today, so every case of the test world counts.
fn this_year() -> String {
    let today = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date();
    let from = today.checked_sub(jiff::ToSpan::days(400)).unwrap();
    format!("from={from}&to={today}")
}

async fn post_form(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let csrf = b.csrf(path).await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form).await
}

both_backends!(a_manager_follows_a_figure_to_the_cases_behind_it_and_an_analyst_cannot, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let page = manager.get(&format!("/performance?{}", this_year())).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Keeping in touch with complainants"));
    assert!(page.contains("How each figure is worked out"));
    // Three complaints about 14 Orchard Court, to the council and the landlord: a repeat location.
    assert!(page.contains("Repeats and hotspots") && page.contains("Repeat locations"));
    assert!(page.contains("<svg"), "trend charts are drawn");
    assert!(
        page.contains("the chart&#39;s figures") || page.contains("the chart's figures"),
        "each chart has its table"
    );

    // New cases: the council's two (the officer's and the colleague's), not the landlord's.
    let cases = manager.get(&format!("/performance/cases?{}&kpi=cases_opened", this_year())).await;
    assert_eq!(cases.status, 200, "{}", cases.body);
    assert!(cases.contains(w.officers_case.reference.as_str()));
    assert!(cases.contains(w.colleagues_case.reference.as_str()));
    assert!(!cases.contains(w.landlords_case.reference.as_str()));
    // The partnership's figure counts the landlord's case too, without naming it.
    let all = manager.get(&format!("/performance/cases?{}&scope=partnership&kpi=cases_opened", this_year())).await;
    assert!(all.contains("cases of other organisations of the partnership also count"), "{}", all.body);
    assert!(!all.contains(w.landlords_case.reference.as_str()));

    // Another organisation's figures (never its cases): the landlord opened one case.
    let landlord = manager.get(&format!("/performance?{}&scope={}&format=csv", this_year(), w.landlord)).await;
    assert!(landlord.contains("<span class=\"govuk-caption-l\">Vale Homes</span>"), "{}", landlord.body);
    let csv = manager.get(&format!("/performance/report?{}&scope={}&format=csv", this_year(), w.landlord)).await;
    assert!(csv.body.contains("Vale Homes,") && csv.body.contains(",cases_opened,New cases,,1,"), "{}", csv.body);
    let nobody = manager.get(&format!("/performance?scope={}", uuid::Uuid::nil())).await;
    assert!(nobody.contains("Choose whose figures from the list"));

    let analyst = app.signed_in(&w.analyst).await;
    let figures = analyst.get(&format!("/performance?{}", this_year())).await;
    assert_eq!(figures.status, 200);
    assert!(!figures.contains("/performance/cases?"), "analysts see figures, never cases");
    assert_eq!(analyst.get("/performance/cases?kpi=cases_opened").await.status, 403);
    let officer = app.signed_in(&w.officer).await;
    assert_eq!(officer.get("/performance").await.status, 403);
});

both_backends!(a_filter_that_makes_no_sense_is_named_in_the_error_summary, |db| async move {
    let app = TestApp::start(db).await;
    let manager = app.signed_in(&app.world.manager).await;
    let page = manager.get("/performance?category=fireworks&risk=purple&period=2025-Q7").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("There is a problem"));
    assert!(page.contains("Choose a category from the list"));
    assert!(page.contains("Choose a risk band from the list"));
    assert!(page.contains("is not a period"));
    assert!(page.title().starts_with("Error: "), "{}", page.title());
});

both_backends!(a_team_manager_sets_a_target_and_the_dashboard_measures_against_it, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let bad = post_form(
        &manager,
        "/performance/targets",
        &[("kpi", "resolution_rate"), ("value", "150"), ("direction", "at_least"), ("set_by", "")],
    )
    .await;
    assert_eq!(bad.status, 200);
    assert!(bad.contains("There is a problem"));
    assert!(bad.contains("enter 0 to 100") || bad.contains("who set or agreed"), "{}", bad.body);
    assert!(bad.contains("value=\"150\""), "what was typed is kept");

    let done = post_form(
        &manager,
        "/performance/targets",
        &[
            ("kpi", "first_contact"),
            ("value", "90"),
            ("direction", "at_least"),
            ("set_by", "Agreed with the tenants' ASB panel"),
            ("set_on_day", "12"),
            ("set_on_month", "3"),
            ("set_on_year", "2025"),
        ],
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let list = manager.get("/performance/targets").await;
    assert!(list.contains("First contact within the service standard"));
    assert!(list.contains("12 March 2025"));
    let page = manager.get(&format!("/performance?{}", this_year())).await;
    assert!(page.contains("at least 90%"), "the target shows beside its figure");
    assert!(page.contains("govuk-tag"), "with its status");

    let analyst = app.signed_in(&w.analyst).await;
    let refused = post_form(&analyst, "/performance/targets", &[("kpi", "first_contact"), ("value", "10")]).await;
    assert_eq!(refused.status, 403);
});

both_backends!(reports_download_as_csv_and_tagged_pdf_for_staff_and_anonymised, |db| async move {
    let app = TestApp::start(db).await;
    let manager = app.signed_in(&app.world.manager).await;
    let csv = manager.get(&format!("/performance/report?{}&format=csv", this_year())).await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with("scope,period,section,kpi"));
    // Two new council cases: staff see 2; published, that is fewer than 5.
    assert!(csv.body.contains(",cases_opened,New cases,,2,"), "{}", csv.body);
    let public = manager.get(&format!("/performance/report?{}&format=csv&anonymised=yes", this_year())).await;
    assert!(public.body.contains(",cases_opened,New cases,,<5,"), "{}", public.body);
    let res = manager
        .client
        .get(format!("{}/performance/report?{}&format=pdf", manager.base, this_year()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(manager.get("/performance/report?format=docx").await.status, 400);
});

both_backends!(residents_read_each_organisations_anonymised_figures_without_signing_in, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let resident = app.browser();
    let index = resident.get("/our-performance").await;
    assert_eq!(index.status, 200);
    assert!(index.contains(&format!("/our-performance/{}", w.council)));
    let page = resident.get(&format!("/our-performance/{}", w.council)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("How we deal with anti-social behaviour"));
    assert!(page.contains("name nobody"));
    assert!(!page.contains(w.officers_case.reference.as_str()));
    assert!(!page.contains("/performance/cases"));
    // Only whole periods that have ended: a custom or future period is refused.
    let today = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).date();
    let current = asbcase_domain::kpi::Period::quarter_of(today, 4).code();
    let refused = resident.get(&format!("/our-performance/{}?period={current}", w.council)).await;
    assert!(refused.contains("only quarters that have ended are published"), "{}", refused.body);
    // Nor a whole year: less three of its quarters it would give the fourth's small numbers away.
    let last_year = asbcase_domain::kpi::Period::year_of(today, 4).previous().code();
    let year = resident.get(&format!("/our-performance/{}?period={last_year}", w.council)).await;
    assert!(year.contains("only quarters that have ended are published"));
    let csv = resident.get(&format!("/our-performance/{}?format=csv", w.council)).await;
    assert!(csv.content_type.starts_with("text/csv"));
    // Another partnership's organisation is not found here.
    let other = w.other_tenant_officer.organisation;
    assert_eq!(resident.get(&format!("/our-performance/{other}")).await.status, 404);
    assert_eq!(resident.get("/our-performance/not-an-id").await.status, 404);
});
