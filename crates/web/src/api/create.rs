//! `POST /api/v1/cases`: a partner's system reports a case, through the same rules and events
//! as a report recorded on the pages. An `Idempotency-Key` makes a retry safe: the same key
//! with the same request gives back the case it made, never a second one.
use super::cases::{CaseDetail, detail};
use super::{ApiError, Caller};
use crate::AppState;
use asbcase_domain::api::TokenScope;
use asbcase_domain::audit::AccessKind;
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
    /// How they want to hear from the officer: `email`, `phone`, `sms` or `letter`. The first
    /// they gave of email, phone and address when not said.
    pub preferred: Option<String>,
}

/// The complainant checked as the report form checks them; a mistake is named by its field.
fn complainant(c: &NewComplainant) -> Result<ContactDetails, ApiError> {
    let (email, phone, address) = (optional(&c.email), optional(&c.phone), optional(&c.address));
    let preferred = match optional(&c.preferred) {
        Some(p) => p,
        None if email.is_some() => "email".into(),
        None if phone.is_some() => "phone".into(),
        None if address.is_some() => "letter".into(),
        None => {
            return Err(ApiError::field(
                "complainant",
                "Give the complainant's phone, email or address so they can be kept informed, or leave complainant out for an anonymous report",
            ));
        }
    };
    let form = asbcase_domain::report::ContactForm {
        anonymous: "no".into(),
        name: c.name.clone(),
        email: email.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        address: address.unwrap_or_default(),
        preferred,
        ..Default::default()
    };
    match asbcase_domain::report::check_contact(&form) {
        Ok(Some(details)) => Ok(details),
        Ok(None) => Err(ApiError::field("complainant", "The complainant could not be read")),
        Err(errors) => {
            let e = &errors[0];
            let field = match e.field.as_str() {
                "contact_address" => "address",
                other => other,
            };
            Err(ApiError::field(&format!("complainant.{field}"), e.message.clone()))
        }
    }
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
        (status = 201, description = "The case, made; Location gives its address", body = CaseDetail),
        (status = 200, description = "The case this Idempotency-Key made before", body = CaseDetail),
        (status = 409, description = "It could not be recorded this time: try again", body = super::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 64 KB", body = super::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
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
    let body = super::body_bytes(&headers, body, "new case").await?;
    let request: NewCase = super::parse_body(&body, "new case")?;
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
            asbcase_domain::api::check_reported_at(at, now).map_err(|e| ApiError::field("reported_at", e))?;
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
    let complainant = request.complainant.as_ref().map(complainant).transpose()?;
    let description = text("description", &request.description, TEXT_MAX)?;
    let address = text("address", &request.address, 300)?;
    let about = optional(&request.person_complained_about).map(|a| a.chars().take(TEXT_MAX).collect::<String>());

    // The request's own fingerprint, so a key reused for something else is caught.
    let fingerprint = hex::encode(Sha256::digest(&body));
    let key = super::idempotency_key(&headers)?;
    // Kept with the reports in progress, under a name no resident's report can have (theirs
    // are bare hex).
    let draft_key = match &key {
        Some(k) => format!("api:{}", hex::encode(Sha256::digest(format!("{}:{k}", caller.organisation.0)))),
        None => format!("api:{}", hex::encode(Sha256::digest(uuid::Uuid::new_v4().as_bytes()))),
    };
    if let Some(earlier) = store.draft(&draft_key).await? {
        if earlier.draft["api"].as_str() != Some(fingerprint.as_str()) {
            return Err(reused());
        }
        if let Some(reference) = earlier.case_reference {
            return made(&state, &caller, &reference, StatusCode::OK).await;
        }
    }

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
    // The complainant is told it was received, as on every other way in.
    let mut messages = vec![];
    if let Some(c) = &complainant {
        let org = store.organisation(caller.tenant, caller.organisation).await?.map(|o| o.name).unwrap_or_default();
        let by_when = crate::report::contact_by(&case);
        let link = crate::residents::links::for_acknowledgement(&state, &case, now);
        if let Some(m) = asbcase_notify::acknowledgement(store, &case, &org, c, &by_when, link, now).await? {
            messages.push(m);
        }
    }
    // Claimed first come, first served: two requests with one key make one case between them.
    store.claim_draft(&draft_key, caller.tenant, &serde_json::json!({ "api": fingerprint }), now).await?;
    let claimed = store
        .draft(&draft_key)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::CONFLICT, "The case could not be recorded: try again"))?;
    if claimed.draft["api"].as_str() != Some(fingerprint.as_str()) {
        return Err(reused());
    }
    if let Some(reference) = claimed.case_reference {
        return made(&state, &caller, &reference, StatusCode::OK).await;
    }
    match store.submit_report(&draft_key, &people, &mut case, &messages, None, now).await? {
        SubmitOutcome::Sent(r) => {
            caller.record(&state, AccessKind::ApiRead, Some(case.id), &format!("{r} (reported)")).await?;
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

fn reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "This Idempotency-Key was used for a different request: use a new key for a new case",
    )
}

/// A case made before, as it is now, if the caller may still see it (a case referred on to
/// another organisation is theirs now, unless shared back).
async fn made(
    state: &AppState,
    caller: &Caller,
    reference: &asbcase_domain::reference::CaseReference,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let store = state.store();
    let case = store.case_by_reference(caller.tenant, reference).await?.ok_or_else(ApiError::not_found)?;
    let held = case.organisation == caller.organisation;
    if !held && case.casework.share_with(caller.organisation).is_none() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "The case this Idempotency-Key made is now another organisation's",
        ));
    }
    let people = if held { store.people(caller.tenant, case.id).await? } else { vec![] };
    caller.record(state, AccessKind::ApiRead, Some(case.id), reference.as_str()).await?;
    let mut res = (status, Json(detail(&case, held, &people))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/cases/{reference}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}
