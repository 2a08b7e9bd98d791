//! Protection against cross-site request forgery, for every form.
//!
//! Each browser gets a random `asbcase_csrf` cookie (HttpOnly, SameSite=Strict). Forms carry
//! `csrf_token` = HMAC-SHA256(server key, cookie). A POST is accepted only when the token
//! matches the cookie it came with: another site can neither read the cookie nor forge the MAC.
use crate::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const COOKIE_NAME: &str = "asbcase_csrf";

/// The browser's CSRF cookie value, from the request or freshly made.
#[derive(Clone)]
struct CsrfCookie(String);

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

pub async fn ensure_cookie(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), COOKIE_NAME);
    let value = existing.clone().unwrap_or_else(|| hex::encode(rand::random::<[u8; 32]>()));
    req.extensions_mut().insert(CsrfCookie(value.clone()));
    let mut res = next.run(req).await;
    if existing.is_none() {
        let secure = if state.secure_cookies() { "; Secure" } else { "" };
        let c = format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

fn token_for(state: &AppState, cookie: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&state.inner.csrf_key).expect("HMAC takes any key length");
    mac.update(cookie.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The token to put in a form's hidden `csrf_token` field.
pub struct CsrfToken(pub String);

impl FromRequestParts<AppState> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let c = parts.extensions.get::<CsrfCookie>().ok_or(AppError::Csrf)?;
        Ok(CsrfToken(token_for(state, &c.0)))
    }
}

/// A form body whose CSRF token has been checked.
pub struct VerifiedForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf_token: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for VerifiedForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let c = req.extensions().get::<CsrfCookie>().cloned().ok_or(AppError::Csrf)?;
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("The form could not be read.".into()))?;
        let given: TokenOnly = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::Csrf)?;
        let expected = token_for(state, &c.0);
        if !bool::from(given.csrf_token.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(AppError::Csrf);
        }
        let form = serde_urlencoded::from_bytes(&body)
            .map_err(|e| AppError::BadRequest(format!("The form could not be read: {e}")))?;
        Ok(VerifiedForm(form))
    }
}
