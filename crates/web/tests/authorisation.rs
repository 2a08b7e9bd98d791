//! The authorisation matrix: every route of the application, for every role (and another
//! organisation's case officer), on a case of the user's own organisation, a case another
//! organisation shared with theirs, a case of another organisation of the partnership not
//! shared with them, and a case of another partnership.
//! The routes come from the application itself (`asbcase_web::route_paths`), so a new route
//! without a row here fails this test.
mod common;
#[path = "authorisation/matrix.rs"]
mod matrix;

use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_store::both_backends;
use common::{Browser, TestApp};
use matrix::Access::{self, *};
use matrix::MATRIX;

#[test]
fn every_route_has_a_row_and_every_row_a_route() {
    let routes = asbcase_web::route_paths();
    for r in &routes {
        assert!(MATRIX.iter().any(|(_, route, _, _)| route == r), "route {r} has no row in the authorisation matrix");
    }
    for (_, route, _, _) in MATRIX {
        assert!(routes.contains(route), "the matrix has a row for {route}, which is not a route");
    }
}

/// What a person got, in the matrix's words.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Answer {
    /// The page, a form's errors, or a refusal about the request itself (400).
    Served,
    SignIn,
    AskForLink,
    /// 401: no API token.
    NoToken,
    Forbidden,
    NotFound,
}

async fn answer(b: &Browser, method: &str, path: &str) -> (Answer, u16) {
    let page = match method {
        "GET" => b.get(path).await,
        // Uploads are sent as a browser sends them, with no file.
        _ if path.ends_with("/file") || path == "/import" => {
            let token = b.csrf("/track").await;
            let form = reqwest::multipart::Form::new().text("csrf_token", token);
            let res = b.client.post(format!("{}{path}", b.base)).multipart(form).send().await.unwrap();
            common::Page::from_response(res).await
        }
        _ => {
            // A real token for this browser, so CSRF is not what refuses it.
            let token = b.csrf("/track").await;
            b.post(path, &[("csrf_token", token.as_str())]).await
        }
    };
    let a = match (page.status, page.location.as_deref()) {
        (303 | 302 | 307, Some(l)) if l.starts_with("/sign-in") => Answer::SignIn,
        (303 | 302 | 307, Some(l)) if l.starts_with("/track?ended") => Answer::AskForLink,
        (401, _) => Answer::NoToken,
        (403, _) => Answer::Forbidden,
        (404, _) => Answer::NotFound,
        _ => Answer::Served,
    };
    (a, page.status)
}

/// Whose staff a person is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Org {
    Council,
    Police,
    Landlord,
}

/// What `role` of `org` should get from a route with `access` on `whose` case (`Whose` is told
/// from the council's side: the landlord's own cases are `Shared`, shared with the council and
/// the police, and `OtherOrganisation`, shared with no one).
fn expected(access: Access, role: Option<Role>, org: Org, whose: Whose) -> Answer {
    let owns = match org {
        Org::Council => whose == Whose::Own,
        Org::Police => false,
        Org::Landlord => matches!(whose, Whose::Shared | Whose::OtherOrganisation),
    };
    let shared_with = org != Org::Landlord && whose == Whose::Shared;
    // Every case was referred to the police by its own organisation.
    let receives = org == Org::Police && whose != Whose::OtherPartnership;
    let refused = |roles: &[Role]| role.is_some_and(|r| !roles.contains(&r));
    let found = |yes: bool| if yes { Answer::Served } else { Answer::NotFound };
    match (access, role) {
        (Public, _) => Answer::Served,
        (SignOut, _) => Answer::SignIn,
        (Resident, _) => Answer::AskForLink,
        (Api, _) => Answer::NoToken,
        (_, None) => Answer::SignIn,
        (
            Case(roles)
            | Read(roles)
            | Referral(roles)
            | AnswerReferral(roles)
            | LeadStaff(roles)
            | Staff(roles)
            | Mine(roles),
            _,
        ) if refused(roles) => Answer::Forbidden,
        (Case(_), _) => found(owns),
        (Read(_), _) => found(owns || shared_with),
        (Referral(_), _) => found(owns || receives),
        // Only the receiver answers: the referrer is refused, anyone else does not find it.
        (AnswerReferral(_), _) if receives => Answer::Served,
        (AnswerReferral(_), _) if owns => Answer::Forbidden,
        (AnswerReferral(_), _) => Answer::NotFound,
        (LeadStaff(_), _) if org == Org::Council => Answer::Served,
        (LeadStaff(_), _) => Answer::Forbidden,
        (Staff(_), _) => Answer::Served,
        (Mine(_), _) => Answer::NotFound,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Whose {
    Own,
    /// The landlord's case, shared in full with the council and the police.
    Shared,
    OtherOrganisation,
    OtherPartnership,
}

both_backends!(every_role_gets_exactly_what_the_matrix_says, |db| async move {
    let app = TestApp::start(db).await;
    let w = &app.world;
    let store = &app.db.store;
    // One person per role, all of the council (a police partner officer too).
    let police = common::org(store, w.tenant, "Ashford Vale Police", OrganisationKind::Police).await;
    let partner =
        common::user(store, w.tenant, police, "Jo Partner", "jo.partner@police.example", &[Role::PartnerOfficer]).await;
    let people: Vec<(Option<Role>, Org, Browser)> = vec![
        (None, Org::Council, app.browser()),
        (Some(Role::CaseOfficer), Org::Council, app.signed_in(&w.officer).await),
        (Some(Role::TeamManager), Org::Council, app.signed_in(&w.manager).await),
        (Some(Role::PartnerOfficer), Org::Police, app.signed_in(&partner).await),
        (Some(Role::Analyst), Org::Council, app.signed_in(&w.analyst).await),
        (Some(Role::Administrator), Org::Council, app.signed_in(&w.admin).await),
        // Another organisation's case officer: the landlord's own cases are theirs.
        (Some(Role::CaseOfficer), Org::Landlord, app.signed_in(&w.landlord_officer).await),
    ];
    // A file, an action, an intervention and a referral to the police on each case, so that
    // what refuses a request is never that the thing asked about does not exist.
    let other_police =
        common::org(store, w.other_tenant_case.tenant, "Brookmere Police", OrganisationKind::Police).await;
    let unshared = common::case(
        store,
        w.tenant,
        w.landlord,
        &w.landlord_officer,
        2,
        asbcase_domain::risk::RiskBand::Standard,
        &["noise"],
        "Dogs barking all day",
    )
    .await;
    let mut work = std::collections::HashMap::new();
    let mut referrals = std::collections::HashMap::new();
    for case in [&w.officers_case, &w.landlords_case, &unshared, &w.other_tenant_case] {
        work.insert(case.reference.clone(), common::add_work(store, case).await);
        let to = if case.tenant == w.tenant { police } else { other_police };
        referrals.insert(case.reference.clone(), refer(store, case, to).await);
    }
    share(store, &w.landlords_case, &[w.council, police]).await;
    let review = review(store, w.tenant, w.council).await;
    let panel = panel(store, w, &[&w.officers_case, &w.landlords_case, &unshared]).await;
    let cases = [
        (Whose::Own, &w.officers_case),
        (Whose::Shared, &w.landlords_case),
        (Whose::OtherOrganisation, &unshared),
        (Whose::OtherPartnership, &w.other_tenant_case),
    ];
    let mut persons = std::collections::HashMap::new();
    for (_, case) in &cases {
        let people = store.people(case.tenant, case.id).await.unwrap();
        persons.insert(case.reference.clone(), people[0].id.0.to_string());
    }
    let mut wrong = vec![];
    let last = |a: &Access| matches!(a, SignOut);
    let rows = MATRIX.iter().filter(|r| !last(&r.3)).chain(MATRIX.iter().filter(|r| last(&r.3)));
    for (method, route, path, access) in rows {
        for (role, org, b) in &people {
            let per_case = path.contains("{case}") || path.contains("{referral}") || path.contains("{person}");
            let whose_list: Vec<_> = if per_case { cases.to_vec() } else { vec![cases[0]] };
            for (whose, case) in whose_list {
                let concrete = path
                    .replace("{own}", w.officers_case.reference.as_str())
                    .replace("{case}", case.reference.as_str())
                    .replace("{file}", &work[&case.reference].file.to_string())
                    .replace("{seq}", &work[&case.reference].file_seq.to_string())
                    .replace("{action}", &work[&case.reference].action.to_string())
                    .replace("{intervention}", &work[&case.reference].intervention.to_string())
                    .replace("{referral}", &referrals[&case.reference].to_string())
                    .replace("{review}", &review)
                    .replace("{panel}", &panel)
                    .replace("{org}", &w.council.to_string())
                    .replace("{person}", &persons[&case.reference]);
                let want = expected(*access, *role, *org, whose);
                let (got, status) = answer(b, method, &concrete).await;
                if got != want {
                    wrong.push(format!(
                        "{method} {concrete} ({route}) as {role:?} of {org:?}: expected {want:?}, got {got:?} ({status})"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ from the matrix:\n{}", wrong.len(), wrong.join("\n"));
});

/// Refer `case` to `to` as its organisation would.
async fn refer(
    store: &asbcase_store::Store,
    case: &asbcase_domain::case::Case,
    to: asbcase_domain::OrganisationId,
) -> uuid::Uuid {
    let id = uuid::Uuid::now_v7();
    let change = asbcase_domain::event::Change::ReferralMade {
        id,
        to: asbcase_domain::partnership::ReferralTo::Organisation { id: to },
        party: None,
        reason: "Please visit with us".into(),
    };
    record(store, case, change).await;
    id
}

/// Share `case` in full with each of `with`.
async fn share(
    store: &asbcase_store::Store,
    case: &asbcase_domain::case::Case,
    with: &[asbcase_domain::OrganisationId],
) {
    for organisation in with {
        let change = asbcase_domain::event::Change::Shared {
            organisation: *organisation,
            scope: asbcase_domain::partnership::ShareScope::Full,
            purpose: "Joint problem-solving".into(),
        };
        record(store, case, change).await;
    }
}

async fn record(
    store: &asbcase_store::Store,
    case: &asbcase_domain::case::Case,
    change: asbcase_domain::event::Change,
) {
    use asbcase_domain::calendar::{Calendar, Division};
    let (standards, calendar) =
        (asbcase_domain::standards::ServiceStandards::default(), Calendar::bundled(Division::EnglandAndWales));
    let rules = asbcase_domain::case::Rules { standards: &standards, calendar: &calendar };
    let mut case = store.case(case.tenant, case.id).await.unwrap().unwrap();
    case.record(change, None, jiff::Timestamp::now(), &rules).unwrap();
    store.save_case(&mut case).await.unwrap();
}

/// An application for a case review in the partnership, recorded by staff.
async fn review(
    store: &asbcase_store::Store,
    tenant: asbcase_domain::TenantId,
    lead: asbcase_domain::OrganisationId,
) -> String {
    use asbcase_domain::case_review::{Application, AppliedBy, CaseReview};
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(asbcase_domain::time::london()).date();
    let application = Application {
        applied_by: AppliedBy::Staff,
        consent_confirmed: false,
        applied_on: today,
        matter: None,
        cases: vec![],
        account: "Repeated reports about the stairwell".into(),
    };
    let reference = store.next_review_reference(tenant, today.year()).await.unwrap();
    let stored = asbcase_store::StoredReview {
        review: CaseReview::apply(tenant, application, today).unwrap(),
        reference: reference.clone(),
        organisation: lead,
        applicant: asbcase_store::Applicant { name: "Applicant".into(), ..Default::default() },
        version: 0,
        created_at: now,
        updated_at: now,
    };
    store.create_review(&stored, &[], &[]).await.unwrap();
    reference
}

/// A panel of the partnership with each of `cases` put forward by its own organisation.
async fn panel(store: &asbcase_store::Store, w: &common::World, cases: &[&asbcase_domain::case::Case]) -> String {
    let p = asbcase_store::Panel {
        id: uuid::Uuid::now_v7(),
        tenant: w.tenant,
        organisation: w.council,
        title: "Problem-solving group".into(),
        meets_on: jiff::civil::date(2026, 12, 10),
        created_by: None,
        created_at: jiff::Timestamp::now(),
    };
    store.create_panel(&p).await.unwrap();
    for case in cases {
        let change = asbcase_domain::event::Change::PutToPanel {
            panel: p.id,
            title: p.title.clone(),
            meets_on: p.meets_on,
            reason: "Repeat complaints".into(),
        };
        record(store, case, change).await;
    }
    p.id.to_string()
}
