//! `/settings/service-standards`: how soon each organisation first contacts a complainant for
//! each level of risk, and how often after that. A change applies to the next report at once;
//! cases already open keep the dates they were given. Nonsense (a more urgent band given longer
//! than a less urgent one, a week of hours) is refused with the reason.
use super::Change;
use super::may_set;
use crate::auth::Staff;
use crate::cases::form::error;
use crate::csrf::{CsrfToken, VerifiedForm};
use crate::page::{Layout, render};
use crate::report::{Errors, Fields};
use crate::{AppError, AppState};
use asbcase_domain::risk::RiskBand;
use asbcase_domain::standards::{Deadline, ServiceStandards};
use asbcase_domain::time::now;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

const PATH: &str = "/settings/service-standards";

/// One band's row of the form.
struct Band {
    key: &'static str,
    label: &'static str,
    value: String,
    /// "hours" or "working_days".
    unit: String,
}

#[derive(Template)]
#[template(path = "settings/standards.html")]
struct StandardsPage {
    layout: Layout,
    csrf: String,
    errors: Errors,
    organisation: String,
    bands: Vec<Band>,
    ongoing: String,
    changes: Vec<Change>,
    saved: bool,
}

fn unit(d: Deadline) -> (String, String) {
    match d {
        Deadline::Hours(h) => (h.to_string(), "hours".into()),
        Deadline::WorkingDays(n) => (n.to_string(), "working_days".into()),
    }
}

fn bands_of(s: &ServiceStandards) -> Vec<Band> {
    RiskBand::ALL
        .into_iter()
        .map(|b| {
            let (value, unit) = unit(s.first_contact(b));
            Band { key: b.as_str(), label: b.label(), value, unit }
        })
        .collect()
}

async fn page(
    state: &AppState,
    staff: &Staff,
    csrf: String,
    bands: Vec<Band>,
    ongoing: String,
    errors: Errors,
    saved: bool,
) -> Result<Response, AppError> {
    let changes = state
        .store()
        .service_standards_changes(staff.user.tenant, staff.user.organisation)
        .await?
        .into_iter()
        .map(Change::from)
        .collect();
    let mut p = StandardsPage {
        layout: staff.layout("Service standards", "/settings"),
        csrf,
        organisation: staff.organisation_name.clone(),
        bands,
        ongoing,
        changes,
        saved,
        errors,
    };
    p.layout.has_errors = p.errors.any();
    render(&p)
}

/// `GET /settings/service-standards` (with `?saved=1` after a change, to say so).
pub async fn form(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let s = state.store().service_standards(staff.user.tenant, staff.user.organisation).await?;
    let saved = query.as_deref() == Some("saved=1");
    page(&state, &staff, csrf, bands_of(&s), s.ongoing_contact_working_days.to_string(), Errors(vec![]), saved).await
}

/// A whole number of hours or working days as typed ("3", " 24 "), or why not.
fn whole(typed: &str, what: &str) -> Result<u32, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(format!("Enter {what}"));
    }
    typed.parse::<u32>().map_err(|_| format!("Enter {what} as a whole number, like 5"))
}

/// `POST /settings/service-standards`.
pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    CsrfToken(csrf): CsrfToken,
    VerifiedForm(raw): VerifiedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    may_set(&staff)?;
    let f = Fields(raw);
    let mut errors = vec![];
    let mut s = ServiceStandards::default();
    let mut bands = vec![];
    for band in RiskBand::ALL {
        let key = band.as_str();
        let value = f.get(&format!("{key}_value")).to_string();
        let unit = f.get(&format!("{key}_unit")).to_string();
        let what = format!("how soon {} risk reports are first contacted", band.label().to_lowercase());
        match (whole(&value, &what), unit.as_str()) {
            (Err(message), _) => errors.push(error(&format!("{key}_value"), message)),
            (Ok(n), "hours") => s.set_first_contact(band, Deadline::Hours(n)),
            (Ok(n), "working_days") => s.set_first_contact(band, Deadline::WorkingDays(n)),
            (Ok(_), _) => errors.push(error(
                &format!("{key}_value"),
                format!("Choose hours or working days for {} risk", band.label().to_lowercase()),
            )),
        }
        bands.push(Band { key, label: band.label(), value, unit });
    }
    let ongoing = f.get("ongoing").to_string();
    match whole(&ongoing, "how many working days may pass between contacts") {
        Ok(n) => s.ongoing_contact_working_days = n,
        Err(message) => errors.push(error("ongoing", message)),
    }
    if errors.is_empty() {
        for p in s.problems() {
            let field = if p.setting == "ongoing" { "ongoing".to_string() } else { format!("{}_value", p.setting) };
            let mut message = p.message;
            if let Some(first) = message.get(..1) {
                message = first.to_uppercase() + &message[1..];
            }
            errors.push(error(&field, message));
        }
    }
    if !errors.is_empty() {
        return page(&state, &staff, csrf, bands, ongoing, Errors(errors), false).await;
    }
    let by = staff.changed_by();
    state.store().set_service_standards(staff.user.tenant, staff.user.organisation, &s, &by, now()).await?;
    tracing::info!(user = %staff.user.id, "service standards changed");
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
