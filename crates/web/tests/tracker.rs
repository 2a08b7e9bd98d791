//! A complainant follows their case without an account: a one-time link sent to the contact
//! they gave opens their tracker, where they see their case in plain words and send diary
//! entries, files and messages; when the case closes they may be asked how it went.
//! Every story runs against the real server on SQLite and on PostgreSQL.
mod common;

use asbcase_domain::casework::EvidenceKind;
use asbcase_domain::event::Change;
use asbcase_domain::survey::Satisfaction;
use asbcase_store::{OutboxMessage, both_backends};
use common::{Browser, Page, TestApp};

/// The officer's case's complainant gave this mobile number (see `common::case`).
const PHONE: &str = "07700 900456";

async fn messages(app: &TestApp, reference: &str) -> Vec<OutboxMessage> {
    let r = asbcase_domain::reference::CaseReference::parse(reference).unwrap();
    let case = app.db.store.case_by_reference(app.world.tenant, &r).await.unwrap().unwrap();
    app.db.store.messages_of_case(app.world.tenant, case.id).await.unwrap()
}

/// The one-time link in a message: `/track/…` or `/survey/…`.
fn link_in(m: &OutboxMessage, prefix: &str) -> String {
    let at = m.body.find(prefix).unwrap_or_else(|| panic!("no {prefix} link in: {}", m.body));
    m.body[at..at + prefix.len() + 48].to_string()
}

async fn post_form(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let token = b.csrf(page).await;
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    b.post(action, &form).await
}

async fn ask_for_link(b: &Browser, reference: &str, contact: &str) -> Page {
    post_form(b, "/track", "/track", &[("reference", reference), ("contact", contact)]).await
}

/// Ask for a link with the complainant's number, follow it, and land on the tracker.
async fn visit(app: &TestApp, reference: &str) -> Browser {
    visit_by(app, reference).await.0
}

/// The same, also giving the link that was followed.
async fn visit_by(app: &TestApp, reference: &str) -> (Browser, String) {
    let b = app.browser();
    let sent = ask_for_link(&b, reference, "+44 7700 900456").await;
    assert!(sent.contains("Check your messages"), "{}", sent.body);
    let stored = messages(app, reference).await.into_iter().rev().find(|m| m.kind == "tracker_link").unwrap();
    assert!(stored.body.contains("/track/{one-time-token}"), "the stored message holds no token: {}", stored.body);
    let link = app.deliver().await.into_iter().rev().find(|m| m.kind == "tracker_link").unwrap();
    assert_eq!((link.medium.as_str(), link.recipient.as_str()), ("sms", PHONE), "sent to the number they gave");
    let path = link_in(&link, "/track/");
    let page = b.get(&path).await;
    assert!(page.contains("Continue to your case"), "a scanner following the link does not spend it");
    let followed = post_form(&b, &path, &path, &[]).await;
    assert_eq!(followed.location.as_deref(), Some("/track/case"));
    (b, path)
}

both_backends!(a_complainant_sees_their_case_in_plain_words_and_nothing_about_the_other_party, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    let (b, path) = visit_by(&app, &reference).await;
    let page = b.get("/track/case").await;
    assert_eq!(page.status, 200);
    for text in [reference.as_str(), "An officer is working on your case", "Priya Shah", "We will next contact you by"]
    {
        assert!(page.contains(text), "the tracker shows {text:?}");
    }
    for hidden in ["two men in their twenties", "Racist abuse", "Orchard Court", "Morgan Achterberg"] {
        assert!(!page.contains(hidden), "the tracker must not show {hidden:?}");
    }
    // The link worked once.
    let again = app.browser().get(&path).await;
    assert_eq!(again.status, 410);
    assert!(again.contains("Get a new link"));
    // Leaving ends the visit.
    let left = post_form(&b, "/track/case", "/track/leave", &[]).await;
    assert_eq!(left.location.as_deref(), Some("/track/left"));
    assert_eq!(b.get("/track/case").await.location.as_deref(), Some("/track?ended=1"));
});

both_backends!(a_wrong_contact_gets_the_same_answer_as_an_unknown_case_and_nothing_is_sent, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    let before = messages(&app, &reference).await.len();
    let b = app.browser();
    let wrong = ask_for_link(&b, &reference, "07700 900999").await;
    let unknown = ask_for_link(&b, "ASB-2026-009999", "07700 900456").await;
    let other_partnership = ask_for_link(&b, &app.world.other_tenant_case.reference.to_string(), PHONE).await;
    assert_eq!(wrong.body, unknown.body, "no enumeration");
    assert_eq!(wrong.body, other_partnership.body);
    assert_eq!(messages(&app, &reference).await.len(), before, "nothing sent");
    // Bad input gets the error summary.
    let bad = ask_for_link(&b, "12345", "not a contact").await;
    assert!(bad.contains("There is a problem"));
    assert!(bad.contains("Enter your reference as it was given to you"));
    assert!(bad.contains("Enter an email address, like name@example.com, or a UK mobile number"));
    // A visit needs a link.
    assert_eq!(b.get("/track/case").await.location.as_deref(), Some("/track?ended=1"));
    assert_eq!(b.get("/track/not-a-token").await.status, 410);
});

both_backends!(link_requests_are_limited_so_numbers_cannot_be_guessed_nor_a_phone_flooded, |db| async move {
    let app = TestApp::start(db).await;
    let b = app.browser();
    // The same reference and number: 3 an hour.
    let reference = app.world.officers_case.reference.to_string();
    for _ in 0..asbcase_domain::tracker::REQUESTS_PER_HOUR {
        assert!(ask_for_link(&b, &reference, PHONE).await.contains("Check your messages"));
    }
    assert!(ask_for_link(&b, &reference, PHONE).await.contains("Too many requests"));
    assert_eq!(app.deliver().await.len(), 3, "3 links sent, no more");
    // Guessing the number for a reference: 10 tries an hour, then even the right one waits.
    let other = app.world.colleagues_case.reference.to_string();
    for n in 0..asbcase_domain::tracker::REQUESTS_PER_REFERENCE_PER_HOUR {
        assert!(ask_for_link(&b, &other, &format!("07700 90{n:04}")).await.contains("Check your messages"));
    }
    assert!(ask_for_link(&b, &other, PHONE).await.contains("Too many requests"), "even with the right number");
    assert!(app.deliver().await.is_empty());
});

both_backends!(a_link_works_only_at_its_own_partnerships_address, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    let b = app.browser();
    ask_for_link(&b, &reference, PHONE).await;
    let link = app.deliver().await.into_iter().find(|m| m.kind == "tracker_link").unwrap();
    let path = link_in(&link, "/track/");
    // This server holds two partnerships; only 127.0.0.1 is Ashford Vale's address.
    let elsewhere = app.base.replace("127.0.0.1", "localhost");
    let res = b.client.get(format!("{elsewhere}{path}")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 410);
    assert!(b.get(&path).await.contains("Continue to your case"), "still works at its own address");
});

both_backends!(what_a_complainant_sends_from_the_tracker_waits_on_the_officers_worklist, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    let b = visit(&app, &reference).await;

    let missing = post_form(&b, "/track/case/diary", "/track/case/diary", &[("diary_time", "25:99")]).await;
    assert!(missing.contains("There is a problem"));
    assert!(missing.contains("Enter what happened") && missing.contains("Enter a time like 11:30pm or 23:30"));
    let today = jiff::Zoned::now().date();
    let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
    let diary = post_form(
        &b,
        "/track/case/diary",
        "/track/case/diary",
        &[
            ("diary_date_day", &d),
            ("diary_date_month", &m),
            ("diary_date_year", &y),
            ("diary_time", "11:30pm"),
            ("diary_what", "Banging on my door and shouting"),
            ("diary_affected", "Could not sleep"),
        ],
    )
    .await;
    assert_eq!(diary.location.as_deref(), Some("/track/case?done=diary"), "{}", diary.body);
    assert!(b.get("/track/case?done=diary").await.contains("Your diary entry has been added to your case."));

    let empty = post_form(&b, "/track/case/message", "/track/case/message", &[("message", "  ")]).await;
    assert!(empty.contains("Enter your message"));
    let sent =
        post_form(&b, "/track/case/message", "/track/case/message", &[("message", "It happened again tonight")]).await;
    assert_eq!(sent.location.as_deref(), Some("/track/case?done=message"));
    let call = post_form(&b, "/track/case/call-back", "/track/case/call-back", &[("when", "After 6pm")]).await;
    assert_eq!(call.location.as_deref(), Some("/track/case?done=call-back"));

    // A file, judged by its content: a PNG named .txt is still a photo; text is refused.
    let token = b.csrf("/track/case/file").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        b.client.post(format!("{}/track/case/file", b.base)).multipart(form).send()
    };
    let refused = Page::from_response(upload(b"just some words".to_vec(), "notes.png").await.unwrap()).await;
    assert!(refused.contains("There is a problem"), "{}", refused.body);
    let ok = upload(png, "door.txt").await.unwrap();
    assert_eq!(ok.headers().get("location").unwrap(), "/track/case?done=file");

    let case =
        app.db.store.case_by_reference(app.world.tenant, &app.world.officers_case.reference).await.unwrap().unwrap();
    let from_resident: Vec<_> =
        case.casework.evidence.iter().filter(|e| e.added_by.is_none()).map(|e| e.kind).collect();
    assert_eq!(from_resident, [EvidenceKind::Diary, EvidenceKind::Message, EvidenceKind::CallBack, EvidenceKind::File]);
    let events = app.db.store.events(app.world.tenant, case.id).await.unwrap();
    assert!(events.iter().rev().take(4).all(|e| e.actor.is_none()), "recorded as the complainant's, not staff's");
    assert!(matches!(
        events.iter().rev().nth(1).unwrap().change().unwrap(),
        Change::ComplainantMessage { call_back: true, .. }
    ));

    let officer = app.signed_in(&app.world.officer).await;
    let worklist = officer.get("/worklist").await;
    assert!(worklist.contains("From the complainant"));
    assert!(worklist.contains("It happened again tonight"));
    assert!(worklist.contains("Banging on my door"));
    let case_page = officer.get(&format!("/cases/{reference}")).await;
    assert!(case_page.contains("Call back requested"));
});

both_backends!(closing_invites_the_complainant_to_the_survey_which_is_answered_once, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    let officer = app.signed_in(&app.world.officer).await;
    let page = officer.get(&format!("/cases/{reference}/close")).await;
    let version = {
        let at = page.body.find("name=\"version\" value=\"").unwrap() + 22;
        page.body[at..at + page.body[at..].find('"').unwrap()].to_string()
    };
    let closed = officer
        .post(
            &format!("/cases/{reference}/close"),
            &[
                ("csrf_token", page.csrf().unwrap().as_str()),
                ("version", version.as_str()),
                ("outcome", "resolved"),
                ("summary", "Quiet for a month"),
                ("survey", "yes"),
            ],
        )
        .await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    let sent = messages(&app, &reference).await;
    let told = sent.iter().find(|m| m.kind == "case_closed").expect("the complainant is told");
    assert_eq!((told.medium.as_str(), told.recipient.as_str()), ("sms", PHONE));
    assert!(sent.iter().any(|m| m.kind == "survey_invitation"), "and invited to the survey");
    let delivered = app.deliver().await;
    let invitation = delivered.iter().find(|m| m.kind == "survey_invitation").unwrap();
    let path = link_in(invitation, "/survey/");

    let b = app.browser();
    let form = b.get(&path).await;
    assert!(form.contains("How did we do?"));
    let incomplete = post_form(&b, &path, &path, &[("handling", "very_satisfied")]).await;
    assert!(incomplete.contains("Select whether we kept you informed"));
    let answers = [
        ("handling", "fairly_satisfied"),
        ("kept_informed", "partly"),
        ("outcome", "very_satisfied"),
        ("report_again", "yes"),
        ("comments", "Thank you"),
    ];
    let thanks = post_form(&b, &path, &path, &answers).await;
    assert!(thanks.contains("Your answers have been sent"), "{}", thanks.body);
    let again = b.get(&path).await;
    assert_eq!(again.status, 410);
    assert!(again.contains("You have already answered this survey"));

    let case =
        app.db.store.case_by_reference(app.world.tenant, &app.world.officers_case.reference).await.unwrap().unwrap();
    let response = case.casework.survey.expect("kept with the case");
    assert_eq!((response.handling, response.outcome), (Satisfaction::FairlySatisfied, Satisfaction::VerySatisfied));
    assert!(officer.get(&format!("/cases/{reference}")).await.contains("Satisfaction survey answered"));

    // The closed case takes nothing more from the tracker, but still shows.
    let b = visit(&app, &reference).await;
    let tracker = b.get("/track/case").await;
    assert!(tracker.contains("Your case is closed"));
    assert!(!tracker.contains("Add a diary entry"));
    assert_eq!(b.get("/track/case/message").await.status, 400);
});

both_backends!(closing_without_the_survey_tells_them_but_does_not_invite_them, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.colleagues_case.reference.to_string();
    let officer = app.signed_in(&app.world.colleague).await;
    let page = officer.get(&format!("/cases/{reference}/close")).await;
    let at = page.body.find("name=\"version\" value=\"").unwrap() + 22;
    let version = page.body[at..at + page.body[at..].find('"').unwrap()].to_string();
    let closed = officer
        .post(
            &format!("/cases/{reference}/close"),
            &[
                ("csrf_token", page.csrf().unwrap().as_str()),
                ("version", version.as_str()),
                ("outcome", "no_further_action"),
                ("summary", "No further reports"),
                ("survey", "no"),
            ],
        )
        .await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    let kinds: Vec<_> = messages(&app, &reference).await.into_iter().map(|m| m.kind).collect();
    assert!(kinds.contains(&"case_closed".to_string()));
    assert!(!kinds.contains(&"survey_invitation".to_string()));
});

both_backends!(a_message_that_could_not_be_delivered_shows_on_the_case, |db| async move {
    let app = TestApp::start(db).await;
    let reference = app.world.officers_case.reference.to_string();
    ask_for_link(&app.browser(), &reference, PHONE).await;
    let officer = app.signed_in(&app.world.officer).await;
    let page = officer.get(&format!("/cases/{reference}")).await;
    assert!(page.contains("Case tracker link") && page.contains("Waiting to send"), "{}", page.body);
    assert!(!page.contains("not delivered"));

    for m in app.db.store.claim_due_messages(jiff::Timestamp::now(), 10).await.unwrap() {
        let why = "GOV.UK Notify answered 400: phone_number Not a UK mobile number".to_string();
        app.db.store.record_delivery(&m, Err((why, None))).await.unwrap();
    }
    let page = officer.get(&format!("/cases/{reference}")).await;
    assert!(page.contains("A message to a resident was not delivered"));
    assert!(page.contains("Not delivered") && page.contains("Not a UK mobile number"));
});
