//! Staff sign in, see their cases, open one, and managers see their organisation's counts.
//! Every story runs against the real server on SQLite and on PostgreSQL.
mod common;

use asbcase_store::both_backends;
use common::{PASSWORD, TestApp};

both_backends!(a_case_officer_signs_in_and_sees_their_own_cases, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.browser();
    let res = b.sign_in(&w.officer.email, PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/worklist");
    let worklist = b.get("/worklist").await;
    assert!(worklist.contains("My worklist") && worklist.contains(w.officers_case.reference.as_str()));
    let page = b.get("/cases").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Your cases"));
    assert!(page.contains(w.officers_case.reference.as_str()));
    assert!(!page.contains(w.colleagues_case.reference.as_str()), "a colleague's case is not in 'your cases'");
    assert!(page.contains("Priya Shah, Ashford Vale District Council"));
    // The whole organisation's list is one click away.
    let all = b.get("/cases?scope=all").await;
    assert!(all.contains(w.officers_case.reference.as_str()));
    assert!(all.contains(w.colleagues_case.reference.as_str()));
    assert!(!all.contains(w.landlords_case.reference.as_str()), "another organisation's case is not listed");
    assert!(!all.contains(w.other_tenant_case.reference.as_str()));
});

both_backends!(an_officer_opens_a_case_and_sees_its_details_and_whole_timeline, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let page = b.get(&format!("/cases/{}", w.officers_case.reference)).await;
    assert_eq!(page.status, 200);
    for text in [
        "Racist abuse shouted at the family at number 14",
        "Hate-related (main)",
        "Verbal abuse",
        "Hate incident: Race",
        "14 Orchard Court, Ashford Vale, AV1 4QT",
        "Morgan Achterberg",
        "Not known: two men in their twenties",
        "Person complained about",
        "Visited; agreed to keep a diary for two weeks",
        // Every event of the log is on the timeline.
        "Reported",
        "Party added",
        "Triaged",
        "Case opened",
        "Assigned to Priya Shah",
        "Contact recorded",
    ] {
        assert!(page.contains(text), "case page should show {text:?}");
    }
    assert_eq!(page.body.matches("class=\"app-timeline__item\"").count(), 7);
    // Neutral words only.
    let lower = page.body.to_lowercase();
    assert!(!lower.contains("victim") && !lower.contains("perpetrator"));
    // 20 days ago + 10 working days: the complainant's contact is overdue.
    assert!(page.contains("days overdue"), "overdue contact is shown");
    assert!(page.contains("By the end of "), "a working-day deadline reads as the end of a day");
    // A reference typed in lower case finds the same case.
    let lower_ref = b.get(&format!("/cases/{}", w.officers_case.reference.as_str().to_lowercase())).await;
    assert_eq!(lower_ref.status, 200);
});

both_backends!(a_case_of_another_organisation_or_partnership_is_not_found, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    // (The other partnership numbers its cases apart, so its reference is not one of ours.)
    assert!(w.other_tenant_case.reference != w.officers_case.reference);
    for case in [&w.landlords_case, &w.other_tenant_case] {
        let page = b.get(&format!("/cases/{}", case.reference)).await;
        assert_eq!(page.status, 404, "{}", case.reference);
        assert!(page.contains("Page not found"));
        assert!(!page.contains(&case.description));
    }
    // The landlord's officer sees their own case but not the council's.
    let landlord = app.signed_in(&w.landlord_officer).await;
    assert_eq!(landlord.get(&format!("/cases/{}", w.landlords_case.reference)).await.status, 200);
    assert_eq!(landlord.get(&format!("/cases/{}", w.officers_case.reference)).await.status, 404);
});

both_backends!(a_manager_sees_every_case_of_the_organisation_with_counts, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.browser();
    let res = b.sign_in(&w.manager.email, PASSWORD).await;
    assert_eq!(res.headers()["location"], "/overview");
    let page = b.get("/overview").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Open cases"));
    assert!(page.contains("Complainant contact overdue"));
    assert!(page.contains("Cases not closed, by risk"));
    assert!(page.contains("Workload by officer"));
    assert!(page.contains("Priya Shah") && page.contains("Tom Okafor"));
    // Two open cases in the council; one is overdue (20 days old); one high risk.
    assert_eq!(count_for(&page.body, "Open cases"), 2);
    assert_eq!(count_for(&page.body, "Complainant contact overdue"), 1);
    assert_eq!(count_for(&page.body, "New reports awaiting triage"), 0);
    let list = b.get("/cases").await;
    assert!(list.contains("Cases of Ashford Vale District Council"));
    assert!(list.contains(w.officers_case.reference.as_str()) && list.contains(w.colleagues_case.reference.as_str()));
    let overdue = b.get("/cases?scope=all&overdue=yes").await;
    assert!(overdue.contains(w.officers_case.reference.as_str()));
    assert!(!overdue.contains(w.colleagues_case.reference.as_str()));
    let high = b.get("/cases?scope=all&risk=high").await;
    assert!(high.contains(w.officers_case.reference.as_str()));
    assert!(!high.contains(w.colleagues_case.reference.as_str()));
    let by_officer = b.get(&format!("/cases?scope=all&officer={}", w.colleague.id)).await;
    assert!(by_officer.contains(w.colleagues_case.reference.as_str()));
    assert!(!by_officer.contains(w.officers_case.reference.as_str()));

    // The same list as a spreadsheet: its filters kept, never another organisation's case, and
    // the download in the access log.
    assert!(high.contains("href=\"/cases/export.csv?scope=all&#38;risk=high\""), "{}", high.body);
    let csv = b.get("/cases/export.csv?scope=all&risk=high").await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("reference,reported,status,risk,main_category,address"), "{}", csv.body);
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].starts_with(w.officers_case.reference.as_str()) && lines[1].contains(",High,"), "{}", csv.body);
    let everything = b.get("/cases/export.csv?scope=all&status=any").await;
    assert!(everything.contains(w.colleagues_case.reference.as_str()));
    assert!(
        !everything.contains(w.landlords_case.reference.as_str())
            && !everything.contains(w.other_tenant_case.reference.as_str())
    );
    let nonsense = b.get("/cases/export.csv?risk=huge").await;
    assert_eq!(nonsense.status, 400);
    assert!(nonsense.contains("is not a risk band"), "{}", nonsense.body);
    let sql = "SELECT kind, detail FROM access_log WHERE tenant_id = $1 AND user_id = $2 ORDER BY seq";
    let logged: Vec<(String, String)> = match &app.db.store {
        asbcase_store::Store::Sqlite(p) => {
            sqlx::query_as(sql).bind(w.tenant.0).bind(w.manager.id.0).fetch_all(p).await.unwrap()
        }
        asbcase_store::Store::Postgres(p) => {
            sqlx::query_as(sql).bind(w.tenant.0).bind(w.manager.id.0).fetch_all(p).await.unwrap()
        }
    };
    let exports: Vec<&(String, String)> = logged.iter().filter(|(k, _)| k == "export_cases").collect();
    assert_eq!(exports.len(), 2, "{logged:?}");
    assert_eq!(exports[0].1, "1 cases");
});

both_backends!(an_analyst_sees_figures_but_no_case_and_no_names, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.analyst).await;
    let page = b.get("/overview").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Open cases"));
    assert!(!page.contains("Priya Shah"), "no officer names for analysts");
    assert!(!page.contains("href=\"/cases"), "no links into case lists");
    assert_eq!(b.get("/cases").await.status, 403);
    let case = b.get(&format!("/cases/{}", w.officers_case.reference)).await;
    assert_eq!(case.status, 403);
    assert!(!case.contains("Racist abuse"));
    // An officer does not see the manager's overview.
    let officer = app.signed_in(&w.officer).await;
    assert_eq!(officer.get("/overview").await.status, 403);
});

both_backends!(bad_filters_get_a_clear_message, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.signed_in(&app.world.manager).await;
    let page = b.get("/cases?status=sleeping").await;
    assert_eq!(page.status, 400);
    assert!(
        page.contains("&#39;sleeping&#39; is not a case status") || page.contains("'sleeping' is not a case status"),
        "{}",
        page.body
    );
    assert_eq!(b.get("/cases?page=0").await.status, 400);
    assert_eq!(b.get("/cases?officer=not-an-id").await.status, 400);
    // An officer of another organisation cannot be used as a filter.
    let page = b.get(&format!("/cases?scope=all&officer={}", app.world.landlord_officer.id)).await;
    assert_eq!(page.status, 400);
});

both_backends!(a_long_list_is_paged, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    for i in 0..30 {
        common::case(
            &app.db.store,
            w.tenant,
            w.council,
            &w.colleague,
            1 + i % 5,
            asbcase_domain::risk::RiskBand::Standard,
            &["litter"],
            &format!("Fly-tipping number {i}"),
        )
        .await;
    }
    let b = app.signed_in(&w.manager).await;
    let first = b.get("/cases?scope=all").await;
    assert!(first.contains("Showing 1 to 25 of 32 cases"));
    assert!(first.contains("rel=\"next\""));
    let second = b.get("/cases?scope=all&page=2").await;
    assert!(second.contains("Showing 26 to 32 of 32 cases"));
    assert!(second.contains("rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));
});

/// The number shown in the overview's headline count labelled `label`.
fn count_for(body: &str, label: &str) -> i64 {
    let at = body.find(&format!(">{label}<")).unwrap_or_else(|| panic!("no count labelled {label}"));
    let before = &body[..at];
    let start = before.rfind("app-counts__value\">").expect("a value before the label") + "app-counts__value\">".len();
    let end = start + before[start..].find('<').unwrap();
    before[start..end].parse().unwrap()
}

both_backends!(the_list_starts_with_the_work_in_hand_and_closed_cases_are_one_filter_away, |db| async move {
    use asbcase_domain::calendar::{Calendar, Division};
    use asbcase_domain::case::{ClosureOutcome, Rules};
    use asbcase_domain::event::Change;
    use asbcase_domain::standards::ServiceStandards;
    let app = TestApp::start(db).await;
    let w = &app.world;
    let mut closed = common::case(
        &app.db.store,
        w.tenant,
        w.council,
        &w.officer,
        30,
        asbcase_domain::risk::RiskBand::Standard,
        &["garden"],
        "Bonfires every weekend",
    )
    .await;
    let (s, c) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &s, calendar: &c };
    closed
        .record(
            Change::Closed {
                outcome: ClosureOutcome::Resolved,
                summary: "Bonfires stopped after a warning".into(),
                survey: false,
                open_actions_confirmed: false,
            },
            Some(w.officer.id),
            jiff::Timestamp::now(),
            &rules,
        )
        .unwrap();
    app.db.store.save_case(&mut closed).await.unwrap();

    let b = app.signed_in(&w.officer).await;
    let list = b.get("/cases").await;
    assert!(list.contains(w.officers_case.reference.as_str()));
    assert!(!list.contains(closed.reference.as_str()), "closed cases are not in the working list");
    assert!(list.contains("<option value=\"\" selected>Not closed</option>"));
    let any = b.get("/cases?scope=mine&status=any").await;
    assert!(any.contains(closed.reference.as_str()) && any.contains(w.officers_case.reference.as_str()));
    let only_closed = b.get("/cases?scope=mine&status=closed").await;
    assert!(only_closed.contains(closed.reference.as_str()));
    assert!(!only_closed.contains(w.officers_case.reference.as_str()));
    let page = b.get(&format!("/cases/{}", closed.reference)).await;
    assert!(page.contains("Not due: the case is closed"));
    assert!(page.contains("Bonfires stopped after a warning"));
});

both_backends!(an_officer_overrides_the_risk_band_with_a_reason, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = w.colleagues_case.reference.to_string();
    let path = format!("/cases/{reference}/risk");
    let form = b.get(&path).await;
    assert_eq!(form.status, 200);
    let token = form.csrf().unwrap();
    let page = b.post(&path, &[("csrf_token", &token), ("band", "standard"), ("reason", "")]).await;
    assert!(page.contains("The risk band is already standard") && page.contains("Enter why the risk band is changing"));
    let res = b
        .post(
            &path,
            &[("csrf_token", &token), ("band", "high"), ("reason", "Complainant now says she has been threatened")],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some(format!("/cases/{reference}").as_str()));
    let case = app.db.store.case_by_reference(w.tenant, &w.colleagues_case.reference).await.unwrap().unwrap();
    assert_eq!(case.risk_band, asbcase_domain::risk::RiskBand::High);
    let shown = b.get(&format!("/cases/{reference}")).await;
    assert!(
        shown.contains("Risk band changed") && shown.contains("Now high: Complainant now says she has been threatened")
    );
    // Not another organisation's case; not for an analyst.
    assert_eq!(b.get(&format!("/cases/{}/risk", w.landlords_case.reference)).await.status, 404);
    assert_eq!(app.signed_in(&w.analyst).await.get(&path).await.status, 403);
});
