//! A resident reports anti-social behaviour on the public pages, without signing in.
//! Every story runs against the real server on SQLite and on PostgreSQL.
mod common;

use asbcase_domain::case::{Channel, Status};
use asbcase_domain::event::Change;
use asbcase_domain::party::PartyRole;
use asbcase_domain::risk::RiskBand;
use asbcase_store::both_backends;
use common::QUESTIONS as RISK_NO;
use common::report::{answer, reference_on, send, through_to_contact};
use common::{Browser, TestApp};

both_backends!(a_resident_reports_with_contact_details_and_is_told_when_they_will_hear, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let start = b.get("/report").await;
    assert_eq!(start.status, 200);
    assert!(start.contains("call 999"));
    through_to_contact(&b, &["feels_unsafe", "health_or_sleep", "targeted_for_who_they_are"]).await;
    let contact = answer(
        &b,
        "/report/contact",
        &[
            ("anonymous", "no"),
            ("name", "Sam Okoro"),
            ("email", "sam@example.org"),
            ("phone", ""),
            ("preferred", "email"),
            ("safe_times", "Evenings"),
        ],
    )
    .await;
    assert_eq!(contact.location.as_deref(), Some("/report/check"));
    let check = b.get("/report/check").await;
    for text in [
        "Noise, Verbal abuse",
        "10 Orchard Court, Ashford Vale, AV1 4QT",
        "1 September 2026",
        "Most days",
        "Yes: Religion or belief",
        "The man at number 12",
        "Sam Okoro",
        "sam@example.org",
        "Evenings",
    ] {
        assert!(check.contains(text), "check your answers shows {text:?}");
    }
    let done = send(&b).await;
    assert!(done.contains("Report sent"));
    // High risk: within 24 clock hours of the report, not working days.
    assert!(done.contains("An officer will contact you by <strong>"), "{}", done.body);
    let reference = reference_on(&done);

    let case =
        app.db.store.case_by_reference(app.world.tenant, &reference).await.unwrap().expect("the report is a case");
    assert_eq!(case.channel, Channel::WebForm);
    assert_eq!(case.status, Status::Reported);
    assert_eq!(case.organisation, app.world.council, "public reports go to the council");
    assert_eq!(case.categories, vec!["verbal_abuse".to_string(), "noise".to_string()]);
    assert_eq!(case.risk_band, RiskBand::High, "3 + 2 + 4 = 9: high");
    assert!(case.hate_incident());
    let complainant = case.parties.iter().find(|p| p.role == PartyRole::Complainant).expect("a complainant");
    assert!(complainant.description.as_deref().unwrap().contains("email"));
    let people = app.db.store.people(app.world.tenant, case.id).await.unwrap();
    assert_eq!(people[0].email.as_deref(), Some("sam@example.org"));
    let events = app.db.store.events(app.world.tenant, case.id).await.unwrap();
    match events[0].change().unwrap() {
        Change::Reported { assessment: Some(a), details, .. } => {
            assert_eq!((a.version, a.score), (1, 9));
            assert_eq!(details.how_often, "daily");
        }
        other => panic!("first event should carry the assessment: {other:?}"),
    }
    // The acknowledgement was queued with the report, by the way they asked for.
    let messages = app.db.store.messages_of_case(app.world.tenant, case.id).await.unwrap();
    assert_eq!(messages.len(), 1);
    let ack = &messages[0];
    assert_eq!(
        (ack.kind.as_str(), ack.medium.as_str(), ack.recipient.as_str(), ack.status.as_str()),
        ("acknowledgement", "email", "sam@example.org", "pending")
    );
    assert!(ack.subject.contains(reference.as_str()));
    assert!(ack.body.contains("Dear Sam Okoro") && ack.body.contains("Ashford Vale District Council"));
    // It carries a one-time link to their case tracker, whose token is made as it is delivered
    // (none is stored), and which opens their case.
    assert!(ack.body.contains("/track/{one-time-token}"), "{}", ack.body);
    let delivered = app.deliver().await;
    let ack = delivered.iter().find(|m| m.kind == "acknowledgement").unwrap();
    let at = ack.body.find("/track/").expect("a tracker link");
    let path = &ack.body[at..at + "/track/".len() + 48];
    let tracker = app.browser();
    let token = tracker.csrf(path).await;
    let followed = tracker.post(path, &[("csrf_token", token.as_str())]).await;
    assert_eq!(followed.location.as_deref(), Some("/track/case"));
    let page = tracker.get("/track/case").await;
    assert!(
        page.contains(reference.as_str()) && page.contains("Thank you for your report"),
        "shows the acknowledgement"
    );
    assert!(!page.contains(path) && page.contains("(a one-time link, not shown again)"), "but not its link");
    // Staff see it waiting for triage.

    let manager = app.signed_in(&app.world.manager).await;
    let list = manager.get("/cases?scope=all&status=reported").await;
    assert!(list.contains(reference.as_str()));
});

both_backends!(an_anonymous_report_gets_a_reference_but_no_updates, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    through_to_contact(&b, &[]).await;
    assert_eq!(answer(&b, "/report/contact", &[("anonymous", "yes")]).await.location.as_deref(), Some("/report/check"));
    let check = b.get("/report/check").await;
    assert!(check.contains("I want to stay anonymous"));
    let done = send(&b).await;
    assert!(done.contains("Because you reported anonymously, we cannot contact you"));
    assert!(!done.contains("will contact you by"));
    let case = app.db.store.case_by_reference(app.world.tenant, &reference_on(&done)).await.unwrap().unwrap();
    assert!(case.parties.iter().all(|p| p.role != PartyRole::Complainant), "no complainant is recorded");
    assert!(app.db.store.people(app.world.tenant, case.id).await.unwrap().is_empty(), "no personal details are kept");
    assert!(
        app.db.store.messages_of_case(app.world.tenant, case.id).await.unwrap().is_empty(),
        "nobody to acknowledge"
    );
    assert_eq!(case.risk_band, RiskBand::Standard);
});

both_backends!(sending_twice_creates_one_report, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    through_to_contact(&b, &[]).await;
    answer(&b, "/report/contact", &[("anonymous", "yes")]).await;
    let token = b.csrf("/report/check").await;
    let first = b.post("/report/check", &[("csrf_token", &token)]).await;
    let second = b.post("/report/check", &[("csrf_token", &token)]).await;
    assert_eq!(first.location.as_deref(), Some("/report/done"));
    assert_eq!(second.location.as_deref(), Some("/report/done"), "the second send shows the same confirmation");
    let manager = app.signed_in(&app.world.manager).await;
    let list = manager.get("/cases?scope=all&status=reported").await;
    assert_eq!(list.body.matches("href=\"/cases/ASB-").count(), 1, "one report, not two");
    // Going back to a page after sending starts nothing over the sent report.
    assert_eq!(b.get("/report/check").await.location.as_deref(), Some("/report/done"));
});

both_backends!(each_mistake_is_named_and_what_was_typed_is_kept, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let danger = answer(&b, "/report/danger", &[]).await;
    assert!(danger.contains("Select yes if someone is in danger"));
    assert!(danger.title().starts_with("Error: "));
    answer(&b, "/report/danger", &[("danger", "no")]).await;

    let what = answer(
        &b,
        "/report/what",
        &[("description", "   "), ("started_day", "31"), ("started_month", "2"), ("started_year", "2026")],
    )
    .await;
    assert_eq!(what.status, 200);
    for msg in [
        "Select what is happening",
        "Describe what is happening",
        "The date it started must be a real date",
        "Select how often it happens",
        "Select yes if it is happening now",
    ] {
        assert!(what.contains(msg), "{msg}");
    }
    assert!(
        what.contains("href=\"#categories\"") && what.contains("id=\"categories\""),
        "summary links reach the fields"
    );
    assert!(what.contains("value=\"31\""), "what was typed is kept");
    let future = answer(
        &b,
        "/report/what",
        &[
            ("categories", "noise"),
            ("description", "Noise"),
            ("how_often", "once"),
            ("happening_now", "no"),
            ("last_day", "1"),
            ("last_month", "1"),
            ("last_year", "2099"),
        ],
    )
    .await;
    assert!(future.contains("The date it last happened must be today or in the past"));
    let long = "x".repeat(5001);
    let too_long = answer(
        &b,
        "/report/what",
        &[("categories", "noise"), ("description", &long), ("how_often", "once"), ("happening_now", "no")],
    )
    .await;
    assert!(too_long.contains("Description must be 5000 characters or fewer"));
    let forged = answer(
        &b,
        "/report/what",
        &[("categories", "karaoke"), ("description", "x"), ("how_often", "once"), ("happening_now", "no")],
    )
    .await;
    assert!(forged.contains("is not one of the choices"));
    answer(
        &b,
        "/report/what",
        &[("categories", "noise"), ("description", "Barking"), ("how_often", "once"), ("happening_now", "no")],
    )
    .await;

    let place = answer(&b, "/report/where", &[("address", ""), ("postcode", "XX")]).await;
    assert!(place.contains("Enter the address, or describe the place") && place.contains("Enter a real postcode"));
    let map =
        answer(&b, "/report/where", &[("address", "The park"), ("latitude", "40.7"), ("longitude", "east")]).await;
    assert!(map.contains("The latitude must be between 49.8 and 60.9, in the UK"), "{}", map.body);
    assert!(map.contains("Enter the longitude as a number, like -0.1419"));
    assert!(map.contains("value=\"40.7\"") && map.contains("<details class=\"govuk-details\" open>"));
    let half = answer(&b, "/report/where", &[("address", "The park"), ("latitude", "51.148")]).await;
    assert!(half.contains("Enter the longitude as well, or leave both blank"));
    answer(&b, "/report/where", &[("address", "The park"), ("latitude", "51.14802"), ("longitude", "0.87512")]).await;

    let risk = answer(&b, "/report/risk", &[("feels_unsafe", "no")]).await;
    assert_eq!(
        risk.body.matches("Select yes or no").count() / 2,
        7,
        "the 7 unanswered questions, in summary and inline"
    );
    assert!(risk.contains("id=\"feels_unsafe-no\" name=\"feels_unsafe\" type=\"radio\" value=\"no\" checked"));
    let all_no: Vec<(&str, &str)> = RISK_NO.iter().map(|k| (*k, "no")).collect();
    answer(&b, "/report/risk", &all_no).await;

    assert!(answer(&b, "/report/about", &[("known", "yes")]).await.contains("Enter their name or describe them"));
    answer(&b, "/report/about", &[("known", "no")]).await;
    answer(&b, "/report/evidence", &[]).await;

    let contact = answer(
        &b,
        "/report/contact",
        &[("anonymous", "no"), ("email", "not-an-email"), ("phone", "12"), ("preferred", "letter")],
    )
    .await;
    for msg in [
        "Enter your name",
        "Enter an email address in the correct format",
        "Enter a phone number",
        "Enter your address, or choose another way to contact you",
    ] {
        assert!(contact.contains(msg), "{msg}");
    }
    assert!(contact.contains("value=\"not-an-email\""));
    let ok = answer(
        &b,
        "/report/contact",
        &[("anonymous", "no"), ("name", "Jo"), ("phone", "07700 900123"), ("preferred", "sms")],
    )
    .await;
    assert_eq!(ok.location.as_deref(), Some("/report/check"));
    // Going back shows what was answered.
    let back = b.get("/report/where").await;
    assert!(back.contains(">The park</textarea>") && back.contains("value=\"51.14802\""));
    assert!(b.get("/report/check").await.contains("51.14802, 0.87512"));
    // A standard-risk report is answered within 5 working days: by the end of a day.
    let done = send(&b).await;
    assert!(done.contains("An officer will contact you by <strong>the end of "), "{}", done.body);
    let case = app.db.store.case_by_reference(app.world.tenant, &reference_on(&done)).await.unwrap().unwrap();
    assert_eq!((case.location.latitude, case.location.longitude), (Some(51.14802), Some(0.87512)));
});

both_backends!(danger_now_says_call_999_and_a_page_cannot_be_skipped, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    let danger = answer(&b, "/report/danger", &[("danger", "yes")]).await;
    assert_eq!(danger.location.as_deref(), Some("/report/emergency"));
    let page = b.get("/report/emergency").await;
    assert!(page.contains("Call 999 now") && page.contains("101"));
    // Nothing answered yet: later pages send the resident back to the first unanswered one.
    answer(&b, "/report/danger", &[("danger", "no")]).await;
    assert_eq!(b.get("/report/risk").await.location.as_deref(), Some("/report/what"));
    assert_eq!(b.get("/report/check").await.location.as_deref(), Some("/report/what"));
    assert_eq!(b.get("/report/done").await.location.as_deref(), Some("/report"));
});

both_backends!(an_organisations_own_acknowledgement_wording_is_used, |db| async move {
    use asbcase_domain::message::{Medium, Template};
    let app = TestApp::start(db).await;
    let w = &app.world;
    let ack = asbcase_domain::message::kind("acknowledgement").unwrap();
    let own = Template {
        subject: String::new(),
        body: "Vale Council: report ((reference)) received. We will call you by ((contact_by)).".into(),
    };
    app.db
        .store
        .set_template(w.tenant, w.council, ack, Medium::Sms, &own, "Helen Marsh", jiff::Timestamp::now())
        .await
        .unwrap();
    let b = app.browser();
    through_to_contact(&b, &[]).await;
    answer(
        &b,
        "/report/contact",
        &[("anonymous", "no"), ("name", "Jo"), ("phone", "07700 900123"), ("preferred", "sms")],
    )
    .await;
    let done = send(&b).await;
    let reference = reference_on(&done);
    let case = app.db.store.case_by_reference(w.tenant, &reference).await.unwrap().unwrap();
    let messages = app.db.store.messages_of_case(w.tenant, case.id).await.unwrap();
    assert_eq!(messages[0].medium, Medium::Sms);
    assert_eq!(messages[0].recipient, "07700 900123");
    assert!(
        messages[0]
            .body
            .starts_with(&format!("Vale Council: report {reference} received. We will call you by the end of ")),
        "{}",
        messages[0].body
    );
});

/// Upload `bytes` as `name` on the evidence page.
async fn upload(b: &Browser, name: &str, bytes: Vec<u8>) -> common::Page {
    let token = b.csrf("/report/evidence").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let res = b.client.post(format!("{}/report/evidence/upload", b.base)).multipart(form).send().await.unwrap();
    common::Page::from_response(res).await
}

const PNG: [u8; 24] =
    [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1];

both_backends!(a_resident_adds_a_diary_and_a_photo_and_the_officer_can_download_it, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.browser();
    answer(&b, "/report/danger", &[("danger", "no")]).await;
    answer(
        &b,
        "/report/what",
        &[
            ("categories", "noise"),
            ("description", "Parties every weekend"),
            ("how_often", "weekly"),
            ("happening_now", "no"),
        ],
    )
    .await;
    answer(&b, "/report/where", &[("address", "4 Elm Row"), ("postcode", "")]).await;
    let all_no: Vec<(&str, &str)> = RISK_NO.iter().map(|k| (*k, "no")).collect();
    answer(&b, "/report/risk", &all_no).await;
    answer(&b, "/report/about", &[("known", "no")]).await;

    let page = b.get("/report/evidence").await;
    assert!(page.contains("Each file must be smaller than 20 MB"), "limits are stated up front");
    let diary = answer(
        &b,
        "/report/evidence/diary",
        &[
            ("diary_day", "20"),
            ("diary_month", "11"),
            ("diary_year", "2026"),
            ("diary_time", "11:45pm"),
            ("diary_what", "Music and shouting until 2am"),
            ("diary_affected", "No sleep before work"),
        ],
    )
    .await;
    assert_eq!(diary.location.as_deref(), Some("/report/evidence"));
    let bad_diary = answer(&b, "/report/evidence/diary", &[("diary_time", "soon")]).await;
    assert!(bad_diary.contains("Enter the date it happened") && bad_diary.contains("Enter a time like"));

    let sent = upload(&b, "party.png", PNG.to_vec()).await;
    assert_eq!(sent.location.as_deref(), Some("/report/evidence"), "{}", sent.body);
    let refused = upload(&b, "photo.jpg", b"MZ\x90\x00 this is a program, not a photo".to_vec()).await;
    assert_eq!(refused.status, 200);
    assert!(refused.contains("The selected file must be a photo, sound recording, video or PDF"));
    let empty = upload(&b, "", vec![]).await;
    assert!(empty.contains("Select a file"));
    let listed = b.get("/report/evidence").await;
    assert!(listed.contains("Diary, 20 November 2026 at 23:45") && listed.contains("Music and shouting until 2am"));
    assert!(listed.contains("Photo or screenshot") && listed.contains("party.png"));
    assert!(!listed.contains("photo.jpg"), "the refused file was not kept");

    // Second thoughts: a diary entry and a file added by mistake come off again.
    answer(
        &b,
        "/report/evidence/diary",
        &[("diary_day", "21"), ("diary_month", "11"), ("diary_year", "2026"), ("diary_what", "Wrong flat, sorry")],
    )
    .await;
    upload(&b, "wrong.png", PNG.to_vec()).await;
    let page = b.get("/report/evidence").await;
    let item_of = |page: &common::Page, near: &str| {
        let at = page.body.find(near).unwrap();
        let from = at + page.body[at..].find("name=\"item\" value=\"").unwrap() + "name=\"item\" value=\"".len();
        page.body[from..].split('"').next().unwrap().to_string()
    };
    let wrong_entry = item_of(&page, "Wrong flat, sorry");
    let wrong_file = item_of(&page, "wrong.png");
    for item in [&wrong_entry, &wrong_entry, &wrong_file] {
        // The repeat is a double click: it must not take away anything else.
        let res = answer(&b, "/report/evidence/remove", &[("item", item)]).await;
        assert_eq!(res.location.as_deref(), Some("/report/evidence"));
    }
    let listed = b.get("/report/evidence").await;
    assert!(!listed.contains("Wrong flat") && !listed.contains("wrong.png"));
    assert!(listed.contains("Music and shouting until 2am") && listed.contains("party.png"), "the rest stays");

    answer(&b, "/report/evidence", &[]).await;
    answer(&b, "/report/contact", &[("anonymous", "yes")]).await;
    assert!(b.get("/report/check").await.contains("1 diary entry, 1 file"));
    let done = send(&b).await;
    let reference = reference_on(&done);

    let officer = app.signed_in(&w.officer).await;
    let case_page = officer.get(&format!("/cases/{reference}")).await;
    assert!(case_page.contains("Diary entry") && case_page.contains("No sleep before work"));
    assert_eq!(case_page.body.matches("\" download>").count(), 1, "only the kept file");
    assert!(case_page.contains("2 pieces of evidence not yet reviewed"), "the diary entry and the photo");
    let at = case_page.body.find("\" download>").expect("a download link");
    let start = case_page.body[..at].rfind("href=\"").unwrap() + "href=\"".len();
    let href = case_page.body[start..at].to_string();
    let res = officer.client.get(format!("{}{href}", officer.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), &PNG[..]);
    // Not for another organisation's staff, nor anyone signed out.
    let landlord = app.signed_in(&w.landlord_officer).await;
    assert_eq!(landlord.get(&href).await.status, 404);
    assert_eq!(app.browser().get(&href).await.status, 303);
});

both_backends!(
    a_partnership_that_changes_its_questionnaire_asks_the_new_questions_and_scores_with_them,
    |db| async move {
        let app = TestApp::start(db).await;
        let store = &app.db.store;
        let mut q = asbcase_domain::questionnaire::Questionnaire::default_set();
        q.questions.push(asbcase_domain::questionnaire::Question {
            key: "noise_at_night".into(),
            text: "Does it keep you awake at night?".into(),
            hint: String::new(),
            weight: 4,
            high_on_yes: false,
        });
        let v2 = store.add_questionnaire(app.world.tenant, &q, jiff::Timestamp::now()).await.unwrap();
        assert_eq!(v2.version, 2, "the built-in set is version 1");
        assert_eq!(store.questionnaire(app.world.tenant).await.unwrap(), v2);
        assert_eq!(store.questionnaire_version(app.world.tenant, 1).await.unwrap().unwrap().questions.len(), 8);
        let other = store.tenants().await.unwrap().into_iter().find(|t| t.id != app.world.tenant).unwrap();
        assert_eq!(store.questionnaire(other.id).await.unwrap().version, 1, "each partnership has its own");

        let b = app.browser();
        answer(&b, "/report/danger", &[("danger", "no")]).await;
        answer(
            &b,
            "/report/what",
            &[("categories", "noise"), ("description", "Bass"), ("how_often", "daily"), ("happening_now", "no")],
        )
        .await;
        answer(&b, "/report/where", &[("address", "2 Quay Road")]).await;
        let page = b.get("/report/risk").await;
        assert!(page.contains("Does it keep you awake at night?"));
        let mut form: Vec<(&str, &str)> = RISK_NO.iter().map(|k| (*k, "no")).collect();
        let missing = answer(&b, "/report/risk", &form).await;
        assert!(
            missing.contains("Select yes or no: does it keep you awake at night"),
            "the new question is required too"
        );
        form.push(("noise_at_night", "yes"));
        answer(&b, "/report/risk", &form).await;
        answer(&b, "/report/about", &[("known", "no")]).await;
        answer(&b, "/report/evidence", &[]).await;
        answer(&b, "/report/contact", &[("anonymous", "yes")]).await;
        assert!(b.get("/report/check").await.contains("Does it keep you awake at night?"));
        let reference = reference_on(&send(&b).await);
        let case = store.case_by_reference(app.world.tenant, &reference).await.unwrap().unwrap();
        let events = store.events(app.world.tenant, case.id).await.unwrap();
        let Change::Reported { assessment: Some(a), .. } = events[0].change().unwrap() else { panic!("no assessment") };
        assert_eq!((a.version, a.score, a.band), (2, 4, RiskBand::Medium), "scored by version 2");
    }
);

both_backends!(each_partnerships_public_address_takes_its_own_reports, |db| async move {
    let app = TestApp::start(db).await;
    let store = &app.db.store;
    let brookmere = store.tenants().await.unwrap().into_iter().find(|t| t.id != app.world.tenant).unwrap();
    store.set_public_host("report.brookmere.example", brookmere.id).await.unwrap();
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let at =
        |host: &'static str, path: &str| client.get(format!("{}{path}", app.base)).header(reqwest::header::HOST, host);
    let res = at("report.brookmere.example", "/report/danger").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    let token_at = body.find("name=\"csrf_token\" value=\"").unwrap() + "name=\"csrf_token\" value=\"".len();
    let token = body[token_at..].split('"').next().unwrap().to_string();
    let res = client
        .post(format!("{}/report/danger", app.base))
        .header(reqwest::header::HOST, "report.brookmere.example")
        .form(&[("csrf_token", token.as_str()), ("danger", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    // The draft belongs to Brookmere: the same browser at Ashford Vale's address starts afresh.
    let what = at("127.0.0.1", "/report/what").send().await.unwrap();
    assert_eq!(what.headers()["location"], "/report/danger", "Ashford Vale has no answers from this browser");
    let what = at("report.brookmere.example", "/report/what").send().await.unwrap();
    assert_eq!(what.status(), 200, "Brookmere remembers the first answer");

    let unknown = at("report.elsewhere.example", "/report").send().await.unwrap();
    assert_eq!(unknown.status(), 404, "an address of no partnership is not ours");
    // The advice to call 999 is shown whatever the address.
    assert_eq!(at("report.elsewhere.example", "/report/emergency").send().await.unwrap().status(), 200);
});
