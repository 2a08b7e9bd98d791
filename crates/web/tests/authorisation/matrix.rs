//! The matrix itself: who may use each route of the application, one row a route.
use asbcase_domain::organisation::Role;

/// Who may use a route.
#[derive(Clone, Copy, Debug)]
pub enum Access {
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
pub const MATRIX: &[(&str, &str, &str, Access)] = &[
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
