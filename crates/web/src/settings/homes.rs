//! `/settings/homes`: the homes an organisation owned at the end of each reporting year, which
//! the regulator's measure NM01 divides by (ASB cases per 1,000 homes). Entered by a team
//! manager or administrator; each entry is kept with who made it.
use super::Change;
use super::may_set;
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/homes";

struct Year {
    year: String,
    homes: String,
}

#[derive(Template)]
#[template(path = "settings/homes.html")]
struct HomesPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    organisation: String,
    years: Vec<Year>,
    year: String,
    homes: String,
    changes: Vec<Change>,
    saved: bool,
}

/// "2025/26" for the reporting year starting in 2025.
fn year_label(year: i64) -> String {
    format!("{year}/{:02}", (year + 1) % 100)
}

/// The reporting year in progress today (from 1 April).
fn this_year() -> i64 {
    let today = crate::cases::form::today();
    i64::from(if today.month() >= 4 { today.year() } else { today.year() - 1 })
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    (year, homes): (String, String),
    errors: Errors,
    saved: bool,
) -> Result<Response, AppError> {
    let store = state.store();
    let (tenant, org) = (staff.user.tenant, staff.user.organisation);
    let years = store
        .homes_owned(tenant, org)
        .await?
        .into_iter()
        .rev()
        .map(|(y, h)| Year { year: year_label(y), homes: h.to_string() })
        .collect();
    let changes = store.homes_owned_changes(tenant, org).await?.into_iter().map(Change::from).collect();
    let mut p = HomesPage {
        layout: staff.layout("Homes owned", "/settings"),
        csrf,
        organisation: staff.organisation_name.clone(),
        years,
        year,
        homes,
        changes,
        saved,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /settings/homes` (with `?saved=1` after an entry).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let saved = query.as_deref() == Some("saved=1");
    page(&state, &staff, csrf, (this_year().to_string(), String::new()), Errors(vec![]), saved).await
}

/// `POST /settings/homes`.
pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let f = Fields(raw);
    let (typed_year, typed_homes) = (f.get("year").trim().to_string(), f.get("homes").trim().replace(',', ""));
    let latest = this_year();
    let mut errors = vec![];
    let year = match typed_year.split('/').next().unwrap_or_default().parse::<i64>() {
        _ if typed_year.is_empty() => {
            errors.push(error("year", "Enter the reporting year, like 2025 for 2025/26"));
            None
        }
        Ok(y) if (1990..=latest).contains(&y) => Some(y),
        Ok(_) => {
            errors.push(error("year", format!("Enter a reporting year from 1990 to {latest} (this one)")));
            None
        }
        Err(_) => {
            errors.push(error("year", "Enter the reporting year as the year it starts, like 2025 for 2025/26"));
            None
        }
    };
    let homes = match typed_homes.parse::<i64>() {
        _ if typed_homes.is_empty() => {
            errors.push(error("homes", "Enter how many homes it owned at the end of that year"));
            None
        }
        Ok(h) if (0..=10_000_000).contains(&h) => Some(h),
        _ => {
            errors.push(error("homes", "Enter the homes as a whole number from 0 to 10,000,000"));
            None
        }
    };
    let (Some(year), Some(homes)) = (year, homes) else {
        return page(&state, &staff, csrf, (typed_year, f.get("homes").to_string()), Errors(errors), false).await;
    };
    let by = staff.changed_by();
    state.store().enter_homes_owned(staff.user.tenant, staff.user.organisation, year, homes, &by, now()).await?;
    tracing::info!(user = %staff.user.id, year, homes, "homes owned entered");
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
