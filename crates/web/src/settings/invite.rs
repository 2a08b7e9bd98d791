//! `/settings/users/new`: an administrator invites someone to their organisation. The account
//! is made without a password and an email carries a one-time link to choose one (its token is
//! made when the email is sent; see `asbcase_domain::invite`). An invitation not yet taken up
//! can be sent again, which stops the earlier link working.
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::UserId;
use asbcase_domain::invite::{INVITE_TTL, KIND, NewStaff, check, message};
use asbcase_domain::message::Medium;
use asbcase_domain::organisation::Role;
use asbcase_domain::report::FieldError;
use asbcase_domain::time::now;
use asbcase_domain::tracker::TOKEN_PLACEHOLDER;
use asbcase_store::{OutboxMessage, StaffInvite, StoreError, User};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

struct RoleChoice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "settings/invite.html")]
struct InvitePage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    organisation: String,
    name: String,
    email: String,
    roles: Vec<RoleChoice>,
    patch: String,
}

fn administers(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Administrator) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn form_page(staff: &Staff, csrf: String, f: &Fields, errors: Errors) -> Result<Response, AppError> {
    let chosen = f.all("roles");
    let mut page = InvitePage {
        layout: staff.layout("Invite someone", "/settings"),
        csrf,
        organisation: staff.organisation_name.clone(),
        name: f.get("name").to_string(),
        email: f.get("email").to_string(),
        roles: Role::ALL
            .into_iter()
            .map(|r| RoleChoice {
                value: r.as_str(),
                label: r.label(),
                checked: chosen.iter().any(|c| c == r.as_str()),
            })
            .collect(),
        patch: f.get("patch").to_string(),
        errors,
    };
    page.layout.has_errors = page.errors.any();
    render(&page)
}

/// `GET /settings/users/new`.
pub async fn new(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    administers(&staff)?;
    form_page(&staff, csrf, &Fields(vec![]), Errors(vec![]))
}

/// The invitation for `user` to join `organisation` from `inviter`, and the email carrying its link.
pub(super) fn invitation(
    state: &AppState,
    (organisation, inviter): (&str, &str),
    user: &User,
    at: Timestamp,
) -> (StaffInvite, OutboxMessage) {
    let invite = StaffInvite {
        id: uuid::Uuid::now_v7(),
        tenant: user.tenant,
        user: user.id,
        sent: false,
        failed: false,
        ttl_seconds: INVITE_TTL.as_secs(),
        created_at: at,
        expires_at: at + INVITE_TTL,
        used_at: None,
    };
    let link = state.public_link(&format!("/invite/{TOKEN_PLACEHOLDER}"));
    let (subject, body) = message(&user.name, organisation, inviter, &link);
    let email = OutboxMessage {
        tenant: user.tenant,
        id: uuid::Uuid::now_v7(),
        case: None,
        kind: KIND.into(),
        medium: Medium::Email,
        recipient: user.email.clone(),
        subject,
        body,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: at,
        last_error: None,
        created_at: at,
        sent_at: None,
        organisation: Some(user.organisation),
        provider_ref: None,
        delivery_status: None,
        link: None,
        link_id: Some(invite.id),
    };
    (invite, email)
}

pub(super) fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
}

/// `POST /settings/users`: make the account and send the invitation.
pub async fn invite(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let f = Fields(raw);
    let NewStaff { name, email, roles, patch } =
        match check(f.get("name"), f.get("email"), &f.all("roles"), f.get("patch")) {
            Ok(s) => s,
            Err(errors) => return form_page(&staff, csrf, &f, Errors(errors)),
        };
    let at = now();
    let user = User {
        tenant: staff.user.tenant,
        id: UserId::new(),
        organisation: staff.user.organisation,
        email,
        name,
        roles,
        patch,
        // No password until they choose one with the invitation's link: nothing signs in.
        password_hash: String::new(),
        active: true,
        created_at: at,
    };
    let (invite, email) = invitation(&state, (&staff.organisation_name, &staff.user.name), &user, at);
    let summary = format!("invited {} ({}): {}", user.name, user.email, roles_text(&user.roles));
    match state.store().invite_staff(&user, &invite, &email, &summary, &staff.changed_by()).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            let taken = FieldError {
                field: "email".into(),
                message: "There is already an account with this email address".into(),
            };
            return form_page(&staff, csrf, &f, Errors(vec![taken]));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %staff.user.id, invited = %user.id, "staff invited");
    Ok(Redirect::to(&format!("/settings/users/{}?invited=1", user.id.0)).into_response())
}

/// `POST /settings/users/{id}/invite`: send the invitation again (the earlier link stops
/// working), for someone who has not chosen a password.
pub async fn again(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    VerifiedForm(_): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    administers(&staff)?;
    let u = super::users::member(&state, &staff, &id).await?;
    if !u.password_hash.is_empty() || !u.active {
        return Err(AppError::BadRequest(format!("{} can already sign in or is switched off", u.name)));
    }
    let (invite, email) = invitation(&state, (&staff.organisation_name, &staff.user.name), &u, now());
    let summary = format!("invitation sent again to {} ({})", u.name, u.email);
    if !state.store().invite_again(staff.user.organisation, &invite, &email, &summary, &staff.changed_by()).await? {
        return Err(AppError::BadRequest(format!("{} has chosen a password meanwhile", u.name)));
    }
    Ok(Redirect::to(&format!("/settings/users/{}?invited=1", u.id.0)).into_response())
}

/// How an invitation stands, for the person's page.
pub(super) fn status(invite: Option<&StaffInvite>, at: Timestamp) -> String {
    use asbcase_domain::time::human;
    match invite {
        None => "They have no password yet and no invitation: send one.".into(),
        Some(i) if i.failed => {
            "The invitation email could not be delivered: check their email address, then send it again.".into()
        }
        Some(i) if !i.sent => "The invitation is waiting to be sent.".into(),
        Some(i) if i.used_at.is_some() => "Their invitation was used.".into(),
        Some(i) if i.expires_at <= at => format!("Their invitation ran out on {}: send it again.", human(i.expires_at)),
        Some(i) => format!("The invitation was sent; its link works until {}.", human(i.expires_at)),
    }
}
