//! Recording on a case through the API: a contact or a note, on the organisation's own open
//! cases, through the same domain commands and events as the case page. The case's record
//! names the token. An `Idempotency-Key` makes a retry give back what the first recorded.
use super::{ApiError, Caller};
use crate::AppState;
use asbcase_domain::UserId;
use asbcase_domain::api::TokenScope;
use asbcase_domain::audit::AccessKind;
use asbcase_domain::case::{Case, ClosureOutcome, RuleBook, Status};
use asbcase_domain::contact::{Contact, ContactMethod, ContactOutcome, ContactWith, Direction};
use asbcase_domain::event::Change;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::time::fixed;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A contact to record, as an officer would on the case page.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    /// `complainant`, `person_complained_about`, `witness`, `partner`, …
    pub with: String,
    /// `phone`, `sms`, `email`, `letter`, `visit`, `in_person`, `portal`.
    pub method: String,
    /// `outgoing` (we contacted them) or `incoming` (they contacted us).
    pub direction: String,
    /// `successful` (spoke to them), `attempted` (no answer) or `sent` (in writing)
    pub outcome: String,
    /// What was said or done (up to 2,000 characters).
    pub summary: String,
    /// When it happened (RFC 3339); now when not given. Never in the future.
    pub at: Option<String>,
}

/// A note for the case file.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// The note (up to 5,000 characters).
    pub text: String,
}

fn word<T>(field: &str, value: &str, parse: fn(&str) -> Option<T>, all: &[&str]) -> Result<T, ApiError> {
    parse(value.trim()).ok_or_else(|| {
        ApiError::field(field, format!("'{}' is not a {field}: use one of {}", value.trim(), all.join(", ")))
    })
}

fn required(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::field(field, format!("{field} must not be empty")));
    }
    if v.chars().count() > max {
        return Err(ApiError::field(field, format!("{field} must be {max} characters or fewer")));
    }
    Ok(v.to_string())
}

/// Record `change` on the caller's own open case, through the case's rules, and answer with
/// the event made.
async fn record(
    state: &AppState,
    caller: &Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    key: Option<Key>,
    change: impl FnOnce(&Case, Timestamp) -> Result<Change, ApiError>,
) -> Result<Response, ApiError> {
    let Path(reference) = reference.map_err(|_| ApiError::not_found())?;
    caller.needs(TokenScope::Write)?;
    let reference = CaseReference::parse(&reference).map_err(|_| ApiError::not_found())?;
    let store = state.store();
    // A retry of a write already made gives back what it recorded.
    if let Some(k) = &key
        && let Some(earlier) = store.api_request(caller.tenant, caller.organisation, &k.hash).await?
    {
        return recorded_before(&earlier, k);
    }
    let mut case = store.case_by_reference(caller.tenant, &reference).await?.ok_or_else(ApiError::not_found)?;
    if case.organisation != caller.organisation {
        return Err(match case.casework.share_with(caller.organisation) {
            Some(_) => {
                ApiError::new(StatusCode::FORBIDDEN, format!("Only the organisation holding {reference} records on it"))
            }
            None => ApiError::not_found(),
        });
    }
    if case.anonymised_at.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("{reference} was anonymised under the retention rules: nothing more can be recorded on it"),
        ));
    }
    if case.status == Status::Closed {
        let never_opened = matches!(case.outcome, Some(ClosureOutcome::Diverted | ClosureOutcome::Linked));
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            if never_opened {
                format!("{reference} was dealt with at triage and never became a case")
            } else {
                format!("{reference} is closed: it must be reopened on its page first")
            },
        ));
    }
    let now = asbcase_domain::time::now();
    let change = change(&case, now)?;
    let tenant = store.tenant(caller.tenant).await?.ok_or_else(ApiError::not_found)?;
    let book = RuleBook::new(tenant.division, store.service_standards(caller.tenant, case.organisation).await?);
    // The token stands where the member of staff would: the case's record names it.
    case.record(change, Some(UserId(caller.token)), now, &book.rules())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let seq = case.version;
    // Logged before it is written: a failure to log never leaves a recorded event unreported.
    caller.record(state, AccessKind::ApiRead, Some(case.id), &format!("{reference} (recording event {seq})")).await?;
    let saved = match &key {
        None => store.save_case(&mut case).await.map(|()| true),
        Some(k) => {
            let request = asbcase_store::ApiRequest {
                tenant: caller.tenant,
                organisation: caller.organisation,
                key_hash: k.hash.clone(),
                fingerprint: k.fingerprint.clone(),
                case_reference: reference.to_string(),
                event: seq,
                created_at: now,
            };
            store.save_case_for_request(&mut case, &request).await
        }
    };
    match saved {
        Ok(true) => {}
        // The same key, sent twice at once: the other request recorded it.
        Ok(false) => {
            let k = key.as_ref().expect("only a keyed save can lose the race");
            let earlier = store.api_request(caller.tenant, caller.organisation, &k.hash).await?;
            return match earlier {
                Some(earlier) => recorded_before(&earlier, k),
                None => Err(ApiError::new(StatusCode::CONFLICT, "It could not be recorded this time: try again")),
            };
        }
        Err(asbcase_store::StoreError::Conflict) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "The case changed meanwhile: nothing was recorded. Try again.",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    Ok((StatusCode::CREATED, Json(Recorded { reference: reference.to_string(), event: seq, at: fixed(now) }))
        .into_response())
}

/// An Idempotency-Key given with a write: its hash, and the request's own fingerprint.
struct Key {
    hash: String,
    fingerprint: String,
}

/// The request's Idempotency-Key, if given, with the request's own fingerprint.
fn key(headers: &HeaderMap, what: &str, body: &[u8]) -> Result<Option<Key>, ApiError> {
    use sha2::{Digest, Sha256};
    Ok(super::idempotency_key(headers)?.map(|k| {
        let mut fingerprint = Sha256::new();
        fingerprint.update(what.as_bytes());
        fingerprint.update([0]);
        fingerprint.update(body);
        Key { hash: hex::encode(Sha256::digest(k.as_bytes())), fingerprint: hex::encode(fingerprint.finalize()) }
    }))
}

/// What an earlier request with this key recorded, or a refusal if the key was used for
/// something else.
fn recorded_before(earlier: &asbcase_store::ApiRequest, k: &Key) -> Result<Response, ApiError> {
    if earlier.fingerprint != k.fingerprint {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This Idempotency-Key was used for a different request: use a new key for a new one",
        ));
    }
    let done =
        Recorded { reference: earlier.case_reference.clone(), event: earlier.event, at: fixed(earlier.created_at) };
    Ok((StatusCode::OK, Json(done)).into_response())
}

/// What was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    pub reference: String,
    /// Its number in the case's record.
    pub event: i64,
    pub at: String,
}

/// Record a contact on one of the organisation's open cases.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/contacts",
    params(
        ("reference" = String, Path, description = "The case's reference"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string (a UUID): a retry with the same key and body gives back what the first recorded")
    ),
    request_body = NewContact,
    responses(
        (status = 201, description = "Recorded", body = Recorded),
        (status = 200, description = "What this Idempotency-Key recorded before", body = Recorded),
        (status = 400, description = "The body is wrong: `field` names what", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may only read, or the organisation does not hold the case", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is closed, or changed meanwhile", body = super::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 64 KB", body = super::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = super::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The case's rules refuse it, or the Idempotency-Key was used for a different request", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn add_contact(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    caller.needs(TokenScope::Write)?;
    let bytes = super::body_bytes(&headers, body, "contact").await?;
    let key = key(&headers, &format!("contact {reference:?}"), &bytes)?;
    let c: NewContact = super::parse_body(&bytes, "contact")?;
    let codes = |all: &[&'static str]| all.to_vec();
    let with = word(
        "with",
        &c.with,
        ContactWith::parse,
        &codes(&ContactWith::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
    )?;
    let method = word(
        "method",
        &c.method,
        ContactMethod::parse,
        &ContactMethod::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
    )?;
    let direction = word(
        "direction",
        &c.direction,
        Direction::parse,
        &Direction::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
    )?;
    let outcome = word(
        "outcome",
        &c.outcome,
        ContactOutcome::parse,
        &ContactOutcome::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
    )?;
    let summary = required("summary", &c.summary, 2000)?;
    let at = match c.at.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(t.parse::<Timestamp>().map_err(|_| {
            ApiError::field("at", format!("'{t}' is not a moment: write it like 2026-11-01T09:30:00Z"))
        })?),
        None => None,
    };
    record(&state, &caller, reference, key, move |case, now| {
        let at = at.unwrap_or(now);
        asbcase_domain::api::check_contact_at(at, case.reported_at, now).map_err(|e| ApiError::field("at", e))?;
        Ok(Change::ContactRecorded {
            contact: Contact { method, direction, outcome, with, summary, at: asbcase_domain::time::to_micros(at) },
        })
    })
    .await
}

/// Add a note to the file of one of the organisation's open cases.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/notes",
    params(
        ("reference" = String, Path, description = "The case's reference"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string (a UUID): a retry with the same key and body gives back what the first recorded")
    ),
    request_body = NewNote,
    responses(
        (status = 201, description = "Recorded", body = Recorded),
        (status = 200, description = "What this Idempotency-Key recorded before", body = Recorded),
        (status = 400, description = "The body is wrong: `field` names what", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may only read, or the organisation does not hold the case", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is closed, or changed meanwhile", body = super::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 64 KB", body = super::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = super::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The case's rules refuse it, or the Idempotency-Key was used for a different request", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn add_note(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    caller.needs(TokenScope::Write)?;
    let bytes = super::body_bytes(&headers, body, "note").await?;
    let key = key(&headers, &format!("note {reference:?}"), &bytes)?;
    let n: NewNote = super::parse_body(&bytes, "note")?;
    let text = required("text", &n.text, 5000)?;
    record(&state, &caller, reference, key, move |_, _| Ok(Change::NoteAdded { text })).await
}
