//! Working with partners: a case shared with another organisation of the partnership (in
//! summary or in full, then no longer), and a referral that the partner answers and whose
//! answer reaches the officer who made it.
mod common;

use asbcase_domain::case::Rules;
use asbcase_domain::event::Change;
use asbcase_domain::partnership::ReferralTo;
use asbcase_store::{SupportService, both_backends};
use common::{Browser, Page, TestApp};
use jiff::{Timestamp, ToSpan};

/// Post a case form as drawn, with the case version and CSRF token from the page.
async fn post_form(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    let csrf = page.csrf().unwrap();
    let version = version_of(&page);
    let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form).await
}

fn version_of(page: &Page) -> String {
    let start = page.body.find("name=\"version\" value=\"").unwrap() + "name=\"version\" value=\"".len();
    let end = page.body[start..].find('"').unwrap();
    page.body[start..start + end].to_string()
}

both_backends!(
    a_case_shared_in_summary_shows_no_evidence_in_full_its_files_and_once_stopped_nothing,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let work = common::add_work(&app.db.store, &w.officers_case).await;
        let reference = w.officers_case.reference.to_string();
        let case_path = format!("/cases/{reference}");
        let file_path = format!("/cases/{reference}/evidence/{}", work.file);
        let landlord = app.signed_in(&w.landlord_officer).await;
        assert_eq!(landlord.get(&case_path).await.status, 404, "not shared yet: not found");
        assert!(!landlord.get("/shared").await.contains(&reference));

        let officer = app.signed_in(&w.officer).await;
        let share = format!("{case_path}/share");
        // Another partnership's organisation cannot be named, even by a forged form.
        let other = w.other_tenant_officer.organisation.to_string();
        let refused =
            post_form(&officer, &share, &[("organisation", &other), ("scope", "full"), ("purpose", "Joint work")])
                .await;
        assert_eq!(refused.status, 200);
        assert!(refused.contains("Select a partner organisation from the list"));
        assert!(refused.contains("govuk-error-summary"));
        let landlord_id = w.landlord.to_string();
        let no_purpose = post_form(&officer, &share, &[("organisation", &landlord_id), ("scope", "summary")]).await;
        assert!(no_purpose.contains("Enter why you are sharing it"));
        let done = post_form(
            &officer,
            &share,
            &[("organisation", &landlord_id), ("scope", "summary"), ("purpose", "Tenancy enforcement by the landlord")],
        )
        .await;
        assert_eq!(done.status, 303);
        let own = officer.get(&case_path).await;
        assert!(own.contains("Vale Homes") && own.contains("Tenancy enforcement by the landlord"));

        let list = landlord.get("/shared").await;
        assert!(list.contains(&reference) && list.contains("Ashford Vale District Council"));
        let seen = landlord.get(&case_path).await;
        assert_eq!(seen.status, 200);
        assert!(seen.contains("has shared this case with your organisation"));
        assert!(seen.contains("Evidence is not shared with your organisation"));
        assert!(!seen.contains(&file_path), "no link to the file");
        assert!(!seen.contains("Record a contact"), "a partner cannot change the case");
        assert!(seen.contains("Racist abuse shouted"), "the summary says what is happening");
        assert!(seen.contains("Morgan Achterberg"), "the parties are named");
        assert!(!seen.contains("07700 900456"), "but not how to reach them");
        assert!(!seen.contains("agreed to keep a diary"), "nor what was said in contacts");
        assert_eq!(landlord.get(&file_path).await.status, 404);
        let note = landlord.get(&format!("{case_path}/note")).await;
        assert_eq!(note.status, 404, "a partner cannot work on the case");

        // Shared in full: the file can be downloaded.
        let full = post_form(
            &officer,
            &share,
            &[("organisation", &landlord_id), ("scope", "full"), ("purpose", "Evidence for a possession claim")],
        )
        .await;
        assert_eq!(full.status, 303);
        assert_eq!(landlord.get(&file_path).await.status, 200);
        let full_view = landlord.get(&case_path).await;
        assert!(full_view.contains(&file_path) && full_view.contains("07700 900456"));
        assert!(full_view.contains("agreed to keep a diary"));

        // Stopped: nothing again.
        let stop = post_form(
            &officer,
            &format!("{case_path}/unshare"),
            &[("organisation", &landlord_id), ("reason", "Possession claim decided")],
        )
        .await;
        assert_eq!(stop.status, 303);
        assert_eq!(landlord.get(&case_path).await.status, 404);
        assert_eq!(landlord.get(&file_path).await.status, 404);
        assert!(!landlord.get("/shared").await.contains(&reference));

        // The partner's looks are in the access log; the timeline tells the story.
        let looked = app.db.store.access_to_case(w.tenant, w.officers_case.id, 20).await.unwrap();
        assert!(looked.iter().any(|r| r.user == w.landlord_officer.id));
        let timeline = officer.get(&case_path).await;
        assert!(timeline.contains("Shared with a partner") && timeline.contains("Sharing stopped"));
        // Another partnership never sees it.
        let other = app.signed_in(&w.other_tenant_officer).await;
        assert_eq!(other.get(&case_path).await.status, 404);
    }
);

both_backends!(a_referral_is_answered_by_the_partner_and_the_referrer_is_told_each_time, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let reference = w.officers_case.reference.to_string();
    let case_path = format!("/cases/{reference}");
    let officer = app.signed_in(&w.officer).await;
    let landlord_id = w.landlord.to_string();
    let to = format!("org:{landlord_id}");
    let refer = format!("{case_path}/refer");
    // Another partnership's organisation cannot be named, even by a forged form.
    let outside = format!("org:{}", w.other_tenant_officer.organisation);
    let refused = post_form(&officer, &refer, &[("to", &outside), ("party", "case"), ("reason", "Help")]).await;
    assert!(refused.contains("Select a partner organisation or support service from the list"));
    let missing = post_form(&officer, &refer, &[("to", &to), ("party", "case")]).await;
    assert!(missing.contains("Enter why you are referring"));
    let made = post_form(
        &officer,
        &refer,
        &[("to", &to), ("party", "case"), ("reason", "Please consider a management transfer for the family")],
    )
    .await;
    assert_eq!(made.status, 303);
    assert!(officer.get(&case_path).await.contains("Waiting for an answer"));

    let case = app.db.store.case(w.tenant, w.officers_case.id).await.unwrap().unwrap();
    let id = case.casework.referrals[0].id;
    let referral_path = format!("/referrals/{id}");
    // The referrer cannot answer its own referral; another partnership cannot see it.
    assert!(!officer.get(&referral_path).await.contains("Answer the referral"));
    let other = app.signed_in(&w.other_tenant_officer).await;
    assert_eq!(other.get(&referral_path).await.status, 404);

    let landlord = app.signed_in(&w.landlord_officer).await;
    let list = landlord.get("/referrals").await;
    assert!(list.contains(&reference) && list.contains("Please consider a management transfer"));
    let page = landlord.get(&referral_path).await;
    assert!(page.contains("Answer the referral") && page.contains("Racist abuse shouted"));
    assert!(!page.contains(&format!("href=\"{case_path}\"")), "the case itself is not shared with them");
    let answer = format!("{referral_path}/answer");
    let declined_without_reason = {
        let p = landlord.get(&referral_path).await;
        let csrf = p.csrf().unwrap();
        let version = version_of(&p);
        landlord.post(&answer, &[("csrf_token", &csrf), ("version", &version), ("answer", "declined")]).await
    };
    assert_eq!(declined_without_reason.status, 200);
    assert!(declined_without_reason.contains("Say why the referral is declined"));
    let accepted = {
        let p = landlord.get(&referral_path).await;
        let csrf = p.csrf().unwrap();
        let version = version_of(&p);
        landlord
            .post(
                &answer,
                &[
                    ("csrf_token", &csrf),
                    ("version", &version),
                    ("answer", "accepted"),
                    ("note", "Housing panel will consider it on Thursday"),
                ],
            )
            .await
    };
    assert_eq!(accepted.status, 303);
    let owner_view = officer.get(&case_path).await;
    assert!(owner_view.contains("Accepted") && owner_view.contains("Housing panel will consider it on Thursday"));

    let outcome = {
        let p = landlord.get(&referral_path).await;
        assert!(p.contains("Say what was done"));
        let csrf = p.csrf().unwrap();
        let version = version_of(&p);
        landlord
            .post(
                &format!("{referral_path}/outcome"),
                &[("csrf_token", &csrf), ("version", &version), ("outcome", "Transfer offered to a flat in Eastfield")],
            )
            .await
    };
    assert_eq!(outcome.status, 303);
    assert!(officer.get("/referrals").await.contains("Completed"));
    assert!(officer.get("/referrals?made_by=me").await.contains("Please consider a management transfer"));
    let colleague = app.signed_in(&w.colleague).await;
    let theirs = colleague.get("/referrals?made_by=me").await;
    assert!(theirs.contains("You have made no referrals"), "a colleague's own list is empty");
    assert!(
        colleague.get("/referrals").await.contains("Please consider a management transfer"),
        "the team's list has it"
    );

    // The officer who made the referral was told both times, by email.
    let sent = app.deliver().await;
    let told: Vec<_> = sent.iter().filter(|m| m.kind == "referral_changed").collect();
    assert_eq!(told.len(), 2, "{sent:?}");
    assert!(told.iter().all(|m| m.recipient == w.officer.email));
    assert!(told.iter().any(|m| m.body.contains("Accepted") && m.body.contains("Housing panel")));
    assert!(told.iter().any(|m| m.body.contains("Transfer offered to a flat in Eastfield")));
    assert!(told[0].body.contains(&referral_path));
});

both_backends!(a_referral_left_unanswered_past_the_working_days_allowed_is_flagged_on_both_sides, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    store.set_referral_response_days(w.tenant, 3).await.unwrap();
    let (standards, calendar) = (
        asbcase_domain::standards::ServiceStandards::default(),
        asbcase_domain::calendar::Calendar::bundled(asbcase_domain::calendar::Division::EnglandAndWales),
    );
    let rules = Rules { standards: &standards, calendar: &calendar };
    let mut case = store.case(w.tenant, w.officers_case.id).await.unwrap().unwrap();
    let two_weeks_ago = Timestamp::now() - (14 * 24).hours();
    let old = Change::ReferralMade {
        id: uuid::Uuid::now_v7(),
        to: ReferralTo::Organisation { id: w.landlord },
        party: None,
        reason: "Repairs to the communal door".into(),
    };
    case.record(old, Some(w.officer.id), two_weeks_ago, &rules).unwrap();
    let fresh = Change::ReferralMade {
        id: uuid::Uuid::now_v7(),
        to: ReferralTo::Organisation { id: w.landlord },
        party: None,
        reason: "Check on the tenant at number 16".into(),
    };
    case.record(fresh, Some(w.officer.id), Timestamp::now(), &rules).unwrap();
    store.save_case(&mut case).await.unwrap();

    let landlord = app.signed_in(&w.landlord_officer).await;
    let theirs = landlord.get("/referrals").await;
    assert!(theirs.contains("A referral not answered within 3 working days is overdue"));
    assert!(theirs.contains("1 referral to your organisation is waiting for an answer past the time allowed"));
    assert_eq!(theirs.body.matches("No answer: overdue").count(), 1);
    let officer = app.signed_in(&w.officer).await;
    let ours = officer.get("/referrals").await;
    assert!(ours.contains("1 referral your organisation made has had no answer in the time allowed"));
    assert!(officer.get(&format!("/cases/{}", w.officers_case.reference)).await.contains("No answer: overdue"));
});

both_backends!(
    a_support_service_referral_is_recorded_by_the_referrer_and_signposting_is_on_the_timeline,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let service = SupportService {
            id: uuid::Uuid::now_v7(),
            name: "Ashford Vale Victim Support".into(),
            helps_with: "Emotional and practical support after crime or anti-social behaviour".into(),
            area: "Ashford Vale".into(),
            how_to_refer: "Online referral form or phone".into(),
            contact: "0808 168 9111".into(),
            public: true,
            active: true,
        };
        app.db.store.add_support_service(w.tenant, &service, Timestamp::now()).await.unwrap();
        let internal = SupportService {
            id: uuid::Uuid::now_v7(),
            name: "Vale Homes tenancy sustainment team".into(),
            public: false,
            ..service.clone()
        };
        app.db.store.add_support_service(w.tenant, &internal, Timestamp::now()).await.unwrap();
        // Residents see the services listed publicly; officers can signpost and refer to both.
        let public = app.browser().get("/support").await;
        assert!(public.contains("Ashford Vale Victim Support") && public.contains("0808 168 9111"));
        assert!(!public.contains("tenancy sustainment"));
        let case_path = format!("/cases/{}", w.officers_case.reference);
        let officer = app.signed_in(&w.officer).await;
        let complainant = w.officers_case.parties[0].id.to_string();
        let to = format!("service:{}", service.id);
        let made = post_form(
            &officer,
            &format!("{case_path}/refer"),
            &[("to", &to), ("party", &complainant), ("reason", "Family shaken after repeated abuse")],
        )
        .await;
        assert_eq!(made.status, 303);
        let case = app.db.store.case(w.tenant, w.officers_case.id).await.unwrap().unwrap();
        let referral_path = format!("/referrals/{}", case.casework.referrals[0].id);
        let page = officer.get(&referral_path).await;
        assert!(page.contains("Answer the referral"), "the referrer records the service's answer");
        assert!(page.contains("Morgan Achterberg") && page.contains("07700 900456"));
        let signposted = post_form(
            &officer,
            &format!("{case_path}/signpost"),
            &[("service", &service.id.to_string()), ("party", &complainant), ("note", "Gave the leaflet")],
        )
        .await;
        assert_eq!(signposted.status, 303);
        let timeline = officer.get(&case_path).await;
        assert!(timeline.contains("Signposted to support") && timeline.contains("given Ashford Vale Victim Support"));
        // A partner of the partnership is not a service: the landlord does not see this referral.
        let landlord = app.signed_in(&w.landlord_officer).await;
        assert_eq!(landlord.get(&referral_path).await.status, 404);
    }
);
