//! Staff record reports that came by phone, letter, drop-in and the rest.
mod common;

use asbcase_domain::case::{Channel, Status};
use asbcase_domain::party::PartyRole;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::risk::RiskBand;
use asbcase_store::both_backends;
use common::QUESTIONS;
use common::{Browser, TestApp};

/// The form's hidden fields (CSRF token and the submission key).
async fn hidden(b: &Browser) -> (String, String) {
    let page = b.get("/intake").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let key_at = page.body.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    (page.csrf().unwrap(), page.body[key_at..key_at + 32].to_string())
}

fn phone_report<'a>(csrf: &'a str, key: &'a str, yes: &[&str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("csrf_token", csrf),
        ("key", key),
        ("channel", "phone"),
        ("description", "Caller says the flat below plays loud music until 4am and shouted threats at her"),
        ("categories", "noise"),
        ("categories", "violence_threats"),
        ("address", "Flat 7, 3 Mill Street, Ashford Vale"),
        ("postcode", "AV2 3RT"),
        ("complainant_name", "Grace Mensah"),
        ("complainant_phone", "07700 900321"),
        ("about_description", "Tenant of flat 3"),
    ];
    for q in QUESTIONS {
        form.push((q, if yes.contains(&q) { "yes" } else { "no" }));
    }
    form
}

both_backends!(an_officer_records_a_phone_report_as_a_new_case, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let (csrf, key) = hidden(&b).await;
    let res = b.post("/intake", &phone_report(&csrf, &key, &["threats_or_violence"])).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let to = res.location.unwrap();
    let reference = CaseReference::parse(to.trim_start_matches("/cases/")).unwrap();
    let page = b.get(&to).await;
    assert!(page.contains("by phone") && page.contains("Grace Mensah"));
    let case = app.db.store.case_by_reference(w.tenant, &reference).await.unwrap().unwrap();
    assert_eq!((case.channel, case.status, case.risk_band), (Channel::Phone, Status::Reported, RiskBand::High));
    assert_eq!(case.organisation, w.council);
    assert_eq!(case.categories[0], "violence_threats");
    assert!(case.parties.iter().any(|p| p.role == PartyRole::Complainant));
    let events = app.db.store.events(w.tenant, case.id).await.unwrap();
    assert_eq!(events[0].actor, Some(w.officer.id), "recorded as the officer's action");
    let messages = app.db.store.messages_of_case(w.tenant, case.id).await.unwrap();
    assert_eq!(messages.len(), 1, "the caller gets an acknowledgement");
    assert_eq!(messages[0].recipient, "07700 900321");

    // The same form sent again (a double click) records nothing new.
    let again = b.post("/intake", &phone_report(&csrf, &key, &["threats_or_violence"])).await;
    assert_eq!(again.location.as_deref(), Some(to.as_str()));
    let list = app.signed_in(&w.manager).await.get("/cases?scope=all&status=reported").await;
    assert_eq!(list.body.matches("href=\"/cases/ASB-").count(), 1);
});

both_backends!(a_further_report_joins_the_open_case_instead_of_opening_another, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let (csrf, key) = hidden(&b).await;
    let open = w.officers_case.reference.to_string();
    let res = b
        .post(
            "/intake",
            &[
                ("csrf_token", csrf.as_str()),
                ("key", key.as_str()),
                ("channel", "letter"),
                ("attach_to", open.as_str()),
                ("description", "A letter: it happened again on Saturday"),
            ],
        )
        .await;
    assert_eq!(res.location.as_deref(), Some(format!("/cases/{open}").as_str()), "{}", res.body);
    let page = b.get(&format!("/cases/{open}")).await;
    assert!(page.contains("Further report") && page.contains("By letter: A letter: it happened again on Saturday"));
    let listed = app.signed_in(&w.manager).await.get("/cases?scope=all&status=any").await;
    assert_eq!(listed.body.matches("href=\"/cases/ASB-").count(), 2, "no new case");

    // Not another organisation's case, and not an unknown one.
    let (csrf, key) = hidden(&b).await;
    for (reference, message) in [
        (w.landlords_case.reference.to_string(), "There is no open case of your organisation with that reference"),
        ("ASB-2026-999999".to_string(), "There is no open case of your organisation with that reference"),
        ("nonsense".to_string(), "Enter a case reference like ASB-2026-000123"),
    ] {
        let page = b
            .post(
                "/intake",
                &[
                    ("csrf_token", csrf.as_str()),
                    ("key", key.as_str()),
                    ("channel", "letter"),
                    ("attach_to", reference.as_str()),
                    ("description", "Again"),
                ],
            )
            .await;
        assert_eq!(page.status, 200);
        assert!(page.contains(message), "{reference}: {message}");
    }
});

both_backends!(the_intake_form_names_every_mistake, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.signed_in(&app.world.officer).await;
    let (csrf, key) = hidden(&b).await;
    let page =
        b.post("/intake", &[("csrf_token", csrf.as_str()), ("key", key.as_str()), ("complainant_name", "Grace")]).await;
    assert_eq!(page.status, 200);
    for msg in [
        "Select how the report came in",
        "Describe what is happening",
        "Select what is happening",
        "Enter the address, or describe the place",
        "Select yes or no",
        "Enter the complainant&#39;s phone number, email address or postal address",
    ] {
        assert!(page.contains(msg) || page.contains(&msg.replace("&#39;", "'")), "{msg}");
    }
    assert!(page.contains("value=\"Grace\""), "typed values are kept");
    assert!(page.title().starts_with("Error: "));
    // An analyst does not record reports.
    let analyst = app.signed_in(&app.world.analyst).await;
    assert_eq!(analyst.get("/intake").await.status, 403);
});

both_backends!(every_way_a_report_reaches_staff_is_recorded_as_itself, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    for channel in ["phone", "email", "letter", "drop_box", "drop_in", "partner_referral", "in_person"] {
        let (csrf, key) = hidden(&b).await;
        let mut form = phone_report(&csrf, &key, &[]);
        form.retain(|(k, _)| *k != "channel");
        form.push(("channel", channel));
        let res = b.post("/intake", &form).await;
        assert_eq!(res.status, 303, "{channel}: {}", res.body);
        let to = res.location.unwrap();
        let reference = CaseReference::parse(to.trim_start_matches("/cases/")).unwrap();
        let case = app.db.store.case_by_reference(w.tenant, &reference).await.unwrap().unwrap();
        assert_eq!(case.channel.as_str(), channel);
        let label = Channel::parse(channel).unwrap().label().to_lowercase();
        assert!(b.get(&to).await.contains(&format!("By {label}")), "{channel} shows on the case page");
    }
});
