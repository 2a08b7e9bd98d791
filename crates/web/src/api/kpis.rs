//! `/api/v1/kpis`: the organisation's performance figures for a period, each with its measure,
//! the period before, its target and its written definition (as `asbcase kpi` gives them).
use super::{ApiError, Caller, known_params};
use crate::AppState;
use asbcase_domain::api::TokenScope;
use asbcase_domain::kpi::Period;
use asbcase_domain::time::{london, now};
use asbcase_reports::{Ask, Filter};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use utoipa::ToSchema;

/// The figures for a period (the shape `asbcase kpi --format json` prints).
#[derive(ToSchema)]
#[allow(dead_code)] // Describes the answer for the OpenAPI document; the answer is built as JSON.
pub struct KpiReport {
    /// The organisation's name.
    scope: String,
    partnership: String,
    /// `code` (like 2025-Q3), `first` and `last` day.
    #[schema(value_type = Object)]
    period: (),
    /// When the figures were worked out.
    produced: String,
    /// One entry per KPI (and part of one): `kpi`, `name`, `part`, `label`, `unit`, `value`,
    /// `measure` (numerator, denominator), `previous`, `target`, `status` and `definition`.
    #[schema(value_type = Vec<Object>)]
    figures: (),
}

/// The organisation's figures for a period.
#[utoipa::path(
    get,
    path = "/api/v1/kpis",
    params(
        ("period" = Option<String>, Query, description = "A quarter (2025-Q3), half year (2025-H1) or reporting year (2025-26); the last complete quarter when neither period nor from and to is given"),
        ("from" = Option<String>, Query, description = "The first day of a custom period (2025-04-01), with to"),
        ("to" = Option<String>, Query, description = "The last day of a custom period, with from"),
    ),
    responses(
        (status = 200, description = "The figures", body = KpiReport),
        (status = 400, description = "The period is wrong", body = super::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or not a live one", body = super::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests with this token", body = super::Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn figures(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.needs(TokenScope::Read)?;
    let params = known_params(query.as_deref(), &["period", "from", "to"])?;
    let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.trim().to_string());
    let store = state.store();
    let (year_start, _) = store.reporting_settings(caller.tenant).await?;
    let day = |field: &str, v: &str| {
        v.parse().map_err(|_| ApiError::field(field, format!("'{v}' is not a date: write it like 2025-04-01")))
    };
    let period = match (get("period"), get("from"), get("to")) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(ApiError::field("period", "Give period, or from and to, not both"));
        }
        (Some(p), None, None) => Period::parse(&p, year_start).map_err(|e| ApiError::field("period", e))?,
        (None, Some(f), Some(t)) => {
            Period::custom(day("from", &f)?, day("to", &t)?, year_start).map_err(|e| ApiError::field("from", e))?
        }
        (None, Some(_), None) => return Err(ApiError::field("to", "from needs to")),
        (None, None, Some(_)) => return Err(ApiError::field("from", "to needs from")),
        (None, None, None) => Period::quarter_of(now().to_zoned(london()).date(), year_start).previous(),
    };
    let ask = Ask {
        tenant: caller.tenant,
        organisation: Some(caller.organisation),
        period,
        filter: Filter::default(),
        as_of: now(),
    };
    let p = asbcase_reports::performance(store, &ask)
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    Ok(Json(p.json()))
}
