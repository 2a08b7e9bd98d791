//! `/settings/organisations`: the partnership's organisations, for the administrators of the
//! organisation that takes residents' reports. They add an organisation (a housing association
//! joining, a new partner), enter the homes a landlord owns for NM01 when the landlord does not
//! enter them itself, and invite a new organisation's first administrator, who then runs its
//! own accounts and settings.
use super::Change;
use super::homes::this_year;
use super::invite::{invitation, roles_text};
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::invite::{NewStaff, check};
use asbcase_domain::organisation::{OrganisationKind, Role};
use asbcase_domain::organisation_edit::{check_homes, check_new, year_label};
use asbcase_domain::report::FieldError;
use asbcase_domain::time::now;
use asbcase_domain::{OrganisationId, UserId};
use asbcase_store::{Organisation, StoreError, User};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/organisations";

/// Only the administrators of the organisation that takes residents' reports.
fn leads(staff: &Staff) -> Result<(), AppError> {
    if staff.publishes { Ok(()) } else { Err(AppError::Forbidden) }
}

struct Row {
    href: String,
    name: String,
    kind: &'static str,
    part: String,
    staff: usize,
    homes: String,
}

#[derive(Template)]
#[template(path = "settings/organisations.html")]
struct ListPage {
    layout: Layout,
    partnership: String,
    rows: Vec<Row>,
    changes: Vec<Change>,
}

/// What an organisation does for the whole partnership, if anything.
fn part(o: &Organisation, receiver: Option<OrganisationId>, lead: Option<OrganisationId>) -> String {
    let mut parts = vec![];
    if Some(o.id) == receiver {
        parts.push("Takes residents' reports");
    }
    if Some(o.id) == lead {
        parts.push("Runs ASB Case Reviews");
    }
    parts.join("; ")
}

/// `GET /settings/organisations`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    leads(&staff)?;
    let store = state.store();
    let tenant = staff.user.tenant;
    let receiver = store.report_receiver(tenant).await?.map(|o| o.id);
    let lead = store.case_review_lead_org(tenant).await?.map(|o| o.id);
    let mut rows = vec![];
    for o in store.organisations(tenant).await? {
        let staff_count = store.users_of_organisation(tenant, o.id).await?.iter().filter(|u| u.active).count();
        let homes = match store.homes_owned(tenant, o.id).await?.last() {
            Some((year, homes)) => format!("{homes} at the end of {}", year_label(*year)),
            None => "Not entered".into(),
        };
        rows.push(Row {
            href: format!("{PATH}/{}", o.id.0),
            kind: o.kind.label(),
            part: part(&o, receiver, lead),
            staff: staff_count,
            homes,
            name: o.name,
        });
    }
    let partnership = store.tenant(tenant).await?.map(|t| t.name).unwrap_or_default();
    let changes = store.organisation_changes(tenant, staff.user.organisation).await?.into_iter().map(Change::from);
    render(&ListPage {
        layout: staff.layout("Organisations", "/settings"),
        partnership,
        rows,
        changes: changes.collect(),
    })
}

struct KindChoice {
    value: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "settings/organisation_new.html")]
struct NewPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    partnership: String,
    name: String,
    kinds: Vec<KindChoice>,
}

fn hint(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::Council => "A district, borough, city or unitary council.",
        OrganisationKind::SocialLandlord => {
            "A housing association or council housing service: NM01 is counted for it, per 1,000 homes it owns."
        }
        OrganisationKind::Police => "A police force or its neighbourhood team.",
        OrganisationKind::Health => "An NHS trust, GP practice or mental health service.",
        OrganisationKind::SocialCare => "Adults' or children's social care.",
        OrganisationKind::Other => "Fire and rescue, probation, a charity or anyone else in the partnership.",
    }
}

async fn new_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    f: &Fields,
    errors: Errors,
) -> Result<Response, AppError> {
    let partnership = state.store().tenant(staff.user.tenant).await?.map(|t| t.name).unwrap_or_default();
    let chosen = f.get("kind");
    let mut page = NewPage {
        layout: staff.layout("Add an organisation", "/settings"),
        csrf,
        partnership,
        name: f.get("name").to_string(),
        kinds: OrganisationKind::ALL
            .into_iter()
            .map(|k| KindChoice { value: k.as_str(), label: k.label(), hint: hint(k), checked: chosen == k.as_str() })
            .collect(),
        errors,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

/// `GET /settings/organisations/new`.
pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    leads(&staff)?;
    new_page(&state, &staff, csrf, &Fields(vec![]), Errors(vec![])).await
}

/// `POST /settings/organisations`: add one. Residents' reports and the case reviews stay with
/// the organisations that have them.
pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    leads(&staff)?;
    let f = Fields(raw);
    let store = state.store();
    let tenant = staff.user.tenant;
    let existing = store.organisations(tenant).await?;
    let names = existing.iter().map(|o| o.name.as_str()).collect::<Vec<_>>();
    let (name, kind) = match check_new(f.get("name"), f.get("kind"), &names) {
        Ok(checked) => checked,
        Err(errors) => return new_page(&state, &staff, csrf, &f, Errors(errors)).await,
    };
    let org = Organisation { tenant, id: OrganisationId::new(), name, kind };
    let summary = format!("added {} ({})", org.name, kind.label());
    match store.add_organisation(&org, &summary, &staff.changed_by(), now()).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            // Added by someone else since the form was checked.
            let taken = FieldError {
                field: "name".into(),
                message: format!("The partnership already has an organisation called {}", org.name),
            };
            return new_page(&state, &staff, csrf, &f, Errors(vec![taken])).await;
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %staff.user.id, organisation = %org.id.0, "organisation added");
    Ok(Redirect::to(&format!("{PATH}/{}?done=added", org.id.0)).into_response())
}

struct Administrator {
    id: String,
    name: String,
    email: String,
    status: String,
    /// Invited, not signed in yet, and no one of the organisation can sign in: their invitation
    /// can be sent again or withdrawn from here.
    waiting: bool,
}

#[derive(Template)]
#[template(path = "settings/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    path: String,
    name: String,
    kind: &'static str,
    part: String,
    staff: usize,
    administrators: Vec<Administrator>,
    some_waiting: bool,
    /// No one's account is switched on: its first administrator can be invited.
    invite: bool,
    admin_name: String,
    admin_email: String,
    years: Vec<super::homes::Year>,
    year: String,
    homes: String,
    changes: Vec<Change>,
    banner: Option<&'static str>,
}

/// The organisation a path names, in the staff member's partnership.
async fn named(state: &AppState, staff: &Staff, id: &str) -> Result<Organisation, AppError> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    state.store().organisation(staff.user.tenant, OrganisationId(id)).await?.ok_or(AppError::NotFound)
}

/// What the organisation page's forms were given back, when one is refused.
#[derive(Default)]
struct Typed {
    year: String,
    homes: String,
    admin_name: String,
    admin_email: String,
}

async fn org_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    o: &Organisation,
    typed: Typed,
    (errors, banner): (Errors, Option<&'static str>),
) -> Result<Response, AppError> {
    let store = state.store();
    let tenant = staff.user.tenant;
    let receiver = store.report_receiver(tenant).await?.map(|r| r.id);
    let lead = store.case_review_lead_org(tenant).await?.map(|l| l.id);
    let users = store.users_of_organisation(tenant, o.id).await?;
    let invites = store.invites_of_organisation(tenant, o.id).await?;
    let at = now();
    let admins = users.iter().filter(|u| u.active && u.roles.contains(&Role::Administrator)).collect::<Vec<_>>();
    let nobody_signs_in = !users.iter().any(|u| u.active && !u.password_hash.is_empty());
    let administrators = admins
        .iter()
        .map(|u| Administrator {
            id: u.id.0.to_string(),
            waiting: nobody_signs_in && u.password_hash.is_empty(),
            name: u.name.clone(),
            email: u.email.clone(),
            status: if u.password_hash.is_empty() {
                let latest = invites.iter().filter(|i| i.user == u.id).max_by_key(|i| i.created_at);
                super::invite::status(latest, at)
            } else {
                "Can sign in.".into()
            },
        })
        .collect::<Vec<_>>();
    let years = super::homes::years_entered(store, tenant, o.id).await?;
    let changes = store.homes_owned_changes(tenant, o.id).await?.into_iter().map(Change::from);
    let mut p = OrganisationPage {
        layout: staff.layout(&o.name, "/settings"),
        csrf,
        path: format!("{PATH}/{}", o.id.0),
        name: o.name.clone(),
        kind: o.kind.label(),
        part: part(o, receiver, lead),
        staff: users.iter().filter(|u| u.active).count(),
        invite: users.iter().all(|u| !u.active),
        some_waiting: administrators.iter().any(|a| a.waiting),
        administrators,
        admin_name: typed.admin_name,
        admin_email: typed.admin_email,
        years,
        year: if typed.year.is_empty() { this_year().to_string() } else { typed.year },
        homes: typed.homes,
        changes: changes.collect(),
        banner,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /settings/organisations/{id}` (with `?done=added|homes|invited` after a change).
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    leads(&staff)?;
    let o = named(&state, &staff, &id).await?;
    let banner = match query.as_deref() {
        Some("done=added") => Some("The organisation is added. Invite its first administrator to set it up."),
        Some("done=homes") => Some("The homes are entered: NM01 for that year counts them now."),
        Some("done=invited") => Some("The invitation is on its way."),
        Some("done=withdrawn") => Some("The invitation is withdrawn: its link no longer works."),
        _ => None,
    };
    org_page(&state, &staff, csrf, &o, Typed::default(), (Errors(vec![]), banner)).await
}

/// `POST /settings/organisations/{id}/homes`: enter the homes it owned at the end of a year.
pub async fn homes(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    leads(&staff)?;
    let o = named(&state, &staff, &id).await?;
    let f = Fields(raw);
    let (year, homes) = match check_homes(f.get("year"), f.get("homes"), this_year()) {
        Ok(entry) => entry,
        Err(errors) => {
            let typed = Typed { year: f.get("year").into(), homes: f.get("homes").into(), ..Typed::default() };
            return org_page(&state, &staff, csrf, &o, typed, (Errors(errors), None)).await;
        }
    };
    state.store().enter_homes_owned(o.tenant, o.id, year, homes, &staff.changed_by(), now()).await?;
    tracing::info!(user = %staff.user.id, organisation = %o.id.0, year, homes, "homes owned entered");
    Ok(Redirect::to(&format!("{PATH}/{}?done=homes", o.id.0)).into_response())
}

/// `POST /settings/organisations/{id}/administrator`: invite the first administrator of an
/// organisation no one works in yet. While no one of it can sign in, a waiting invitation can
/// be sent again (`again` names the person) or withdrawn (`withdraw`: sent to the wrong address,
/// say), which switches the account off so that someone else can be invited.
pub async fn administrator(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    leads(&staff)?;
    let o = named(&state, &staff, &id).await?;
    let f = Fields(raw);
    let store = state.store();
    let users = store.users_of_organisation(o.tenant, o.id).await?;
    let nobody_signs_in = !users.iter().any(|u| u.active && !u.password_hash.is_empty());
    let waiting = |id: &str| {
        users
            .iter()
            .filter(|_| nobody_signs_in)
            .find(|u| {
                u.id.0.to_string() == id
                    && u.active
                    && u.roles.contains(&Role::Administrator)
                    && u.password_hash.is_empty()
            })
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "That invitation is no longer waiting, or someone of {} can sign in and runs its accounts",
                    o.name
                ))
            })
    };
    let (at, by) = (now(), staff.changed_by());
    let done = |what: &str| Redirect::to(&format!("{PATH}/{}?done={what}", o.id.0)).into_response();
    if !f.get("again").is_empty() {
        let u = waiting(f.get("again"))?;
        let (invite, email) = invitation(&state, (&o.name, &staff.user.name), u, at);
        let summary = format!("invitation sent again to {} ({})", u.name, u.email);
        if !store.invite_again(o.id, &invite, &email, &summary, &by).await? {
            return Err(AppError::BadRequest(format!("{} has chosen a password meanwhile", u.name)));
        }
        return Ok(done("invited"));
    }
    if !f.get("withdraw").is_empty() {
        let u = waiting(f.get("withdraw"))?;
        let summary = format!("withdrew the invitation to {} ({}) and switched the account off", u.name, u.email);
        store.set_user_access(o.tenant, o.id, u.id, &u.roles, false, &summary, &by, at).await?;
        tracing::info!(user = %staff.user.id, withdrawn = %u.id, "first administrator's invitation withdrawn");
        return Ok(done("withdrawn"));
    }
    if users.iter().any(|u| u.active) {
        return Err(AppError::BadRequest(format!("{} has staff already: its administrators invite its staff", o.name)));
    }
    let typed = || Typed { admin_name: f.get("name").into(), admin_email: f.get("email").into(), ..Typed::default() };
    let NewStaff { name, email, roles, .. } =
        match check(f.get("name"), f.get("email"), &[Role::Administrator.as_str().to_string()], "") {
            Ok(s) => s,
            Err(errors) => return org_page(&state, &staff, csrf, &o, typed(), (Errors(errors), None)).await,
        };
    let user = User {
        tenant: o.tenant,
        id: UserId::new(),
        organisation: o.id,
        email,
        name,
        roles,
        patch: None,
        // No password until they choose one with the invitation's link.
        password_hash: String::new(),
        active: true,
        created_at: at,
    };
    let (invite, email) = invitation(&state, (&o.name, &staff.user.name), &user, at);
    let summary = format!("invited {} ({}): {}", user.name, user.email, roles_text(&user.roles));
    match store.invite_staff(&user, &invite, &email, &summary, &by).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            let taken = FieldError {
                field: "email".into(),
                message: "There is already an account with this email address".into(),
            };
            return org_page(&state, &staff, csrf, &o, typed(), (Errors(vec![taken]), None)).await;
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %staff.user.id, invited = %user.id, organisation = %o.id.0, "first administrator invited");
    Ok(done("invited"))
}
