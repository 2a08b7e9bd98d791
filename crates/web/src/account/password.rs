//! `/account/password`: change your own password (NCSC rules: length, not a common one, no
//! forced changes). Every other browser signed in as you is signed out.
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::password;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    min: usize,
}

fn page(staff: &Staff, csrf: String, errors: Errors) -> Result<Response, AppError> {
    let mut layout = staff.layout("Change your password", "/account");
    layout.has_errors = errors.any();
    render(&PasswordPage { layout, csrf, errors, min: password::MIN_LENGTH })
}

pub async fn form(staff: Staff, CsrfToken(csrf): CsrfToken) -> Result<Response, AppError> {
    page(&staff, csrf, Errors::default())
}

pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Fields(raw);
    let (current, new, again) = (f.get("current").to_string(), f.get("new").to_string(), f.get("confirm").to_string());
    let mut errors = vec![];
    let stored = staff.user.password_hash.clone();
    let given = current.clone();
    let right = tokio::task::spawn_blocking(move || password::verify(&given, &stored)).await.unwrap_or(false);
    if current.is_empty() {
        errors.push(error("current", "Enter your current password"));
    } else if !right {
        errors.push(error("current", "Your current password is not right"));
    }
    if let Err(e) = password::check_new(&new) {
        errors.push(error("new", e.to_string()));
    } else if new == current {
        errors.push(error("new", "Choose a new password different from your current one"));
    } else if new != again {
        errors.push(error("confirm", "The passwords do not match: type the new password again"));
    }
    if !errors.is_empty() {
        return page(&staff, csrf, Errors(errors));
    }
    let hash = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let store = state.store();
    store.set_password_hash(staff.user.tenant, staff.user.id, &hash).await?;
    // Anyone else signed in as you (a browser left signed in, a guessed password) is signed out.
    staff.end_other_sessions(&state).await?;
    Ok(Redirect::to("/account?done=password").into_response())
}
