//! Two-step sign-in: setting it up at `/account/two-step` (a QR code and the key as text for an
//! authenticator app, confirmed by entering a code from it), turning it off where it is not
//! required, and the code asked for at `/sign-in/code` after the password.
use crate::auth::{SESSION_COOKIE, Staff, hash_token, landing, safe_next, two_step_required};
use crate::csrf::{CsrfToken, VerifiedForm, cookie};
use crate::page::{Layout, render};
use crate::{AppError, AppState};
use asbcase_domain::mfa::{self, MfaError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

fn unix_now() -> u64 {
    u64::try_from(asbcase_domain::time::now().as_second()).unwrap_or(0)
}

#[derive(Template)]
#[template(path = "account/two_step.html")]
struct SetupPage {
    layout: Layout,
    csrf: String,
    /// The QR code as inline SVG.
    qr: String,
    /// The key in groups of four, for typing into an app.
    key: String,
    error: Option<String>,
    on: bool,
    required: bool,
}

/// An SVG QR code of `text` (its XML declaration removed, to sit inside the page).
fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    Ok(svg.find("<svg").map_or(svg.clone(), |i| svg[i..].to_string()))
}

async fn setup_page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    error: Option<String>,
) -> Result<Response, AppError> {
    let store = state.store();
    let (tenant, user) = (staff.user.tenant, staff.user.id);
    let existing = store.user_mfa(tenant, user).await?;
    let on = existing.as_ref().is_some_and(|m| m.confirmed);
    // A new key each time the page is shown until one is confirmed; once on, none is shown
    // again (setting up a new phone starts again from "Set up on a new phone").
    let secret = match existing.filter(|m| !m.confirmed || error.is_some()) {
        Some(m) if !m.confirmed => mfa::secret_bytes(&m.secret).ok_or(AppError::BadRequest("stored key".into()))?,
        _ if on => vec![],
        _ => {
            let fresh: [u8; mfa::SECRET_BYTES] = rand::random();
            store.start_mfa(tenant, user, &mfa::secret_text(&fresh), asbcase_domain::time::now()).await?;
            fresh.to_vec()
        }
    };
    let (qr, key) = if secret.is_empty() {
        (String::new(), String::new())
    } else {
        let issuer = crate::page::service_name();
        let text = mfa::secret_text(&secret);
        let grouped =
            text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).to_string()).collect::<Vec<_>>().join(" ");
        (qr_svg(&mfa::setup_url(&secret, &issuer, &staff.user.email))?, grouped)
    };
    let mut layout = staff.layout("Two-step sign-in", "/account");
    layout.has_errors = error.is_some();
    render(&SetupPage { layout, csrf, qr, key, error, on, required: two_step_required(state, &staff.user).await? })
}

pub async fn setup(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
) -> Result<Response, AppError> {
    setup_page(&state, &staff, csrf, None).await
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    again: String,
}

/// `POST /account/two-step`: confirm the app with a code from it (or, with `again`, start
/// again with a new key, for a new phone).
pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(form): VerifiedForm<CodeForm>,
) -> Result<Response, AppError> {
    let store = state.store();
    let (tenant, user) = (staff.user.tenant, staff.user.id);
    if form.again == "yes" {
        let fresh: [u8; mfa::SECRET_BYTES] = rand::random();
        store.start_mfa(tenant, user, &mfa::secret_text(&fresh), asbcase_domain::time::now()).await?;
        return Ok(Redirect::to("/account/two-step").into_response());
    }
    let Some(m) = store.user_mfa(tenant, user).await?.filter(|m| !m.confirmed) else {
        return Ok(Redirect::to("/account/two-step").into_response());
    };
    let secret = mfa::secret_bytes(&m.secret).ok_or(AppError::BadRequest("stored key".into()))?;
    match mfa::check(&secret, &form.code, unix_now(), m.last_step) {
        Ok(step) if store.accept_mfa_step(tenant, user, step, asbcase_domain::time::now()).await? => {
            Ok(Redirect::to("/account?done=two-step").into_response())
        }
        Ok(_) => setup_page(&state, &staff, csrf, Some(MfaError::Reused.to_string())).await,
        Err(e) => setup_page(&state, &staff, csrf, Some(e.to_string())).await,
    }
}

#[derive(serde::Deserialize)]
pub struct Empty {}

/// `POST /account/two-step/off`: only where it is not required.
pub async fn turn_off(
    State(state): State<AppState>,
    staff: Staff,
    VerifiedForm(_): VerifiedForm<Empty>,
) -> Result<Response, AppError> {
    if two_step_required(&state, &staff.user).await? {
        return Err(AppError::BadRequest(
            "Two-step sign-in is required for your role or by your partnership, so it cannot be turned off. To use a new phone, set it up again.".into(),
        ));
    }
    state.store().remove_mfa(staff.user.tenant, staff.user.id).await?;
    Ok(Redirect::to("/account?done=two-step-off").into_response())
}

#[derive(Template)]
#[template(path = "account/code.html")]
struct CodePage {
    layout: Layout,
    csrf: String,
    next: String,
    error: Option<String>,
}

/// The waiting session of this browser, and its user: none when there is none.
async fn pending(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, asbcase_store::User, bool)>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else { return Ok(None) };
    let hash = hash_token(&token);
    let store = state.store();
    let Some(session) = store.session(&hash).await? else { return Ok(None) };
    let Some(user) = store.user(session.tenant, session.user).await?.filter(|u| u.active) else { return Ok(None) };
    Ok(Some((hash, user, session.mfa_pending)))
}

#[derive(serde::Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// `GET /sign-in/code`: after the password, the code from the app.
pub async fn code_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    match pending(&state, &headers).await? {
        None => Ok(Redirect::to("/sign-in").into_response()),
        Some((_, user, false)) => Ok(Redirect::to(landing(&user)).into_response()),
        Some(_) => render(&CodePage {
            layout: Layout::public("Enter the code from your app"),
            csrf,
            next: safe_next(Some(&q.next)).unwrap_or_default(),
            error: None,
        }),
    }
}

pub async fn code_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfToken(csrf): CsrfToken,
    client: crate::limits::Client,
    VerifiedForm(form): VerifiedForm<CodeForm>,
) -> Result<Response, AppError> {
    state.limit(crate::Bucket::SignIn, &client)?;
    let (hash, user) = match pending(&state, &headers).await? {
        None => return Ok(Redirect::to("/sign-in").into_response()),
        Some((_, user, false)) => return Ok(Redirect::to(landing(&user)).into_response()),
        Some((hash, user, true)) => (hash, user),
    };
    let store = state.store();
    let now = asbcase_domain::time::now();
    let next = safe_next(Some(&form.next));
    // Guessing codes is slowed like guessing passwords.
    if let Some((failures, last)) = store.login_failures(&user.email).await? {
        if let Some(until) = asbcase_domain::signin::locked_until(failures, last, now) {
            let mut layout = Layout::public("Enter the code from your app");
            layout.has_errors = true;
            let error = Some(crate::auth::locked_message(until));
            return render(&CodePage { layout, csrf, next: next.unwrap_or_default(), error });
        }
        let delay = asbcase_domain::signin::delay_after(failures, now.duration_since(last));
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
    let m = store.user_mfa(user.tenant, user.id).await?.filter(|m| m.confirmed);
    let secret = m.as_ref().and_then(|m| mfa::secret_bytes(&m.secret));
    let outcome = match (&m, secret) {
        (Some(m), Some(secret)) => mfa::check(&secret, &form.code, unix_now(), m.last_step),
        _ => Err(MfaError::BadSecret),
    };
    let accepted = match outcome {
        Ok(step) => store.accept_mfa_step(user.tenant, user.id, step, now).await?.then_some(()).ok_or(MfaError::Reused),
        Err(e) => Err(e),
    };
    match accepted {
        Ok(()) => {
            store.complete_session(&hash, now).await?;
            store.clear_login_failures(&user.email).await?;
            Ok(Redirect::to(&next.unwrap_or_else(|| landing(&user).to_string())).into_response())
        }
        Err(MfaError::BadSecret) => {
            // Two-step sign-in was turned off meanwhile: the password was enough.
            store.complete_session(&hash, now).await?;
            Ok(Redirect::to(&next.unwrap_or_else(|| landing(&user).to_string())).into_response())
        }
        Err(e) => {
            store.record_login_failure(&user.email, now).await?;
            let mut layout = Layout::public("Enter the code from your app");
            layout.has_errors = true;
            render(&CodePage { layout, csrf, next: next.unwrap_or_default(), error: Some(e.to_string()) })
        }
    }
}
