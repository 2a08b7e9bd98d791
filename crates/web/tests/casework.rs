//! The life of a case as officers live it: triage, contact, warnings, mediation, an injunction
//! and its breach, closing and reopening; and the refusals that keep the record honest.
//! Every story runs against the real server on SQLite and on PostgreSQL.
mod common;

use asbcase_domain::case::{ClosureOutcome, Status};
use asbcase_domain::reference::CaseReference;
use asbcase_store::both_backends;
use common::QUESTIONS;
use common::{Browser, Page, TestApp};

fn hidden(page: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.body.find(&marker).unwrap_or_else(|| panic!("no {name} on the page: {}", page.body)) + marker.len();
    page.body[at..].split('"').next().unwrap().to_string()
}

/// Open a case form, fill it in and send it; returns the answer.
async fn fill(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    let (csrf, version) = (hidden(&page, "csrf_token"), hidden(&page, "version"));
    let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form).await
}

fn date(prefix: &str, d: jiff::civil::Date) -> Vec<(String, String)> {
    vec![
        (format!("{prefix}_day"), d.day().to_string()),
        (format!("{prefix}_month"), d.month().to_string()),
        (format!("{prefix}_year"), d.year().to_string()),
    ]
}

fn with_dates<'a>(fields: &'a [(&'a str, &'a str)], dates: &'a [(String, String)]) -> Vec<(&'a str, &'a str)> {
    fields.iter().copied().chain(dates.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect()
}

fn today() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(asbcase_domain::time::london()).date()
}

/// A phone report recorded by the officer: returns its reference.
async fn phone_report(b: &Browser) -> String {
    let page = b.get("/intake").await;
    let (csrf, key) = (page.csrf().unwrap(), hidden(&page, "key"));
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("key", key.as_str()),
        ("channel", "phone"),
        ("description", "Shouting and threats from the flat below, most nights"),
        ("categories", "noise"),
        ("address", "Flat 7, 3 Mill Street"),
        ("postcode", "AV2 3RT"),
        ("complainant_name", "Grace Mensah"),
        ("complainant_phone", "07700 900321"),
        ("about_description", "Dean Holt, flat 3"),
    ];
    for q in QUESTIONS {
        form.push((q, "no"));
    }
    let res = b.post("/intake", &form).await;
    res.location.unwrap().trim_start_matches("/cases/").to_string()
}

fn party_value(page: &Page, text: &str) -> String {
    // The radio whose label names the party.
    let at = page.body.find(text).unwrap_or_else(|| panic!("no '{text}' on the form"));
    let before = &page.body[..at];
    let v = before.rfind("value=\"").unwrap() + "value=\"".len();
    before[v..].split('"').next().unwrap().to_string()
}

both_backends!(the_life_of_a_case_from_report_to_reopening, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = phone_report(&b).await;
    let store = &app.db.store;
    let case_of = |r: &str| {
        let r = CaseReference::parse(r).unwrap();
        let store = store.clone();
        let tenant = w.tenant;
        async move { store.case_by_reference(tenant, &r).await.unwrap().unwrap() }
    };

    // Triage: the report waits in the queue, then is opened and assigned (the officer with
    // the fewest open cases is suggested).
    let queue = b.get("/triage").await;
    assert!(queue.contains(&reference), "{}", queue.body);
    let form = b.get(&format!("/cases/{reference}/triage")).await;
    assert!(form.contains("– suggested"));
    let tom = w.colleague.id.0.to_string();
    let res = fill(
        &b,
        &format!("/cases/{reference}/triage"),
        &[("decision", "open"), ("officer", &tom), ("note", "Repeat noise and threats")],
    )
    .await;
    assert_eq!(res.location.as_deref(), Some(format!("/cases/{reference}").as_str()), "{}", res.body);
    let case = case_of(&reference).await;
    assert_eq!((case.status, case.assigned_officer), (Status::Open, Some(w.colleague.id)));
    assert!(!b.get("/triage").await.contains(&reference), "no longer waiting");
    let first_due = case.next_contact_due;

    // Contact: an attempt does not move the clock, a conversation does.
    let t = today();
    let d = date("contact_date", t);
    let attempt = [
        ("with", "complainant"),
        ("method", "phone"),
        ("direction", "outgoing"),
        ("outcome", "attempted"),
        ("summary", "No answer"),
    ];
    let res = fill(&b, &format!("/cases/{reference}/contact"), &with_dates(&attempt, &d)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(case_of(&reference).await.next_contact_due, first_due);
    let spoke = [
        ("with", "complainant"),
        ("method", "phone"),
        ("direction", "outgoing"),
        ("outcome", "successful"),
        ("summary", "Agreed an action plan"),
    ];
    fill(&b, &format!("/cases/{reference}/contact"), &with_dates(&spoke, &d)).await;
    let case = case_of(&reference).await;
    assert!(case.last_successful_contact.is_some());
    assert!(case.next_contact_due > first_due, "the 10 working day clock restarted");

    // The plan, a warning, mediation, an injunction and its breach.
    let due = date("due", t + jiff::ToSpan::days(14));
    fill(
        &b,
        &format!("/cases/{reference}/action"),
        &with_dates(&[("what", "Keep a noise diary"), ("owner", "Complainant")], &due),
    )
    .await;
    let form = b.get(&format!("/cases/{reference}/intervention")).await;
    let dean = party_value(&form, "Dean Holt, flat 3 (person complained about)");
    let on = date("on", t);
    let r = fill(
        &b,
        &format!("/cases/{reference}/intervention"),
        &with_dates(&[("kind", "first_warning"), ("party", &dean), ("details", "Hand-delivered")], &on),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    fill(
        &b,
        &format!("/cases/{reference}/intervention"),
        &with_dates(&[("kind", "mediation"), ("party", &dean), ("mediation", "offered")], &on),
    )
    .await;
    let case = case_of(&reference).await;
    let mediation = case.casework.interventions[1].id;
    let r = fill(
        &b,
        &format!("/cases/{reference}/interventions/{mediation}/mediation"),
        &[("stage", "declined"), ("note", "Mr Holt declined")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut inj = on.clone();
    inj.extend(date("ends", t + jiff::ToSpan::months(6)));
    let r = fill(
        &b,
        &format!("/cases/{reference}/intervention"),
        &with_dates(&[("kind", "civil_injunction"), ("party", &dean), ("terms", "power_of_arrest")], &inj),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let injunction = case_of(&reference).await.casework.interventions[2].id;
    let breach = date("breach_on", t);
    let r = fill(
        &b,
        &format!("/cases/{reference}/interventions/{injunction}/breach"),
        &with_dates(&[("note", "Seen shouting at the door")], &breach),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    fill(
        &b,
        &format!("/cases/{reference}/cost"),
        &[("hours", "2"), ("minutes", "30"), ("spend", "120.50"), ("what", "Court papers")],
    )
    .await;

    let page = b.get(&format!("/cases/{reference}")).await;
    for text in [
        "Keep a noise diary",
        "First warning letter",
        "Mediation",
        "Declined",
        "Civil injunction",
        "1 breach",
        "Seen shouting at the door",
        "£120.50",
        "2 h 30 min",
    ] {
        assert!(page.contains(text), "the case page shows '{text}'");
    }

    // Closing with the diary action still open needs confirming.
    let close =
        [("outcome", "resolved_legal_action"), ("summary", "Injunction kept since the breach"), ("survey", "yes")];
    let r = fill(&b, &format!("/cases/{reference}/close"), &close).await;
    assert_eq!(r.status, 200);
    assert!(r.contains("Confirm you want to close the case with actions of the plan not done"));
    let mut confirmed = close.to_vec();
    confirmed.push(("confirm", "yes"));
    let r = fill(&b, &format!("/cases/{reference}/close"), &confirmed).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let case = case_of(&reference).await;
    assert_eq!((case.status, case.outcome), (Status::Closed, Some(ClosureOutcome::ResolvedLegalAction)));
    assert_eq!(b.get(&format!("/cases/{reference}/contact")).await.status, 400, "a closed case is not changed");

    let r = fill(&b, &format!("/cases/{reference}/reopen"), &[("reason", "The shouting started again")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(case_of(&reference).await.status, Status::Open);
    let timeline = b.get(&format!("/cases/{reference}")).await;
    for title in [
        "Triaged",
        "Case opened",
        "Assigned",
        "Contact recorded",
        "Action agreed",
        "Intervention",
        "Mediation",
        "Breach recorded",
        "Cost recorded",
        "Case closed",
        "Case reopened",
    ] {
        assert!(timeline.contains(&format!(">{title}</h3>")), "the timeline shows '{title}'");
    }
    assert!(timeline.contains("Satisfaction survey to be sent"));
});

both_backends!(impossible_sequences_are_refused_with_a_specific_message, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = w.officers_case.reference.to_string();
    let t = today();
    let form = b.get(&format!("/cases/{reference}/intervention")).await;
    let about = party_value(&form, "(person complained about)");

    // A Community Protection Notice without a warning first.
    let mut dates = date("on", t);
    dates.extend(date("ends", t + jiff::ToSpan::months(12)));
    let r = fill(
        &b,
        &format!("/cases/{reference}/intervention"),
        &with_dates(&[("kind", "community_protection_notice"), ("party", &about)], &dates),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.contains(
        "A Community Protection Notice needs a written Community Protection Warning to the same person first"
    ));

    // A breach after the order ended.
    let mut old = date("on", t - jiff::ToSpan::days(60));
    old.extend(date("ends", t - jiff::ToSpan::days(30)));
    let r = fill(
        &b,
        &format!("/cases/{reference}/intervention"),
        &with_dates(&[("kind", "acceptable_behaviour_agreement"), ("party", &about)], &old),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let case = app.db.store.case_by_reference(w.tenant, &w.officers_case.reference).await.unwrap().unwrap();
    let abc = case.casework.interventions[0].id;
    let breach = date("breach_on", t - jiff::ToSpan::days(5));
    let r = fill(
        &b,
        &format!("/cases/{reference}/interventions/{abc}/breach"),
        &with_dates(&[("note", "Shouting again")], &breach),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.contains("The order had expired: it ended on"), "{}", r.body);

    // A contact dated tomorrow.
    let tomorrow = date("contact_date", t + jiff::ToSpan::days(1));
    let r = fill(
        &b,
        &format!("/cases/{reference}/contact"),
        &with_dates(
            &[
                ("with", "complainant"),
                ("method", "visit"),
                ("direction", "outgoing"),
                ("outcome", "successful"),
                ("summary", "x"),
            ],
            &tomorrow,
        ),
    )
    .await;
    assert!(r.contains("The contact cannot be in the future"));

    // Two officers on the same case: the second change is not silently lost or applied over.
    let path = format!("/cases/{reference}/note");
    let mine = b.get(&path).await;
    let manager = app.signed_in(&w.manager).await;
    let theirs = manager.get(&path).await;
    let send = |b: &Browser, page: &Page, text: &'static str| {
        let (csrf, version) = (hidden(page, "csrf_token"), hidden(page, "version"));
        let b = b.clone();
        let path = path.clone();
        async move { b.post(&path, &[("csrf_token", &csrf), ("version", &version), ("text", text)]).await }
    };
    assert_eq!(send(&b, &mine, "Spoke to the housing officer").await.status, 303);
    let late = send(&manager, &theirs, "Case discussed at panel").await;
    assert_eq!(late.status, 200);
    assert!(late.contains("Someone else changed"), "{}", late.body);
    assert!(late.contains("Case discussed at panel"), "what was typed is kept");

    // Bad input on the forms is named field by field.
    let r = fill(&b, &format!("/cases/{reference}/cost"), &[("hours", "lots"), ("spend", "ten pounds")]).await;
    for msg in ["Enter a whole number from 0 to 24", "Enter the money spent in pounds", "Enter what it was for"] {
        assert!(r.contains(msg), "{msg}");
    }
    // Another organisation's staff cannot reach the forms.
    let landlord = app.signed_in(&w.landlord_officer).await;
    assert_eq!(landlord.get(&format!("/cases/{reference}/contact")).await.status, 404);
    let analyst = app.signed_in(&w.analyst).await;
    assert_eq!(analyst.get(&format!("/cases/{reference}/contact")).await.status, 403);
});

both_backends!(at_triage_a_report_is_joined_diverted_or_referred, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let store = &app.db.store;
    let get = |r: String| {
        let store = store.clone();
        let tenant = w.tenant;
        async move { store.case_by_reference(tenant, &CaseReference::parse(&r).unwrap()).await.unwrap().unwrap() }
    };

    let joined = phone_report(&b).await;
    let open = w.officers_case.reference.to_string();
    let r = fill(&b, &format!("/cases/{joined}/triage"), &[("decision", "link"), ("link_to", &joined)]).await;
    assert!(r.contains("Enter another case&#39;s reference: this is the report itself"), "{}", r.body);
    let r = fill(&b, &format!("/cases/{joined}/triage"), &[("decision", "link"), ("link_to", &open)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/cases/{open}").as_str()), "{}", r.body);
    assert_eq!(get(joined.clone()).await.outcome, Some(ClosureOutcome::Linked));
    assert!(get(joined.clone()).await.opened_at.is_none(), "never counted as a case opened");
    let page = b.get(&format!("/cases/{open}")).await;
    assert!(page.contains(&format!("report {joined} joined to this case")));
    let target = get(open.clone()).await;
    let people = store.people(w.tenant, target.id).await.unwrap();
    assert!(people.iter().any(|p| p.name == "Grace Mensah"), "the joined report's complainant is on the case");

    let diverted = phone_report(&b).await;
    let r =
        fill(&b, &format!("/cases/{diverted}/triage"), &[("decision", "divert"), ("route", "good_neighbour")]).await;
    assert!(r.contains("Enter why this is not an ASB case"));
    fill(
        &b,
        &format!("/cases/{diverted}/triage"),
        &[("decision", "divert"), ("route", "good_neighbour"), ("note", "Everyday living noise")],
    )
    .await;
    assert_eq!(get(diverted.clone()).await.outcome, Some(ClosureOutcome::Diverted));
    // The person who reported is told why no case was opened (not the officer's own note).
    let case = get(diverted).await;
    let told = app.db.store.messages_of_case(w.tenant, case.id).await.unwrap();
    let told = told.iter().find(|m| m.kind == "report_diverted").expect("the complainant is told");
    assert_eq!((told.medium.as_str(), told.recipient.as_str()), ("sms", "07700 900321"));
    assert!(told.body.contains("not usually anti-social behaviour") && !told.body.contains("Everyday living noise"));

    let referred = phone_report(&b).await;
    let landlord = w.landlord.0.to_string();
    let r = fill(
        &b,
        &format!("/cases/{referred}/triage"),
        &[("decision", "refer"), ("refer_to", &landlord), ("note", "Vale Homes tenancy")],
    )
    .await;
    assert_eq!(r.location.as_deref(), Some("/triage"));
    assert_eq!(b.get(&format!("/cases/{referred}")).await.status, 404, "it is Vale Homes' now");
    let theirs = app.signed_in(&w.landlord_officer).await;
    assert!(theirs.get("/triage").await.contains(&referred), "in Vale Homes' queue");
    assert!(!b.get("/triage").await.contains(&referred));
});

both_backends!(an_organisations_own_service_standards_set_its_deadlines, |db| async move {
    use asbcase_domain::standards::{Deadline, ServiceStandards};
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    let own = ServiceStandards {
        first_contact_standard: Deadline::Hours(48),
        ongoing_contact_working_days: 5,
        ..ServiceStandards::default()
    };
    store.set_service_standards(w.tenant, w.council, &own, "Helen Marsh", jiff::Timestamp::now()).await.unwrap();
    assert_eq!(store.service_standards(w.tenant, w.council).await.unwrap(), own);
    assert_eq!(
        store.service_standards(w.tenant, w.landlord).await.unwrap(),
        ServiceStandards::default(),
        "others keep the defaults"
    );

    let b = app.signed_in(&w.officer).await;
    let reference = phone_report(&b).await;
    let case = store.case_by_reference(w.tenant, &CaseReference::parse(&reference).unwrap()).await.unwrap().unwrap();
    let due = case.next_contact_due.unwrap();
    assert_eq!(
        due.duration_since(case.reported_at),
        jiff::SignedDuration::from_hours(48),
        "48 clock hours, as the council set"
    );
});

both_backends!(an_update_to_the_complainant_is_queued_and_logged_as_a_contact, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = phone_report(&b).await;
    let r = CaseReference::parse(&reference).unwrap();
    let store = &app.db.store;
    let before = store.case_by_reference(w.tenant, &r).await.unwrap().unwrap();
    let page = b.get(&format!("/cases/{reference}/update")).await;
    assert!(page.contains("Grace Mensah by text message (07700 900321)"), "{}", page.body);
    let to = party_value(&page, "Grace Mensah by text message");
    let empty = fill(&b, &format!("/cases/{reference}/update"), &[("to", &to)]).await;
    assert!(empty.contains("Enter the update"));
    let res = fill(
        &b,
        &format!("/cases/{reference}/update"),
        &[("to", &to), ("text", "We visited your neighbour today and gave a warning.")],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let after = store.case_by_reference(w.tenant, &r).await.unwrap().unwrap();
    assert_eq!(
        (after.last_successful_contact, after.next_contact_due),
        (before.last_successful_contact, before.next_contact_due),
        "a written update is not a conversation: the contact clock does not move"
    );
    let messages = store.messages_of_case(w.tenant, after.id).await.unwrap();
    let update = messages.iter().find(|m| m.kind == "update").expect("an update is queued");
    assert_eq!(update.recipient, "07700 900321");
    assert!(update.body.contains("We visited your neighbour today") && update.body.contains(&reference));
    let contacts = store.contacts(w.tenant, after.id).await.unwrap();
    assert!(contacts.iter().any(|c| c.contact.summary.starts_with("Update sent: We visited")
        && c.contact.outcome == asbcase_domain::contact::ContactOutcome::Sent));

    // An anonymous report has no one to update.
    let page = b.get("/intake").await;
    let (csrf, key) = (page.csrf().unwrap(), hidden(&page, "key"));
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("key", key.as_str()),
        ("channel", "letter"),
        ("description", "Unsigned letter about drug dealing in the stairwell"),
        ("categories", "drugs"),
        ("address", "Stairwell B, Mill Court"),
    ];
    for q in QUESTIONS {
        form.push((q, "no"));
    }
    let anon = b.post("/intake", &form).await.location.unwrap();
    let page = b.get(&format!("{anon}/update")).await;
    assert_eq!(page.status, 400);
    assert!(page.contains("has no complainant with contact details"), "{}", page.body);
});

both_backends!(categories_and_priority_change_with_a_reason, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = phone_report(&b).await;
    let path = format!("/cases/{reference}/categories");
    let page = b.get(&path).await;
    assert!(page.contains("value=\"noise\" checked"), "the current categories are ticked");
    let same = fill(&b, &path, &[("categories", "noise"), ("reason", "No change really")]).await;
    assert!(same.contains("Nothing has changed"));
    let no_reason = fill(&b, &path, &[("categories", "noise"), ("categories", "drugs")]).await;
    assert!(no_reason.contains("Enter why this is changing"));
    let r = fill(
        &b,
        &path,
        &[
            ("categories", "noise"),
            ("categories", "drugs"),
            ("priority", "1"),
            ("reason", "Drug dealing from the flat seen by two neighbours"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let case =
        app.db.store.case_by_reference(w.tenant, &CaseReference::parse(&reference).unwrap()).await.unwrap().unwrap();
    assert_eq!(case.categories[0], "drugs", "the most urgent is the main category");
    assert_eq!(case.priority.0, 1);
    assert_eq!(
        case.priority_override.as_ref().map(|o| o.reason.as_str()),
        Some("Drug dealing from the flat seen by two neighbours")
    );
    assert!(b.get(&format!("/cases/{reference}")).await.contains("Drug dealing from the flat seen by two neighbours"));
});

const PNG: [u8; 24] =
    [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1];

both_backends!(officers_add_evidence_review_it_and_pass_the_case_on, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let b = app.signed_in(&w.officer).await;
    let reference = w.officers_case.reference.to_string();
    let store = &app.db.store;
    let load = || async { store.case_by_reference(w.tenant, &w.officers_case.reference).await.unwrap().unwrap() };

    // A diary sheet typed in, and a file uploaded (judged by content, not name).
    let d = date("diary_date", today() - jiff::ToSpan::days(2));
    let r = fill(
        &b,
        &format!("/cases/{reference}/diary"),
        &with_dates(&[("diary_time", "11:30pm"), ("diary_what", "Banging on the wall for an hour")], &d),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let b = b.clone();
        let path = format!("/cases/{reference}/file");
        async move {
            let page = b.get(&path).await;
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", hidden(&page, "csrf_token"))
                .text("version", hidden(&page, "version"))
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
            let res = b.client.post(format!("{}{path}", b.base)).multipart(form).send().await.unwrap();
            Page::from_response(res).await
        }
    };
    let refused = upload("photo.jpg", b"MZ\x90\x00 a program".to_vec()).await;
    assert_eq!(refused.status, 200);
    assert!(refused.contains("The selected file must be a photo, sound recording, video or PDF"));
    let sent = upload("door.png", PNG.to_vec()).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let case = load().await;
    assert_eq!(case.casework.unreviewed(), 2, "a diary entry and a photo wait for review");
    let page = b.get(&format!("/cases/{reference}")).await;
    assert!(page.contains("2 pieces of evidence not yet reviewed") && page.contains("door.png"));

    // Reviewing one; the worklist lists the other.
    let seq = case.casework.evidence[0].seq.to_string();
    let version = case.version.to_string();
    let token = page.csrf().unwrap();
    let r = b
        .post(&format!("/cases/{reference}/evidence/{seq}/reviewed"), &[("csrf_token", &token), ("version", &version)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let again = b
        .post(&format!("/cases/{reference}/evidence/{seq}/reviewed"), &[("csrf_token", &token), ("version", &version)])
        .await;
    assert_eq!(again.status, 400, "a stale button does nothing");
    assert_eq!(load().await.casework.unreviewed(), 1);
    let worklist = b.get("/worklist").await;
    assert!(worklist.contains("Evidence to review") && worklist.contains("door.png"), "{}", worklist.body);

    // Passing the case to a colleague.
    let tom = w.colleague.id.0.to_string();
    let me = w.officer.id.0.to_string();
    let same = fill(&b, &format!("/cases/{reference}/assign"), &[("officer", &me)]).await;
    assert!(same.contains("The case is already with that officer"));
    let r = fill(&b, &format!("/cases/{reference}/assign"), &[("officer", &tom)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(load().await.assigned_officer, Some(w.colleague.id));
    let worklist = b.get("/worklist").await;
    let work = &worklist.body[..worklist.body.find("Cases you looked at recently").unwrap()];
    assert!(!work.contains(reference.as_str()), "no longer on my worklist (only among the cases I looked at)");
});
