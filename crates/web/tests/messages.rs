//! The wording of an organisation's messages to residents, changed from Settings: previewed
//! with example values, checked as the command line checks it, used by the next message at
//! once, put back to the standard wording, and every change kept with who made it.
mod common;

use asbcase_domain::message::{self, Medium};
use asbcase_domain::organisation::Role;
use asbcase_store::both_backends;
use common::report::{answer, reference_on, send, through_to_contact};
use common::{Browser, Page, TestApp};

const ACK_EMAIL: &str = "/settings/messages/acknowledgement/email";

/// Send the wording form of `path` with `fields` (subject, body, action).
async fn word(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf().unwrap();
    let was = was_on(&page);
    let mut form = vec![("csrf_token", csrf.as_str()), ("was", was.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form).await
}

/// When the wording the form on `page` began from was last changed.
fn was_on(page: &Page) -> String {
    let marker = "name=\"was\" value=\"";
    let at = page.body.find(marker).expect("the form says what it began from") + marker.len();
    page.body[at..].split('"').next().unwrap().to_string()
}

/// The text of the textarea on a page.
fn textarea(page: &Page) -> &str {
    let start = page.body.find("<textarea").expect("a textarea");
    let open = start + page.body[start..].find('>').unwrap() + 1;
    &page.body[open..open + page.body[open..].find("</textarea>").unwrap()]
}

const SUBJECT: &str = "Thank you for your report ((reference))";
const BODY: &str = "Hello ((name)),\r\n\r\nWe have your report ((reference)) and will call you by ((contact_by)).\r\n\r\nFollow it here: ((tracker))\r\n\r\n((organisation))";

both_backends!(a_manager_rewords_the_acknowledgement_email_and_the_next_report_uses_it, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;

    let settings = manager.get("/settings").await;
    assert!(settings.contains("href=\"/settings/messages\""), "Settings lists the messages");
    let list = manager.get("/settings/messages").await;
    assert_eq!(list.status, 200, "{}", list.body);
    for kind in message::KINDS {
        assert!(list.contains(kind.label), "{} is listed", kind.kind);
        for m in message::media(kind.kind) {
            assert!(list.contains(&format!("href=\"/settings/messages/{}/{}\"", kind.kind, m.as_str())));
        }
    }
    assert!(!list.contains("Your own") && list.contains("Never"));

    // The form holds the standard wording and explains each placeholder.
    let form = manager.get(ACK_EMAIL).await;
    assert!(form.contains("value=\"Your report about anti-social behaviour: ((reference))\""), "{}", form.body);
    assert!(textarea(&form).starts_with("Dear ((name)),"));
    assert!(form.contains("((contact_by))") && form.contains("When an officer will contact them by"));
    assert!(form.contains("The message must use it."), "((reference)) is required");

    let saved = word(&manager, ACK_EMAIL, &[("subject", SUBJECT), ("body", BODY), ("action", "save")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = manager.get(&saved.location.unwrap()).await;
    assert!(page.contains("The wording is saved"), "{}", page.body);
    assert!(page.contains("value=\"Thank you for your report ((reference))\""));
    assert!(page.contains("Helen Marsh (helen.marsh@ashfordvale.example)"), "the change is kept with who made it");
    assert!(page.contains("Acknowledgement of a report (email): subject and wording changed"));
    assert!(page.contains("Go back to the standard wording"));
    let list = manager.get("/settings/messages").await;
    assert!(
        list.contains("Your own") && list.contains("Acknowledgement of a report (email): subject and wording changed")
    );

    // The next report's acknowledgement, as the resident receives it, uses the new wording.
    let b = app.browser();
    through_to_contact(&b, &[]).await;
    answer(
        &b,
        "/report/contact",
        &[("anonymous", "no"), ("name", "Sam Okoro"), ("email", "sam@example.org"), ("preferred", "email")],
    )
    .await;
    let reference = reference_on(&send(&b).await);
    let delivered = app.deliver().await;
    let ack = delivered
        .iter()
        .find(|m| m.kind == "acknowledgement" && m.recipient == "sam@example.org")
        .expect("the acknowledgement was delivered");
    assert_eq!(ack.medium, Medium::Email);
    assert_eq!(ack.subject, format!("Thank you for your report {reference}"));
    assert!(
        ack.body.starts_with(&format!("Hello Sam Okoro,\n\nWe have your report {reference} and will call you by ")),
        "{}",
        ack.body
    );
    assert!(ack.body.contains("/track/") && ack.body.ends_with("Ashford Vale District Council"), "{}", ack.body);

    // Saving the same wording again changes nothing, and keeps nothing.
    let again = word(&manager, ACK_EMAIL, &[("subject", SUBJECT), ("body", BODY), ("action", "save")]).await;
    assert!(again.location.as_deref().unwrap().ends_with("?unchanged=1"));
    let changes = app.db.store.template_changes(w.tenant, w.council, "acknowledgement", Medium::Email).await.unwrap();
    assert_eq!(changes.len(), 1);
});

both_backends!(a_preview_shows_the_example_values_and_saves_nothing, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.admin).await;
    let page = word(&manager, ACK_EMAIL, &[("subject", SUBJECT), ("body", BODY), ("action", "preview")]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("<h2 class=\"govuk-heading-m\" id=\"preview-title\">Preview</h2>"), "{}", page.body);
    // Filled in with the example values the command line's preview uses, paragraph by paragraph.
    assert!(page.contains("<strong>Subject:</strong> Thank you for your report ASB-2026-000042"));
    assert!(page.contains(">Hello Sam Okoro,</p>"), "{}", page.body);
    assert!(page.contains("will call you by the end of 3 December 2026."));
    // What was typed stays in the form, placeholders and all.
    assert!(page.contains("value=\"Thank you for your report ((reference))\""));
    assert_eq!(textarea(&page), BODY.replace("\r\n", "\n"));
    assert_eq!(app.db.store.template(w.tenant, w.council, "acknowledgement", Medium::Email).await.unwrap(), None);
    assert!(app.db.store.message_changes(w.tenant, w.council).await.unwrap().is_empty());

    // A text message has no subject and says how many texts it takes.
    let sms = "/settings/messages/update/sms";
    let form = manager.get(sms).await;
    assert!(!form.contains("name=\"subject\""));
    let body = format!("((organisation)), case ((reference)): ((update)) {}", "Thanks. ".repeat(10));
    let page = word(&manager, sms, &[("body", &body), ("action", "preview")]).await;
    assert!(page.contains("Preview") && !page.contains("<strong>Subject:</strong>"), "{}", page.body);
    assert!(page.contains("characters long, sent as 2 texts."), "{}", page.body);
    let welsh = format!("((organisation)), achos ((reference)): ((update)) Diolch ŵ {}", "x".repeat(20));
    let page = word(&manager, sms, &[("body", &welsh), ("action", "preview")]).await;
    assert!(page.contains("each text holds 67 characters, not 153."), "{}", page.body);
    assert_eq!(app.db.store.template(w.tenant, w.council, "update", Medium::Sms).await.unwrap(), None);
});

both_backends!(wording_the_command_line_would_refuse_is_refused_with_the_text_kept, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    // The reference misspelt is named as such (not as the reference left out).
    let typed = "Dear ((name)), your report ((refrence)) is with us.";
    for action in ["save", "preview"] {
        let page = word(&manager, ACK_EMAIL, &[("subject", "Your report"), ("body", typed), ("action", action)]).await;
        assert_eq!(page.status, 200, "{action}: {}", page.body);
        assert!(page.title().starts_with("Error: "));
        assert!(page.contains("govuk-error-summary"));
        assert!(page.contains("<a href=\"#body\">Correct or remove ((refrence))"), "{}", page.body);
        assert!(page.contains("id=\"body-error\"") && !page.contains("Include ((reference))"));
        assert!(page.contains("value=\"Your report\""));
        assert_eq!(textarea(&page), typed, "the text typed is kept");
        assert!(!page.contains("id=\"preview-title\""));
    }
    for (fields, field, says) in [
        (vec![("subject", ""), ("body", BODY)], "subject", "Enter a subject"),
        (vec![("subject", SUBJECT), ("body", "  ")], "body", "Enter the wording of the message"),
        (vec![("subject", "Hello"), ("body", "Hello ((name))")], "body", "Include ((reference)) in the message"),
        (vec![("subject", "((reference)) ((oops"), ("body", BODY)], "subject", "Close each (( with ))"),
    ] {
        let mut form = fields.clone();
        form.push(("action", "save"));
        let page = word(&manager, ACK_EMAIL, &form).await;
        assert_eq!(page.status, 200, "{fields:?}");
        assert!(page.contains(&format!("<a href=\"#{field}\">{says}")), "{fields:?}: {}", page.body);
    }
    let long = format!("((organisation)): ((update)) {}", "x".repeat(400));
    let page = word(&manager, "/settings/messages/update/sms", &[("body", &long), ("action", "save")]).await;
    assert!(page.contains("<a href=\"#body\">The text message must fit in 3 texts once filled in"), "{}", page.body);
    // In Welsh, ŵ sends every text as 67 characters: what fits in English does not.
    let welsh = format!("((organisation)): ((update)) Diolch, ŵyr. {}", "x".repeat(150));
    let page = word(&manager, "/settings/messages/update/sms", &[("body", &welsh), ("action", "save")]).await;
    assert!(page.contains("such as ŵ, ŷ or an emoji), each text holds 67"), "{}", page.body);
    assert_eq!(app.db.store.own_wordings(w.tenant, w.council).await.unwrap(), vec![], "nothing was saved");
});

both_backends!(going_back_to_the_standard_wording_removes_the_own_and_is_kept, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let manager = app.signed_in(&w.manager).await;
    let path = "/settings/messages/case_closed/sms";
    let own = "((organisation)): case ((reference)) is closed. Thank you.";
    let saved = word(&manager, path, &[("body", own), ("action", "save")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(app.db.store.template(w.tenant, w.council, "case_closed", Medium::Sms).await.unwrap().is_some());

    let csrf = manager.csrf(path).await;
    let reset = manager.post(&format!("{path}/reset"), &[("csrf_token", csrf.as_str())]).await;
    assert_eq!(reset.location.as_deref(), Some(&*format!("{path}?reset=1")));
    assert_eq!(app.db.store.template(w.tenant, w.council, "case_closed", Medium::Sms).await.unwrap(), None);
    let page = manager.get(&reset.location.unwrap()).await;
    assert!(page.contains("The standard wording is back"), "{}", page.body);
    assert_eq!(textarea(&page), message::default_case_closed(Medium::Sms).body);
    assert!(!page.contains("/reset\""), "no own wording to go back from");
    assert!(page.contains("Case closed (text message): back to the standard wording"));
    assert!(page.contains("Case closed (text message): wording changed"));
    let list = manager.get("/settings/messages").await;
    assert!(!list.contains("Your own"), "{}", list.body);
    let wordings = app.db.store.own_wordings(w.tenant, w.council).await.unwrap();
    assert_eq!(wordings.len(), 1);
    assert!(!wordings[0].own && wordings[0].changed_at.is_some(), "when it went back is the last change");

    // Going back again changes nothing and keeps nothing.
    let csrf = manager.csrf(path).await;
    let again = manager.post(&format!("{path}/reset"), &[("csrf_token", csrf.as_str())]).await;
    assert_eq!(again.location.as_deref(), Some(path));
    let changes = app.db.store.template_changes(w.tenant, w.council, "case_closed", Medium::Sms).await.unwrap();
    assert_eq!(changes.len(), 2);
});

both_backends!(only_managers_and_administrators_word_their_own_organisations_messages, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;
    assert_eq!(officer.get("/settings/messages").await.status, 403);
    assert_eq!(officer.get(ACK_EMAIL).await.status, 403);
    let csrf = officer.csrf("/track").await;
    let post = officer
        .post(ACK_EMAIL, &[("csrf_token", &csrf), ("subject", SUBJECT), ("body", BODY), ("action", "save")])
        .await;
    assert_eq!(post.status, 403);
    assert_eq!(officer.post(&format!("{ACK_EMAIL}/reset"), &[("csrf_token", &csrf)]).await.status, 403);

    let manager = app.signed_in(&w.manager).await;
    assert_eq!(manager.get("/settings/messages/thanks/email").await.status, 404);
    assert_eq!(manager.get("/settings/messages/acknowledgement/pigeon").await.status, 404);

    // The landlord's manager words the landlord's messages, never the council's.
    let landlord_manager =
        common::user(&app.db.store, w.tenant, w.landlord, "Ada Obi", "ada.obi@valehomes.example", &[Role::TeamManager])
            .await;
    let theirs = app.signed_in(&landlord_manager).await;
    let saved = word(&theirs, ACK_EMAIL, &[("subject", SUBJECT), ("body", BODY), ("action", "save")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(app.db.store.template(w.tenant, w.landlord, "acknowledgement", Medium::Email).await.unwrap().is_some());
    assert_eq!(app.db.store.template(w.tenant, w.council, "acknowledgement", Medium::Email).await.unwrap(), None);
    assert!(manager.get(ACK_EMAIL).await.contains("uses the standard wording"));
});

both_backends!(a_save_from_a_form_begun_before_a_colleagues_change_is_not_written_over_it, |db| async move {
    let app = TestApp::start(db).await;
    let manager = app.signed_in(&app.world.manager).await;
    // Begun from the standard wording...
    let begun = manager.get(ACK_EMAIL).await;
    let (csrf, was) = (begun.csrf().unwrap(), was_on(&begun));
    // ...while a colleague saves their own.
    let theirs = word(&manager, ACK_EMAIL, &[("subject", SUBJECT), ("body", BODY), ("action", "save")]).await;
    assert_eq!(theirs.status, 303, "{}", theirs.body);
    let stale = manager
        .post(
            ACK_EMAIL,
            &[
                ("csrf_token", &csrf),
                ("was", &was),
                ("subject", "Mine ((reference))"),
                ("body", BODY),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(stale.status, 200);
    assert!(stale.contains("Someone changed this wording while you were editing it"), "{}", stale.body);
    assert!(stale.contains("value=\"Mine ((reference))\""), "what was typed is kept");
    let kept =
        app.db.store.template(app.world.tenant, app.world.council, "acknowledgement", Medium::Email).await.unwrap();
    assert_eq!(kept.unwrap().subject, SUBJECT, "the colleague's wording stands");
});

both_backends!(messages_only_sent_by_email_offer_no_other_wording, |db| async move {
    let app = TestApp::start(db).await;
    let manager = app.signed_in(&app.world.manager).await;
    assert_eq!(manager.get("/settings/messages/contact_due/email").await.status, 200);
    assert_eq!(manager.get("/settings/messages/contact_due/sms").await.status, 404);
    assert!(!manager.get("/settings/messages").await.contains("/settings/messages/referral_changed/letter"));
});
