//! The JSON API, `/api/v1`, for partners' and organisations' own systems. A caller gives an
//! API token (`Authorization: Bearer asb_…`); the token acts as its organisation, under the
//! same rules as its staff: its own cases, and cases shared with it to read. Errors are
//! `application/problem+json` (RFC 9457) naming what was wrong. The OpenAPI document is at
//! `/api/v1/openapi.json`, generated from the handlers, with a readable page at `/api/v1`.
pub mod cases;
pub mod create;
pub mod doc;
pub mod kpis;
pub mod record;
pub mod work;

use crate::{AppState, Bucket};
use asbcase_domain::api::{TokenScope, token_hash};
use asbcase_domain::{OrganisationId, TenantId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The API's routes. It keeps no cookies and takes no forms, so it sits outside the CSRF layer.
pub(crate) fn routes() -> crate::Routes {
    use axum::routing::get;
    let mut r = crate::Routes::new()
        .at("/api/v1", get(doc::page))
        .at("/api/v1/openapi.json", get(doc::openapi))
        .at("/api/v1/cases", get(cases::list).post(create::create).fallback(method_not_allowed))
        .at("/api/v1/cases/{reference}", get(cases::read).fallback(method_not_allowed))
        .at(
            "/api/v1/cases/{reference}/contacts",
            get(work::contacts).post(record::add_contact).fallback(method_not_allowed),
        )
        .at("/api/v1/cases/{reference}/notes", axum::routing::post(record::add_note).fallback(method_not_allowed))
        .at("/api/v1/cases/{reference}/interventions", get(work::interventions).fallback(method_not_allowed))
        .at("/api/v1/cases/{reference}/evidence", get(work::evidence).fallback(method_not_allowed))
        .at("/api/v1/cases/{reference}/referrals", get(work::referrals).fallback(method_not_allowed))
        .at("/api/v1/cases/{reference}/shares", get(work::shares).fallback(method_not_allowed))
        .at("/api/v1/kpis", get(kpis::figures).fallback(method_not_allowed));
    // Answers hold personal data: never kept by a cache on the way.
    r.router = r.router.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    r
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "This address does not take that method: see /api/v1")
}

/// Any other address under `/api/` is a problem too, not a page (the application's fallback).
pub(crate) async fn no_such_address() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "There is no such address in the API: see /api/v1 for what there is")
}

/// A problem, as RFC 9457 describes one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (here, a page of the API's documentation).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What exactly was wrong, and what to do.
    pub detail: String,
    /// The parameter or field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The API layer's one error type.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    detail: String,
    field: Option<String>,
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> ApiError {
        ApiError { status, detail: detail.into(), field: None, retry_after: None }
    }
    pub fn field(field: &str, detail: impl Into<String>) -> ApiError {
        ApiError { field: Some(field.into()), ..ApiError::new(StatusCode::BAD_REQUEST, detail) }
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "There is no such case your organisation may see")
    }
}

impl From<asbcase_store::StoreError> for ApiError {
    fn from(e: asbcase_store::StoreError) -> ApiError {
        tracing::error!(error = %e, "API request failed in the store");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side: try again later")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let title = self.status.canonical_reason().unwrap_or("Error").to_string();
        let problem = Problem {
            kind: format!("/api/v1#problem-{}", self.status.as_u16()),
            title,
            status: self.status.as_u16(),
            detail: self.detail,
            field: self.field,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"asbcase\""));
        }
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// Who is calling: a live API token, and its organisation.
#[derive(Clone, Debug)]
pub struct Caller {
    pub tenant: TenantId,
    pub organisation: OrganisationId,
    pub scope: TokenScope,
    /// The token, which the access log records as who read what.
    pub token: uuid::Uuid,
    pub token_name: String,
}

impl Caller {
    /// Record in the access log that this token read personal data (the token stands where a
    /// member of staff would; the who-looked page names it).
    pub async fn record(
        &self,
        state: &AppState,
        kind: asbcase_domain::audit::AccessKind,
        case: Option<asbcase_domain::CaseId>,
        detail: &str,
    ) -> Result<(), ApiError> {
        let now = asbcase_domain::time::now();
        let detail = format!("API token {}: {detail}", self.token_name);
        state.store().record_access(self.tenant, asbcase_domain::UserId(self.token), kind, case, &detail, now).await?;
        Ok(())
    }

    /// Refused unless the token may do what `needed` allows.
    pub fn needs(&self, needed: TokenScope) -> Result<(), ApiError> {
        if self.scope.allows(needed) {
            Ok(())
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, "This token may only read: ask for a token that may write"))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let unauthorised = |why: &str| ApiError::new(StatusCode::UNAUTHORIZED, why);
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(unauthorised("Give an API token in the Authorization header: Bearer asb_…"));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.get(..7).filter(|s| s.eq_ignore_ascii_case("bearer ")).map(|_| &v[7..]))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorised("The Authorization header must be: Bearer asb_…"))?;
        let now = asbcase_domain::time::now();
        let found = state.store().api_token(&token_hash(token), now).await?;
        let t = match found {
            Some(t) if t.revoked_at.is_some() => return Err(unauthorised("This token has been revoked")),
            Some(t) => t,
            None => return Err(unauthorised("This token is not valid")),
        };
        if let Err(wait) = state.limiters().check(Bucket::Api, &format!("token {}", t.id)) {
            let secs = crate::limits::wait_seconds(wait);
            return Err(ApiError {
                retry_after: Some(secs),
                ..ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("Too many requests with this token: try again in {secs} seconds"),
                )
            });
        }
        Ok(Caller { tenant: t.tenant, organisation: t.organisation, scope: t.scope, token: t.id, token_name: t.name })
    }
}

/// A JSON request's body: refused unless it is `application/json` (when a type is given) and
/// at most [`create::BODY_MAX`] bytes. `what` names it for the caller ("new case", "contact").
pub async fn body_bytes(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    what: &str,
) -> Result<axum::body::Bytes, ApiError> {
    if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.starts_with("application/json"))
    {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("Send the {what} as application/json")));
    }
    axum::body::to_bytes(body, create::BODY_MAX)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "The body is larger than 64 KB"))
}

/// The `Idempotency-Key` header, if given: 1 to 200 visible characters.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    match headers.get("idempotency-key").map(|v| v.to_str().map(str::trim)) {
        None => Ok(None),
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => Ok(Some(k.to_string())),
        Some(_) => Err(ApiError::field("Idempotency-Key", "Idempotency-Key must be 1 to 200 visible characters")),
    }
}

/// The body read as `T`: an unknown field, a missing one or a wrong type is named.
pub fn parse_body<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        // serde names the field between backticks: "unknown field `colour`", "missing field `address`".
        let field = message.split('`').nth(1).filter(|_| message.contains(" field `")).map(str::to_string);
        let detail = format!("The body is not a {what}: {message}");
        match field {
            Some(f) => ApiError::field(&f, detail),
            None => ApiError::new(StatusCode::BAD_REQUEST, detail),
        }
    })
}

/// Query parameters, each known by name: an unknown one is refused, naming it.
pub fn known_params(query: Option<&str>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "The query string cannot be read"))?;
    for (k, _) in &pairs {
        if !known.contains(&k.as_str()) {
            return Err(ApiError::field(
                k,
                format!("'{k}' is not a parameter of this request (known: {})", known.join(", ")),
            ));
        }
    }
    Ok(pairs)
}
