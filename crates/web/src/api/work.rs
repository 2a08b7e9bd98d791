//! A case's record through the API: its contacts, interventions, evidence (what was given, not
//! the files), referrals and shares (recording on a case is in `record.rs`).
//!
//! Who sees what follows the pages: the owner everything; a partner the case is shared with in
//! full its contacts, interventions, evidence and referrals; a partner with a summary only the
//! case itself (`GET /api/v1/cases/{reference}`). Shares are the owner's business.
use super::{ApiError, Caller, known_params};
use crate::AppState;
use asbcase_domain::api::TokenScope;
use asbcase_domain::audit::AccessKind;
use asbcase_domain::case::Case;
use asbcase_domain::partnership::{ReferralTo, ShareScope};
use asbcase_domain::reference::CaseReference;
use asbcase_domain::time::fixed;
use asbcase_domain::{OrganisationId, UserId};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// What a caller may see of a case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sight {
    Owner,
    Full,
}

/// The case, if the caller may see its record (`need` at least), recorded in the access log.
async fn visible(
    state: &AppState,
    caller: &Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    query: Option<&str>,
    need: Sight,
    what: &str,
) -> Result<(Case, Sight), ApiError> {
    let Path(reference) = reference.map_err(|_| ApiError::not_found())?;
    caller.needs(TokenScope::Read)?;
    known_params(query, &[])?;
    let reference = CaseReference::parse(&reference).map_err(|_| ApiError::not_found())?;
    let case = state.store().case_by_reference(caller.tenant, &reference).await?.ok_or_else(ApiError::not_found)?;
    let sight = if case.organisation == caller.organisation {
        Sight::Owner
    } else {
        match case.casework.share_with(caller.organisation).map(|s| s.scope) {
            Some(ShareScope::Full) => Sight::Full,
            Some(ShareScope::Summary) => {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    format!("{reference} is shared with your organisation as a summary: its {what} are not shared"),
                ));
            }
            None => return Err(ApiError::not_found()),
        }
    };
    if need == Sight::Owner && sight != Sight::Owner {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("Only the organisation holding {reference} sees its {what}"),
        ));
    }
    caller.record(state, AccessKind::ApiRead, Some(case.id), &format!("{reference} ({what})")).await?;
    Ok((case, sight))
}

/// A contact with someone on the case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactItem {
    /// Its number in the case's record.
    pub event: i64,
    /// `complainant`, `person_complained_about`, `witness`, `partner`, …
    pub with: String,
    /// `phone`, `sms`, `email`, `letter`, `visit`, `in_person`, `portal`.
    pub method: String,
    /// `outgoing` (we contacted them) or `incoming`.
    pub direction: String,
    /// `successful` (spoke to them), `attempted` (no answer) or `sent` (in writing)
    pub outcome: String,
    pub summary: String,
    /// When it happened (RFC 3339, UTC).
    pub at: String,
    /// The member of staff (or API token) who recorded it.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub recorded_by: Option<UserId>,
}

/// A case's contacts, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/contacts",
    params(("reference" = String, Path, description = "The case's reference")),
    responses(
        (status = 200, description = "Its contacts, oldest first", body = Vec<ContactItem>),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The case is shared with the organisation as a summary only", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn contacts(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<ContactItem>>, ApiError> {
    let (case, _) = visible(&state, &caller, reference, query.as_deref(), Sight::Full, "contacts").await?;
    let mut list = state.store().contacts(case.tenant, case.id).await?;
    // The store gives the newest first.
    list.sort_by_key(|c| (c.contact.at, c.seq));
    Ok(Json(
        list.into_iter()
            .map(|c| ContactItem {
                event: c.seq,
                with: c.contact.with.as_str().into(),
                method: c.contact.method.as_str().into(),
                direction: c.contact.direction.as_str().into(),
                outcome: c.contact.outcome.as_str().into(),
                summary: c.contact.summary,
                at: fixed(c.contact.at),
                recorded_by: c.recorded_by,
            })
            .collect(),
    ))
}

/// An intervention: advice, a warning, mediation, an agreement, an order, …
#[derive(Debug, Serialize, ToSchema)]
pub struct InterventionItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Its kind's code, like `first_warning`, `acceptable_behaviour_agreement`,
    /// `community_protection_notice`, `civil_injunction`, `closure_order`.
    pub kind: String,
    /// Its kind in words.
    pub label: String,
    /// The day it was given, served or made.
    pub on: String,
    /// Its last day in force, for orders.
    pub ends: Option<String>,
    pub details: String,
    /// For mediation, where it got to: `offered`, `accepted`, `declined` or `completed`.
    pub mediation: Option<String>,
    /// The days it was breached.
    pub breaches: Vec<String>,
}

/// A case's interventions, in the order recorded.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/interventions",
    params(("reference" = String, Path, description = "The case's reference")),
    responses(
        (status = 200, description = "Its interventions", body = Vec<InterventionItem>),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The case is shared with the organisation as a summary only", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn interventions(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<InterventionItem>>, ApiError> {
    let (case, _) = visible(&state, &caller, reference, query.as_deref(), Sight::Full, "interventions").await?;
    Ok(Json(
        case.casework
            .interventions
            .iter()
            .map(|i| InterventionItem {
                id: i.id,
                kind: i.kind.as_str().into(),
                label: i.kind.label().into(),
                on: i.on.to_string(),
                ends: i.ends.map(|d| d.to_string()),
                details: i.details.clone(),
                mediation: i.mediation.map(|m| m.as_str().into()),
                breaches: i.breaches.iter().map(|b| b.on.to_string()).collect(),
            })
            .collect(),
    ))
}

/// A piece of evidence as the case records it (what it is, not the file).
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceItem {
    /// Its number in the case's record.
    pub event: i64,
    /// `diary`, `noise_recording`, `photo`, `video`, `cctv`, `witness_statement`, `document`, …
    pub kind: String,
    pub summary: String,
    pub added_at: String,
    /// Who added it: a member of staff, or none for the complainant.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub added_by: Option<UserId>,
    /// When an officer looked at it, if one has.
    pub reviewed_at: Option<String>,
}

/// A case's evidence, in the order given.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/evidence",
    params(("reference" = String, Path, description = "The case's reference")),
    responses(
        (status = 200, description = "Its evidence (files are not given through the API)", body = Vec<EvidenceItem>),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The case is shared with the organisation as a summary only", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn evidence(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<EvidenceItem>>, ApiError> {
    let (case, _) = visible(&state, &caller, reference, query.as_deref(), Sight::Full, "evidence").await?;
    Ok(Json(
        case.casework
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                event: e.seq,
                kind: e.kind.as_str().into(),
                summary: e.summary.clone(),
                added_at: fixed(e.added_at),
                added_by: e.added_by,
                reviewed_at: e.reviewed_at.map(fixed),
            })
            .collect(),
    ))
}

/// A referral of the case, or of one of its parties.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// The organisation of the partnership referred to, if it is one.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub to_organisation: Option<OrganisationId>,
    /// The support service referred to, if it is one outside the system.
    pub to_service: Option<String>,
    pub reason: String,
    /// `sent`, `accepted`, `declined` or `completed`.
    pub status: String,
    pub made_at: String,
    pub answered_at: Option<String>,
    /// Why it was accepted or declined.
    pub answer: Option<String>,
    /// What the receiver did, once completed.
    pub outcome: Option<String>,
}

/// A case's referrals, in the order made.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/referrals",
    params(("reference" = String, Path, description = "The case's reference")),
    responses(
        (status = 200, description = "Its referrals", body = Vec<ReferralItem>),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The case is shared with the organisation as a summary only", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn referrals(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<ReferralItem>>, ApiError> {
    let (case, _) = visible(&state, &caller, reference, query.as_deref(), Sight::Full, "referrals").await?;
    Ok(Json(
        case.casework
            .referrals
            .iter()
            .map(|r| {
                let (to_organisation, to_service) = match &r.to {
                    ReferralTo::Organisation { id } => (Some(*id), None),
                    ReferralTo::Service { name, .. } => (None, Some(name.clone())),
                };
                ReferralItem {
                    id: r.id,
                    to_organisation,
                    to_service,
                    reason: r.reason.clone(),
                    status: r.status.as_str().into(),
                    made_at: fixed(r.made_at),
                    answered_at: r.answered_at.map(fixed),
                    answer: r.answer.clone(),
                    outcome: r.outcome.clone(),
                }
            })
            .collect(),
    ))
}

/// A partner the case is shared with now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareItem {
    #[schema(value_type = String, format = Uuid)]
    pub organisation: OrganisationId,
    /// `summary` or `full`.
    pub scope: String,
    /// Why it is shared.
    pub purpose: String,
    pub shared_at: String,
}

/// Whom the case is shared with now (the holding organisation only).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/shares",
    params(("reference" = String, Path, description = "The case's reference")),
    responses(
        (status = 200, description = "The partners it is shared with now", body = Vec<ShareItem>),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The organisation does not hold the case", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn shares(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<ShareItem>>, ApiError> {
    let (case, _) = visible(&state, &caller, reference, query.as_deref(), Sight::Owner, "shares").await?;
    Ok(Json(
        case.casework
            .shares
            .iter()
            .map(|s| ShareItem {
                organisation: s.organisation,
                scope: s.scope.as_str().into(),
                purpose: s.purpose.clone(),
                shared_at: fixed(s.shared_at),
            })
            .collect(),
    ))
}
