//! `/settings/users`: an organisation's administrators see who has an account, change their
//! roles, switch off an account (its sessions end at once) or take away a lost two-step sign-in.
//! The organisation is never left without an active administrator. Every change is kept with
//! who made it.
use super::Change;
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::UserId;
use asbcase_domain::organisation::{Role, check_access_change};
use asbcase_domain::time::now;
use asbcase_store::User;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

fn administers(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Administrator) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
}

struct Row {
    href: String,
    name: String,
    email: String,
    roles: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "settings/users.html")]
struct UsersPage {
    layout: Layout,
    organisation: String,
    rows: Vec<Row>,
    changes: Vec<Change>,
}

/// `GET /settings/users`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    administers(&staff)?;
    let store = state.store();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let rows = store
        .users_of_organisation(tenant, org)
        .await?
        .into_iter()
        .map(|u| Row {
            href: format!("/settings/users/{}", u.id.0),
            roles: roles_text(&u.roles),
            status: match (u.active, u.password_hash.is_empty()) {
                (false, _) => "Switched off",
                (true, true) => "Invited: no password yet",
                (true, false) => "Can sign in",
            },
            name: u.name,
            email: u.email,
        })
        .collect();
    let changes = changes(&state, &staff).await?;
    render(&UsersPage {
        layout: staff.layout("Staff accounts", "/settings"),
        organisation: staff.organisation_name.clone(),
        rows,
        changes,
    })
}

async fn changes(state: &AppState, staff: &Staff) -> Result<Vec<Change>, AppError> {
    Ok(state
        .store()
        .user_changes(staff.user.tenant, staff.user.organisation)
        .await?
        .into_iter()
        .map(Change::from)
        .collect())
}

struct RoleChoice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "settings/user.html")]
struct UserPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    href: String,
    name: String,
    email: String,
    roles: Vec<RoleChoice>,
    active: bool,
    two_step: bool,
    /// How their invitation stands, while they have no password.
    invitation: Option<String>,
    done: Option<&'static str>,
}

/// One of the administrator's own organisation's staff, else "not found".
pub(super) async fn member(state: &AppState, staff: &Staff, id: &str) -> Result<User, AppError> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    state
        .store()
        .user(staff.user.tenant, UserId(id))
        .await?
        .filter(|u| u.organisation == staff.user.organisation)
        .ok_or(AppError::NotFound)
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    u: &User,
    (roles, active): (&[Role], bool),
    errors: Errors,
    done: Option<&'static str>,
) -> Result<Response, AppError> {
    let two_step = state.store().user_mfa(u.tenant, u.id).await?.is_some_and(|m| m.confirmed);
    let invitation = if u.password_hash.is_empty() && u.active {
        let invites = state.store().invites_of_organisation(u.tenant, u.organisation).await?;
        Some(super::invite::status(invites.iter().find(|i| i.user == u.id), now()))
    } else {
        None
    };
    let mut p = UserPage {
        layout: staff.layout(&u.name, "/settings"),
        csrf,
        href: format!("/settings/users/{}", u.id.0),
        name: u.name.clone(),
        email: u.email.clone(),
        roles: Role::ALL
            .into_iter()
            .map(|r| RoleChoice { value: r.as_str(), label: r.label(), checked: roles.contains(&r) })
            .collect(),
        active,
        two_step,
        invitation,
        done,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /settings/users/{id}`.
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let u = member(&state, &staff, &id).await?;
    let done = match query.as_deref() {
        Some("saved=1") => Some("Their access is changed."),
        Some("invited=1") => Some("The invitation is on its way: they choose a password with its link."),
        Some("reset=1") => Some("Their two-step sign-in is taken away: they set it up again when they next sign in."),
        _ => None,
    };
    page(&state, &staff, csrf, &u, (&u.roles.clone(), u.active), Errors(vec![]), done).await
}

/// Active administrators of the organisation other than `u` who can sign in.
async fn other_administrators(state: &AppState, u: &User) -> Result<usize, AppError> {
    Ok(state
        .store()
        .users_of_organisation(u.tenant, u.organisation)
        .await?
        .iter()
        // One still to choose a password (an invitation not taken up) cannot sign in to stand in.
        .filter(|o| o.id != u.id && o.active && o.has(Role::Administrator) && !o.password_hash.is_empty())
        .count())
}

/// `POST /settings/users/{id}`: their roles, and whether they may sign in.
pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    Path(id): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let u = member(&state, &staff, &id).await?;
    let f = Fields(raw);
    let roles: Vec<Role> = f.all("roles").iter().filter_map(|r| Role::parse(r)).collect();
    let active = match f.get("active") {
        "yes" => true,
        "no" => false,
        _ => {
            let errors = Errors(vec![error("active", "Choose whether they can sign in")]);
            return page(&state, &staff, csrf, &u, (&roles, u.active), errors, None).await;
        }
    };
    let others = other_administrators(&state, &u).await?;
    if let Err(problem) = check_access_change(&u.name, u.has(Role::Administrator), &roles, active, others) {
        let field = if roles.is_empty() { "roles" } else { "active" };
        let errors = Errors(vec![error(field, problem.to_string())]);
        return page(&state, &staff, csrf, &u, (&roles, active), errors, None).await;
    }
    let summary = format!(
        "{} ({}): {}; {}",
        u.name,
        u.email,
        roles_text(&roles),
        if active { "can sign in" } else { "switched off" }
    );
    let by = staff.changed_by();
    state.store().set_user_access(u.tenant, u.organisation, u.id, &roles, active, &summary, &by, now()).await?;
    tracing::info!(user = %staff.user.id, changed = %u.id, "staff access changed");
    Ok(Redirect::to(&format!("/settings/users/{}?saved=1", u.id.0)).into_response())
}

/// `POST /settings/users/{id}/two-step`: take away a lost two-step sign-in.
pub async fn reset_two_step(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let u = member(&state, &staff, &id).await?;
    let summary = format!("{} ({}): two-step sign-in taken away", u.name, u.email);
    let by = staff.changed_by();
    state.store().reset_two_step(u.tenant, u.organisation, u.id, &summary, &by, now()).await?;
    tracing::info!(user = %staff.user.id, changed = %u.id, "two-step sign-in reset");
    Ok(Redirect::to(&format!("/settings/users/{}?reset=1", u.id.0)).into_response())
}
