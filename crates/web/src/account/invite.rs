//! `/invite/{token}`: someone invited to their organisation chooses their password with the
//! one-time link from their invitation email, then signs in. Opening the link does not use it
//! (email security scanners follow links); choosing the password does. An unknown, used or
//! expired link gets the same page, which says to ask for a new invitation.
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render, render_with_status};
use crate::report::{Errors, Fields};
use crate::residents::links::{hash, well_formed};
use crate::{AppError, AppState};
use asbcase_domain::password;
use asbcase_domain::time::now;
use asbcase_store::StaffInvite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "account/invite.html")]
struct ChoosePage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    token: String,
    name: String,
    email: String,
    min: usize,
}

#[derive(Template)]
#[template(path = "account/invite_problem.html")]
struct Problem {
    layout: Layout,
}

fn problem() -> Response {
    render_with_status(StatusCode::GONE, &Problem { layout: Layout::public("This invitation link no longer works") })
}

/// The invitation the token opens, while it can still be used, and whom it is for.
async fn open(state: &AppState, token: &str) -> Result<Option<(StaffInvite, asbcase_store::User)>, AppError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let store = state.store();
    let Some(invite) = store.staff_invite(&hash(token)).await? else { return Ok(None) };
    if invite.used_at.is_some() || invite.expires_at <= now() {
        return Ok(None);
    }
    let user = store.user(invite.tenant, invite.user).await?;
    Ok(user.filter(|u| u.active && u.password_hash.is_empty()).map(|u| (invite, u)))
}

fn page(csrf: String, token: String, u: &asbcase_store::User, errors: Errors) -> Result<Response, AppError> {
    let mut layout = Layout::public("Choose your password");
    layout.has_errors = errors.any();
    render(&ChoosePage {
        layout,
        csrf,
        errors,
        token,
        name: u.name.clone(),
        email: u.email.clone(),
        min: password::MIN_LENGTH,
    })
}

/// `GET /invite/{token}`.
pub async fn show(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match open(&state, &token).await? {
        Some((_, u)) => page(csrf, token, &u, Errors(vec![])),
        None => Ok(problem()),
    }
}

/// `POST /invite/{token}`: check the password, keep its hash and use up the link.
pub async fn choose(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(token): Path<String>,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let Some((_, u)) = open(&state, &token).await? else { return Ok(problem()) };
    let f = Fields(raw);
    let (new, again) = (f.get("new").to_string(), f.get("confirm").to_string());
    let mut errors = vec![];
    if let Err(e) = password::check_new(&new) {
        errors.push(error("new", e.to_string()));
    } else if new != again {
        errors.push(error("confirm", "The passwords do not match: type your new password again"));
    }
    if !errors.is_empty() {
        return page(csrf, token, &u, Errors(errors));
    }
    let hashed = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    if !state.store().accept_invite(&hash(&token), &hashed, now()).await? {
        return Ok(problem());
    }
    tracing::info!(user = %u.id, "invitation taken up: password chosen");
    Ok(Redirect::to("/sign-in?chosen=1").into_response())
}
