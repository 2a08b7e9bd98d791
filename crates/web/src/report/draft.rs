//! The resident's report in progress: kept server-side under a random cookie, so answers
//! survive validation errors and going back, and nothing personal sits in the browser.
use crate::csrf::cookie;
use crate::{AppError, AppState};
use asbcase_domain::organisation::public_host;
use asbcase_domain::report::Draft;
use asbcase_store::{Organisation, Tenant};
use axum::http::header::{HOST, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "asbcase_report";

/// The partnership whose public pages this request's address serves, and the organisation
/// that receives its reports (its council, else its first organisation). An address set with
/// `asbcase public-host add` picks its partnership; a server with one partnership serves it
/// at any address; otherwise the address is not one of ours.
pub async fn intake(state: &AppState, headers: &HeaderMap) -> Result<(Tenant, Organisation), AppError> {
    let store = state.store();
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).and_then(public_host);
    let mapped = match &host {
        Some(h) => store.public_host(h).await?,
        None => None,
    };
    let tenants = store.tenants().await?;
    let tenant = match mapped {
        Some(id) => tenants.into_iter().find(|t| t.id == id),
        None if tenants.len() == 1 => tenants.into_iter().next(),
        None => None,
    }
    .ok_or(AppError::NotFound)?;
    // The organisation the public's reports go to, and whose name the public pages speak in.
    let org = store.report_receiver(tenant.id).await?.ok_or(AppError::NotFound)?;
    Ok((tenant, org))
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A report in progress, as loaded for one request.
pub struct Journey {
    pub tenant: Tenant,
    pub organisation: Organisation,
    pub draft: Draft,
    /// Set once the report has been sent.
    pub sent: Option<asbcase_domain::reference::CaseReference>,
    token: Option<String>,
}

impl Journey {
    pub async fn load(state: &AppState, headers: &HeaderMap) -> Result<Journey, AppError> {
        let (tenant, organisation) = intake(state, headers).await?;
        let token = cookie(headers, COOKIE);
        let mut draft = Draft::default();
        let mut sent = None;
        if let Some(t) = &token
            && let Some(rec) = state.store().draft(&hash(t)).await?
            && rec.tenant == tenant.id
        {
            // A draft that no longer reads (after an upgrade) starts again rather than failing.
            draft = serde_json::from_value(rec.draft).unwrap_or_default();
            sent = rec.case_reference;
        }
        Ok(Journey { tenant, organisation, draft, sent, token })
    }

    pub fn token_hash(&self) -> Option<String> {
        self.token.as_deref().map(hash)
    }

    /// Store the draft and go to `to`, setting the cookie for a new journey.
    pub async fn save_and_go(&mut self, state: &AppState, to: &str, secure: bool) -> Result<Response, AppError> {
        let mut new_cookie = None;
        if self.token.is_none() || self.sent.is_some() {
            // A new report, or another after one was sent: a fresh token.
            let t = hex::encode(rand::random::<[u8; 32]>());
            new_cookie = Some(t.clone());
            self.token = Some(t);
            self.sent = None;
        }
        let value = serde_json::to_value(&self.draft).map_err(|e| AppError::BadRequest(e.to_string()))?;
        let token_hash = self.token_hash().unwrap_or_default();
        state.store().save_draft(&token_hash, self.tenant.id, &value, jiff::Timestamp::now()).await?;
        let mut res = Redirect::to(to).into_response();
        if let Some(t) = new_cookie {
            let secure = if secure { "; Secure" } else { "" };
            let c = format!("{COOKIE}={t}; Path=/report; HttpOnly; SameSite=Lax{secure}");
            res.headers_mut()
                .append(SET_COOKIE, HeaderValue::from_str(&c).map_err(|e| AppError::BadRequest(e.to_string()))?);
        }
        Ok(res)
    }
}

/// The path of a step page.
pub fn path(step: &str) -> String {
    format!("/report/{step}")
}
