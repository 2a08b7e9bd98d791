//! The ASB Case Review in the product: matters whose complaints to different organisations of
//! the partnership reach the threshold are flagged for the single point of contact; a resident
//! applies on the public page and is acknowledged; staff take the review through its steps, in
//! order and on time (working days, bank holidays skipped); the applicant is sent the outcome
//! and says what they thought; the published figures count it.
mod common;

use asbcase_domain::calendar::{Calendar, Division};
use asbcase_domain::case::{Case, Channel, Flags, HateStrand, NewReport, Rules};
use asbcase_domain::case_review::ReviewRules;
use asbcase_domain::category::Priority;
use asbcase_domain::event::Change;
use asbcase_domain::ids::PartyId;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::party::{Party, PartyRole, Person};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::ServiceStandards;
use asbcase_domain::{OrganisationId, PersonId, TenantId};
use asbcase_store::{Store, both_backends};
use common::{Browser, Page, TestApp};
use jiff::{Timestamp, ToSpan};

/// A report to `org` about `address`, made `days_ago`, with its own complainant.
async fn report(
    store: &Store,
    tenant: TenantId,
    org: OrganisationId,
    address: &str,
    days_ago: i64,
    hate: bool,
) -> Case {
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = Rules { standards: &standards, calendar: &calendar };
    let at = Timestamp::now() - (days_ago * 24).hours();
    let reference = store.next_reference(tenant, 2026).await.unwrap();
    let mut case = Case::report(
        tenant,
        reference,
        NewReport {
            organisation: org,
            channel: Channel::Phone,
            description: format!("Shouting and banging at {address}"),
            categories: vec!["verbal_abuse".into()],
            priority: Priority(2),
            risk_band: RiskBand::Standard,
            location: Location {
                address: address.into(),
                postcode: Some(Postcode::parse("AV2 7LN").unwrap()),
                ..Location::default()
            },
            flags: Flags { hate_strands: if hate { vec![HateStrand::Religion] } else { vec![] }, ..Flags::default() },
            patch: None,
            reported_at: at,
            assessment: None,
            details: Default::default(),
        },
        None,
        &rules,
    )
    .unwrap();
    let person = Person {
        id: PersonId::new(),
        name: format!("Resident {days_ago}"),
        address: Some(format!("{days_ago} Other Street")),
        phone: None,
        email: None,
    };
    store.create_person(tenant, &person, at).await.unwrap();
    let party = Party { id: PartyId::new(), role: PartyRole::Complainant, person: Some(person.id), description: None };
    case.record(Change::PartyAdded { party }, None, at, &rules).unwrap();
    store.save_case(&mut case).await.unwrap();
    case
}

/// Post a form drawn on `path` (its CSRF token and version) with `fields`, to `to`.
async fn post_form(b: &Browser, path: &str, to: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    let csrf = page.csrf().unwrap();
    let version = page
        .body
        .find("name=\"version\" value=\"")
        .map(|i| {
            let rest = &page.body[i + 22..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .unwrap_or_default();
    let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    b.post(to, &form).await
}

both_backends!(
    complaints_to_three_organisations_about_one_address_within_six_months_are_flagged_and_older_ones_are_not,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let store = &app.db.store;
        let police = common::org(store, w.tenant, "Ashford Vale Police", OrganisationKind::Police).await;
        // Three reports about 3 Mill Lane to the council, the landlord and the police, over five months.
        let mill = report(store, w.tenant, w.council, "3 Mill Lane", 150, false).await;
        report(store, w.tenant, w.landlord, "3 Mill Lane", 100, false).await;
        report(store, w.tenant, police, "3 Mill Lane", 20, false).await;
        // Three about 9 Canal Walk spread over eight months: only two are recent enough to count.
        report(store, w.tenant, w.council, "9 Canal Walk", 240, false).await;
        report(store, w.tenant, w.landlord, "9 Canal Walk", 120, false).await;
        report(store, w.tenant, police, "9 Canal Walk", 10, false).await;
        // One hate incident at 5 Elm Row: flagged only once the partnership switches the hate variant on.
        report(store, w.tenant, police, "5 Elm Row", 3, true).await;

        let officer = app.signed_in(&w.officer).await;
        let page = officer.get("/case-reviews").await;
        assert_eq!(page.status, 200);
        assert!(page.contains("The same location: AV2 7LN 3 MILL LANE"), "{}", page.body);
        assert!(page.contains("3 qualifying complaints (the threshold is 3)"));
        assert!(
            page.contains("Ashford Vale District Council")
                && page.contains("Vale Homes")
                && page.contains("Ashford Vale Police")
        );
        assert!(page.contains(&format!("href=\"/cases/{}\"", mill.reference)), "the council's own case is linked");
        assert!(!page.contains("9 CANAL WALK"), "eight months apart: not flagged");
        assert!(!page.contains("5 ELM ROW"));
        assert!(page.contains("Not offered yet"));

        let yesterday = Timestamp::now().to_zoned(asbcase_domain::time::london()).date().yesterday().unwrap();
        let rules = ReviewRules { effective_from: yesterday, hate_incident_triggers: true, ..ReviewRules::default() };
        store
            .add_review_rules(w.tenant, &rules, "Community safety partnership board", None, Timestamp::now())
            .await
            .unwrap();
        let page = officer.get("/case-reviews").await;
        assert!(page.contains("5 ELM ROW") && page.contains("a complaint of a hate incident"));

        // The single point of contact offers a review: the matter says so.
        let key = serde_json::to_string(&asbcase_domain::case_review::Matter::Location("AV2 7LN 3 MILL LANE".into()))
            .unwrap();
        let offered = post_form(
            &officer,
            "/case-reviews",
            "/case-reviews/offers",
            &[("matter", &key), ("note", "Phoned the resident")],
        )
        .await;
        assert_eq!(offered.status, 303);
        assert!(officer.get("/case-reviews").await.contains("Review offered on"));

        // Those who do not run reviews cannot see the list.
        let analyst = app.signed_in(&w.analyst).await;
        assert_eq!(analyst.get("/case-reviews").await.status, 403);
        let other = app.signed_in(&w.other_tenant_officer).await;
        assert!(!other.get("/case-reviews").await.contains("MILL LANE"), "another partnership never sees it");
    }
);

both_backends!(
    a_resident_applies_is_acknowledged_and_the_review_runs_to_an_outcome_feedback_and_the_figures,
    |db| async move {
        let app = TestApp::start(db).await;
        let w = &app.world;
        let public = app.browser();
        let form = public.get("/case-review").await;
        assert!(form.contains("ASB Case Review") && form.contains("3 times or more in the last 6 months"));
        // Someone applying for another person needs their consent.
        let refused = post_form(
            &public,
            "/case-review",
            "/case-review",
            &[
                ("applied_by", "third_party"),
                ("name", "Ann Other"),
                ("email", "ann@example.com"),
                ("preferred", "email"),
                ("account", "Nothing has changed"),
            ],
        )
        .await;
        assert_eq!(refused.status, 200);
        assert!(refused.contains("govuk-error-summary") && refused.contains("Confirm that the complainant agrees"));
        assert!(refused.contains("Ann Other"), "what was typed is kept");
        let sent = post_form(
            &public,
            "/case-review",
            "/case-review",
            &[
                ("applied_by", "complainant"),
                ("name", "Morgan Achterberg"),
                ("email", "morgan@example.com"),
                ("preferred", "email"),
                ("cases", &format!("{}, {}", w.officers_case.reference, w.landlords_case.reference)),
                ("account", "Shouting in the stairwell every night; three organisations know and nothing has changed"),
            ],
        )
        .await;
        assert_eq!(sent.status, 303);
        let location = sent.location.unwrap();
        let reference = location.split("reference=").nth(1).unwrap().to_string();
        assert!(public.get(&location).await.contains(&reference));
        let delivered = app.deliver().await;
        let ack = delivered.iter().find(|m| m.kind == "review_acknowledgement").expect("acknowledged");
        assert_eq!(ack.recipient, "morgan@example.com");
        assert!(ack.body.contains(&reference) && ack.subject.contains(&reference));

        let officer = app.signed_in(&w.officer).await;
        let review_path = format!("/case-reviews/{reference}");
        let page = officer.get(&review_path).await;
        assert!(page.contains("Morgan Achterberg") && page.contains("Application acknowledged"));
        assert!(page.contains(&format!("href=\"/cases/{}\"", w.officers_case.reference)));
        assert!(
            !page.contains(&format!("href=\"/cases/{}\"", w.landlords_case.reference)),
            "not the council's to open"
        );

        let decide = format!("{review_path}/decide");
        let today = Timestamp::now().to_zoned(asbcase_domain::time::london()).date();
        let (d, m, y) = (today.day().to_string(), today.month().to_string(), today.year().to_string());
        let date = |prefix: &str| {
            vec![
                (format!("{prefix}_day"), d.clone()),
                (format!("{prefix}_month"), m.clone()),
                (format!("{prefix}_year"), y.clone()),
            ]
        };
        let with = |extra: &[(&str, &str)], dates: &[(String, String)]| -> Vec<(String, String)> {
            extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).chain(dates.iter().cloned()).collect()
        };
        let send = |fields: Vec<(String, String)>, path: String| {
            let officer = officer.clone();
            async move {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                post_form(&officer, &path, &path, &pairs).await
            }
        };
        let no_reasons = send(with(&[("decision", "met")], &date("on")), decide.clone()).await;
        assert!(no_reasons.contains("Enter the reasons for the decision"));
        let decided =
            send(with(&[("decision", "met"), ("reasons", "Three complaints in six months")], &date("on")), decide)
                .await;
        assert_eq!(decided.status, 303);
        let council = w.council.to_string();
        let landlord = w.landlord.to_string();
        let met = send(
            with(
                &[("agencies", &council), ("agencies", &landlord), ("attended", "yes"), ("impact", "yes")],
                &date("on"),
            ),
            format!("{review_path}/meeting"),
        )
        .await;
        assert_eq!(met.status, 303);
        let recommended = send(
            with(&[("text", "Joint visit and a Community Protection Warning"), ("owner", &landlord)], &date("due")),
            format!("{review_path}/recommend"),
        )
        .await;
        assert_eq!(recommended.status, 303);
        let outcome = send(
            with(&[("summary", "The landlord and council will visit together and act on any further report.")], &[]),
            format!("{review_path}/outcome"),
        )
        .await;
        assert_eq!(outcome.status, 303);
        let page = officer.get(&review_path).await;
        assert!(
            page.contains("Joint visit and a Community Protection Warning")
                && page.contains("Outcome sent to the applicant")
        );
        // No step out of order: the meeting cannot be recorded twice.
        let again = send(
            with(&[("agencies", &council), ("attended", "no"), ("impact", "no")], &date("on")),
            format!("{review_path}/meeting"),
        )
        .await;
        assert!(again.contains("already been recorded"), "{}", again.body);

        let delivered = app.deliver().await;
        let told = delivered.iter().find(|m| m.kind == "review_outcome").expect("outcome sent");
        assert!(told.body.contains("The landlord and council will visit together"));
        let start = told.body.find("/case-review/feedback/").unwrap();
        let link: String = told.body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
        let resident = app.browser();
        let feedback = resident.get(&link).await;
        assert!(feedback.contains(&reference) && !feedback.contains("Morgan"), "the page names no one");
        let empty = post_form(&resident, &link, &link, &[]).await;
        assert!(empty.contains("Select how satisfied you are"));
        let answered =
            post_form(&resident, &link, &link, &[("handling", "fairly_satisfied"), ("comments", "They listened")])
                .await;
        assert!(answered.contains("Thank you"));
        assert!(resident.get(&link).await.contains("You have already told us"));
        assert!(
            resident
                .get("/case-review/feedback/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .await
                .contains("This link does not work")
        );
        assert!(officer.get(&review_path).await.contains("Fairly satisfied"));

        let figures = public.get("/case-review/figures").await;
        let cell = |label: &str| {
            let at = figures.body.find(label).unwrap();
            let rest = &figures.body[at..];
            let start = rest.find("numeric\">").unwrap() + 9;
            rest[start..start + rest[start..].find('<').unwrap()].to_string()
        };
        assert_eq!(cell("Applications received"), "1");
        assert_eq!(cell("Reviews carried out"), "1");
        assert_eq!(cell("Reviews resulting in recommendations"), "1");
        assert_eq!(cell("threshold was not met"), "0");
        let csv = public.get("/case-review/figures?format=csv").await;
        assert!(csv.content_type.starts_with("text/csv"));
        assert!(
            csv.body.contains("applications received,1") && csv.body.contains("reviews resulting in recommendations,1")
        );
        let bad = public.get("/case-review/figures?from=last+year").await;
        assert!(bad.contains("govuk-error-summary") && bad.contains("as year-month-day"));

        // Another partnership's staff cannot open it.
        let other = app.signed_in(&w.other_tenant_officer).await;
        assert_eq!(other.get(&review_path).await.status, 404);
    }
);

both_backends!(review_timescales_are_working_days_that_skip_easter_and_late_steps_are_flagged, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let officer = app.signed_in(&w.officer).await;
    // Recorded by staff: applied on Monday 30 March 2026, before Good Friday and Easter Monday.
    let recorded = post_form(
        &officer,
        "/case-reviews/new",
        "/case-reviews/new",
        &[
            ("applied_by", "complainant"),
            ("name", "Jo Bloggs"),
            ("contact_address", "7 Park Road, Ashford Vale"),
            ("preferred", "letter"),
            ("account", "Dogs barking at all hours; reported to the council and landlord"),
            ("applied_on_day", "30"),
            ("applied_on_month", "3"),
            ("applied_on_year", "2026"),
        ],
    )
    .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let path = recorded.location.unwrap();
    let page = officer.get(&path).await;
    // Five working days: 31 March, 1, 2, 7, 8 April (3 and 6 April are bank holidays).
    assert!(page.contains("8 April 2026"), "{}", page.body);
    // Ten: 9, 10, 13, 14, 15 April.
    assert!(page.contains("15 April 2026"));
    assert!(page.contains("Overdue"), "months later, the decision is overdue");
    // The letter acknowledging it was queued, and recorded as the acknowledgement.
    let delivered = app.deliver().await;
    let letter = delivered.iter().find(|m| m.kind == "review_acknowledgement").unwrap();
    assert!(letter.recipient.starts_with("Jo Bloggs\n7 Park Road"));
    // A decision dated before the application is refused, saying why.
    let decide = format!("{path}/decide");
    let early = post_form(
        &officer,
        &decide,
        &decide,
        &[
            ("decision", "not_met"),
            ("reasons", "Only one complaint"),
            ("on_day", "27"),
            ("on_month", "3"),
            ("on_year", "2026"),
        ],
    )
    .await;
    assert_eq!(early.status, 200);
    assert!(early.contains("govuk-error-summary") && early.contains("30 March 2026"), "{}", early.body);
    let future = post_form(
        &officer,
        "/case-reviews/new",
        "/case-reviews/new",
        &[
            ("applied_by", "complainant"),
            ("name", "Jo"),
            ("preferred", "letter"),
            ("contact_address", "x"),
            ("account", "x"),
            ("applied_on_day", "1"),
            ("applied_on_month", "1"),
            ("applied_on_year", "2099"),
        ],
    )
    .await;
    assert!(future.contains("Enter a date from 2015 to 2030: bank holidays are known only for those years"));
    let tomorrow = Timestamp::now().to_zoned(asbcase_domain::time::london()).date().tomorrow().unwrap();
    let (d, m, y) = (tomorrow.day().to_string(), tomorrow.month().to_string(), tomorrow.year().to_string());
    let future = post_form(
        &officer,
        "/case-reviews/new",
        "/case-reviews/new",
        &[
            ("applied_by", "complainant"),
            ("name", "Jo"),
            ("preferred", "letter"),
            ("contact_address", "x"),
            ("account", "x"),
            ("applied_on_day", &d),
            ("applied_on_month", &m),
            ("applied_on_year", &y),
        ],
    )
    .await;
    assert!(future.contains("cannot be in the future"), "{}", future.body);
    assert!(future.contains("value=\"Jo\""), "what was typed is kept");
    // Reviews are the lead organisation's (the council's): the landlord's officers cannot see them.
    let landlord = app.signed_in(&w.landlord_officer).await;
    assert_eq!(landlord.get("/case-reviews").await.status, 403);
    assert_eq!(landlord.get(&path).await.status, 403);
    assert_eq!(landlord.get(&format!("{path}/decide")).await.status, 403);
    assert_eq!(landlord.get("/case-reviews/new").await.status, 403);
    assert!(!landlord.get("/cases").await.contains("href=\"/case-reviews\""), "nor is it in their menu");
});

both_backends!(neighbours_reports_joined_to_one_case_count_as_their_own_households, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let yesterday = Timestamp::now().to_zoned(asbcase_domain::time::london()).date().yesterday().unwrap();
    let rules = ReviewRules { effective_from: yesterday, different_households: Some(3), ..ReviewRules::default() };
    store.add_review_rules(w.tenant, &rules, "CSP board", None, Timestamp::now()).await.unwrap();
    let (standards, calendar) = (ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let book = Rules { standards: &standards, calendar: &calendar };
    // One case about 21 Elm Row; two neighbours' reports joined to it at triage.
    let mut target = report(store, w.tenant, w.council, "21 Elm Row", 30, false).await;
    let now = Timestamp::now();
    for days_ago in [20, 10] {
        let mut joined = report(store, w.tenant, w.council, "21 Elm Row", days_ago, false).await;
        let party = joined.parties[0].clone();
        target
            .record(
                Change::FurtherReport {
                    channel: Channel::Phone,
                    description: format!("Joined from {}", joined.reference),
                    reported_at: joined.reported_at,
                    assessment: None,
                    from: party.person,
                },
                None,
                now,
                &book,
            )
            .unwrap();
        target.record(Change::PartyAdded { party: Party { id: PartyId::new(), ..party } }, None, now, &book).unwrap();
        joined.record(Change::Linked { into: target.reference.clone() }, None, now, &book).unwrap();
        store.save_cases(&mut [joined]).await.unwrap();
    }
    store.save_case(&mut target).await.unwrap();
    let page = app.signed_in(&w.officer).await.get("/case-reviews").await;
    assert!(page.contains("The same location: AV2 7LN 21 ELM ROW"), "{}", page.body);
    assert!(page.contains("3 qualifying complaints"), "the joined reports count once each, on the case");
    assert!(page.contains("complaints from 3 different households"), "each neighbour from their own home");
    assert!(!page.contains("The same complainant"), "the first complainant is not credited with the others' reports");
});
