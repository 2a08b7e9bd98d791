//! The authorisation matrix: every route of the application, for every role (and another
//! organisation's case officer), on a case of the user's own organisation, a case another
//! organisation shared with theirs, a case of another organisation of the partnership not
//! shared with them, and a case of another partnership.
//! The routes come from the application itself (`asbcase_web::route_paths`), so a new route
//! without a row here fails this test.
mod common;

use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_store::both_backends;
use common::{Browser, TestApp};

/// Who may use a route.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Anyone, signed in or not (the public pages, sign-in, health, assets, Open311 by its key).
    Public,
    /// A resident on a tracker visit; everyone else is sent to ask for a link.
    Resident,
    /// Signed-in staff with one of these roles.
    Staff(&'static [Role]),
    /// Staff with one of these roles, on a case their organisation holds; any other case is
    /// "not found", so its existence is not given away.
    Case(&'static [Role]),
    /// Like `Case`, and also on a case shared with their organisation (to read, not change).
    Read(&'static [Role]),
    /// A referral's page: staff of the organisation that made it or the one it went to.
    Referral(&'static [Role]),
    /// Answering a referral: only the organisation it went to (here, the police).
    AnswerReferral(&'static [Role]),
    /// Staff with one of these roles at the organisation that runs case reviews (the council).
    LeadStaff(&'static [Role]),
    /// Signing out: everyone ends at the sign-in page (tried last, as it ends the session).
    SignOut,
    /// The JSON API: only an API token opens it, never a session (tests/api.rs tries tokens).
    Api,
    /// Something only its owner may see (an import's progress and result, an account of the
    /// administrator's own organisation): others with one of these roles do not find it
    /// (tests/import.rs follows an import's starter, tests/settings.rs an organisation's accounts,
    /// tests/keys.rs its Open311 keys and API tokens).
    Mine(&'static [Role]),
}

use Access::*;

const EVERYONE: &[Role] = &Role::ALL;
const WORKERS: &[Role] = &[Role::CaseOfficer, Role::TeamManager];
/// Who records reports: a partner's officer records referrals into their own organisation.
const RECORDERS: &[Role] = &[Role::CaseOfficer, Role::TeamManager, Role::PartnerOfficer];
/// Who reads cases: never the analyst (figures only) nor the administrator (accounts only).
const CASE_READERS: &[Role] = &[Role::CaseOfficer, Role::TeamManager, Role::PartnerOfficer];
const OFFICERS: &[Role] = &[Role::CaseOfficer];
const MANAGERS: &[Role] = &[Role::TeamManager, Role::Analyst, Role::Administrator];
/// Who follows a figure to the cases behind it: managers who may see cases (never analysts).
const TEAM_MANAGERS: &[Role] = &[Role::TeamManager];
/// Who answers requests about personal data.
const ADMINS: &[Role] = &[Role::Administrator];
/// Who sets targets.
const TARGET_SETTERS: &[Role] = &[Role::TeamManager, Role::Administrator];

/// (method, route as registered, a concrete path with `{case}` for a case reference, access)
const MATRIX: &[(&str, &str, &str, Access)] = &[
    ("GET", "/", "/", Staff(EVERYONE)),
    ("GET", "/sign-in", "/sign-in", Public),
    ("POST", "/sign-out", "/sign-out", SignOut),
    ("GET", "/report", "/report", Public),
    ("GET", "/report/danger", "/report/danger", Public),
    ("GET", "/report/emergency", "/report/emergency", Public),
    ("GET", "/report/what", "/report/what", Public),
    ("GET", "/report/where", "/report/where", Public),
    ("GET", "/report/risk", "/report/risk", Public),
    ("GET", "/report/about", "/report/about", Public),
    ("GET", "/report/evidence", "/report/evidence", Public),
    ("POST", "/report/evidence/diary", "/report/evidence/diary", Public),
    ("POST", "/report/evidence/remove", "/report/evidence/remove", Public),
    ("POST", "/report/evidence/upload", "/report/evidence/upload", Public),
    ("GET", "/report/contact", "/report/contact", Public),
    ("GET", "/report/check", "/report/check", Public),
    ("GET", "/report/done", "/report/done", Public),
    ("GET", "/track", "/track", Public),
    ("GET", "/track/case", "/track/case", Resident),
    ("GET", "/track/case/file", "/track/case/file", Resident),
    ("GET", "/track/case/{what}", "/track/case/diary", Resident),
    ("POST", "/track/leave", "/track/leave", Resident),
    ("GET", "/track/left", "/track/left", Public),
    ("GET", "/track/{token}", "/track/0123456789abcdef0123456789abcdef0123456789abcdef", Public),
    ("GET", "/survey/{token}", "/survey/0123456789abcdef0123456789abcdef0123456789abcdef", Public),
    ("GET", "/invite/{token}", "/invite/0123456789abcdef0123456789abcdef0123456789abcdef", Public),
    ("POST", "/invite/{token}", "/invite/0123456789abcdef0123456789abcdef0123456789abcdef", Public),
    ("GET", "/intake", "/intake", Staff(RECORDERS)),
    ("GET", "/cases", "/cases", Staff(CASE_READERS)),
    ("GET", "/cases/export.csv", "/cases/export.csv", Staff(CASE_READERS)),
    ("GET", "/cases/saved", "/cases/saved", Staff(CASE_READERS)),
    ("POST", "/cases/saved", "/cases/saved", Staff(CASE_READERS)),
    ("GET", "/cases/saved/new", "/cases/saved/new?scope=all", Staff(CASE_READERS)),
    ("POST", "/cases/saved/{id}/remove", "/cases/saved/{list}/remove", Mine(CASE_READERS)),
    ("GET", "/cases/{reference}", "/cases/{case}", Read(CASE_READERS)),
    ("GET", "/cases/{reference}/evidence/{id}", "/cases/{case}/evidence/{file}", Read(CASE_READERS)),
    ("GET", "/shared", "/shared", Staff(CASE_READERS)),
    ("GET", "/referrals", "/referrals", Staff(CASE_READERS)),
    ("GET", "/referrals/{id}", "/referrals/{referral}", Referral(CASE_READERS)),
    ("POST", "/referrals/{id}/{what}", "/referrals/{referral}/answer", AnswerReferral(CASE_READERS)),
    ("GET", "/cases/{reference}/risk", "/cases/{case}/risk", Case(WORKERS)),
    ("GET", "/cases/{reference}/access-log", "/cases/{case}/access-log", Case(&[Role::TeamManager])),
    ("GET", "/triage", "/triage", Staff(WORKERS)),
    ("GET", "/worklist", "/worklist", Staff(OFFICERS)),
    ("GET", "/cases/{reference}/triage", "/cases/{case}/triage", Case(WORKERS)),
    ("GET", "/cases/{reference}/file", "/cases/{case}/file", Case(WORKERS)),
    ("GET", "/cases/{reference}/update", "/cases/{case}/update", Case(WORKERS)),
    ("GET", "/cases/{reference}/{form}", "/cases/{case}/contact", Case(WORKERS)),
    ("POST", "/cases/{reference}/actions/{id}/done", "/cases/{case}/actions/{action}/done", Case(WORKERS)),
    ("POST", "/cases/{reference}/evidence/{seq}/reviewed", "/cases/{case}/evidence/{seq}/reviewed", Case(WORKERS)),
    (
        "GET",
        "/cases/{reference}/interventions/{id}/{form}",
        "/cases/{case}/interventions/{intervention}/mediation",
        Case(WORKERS),
    ),
    // The forms' POSTs, sent empty: refused where the page is, and otherwise answered with the
    // form's errors, never carried out.
    ("POST", "/intake", "/intake", Staff(RECORDERS)),
    ("POST", "/cases/{reference}/risk", "/cases/{case}/risk", Case(WORKERS)),
    ("POST", "/cases/{reference}/triage", "/cases/{case}/triage", Case(WORKERS)),
    ("POST", "/cases/{reference}/file", "/cases/{case}/file", Case(WORKERS)),
    ("POST", "/cases/{reference}/update", "/cases/{case}/update", Case(WORKERS)),
    ("POST", "/cases/{reference}/{form}", "/cases/{case}/close", Case(WORKERS)),
    (
        "POST",
        "/cases/{reference}/interventions/{id}/{form}",
        "/cases/{case}/interventions/{intervention}/mediation",
        Case(WORKERS),
    ),
    ("POST", "/track/case/{what}", "/track/case/message", Resident),
    ("POST", "/track/case/file", "/track/case/file", Resident),
    ("GET", "/support", "/support", Public),
    ("GET", "/information", "/information", Public),
    ("GET", "/information/{slug}", "/information/after-you-report", Public),
    ("GET", "/settings", "/settings", Staff(TARGET_SETTERS)),
    ("GET", "/settings/service-standards", "/settings/service-standards", Staff(TARGET_SETTERS)),
    ("POST", "/settings/service-standards", "/settings/service-standards", Staff(TARGET_SETTERS)),
    ("GET", "/settings/patches", "/settings/patches", Staff(TARGET_SETTERS)),
    ("POST", "/settings/patches", "/settings/patches", Staff(TARGET_SETTERS)),
    ("GET", "/settings/homes", "/settings/homes", Staff(TARGET_SETTERS)),
    ("POST", "/settings/homes", "/settings/homes", Staff(TARGET_SETTERS)),
    ("GET", "/settings/case-review", "/settings/case-review", LeadStaff(ADMINS)),
    ("POST", "/settings/case-review", "/settings/case-review", LeadStaff(ADMINS)),
    ("GET", "/settings/case-review/new", "/settings/case-review/new", LeadStaff(ADMINS)),
    ("GET", "/settings/questionnaire", "/settings/questionnaire", LeadStaff(ADMINS)),
    ("POST", "/settings/questionnaire", "/settings/questionnaire", LeadStaff(ADMINS)),
    ("GET", "/settings/questionnaire/new", "/settings/questionnaire/new", LeadStaff(ADMINS)),
    ("GET", "/settings/messages", "/settings/messages", Staff(TARGET_SETTERS)),
    ("GET", "/settings/messages/{kind}/{medium}", "/settings/messages/acknowledgement/email", Staff(TARGET_SETTERS)),
    // Sent empty: the wording's errors, never saved.
    ("POST", "/settings/messages/{kind}/{medium}", "/settings/messages/acknowledgement/email", Staff(TARGET_SETTERS)),
    // Sent where the organisation has no wording of its own: nothing to remove.
    (
        "POST",
        "/settings/messages/{kind}/{medium}/reset",
        "/settings/messages/acknowledgement/email/reset",
        Staff(TARGET_SETTERS),
    ),
    ("GET", "/settings/categories", "/settings/categories", LeadStaff(ADMINS)),
    ("POST", "/settings/categories", "/settings/categories", LeadStaff(ADMINS)),
    ("GET", "/settings/categories/new", "/settings/categories/new", LeadStaff(ADMINS)),
    ("GET", "/settings/categories/{code}", "/settings/categories/noise", LeadStaff(ADMINS)),
    ("POST", "/settings/categories/{code}", "/settings/categories/noise", LeadStaff(ADMINS)),
    ("GET", "/settings/retention", "/settings/retention", LeadStaff(ADMINS)),
    ("POST", "/settings/retention", "/settings/retention", LeadStaff(ADMINS)),
    ("GET", "/settings/organisations", "/settings/organisations", LeadStaff(ADMINS)),
    ("POST", "/settings/organisations", "/settings/organisations", LeadStaff(ADMINS)),
    ("GET", "/settings/organisations/new", "/settings/organisations/new", LeadStaff(ADMINS)),
    ("GET", "/settings/organisations/{id}", "/settings/organisations/{org}", LeadStaff(ADMINS)),
    ("POST", "/settings/organisations/{id}/homes", "/settings/organisations/{org}/homes", LeadStaff(ADMINS)),
    (
        "POST",
        "/settings/organisations/{id}/administrator",
        "/settings/organisations/{org}/administrator",
        LeadStaff(ADMINS),
    ),
    ("GET", "/settings/users", "/settings/users", Staff(ADMINS)),
    ("POST", "/settings/users", "/settings/users", Staff(ADMINS)),
    ("GET", "/settings/users/new", "/settings/users/new", Staff(ADMINS)),
    (
        "POST",
        "/settings/users/{id}/invite",
        "/settings/users/0190f5a0-0000-7000-8000-000000000000/invite",
        Mine(ADMINS),
    ),
    ("GET", "/settings/users/{id}", "/settings/users/0190f5a0-0000-7000-8000-000000000000", Mine(ADMINS)),
    ("POST", "/settings/users/{id}", "/settings/users/0190f5a0-0000-7000-8000-000000000000", Mine(ADMINS)),
    (
        "POST",
        "/settings/users/{id}/two-step",
        "/settings/users/0190f5a0-0000-7000-8000-000000000000/two-step",
        Mine(ADMINS),
    ),
    // An empty form is refused with its errors: nothing is made.
    ("GET", "/settings/open311-keys", "/settings/open311-keys", Staff(ADMINS)),
    ("POST", "/settings/open311-keys", "/settings/open311-keys", Staff(ADMINS)),
    ("GET", "/settings/open311-keys/new", "/settings/open311-keys/new", Staff(ADMINS)),
    (
        "GET",
        "/settings/open311-keys/{id}/revoke",
        "/settings/open311-keys/0190f5a0-0000-7000-8000-000000000000/revoke",
        Mine(ADMINS),
    ),
    (
        "POST",
        "/settings/open311-keys/{id}/revoke",
        "/settings/open311-keys/0190f5a0-0000-7000-8000-000000000000/revoke",
        Mine(ADMINS),
    ),
    ("GET", "/settings/api-tokens", "/settings/api-tokens", Staff(ADMINS)),
    ("POST", "/settings/api-tokens", "/settings/api-tokens", Staff(ADMINS)),
    ("GET", "/settings/api-tokens/new", "/settings/api-tokens/new", Staff(ADMINS)),
    (
        "GET",
        "/settings/api-tokens/{id}/revoke",
        "/settings/api-tokens/0190f5a0-0000-7000-8000-000000000000/revoke",
        Mine(ADMINS),
    ),
    (
        "POST",
        "/settings/api-tokens/{id}/revoke",
        "/settings/api-tokens/0190f5a0-0000-7000-8000-000000000000/revoke",
        Mine(ADMINS),
    ),
    ("GET", "/public-pages", "/public-pages", LeadStaff(ADMINS)),
    ("GET", "/public-pages/{slug}", "/public-pages/after-you-report", LeadStaff(ADMINS)),
    ("POST", "/public-pages/{slug}", "/public-pages/after-you-report", LeadStaff(ADMINS)),
    ("GET", "/case-review", "/case-review", Public),
    ("POST", "/case-review", "/case-review", Public),
    ("GET", "/case-review/sent", "/case-review/sent?reference=CR-2026-0001", Public),
    ("GET", "/case-review/figures", "/case-review/figures", Public),
    (
        "GET",
        "/case-review/feedback/{token}",
        "/case-review/feedback/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Public,
    ),
    (
        "POST",
        "/case-review/feedback/{token}",
        "/case-review/feedback/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Public,
    ),
    ("GET", "/case-reviews", "/case-reviews", LeadStaff(WORKERS)),
    ("POST", "/case-reviews/offers", "/case-reviews/offers", LeadStaff(WORKERS)),
    ("GET", "/case-reviews/new", "/case-reviews/new", LeadStaff(WORKERS)),
    ("POST", "/case-reviews/new", "/case-reviews/new", LeadStaff(WORKERS)),
    ("GET", "/case-reviews/{reference}", "/case-reviews/{review}", LeadStaff(WORKERS)),
    ("GET", "/case-reviews/{reference}/{step}", "/case-reviews/{review}/decide", LeadStaff(WORKERS)),
    ("POST", "/case-reviews/{reference}/{step}", "/case-reviews/{review}/decide", LeadStaff(WORKERS)),
    ("GET", "/search", "/search?q=Achterberg", Staff(CASE_READERS)),
    ("GET", "/repeats", "/repeats", Staff(WORKERS)),
    ("GET", "/hotspots", "/hotspots", Staff(EVERYONE)),
    ("GET", "/panels", "/panels", Staff(CASE_READERS)),
    ("POST", "/panels", "/panels", Staff(WORKERS)),
    ("GET", "/panels/{id}", "/panels/{panel}", Staff(CASE_READERS)),
    ("POST", "/panels/{id}/cases", "/panels/{panel}/cases", Staff(WORKERS)),
    ("GET", "/panels/{id}/cases/{reference}", "/panels/{panel}/cases/{case}", Case(WORKERS)),
    ("POST", "/panels/{id}/cases/{reference}", "/panels/{panel}/cases/{case}", Case(WORKERS)),
    ("GET", "/sign-in/code", "/sign-in/code", Staff(EVERYONE)),
    ("POST", "/sign-in/code", "/sign-in/code", Staff(EVERYONE)),
    ("GET", "/account", "/account", Staff(EVERYONE)),
    ("GET", "/account/password", "/account/password", Staff(EVERYONE)),
    ("POST", "/account/password", "/account/password", Staff(EVERYONE)),
    ("GET", "/account/two-step", "/account/two-step", Staff(EVERYONE)),
    ("POST", "/account/two-step", "/account/two-step", Staff(EVERYONE)),
    ("POST", "/account/two-step/off", "/account/two-step/off", Staff(EVERYONE)),
    ("POST", "/account/sign-out-everywhere", "/account/sign-out-everywhere", SignOut),
    ("GET", "/overview", "/overview", Staff(MANAGERS)),
    ("GET", "/performance", "/performance", Staff(MANAGERS)),
    ("GET", "/performance/report", "/performance/report?format=csv", Staff(MANAGERS)),
    ("GET", "/performance/cases", "/performance/cases?kpi=cases_opened", Staff(TEAM_MANAGERS)),
    ("GET", "/performance/targets", "/performance/targets", Staff(MANAGERS)),
    ("POST", "/performance/targets", "/performance/targets", Staff(TARGET_SETTERS)),
    ("GET", "/our-performance", "/our-performance", Public),
    ("GET", "/our-performance/{org}", "/our-performance/{org}", Public),
    ("GET", "/import", "/import", Staff(ADMINS)),
    ("POST", "/import", "/import", Staff(ADMINS)),
    ("GET", "/import/{id}", "/import/0190f5a0-0000-7000-8000-000000000000", Mine(ADMINS)),
    ("GET", "/privacy", "/privacy?q=Jordan", Staff(ADMINS)),
    // A person on the case: found only by their organisation's administrators.
    ("GET", "/privacy/people/{id}", "/privacy/people/{person}", Case(ADMINS)),
    ("GET", "/privacy/people/{id}/bundle/{format}", "/privacy/people/{person}/bundle/html", Case(ADMINS)),
    ("POST", "/privacy/people/{id}/erase", "/privacy/people/{person}/erase", Case(ADMINS)),
    ("GET", "/health", "/health", Public),
    ("GET", "/assets/{file}", "/assets/app.css", Public),
    ("GET", "/open311/v2/{file}", "/open311/v2/discovery.json", Public),
    ("GET", "/api/v1", "/api/v1", Public),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", Public),
    ("GET", "/api/v1/cases", "/api/v1/cases", Api),
    ("POST", "/api/v1/cases", "/api/v1/cases", Api),
    ("GET", "/api/v1/cases/{reference}", "/api/v1/cases/{case}", Api),
    ("GET", "/api/v1/cases/{reference}/contacts", "/api/v1/cases/{case}/contacts", Api),
    ("POST", "/api/v1/cases/{reference}/contacts", "/api/v1/cases/{case}/contacts", Api),
    ("POST", "/api/v1/cases/{reference}/notes", "/api/v1/cases/{case}/notes", Api),
    ("GET", "/api/v1/cases/{reference}/interventions", "/api/v1/cases/{case}/interventions", Api),
    ("GET", "/api/v1/cases/{reference}/evidence", "/api/v1/cases/{case}/evidence", Api),
    ("GET", "/api/v1/cases/{reference}/referrals", "/api/v1/cases/{case}/referrals", Api),
    ("GET", "/api/v1/cases/{reference}/shares", "/api/v1/cases/{case}/shares", Api),
    ("GET", "/api/v1/kpis", "/api/v1/kpis", Api),
    ("GET", "/open311/v2/services/{file}", "/open311/v2/services/noise.json", Public),
    ("GET", "/open311/v2/requests/{file}", "/open311/v2/requests/{own}.json", Public),
    ("GET", "/open311/v2/tokens/{file}", "/open311/v2/tokens/nothing.json", Public),
];

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
