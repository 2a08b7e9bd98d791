//! `/cases/export.csv`: the case list as filtered, every page of it, for a spreadsheet. Only
//! the user's organisation's cases, as on the page; each download is in the access log.
use super::list::{ListQuery, chosen, officers_of};
use crate::auth::Staff;
use crate::{AppError, AppState};
use asbcase_domain::audit::AccessKind;
use asbcase_domain::case::Status;
use asbcase_domain::time::{fixed, london};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

/// The most cases one download holds; a bigger list is narrowed with the filters first.
pub const EXPORT_MAX: usize = 50_000;
const PAGE: u32 = 1_000;

pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    if !staff.sees_cases() {
        return Err(AppError::Forbidden);
    }
    let store = state.store();
    let tenant = staff.user.tenant;
    let officers = officers_of(&state, &staff).await?;
    let mut filter = chosen(&staff, &q, &officers)?.filter;
    filter.per_page = PAGE;
    let now = Timestamp::now();
    let mut rows = vec![];
    for page in 1.. {
        filter.page = page;
        let found = store.list_cases(tenant, &filter, now).await?;
        if found.total as usize > EXPORT_MAX {
            return Err(AppError::BadRequest(format!(
                "This list has {} cases, more than the {EXPORT_MAX} one download may hold: narrow it with the filters first.",
                found.total
            )));
        }
        let done = found.rows.len() < PAGE as usize;
        rows.extend(found.rows);
        if done || rows.len() as i64 >= found.total {
            break;
        }
    }
    let catalogue = store.categories(tenant).await?;
    let day = |t: Timestamp| t.to_zoned(london()).strftime("%Y-%m-%d %H:%M").to_string();
    let mut w = csv::Writer::from_writer(vec![]);
    let header = [
        "reference",
        "reported",
        "status",
        "risk",
        "main_category",
        "address",
        "postcode",
        "officer",
        "next_contact_due",
        "contact_overdue",
        "hate_incident",
        "channel",
    ];
    let bad = |e: csv::Error| AppError::BadRequest(e.to_string());
    w.write_record(header).map_err(bad)?;
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    for c in &rows {
        w.write_record([
            c.reference.to_string(),
            day(c.reported_at),
            c.status.label().to_string(),
            c.risk_band.label().to_string(),
            cell(&crate::view::category_name(&c.primary_category, &catalogue)),
            cell(&c.address),
            c.postcode.clone().unwrap_or_default(),
            cell(&c.officer_name.clone().unwrap_or_default()),
            match (c.status, c.next_contact_due) {
                (Status::Closed, _) | (_, None) => String::new(),
                (_, Some(d)) => day(d),
            },
            yes_no(c.overdue),
            yes_no(c.hate_incident),
            c.channel.label().to_string(),
        ])
        .map_err(bad)?;
    }
    let body = w.into_inner().map_err(|e| AppError::BadRequest(e.to_string()))?;
    store
        .record_access(tenant, staff.user.id, AccessKind::ExportCases, None, &format!("{} cases", rows.len()), now)
        .await?;
    let name = format!("attachment; filename=\"cases-{}.csv\"", &fixed(now)[..10]);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], body)
        .into_response())
}

/// A cell a spreadsheet will not take for a formula (addresses and names are typed by people).
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}
