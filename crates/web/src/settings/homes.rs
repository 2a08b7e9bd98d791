//! `/settings/homes`: the homes an organisation owned at the end of each reporting year, which
//! the regulator's measure NM01 divides by (ASB cases per 1,000 homes). Entered by a team
//! manager or administrator; each entry is kept with who made it.
use super::Change;
use super::may_set;
use crate::auth::Staff;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::organisation_edit::{check_homes, year_label};
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/homes";

/// A reporting year entered, as the homes pages list it.
pub(super) struct Year {
    pub(super) year: String,
    pub(super) homes: String,
}

/// The years entered for an organisation, newest first.
pub(super) async fn years_entered(
    store: &asbcase_store::Store,
    tenant: asbcase_domain::TenantId,
    org: asbcase_domain::OrganisationId,
) -> Result<Vec<Year>, AppError> {
    let years = store.homes_owned(tenant, org).await?.into_iter().rev();
    Ok(years.map(|(y, h)| Year { year: year_label(y), homes: h.to_string() }).collect())
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

/// The reporting year in progress today (from 1 April).
pub(super) fn this_year() -> i64 {
    asbcase_domain::organisation_edit::reporting_year_of(crate::cases::form::today())
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
    let years = years_entered(store, tenant, org).await?;
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
    let (year, homes) = match check_homes(f.get("year"), f.get("homes"), this_year()) {
        Ok(entry) => entry,
        Err(errors) => {
            let typed = (f.get("year").to_string(), f.get("homes").to_string());
            return page(&state, &staff, csrf, typed, Errors(errors), false).await;
        }
    };
    let by = staff.changed_by();
    state.store().enter_homes_owned(staff.user.tenant, staff.user.organisation, year, homes, &by, now()).await?;
    tracing::info!(user = %staff.user.id, year, homes, "homes owned entered");
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
