//! `/api/v1/cases`: an organisation's cases by when they last changed (for keeping another
//! system in step), and one case by reference: its own, or one shared with it.
use super::{ApiError, Caller, known_params};
use crate::AppState;
use crate::cases::access::Seen;
use asbcase_domain::api::TokenScope;
use asbcase_domain::audit::AccessKind;
use asbcase_domain::reference::CaseReference;
use asbcase_domain::time::fixed;
use asbcase_domain::{CaseId, UserId};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// The most cases one page holds.
pub const LIMIT_MAX: i64 = 200;
const LIMIT_DEFAULT: i64 = 50;

/// A case in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseItem {
    /// The case's reference, like ASB-2026-000123.
    pub reference: String,
    /// `reported`, `triaged`, `open` or `closed`.
    pub status: String,
    /// `standard`, `medium`, `high` or `emergency`.
    pub risk_band: String,
    /// The code of its main category.
    pub main_category: String,
    pub address: String,
    pub postcode: Option<String>,
    /// The officer it is assigned to (their identifier).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub officer: Option<UserId>,
    /// How it was reported: `web_form`, `phone`, `email`, …
    pub channel: String,
    pub hate_incident: bool,
    /// When it was reported (RFC 3339, UTC).
    pub reported_at: String,
    /// When the complainant is next to be contacted, while the case is not closed.
    pub next_contact_due: Option<String>,
    pub contact_overdue: bool,
    /// When anything about it last changed: an event recorded, personal data erased or
    /// anonymised, the case imported. The list is in this order.
    pub changed_at: String,
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseList {
    pub items: Vec<CaseItem>,
    /// Give this as `cursor` for the next page; none when this is the last.
    pub next_cursor: Option<String>,
}

/// A party to a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyItem {
    /// `complainant`, `person_complained_about`, `witness`, …
    pub role: String,
    /// Their name, when the case records a person (not for a partner's shared view).
    pub name: Option<String>,
    /// A description, for someone not known by name.
    pub description: Option<String>,
}

/// One case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    pub reference: String,
    /// Whether the caller's organisation holds it (false: it was shared with them).
    pub held: bool,
    pub status: String,
    pub channel: String,
    /// What was reported.
    pub description: String,
    /// Category codes, the main one first.
    pub categories: Vec<String>,
    pub risk_band: String,
    pub address: String,
    pub postcode: Option<String>,
    pub ward: Option<String>,
    /// For a hate incident, what it was perceived to target.
    pub hate_strands: Vec<String>,
    pub reported_at: String,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    /// How it ended, when closed: `resolved`, `no_further_action`, …
    pub outcome: Option<String>,
    /// The officer it is assigned to (their identifier).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub officer: Option<UserId>,
    pub next_contact_due: Option<String>,
    pub updated_at: String,
    pub parties: Vec<PartyItem>,
}

fn cursor(at: Timestamp, id: CaseId) -> String {
    hex::encode(format!("{}|{}", fixed(at), id.0))
}

fn read_cursor(text: &str) -> Option<(Timestamp, CaseId)> {
    let bytes = hex::decode(text.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (at, id) = text.split_once('|')?;
    Some((at.parse().ok()?, CaseId(uuid::Uuid::parse_str(id).ok()?)))
}

/// The organisation's cases, by when they last changed, oldest change first.
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    params(
        ("changed_since" = Option<String>, Query, description = "Only cases changed at or after this moment (RFC 3339, like 2026-11-01T00:00:00Z)"),
        ("cursor" = Option<String>, Query, description = "The next_cursor of the page before"),
        ("limit" = Option<i64>, Query, description = "How many cases a page holds: 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of cases", body = CaseList),
        (status = 400, description = "A parameter is wrong", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<CaseList>, ApiError> {
    caller.needs(TokenScope::Read)?;
    let params = known_params(query.as_deref(), &["changed_since", "cursor", "limit"])?;
    let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.trim().to_string());
    let since = match get("changed_since") {
        Some(v) => Some(
            v.parse::<Timestamp>()
                .ok()
                .filter(|t| (1970..=9999).contains(&t.to_zoned(jiff::tz::TimeZone::UTC).year()))
                .ok_or_else(|| {
                    ApiError::field(
                        "changed_since",
                        format!("'{v}' is not a moment: write it like 2026-11-01T00:00:00Z"),
                    )
                })?,
        ),
        None => None,
    };
    let after = match get("cursor") {
        Some(v) => {
            Some(read_cursor(&v).ok_or_else(|| ApiError::field("cursor", "This is not a cursor this API gave"))?)
        }
        None => None,
    };
    let limit = match get("limit") {
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=LIMIT_MAX).contains(n))
            .ok_or_else(|| ApiError::field("limit", format!("'{v}' is not a number from 1 to {LIMIT_MAX}")))?,
        None => LIMIT_DEFAULT,
    };
    let now = asbcase_domain::time::now();
    // One more than asked for says whether there is a next page.
    let mut found =
        state.store().cases_changed(caller.tenant, caller.organisation, since, after, limit + 1, now).await?;
    let more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next_cursor = if more { found.last().map(|(c, at)| cursor(*at, c.id)) } else { None };
    if !found.is_empty() {
        caller.record(&state, AccessKind::ApiList, None, &format!("{} cases", found.len())).await?;
    }
    let items = found
        .into_iter()
        .map(|(c, changed_at)| CaseItem {
            reference: c.reference.to_string(),
            status: c.status.as_str().into(),
            risk_band: c.risk_band.as_str().into(),
            main_category: c.primary_category,
            address: c.address,
            postcode: c.postcode,
            officer: c.officer,
            channel: c.channel.as_str().into(),
            hate_incident: c.hate_incident,
            reported_at: fixed(c.reported_at),
            next_contact_due: c
                .next_contact_due
                .filter(|_| c.status != asbcase_domain::case::Status::Closed)
                .map(fixed),
            contact_overdue: c.overdue,
            changed_at: fixed(changed_at),
        })
        .collect();
    Ok(Json(CaseList { items, next_cursor }))
}

/// One case: the organisation's own, or one shared with it.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}",
    params(("reference" = String, Path, description = "The case's reference, like ASB-2026-000123")),
    responses(
        (status = 200, description = "The case", body = CaseDetail),
        (status = 400, description = "A parameter was given (this request takes none)", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case the organisation may see", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<CaseDetail>, ApiError> {
    let Path(reference) = reference.map_err(|_| ApiError::not_found())?;
    caller.needs(TokenScope::Read)?;
    known_params(query.as_deref(), &[])?;
    let reference = CaseReference::parse(&reference).map_err(|_| ApiError::not_found())?;
    let store = state.store();
    let case = store.case_by_reference(caller.tenant, &reference).await?.ok_or_else(ApiError::not_found)?;
    let seen = if case.organisation == caller.organisation {
        Seen::Owner
    } else {
        Seen::Shared(case.casework.share_with(caller.organisation).cloned().ok_or_else(ApiError::not_found)?)
    };
    let held = seen == Seen::Owner;
    let people = if held { store.people(caller.tenant, case.id).await? } else { vec![] };
    caller.record(&state, AccessKind::ApiRead, Some(case.id), case.reference.as_str()).await?;
    Ok(Json(detail(&case, held, &people)))
}

/// A case as the API gives it; `people` are its parties' records (none for a shared view).
pub(super) fn detail(
    case: &asbcase_domain::case::Case,
    held: bool,
    people: &[asbcase_domain::party::Person],
) -> CaseDetail {
    let parties = case
        .parties
        .iter()
        .map(|p| PartyItem {
            role: p.role.as_str().into(),
            name: p.person.and_then(|id| people.iter().find(|x| x.id == id)).map(|x| x.name.clone()),
            description: p.description.clone(),
        })
        .collect();
    let when = |t: Option<Timestamp>| t.map(fixed);
    CaseDetail {
        reference: case.reference.to_string(),
        held,
        status: case.status.as_str().into(),
        channel: case.channel.as_str().into(),
        description: case.description.clone(),
        categories: case.categories.clone(),
        risk_band: case.risk_band.as_str().into(),
        address: case.location.address.clone(),
        postcode: case.location.postcode.as_ref().map(|p| p.as_str().to_string()),
        ward: case.location.ward.clone(),
        hate_strands: case.flags.hate_strands.iter().map(|h| h.as_str().to_string()).collect(),
        reported_at: fixed(case.reported_at),
        opened_at: when(case.opened_at),
        closed_at: when(case.closed_at),
        outcome: case.outcome.map(|o| o.as_str().to_string()),
        officer: case.assigned_officer,
        next_contact_due: when(case.next_contact_due),
        updated_at: fixed(case.updated_at),
        parties,
    }
}
