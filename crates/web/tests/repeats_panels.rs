//! Repeats, hotspots and case panels across the partnership.
mod common;

use asbcase_domain::repeats::{AreaKind, AreaSize};
use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};

async fn post_form(b: &Browser, path: &str, to: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    let csrf = page.csrf().unwrap();
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    b.post(to, &form).await
}

both_backends!(
    a_place_complained_about_to_the_council_and_the_landlord_is_a_repeat_on_the_case_and_in_the_list,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        // The officer's, the colleague's and the landlord's cases are all about 14 Orchard Court.
        let officer = app.signed_in(&w.officer).await;
        let page = officer.get(&format!("/cases/{}", w.officers_case.reference)).await;
        assert!(page.contains("The same location: AV1 4QT 14 ORCHARD COURT, ASHFORD VALE"), "{}", page.body);
        assert!(page.contains(&format!("href=\"/cases/{}\"", w.colleagues_case.reference)));
        assert!(page.contains(w.landlords_case.reference.as_str()) && page.contains("Vale Homes"));
        assert!(
            !page.contains(&format!("href=\"/cases/{}\"", w.landlords_case.reference)),
            "not the council's to open"
        );
        assert!(!page.contains(w.other_tenant_case.reference.as_str()), "another partnership's case is never counted");
        // Three complaints about one place within 6 months: the officer is prompted to offer a review.
        assert!(page.contains("reach the threshold for an ASB Case Review"));
        assert!(page.contains("The same location: 3 qualifying complaints (the threshold is 3)"));

        let list = officer.get("/repeats").await;
        assert!(list.contains("Repeat locations") && list.contains("AV1 4QT 14 ORCHARD COURT, ASHFORD VALE"));
        assert!(list.contains("last 12 months"));
        app.db.store.set_repeat_window_months(w.tenant, 1).await.unwrap();
        let list = officer.get("/repeats").await;
        assert!(list.contains("last 1 month,"));
        let analyst = app.signed_in(&w.analyst).await;
        assert_eq!(analyst.get("/repeats").await.status, 403, "repeats name people: not for analysts");
    }
);

both_backends!(hotspots_rank_areas_with_rates_per_thousand_homes_where_entered, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let size = AreaSize { homes: Some(300), population: Some(700) };
    app.db.store.set_area_figures(w.tenant, AreaKind::Estate, "Orchard Estate", size).await.unwrap();
    let analyst = app.signed_in(&w.analyst).await;
    let page = analyst.get("/hotspots?by=estate").await;
    assert_eq!(page.status, 200);
    // Three cases of this partnership on the Orchard Estate (the other partnership's is not counted).
    assert!(page.contains("3 cases by estate"), "{}", page.body);
    assert!(page.contains(">10<") || page.contains(">10.0<"), "3 cases in 300 homes: 10 per 1,000");
    assert!(page.contains(">4.3<"), "3 cases among 700 residents");
    let by_ward = analyst.get("/hotspots?by=ward").await;
    assert!(by_ward.contains("Not recorded"), "no ward was recorded on these cases");
    let bad = analyst.get("/hotspots?from=yesterday").await;
    assert!(bad.contains("govuk-error-summary") && bad.contains("as year-month-day"));
    let other = app.signed_in(&w.other_tenant_officer).await;
    assert!(other.get("/hotspots?by=estate").await.contains("1 cases by estate"));
});

both_backends!(
    cases_are_put_forward_to_a_panel_by_their_own_organisation_which_records_the_decision,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let manager = app.signed_in(&w.manager).await;
        let missing = post_form(&manager, "/panels", "/panels", &[("title", "")]).await;
        assert!(missing.contains("Enter the name of the meeting") && missing.contains("Enter the date of the meeting"));
        // The panel meets today: what it decided can be recorded once it has met.
        let today = jiff::Timestamp::now().to_zoned(asbcase_domain::time::london()).date();
        let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
        let created = post_form(
            &manager,
            "/panels",
            "/panels",
            &[
                ("title", "Northgate problem-solving group"),
                ("meets_on_day", &d),
                ("meets_on_month", &m),
                ("meets_on_year", &y),
            ],
        )
        .await;
        assert_eq!(created.status, 303);
        let panel = created.location.unwrap();

        let officer = app.signed_in(&w.officer).await;
        let reference = w.officers_case.reference.to_string();
        let put = post_form(
            &officer,
            &panel,
            &format!("{panel}/cases"),
            &[("reference", &reference), ("reason", "Hate incidents continuing despite warnings")],
        )
        .await;
        assert_eq!(put.status, 303);
        let twice =
            post_form(&officer, &panel, &format!("{panel}/cases"), &[("reference", &reference), ("reason", "Again")])
                .await;
        assert!(twice.contains("already been put forward to that panel"));

        // The landlord cannot put the council's case forward, and sees it without its details.
        let landlord = app.signed_in(&w.landlord_officer).await;
        let refused =
            post_form(&landlord, &panel, &format!("{panel}/cases"), &[("reference", &reference), ("reason", "x")])
                .await;
        assert!(
            refused.contains(&format!("{reference} is not one of your organisation&#x27;s cases"))
                || refused.contains("is not one of your organisation"),
            "{}",
            refused.body
        );
        let seen = landlord.get(&panel).await;
        assert!(seen.contains(&reference) && !seen.contains("Hate incidents continuing despite warnings"));
        assert!(seen.contains("it is not shared with your organisation"));
        assert!(!seen.contains(&format!("href=\"/cases/{reference}\"")));
        assert_eq!(landlord.get(&format!("{panel}/cases/{reference}")).await.status, 404);

        let decide = format!("{panel}/cases/{reference}");
        let decided = post_form(
            &officer,
            &decide,
            &decide,
            &[
                ("summary", "Police to increase patrols; council to serve a Community Protection Warning"),
                ("action", "Serve a Community Protection Warning"),
                ("owner", "Priya Shah"),
                ("due_day", "17"),
                ("due_month", "12"),
                ("due_year", "2030"),
            ],
        )
        .await;
        assert_eq!(decided.status, 303);
        assert!(officer.get(&panel).await.contains("Police to increase patrols"));
        let case = officer.get(&format!("/cases/{reference}")).await;
        assert!(case.contains("Serve a Community Protection Warning") && case.contains("Put forward to a case panel"));
        assert!(
            !landlord.get(&panel).await.contains("Police to increase patrols"),
            "the decision is the case's, not shared"
        );
    }
);
