//! An organisation's administrator answers requests about personal data in the browser: finds
//! the person, downloads their subject access bundle, is told why an erasure cannot happen yet,
//! and erases them once their case has closed; each step is logged. On SQLite and PostgreSQL.
mod common;

use asbcase_domain::case::ClosureOutcome;
use asbcase_domain::event::Change;
use asbcase_store::{Store, both_backends};
use common::TestApp;

both_backends!(
    an_administrator_answers_a_subject_access_request_and_erases_someone_once_their_case_closes,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let store = &app.db.store;
        let admin = app.signed_in(&w.admin).await;
        let person = store.people(w.tenant, w.officers_case.id).await.unwrap().remove(0);
        assert_eq!(person.name, "Morgan Achterberg");
        let page = format!("/privacy/people/{}", person.id.0);

        let short = admin.get("/privacy?q=ac").await;
        assert!(short.contains("There is a problem") && short.contains("Enter at least 3 letters"), "{}", short.body);
        let found = admin.get("/privacy?q=achterberg").await;
        assert_eq!(found.status, 200);
        assert!(found.contains(&format!("href=\"{page}\"")) && found.contains("07700 900456"), "{}", found.body);
        assert!(admin.get("/privacy?q=nobody-like-this").await.contains("Nobody on your organisation"));

        // They applied for a case review (giving their phone number as they write it), which has
        // since finished; a review someone else applied for is not theirs to see.
        let theirs =
            finished_review(store, w, "Morgan Achterberg", "+44 7700 900 456", "Morgan: noise all night").await;
        finished_review(store, w, "Lee Carter", "07700 900999", "Bins left out").await;

        let shown = admin.get(&page).await;
        assert!(shown.contains(w.officers_case.reference.as_str()) && shown.contains("Complainant"), "{}", shown.body);
        let res = admin.client.get(format!("{}{page}/bundle/json", admin.base)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(disposition.starts_with("attachment; filename=\"subject-access-"), "{disposition}");
        let bundle: serde_json::Value = res.json().await.unwrap();
        assert_eq!(bundle["person"]["name"], "Morgan Achterberg");
        assert_eq!(bundle["cases"][0]["reference"], w.officers_case.reference.as_str());
        let reviews = bundle["case_reviews"].as_array().unwrap();
        assert_eq!(reviews.len(), 1, "{reviews:?}");
        assert_eq!(reviews[0]["reference"], theirs.as_str());
        assert_eq!(reviews[0]["account"], "Morgan: noise all night");
        assert_eq!(reviews[0]["entries"][2]["what"], "Outcome sent to the applicant");
        let html = admin.get(&format!("{page}/bundle/html")).await;
        assert!(html.contains("Subject access bundle") && html.contains("Morgan Achterberg"));
        assert_eq!(admin.get(&format!("{page}/bundle/pdf")).await.status, 404);

        // Each search, look and bundle is in the access log, under the administrator's name.
        let sql = "SELECT kind FROM access_log WHERE tenant_id = $1 AND user_id = $2 ORDER BY seq";
        let kinds: Vec<String> = match store {
            Store::Sqlite(p) => sqlx::query_scalar(sql).bind(w.tenant.0).bind(w.admin.id.0).fetch_all(p).await.unwrap(),
            Store::Postgres(p) => {
                sqlx::query_scalar(sql).bind(w.tenant.0).bind(w.admin.id.0).fetch_all(p).await.unwrap()
            }
        };
        assert_eq!(
            kinds,
            ["search_people", "search_people", "view_person", "subject_access", "subject_access"],
            "two searches (the mistake is not one), the person's page, two bundles"
        );

        // Someone also on another organisation's case: that case is neither named nor counted, and
        // erasing them is left to the partnership.
        let riley = asbcase_domain::party::Person {
            id: asbcase_domain::PersonId::new(),
            name: "Riley Okafor".into(),
            address: None,
            phone: None,
            email: None,
        };
        store.create_person(w.tenant, &riley, jiff::Timestamp::now()).await.unwrap();
        for case in [&w.officers_case, &w.landlords_case] {
            witness(store, case, &riley).await;
        }
        let riley_page = format!("/privacy/people/{}", riley.id.0);
        let shown = admin.get(&riley_page).await;
        assert!(shown.contains(w.officers_case.reference.as_str()), "{}", shown.body);
        assert!(!shown.contains(w.landlords_case.reference.as_str()), "another organisation's case is not named");
        assert!(shown.contains("also on other organisations"));
        let token = shown.csrf().unwrap();
        let form = [("csrf_token", token.as_str()), ("reason", "Asked"), ("confirm", "yes")];
        let refused = admin.post(&format!("{riley_page}/erase"), &form).await;
        assert!(refused.contains("administrator erases them with asbcase privacy erase"), "{}", refused.body);
        assert!(refused.contains("href=\"#the-form\""), "a form-wide refusal points to the form");
        assert!(!refused.contains(w.landlords_case.reference.as_str()));

        // A case officer has no business here.
        assert_eq!(app.signed_in(&w.officer).await.get("/privacy").await.status, 403);

        // Erasing needs a reason and a confirmation, and waits for the case to close.
        let token = shown.csrf().unwrap();
        let empty = admin.post(&format!("{page}/erase"), &[("csrf_token", token.as_str())]).await;
        assert!(empty.contains("Enter why the erasure is agreed") && empty.contains("Confirm that you understand"));
        let erase = [("csrf_token", token.as_str()), ("reason", "Request 2026-114 agreed"), ("confirm", "yes")];
        let open = admin.post(&format!("{page}/erase"), &erase).await;
        assert!(
            open.contains("must be closed first") && open.contains(w.officers_case.reference.as_str()),
            "{}",
            open.body
        );
        assert!(store.person(w.tenant, person.id).await.unwrap().is_some());

        let (standards, calendar) = (
            asbcase_domain::standards::ServiceStandards::default(),
            asbcase_domain::calendar::Calendar::bundled(asbcase_domain::calendar::Division::EnglandAndWales),
        );
        let rules = asbcase_domain::case::Rules { standards: &standards, calendar: &calendar };
        let mut case = store.case(w.tenant, w.officers_case.id).await.unwrap().unwrap();
        let closed = Change::Closed {
            outcome: ClosureOutcome::Resolved,
            summary: "Resolved; Morgan Achterberg is happy".into(),
            survey: false,
            open_actions_confirmed: true,
        };
        case.record(closed, Some(w.officer.id), jiff::Timestamp::now(), &rules).unwrap();
        store.save_case(&mut case).await.unwrap();

        let done = admin.post(&format!("{page}/erase"), &erase).await;
        assert_eq!((done.status, done.location.as_deref()), (303, Some("/privacy?erased=1")));
        assert!(store.person(w.tenant, person.id).await.unwrap().is_none());
        let after = store.case(w.tenant, w.officers_case.id).await.unwrap().unwrap();
        assert_eq!(after.facts, case.facts, "the figures stay");
        let events = store.events(w.tenant, case.id).await.unwrap();
        assert!(events.iter().all(|e| !e.payload.to_string().contains("Achterberg")));
        assert!(store.verify().await.unwrap().unwrap().redacted > 0);
        let review = store.case_review(w.tenant, &theirs).await.unwrap().unwrap();
        assert_eq!(review.applicant.name, "[removed]", "the review they applied for goes with them");

        let index = admin.get("/privacy?erased=1").await;
        assert!(index.contains("The person was erased"));
        assert!(index.contains("Person erased") && index.contains("Request 2026-114 agreed"), "{}", index.body);
        assert!(index.contains("Subject access bundle made"));
        assert_eq!(admin.get(&page).await.status, 404, "an erased person is not found again");
    }
);

/// Add `person` to `case` as a witness, as an officer of its organisation would.
async fn witness(store: &Store, case: &asbcase_domain::case::Case, person: &asbcase_domain::party::Person) {
    let (standards, calendar) = (
        asbcase_domain::standards::ServiceStandards::default(),
        asbcase_domain::calendar::Calendar::bundled(asbcase_domain::calendar::Division::EnglandAndWales),
    );
    let rules = asbcase_domain::case::Rules { standards: &standards, calendar: &calendar };
    let mut case = store.case(case.tenant, case.id).await.unwrap().unwrap();
    let party = asbcase_domain::party::Party {
        id: asbcase_domain::ids::PartyId::new(),
        role: asbcase_domain::party::PartyRole::Witness,
        person: Some(person.id),
        description: None,
    };
    case.record(Change::PartyAdded { party }, None, jiff::Timestamp::now(), &rules).unwrap();
    store.save_case(&mut case).await.unwrap();
}

/// A finished case review of the officer's case, applied for by `name` on `phone`.
async fn finished_review(store: &Store, w: &common::World, name: &str, phone: &str, account: &str) -> String {
    use asbcase_domain::case_review::{Application, AppliedBy, CaseReview, Decision, ReviewStep};
    let d = |m, day| jiff::civil::date(2026, m, day);
    let application = Application {
        applied_by: AppliedBy::Complainant,
        consent_confirmed: false,
        applied_on: d(6, 1),
        matter: None,
        cases: vec![],
        account: account.into(),
    };
    let mut review = CaseReview::apply(w.tenant, application, d(6, 1)).unwrap();
    let steps = [
        ReviewStep::Acknowledged { on: d(6, 2) },
        ReviewStep::ThresholdDecided { on: d(6, 10), decision: Decision::NotMet, reasons: "One complaint".into() },
        ReviewStep::OutcomeSent { on: d(6, 12), summary: format!("Dear {name}") },
    ];
    for s in &steps {
        review.record(s.clone(), d(7, 1)).unwrap();
    }
    let reference = store.next_review_reference(w.tenant, 2026).await.unwrap();
    let now = jiff::Timestamp::now();
    let applicant = asbcase_store::Applicant { name: name.into(), phone: Some(phone.into()), ..Default::default() };
    let stored = asbcase_store::StoredReview {
        review,
        reference: reference.clone(),
        organisation: w.council,
        applicant,
        version: 0,
        created_at: now,
        updated_at: now,
    };
    store.create_review(&stored, &steps, &[]).await.unwrap();
    reference
}
