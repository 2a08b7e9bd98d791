//! `/account`: a member of staff's own account — their details, two-step sign-in, changing
//! their password, and signing out everywhere (every browser they are signed in on).
pub mod invite;
pub mod password;
pub mod two_step;

use crate::auth::{SESSION_COOKIE, Staff, two_step_required};
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    layout: Layout,
    csrf: String,
    name: String,
    email: String,
    organisation: String,
    roles: String,
    two_step_on: bool,
    two_step_required: bool,
    notice: &'static str,
}

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    axum::extract::Query(q): axum::extract::Query<Notice>,
) -> Result<Response, AppError> {
    let store = state.store();
    let on = store.user_mfa(staff.user.tenant, staff.user.id).await?.is_some_and(|m| m.confirmed);
    let required = two_step_required(&state, &staff.user).await?;
    render(&AccountPage {
        layout: staff.layout("Your account", "/account"),
        csrf,
        name: staff.user.name.clone(),
        email: staff.user.email.clone(),
        organisation: staff.organisation_name.clone(),
        roles: staff.user.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
        two_step_on: on,
        two_step_required: required,
        notice: match q.done.as_str() {
            "password" => "Your password has been changed. You have been signed out on every other browser.",
            "two-step" => "Two-step sign-in is on. You will be asked for a code from your app each time you sign in.",
            "two-step-off" => "Two-step sign-in is off.",
            _ => "",
        },
    })
}

#[derive(serde::Deserialize)]
pub struct Empty {}

/// `POST /account/sign-out-everywhere`: every session of this person ends, this one too.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    staff: Staff,
    VerifiedForm(_): VerifiedForm<Empty>,
) -> Result<Response, AppError> {
    let ended = state.store().delete_sessions_of_user(staff.user.tenant, staff.user.id).await?;
    tracing::info!(user = %staff.user.id, sessions = ended, "signed out everywhere");
    let mut res = Redirect::to("/sign-in?everywhere=1").into_response();
    let c = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
