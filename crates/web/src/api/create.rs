//! `POST /api/v1/cases`: a partner's system reports a case, through the same rules and events
//! as a report recorded on the pages. An `Idempotency-Key` makes a retry safe: the same key
//! with the same request gives back the case it made, never a second one.
use super::cases::{CaseDetail, detail};
use super::{ApiError, Caller};
use crate::AppState;
use asbcase_domain::api::TokenScope;
use asbcase_domain::case::{Channel, Flags, HateStrand, NewReport};
use asbcase_domain::category::rank;
use asbcase_domain::intake::new_case;
use asbcase_domain::location::{Location, Postcode};
use asbcase_domain::report::ContactDetails;
use asbcase_domain::risk::RiskBand;
use asbcase_domain::time::london;
use asbcase_store::SubmitOutcome;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// The most a request body may hold.
pub const BODY_MAX: usize = 64 * 1024;
const TEXT_MAX: usize = 5000;

/// A new case, as a partner's system reports it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    /// What is happening, in the words of the person reporting (up to 5,000 characters).
    pub description: String,
    /// Category codes of the organisation's catalogue; the most urgent becomes the main one.
    pub categories: Vec<String>,
    /// `standard`, `medium`, `high` or `emergency`, as the partner assessed it.
    pub risk_band: String,
    /// Where it happens: an address or a description of the place.
    pub address: String,
    pub postcode: Option<String>,
    /// How it reached the partner; `partner_referral` when not given.
    pub channel: Option<String>,
    /// When it was reported (RFC 3339); now when not given. Never in the future.
    pub reported_at: Option<String>,
    /// For a hate incident: `disability`, `race`, `religion`, `sexual_orientation`, `transgender_identity`.
    #[serde(default)]
    pub hate_strands: Vec<String>,
    /// The complainant, unless they asked not to be named.
    pub complainant: Option<NewComplainant>,
    /// The person complained about, as the complainant describes them.
    pub person_complained_about: Option<String>,
}

/// Who made the complaint, and how to reach them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComplainant {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// The body, read: an unknown field or a wrong type is named.
fn read_body(body: &[u8]) -> Result<NewCase, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let message = e.to_string();
        // serde names the field between backticks: "unknown field `colour`", "missing field `address`".
        let field = message.split('`').nth(1).filter(|_| message.contains(" field `")).map(str::to_string);
        let detail = format!("The body is not a new case: {message}");
        match field {
            Some(f) => ApiError::field(&f, detail),
            None => ApiError::new(StatusCode::BAD_REQUEST, detail),
        }
    })
}

fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::field(field, format!("{field} must not be empty")));
    }
    if v.chars().count() > max {
        return Err(ApiError::field(field, format!("{field} must be {max} characters or fewer")));
    }
    Ok(v.to_string())
}

fn optional(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// Report a case.
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    request_body = NewCase,
    params(("Idempotency-Key" = Option<String>, Header, description = "Any unique string (a UUID): a retry with the same key and the same body gives back the same case")),
    responses(
        (status = 201, description = "The case, made", body = CaseDetail),
        (status = 200, description = "The case this Idempotency-Key made before", body = CaseDetail),
        (status = 400, description = "The body is wrong: `field` names what", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may only read", body = super::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used for a different request", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    caller.needs(TokenScope::Write)?;
    if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.starts_with("application/json"))
    {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Send the new case as application/json"));
    }
    let body = axum::body::to_bytes(body, BODY_MAX)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "The body is larger than 64 KB"))?;
    let request = read_body(&body)?;
    let store = state.store();
    let now = asbcase_domain::time::now();
    let catalogue = store.categories(caller.tenant).await?;
    let (categories, priority) =
        rank(&request.categories.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>(), &catalogue)
            .map_err(|e| ApiError::field("categories", format!("categories: {e}")))?;
    let risk_band = RiskBand::parse(request.risk_band.trim())
        .ok_or_else(|| ApiError::field("risk_band", "risk_band must be standard, medium, high or emergency"))?;
    let channel = match optional(&request.channel) {
        Some(c) => Channel::parse(&c).ok_or_else(|| ApiError::field("channel", format!("'{c}' is not a channel")))?,
        None => Channel::PartnerReferral,
    };
    let reported_at = match optional(&request.reported_at) {
        Some(t) => {
            let at = t.parse::<Timestamp>().map_err(|_| {
                ApiError::field("reported_at", format!("'{t}' is not a moment: write it like 2026-11-01T09:30:00Z"))
            })?;
            if at > now {
                return Err(ApiError::field("reported_at", "reported_at is in the future"));
            }
            at
        }
        None => now,
    };
    let postcode = match optional(&request.postcode) {
        Some(p) => {
            Some(Postcode::parse(&p).map_err(|_| ApiError::field("postcode", format!("'{p}' is not a UK postcode")))?)
        }
        None => None,
    };
    let mut hate_strands = vec![];
    for h in &request.hate_strands {
        let strand = HateStrand::parse(h.trim())
            .ok_or_else(|| ApiError::field("hate_strands", format!("'{}' is not a hate strand", h.trim())))?;
        if !hate_strands.contains(&strand) {
            hate_strands.push(strand);
        }
    }
    let complainant = match &request.complainant {
        Some(c) => {
            let email = optional(&c.email);
            if email.as_deref().is_some_and(|e| !e.contains('@')) {
                return Err(ApiError::field("complainant.email", "complainant.email is not an email address"));
            }
            Some(ContactDetails {
                name: text("complainant.name", &c.name, 200)?,
                email,
                phone: optional(&c.phone),
                address: optional(&c.address),
                preferred: String::new(),
                safe_times: String::new(),
            })
        }
        None => None,
    };
    let description = text("description", &request.description, TEXT_MAX)?;
    let address = text("address", &request.address, 300)?;
    let about = optional(&request.person_complained_about).map(|a| a.chars().take(TEXT_MAX).collect::<String>());

    // The request's own fingerprint, so a key reused for something else is caught.
    let fingerprint = hex::encode(Sha256::digest(&body));
    let key = match headers.get("idempotency-key").map(|v| v.to_str().map(str::trim)) {
        Some(Ok(k)) if !k.is_empty() && k.len() <= 200 => Some(k.to_string()),
        Some(_) => {
            return Err(ApiError::field("Idempotency-Key", "Idempotency-Key must be 1 to 200 visible characters"));
        }
        None => None,
    };
    let draft_key = match &key {
        Some(k) => hex::encode(Sha256::digest(format!("api:{}:{k}", caller.organisation.0))),
        None => hex::encode(Sha256::digest(uuid::Uuid::new_v4().as_bytes())),
    };
    if let Some(earlier) = store.draft(&draft_key).await? {
        if earlier.draft["api"].as_str() != Some(fingerprint.as_str()) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "This Idempotency-Key was used for a different request: use a new key for a new case",
            ));
        }
        if let Some(reference) = earlier.case_reference {
            return made(&state, &caller, &reference, StatusCode::OK).await;
        }
    }
    store.save_draft(&draft_key, caller.tenant, &serde_json::json!({ "api": fingerprint }), now).await?;

    let tenant = store.tenant(caller.tenant).await?.ok_or_else(ApiError::not_found)?;
    let book = asbcase_domain::case::RuleBook::new(
        tenant.division,
        store.service_standards(caller.tenant, caller.organisation).await?,
    );
    let reference = store.next_reference(caller.tenant, reported_at.to_zoned(london()).year()).await?;
    let report = NewReport {
        organisation: caller.organisation,
        channel,
        description,
        categories,
        priority,
        risk_band,
        location: Location { address, postcode, ..Location::default() },
        flags: Flags { hate_strands, ..Flags::default() },
        patch: None,
        reported_at,
        assessment: None,
        details: Default::default(),
    };
    let (mut case, people) =
        new_case(caller.tenant, reference, report, complainant.as_ref(), about.as_deref(), None, &book.rules())
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    match store.submit_report(&draft_key, &people, &mut case, &[], None, now).await? {
        SubmitOutcome::Sent(r) => {
            let mut res = (StatusCode::CREATED, Json(detail(&case, true, &people))).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/cases/{r}")) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            Ok(res)
        }
        // The same key sent twice at once: the other request made it.
        SubmitOutcome::AlreadySent(r) => made(&state, &caller, &r, StatusCode::OK).await,
        SubmitOutcome::NoDraft => Err(ApiError::new(StatusCode::CONFLICT, "The case could not be recorded: try again")),
    }
}

/// A case made before, as it is now.
async fn made(
    state: &AppState,
    caller: &Caller,
    reference: &asbcase_domain::reference::CaseReference,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let store = state.store();
    let case = store.case_by_reference(caller.tenant, reference).await?.ok_or_else(ApiError::not_found)?;
    let people = store.people(caller.tenant, case.id).await?;
    let mut res = (status, Json(detail(&case, true, &people))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/cases/{reference}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}
