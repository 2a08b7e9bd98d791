//! `GET requests`, `GET requests/{id}` and `GET tokens/{token}`.
//!
//! Privacy: a request's description, place, media and status notes go only to the key that
//! sent it. Anyone else sees that a request exists, its category, status, agency and times.
use super::{Answer, Caller, Doc, Format, Node, Open311Error, Params, Value, date_param, field, format_of};
use crate::AppState;
use asbcase_domain::open311::request_status;
use asbcase_domain::time::w3c;
use asbcase_store::{Open311Query, Open311Request};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};

/// Most requests one answer lists, and the window searched when no dates are given.
const MAX_RESULTS: i64 = 1000;
const DEFAULT_DAYS: i64 = 90;

fn request(r: &Open311Request, service_name: &str, owner: bool) -> Vec<Node> {
    let private = |v: Value| if owner { v } else { Value::Null };
    let notes = match r.status {
        asbcase_domain::case::Status::Closed => "The case is closed.",
        asbcase_domain::case::Status::Open => "An officer is dealing with this case.",
        _ => "The report is being assessed.",
    };
    vec![
        field("service_request_id", r.reference.to_string()),
        field("status", request_status(r.status)),
        Node::Field("status_notes", private(notes.into())),
        field("service_name", service_name),
        field("service_code", r.service_code.as_str()),
        Node::Field("description", private(r.description.as_str().into())),
        field("agency_responsible", r.agency.as_str()),
        field("service_notice", None::<String>),
        field("requested_datetime", w3c(r.requested_at)),
        field("updated_datetime", w3c(r.updated_at)),
        field("expected_datetime", None::<String>),
        Node::Field("address", private(r.address.as_str().into())),
        field("address_id", None::<String>),
        Node::Field("zipcode", private(r.postcode.clone().into())),
        Node::Field("lat", private(r.latitude.into())),
        Node::Field("long", private(r.longitude.into())),
        Node::Field("media_url", private(r.media_url.clone().into())),
    ]
}

async fn answer(state: &AppState, caller: &Caller, rows: &[Open311Request], format: Format) -> Answer {
    let catalogue = state.store().categories(caller.tenant.id).await.map_err(|e| Open311Error::internal(format, e))?;
    let items = rows
        .iter()
        .map(|r| {
            let name = catalogue.iter().find(|c| c.code == r.service_code).map_or(r.service_code.as_str(), |c| &c.name);
            request(r, name, caller.key.as_ref().is_some_and(|k| k.id == r.key))
        })
        .collect();
    Ok(Doc::List("service_requests", "request", items).respond(StatusCode::OK, format))
}

pub async fn list(state: &AppState, p: &Params, format: Format) -> Answer {
    let caller = Caller::of(state, p, format).await?;
    let ids = p.list("service_request_id");
    let mut start = date_param(p, "start_date", format)?;
    let end = date_param(p, "end_date", format)?;
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(Open311Error::bad(format, "start_date must be before end_date"));
    }
    if ids.is_empty() && start.is_none() {
        let from = end.unwrap_or_else(Timestamp::now);
        start = from.checked_sub(SignedDuration::from_hours(24 * DEFAULT_DAYS)).ok();
    }
    let statuses = p.list("status");
    if let Some(bad) = statuses.iter().find(|s| *s != "open" && *s != "closed") {
        return Err(Open311Error::bad(format, format!("status '{bad}' must be open or closed")));
    }
    if ids.len() > 100 {
        return Err(Open311Error::bad(format, "Ask for at most 100 service_request_id values at once"));
    }
    let service_codes = p.list("service_code");
    if service_codes.len() > 50 {
        return Err(Open311Error::bad(format, "Ask for at most 50 service_code values at once"));
    }
    let query = Open311Query {
        ids,
        service_codes,
        start,
        end,
        // Both statuses is the same as neither.
        status: if statuses.len() == 1 { statuses.into_iter().next() } else { None },
        limit: MAX_RESULTS,
    };
    let rows = state
        .store()
        .open311_requests(caller.tenant.id, &query)
        .await
        .map_err(|e| Open311Error::internal(format, e))?;
    answer(state, &caller, &rows, format).await
}

async fn params(file: &str, q: Option<String>) -> Result<(String, Format, Params), Open311Error> {
    let (name, format) = format_of(file)?;
    let p = Params::parse(q.as_deref().unwrap_or(""), format)?;
    Ok((name.to_string(), format, p))
}

pub async fn one(State(state): State<AppState>, Path(file): Path<String>, RawQuery(q): RawQuery) -> Response {
    let answer: Answer = async {
        let (id, format, p) = params(&file, q).await?;
        let caller = Caller::of(&state, &p, format).await?;
        let query = Open311Query { ids: vec![id.clone()], limit: 1, ..Open311Query::default() };
        let rows = state
            .store()
            .open311_requests(caller.tenant.id, &query)
            .await
            .map_err(|e| Open311Error::internal(format, e))?;
        if rows.is_empty() {
            return Err(Open311Error::new(
                StatusCode::NOT_FOUND,
                format,
                format!("service_request_id '{id}' was not found"),
            ));
        }
        answer(&state, &caller, &rows, format).await
    }
    .await;
    answer.unwrap_or_else(|e| e.respond())
}

pub async fn token(State(state): State<AppState>, Path(file): Path<String>, RawQuery(q): RawQuery) -> Response {
    let answer: Answer = async {
        let (token, format, p) = params(&file, q).await?;
        let caller = Caller::of(&state, &p, format).await?;
        let found = state
            .store()
            .open311_by_token(caller.tenant.id, &token)
            .await
            .map_err(|e| Open311Error::internal(format, e))?
            .ok_or_else(|| {
                Open311Error::new(StatusCode::NOT_FOUND, format, format!("token '{token}' was not found"))
            })?;
        Ok(Doc::List(
            "service_requests",
            "request",
            vec![vec![field("service_request_id", found.reference.to_string()), field("token", token)]],
        )
        .respond(StatusCode::OK, format))
    }
    .await;
    answer.unwrap_or_else(|e| e.respond())
}
