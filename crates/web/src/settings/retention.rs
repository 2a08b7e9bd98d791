//! `/settings/retention`: how long the partnership keeps closed cases, copies of messages to
//! residents and reports never sent. Set by the administrators of the organisation that takes
//! the public's reports. Shortening a period removes records for good at the next daily run, so
//! a change is first checked: the page says what would be removed, and only then is it saved.
use super::Change;
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::privacy::Retention;
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/retention";

fn sets_retention(staff: &Staff) -> Result<(), AppError> {
    if staff.publishes { Ok(()) } else { Err(AppError::Forbidden) }
}

/// What a set of periods would remove at the next run.
struct Due {
    cases: usize,
    reviews: usize,
    messages: u64,
    drafts: u64,
}

#[derive(Template)]
#[template(path = "settings/retention.html")]
struct RetentionPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    years: String,
    months: String,
    days: String,
    /// What the periods shown would remove now; `checking` when they are not yet saved.
    due: Option<Due>,
    checking: bool,
    changes: Vec<Change>,
    saved: bool,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    typed: (String, String, String),
    (due, checking): (Option<Due>, bool),
    errors: Errors,
    saved: bool,
) -> Result<Response, AppError> {
    let changes = state
        .store()
        .retention_changes(staff.user.tenant, staff.user.organisation)
        .await?
        .into_iter()
        .map(Change::from)
        .collect();
    let (years, months, days) = typed;
    let mut p = RetentionPage {
        layout: staff.layout("Retention", "/settings"),
        csrf,
        years,
        months,
        days,
        due,
        checking,
        changes,
        saved,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

async fn due(state: &AppState, staff: &Staff, r: Retention) -> Result<Due, AppError> {
    let run = state.store().retention_due(staff.user.tenant, r, now()).await?;
    Ok(Due { cases: run.cases.len(), reviews: run.reviews.len(), messages: run.messages, drafts: run.drafts })
}

fn shown(r: &Retention) -> (String, String, String) {
    (r.closed_cases_years.to_string(), r.messages_months.to_string(), r.drafts_days.to_string())
}

/// `GET /settings/retention` (with `?saved=1` after a change).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    sets_retention(&staff)?;
    let r = state.store().retention(staff.user.tenant).await?;
    let now_due = due(&state, &staff, r).await?;
    let saved = query.as_deref() == Some("saved=1");
    page(&state, &staff, csrf, shown(&r), (Some(now_due), false), Errors(vec![]), saved).await
}

/// `POST /settings/retention`: "check" says what the periods would remove; "save" keeps them.
pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    sets_retention(&staff)?;
    let f = Fields(raw);
    let typed =
        (f.get("years").trim().to_string(), f.get("months").trim().to_string(), f.get("days").trim().to_string());
    let mut errors = vec![];
    let mut number = |field: &str, text: &str, what: &str| match text.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) if text.is_empty() => {
            errors.push(error(field, format!("Enter how long {what} are kept")));
            None
        }
        Err(_) => {
            errors.push(error(field, format!("Enter how long {what} are kept as a whole number")));
            None
        }
    };
    let years = number("years", &typed.0, "closed cases");
    let months = number("months", &typed.1, "copies of messages");
    let days = number("days", &typed.2, "reports in progress");
    let (Some(closed_cases_years), Some(messages_months), Some(drafts_days)) = (years, months, days) else {
        return page(&state, &staff, csrf, typed, (None, false), Errors(errors), false).await;
    };
    let r = Retention { closed_cases_years, messages_months, drafts_days };
    if let Err(message) = r.check() {
        let field = if message.starts_with("closed") {
            "years"
        } else if message.starts_with("message") {
            "months"
        } else {
            "days"
        };
        let mut message = message;
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        return page(&state, &staff, csrf, typed, (None, false), Errors(vec![error(field, message)]), false).await;
    }
    if f.get("action") != "save" {
        let would = due(&state, &staff, r).await?;
        return page(&state, &staff, csrf, typed, (Some(would), true), Errors(vec![]), false).await;
    }
    let by = staff.changed_by();
    state.store().change_retention(staff.user.tenant, staff.user.organisation, r, &by, now()).await?;
    tracing::info!(user = %staff.user.id, ?r, "retention changed");
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
