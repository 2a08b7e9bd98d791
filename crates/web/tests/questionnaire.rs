//! The partnership's risk questionnaire, changed from Settings by an administrator of the
//! organisation that takes reports: saving makes a new version that the next report is asked
//! and scored with, while earlier versions stay as they were for the reports they assessed.
mod common;

use asbcase_domain::questionnaire::Questionnaire;
use asbcase_store::both_backends;
use common::{Browser, TestApp};

/// The form as the page fills it for `q`, with `changes` made over it (each replaces the
/// field of its name, or is added).
fn form(q: &Questionnaire, csrf: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![("csrf_token".to_string(), csrf.to_string()), ("based_on".into(), q.version.to_string())];
    for (i, x) in q.questions.iter().enumerate() {
        f.push((format!("q{i}-key"), x.key.clone()));
        f.push((format!("q{i}-text"), x.text.clone()));
        f.push((format!("q{i}-hint"), x.hint.clone()));
        f.push((format!("q{i}-weight"), x.weight.to_string()));
        if x.high_on_yes {
            f.push((format!("q{i}-high"), "yes".into()));
        }
    }
    f.push(("medium_from".into(), q.medium_from.to_string()));
    f.push(("high_from".into(), q.high_from.to_string()));
    for (name, value) in changes {
        match f.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_string(),
            None => f.push((name.to_string(), value.to_string())),
        }
    }
    f
}

async fn post(b: &Browser, fields: &[(String, String)]) -> common::Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post("/settings/questionnaire", &pairs).await
}

/// A resident's way to the risk questions of the public report form.
async fn risk_questions(b: &Browser) -> common::Page {
    for (page, fields) in [
        ("/report/danger", vec![("danger", "no")]),
        (
            "/report/what",
            vec![("categories", "noise"), ("description", "Bass"), ("how_often", "daily"), ("happening_now", "no")],
        ),
        ("/report/where", vec![("address", "2 Quay Road")]),
    ] {
        let token = b.csrf(page).await;
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(&fields);
        assert_eq!(b.post(page, &form).await.status, 303, "{page}");
    }
    b.get("/report/risk").await
}

both_backends!(an_administrator_makes_a_new_version_and_the_next_report_is_asked_it, |db| async move {
    let app = TestApp::start(db).await;
    let (w, store) = (&app.world, &app.db.store);
    let admin = app.signed_in(&w.admin).await;
    assert!(admin.get("/settings").await.contains("href=\"/settings/questionnaire\""));
    let page = admin.get("/settings/questionnaire").await;
    assert!(page.contains("Version 1") && page.contains("Built in") && page.contains("Asked now"));

    let v1 = Questionnaire::default_set();
    let csrf = admin.csrf("/settings/questionnaire/new").await;
    let children = v1.questions.iter().position(|q| q.key == "children_in_household").unwrap();
    let remove = format!("q{children}-remove");
    let fields = form(
        &v1,
        &csrf,
        &[
            ("q0-weight", "4"),
            (&remove, "yes"),
            ("n0-text", "Does it keep you awake at night?"),
            ("n0-weight", "3"),
            ("medium_from", "5"),
        ],
    );
    let saved = post(&admin, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/settings/questionnaire?saved=2"));
    let page = admin.get("/settings/questionnaire?saved=2").await;
    assert!(page.contains("Version 2 is stored: new reports are assessed with it now."));
    let asked_now = &page.body[page.body.find("The questions asked now").unwrap()..];
    let asked_now = &asked_now[..asked_now.find("</table>").unwrap()];
    assert!(asked_now.contains("Does it keep you awake at night?") && !asked_now.contains("Are there children living"));
    assert!(page.contains("Alex Admin (alex.admin@ashfordvale.example)"), "kept with who made it");
    assert!(page.contains(
        "added ‘Does it keep you awake at night?’ (score 3); removed ‘Are there children living in your home?’"
    ));

    let v2 = store.questionnaire(w.tenant).await.unwrap();
    assert_eq!((v2.version, v2.medium_from, v2.questions[0].weight), (2, 5, 4));
    assert_eq!(v2.question("does_it_keep_you_awake_at_night").unwrap().weight, 3);
    assert_eq!(store.questionnaire_version(w.tenant, 1).await.unwrap(), Some(v1), "version 1 is as it was");

    let asked = risk_questions(&app.browser()).await;
    assert!(asked.contains("Does it keep you awake at night?"), "asked at once, without a restart");
    assert!(!asked.contains("Are there children living in your home?"));
});

both_backends!(bands_that_overlap_are_refused_and_what_was_typed_is_kept, |db| async move {
    let app = TestApp::start(db).await;
    let (w, store) = (&app.world, &app.db.store);
    let admin = app.signed_in(&w.admin).await;
    let v1 = Questionnaire::default_set();
    let csrf = admin.csrf("/settings/questionnaire/new").await;
    let fields = form(
        &v1,
        &csrf,
        &[("n1-text", "Has it gone on for more than a month?"), ("n1-weight", "two"), ("high_from", "3")],
    );
    let refused = post(&admin, &fields).await;
    assert_eq!(refused.status, 200);
    assert!(refused.title().starts_with("Error: "));
    assert!(refused.contains("href=\"#n1-weight\"") && refused.contains("Enter question 9&#39;s score for yes"));
    assert!(refused.contains("href=\"#high_from\"") && refused.contains("or the bands overlap"));
    assert!(refused.contains("value=\"Has it gone on for more than a month?\""), "the new question is kept");
    assert!(refused.contains("value=\"3\""), "and the score typed");
    assert_eq!(store.questionnaire(w.tenant).await.unwrap().version, 1, "nothing stored");

    let same = post(&admin, &form(&v1, &csrf, &[])).await;
    assert!(same.contains("Nothing has changed from version 1"));
    let hate = v1.questions.iter().position(|q| q.key == asbcase_domain::questionnaire::HATE_KEY).unwrap();
    let form_page = admin.get("/settings/questionnaire/new").await;
    assert!(!form_page.contains(&format!("name=\"q{hate}-remove\"")), "the hate question offers no remove");
    assert!(form_page.contains("This question cannot be removed: hate incidents are counted from it."));
    let remove = format!("q{hate}-remove");
    let forced = post(&admin, &form(&v1, &csrf, &[(&remove, "yes")])).await;
    assert!(forced.contains("Keep the question about being targeted for who they are"));
    assert_eq!(store.questionnaire(w.tenant).await.unwrap().version, 1);
});

both_backends!(a_form_begun_before_someone_else_saved_is_not_stored_over_their_version, |db| async move {
    let app = TestApp::start(db).await;
    let (w, store) = (&app.world, &app.db.store);
    let admin = app.signed_in(&w.admin).await;
    let v1 = Questionnaire::default_set();
    let csrf = admin.csrf("/settings/questionnaire/new").await;
    assert_eq!(post(&admin, &form(&v1, &csrf, &[("q0-weight", "4")])).await.status, 303);
    // The same form, begun from version 1, now changes something else.
    let stale = post(&admin, &form(&v1, &csrf, &[("q1-weight", "6")])).await;
    assert_eq!(stale.status, 200);
    assert!(stale.contains("Version 2 was stored while you were making your changes"), "{}", stale.body);
    assert!(stale.contains("href=\"#the-form\""));
    assert!(stale.contains("name=\"based_on\" value=\"2\""), "the form now begins from version 2");
    assert!(
        stale.contains(
            "id=\"q0-weight\" name=\"q0-weight\" type=\"text\" inputmode=\"numeric\" spellcheck=\"false\" value=\"4\""
        ),
        "version 2's change is kept"
    );
    assert!(
        stale.contains(
            "id=\"q1-weight\" name=\"q1-weight\" type=\"text\" inputmode=\"numeric\" spellcheck=\"false\" value=\"6\""
        ),
        "and the one typed"
    );
    assert_eq!(store.questionnaire(w.tenant).await.unwrap().version, 2);
    let v2 = store.questionnaire(w.tenant).await.unwrap();
    assert_eq!(
        post(&admin, &form(&v2, &csrf, &[("q1-weight", "6")])).await.location.as_deref(),
        Some("/settings/questionnaire?saved=3")
    );
    let v3 = store.questionnaire(w.tenant).await.unwrap();
    assert_eq!((v3.questions[0].weight, v3.questions[1].weight), (4, 6), "both changes kept");
});
