//! An organisation's settings, changed from its pages: service standards.
mod common;

use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::Status;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::Deadline;
use asbcase_store::both_backends;
use common::{Browser, Page, TestApp};

const PATH: &str = "/settings/service-standards";

/// The form as it is now, with `changes` made.
async fn send(b: &Browser, changes: &[(&str, &str)]) -> Page {
    let page = b.get(PATH).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf().unwrap();
    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf)];
    for band in RiskBand::ALL {
        let key = band.as_str();
        let value_at = page
            .body
            .find(&format!("name=\"{key}_value\" type=\"text\" inputmode=\"numeric\" spellcheck=\"false\" value=\""))
            .unwrap();
        let rest = &page.body[value_at..];
        let start = rest.find("value=\"").unwrap() + 7;
        let value = &rest[start..start + rest[start..].find('"').unwrap()];
        let unit = if page.body.contains(&format!("name=\"{key}_unit\" type=\"radio\" value=\"hours\" checked")) {
            "hours"
        } else {
            "working_days"
        };
        form.push((format!("{key}_value"), value.into()));
        form.push((format!("{key}_unit"), unit.into()));
    }
    form.push(("ongoing".into(), "10".into()));
    for (k, v) in changes {
        form.retain(|(name, _)| name != k);
        form.push((k.to_string(), v.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(PATH, &pairs).await
}

/// A phone report recorded by the officer: a standard-risk case. Its reference.
async fn phone_report(b: &Browser) -> CaseReference {
    let page = b.get("/intake").await;
    let key_at = page.body.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let (csrf, key) = (page.csrf().unwrap(), page.body[key_at..key_at + 32].to_string());
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("key", key.as_str()),
        ("channel", "phone"),
        ("description", "Music from the flat above late every night"),
        ("categories", "noise"),
        ("address", "Flat 7, 3 Mill Street, Ashford Vale"),
        ("complainant_name", "Grace Mensah"),
        ("complainant_phone", "07700 900321"),
    ];
    for q in common::QUESTIONS {
        form.push((q, "no"));
    }
    let res = b.post("/intake", &form).await;
    assert_eq!(res.status, 303, "{}", res.body);
    CaseReference::parse(res.location.unwrap().trim_start_matches("/cases/")).unwrap()
}

both_backends!(a_new_service_standard_gives_the_next_report_its_contact_by_date, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let officer = app.signed_in(&w.officer).await;
    let calendar = Calendar::bundled(Division::EnglandAndWales);

    let before = phone_report(&officer).await;
    let before = app.db.store.case_by_reference(w.tenant, &before).await.unwrap().unwrap();
    assert_eq!((before.risk_band, before.status), (RiskBand::Standard, Status::Reported));
    assert_eq!(before.next_contact_due, Some(Deadline::WorkingDays(5).due(before.reported_at, &calendar).unwrap()));

    let saved = send(&manager, &[("standard_value", "4")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = manager.get(&saved.location.unwrap()).await;
    assert!(page.contains("The service standards are changed"));
    assert!(page.contains("Helen Marsh (helen.marsh@ashfordvale.example)"), "the change is kept with who made it");
    assert!(page.contains("4 working days (standard)"));

    let after = phone_report(&officer).await;
    let after = app.db.store.case_by_reference(w.tenant, &after).await.unwrap().unwrap();
    assert_eq!(after.next_contact_due, Some(Deadline::WorkingDays(4).due(after.reported_at, &calendar).unwrap()));
    let unchanged = app.db.store.case(w.tenant, before.id).await.unwrap().unwrap();
    assert_eq!(unchanged.next_contact_due, before.next_contact_due, "an open case keeps its date");
    assert!(app.browser().get("/information/after-you-report").await.contains("4 working days"));
});

both_backends!(standards_that_would_break_the_service_are_refused_with_the_reason, |db| async move {
    let app = TestApp::start(db).await;
    let manager = app.signed_in(&app.world.manager).await;
    for (changes, field, says) in [
        (vec![("high_value", "")], "high_value", "Enter how soon high risk reports are first contacted"),
        (vec![("medium_value", "three")], "medium_value", "as a whole number"),
        (vec![("emergency_value", "500")], "emergency_value", "give 1 to 168 hours"),
        (vec![("high_value", "10"), ("high_unit", "working_days")], "high_value", "is slower than for medium risk"),
        (vec![("ongoing", "0")], "ongoing", "give 1 to 30 working days"),
        (vec![("standard_unit", "fortnights")], "standard_value", "Choose hours or working days"),
    ] {
        let page = send(&manager, &changes).await;
        assert_eq!(page.status, 200, "{changes:?}");
        assert!(page.contains(&format!("href=\"#{field}\"")), "{changes:?}: {}", page.body);
        assert!(page.contains(says), "{changes:?}: {says}");
        assert!(page.title().starts_with("Error: "));
    }
    let s = app.db.store.service_standards(app.world.tenant, app.world.council).await.unwrap();
    assert_eq!(s, asbcase_domain::standards::ServiceStandards::default(), "nothing was changed");
    let officer = app.signed_in(&app.world.officer).await;
    assert_eq!(officer.get(PATH).await.status, 403);
});

/// Send the form of someone's account.
async fn access(b: &Browser, user: &asbcase_store::User, fields: &[(&str, &str)]) -> Page {
    let path = format!("/settings/users/{}", user.id.0);
    let csrf = b.csrf(&path).await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    b.post(&path, &form).await
}

both_backends!(
    an_administrator_switches_off_the_account_of_someone_who_left_and_they_are_signed_out,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let admin = app.signed_in(&w.admin).await;
        let colleague = app.signed_in(&w.colleague).await;
        assert_eq!(colleague.get("/worklist").await.status, 200);

        let list = admin.get("/settings/users").await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(list.contains("Tom Okafor") && list.contains("Can sign in"));
        let done = access(&admin, &w.colleague, &[("roles", "case_officer"), ("active", "no")]).await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_ne!(colleague.get("/worklist").await.status, 200, "their session ended");
        assert_ne!(
            app.browser()
                .sign_in(&w.colleague.email, common::PASSWORD)
                .await
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string()),
            Some("/".to_string()),
            "they cannot sign in again"
        );
        let list = admin.get("/settings/users").await;
        assert!(list.contains("Switched off"));
        assert!(list.contains("Tom Okafor (tom.okafor@ashfordvale.example): Case officer; switched off"));
        assert!(list.contains("Alex Admin (alex.admin@ashfordvale.example)"), "who did it is kept");

        // Roles change too; someone of another organisation is not found.
        let done =
            access(&admin, &w.officer, &[("roles", "case_officer"), ("roles", "team_manager"), ("active", "yes")])
                .await;
        assert_eq!(done.status, 303);
        let officer = app.db.store.user(w.tenant, w.officer.id).await.unwrap().unwrap();
        assert!(officer.has(asbcase_domain::organisation::Role::TeamManager));
        assert_eq!(admin.get(&format!("/settings/users/{}", w.landlord_officer.id.0)).await.status, 404);
    }
);

both_backends!(the_only_administrator_is_neither_switched_off_nor_demoted_and_a_role_is_needed, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    for (fields, says) in [
        (vec![("roles", "administrator"), ("active", "no")], "Alex Admin is the organisation&#39;s only administrator"),
        (vec![("roles", "team_manager"), ("active", "yes")], "make someone else an administrator first"),
        (vec![("active", "yes")], "Choose at least one role"),
    ] {
        let page = access(&admin, &w.admin, &fields).await;
        assert_eq!(page.status, 200, "{fields:?}");
        assert!(page.contains(says) || page.contains(&says.replace("&#39;", "'")), "{fields:?}: {}", page.body);
        assert!(page.contains("govuk-error-summary"));
    }
    let still = app.db.store.user(w.tenant, w.admin.id).await.unwrap().unwrap();
    assert!(still.active && still.has(asbcase_domain::organisation::Role::Administrator));
});

both_backends!(a_lost_two_step_sign_in_is_taken_away, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    store.start_mfa(w.tenant, w.officer.id, "JBSWY3DPEHPK3PXP", jiff::Timestamp::now()).await.unwrap();
    store.accept_mfa_step(w.tenant, w.officer.id, 0, jiff::Timestamp::now()).await.unwrap();
    let admin = app.signed_in(&w.admin).await;
    let path = format!("/settings/users/{}", w.officer.id.0);
    let page = admin.get(&path).await;
    assert!(page.contains("Take away their two-step sign-in"));
    let csrf = page.csrf().unwrap();
    let done = admin.post(&format!("{path}/two-step"), &[("csrf_token", csrf.as_str())]).await;
    assert_eq!(done.status, 303);
    assert!(store.user_mfa(w.tenant, w.officer.id).await.unwrap().is_none());
    assert!(admin.get("/settings/users").await.contains("two-step sign-in taken away"));
});

both_backends!(a_landlord_enters_its_homes_for_nm01_and_nonsense_is_refused, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let send = |fields: Vec<(&'static str, String)>| {
        let manager = manager.clone();
        async move {
            let csrf = manager.csrf("/settings/homes").await;
            let mut form = vec![("csrf_token", csrf)];
            form.extend(fields);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            manager.post("/settings/homes", &pairs).await
        }
    };
    let done = send(vec![("year", "2025".into()), ("homes", "4,200".into())]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(app.db.store.homes_owned(w.tenant, w.council).await.unwrap(), vec![(2025, 4200)]);
    let page = manager.get("/settings/homes?saved=1").await;
    assert!(page.contains("2025/26") && page.contains("4200"));
    assert!(page.contains("Helen Marsh (helen.marsh@ashfordvale.example)"));

    let next_year = asbcase_domain::time::now().to_zoned(asbcase_domain::time::london()).year() + 1;
    for (year, homes, field, says) in [
        ("", "10", "year", "Enter the reporting year"),
        ("twenty", "10", "year", "as the year it starts"),
        (&*next_year.to_string(), "10", "year", "Enter a reporting year from 1990 to"),
        ("2024", "", "homes", "Enter how many homes"),
        ("2024", "-3", "homes", "whole number from 0 to 10,000,000"),
    ] {
        let page = send(vec![("year", year.to_string()), ("homes", homes.to_string())]).await;
        assert_eq!(page.status, 200, "{year} {homes}");
        assert!(page.contains(&format!("href=\"#{field}\"")) && page.contains(says), "{year} {homes}: {says}");
    }
    assert_eq!(app.db.store.homes_owned(w.tenant, w.council).await.unwrap().len(), 1, "nothing else was entered");
});

both_backends!(a_shorter_retention_period_is_checked_first_then_saved, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let admin = app.signed_in(&w.admin).await;
    let page = admin.get("/settings/retention").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("value=\"6\"") && page.contains("Due at the next daily run: 0 closed cases"));

    let send = |fields: Vec<(&'static str, &'static str)>| {
        let admin = admin.clone();
        async move {
            let csrf = admin.csrf("/settings/retention").await;
            let mut form = vec![("csrf_token", csrf.as_str())];
            form.extend(fields);
            admin.post("/settings/retention", &form).await
        }
    };
    let check = send(vec![("years", "2"), ("months", "12"), ("days", "14"), ("action", "check")]).await;
    assert_eq!(check.status, 200);
    assert!(check.contains("Not saved yet. With these periods, the next daily run would anonymise"));
    assert_eq!(app.db.store.retention(w.tenant).await.unwrap().closed_cases_years, 6, "a check saves nothing");

    let saved = send(vec![("years", "2"), ("months", "12"), ("days", "14"), ("action", "save")]).await;
    assert_eq!(saved.status, 303);
    let r = app.db.store.retention(w.tenant).await.unwrap();
    assert_eq!((r.closed_cases_years, r.messages_months, r.drafts_days), (2, 12, 14));
    let page = admin.get("/settings/retention?saved=1").await;
    assert!(page.contains("closed cases 2 years, message copies 12 months, reports in progress 14 days"));
    assert!(page.contains("Alex Admin (alex.admin@ashfordvale.example)"));

    for (fields, field, says) in [
        (vec![("years", "0"), ("months", "12"), ("days", "14")], "years", "between 1 and 50 years"),
        (vec![("years", "6"), ("months", ""), ("days", "14")], "months", "Enter how long copies of messages are kept"),
        (vec![("years", "6"), ("months", "12"), ("days", "a week")], "days", "as a whole number"),
    ] {
        let page = send(fields.clone()).await;
        assert!(page.contains(&format!("href=\"#{field}\"")) && page.contains(says), "{fields:?}: {}", page.body);
    }
});
