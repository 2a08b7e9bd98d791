//! FixMyStreet's `servicerequestupdates`: GET tells a partner how its requests have moved on
//! (with FixMyStreet's richer statuses and words safe to show the public); POST carries a
//! resident's further comment on one of its requests onto the case as a further report.
use super::{Answer, Caller, Doc, Format, Open311Error, Params, date_param, field};
use crate::AppState;
use asbcase_domain::case::{Channel, RuleBook, Status};
use asbcase_domain::event::Change;
use asbcase_domain::open311::{UPDATE_KINDS, update_for};
use asbcase_domain::report::check_description;
use asbcase_domain::time::w3c;
use asbcase_store::Open311Query;
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};

const MAX_RESULTS: i64 = 1000;
const DEFAULT_DAYS: i64 = 7;

pub async fn list(state: &AppState, p: &Params, format: Format) -> Answer {
    let caller = Caller::of(state, p, format).await?;
    let key = caller.require_key(format)?;
    let end = date_param(p, "end_date", format)?.unwrap_or_else(Timestamp::now);
    let start = match date_param(p, "start_date", format)? {
        Some(s) => s,
        None => end.checked_sub(SignedDuration::from_hours(24 * DEFAULT_DAYS)).unwrap_or(end),
    };
    if start > end {
        return Err(Open311Error::bad(format, "start_date must be before end_date"));
    }
    let rows = state
        .store()
        .open311_updates(caller.tenant.id, key.id, &UPDATE_KINDS, start, end, MAX_RESULTS)
        .await
        .map_err(|e| Open311Error::internal(format, e))?;
    let items = rows
        .iter()
        .filter_map(|u| {
            let change = Change::join(&u.kind, u.payload.clone()).ok()?;
            let (status, words) = update_for(&change)?;
            Some(vec![
                field("update_id", format!("{}-{}", u.reference, u.seq)),
                field("service_request_id", u.reference.to_string()),
                field("status", status.as_str()),
                field("updated_datetime", w3c(u.occurred_at)),
                field("description", words),
                field("media_url", None::<String>),
            ])
        })
        .collect();
    Ok(Doc::List("service_request_updates", "request_update", items).respond(StatusCode::OK, format))
}

pub async fn create(state: &AppState, p: &Params, format: Format) -> Answer {
    let caller = Caller::of(state, p, format).await?;
    let key = caller.require_key(format)?;
    let store = state.store();
    let internal = |e: asbcase_store::StoreError| Open311Error::internal(format, e);
    let Some(id) = p.get("service_request_id") else {
        return Err(Open311Error::bad(format, "service_request_id was not provided"));
    };
    let mut errors = vec![];
    let description = check_description(p.get("description").unwrap_or_default(), &mut errors);
    if let Some(e) = errors.first() {
        return Err(Open311Error::bad(format, format!("description: {}", e.message)));
    }
    let query = Open311Query { ids: vec![id.to_string()], limit: 1, ..Open311Query::default() };
    let owned = store.open311_requests(caller.tenant.id, &query).await.map_err(internal)?;
    let not_found =
        || Open311Error::new(StatusCode::NOT_FOUND, format, format!("service_request_id '{id}' was not found"));
    // Another partner's request is as good as absent.
    let Some(request) = owned.into_iter().find(|r| r.key == key.id) else {
        return Err(not_found());
    };
    let mut case =
        store.case_by_reference(caller.tenant.id, &request.reference).await.map_err(internal)?.ok_or_else(not_found)?;
    // A retried POST of the same update is answered as before, not added twice.
    let update_id = p.get("update_id");
    if update_id.is_some_and(|u| u.chars().count() > 100) {
        return Err(Open311Error::bad(format, "update_id must be 100 characters or fewer"));
    }
    if let Some(u) = update_id
        && let Some(seq) = store.open311_update_received(caller.tenant.id, key.id, u).await.map_err(internal)?
    {
        return Ok(received(&request.reference.to_string(), seq, format));
    }
    if case.status == Status::Closed {
        return Err(Open311Error::bad(format, "The case is closed: send a new request instead"));
    }
    let now = asbcase_domain::time::now();
    let standards = store.service_standards(caller.tenant.id, case.organisation).await.map_err(internal)?;
    let book = RuleBook::new(caller.tenant.division, standards);
    let change = Change::FurtherReport {
        channel: Channel::Open311,
        description,
        reported_at: now,
        assessment: None,
        from: None,
    };
    case.record(change, None, now, &book.rules()).map_err(|e| Open311Error::bad(format, e.to_string()))?;
    let seq = case.version;
    match store.save_case_with_open311_update(&mut case, key.id, update_id).await {
        Ok(()) => Ok(received(&request.reference.to_string(), seq, format)),
        Err(asbcase_store::StoreError::Conflict | asbcase_store::StoreError::Duplicate(_)) => Err(Open311Error::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format,
            "The case was changed at the same moment: send the update again",
        )),
        Err(e) => Err(internal(e)),
    }
}

fn received(reference: &str, seq: i64, format: Format) -> axum::response::Response {
    Doc::List("service_request_updates", "request_update", vec![vec![field("update_id", format!("{reference}-{seq}"))]])
        .respond(StatusCode::OK, format)
}
